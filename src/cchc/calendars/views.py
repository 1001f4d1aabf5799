from __future__ import annotations

import calendar as pycal
import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cchc.core.errors import DomainError

from . import selectors, services
from .forms import OverrideForm
from .models import Calendar


def _calendar_for(user, code: str) -> Calendar:
    """The one access helper: a calendar the user may read, else 404."""
    cal = selectors.calendars_for(user).filter(code=code).first()
    if cal is None:
        raise Http404
    return cal


@login_required
def index(request):
    calendars = list(selectors.calendars_for(request.user))
    return render(
        request,
        "calendars/index.html",
        {"calendars": calendars, "year": timezone.localdate().year},
    )


@login_required
def detail(request, code: str):
    _calendar_for(request.user, code)
    return redirect("calendars:year", code=code, year=timezone.localdate().year)


WEEKDAYS = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"]


def _year_context(request, cal: Calendar, year: int, form: OverrideForm | None = None) -> dict:
    try:
        days = selectors.year_days(cal, year)
    except DomainError as exc:
        raise Http404 from exc
    by_date = {d.date: d for d in days}
    months = []
    for m in range(1, 13):
        weeks = []
        for week in pycal.Calendar(firstweekday=0).monthdatescalendar(year, m):
            weeks.append([by_date[d] if d.month == m else None for d in week])
        months.append({"number": m, "weeks": weeks})
    special = [d for d in days if d.kind in ("holiday", "override_off", "override_work")]
    return {
        "cal": cal,
        "year": year,
        "months": months,
        "weekdays": WEEKDAYS,
        "special": special,
        "working_count": sum(1 for d in days if d.working),
        "can_edit": services.can_edit(request.user, cal),
        "form": form or OverrideForm(initial={"date": dt.date(year, 1, 1)}),
    }


@login_required
def year(request, code: str, year: int):
    cal = _calendar_for(request.user, code)
    return render(request, "calendars/year.html", _year_context(request, cal, year))


def _after_change(request, cal: Calendar, year: int, form: OverrideForm | None = None):
    ctx = _year_context(request, cal, year, form)
    if request.htmx:
        return render(request, "calendars/_year_body.html", ctx)
    return redirect("calendars:year", code=cal.code, year=year)


@login_required
@require_POST
def override_add(request, code: str, year: int):
    cal = _calendar_for(request.user, code)
    if not services.can_edit(request.user, cal):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    form = OverrideForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.override_set(
                actor=request.user,
                calendar=cal,
                date=data["date"],
                kind=data["kind"],
                name=data["name"],
                document_number=data["document_number"],
                document_date=data["document_date"],
                note=data["note"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return _after_change(request, cal, year, None)
    if not request.htmx:
        ctx = _year_context(request, cal, year, form)
        return render(request, "calendars/year.html", ctx, status=400)
    return _after_change(request, cal, year, form)


@login_required
@require_POST
def override_remove(request, code: str, year: int, day: str):
    cal = _calendar_for(request.user, code)
    if not services.can_edit(request.user, cal):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    try:
        date = dt.date.fromisoformat(day)
        services.override_remove(actor=request.user, calendar=cal, date=date)
    except (ValueError, DomainError) as exc:
        raise Http404 from exc
    return _after_change(request, cal, year)
