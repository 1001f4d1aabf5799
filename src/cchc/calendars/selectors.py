"""Reading calendars from the database into the pure ``WorkCalendar``."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Q, QuerySet

from cchc.core import rows

from . import workdays
from .models import Calendar, CalendarOverride, OverrideKind
from .national import document_text, package_days, package_source, work_calendar

if TYPE_CHECKING:
    from cchc.organizations.models import Agency

FIRST_YEAR, LAST_YEAR = 2000, 2040


# code → (stamp, calendar). The stamp is the revision of the calendar and of its bases, read
# in one query per call, so a change made by another process (the web server while the task
# worker computes deadlines) is seen at once; services also clear it on change.
_cache: dict[str, tuple[tuple, workdays.WorkCalendar]] = {}


def default_calendar() -> Calendar | None:
    return Calendar.objects.filter(is_default=True).first()


def _chain(cal: Calendar) -> list[Calendar]:
    """The calendar and its bases, the national one last (a cycle is cut)."""
    chain = [cal]
    seen = {cal.pk}
    while chain[-1].base_id and chain[-1].base_id not in seen:
        nxt = Calendar.objects.filter(pk=chain[-1].base_id).first()
        if nxt is None:
            break
        seen.add(nxt.pk)
        chain.append(nxt)
    return chain


def overrides_for(cal: Calendar) -> dict[dt.date, CalendarOverride]:
    """Effective overrides: the base's first, then the calendar's own (which win)."""
    result: dict[dt.date, CalendarOverride] = {}
    for c in reversed(_chain(cal)):
        for o in CalendarOverride.objects.filter(calendar=c):
            result[o.date] = o
    return result


def get_work_calendar(code: str | None = None) -> workdays.WorkCalendar:
    """The pure calendar for ``code`` (the default calendar when None). Cached until its
    overrides change."""
    cal = (
        Calendar.objects.filter(code=code).select_related("base").first()
        if code
        else Calendar.objects.filter(is_default=True).select_related("base").first()
    )
    if code and cal is None:
        from cchc.core.errors import NotFound

        raise NotFound(f"Không có lịch làm việc mã «{code}».")
    return work_calendar_of(cal)


def work_calendar_of(cal: Calendar | None) -> workdays.WorkCalendar:
    """The pure calendar of a row just read with its base (``select_related("base")``): the
    row's revisions are the cache's stamp, so a caller that read the row already (a receipt,
    ``calendar_for_agency``) spends no second query."""
    key = cal.code if cal else ""
    stamp: tuple = ()
    if cal is not None:
        stamp = (cal.pk, cal.revision, cal.base_id, cal.base.revision if cal.base else None)
    hit = _cache.get(key)
    if hit and hit[0] == stamp:
        return hit[1]
    overrides = overrides_for(cal).items() if cal is not None else ()
    result = work_calendar(((day, o.kind) for day, o in overrides), FIRST_YEAR, LAST_YEAR)
    _cache[key] = (stamp, result)
    return result


def clear_cache(code: str | None = None) -> None:
    if code is None:
        _cache.clear()
    else:
        _cache.pop(code, None)
        _cache.pop("", None)


def calendars_for(user) -> QuerySet[Calendar]:
    """Calendars a user may read: the national ones, and those of the province (or any agency)
    the user belongs to or administers."""
    from cchc.accounts import scope

    q = Q(agency__isnull=True)
    agency = getattr(user, "agency", None)
    if agency is not None:
        prefixes = []
        parts = [p for p in agency.path.split("/") if p]
        for i in range(1, len(parts) + 1):
            prefixes.append("/".join(parts[:i]) + "/")
        q |= Q(agency__path__in=prefixes)
    from cchc.core.errors import Forbidden

    qs = Calendar.objects.select_related("agency", "base").order_by("-is_default", "name")
    try:
        root = scope.scope_root(user)
    except Forbidden:  # unassigned users still see the national calendar
        return qs.filter(q)
    if root is None:  # an empty Q() would vanish from an OR: say "all" explicitly
        return qs
    return qs.filter(q | Q(agency__path__startswith=root.path))


def _agency_ids(agency: Agency | None) -> list[int]:
    return [int(p) for p in agency.path.split("/") if p] if agency is not None else []


def _nearest(rows: list[Any], ids: list[int], agency_of: Callable, is_default: Callable) -> Any:
    """The agency's own calendar or its nearest ancestor's, else the default: the one rule
    both readers below apply (to model rows or to plain tuples)."""
    own = {agency_of(c): c for c in rows if agency_of(c) in ids}
    for pk in reversed(ids):
        if pk in own:
            return own[pk]
    return next((c for c in rows if is_default(c)), None)


def calendar_for_agency(agency: Agency | None) -> Calendar | None:
    """The calendar an agency counts deadlines with: its own or its nearest ancestor's, else the
    default; read in one query with the bases (``work_calendar_of`` needs no other)."""
    ids = _agency_ids(agency)
    rows = list(
        Calendar.objects.filter(Q(agency_id__in=ids) | Q(is_default=True))
        .select_related("base")
        .order_by("pk")
    )
    return _nearest(rows, ids, lambda c: c.agency_id, lambda c: c.is_default)


@functools.cache
def _stamps_sql(n: int, vendor: str) -> str:
    table = connection.ops.quote_name(Calendar._meta.db_table)
    marks = ", ".join(["%s"] * n) or "NULL"
    true = "true" if vendor == "postgresql" else "1"
    return (
        f"SELECT c.id, c.code, c.agency_id, c.is_default, c.revision, c.base_id, b.revision "
        f"FROM {table} c LEFT JOIN {table} b ON b.id = c.base_id "
        f"WHERE c.agency_id IN ({marks}) OR c.is_default = {true} ORDER BY c.id"
    )


def work_calendar_for_agency(agency: Agency | None) -> tuple[str, workdays.WorkCalendar]:
    """The code and the pure calendar ``calendar_for_agency`` gives, for the dossier receipt:
    the same one query (so a calendar changed by another process is seen at once), but plain
    SQL read into tuples, and the rows as models only when the cache's stamp changed. Building
    the ORM query and its model instances cost a receipt more than the query itself (issue
    14)."""
    ids = _agency_ids(agency)
    with rows.cursor() as cur:
        cur.execute(_stamps_sql(len(ids), connection.vendor), ids)
        found = cur.fetchall()
    row = _nearest(found, ids, lambda r: r[2], lambda r: r[3])
    if row is None:
        return "", work_calendar_of(None)
    pk, code, _agency, _default, revision, base_id, base_revision = row
    hit = _cache.get(code)
    if hit and hit[0] == (pk, revision, base_id, base_revision):
        return code, hit[1]
    return code, work_calendar_of(Calendar.objects.select_related("base").get(pk=pk))


@dataclass
class DayInfo:
    date: dt.date
    working: bool
    kind: str  # "weekend" | "holiday" | "override_off" | "override_work" | "workday"
    name: str = ""
    source: str = ""
    override: CalendarOverride | None = None


def year_days(cal: Calendar, year: int) -> list[DayInfo]:
    """Every day of ``year`` with whether it is worked and why (for the year view and API)."""
    if not (FIRST_YEAR <= year <= LAST_YEAR):
        from cchc.core.errors import DomainError

        raise DomainError(f"Năm phải trong khoảng {FIRST_YEAR}–{LAST_YEAR}.")
    pkg = package_days(FIRST_YEAR, LAST_YEAR)
    overrides = overrides_for(cal)
    result = []
    day = dt.date(year, 1, 1)
    while day.year == year:
        o = overrides.get(day)
        if o is not None:
            src = document_text(o.document_number, o.document_date)
            working = o.kind == OverrideKind.WORKING_DAY
            result.append(
                DayInfo(
                    day,
                    working,
                    "override_work" if working else "override_off",
                    o.name,
                    src or o.note,
                    o,
                )
            )
        elif day in pkg:
            result.append(DayInfo(day, False, "holiday", pkg[day], package_source(day, pkg[day])))
        elif day.weekday() >= 5:
            result.append(DayInfo(day, False, "weekend"))
        else:
            result.append(DayInfo(day, True, "workday"))
        day += dt.timedelta(days=1)
    return result
