"""Reads, already scoped through ``cchc.accounts.scope``.

A user sees a dossier when its resolving agency, its receiving desk or the agency holding it
now is within their scope (a desk officer of the Centre follows what the Centre received for a
department; the department sees its own)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.db.models import BooleanField, Case, F, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Upper
from django.db.models.lookups import Exact, GreaterThan
from django.utils import timezone

from cchc.accounts import scope
from cchc.accounts.models import Role
from cchc.calendars.selectors import get_work_calendar
from cchc.core import keyset, privacy
from cchc.core.errors import DomainError, NotFound
from cchc.core.text import fold
from cchc.organizations.models import Agency

from . import lookup_cache, rights
from .models import (
    FINISHED_STATUSES,
    OPEN_STATUSES,
    QUEUE_STATUSES,
    Dossier,
    OpenUntil,
    Status,
    finished_late_q,
)

LIST_RELATED = ("procedure", "agency", "desk", "current_agency", "current_owner")


class _Scope(Func):
    """The dossiers of the agencies under ``path``: resolved, received or held there
    (``visible``). The agencies as a subquery (a few hundred ids), not three joins per
    dossier: at a million rows the joins cost more than the list. One expression, so that
    ``count`` finds it among a list's filters."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, path: str, *, using: str = "default") -> None:
        within: Any = Agency.objects.filter(path__startswith=path).values("pk")
        if connections[using].vendor == "postgresql":
            # The ids themselves: the planner then knows how many dossiers the scope holds
            # and combines its three indexes with another filter's (a commune's text search
            # read the 30,000 pages of a common term's matches to keep 2,900 of them).
            within = list(within.values_list("pk", flat=True))
        super().__init__(Q(agency__in=within) | Q(desk__in=within) | Q(current_agency__in=within))
        self.path = path

    def as_sql(self, compiler, connection, *args, **extra_context):  # type: ignore[override]
        return compiler.compile(self.source_expressions[0])


def visible(user) -> QuerySet[Dossier]:
    root = scope.scope_root(user)
    qs = Dossier.objects.all()
    if root is None:
        return qs
    return qs.filter(_Scope(root.path, using=qs.db))


def code_in(text: str) -> str:
    """The dossier code in what was typed or scanned into a search box: the code itself, or
    the public lookup address printed as the receipt's QR (``…/lookup/?code=…``)."""
    from urllib.parse import parse_qs, urlsplit

    text = (text or "").strip()
    if "://" in text or text.startswith("/"):
        found = parse_qs(urlsplit(text).query).get("code")
        return found[0].strip() if found else ""
    return text


def find_by_code(user, text: str) -> Dossier | None:
    """The visible dossier whose code was typed or scanned (any letter case), else None.
    ``UPPER(code)`` as the public lookup's index holds it: SQLite writes ``code__iexact`` as a
    ``LIKE`` no index answers, and every word typed in a list's search box (``nguyen``)
    walked all the dossiers first (0.5 s at a million)."""
    code = code_in(text)
    if not code or " " in code:
        return None
    return (
        visible(user)
        .alias(code_upper=Upper("code"))
        .filter(code_upper=code.upper())
        .order_by("pk")
        .first()
    )


def get_for_user(user, code: str) -> Dossier:
    d = Dossier.objects.select_related(*LIST_RELATED).filter(code=code).first()
    if d is None:
        raise NotFound(f"Không tìm thấy hồ sơ mã {code}.")
    if not rights.can_read(user, d):
        from cchc.core.errors import Forbidden

        raise Forbidden("Hồ sơ không thuộc phạm vi của bạn.")
    return d


def get_for_action(user, code: str, version: int | None) -> Dossier:
    """The dossier an action form was sent for. When the user may no longer see it because
    someone acted first (it moved to another agency) and the form carried the version the user
    had read, the answer is the race's 409, not a 403: they were allowed, they were late. The
    403/404 distinction already tells that the code exists, so nothing more is revealed."""
    from cchc.core.errors import Conflict, Forbidden

    try:
        return get_for_user(user, code)
    except Forbidden as exc:
        moved = (
            version is not None and Dossier.objects.filter(code=code, version__gt=version).exists()
        )
        if moved:
            raise Conflict(
                "Hồ sơ đã được người khác xử lý trước và không còn ở chỗ bạn; "
                "vui lòng tải lại danh sách.",
                code="stale",
            ) from exc
        raise


def applicant_for(user, d: Dossier, *, channel: str, record: bool = True) -> dict[str, Any]:
    """The applicant as this user may see them; an unmasked view is recorded (Decree 13)."""
    if rights.needs_personal_data(user, d):
        if record:
            privacy.record_access(user=user, obj=d, channel=channel)
        return {
            "kind": d.applicant_kind,
            "name": d.applicant_name,
            "id_number": d.applicant_id_number,
            "address": d.applicant_address,
            "phone": d.applicant_phone,
            "email": d.applicant_email,
            "masked": False,
        }
    return {
        "kind": d.applicant_kind,
        "name": d.applicant_name,
        "id_number": privacy.mask(d.applicant_id_number, keep=4),
        "address": "",
        "phone": privacy.mask(d.applicant_phone),
        "email": privacy.mask_email(d.applicant_email),
        "masked": True,
    }


def today() -> dt.date:
    return timezone.localdate()


def soon_limit(day: dt.date | None = None) -> dt.date:
    """Due on or before this date and not yet late = "sắp đến hạn" (within 1 working day)."""
    return get_work_calendar().add_workdays(day or today(), 1)


def apology_warning_window(day: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """Appointments whose apology (form 04) is due today or the next working day: the queue
    warns while an apology can still be on time (``rules.needs_apology_warning``)."""
    from .services import apology_lead_days

    cal = get_work_calendar()
    day = day or today()
    lead = apology_lead_days()
    return cal.add_workdays(day, lead), cal.add_workdays(day, lead + 1)


# The queue order: late first, then the soonest due (``urgency`` comes from with_urgency).
QUEUE_ORDER = ("urgency", "due_date", "received_at", "id")
# Every other list: the newest receipt first (the id breaks ties, so keyset pages are exact).
NEWEST_FIRST = ("-received_at", "-id")


def with_urgency(qs: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """Annotate ``urgency``: 0 late, 1 due within a working day, 2 later, 3 no appointment (or
    clock stopped). Sorting by it then by due date is the queue order. ``apology_warning``:
    no apology yet and its deadline is today or the next working day."""
    day = today()
    lo, hi = apology_warning_window(day)
    qs = qs.annotate(
        apology_warning=Case(
            When(
                Q(status__in=[Status.RECEIVED, Status.IN_PROGRESS])
                & Q(apologized_at__isnull=True)
                & Q(due_date__gte=lo)
                & Q(due_date__lte=hi),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
    return qs.annotate(
        urgency=Case(
            When(status=Status.SUPPLEMENT, then=Value(3)),
            When(due_date__isnull=True, then=Value(3)),
            When(status__in=FINISHED_STATUSES, then=Value(2)),
            When(due_date__lt=day, then=Value(0)),
            When(due_date__lte=soon_limit(day), then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    )


class _Rare(Func):
    """``condition``, which few dossiers meet, said so to SQLite's planner: it keeps no
    statistics of values and reckons ``status IN (five of eight values)`` at five eighths of
    the table, so it counted the queue by reading the whole table (550 ms at a million) where
    the status index gives the open dossiers, a few in a hundred once a province has years of
    finished ones. ``likelihood`` changes no result; other databases get the plain condition
    (PostgreSQL has the statistics)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, condition: Q, probability: float) -> None:
        super().__init__(condition)
        self.probability = probability

    def as_sql(self, compiler, connection, *args, **extra_context):  # type: ignore[override]
        return compiler.compile(self.source_expressions[0])

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"likelihood({sql}, {float(self.probability)})", params


def status_in(statuses) -> Q:
    """Dossiers in one of ``statuses``, the open ones of a queue or a list: rare among a
    million, said so to SQLite (``_Rare``)."""
    return Q(_Rare(Q(status__in=statuses), 0.05))


def my_queue(user) -> QuerySet[Dossier]:
    """What waits for the user: assigned to them, or unassigned at their agency (subtree);
    late first, then the soonest due."""
    qs = visible(user).filter(status_in(QUEUE_STATUSES))
    if user.agency_id:
        mine = Q(current_owner=user) | Q(
            current_owner__isnull=True, current_agency__path__startswith=user.agency.path
        )
        if user.role == Role.PROCESSING:
            qs = qs.exclude(status=Status.DESK_SUPPLEMENT)
        qs = qs.filter(mine)
    else:
        qs = qs.filter(current_owner=user)
    return with_urgency(qs).select_related(*LIST_RELATED).order_by(*QUEUE_ORDER)


def _resolved_floor(qs: QuerySet[Dossier]) -> QuerySet[Dossier] | None:
    """For a scope's whole list (``visible`` and no other filter), the dossiers the scope's
    agencies resolve: a subset of it that an index on the resolving agency counts without
    reading the table. None for any other list: its own filter has an index that counts it
    (a queue, a status, a search), and a floor would only be one more count."""
    where = qs.query.where
    if where.negated or len(where.children) != 1:
        return None
    (child,) = where.children
    if not (isinstance(child, Exact) and isinstance(child.lhs, _Scope) and child.rhs is True):
        return None
    ids = list(Agency.objects.filter(path__startswith=child.lhs.path).values_list("pk", flat=True))
    # Rare for SQLite's planner too: it then reads the agency index, not the table.
    return Dossier.objects.filter(_Rare(Q(agency_id__in=ids), 0.05))


def count(
    qs: QuerySet[Dossier], *, exact: bool = False, bound: int = keyset.COUNT_BOUND
) -> keyset.Count:
    """How many dossiers a list holds (``keyset.count``): past the bound once the dossiers its
    scope resolves are (``_resolved_floor``), without reading the rows received or held
    there too one by one."""
    floor = None if exact else _resolved_floor(qs)
    if _has(qs, _InText):
        # A text search is counted from its index in the index's order: sorted first, every
        # match would be read to count the first 10,000.
        qs = _matches_in_scope(qs.order_by())
    return keyset.count(qs, exact=exact, bound=bound, floor=floor)


def _matches_in_scope(qs: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """A scoped list searching a common term on SQLite, its count narrowed to the matches
    within the scope when the scope holds few dossiers next to the term's matches: the
    scope's ids from its three agency indexes (no row read), the term's matches among them
    from the text index, and only those rows read from the table. Otherwise each of a common
    term's matches is read to test its agencies (a commune searching ``nguyen``: 50,000 rows
    read to keep 2,900, 107 ms). The list's own conditions all stay (the scope, the ``LIKE``):
    the narrowing only chooses which rows are read. Any other list as it is."""
    if connections[qs.db].vendor != "sqlite":
        return qs
    where = qs.query.where
    if where.negated or where.connector != "AND":
        return qs
    at = {type(c.lhs): (i, c.lhs) for i, c in enumerate(where.children) if isinstance(c, Exact)}
    if _Scope not in at or _InText not in at:
        return qs
    scope, (i, text) = at[_Scope][1], at[_InText]
    if not text.many:
        return qs
    ids = list(Agency.objects.filter(path__startswith=scope.path).values_list("pk", flat=True))
    if not _few_next_to(ids, text.match, qs.db):
        return qs
    qs = qs.all()
    narrowed = _InText(text.match, True, within=ids).resolve_expression(qs.query)
    children: list[Any] = qs.query.where.children
    children[i] = Exact(narrowed, True)
    return qs


SCOPE_SAMPLE = 500  # the newest matches whose share in the scope tells the scope's size
SCOPE_FEW = 10  # reading a scope's index entry costs about a tenth of reading a match's row


def _scope_sql(ids: list[int]) -> tuple[str, list[int]]:
    """The dossiers of agencies ``ids`` (resolved, received or held there: ``_Scope``), each
    of the three conditions said rare to SQLite so that it reads the three indexes (a
    ``MULTI-INDEX OR``) and not the table."""
    marks = ", ".join(["%s"] * len(ids))
    arms = [
        f"likelihood({column} IN ({marks}), 0.01)"
        for column in ("agency_id", "desk_id", "current_agency_id")
    ]
    return " OR ".join(arms), ids * 3


def _few_next_to(ids: list[int], match: str, db: str) -> bool:
    """Whether the scope of agencies ``ids`` holds few dossiers next to the term's matches:
    its three index ranges (about three times its dossiers) shorter than ``SCOPE_FEW`` times
    the matches, an index entry costing about a tenth of a match's row read from the table.
    The scope's share of the dossiers is taken from the newest ``SCOPE_SAMPLE`` matches (rows
    read in one stretch of the table) and the matches are counted only as far as needed: a
    few milliseconds, where counting a scope's index ranges took 15 ms."""
    if not ids:
        return False
    scope, params = _scope_sql(ids)
    with connections[db].cursor() as cur:
        cur.execute(
            f"SELECT count(*), coalesce(sum({scope}), 0), "
            "(SELECT max(id) FROM dossiers_dossier) FROM dossiers_dossier WHERE id IN "
            f"(SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
            "ORDER BY rowid DESC LIMIT %s)",
            [*params, match, SCOPE_SAMPLE],
        )
        sampled, inside, last_id = cur.fetchone()
        if not sampled:
            return False
        need = 3 * inside * (last_id or 0) // (sampled * SCOPE_FEW) + 1
        if need <= FTS_MANY:  # the term has more matches than that already
            return True
        if need > SCOPE_FEW * FTS_MANY:  # a large scope (a department, the Centre)
            return False
        cur.execute(
            f"SELECT count(*) FROM (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} "
            "MATCH %s LIMIT %s)",
            (match, need),
        )
        return cur.fetchone()[0] >= need


def _has(qs: QuerySet[Dossier], kind: type) -> bool:
    """Whether one of the list's filters (top level) is a ``kind`` expression."""
    return any(
        isinstance(child, Exact) and isinstance(child.lhs, kind)
        for child in qs.query.where.children
    )


def agency_open(user) -> QuerySet[Dossier]:
    return (
        with_urgency(visible(user).filter(status_in(OPEN_STATUSES)))
        .select_related(*LIST_RELATED)
        .order_by(*QUEUE_ORDER)
    )


def agency_late(user) -> QuerySet[Dossier]:
    """Open dossiers overdue today (``overdue_q``, the one definition)."""
    return agency_open(user).filter(overdue_q(today()))


# -- one definition per figure (DOMAIN 7) ------------------------------------------------------
# Each figure of the statistics for a period [date_from, date_to] as a filter on dossiers: the
# list behind a figure counts exactly the figure (the rollups of the statistics app are tested
# against these filters on a generated province).


def counted_q() -> Q:
    """Dossiers the statistics count: received (not still waiting at the desk for a complete
    file) and not refused before receipt."""
    return ~Q(status=Status.DESK_SUPPLEMENT) & ~Q(status=Status.REFUSED, finished_date__isnull=True)


class _StillOpen(Func):
    """Not finished by the end of ``as_of``: ``finished_date IS NULL OR finished_date > as_of``,
    written for each database's planner. SQLite keeps no statistics of values: for a list
    newest first it walks the whole table's order hoping to meet 51 rows soon, so it gets the
    indexed ``OpenUntil`` > ``as_of`` marked as rare (``likelihood(…, 0.01)``) and reads the
    few open dossiers through their index. PostgreSQL plans the plain form from its statistics
    (the ``OpenUntil`` form made it misjudge the overdue list and walk the whole table)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, as_of: dt.date) -> None:
        super().__init__(
            GreaterThan(OpenUntil(), as_of),
            Q(finished_date__isnull=True) | Q(finished_date__gt=as_of),
        )

    def as_sql(self, compiler, connection, *args, **extra_context):  # type: ignore[override]
        return compiler.compile(self.source_expressions[1])

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"likelihood({sql}, 0.01)", params


def open_on_q(as_of: dt.date) -> Q:
    """Received by the end of ``as_of`` and not finished by then."""
    if as_of >= dt.date.max:  # OpenUntil is date.max for an open dossier: nothing is after
        still_open = Q(finished_date__isnull=True)
    else:
        still_open = Q(_StillOpen(as_of))
    return counted_q() & Q(received_date__lte=as_of) & still_open


def overdue_q(as_of: dt.date) -> Q:
    """``rules.is_overdue_on`` for the database: open at the end of ``as_of``, its clock
    running (not waiting for the citizen's supplement) and its appointment passed."""
    return open_on_q(as_of) & ~Q(status=Status.SUPPLEMENT) & Q(due_date__lt=as_of)


FIGURES: tuple[str, ...] = (
    "received",
    "carried",
    "new",
    "new_online",
    "resolved",
    "early",
    "on_time",
    "early_or_on_time",
    "late",
    "late_with_apology",
    "in_progress",
    "not_yet_due",
    "overdue",
    "late_or_overdue",
    "repeated_supplement",
    "repeated_desk_supplement",
)


def figure_q(name: str, date_from: dt.date, date_to: dt.date, day: dt.date | None = None) -> Q:
    """The dossiers behind figure ``name`` of the period (DOMAIN 7): received = carried + new;
    resolved = early + on time + late; in progress = not yet due + overdue, the last two as of
    min(date_to, today)."""
    from .rules import overdue_as_of

    as_of = overdue_as_of(date_to, day or today())
    handled = (
        counted_q()
        & Q(received_date__lte=date_to)
        & (Q(finished_date__isnull=True) | Q(finished_date__gte=date_from))
    )
    resolved = counted_q() & Q(finished_date__gte=date_from, finished_date__lte=date_to)
    # A finished dossier whose timeliness was left blank is classified by its dates.
    blank = Q(timeliness="")
    early = Q(timeliness="early") | (
        blank & Q(due_date__isnull=False, finished_date__lt=F("due_date"))
    )
    late = finished_late_q()
    on_time = Q(timeliness="on_time") | (blank & ~early & ~late)
    in_progress = open_on_q(date_to)
    overdue = open_on_q(date_to) & overdue_q(as_of)
    figures = {
        "received": handled,
        "carried": handled & Q(received_date__lt=date_from),
        "new": handled & Q(received_date__gte=date_from),
        "new_online": handled
        & Q(received_date__gte=date_from, channel__in=["online_full", "online_partial"]),
        "resolved": resolved,
        "early": resolved & early,
        "on_time": resolved & on_time,
        "early_or_on_time": resolved & (early | on_time),
        "late": resolved & late,
        "late_with_apology": resolved & late & Q(apologized_at__isnull=False, apology_late=False),
        "in_progress": in_progress,
        "not_yet_due": in_progress & ~overdue,
        "overdue": overdue,
        # The dashboard's "late" bars: resolved late in the period plus open and overdue.
        "late_or_overdue": (resolved & late) | overdue,
        "repeated_supplement": handled & Q(supplement_count__gte=2),
        "repeated_desk_supplement": handled & Q(desk_supplement_count__gte=2),
    }
    if name not in figures:
        raise DomainError(f"Không có chỉ số «{name}».")
    return figures[name]


def figure_url(
    figure: str,
    date_from: dt.date,
    date_to: dt.date,
    *,
    agency: Any = None,
    level: str = "",
    field: str = "",
    procedure: str = "",
    channel: str = "",
) -> str:
    """The address of the list behind a figure (the dossier list reads it back with
    ``figure_dossiers``): what every figure on the home page and the dashboard links to."""
    from urllib.parse import urlencode

    from django.urls import reverse

    if figure not in FIGURES:
        raise DomainError(f"Không có chỉ số «{figure}».")
    params = {
        "figure": figure,
        "from": date_from.isoformat(),
        "to": date_to.isoformat(),
        "agency": getattr(agency, "code", agency) or "",
        "level": level,
        "field": field,
        "procedure": procedure,
        "channel": channel,
    }
    return reverse("dossiers:index") + "?" + urlencode({k: v for k, v in params.items() if v})


def figure_dossiers(
    user,
    *,
    figure: str,
    date_from: dt.date,
    date_to: dt.date,
    agency: Any = None,
    level: str = "",
    field: str = "",
    procedure: str = "",
    channel: str = "",
) -> QuerySet[Dossier]:
    """The list behind a figure: the dossiers the statistics count for it, scoped like the
    statistics (by the resolving agency within the user's scope, or within ``agency``)."""
    root = scope.scope_root(user)
    if agency is not None:
        if not scope.can_see_agency(user, agency):
            from cchc.core.errors import Forbidden

            raise Forbidden("Bạn không có quyền xem số liệu của cơ quan này.")
        root = agency
    qs = Dossier.objects.filter(figure_q(figure, date_from, date_to))
    if root is not None:
        qs = qs.filter(agency__in=Agency.objects.filter(path__startswith=root.path).values("pk"))
    if level:
        qs = qs.filter(level=level)
    if field:
        qs = qs.filter(procedure__field__code=field)
    if procedure:
        qs = qs.filter(procedure__code=procedure)
    if channel:
        qs = qs.filter(channel=channel)
    return qs.select_related(*LIST_RELATED).order_by(*NEWEST_FIRST)


# Who answers a figure's count without counting its dossiers: the statistics app registers its
# rollups here in ``AppConfig.ready()`` (this app cannot import it). The rollups are tested to
# equal ``figure_q`` on a generated province, so the list behind a figure shows the figure.
FIGURE_COUNTERS: list[Callable[..., int]] = []


def figure_count(user, **figure: Any) -> int:
    """How many dossiers ``figure_dossiers(user, **figure)`` holds: from the registered rollups
    (a million rows are not counted on every page), else counted by the definition itself."""
    if FIGURE_COUNTERS:
        return FIGURE_COUNTERS[0](user, **figure)
    return figure_dossiers(user, **figure).count()


def repeated_supplements(user) -> QuerySet[Dossier]:
    """Seed 000: supplement requests of two or more times must be visible."""
    return (
        visible(user)
        .filter(supplement_count__gte=2)
        .select_related(*LIST_RELATED)
        .order_by(*NEWEST_FIRST)
    )


TRIGRAM = 3  # the shortest term a trigram index answers
FTS_TABLE = "dossiers_dossier_fts"  # SQLite's trigram index (migration 0009)


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def text_match(qs: QuerySet[Dossier], text: str) -> QuerySet[Dossier]:
    """Dossiers whose ``search_text`` holds every folded term of ``text``, anywhere (the
    definition: ``search_text LIKE '%term%'`` per term). A trigram index finds them without
    reading the table (migration 0009): on PostgreSQL the planner uses ``pg_trgm`` for the
    ``LIKE`` itself; on SQLite the FTS5 table narrows the rows first and the ``LIKE`` still
    decides. A term shorter than three characters, or holding a NUL, is matched by the
    ``LIKE`` alone."""
    terms = fold(text).split()
    for term in terms:
        qs = qs.filter(search_text__contains=term)
    indexed = [t for t in terms if len(t) >= TRIGRAM and "\x00" not in t]
    if indexed and connections[qs.db].vendor == "sqlite":
        match = " AND ".join(_fts_phrase(t) for t in indexed)
        with connections[qs.db].cursor() as cur:
            cur.execute(
                f"SELECT count(*) FROM (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} "
                "MATCH %s LIMIT %s)",
                (match, FTS_MANY + 1),
            )
            many = cur.fetchone()[0] > FTS_MANY
        qs = qs.filter(_InText(match, many))
    return qs


FTS_MANY = 10_000  # more matches than this: a page finds its rows sooner in the list's order


class _InText(Func):
    """``id IN (the rows of the FTS5 index matching)``, the SQLite narrowing of ``text_match``,
    written for the plan each query needs; both forms mean the same rows. Few matches: they
    are read from the index (``IN``). Many (``nguyen``, one dossier in twenty): a page newest
    first finds its 50 rows sooner by walking the list's order and testing each (``+id IN``,
    which SQLite does not use to choose the rows; reading and sorting the 50,000 took 150 ms),
    while a count, a subquery, still takes them from the index (``selectors.count`` counts
    them unsorted)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, match: str, many: bool, *, within: list[int] | None = None) -> None:
        super().__init__(F("pk"))
        self.match = match
        self.many = many
        self.within = within  # only the matches in these agencies' scope (a count's narrowing)

    def as_sql(self, compiler, connection, *args, **extra_context):  # type: ignore[override]
        column, params = compiler.compile(self.source_expressions[0])
        if self.within is not None:
            scope, ids = _scope_sql(self.within)
            rows = (
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND +rowid IN "
                f"(SELECT id FROM dossiers_dossier WHERE {scope})"
            )
            return f"{column} IN ({rows})", (*params, self.match, *ids)
        probe = "+" if self.many and not compiler.query.subquery else ""
        rows = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
        return f"{probe}{column} IN ({rows})", (*params, self.match)


@dataclass
class Filters:
    q: str = ""
    status: str = ""
    channel: str = ""
    agency: Any = None
    procedure: str = ""
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    late: bool = False
    repeated: bool = False


def search(user, f: Filters, within: QuerySet[Dossier] | None = None) -> QuerySet[Dossier]:
    """Dossiers the user sees matching ``f``, newest first; with ``within`` (a list tab already
    scoped to the user) the filters narrow that list and keep its order."""
    qs = visible(user) if within is None else within
    qs = text_match(qs, f.q)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.agency is not None:
        qs = qs.filter(
            agency__in=Agency.objects.filter(path__startswith=f.agency.path).values("pk")
        )
    if f.procedure:
        qs = qs.filter(procedure__code=f.procedure)
    if f.received_from:
        qs = qs.filter(received_date__gte=f.received_from)
    if f.received_to:
        qs = qs.filter(received_date__lte=f.received_to)
    if f.late:
        qs = qs.filter(Q(timeliness="late") | overdue_q(today()))
    if f.repeated:
        qs = qs.filter(supplement_count__gte=2)
    qs = qs.select_related(*LIST_RELATED)
    return qs.order_by(*NEWEST_FIRST) if within is None else qs


def timeline(d: Dossier):
    return d.events.select_related("actor", "from_agency", "to_agency", "to_user").order_by(
        "at", "id"
    )


# -- public lookup ----------------------------------------------------------------------------

LOOKUP_WINDOW = 10 * 60  # settings.DOSSIER_LOOKUP_LIMIT lookups per address in it
NOT_FOUND = "Không tìm thấy hồ sơ với mã và số điện thoại đã nhập."


class RateLimited(DomainError):
    status = 429

    def __init__(self) -> None:
        super().__init__(
            "Bạn tra cứu quá nhiều lần; vui lòng thử lại sau ít phút.", code="throttled"
        )


@functools.cache
def _lookup_sql() -> tuple[str, str]:
    """The public lookup's two statements, written once: the dossier with its procedure, its
    agencies and the province's address in one query (``UPPER(code)`` as the lookup index
    reads it), then its timeline. Plain SQL through ``raw()`` (rows still converted by the
    fields): compiling the equivalent ORM queries cost the lookup more than running them, on
    the province's busiest public address (issue 14, ``benchmarks/load.py``)."""
    from cchc.organizations.models import Agency
    from cchc.procedures.models import Procedure

    from .models import DossierEvent

    q = connection.ops.quote_name
    dossier, agency = q(Dossier._meta.db_table), q(Agency._meta.db_table)
    fields = [
        "id",
        "code",
        "status",
        "received_date",
        "due_date",
        "apology_due_date",
        "finished_date",
        "returned_at",
        "supplement_started_at",
        "return_by_post",
    ]
    cols = ", ".join(f"d.{q(f)}" for f in fields)
    one = (
        f"SELECT {cols}, p.{q('name')} AS procedure_name, p.{q('code')} AS procedure_code, "
        f"a.{q('name')} AS agency_name, k.{q('name')} AS desk_name, "
        f"k.{q('address')} AS desk_address, "
        f"(SELECT r.{q('address')} FROM {agency} r WHERE r.{q('depth')} = 0 "
        f"AND k.{q('path')} LIKE r.{q('path')} || '%%') AS province_address "
        f"FROM {dossier} d "
        f"JOIN {q(Procedure._meta.db_table)} p ON p.{q('id')} = d.{q('procedure_id')} "
        f"JOIN {agency} a ON a.{q('id')} = d.{q('agency_id')} "
        f"JOIN {agency} k ON k.{q('id')} = d.{q('desk_id')} "
        f"WHERE UPPER(d.{q('code')}) = %s AND d.{q('phone_last4')} = %s "
        f"ORDER BY d.{q('id')} LIMIT 1"
    )
    events = (
        f"SELECT {q('id')}, {q('at')}, {q('action')} FROM {q(DossierEvent._meta.db_table)} "
        f"WHERE {q('dossier_id')} = %s ORDER BY {q('at')}, {q('id')}"
    )
    return one, events


def public_lookup(code: str, phone: str) -> dict[str, Any] | None:
    """The public view of a dossier: status and timeline without personal data. None for an
    unknown code and for a wrong phone alike, so the answer reveals nothing. A change of the
    dossier shows at once: the answer is read fresh, or from a cache that every change clears
    (``lookup_cache``)."""
    return lookup_answer(public_lookup_found(code, phone))


def lookup_answer(found: lookup_cache.Found) -> dict[str, Any] | None:
    """The answer ``public_lookup`` gives, in the reader's language, from what
    ``public_lookup_found`` found."""
    return None if found.facts is None else _lookup_answer(found.facts)


def public_lookup_found(
    code: str, phone: str, page: str | None = None, *, client: str | None = None
) -> lookup_cache.Found:
    """What ``public_lookup`` reads, with what the lookup page keeps beside it: the cache
    entry's stamp and the page rendered from that entry (``lookup_cache.page_key``), which is
    served as it is, its answer never translated again. With ``client`` (its
    address), the lookup is first counted against the client's limit, shared by every worker
    (``core.ratelimit``): ``RateLimited`` once over it. With Redis, counting and reading the
    kept answer are one round trip."""
    from cchc.core import ratelimit

    code = (code or "").strip()
    last4 = "".join(ch for ch in (phone or "") if ch.isdigit())[-4:]
    valid = bool(code) and len(last4) == 4
    got = None
    if client is not None:
        wanted = lookup_cache.keys(code, page) if valid else []
        count, got = ratelimit.hit_and_read(
            f"dossier-lookup:{client}", LOOKUP_WINDOW, lookup_cache.cache(), wanted
        )
        if count > settings.DOSSIER_LOOKUP_LIMIT:
            raise RateLimited()
    if not valid:
        return lookup_cache.Found(None)
    return lookup_cache.read(code, last4, _lookup_facts, page=page, got=got)


def _lookup_facts(code: str, last4: str) -> dict[str, Any] | None:
    """What the answer shows, as plain values the cache can keep: codes, not labels, so one
    entry serves every language (``_lookup_answer`` translates)."""
    from django.utils import translation

    one, events = _lookup_sql()
    # A Dossier with the joined columns as attributes (procedure_name, desk_name…).
    d: Any = next(iter(Dossier.objects.raw(one, [code.upper(), last4])), None)
    if d is None:
        return None
    from .models import DossierEvent, SupplementRequest
    from .public_links import links_for

    with translation.override(settings.LANGUAGE_CODE):  # the msgid: Vietnamese is the source
        links = links_for(d)
    return {
        "code": d.code,
        "links": links,
        "procedure": d.procedure_name,
        "procedure_code": d.procedure_code,
        "agency": d.agency_name,
        "desk": d.desk_name,
        "status": d.status,
        "received_date": d.received_date,
        "due_date": d.due_date,
        "apology_due_date": d.apology_due_date,
        "finished_date": d.finished_date,
        "returned_at": d.returned_at,
        # What the citizen does next: what to bring, and where and from when to collect.
        "bring": list(
            SupplementRequest.objects.filter(dossier=d, received_at__isnull=True).values_list(
                "items", flat=True
            )
        )
        if d.status in (Status.DESK_SUPPLEMENT, Status.SUPPLEMENT)
        else [],
        "clock_stopped_since": d.supplement_started_at if d.status == Status.SUPPLEMENT else None,
        "collect_place": d.desk_name,
        "collect_address": d.desk_address or d.province_address or "",
        "collect_from": d.apology_due_date or d.due_date,
        "by_post": d.return_by_post,
        "ready": d.status == Status.RESULT_READY,
        "timeline": [
            {"at": e.at, "action": e.action}
            for e in DossierEvent.objects.raw(events, [d.pk])
            if e.action != "recompute"
        ],
    }


def _lookup_answer(facts: dict[str, Any]) -> dict[str, Any]:
    """The facts in the reader's language (a fresh dict: the cache's copy stays as it was)."""
    from django.utils.translation import gettext

    from .models import ACTION_LABELS

    return {
        **facts,
        "status_label": str(Status(facts["status"]).label),
        "links": [{"label": gettext(x["label"]), "url": x["url"]} for x in facts["links"]],
        "timeline": [
            {**e, "label": str(ACTION_LABELS.get(e["action"], e["action"]))}
            for e in facts["timeline"]
        ],
    }


# -- where a kind-only procedure is resolved -------------------------------------------------


def resolving_choices(procedure, desk) -> QuerySet:
    """The agencies that may resolve a procedure every commune resolves, received at ``desk``:
    those of its kind in the desk's province, by name."""
    from cchc.organizations.models import Agency

    return (
        Agency.objects.filter(
            kind=procedure.resolving_agency_kind, path__startswith=desk.province.path
        )
        .active()
        .order_by("name")
    )


@dataclass
class CommuneGuess:
    """What the applicant's address says about the resolving commune: ``agency`` when it names
    exactly one, ``candidates`` (in force, by name) when it names several; both empty when it
    names none. Never the receiving Centre: the officer chooses."""

    agency: Any = None
    candidates: list[Any] = dataclasses.field(default_factory=list)


def _in_force(agency, active_ids: set[int]):
    """The agency itself when in force, else the last in-force successor of a commune merged
    away (the 2025 mergers: a pre-merger name guesses its successor); None when none is."""
    from cchc.organizations.services import successors_chain

    if agency.pk in active_ids:
        return agency
    for later in reversed(successors_chain(agency)):
        if later.pk in active_ids:
            return later
    return None


def guess_resolving_agency(procedure, desk, address: str) -> CommuneGuess:
    """The commune whose place name the applicant's address names, however it is written
    (``places``): "p.ninh kieu", "Phuong Ninh Kieu", "X. Phong Điền", or the name of a commune
    merged in 2025 (its successor is guessed)."""
    from cchc.organizations.models import Agency

    from . import places

    if not (address or "").strip():
        return CommuneGuess()
    active = list(resolving_choices(procedure, desk))
    active_ids = {a.pk for a in active}
    merged = (
        Agency.objects.filter(
            kind=procedure.resolving_agency_kind,
            path__startswith=desk.province.path,
            successor__isnull=False,
        )
        .exclude(pk__in=active_ids)
        .select_related("successor")
    )
    named = []
    for agency in [*active, *merged]:
        for name in dict.fromkeys([agency.name, agency.short_name]):
            place = places.place_of(name) if name else None
            if place is not None:
                named.append((agency, place))
    found = places.best_matches(address, ((a.pk, place) for a, place in named))
    by_pk = {a.pk: a for a, _ in named}
    resolved = [_in_force(by_pk[pk], active_ids) for pk in found]
    candidates = sorted({a.pk: a for a in resolved if a is not None}.values(), key=lambda a: a.name)
    if len(candidates) == 1:
        return CommuneGuess(agency=candidates[0], candidates=candidates)
    return CommuneGuess(candidates=candidates)


# -- dossiers waiting at the desk for the citizen ---------------------------------------------

# The citizen owes the desk papers: asked at receipt (or sent back again), or asked during
# processing. Either way they come back to the desk, and the desk takes the papers in on the
# same dossier.
WAITING_STATUSES = (Status.DESK_SUPPLEMENT, Status.SUPPLEMENT)
DESK_WAITING_LIMIT = 50


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def same_applicant_q(applicant) -> Q | None:
    """The applicant as the desk recognises them again: same identity number, else same name
    and the same last four phone digits; None when there is too little to tell."""
    if applicant.id_number:
        return Q(applicant_id_number=applicant.id_number)
    if applicant.phone and _digits(applicant.phone):
        return Q(applicant_name__iexact=applicant.name, phone_last4=_digits(applicant.phone)[-4:])
    return None


def desk_waiting(user, q: str = "") -> QuerySet[Dossier]:
    """Dossiers waiting for the citizen at the user's desk (the desk within their agency's
    subtree), the longest waiting first. ``q`` finds one by code (typed or scanned from the
    receipt's QR), by name without diacritics, or by phone however it is spaced."""
    if user.agency_id is None:
        return Dossier.objects.none()
    qs = visible(user).filter(status__in=WAITING_STATUSES, desk__path__startswith=user.agency.path)
    text = code_in(q)
    spaced_digits = text.replace(" ", "").replace(".", "").replace("-", "")
    if spaced_digits.isdigit():
        qs = qs.filter(search_text__contains=spaced_digits)
    else:
        qs = text_match(qs, text)
    return qs.select_related(*LIST_RELATED).order_by("received_at", "id")


def waiting_for(desk, procedure, applicant) -> QuerySet[Dossier]:
    """This applicant's dossiers for this procedure waiting for them at ``desk``: what the desk
    is shown before it opens a new dossier for someone who is coming back."""
    same = same_applicant_q(applicant)
    if same is None:
        return Dossier.objects.none()
    return (
        Dossier.objects.filter(
            same, desk=desk, procedure__code=procedure.code, status__in=WAITING_STATUSES
        )
        .select_related(*LIST_RELATED)
        .order_by("-received_at", "-id")
    )


def pending_items(dossiers) -> dict[int, list[str]]:
    """What each dossier's citizen was asked to bring (the open supplement requests)."""
    from .models import SupplementRequest

    result: dict[int, list[str]] = {}
    rows = SupplementRequest.objects.filter(
        dossier__in=list(dossiers), received_at__isnull=True
    ).order_by("requested_at", "id")
    for r in rows:
        result.setdefault(r.dossier_id, []).append(r.items)
    return result


# -- the desk officer's day ------------------------------------------------------------------

DESK_DAY_AHEAD = 3  # working days shown ahead on the home page


@dataclass
class DeskDay:
    today: list[Dossier]
    upcoming: list[tuple[Dossier, int]]  # (dossier, working days left)
    ready: int  # results waiting to be handed over
    waiting: int = 0  # dossiers waiting for the citizen to come back (desk_waiting counts them)


def desk_day(user, ahead: int = DESK_DAY_AHEAD) -> DeskDay:
    """What the user's desk (or, for a processing officer, their queue) has due today and in
    the next ``ahead`` working days, soonest first; the clock of a dossier waiting for the
    citizen is stopped, so it is not listed."""
    day = today()
    cal = get_work_calendar()
    last = cal.add_workdays(day, ahead)
    if user.role == Role.ONE_STOP and user.agency_id:
        qs = visible(user).filter(desk__path__startswith=user.agency.path)
    else:
        qs = my_queue(user)
    qs = qs.filter(
        status__in=[Status.RECEIVED, Status.IN_PROGRESS, Status.RESULT_READY],
        due_date__gte=day,
        due_date__lte=last,
    ).select_related(*LIST_RELATED)
    rows = list(qs.order_by("due_date", "received_at")[:200])
    upcoming = []
    for d in rows:
        if d.due_date == day:
            continue
        assert d.due_date is not None
        upcoming.append((d, max(1, cal.workdays_between(day, d.due_date))))
    ready = 0
    if user.role == Role.ONE_STOP and user.agency_id:
        ready = (
            visible(user)
            .filter(desk__path__startswith=user.agency.path, status=Status.RESULT_READY)
            .count()
        )
    waiting = desk_waiting(user).count() if user.role == Role.ONE_STOP else 0
    return DeskDay(
        today=[d for d in rows if d.due_date == day],
        upcoming=upcoming,
        ready=ready,
        waiting=waiting,
    )
