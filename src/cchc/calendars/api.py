"""``/api/v1/calendars``: calendars, their days off and working-day arithmetic."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema

from cchc.core.errors import DomainError, NotFound

from . import selectors
from .models import Calendar

router = Router(tags=["calendars"])


class CalendarOut(Schema):
    code: str
    name: str
    is_default: bool
    agency_id: int | None = None
    base_code: str | None = None


class DayOut(Schema):
    date: dt.date
    working: bool
    kind: str
    name: str
    source: str


class AddOut(Schema):
    calendar: str
    start: dt.date
    n: int
    result: dt.date


class BetweenOut(Schema):
    calendar: str
    a: dt.date
    b: dt.date
    workdays: int


def _get(request, code: str) -> Calendar:
    cal = selectors.calendars_for(request.user).filter(code=code).first()
    if cal is None:
        raise NotFound(f"Không có lịch làm việc mã «{code}».")
    return cal


@router.get("/", response=list[CalendarOut])
def list_calendars(request):
    return [
        CalendarOut(
            code=c.code,
            name=c.name,
            is_default=c.is_default,
            agency_id=c.agency_id,
            base_code=c.base.code if c.base else None,
        )
        for c in selectors.calendars_for(request.user)
    ]


@router.get("/{code}/days", response=list[DayOut])
def days(request, code: str, year: int = Query(..., ge=1900, le=2100), all: bool = False):
    """Days off and overrides of a year (``all=true``: every day)."""
    cal = _get(request, code)
    rows = selectors.year_days(cal, year)
    return [
        DayOut(date=d.date, working=d.working, kind=d.kind, name=d.name, source=d.source)
        for d in rows
        if all or d.kind in ("holiday", "override_off", "override_work")
    ]


@router.get("/{code}/add", response=AddOut)
def add(request, code: str, start: dt.date, n: int = Query(..., ge=0, le=100000)):
    cal = _get(request, code)
    try:
        result = selectors.get_work_calendar(cal.code).add_workdays(start, n)
    except ValueError as exc:
        raise DomainError(str(exc)) from exc
    return AddOut(calendar=cal.code, start=start, n=n, result=result)


@router.get("/{code}/between", response=BetweenOut)
def between(request, code: str, a: dt.date, b: dt.date):
    cal = _get(request, code)
    try:
        count = selectors.get_work_calendar(cal.code).workdays_between(a, b)
    except ValueError as exc:
        raise DomainError(str(exc)) from exc
    return BetweenOut(calendar=cal.code, a=a, b=b, workdays=count)
