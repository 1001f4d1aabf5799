"""The legal clock of a dossier, pure: no ORM, no settings (callers pass them in).

- Working days (Decree 61/2018 Art. 19, kept by Decree 118/2025): the statutory time runs from
  the receipt of a complete dossier and the day of receipt is not counted, so the appointment is
  the N-th working day after the effective receipt day (``WorkCalendar.add_workdays``).
- A dossier received after the province's cut-off hour (15:00 by default, DOMAIN 5 [check]) or
  on a day off counts as received on the next working day.
- Procedures in working hours count working time inside office hours. Office hours are an
  assumption made editable (the setting ``DOSSIER_WORKING_HOURS``): 7:30–11:30 and 13:30–17:00,
  the schedule most provinces publish; the cut-off hour does not apply to them (the hours run
  from the moment of receipt, or from the next opening if received outside office hours).
- "Trong ngày" (same day): the result is due at closing time of the effective receipt day, so
  a dossier received after the cut-off hour is due at closing time of the next working day.
- A supplement requested during processing **pauses** the clock (Decree 61/2018 Art. 19 as
  amended by Decree 107/2021, DOMAIN 5 [check the article]: "thời gian đã giải quyết lần đầu
  được tính trong thời gian giải quyết"): the working days used until the request count, and
  when the complete dossier comes back the appointment is the day of return (not counted, like
  the day of receipt) plus the working days that were left (``resume_appointment``). Some
  specialised laws restart the time from zero: the rule is data per procedure
  (``SUPPLEMENT_PAUSE`` / ``SUPPLEMENT_RESTART``).
- The apology (form 04) is due before the appointment passes: at the latest ``lead`` working
  days before it (``apology_deadline``); one recorded later is a late apology.
- Dossiers received before 1/7/2025 follow Decree 61/2018 and the forms of Circular 01/2018;
  from that day Decree 118/2025 and Circular 03/2025.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from cchc.calendars.workdays import WorkCalendar

RULES_2025_FROM = dt.date(2025, 7, 1)

DAYS = "days"
HOURS = "hours"
SAME_DAY = "same_day"
NONE = "none"

SUPPLEMENT_PAUSE = "pause"
SUPPLEMENT_RESTART = "restart"

# Circular 04/2025/TT-VPCP's code form applies to dossiers received from this day (DOMAIN 5).
CODE_2025_FROM = dt.date(2026, 1, 25)

EARLY = "early"
ON_TIME = "on_time"
LATE = "late"


@dataclass(frozen=True)
class OfficeHours:
    """Working periods of a day as (start, end) times, in order."""

    periods: tuple[tuple[dt.time, dt.time], ...] = (
        (dt.time(7, 30), dt.time(11, 30)),
        (dt.time(13, 30), dt.time(17, 0)),
    )

    @classmethod
    def parse(cls, spec: Sequence[str] | str) -> OfficeHours:
        """``"07:30-11:30,13:30-17:00"`` or a list of ``"HH:MM-HH:MM"``."""
        items = spec.split(",") if isinstance(spec, str) else list(spec)
        periods = []
        for item in items:
            a, b = item.strip().split("-")
            periods.append((dt.time.fromisoformat(a.strip()), dt.time.fromisoformat(b.strip())))
        if not periods or any(a >= b for a, b in periods):
            raise ValueError("Giờ làm việc không hợp lệ.")
        return cls(tuple(periods))

    @property
    def opening(self) -> dt.time:
        return self.periods[0][0]

    @property
    def closing(self) -> dt.time:
        return self.periods[-1][1]

    @property
    def day_minutes(self) -> int:
        return sum(_minutes(b) - _minutes(a) for a, b in self.periods)


DEFAULT_HOURS = OfficeHours()


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def rule_set_for(received: dt.date) -> str:
    """ "2018" before 1/7/2025 (Decree 61/2018), "2025" from then on (Decree 118/2025)."""
    return "2025" if received >= RULES_2025_FROM else "2018"


def effective_receipt_day(received_at: dt.datetime, cal: WorkCalendar, cutoff_hour: int) -> dt.date:
    """The day the dossier counts as received: the day itself, or the next working day when
    received on a day off or at/after the cut-off hour. ``received_at`` is local time."""
    day = received_at.date()
    if not cal.is_working_day(day) or received_at.hour >= cutoff_hour:
        return cal.add_workdays(day, 1)
    return day


def add_working_minutes(
    start: dt.datetime, minutes: int, cal: WorkCalendar, hours: OfficeHours = DEFAULT_HOURS
) -> dt.datetime:
    """``start`` (naive local) plus ``minutes`` of office time; landing exactly on the end of a
    period stays there (the work is due at closing time, not the next morning)."""
    if minutes < 0:
        raise ValueError("Số phút phải không âm.")
    day = start.date()
    at = _minutes(start.time())
    remaining = minutes
    while True:
        if cal.is_working_day(day):
            for a, b in hours.periods:
                lo, hi = _minutes(a), _minutes(b)
                if at >= hi:
                    continue
                at = max(at, lo)
                if remaining <= hi - at:
                    end = at + remaining
                    return dt.datetime.combine(day, dt.time(end // 60, end % 60))
                remaining -= hi - at
                at = hi
        day = cal.add_workdays(day, 1)
        at = 0


def clock_start(
    received_at: dt.datetime,
    unit: str,
    cal: WorkCalendar,
    cutoff_hour: int,
    hours: OfficeHours = DEFAULT_HOURS,
) -> dt.datetime:
    """When the statutory time starts running (naive local)."""
    if unit == HOURS:
        return add_working_minutes(received_at, 0, cal, hours)
    day = effective_receipt_day(received_at, cal, cutoff_hour)
    if day == received_at.date():
        return received_at
    return dt.datetime.combine(day, hours.opening)


@dataclass(frozen=True)
class Appointment:
    due_at: dt.datetime | None  # naive local
    due_date: dt.date | None
    clock_start: dt.datetime


def appointment(
    received_at: dt.datetime,
    amount: Decimal | float | int | None,
    unit: str,
    cal: WorkCalendar,
    cutoff_hour: int,
    hours: OfficeHours = DEFAULT_HOURS,
) -> Appointment:
    """The appointment of a dossier received (or completed again after a supplement) at
    ``received_at`` (naive local time) for a procedure of ``amount`` ``unit``.

    Fractional working days (0,5 ngày) are counted as office time: half a day is half of the
    day's office minutes after the effective receipt day's closing time."""
    start = clock_start(received_at, unit, cal, cutoff_hour, hours)
    if unit == NONE or (amount is None and unit != SAME_DAY):
        return Appointment(None, None, start)
    if unit == SAME_DAY:
        day = effective_receipt_day(received_at, cal, cutoff_hour)
        due = dt.datetime.combine(day, hours.closing)
        return Appointment(due, day, start)
    value = Decimal(str(amount))
    if unit == HOURS:
        due = add_working_minutes(start, int((value * 60).to_integral_value()), cal, hours)
        return Appointment(due, due.date(), start)
    day = effective_receipt_day(received_at, cal, cutoff_hour)
    if value == value.to_integral_value():
        due_day = cal.add_workdays(day, int(value))
        return Appointment(dt.datetime.combine(due_day, hours.closing), due_day, start)
    eod = dt.datetime.combine(day, hours.closing)
    due = add_working_minutes(eod, math.ceil(value * hours.day_minutes), cal, hours)
    return Appointment(due, due.date(), start)


def step_deadlines(
    received_at: dt.datetime,
    unit: str,
    allowances: Sequence[tuple[Decimal | float | int, str]],
    cal: WorkCalendar,
    cutoff_hour: int,
    hours: OfficeHours = DEFAULT_HOURS,
) -> list[dt.datetime]:
    """Due time of each internal step B1…Bn, cumulated (DOMAIN 4: a province splits the
    statutory time into steps with allowances). Like the appointment, day allowances count
    whole office days after the effective receipt day; hour allowances count office time from
    the clock start for procedures in hours; "trong ngày" and none add nothing."""
    if unit == HOURS:
        anchor = clock_start(received_at, unit, cal, cutoff_hour, hours)
    else:
        base = effective_receipt_day(received_at, cal, cutoff_hour)
        anchor = dt.datetime.combine(base, hours.closing)
    cursor_minutes = 0
    result = []
    for amount, unit in allowances:
        value = Decimal(str(amount or 0))
        if unit == DAYS:
            cursor_minutes += math.ceil(value * hours.day_minutes)
        elif unit == HOURS:
            cursor_minutes += math.ceil(value * 60)
        result.append(add_working_minutes(anchor, cursor_minutes, cal, hours))
    return result


def timeliness(finished: dt.date, due: dt.date | None) -> str:
    """Early before the appointment, on time on its day, late after (DOMAIN 7). The apology's
    new date is never passed here: it does not make a late dossier on time."""
    if due is None:
        return ON_TIME
    if finished < due:
        return EARLY
    return ON_TIME if finished == due else LATE


def timeliness_at(
    finished_at: dt.datetime, due_at: dt.datetime | None, due_date: dt.date | None, unit: str
) -> str:
    """As ``timeliness``; procedures in hours are late after the due minute, not the due day."""
    if unit == HOURS and due_at is not None and finished_at > due_at:
        return LATE
    return timeliness(finished_at.date(), due_date)


def overdue_as_of(date_to: dt.date, today: dt.date) -> dt.date:
    """The day "overdue" is read on for a period ending ``date_to``: the earlier of its end and
    today (a period ending in the future is counted as of today; nothing is overdue before its
    appointment has passed, DOMAIN 7)."""
    return min(date_to, today)


def is_overdue_on(
    as_of: dt.date,
    due_date: dt.date | None,
    *,
    received_date: dt.date | None,
    finished_date: dt.date | None,
    waiting_for_citizen: bool,
) -> bool:
    """THE definition of an overdue dossier (DOMAIN 7), used by every page, list, report and
    API (``selectors.overdue_q`` is the same rule for the database): received by ``as_of``, not
    finished by then, its clock running (not waiting for the citizen's supplement) and its
    appointment passed — the whole due day belongs to the office."""
    if due_date is None or received_date is None or received_date > as_of:
        return False
    if finished_date is not None and finished_date <= as_of:
        return False
    if waiting_for_citizen:
        return False
    return due_date < as_of


def is_overdue(
    now: dt.datetime, due_at: dt.datetime | None, due_date: dt.date | None, unit: str
) -> bool:
    """Has the appointment passed, to the minute? Used to require the apology before a late
    result (for procedures in hours the due minute counts); the figure "overdue" is
    ``is_overdue_on``."""
    if due_date is None:
        return False
    if unit == HOURS and due_at is not None:
        return now > due_at
    return now.date() > due_date


def is_due_soon(
    today: dt.date, due_date: dt.date | None, cal: WorkCalendar, within: int = 1
) -> bool:
    """Not yet late but due within ``within`` working days: the queue's "sắp đến hạn"."""
    if due_date is None or due_date < today:
        return False
    return due_date <= cal.add_workdays(today, within)


# -- supplement during processing: the clock pauses -------------------------------------------


def working_minutes_between(
    a: dt.datetime, b: dt.datetime, cal: WorkCalendar, hours: OfficeHours = DEFAULT_HOURS
) -> int:
    """Office minutes from ``a`` to ``b`` (naive local); 0 when ``b`` is not after ``a``."""
    if b <= a:
        return 0
    total = 0
    day = a.date()
    while day <= b.date():
        if cal.is_working_day(day):
            for lo, hi in hours.periods:
                start = dt.datetime.combine(day, lo)
                end = dt.datetime.combine(day, hi)
                lo_at, hi_at = max(start, a), min(end, b)
                if hi_at > lo_at:
                    total += int((hi_at - lo_at).total_seconds() // 60)
        day += dt.timedelta(days=1)
    return total


def time_used(
    clock_start: dt.datetime,
    paused_at: dt.datetime,
    unit: str,
    cal: WorkCalendar,
    cutoff_hour: int,
    hours: OfficeHours = DEFAULT_HOURS,
) -> Decimal:
    """Statutory time spent between the clock start and a supplement request, in the
    procedure's unit. Days: the working days after the effective start day up to and including
    the day of the request (the office worked on it that day); hours: office time."""
    if unit == HOURS:
        return Decimal(working_minutes_between(clock_start, paused_at, cal, hours)) / 60
    if unit != DAYS:
        return Decimal(0)
    start_day = effective_receipt_day(clock_start, cal, cutoff_hour)
    return Decimal(max(0, cal.workdays_between(start_day, paused_at.date())))


def time_left(
    amount: Decimal | float | int | None,
    used: Decimal,
    rule: str,
) -> Decimal | None:
    """What the clock still holds when the complete file comes back: the whole time again
    under ``restart``, the time not yet used under ``pause`` (never below zero: a request made
    after the appointment leaves nothing, the return day is the appointment)."""
    if amount is None:
        return None
    total = Decimal(str(amount))
    if rule == SUPPLEMENT_RESTART:
        return total
    return max(Decimal(0), total - used)


def resume_appointment(
    returned_at: dt.datetime,
    left: Decimal | None,
    unit: str,
    cal: WorkCalendar,
    cutoff_hour: int,
    hours: OfficeHours = DEFAULT_HOURS,
) -> Appointment:
    """The appointment once the complete file is back at ``returned_at``: the day of return
    counts like a day of receipt (not counted; after the cut-off hour or on a day off, from
    the next working day) and ``left`` working days (or hours) are added."""
    return appointment(returned_at, left, unit, cal, cutoff_hour, hours)


# -- the apology is due before the appointment passes ------------------------------------------


def apology_deadline(due_date: dt.date | None, lead: int, cal: WorkCalendar) -> dt.date | None:
    """The last day an apology (form 04) is on time: ``lead`` working days before the
    appointment (DOMAIN 5: "at the latest one working day before it" [check]; ``lead`` is the
    setting ``DOSSIER_APOLOGY_LEAD_DAYS``). With ``lead`` 0 the appointment day itself."""
    if due_date is None:
        return None
    day = due_date
    n = max(0, lead)
    while n > 0:
        day -= dt.timedelta(days=1)
        if cal.is_working_day(day):
            n -= 1
    return day


def is_apology_late(apologized_on: dt.date, deadline: dt.date | None) -> bool:
    """An apology after its deadline is kept but does not meet the duty (DOMAIN 5, 7)."""
    return deadline is not None and apologized_on > deadline


def needs_apology_warning(
    today: dt.date, deadline: dt.date | None, cal: WorkCalendar, within: int = 1
) -> bool:
    """The queue warns while there is still time: the apology's deadline is today or within
    ``within`` working days (after the deadline only a late apology is possible)."""
    if deadline is None or deadline < today:
        return False
    return deadline <= cal.add_workdays(today, within)


# -- dossier codes by date --------------------------------------------------------------------


def code_form_for(received: dt.date) -> str:
    """ "2025" (Circular 04/2025: ``<ID>-YYMMDD-AAXXXX``) for dossiers received from 25/01/2026,
    "legacy" (``<ID>-YYMMDD-XXXX``, the form of the period) before."""
    return "2025" if received >= CODE_2025_FROM else "legacy"
