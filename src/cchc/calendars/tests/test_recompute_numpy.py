from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from cchc.calendars import recompute
from cchc.calendars.national import national_work_calendar
from cchc.calendars.tasks import recompute_open_deadlines


@pytest.fixture(autouse=True)
def only_test_recomputers(monkeypatch):
    """Apps register their recomputers at start-up (dossiers does); these tests look at the
    registry's mechanics with their own recomputers only."""
    monkeypatch.setattr(recompute, "_registry", [])


def test_run_all_calls_every_recomputer_and_reports_failures():
    seen = []

    def ok(code, dates):
        seen.append((code, dates))
        return 3

    def broken(code, dates):
        raise RuntimeError("hỏng")

    recompute.register(ok)
    recompute.register(broken)
    try:
        with pytest.raises(RuntimeError):
            recompute.run_all("vn", ["2026-01-02", dt.date(2026, 1, 2), "2025-12-31"])
        # the healthy recomputer ran although the other failed; dates deduplicated and sorted
        assert seen == [("vn", [dt.date(2025, 12, 31), dt.date(2026, 1, 2)])]
        recompute.unregister(broken)
        name = f"{ok.__module__}.{ok.__qualname__}"
        assert recompute.run_all("vn", []) == {name: 3}
    finally:
        recompute.unregister(ok)
        recompute.unregister(broken)


@pytest.mark.django_db
def test_task_runs_the_registry_through_django_tasks():
    seen = []

    def rec(code, dates):
        seen.append(code)
        return len(dates)

    recompute.register(rec)
    try:
        result = recompute_open_deadlines.enqueue("vn", ["2026-01-02"])
        assert seen == ["vn"]
        assert result.return_value is not None
        assert list(result.return_value.values()) == [1]
    finally:
        recompute.unregister(rec)


def test_vectorised_add_equals_numpy_busday_offset_where_no_swap():
    """The equivalence the benchmark relies on: ours = busday_offset(roll='backward') for n > 0
    and roll='forward' for n = 0, with the same weekday days off."""
    cal = national_work_calendar(2000, 2040)
    rng = np.random.default_rng(7)
    lo, hi = np.datetime64("2015-01-01").astype(int), np.datetime64("2030-12-31").astype(int)
    starts = rng.integers(lo, hi + 1, 20000).astype("datetime64[D]")
    ns = rng.integers(0, 61, 20000)
    ours = cal.add_workdays_array(starts, ns)
    bdc = np.busdaycalendar(weekmask="1111100", holidays=cal.holidays_array())
    ref = np.busday_offset(starts, ns, roll="backward", busdaycal=bdc)
    zero = ns == 0
    ref[zero] = np.busday_offset(starts[zero], 0, roll="forward", busdaycal=bdc)
    swaps = np.array(sorted(cal.extra_working_days), dtype="datetime64[D]")
    end = np.maximum(ours, ref)
    touched = (
        np.searchsorted(swaps, end, side="right") - np.searchsorted(swaps, starts, side="right")
    ) > 0
    touched |= np.isin(starts, swaps) & zero
    assert (ours[~touched] == ref[~touched]).all()
    assert (ours[touched] != ref[touched]).any()  # the swapped Saturdays do change results
