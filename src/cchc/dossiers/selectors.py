"""Reads, already scoped through ``cchc.accounts.scope``.

A user sees a dossier when its resolving agency, its receiving desk or the agency holding it
now is within their scope (a desk officer of the Centre follows what the Centre received for a
department; the department sees its own)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from cchc.accounts import scope
from cchc.accounts.models import Role
from cchc.calendars.selectors import get_work_calendar
from cchc.core.errors import DomainError, NotFound
from cchc.core.text import fold

from . import rights
from .models import FINISHED_STATUSES, OPEN_STATUSES, Dossier, Status

LIST_RELATED = ("procedure", "agency", "desk", "current_agency", "current_owner")
QUEUE_STATUSES = (*OPEN_STATUSES, Status.DESK_SUPPLEMENT, Status.RESULT_READY)


def visible(user) -> QuerySet[Dossier]:
    root = scope.scope_root(user)
    qs = Dossier.objects.all()
    if root is None:
        return qs
    return qs.filter(
        Q(agency__path__startswith=root.path)
        | Q(desk__path__startswith=root.path)
        | Q(current_agency__path__startswith=root.path)
    )


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
    """The visible dossier whose code was typed or scanned (any letter case), else None."""
    code = code_in(text)
    if not code or " " in code:
        return None
    return visible(user).filter(code__iexact=code).first()


def get_for_user(user, code: str) -> Dossier:
    d = Dossier.objects.select_related(*LIST_RELATED).filter(code=code).first()
    if d is None:
        raise NotFound(f"Không tìm thấy hồ sơ mã {code}.")
    if not rights.can_read(user, d):
        from cchc.core.errors import Forbidden

        raise Forbidden("Hồ sơ không thuộc phạm vi của bạn.")
    return d


def today() -> dt.date:
    return timezone.localdate()


def soon_limit(day: dt.date | None = None) -> dt.date:
    """Due on or before this date and not yet late = "sắp đến hạn" (within 1 working day)."""
    return get_work_calendar().add_workdays(day or today(), 1)


def with_urgency(qs: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """Annotate ``urgency``: 0 late, 1 due within a working day, 2 later, 3 no appointment (or
    clock stopped). Sorting by it then by due date is the queue order."""
    day = today()
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


def my_queue(user) -> QuerySet[Dossier]:
    """What waits for the user: assigned to them, or unassigned at their agency (subtree);
    late first, then the soonest due."""
    qs = visible(user).filter(status__in=QUEUE_STATUSES)
    if user.agency_id:
        mine = Q(current_owner=user) | Q(
            current_owner__isnull=True, current_agency__path__startswith=user.agency.path
        )
        if user.role == Role.PROCESSING:
            qs = qs.exclude(status=Status.DESK_SUPPLEMENT)
        qs = qs.filter(mine)
    else:
        qs = qs.filter(current_owner=user)
    return (
        with_urgency(qs)
        .select_related(*LIST_RELATED)
        .order_by("urgency", "due_date", "received_at")
    )


def agency_open(user) -> QuerySet[Dossier]:
    return (
        with_urgency(visible(user).filter(status__in=OPEN_STATUSES))
        .select_related(*LIST_RELATED)
        .order_by("urgency", "due_date", "received_at")
    )


def agency_late(user) -> QuerySet[Dossier]:
    """Open dossiers past their appointment (the clock stopped during a supplement wait)."""
    return agency_open(user).filter(
        status__in=[Status.RECEIVED, Status.IN_PROGRESS], due_date__lt=today()
    )


def repeated_supplements(user) -> QuerySet[Dossier]:
    """Seed 000: supplement requests of two or more times must be visible."""
    return (
        visible(user)
        .filter(supplement_count__gte=2)
        .select_related(*LIST_RELATED)
        .order_by("-received_at")
    )


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
    for term in fold(f.q).split():
        qs = qs.filter(search_text__contains=term)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.agency is not None:
        qs = qs.filter(agency__path__startswith=f.agency.path)
    if f.procedure:
        qs = qs.filter(procedure__code=f.procedure)
    if f.received_from:
        qs = qs.filter(received_date__gte=f.received_from)
    if f.received_to:
        qs = qs.filter(received_date__lte=f.received_to)
    if f.late:
        qs = qs.filter(
            Q(timeliness="late")
            | Q(status__in=[Status.RECEIVED, Status.IN_PROGRESS], due_date__lt=today())
        )
    if f.repeated:
        qs = qs.filter(supplement_count__gte=2)
    qs = qs.select_related(*LIST_RELATED)
    return qs.order_by("-received_at", "-id") if within is None else qs


def timeline(d: Dossier):
    return d.events.select_related("actor", "from_agency", "to_agency", "to_user").order_by(
        "at", "id"
    )


# -- public lookup ----------------------------------------------------------------------------

LOOKUP_LIMIT = 20  # lookups per address per window
LOOKUP_WINDOW = 10 * 60
NOT_FOUND = "Không tìm thấy hồ sơ với mã và số điện thoại đã nhập."


class RateLimited(DomainError):
    status = 429

    def __init__(self) -> None:
        super().__init__(
            "Bạn tra cứu quá nhiều lần; vui lòng thử lại sau ít phút.", code="throttled"
        )


def lookup_allowed(ip: str) -> bool:
    """Count lookups per client address in the cache; false once over the limit."""
    key = f"dossier-lookup:{ip}"
    cache.add(key, 0, LOOKUP_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, LOOKUP_WINDOW)
        count = 1
    return count <= LOOKUP_LIMIT


def public_lookup(code: str, phone: str) -> dict[str, Any] | None:
    """The public view of a dossier: status and timeline without personal data. None for an
    unknown code and for a wrong phone alike, so the answer reveals nothing."""
    code = (code or "").strip()
    last4 = "".join(ch for ch in (phone or "") if ch.isdigit())[-4:]
    if not code or len(last4) != 4:
        return None
    d = (
        Dossier.objects.select_related("procedure", "agency", "desk")
        .filter(code__iexact=code, phone_last4=last4)
        .first()
    )
    if d is None:
        return None
    from .models import ACTION_LABELS, SupplementRequest

    return {
        "code": d.code,
        "procedure": d.procedure.name,
        "procedure_code": d.procedure.code,
        "agency": d.agency.name,
        "desk": d.desk.name,
        "status": d.status,
        "status_label": str(d.get_status_display()),
        "received_date": d.received_date,
        "due_date": d.due_date,
        "apology_due_date": d.apology_due_date,
        "finished_date": d.finished_date,
        "returned_at": d.returned_at,
        # What the citizen does next: what to bring, and where and from when to collect.
        "bring": [
            r.items
            for r in SupplementRequest.objects.filter(dossier=d, received_at__isnull=True)
            if d.status in (Status.DESK_SUPPLEMENT, Status.SUPPLEMENT)
        ],
        "clock_stopped_since": d.supplement_started_at if d.status == Status.SUPPLEMENT else None,
        "collect_place": d.desk.name,
        "collect_address": d.desk.address or d.desk.province.address,
        "collect_from": d.apology_due_date or d.due_date,
        "by_post": d.return_by_post,
        "ready": d.status == Status.RESULT_READY,
        "timeline": [
            {"at": e.at, "action": e.action, "label": ACTION_LABELS.get(e.action, e.action)}
            for e in d.events.order_by("at", "id").only("at", "action")
            if e.action != "recompute"
        ],
    }


# -- where a kind-only procedure is resolved -------------------------------------------------

_AGENCY_PREFIXES = ("uy ban nhan dan ", "ubnd ")


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


def guess_resolving_agency(procedure, desk, address: str):
    """The agency whose place name the applicant's address names (``phường Ninh Kiều`` in
    ``12 Nguyễn Trãi, phường Ninh Kiều``); None when no single one does."""
    text = f" {fold(address)} "
    if not text.strip():
        return None
    found = []
    for agency in resolving_choices(procedure, desk):
        place = fold(agency.name)
        for prefix in _AGENCY_PREFIXES:
            if place.startswith(prefix):
                place = place[len(prefix) :]
        if place and f" {place} " in text.replace(",", " ").replace(".", " "):
            found.append(agency)
    return found[0] if len(found) == 1 else None


# -- the desk officer's day ------------------------------------------------------------------

DESK_DAY_AHEAD = 3  # working days shown ahead on the home page


@dataclass
class DeskDay:
    today: list[Dossier]
    upcoming: list[tuple[Dossier, int]]  # (dossier, working days left)
    ready: int  # results waiting to be handed over


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
    return DeskDay(today=[d for d in rows if d.due_date == day], upcoming=upcoming, ready=ready)
