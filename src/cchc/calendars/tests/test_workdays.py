"""The pure arithmetic against a naive day-by-day reference (Hypothesis) and known cases."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.calendars import workdays

FIRST, LAST = 2020, 2023
WINDOW_START, WINDOW_END = dt.date(2020, 1, 1), dt.date(2021, 12, 31)


def naive_working(day, off, extra) -> bool:
    if day in extra:
        return True
    return day.weekday() < 5 and day not in off


def naive_add(start, n, off, extra):
    day = start
    if n == 0:
        while not naive_working(day, off, extra):
            day += dt.timedelta(days=1)
        return day
    count = 0
    while count < n:
        day += dt.timedelta(days=1)
        if naive_working(day, off, extra):
            count += 1
    return day


def naive_between(a, b, off, extra) -> int:
    sign = 1
    if b < a:
        a, b, sign = b, a, -1
    day, count = a, 0
    while day < b:
        day += dt.timedelta(days=1)
        count += naive_working(day, off, extra)
    return sign * count


window_days = st.dates(min_value=WINDOW_START, max_value=WINDOW_END)
calendars = st.tuples(
    st.frozensets(window_days, max_size=40),
    st.frozensets(window_days, max_size=15),
)


def make(off, extra):
    # An extra working day wins over a day off, as in the selector.
    return workdays.build(off - extra, extra, first_year=FIRST, last_year=LAST), off - extra, extra


@settings(max_examples=150, deadline=None)
@given(calendars, window_days, st.integers(min_value=0, max_value=250))
def test_add_workdays_matches_naive(cal, start, n):
    wc, off, extra = make(*cal)
    assert wc.add_workdays(start, n) == naive_add(start, n, off, extra)


@settings(max_examples=150, deadline=None)
@given(calendars, window_days, window_days)
def test_workdays_between_matches_naive(cal, a, b):
    wc, off, extra = make(*cal)
    assert wc.workdays_between(a, b) == naive_between(a, b, off, extra)


@settings(max_examples=60, deadline=None)
@given(
    calendars,
    st.lists(st.tuples(window_days, st.integers(0, 250)), min_size=1, max_size=40),
)
def test_vectorised_add_matches_naive(cal, pairs):
    wc, off, extra = make(*cal)
    starts = np.array([p[0] for p in pairs], dtype="datetime64[D]")
    ns = np.array([p[1] for p in pairs])
    got = wc.add_workdays_array(starts, ns)
    want = np.array([naive_add(s, n, off, extra) for s, n in pairs], dtype="datetime64[D]")
    assert (got == want).all()
    # date objects and day numbers are accepted too
    assert (wc.add_workdays_array([p[0] for p in pairs], ns) == want).all()


@settings(max_examples=60, deadline=None)
@given(calendars, st.lists(st.tuples(window_days, window_days), min_size=1, max_size=40))
def test_vectorised_between_matches_naive(cal, pairs):
    wc, off, extra = make(*cal)
    a = np.array([p[0] for p in pairs], dtype="datetime64[D]")
    b = np.array([p[1] for p in pairs], dtype="datetime64[D]")
    want = [naive_between(x, y, off, extra) for x, y in pairs]
    assert wc.workdays_between_array(a, b).tolist() == want


@given(calendars, window_days, st.integers(1, 200))
@settings(max_examples=80, deadline=None)
def test_add_then_between_is_identity(cal, start, n):
    wc, _, _ = make(*cal)
    assert wc.workdays_between(start, wc.add_workdays(start, n)) == n


def test_known_cases_on_a_plain_calendar():
    wc = workdays.build(
        [dt.date(2021, 1, 1)], [dt.date(2021, 1, 9)], first_year=2020, last_year=2022
    )
    fri = dt.date(2020, 12, 25)
    assert wc.add_workdays(fri, 1) == dt.date(2020, 12, 28)  # weekend skipped
    assert wc.add_workdays(dt.date(2020, 12, 31), 1) == dt.date(2021, 1, 4)  # 1/1 off
    assert wc.add_workdays(dt.date(2021, 1, 8), 1) == dt.date(2021, 1, 9)  # swapped Saturday
    assert wc.add_workdays(dt.date(2020, 12, 26), 0) == dt.date(2020, 12, 28)  # Sat → Mon
    assert wc.add_workdays(fri, 0) == fri
    assert wc.next_working_day(dt.date(2021, 1, 1)) == dt.date(2021, 1, 4)
    assert wc.is_working_day(dt.date(2021, 1, 9)) and not wc.is_working_day(dt.date(2021, 1, 1))
    assert wc.workdays_between(fri, fri) == 0
    assert wc.workdays_between(dt.date(2020, 12, 28), fri) == -1
    assert wc.working_days_in(dt.date(2021, 1, 1), dt.date(2021, 1, 10)) == [
        dt.date(2021, 1, 4),
        dt.date(2021, 1, 5),
        dt.date(2021, 1, 6),
        dt.date(2021, 1, 7),
        dt.date(2021, 1, 8),
        dt.date(2021, 1, 9),
    ]


def test_bad_input_is_refused():
    wc = workdays.build([], first_year=2020, last_year=2020)
    with pytest.raises(ValueError, match="không âm"):
        wc.add_workdays(dt.date(2020, 5, 5), -1)
    with pytest.raises(ValueError, match="ngoài phạm vi"):
        wc.add_workdays(dt.date(2019, 5, 5), 1)
    with pytest.raises(ValueError, match="vượt quá"):
        wc.add_workdays(dt.date(2020, 12, 30), 5)
    with pytest.raises(ValueError, match="ngoài phạm vi"):
        wc.add_workdays_array(np.array(["2021-01-01"], dtype="datetime64[D]"), [1])
    with pytest.raises(ValueError, match="không âm"):
        wc.add_workdays_array(np.array(["2020-01-01"], dtype="datetime64[D]"), [-1])
    with pytest.raises(ValueError, match="vượt quá"):
        wc.add_workdays_array(np.array(["2020-12-30"], dtype="datetime64[D]"), [5])
