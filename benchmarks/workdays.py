"""Vectorised ``add_workdays`` against ``numpy.busday_offset`` on 1,000,000 (start, n) pairs.

Run: ``PYTHONPATH=src python benchmarks/workdays.py``. No database: the national calendar is
built from the ``holidays`` package plus ``calendars.national`` overrides.

Equivalence. Ours: the n-th working day strictly after ``start``; n = 0 → ``start`` if worked,
else the next working day. numpy's ``busday_offset(start, n, roll='forward')`` first rolls a
non-working start forward to the next business day and *then* counts n, so for a non-working
start it lands one working day later than ours. The exact equivalent is
``busday_offset(start, n, roll='backward')`` for n > 0 (rolling back to the previous working
day changes nothing about "the n-th working day after") and ``roll='forward'`` for n = 0.
numpy gets the same weekday days off; it cannot express a Saturday made a working day, so rows
whose interval (start, result] contains a swapped Saturday are reported apart.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from cchc.calendars.national import national_work_calendar  # noqa: E402

N = 1_000_000
REPEAT = 5


def best(fn):
    times = []
    result = None
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main() -> None:
    rng = np.random.default_rng(20261123)
    cal = national_work_calendar(2000, 2040)
    lo = np.datetime64("2015-01-01").astype(np.int64)
    hi = np.datetime64("2030-12-31").astype(np.int64)
    starts = rng.integers(lo, hi + 1, N).astype("datetime64[D]")
    ns = rng.integers(0, 61, N)  # statutory times: 0 (same day) … 60 working days
    holidays = cal.holidays_array()
    bdc = np.busdaycalendar(weekmask="1111100", holidays=holidays)
    positive = ns > 0

    t_ours, ours = best(lambda: cal.add_workdays_array(starts, ns))
    t_raw, _ = best(lambda: np.busday_offset(starts, ns, roll="forward", busdaycal=bdc))

    def numpy_equivalent():
        out = np.busday_offset(starts, ns, roll="backward", busdaycal=bdc)
        zero = ~positive
        out[zero] = np.busday_offset(starts[zero], 0, roll="forward", busdaycal=bdc)
        return out

    t_equiv, ref = best(numpy_equivalent)

    swaps = np.array(sorted(cal.extra_working_days), dtype="datetime64[D]")
    end = np.maximum(ours, ref)
    # a swapped Saturday s with start < s <= end  ⇔  count of swaps <= end minus those <= start
    touched = (
        np.searchsorted(swaps, end, side="right") - np.searchsorted(swaps, starts, side="right") > 0
    )
    # n = 0 on a swapped Saturday itself: ours keeps it, numpy rolls to Monday
    touched |= np.isin(starts, swaps) & ~positive
    differ = ours != ref
    clean_equal = bool((~differ[~touched]).all())

    rows = [
        ("ours: WorkCalendar.add_workdays_array", t_ours, t_ours / t_raw, t_ours / t_equiv),
        ("numpy.busday_offset(roll='forward')", t_raw, 1.0, t_raw / t_equiv),
        ("numpy equivalent (backward, n=0 forward)", t_equiv, t_equiv / t_raw, 1.0),
    ]
    print(f"{N:,} (start, n) pairs, starts 2015-01-01..2030-12-31, n in 0..60, best of {REPEAT}")
    print(f"{'method':<44}{'time (ms)':>11}{'× raw numpy':>13}{'× numpy equiv':>15}")
    for name, t, r1, r2 in rows:
        print(f"{name:<44}{t * 1000:>11.1f}{r1:>13.2f}{r2:>15.2f}")
    print()
    print(f"{'rows':<44}{'count':>11}")
    print(f"{'no swapped Saturday in range':<44}{int((~touched).sum()):>11,}")
    print(f"{'  of which equal to numpy':<44}{int((~differ & ~touched).sum()):>11,}")
    print(f"{'swapped Saturday in range':<44}{int(touched.sum()):>11,}")
    print(f"{'  of which differing (caused by swaps)':<44}{int((differ & touched).sum()):>11,}")
    print(f"equal where no swap falls in range: {'yes' if clean_equal else 'NO'}")
    if not clean_equal:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
