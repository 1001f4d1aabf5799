"""The legal clock, table-driven on real dates around Tết 2024 and 2025 (DOMAIN 5, 6)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.calendars import workdays
from cchc.dossiers import rules

from .conftest import OFF, WORK

CAL = workdays.build(OFF, WORK, first_year=2023, last_year=2027)
D = dt.datetime


@pytest.mark.parametrize(
    ("received", "amount", "due"),
    [
        # Wednesday 7/2/2024 morning, the day before Tết: counted from that day.
        (D(2024, 2, 7, 10, 0), 3, dt.date(2024, 2, 19)),
        # The same day after the 15:00 cut-off: counted from Thursday 15/2 after Tết.
        (D(2024, 2, 7, 15, 0), 3, dt.date(2024, 2, 20)),
        (D(2024, 2, 7, 14, 59), 1, dt.date(2024, 2, 15)),
        # Received on a Tết day (online): next working day 15/2.
        (D(2024, 2, 10, 9, 0), 1, dt.date(2024, 2, 16)),
        # Friday 24/1/2025 after the cut-off: Tết 25/1–2/2, counted from Mon 3/2.
        (D(2025, 1, 24, 16, 30), 2, dt.date(2025, 2, 5)),
        (D(2025, 1, 24, 8, 0), 1, dt.date(2025, 2, 3)),
        # The swapped Saturday 26/4/2025 is a working day.
        (D(2025, 4, 25, 9, 0), 1, dt.date(2025, 4, 26)),
        # Saturday received (online) counts from Monday.
        (D(2024, 3, 2, 9, 0), 1, dt.date(2024, 3, 5)),
    ],
)
def test_due_date_days(received, amount, due):
    appt = rules.appointment(received, Decimal(amount), rules.DAYS, CAL, 15)
    assert appt.due_date == due
    assert appt.due_at == D.combine(due, dt.time(17, 0))


def test_cutoff_hour_is_a_parameter():
    received = D(2024, 2, 7, 16, 0)
    assert rules.appointment(received, 1, rules.DAYS, CAL, 17).due_date == dt.date(2024, 2, 15)
    assert rules.appointment(received, 1, rules.DAYS, CAL, 15).due_date == dt.date(2024, 2, 16)


def test_clock_start_after_cutoff_is_next_opening():
    appt = rules.appointment(D(2024, 2, 7, 16, 0), 3, rules.DAYS, CAL, 15)
    assert appt.clock_start == D(2024, 2, 15, 7, 30)


@pytest.mark.parametrize(
    ("received", "hours", "due"),
    [
        (D(2024, 3, 4, 8, 0), 4, D(2024, 3, 4, 14, 0)),  # 8:00 + 3.5h morning + 0.5h
        (D(2024, 3, 4, 16, 0), 4, D(2024, 3, 5, 10, 30)),  # 1h today, 3h tomorrow
        (D(2024, 3, 4, 12, 0), 2, D(2024, 3, 4, 15, 30)),  # lunch break: from 13:30
        (D(2024, 2, 7, 16, 30), 1, D(2024, 2, 15, 8, 0)),  # Tết in between
        (D(2024, 3, 4, 7, 0), 8, D(2024, 3, 5, 8, 0)),  # 7.5h a day
    ],
)
def test_due_hours(received, hours, due):
    appt = rules.appointment(received, hours, rules.HOURS, CAL, 15)
    assert appt.due_at == due
    assert appt.due_date == due.date()


def test_same_day_and_cutoff():
    assert rules.appointment(D(2024, 3, 4, 9, 0), None, rules.SAME_DAY, CAL, 15).due_at == D(
        2024, 3, 4, 17, 0
    )
    assert rules.appointment(D(2024, 3, 4, 15, 10), None, rules.SAME_DAY, CAL, 15).due_date == (
        dt.date(2024, 3, 5)
    )


def test_no_time_limit():
    appt = rules.appointment(D(2024, 3, 4, 9, 0), None, rules.NONE, CAL, 15)
    assert appt.due_date is None and appt.due_at is None


def test_half_days():
    # 0,5 ngày after Monday 4/3 → Tuesday noon-ish (3h45 of office time from 7:30).
    appt = rules.appointment(D(2024, 3, 4, 9, 0), Decimal("0.5"), rules.DAYS, CAL, 15)
    assert appt.due_at == D(2024, 3, 5, 11, 15)


def test_step_deadlines_cumulate_to_the_appointment():
    steps: list[tuple[Decimal | int, str]] = [
        (Decimal("0.5"), rules.DAYS),
        (Decimal("3.5"), rules.DAYS),
        (1, rules.DAYS),
    ]
    received = D(2024, 2, 6, 10, 0)
    times = rules.step_deadlines(received, rules.DAYS, steps, CAL, 15)
    due = rules.appointment(received, 5, rules.DAYS, CAL, 15).due_at
    assert times[-1] == due
    assert times[0] == D(2024, 2, 7, 11, 15)
    assert times[0] < times[1] < times[2]


@pytest.mark.parametrize(
    ("day", "rule_set"),
    [(dt.date(2025, 6, 30), "2018"), (dt.date(2025, 7, 1), "2025"), (dt.date(2018, 7, 1), "2018")],
)
def test_rule_set(day, rule_set):
    assert rules.rule_set_for(day) == rule_set


@pytest.mark.parametrize(
    ("finished", "due", "expected"),
    [
        (dt.date(2024, 3, 4), dt.date(2024, 3, 5), "early"),
        (dt.date(2024, 3, 5), dt.date(2024, 3, 5), "on_time"),
        (dt.date(2024, 3, 6), dt.date(2024, 3, 5), "late"),
        (dt.date(2024, 3, 6), None, "on_time"),
    ],
)
def test_timeliness(finished, due, expected):
    assert rules.timeliness(finished, due) == expected


def test_hours_late_by_the_minute():
    due = D(2024, 3, 4, 15, 0)
    assert rules.timeliness_at(D(2024, 3, 4, 15, 1), due, due.date(), rules.HOURS) == "late"
    assert rules.timeliness_at(D(2024, 3, 4, 15, 1), due, due.date(), rules.DAYS) == "on_time"


def test_office_hours_setting():
    hours = rules.OfficeHours.parse("08:00-12:00,13:00-17:00")
    assert hours.day_minutes == 480
    with pytest.raises(ValueError):
        rules.OfficeHours.parse("12:00-08:00")
    appt = rules.appointment(D(2024, 3, 4, 11, 0), 2, rules.HOURS, CAL, 15, hours)
    assert appt.due_at == D(2024, 3, 4, 14, 0)


def test_due_soon():
    assert rules.is_due_soon(dt.date(2024, 2, 7), dt.date(2024, 2, 15), CAL)
    assert not rules.is_due_soon(dt.date(2024, 2, 7), dt.date(2024, 2, 16), CAL)


@given(
    st.dates(dt.date(2023, 1, 2), dt.date(2026, 12, 1)),
    st.integers(0, 23),
    st.integers(1, 40),
)
def test_appointment_properties(day, hour, n):
    received = D.combine(day, dt.time(hour, 0))
    appt = rules.appointment(received, n, rules.DAYS, CAL, 15)
    assert appt.due_date is not None
    assert CAL.is_working_day(appt.due_date)
    assert appt.due_date > day
    eff = rules.effective_receipt_day(received, CAL, 15)
    assert CAL.workdays_between(eff, appt.due_date) == n
    # The vectorised generator path gives the same date.
    import numpy as np

    arr = CAL.add_workdays_array(np.array([eff], dtype="datetime64[D]"), [n])
    assert arr[0].astype(dt.date) == appt.due_date
