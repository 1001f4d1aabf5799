"""Reading calendars from the database into the pure ``WorkCalendar``."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.db.models import Count, Max

from . import workdays
from .models import Calendar, CalendarOverride, OverrideKind

FIRST_YEAR, LAST_YEAR = 2000, 2040


@lru_cache(maxsize=4)
def package_days_off(
    first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR
) -> frozenset[dt.date]:
    import holidays

    return frozenset(holidays.country_holidays("VN", years=range(first_year, last_year + 1)))


_cache: dict[str, tuple[tuple, workdays.WorkCalendar]] = {}


def default_calendar() -> Calendar | None:
    return Calendar.objects.filter(is_default=True).first()


def get_work_calendar(code: str | None = None) -> workdays.WorkCalendar:
    """The pure calendar for ``code`` (the default calendar when None). Cached until its
    overrides change."""
    cal = Calendar.objects.filter(code=code).first() if code else default_calendar()
    if code and cal is None:
        from cchc.core.errors import NotFound

        raise NotFound(f"Không có lịch làm việc mã «{code}».")
    key = cal.code if cal else ""
    stamp: tuple = ()
    if cal is not None:
        agg = CalendarOverride.objects.filter(calendar=cal).aggregate(n=Count("id"), m=Max("id"))
        stamp = (agg["n"], agg["m"])
    hit = _cache.get(key)
    if hit and hit[0] == stamp:
        return hit[1]
    off = set(package_days_off())
    extra: set[dt.date] = set()
    if cal is not None:
        for o in CalendarOverride.objects.filter(calendar=cal):
            if o.kind == OverrideKind.DAY_OFF:
                off.add(o.date)
                extra.discard(o.date)
            else:
                extra.add(o.date)
                off.discard(o.date)
    result = workdays.build(off, extra, first_year=FIRST_YEAR, last_year=LAST_YEAR)
    _cache[key] = (stamp, result)
    return result


def clear_cache() -> None:
    _cache.clear()
