"""Working-day arithmetic on the Vietnamese public-sector calendar. Pure: no ORM.

Decree 61/2018 Art. 2 and Decree 118/2025 count a procedure's statutory time in *working days*:
the day of receipt is not counted, so the appointment is the N-th working day after it. A
``WorkCalendar`` holds the sorted ordinals of every working day in a window of years (weekends
and days off removed, swapped Saturdays added). ``add_workdays`` is then a binary search plus
an index step for one date; for millions of dates a dense prefix-count table over the window
turns the search into one gather, which is why the vectorised form keeps pace with
``numpy.busday_offset`` while also knowing the Saturdays a swap turns into working days (which
numpy's weekmask cannot express).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

_EPOCH = dt.date(1970, 1, 1).toordinal()


def _to_days(values: Any) -> np.ndarray:
    """Dates, ``datetime64`` or day numbers → int64 days since 1970-01-01."""
    arr = np.asarray(values)
    if arr.dtype.kind == "M":
        if arr.dtype != np.dtype("datetime64[D]"):
            arr = arr.astype("datetime64[D]")
        return arr.view(np.int64)
    if arr.dtype.kind in "iu":
        return arr.astype(np.int64, copy=False)
    flat = [
        (d.date() if isinstance(d, dt.datetime) else d).toordinal() - _EPOCH for d in arr.ravel()
    ]
    return np.array(flat, dtype=np.int64).reshape(arr.shape)


@dataclass(frozen=True)
class WorkCalendar:
    """Days off (beyond weekends) and extra working days, valid for [first_year, last_year]."""

    days_off: frozenset[dt.date] = field(default_factory=frozenset)
    extra_working_days: frozenset[dt.date] = field(default_factory=frozenset)
    first_year: int = 2000
    last_year: int = 2040
    _working_days: np.ndarray = field(init=False, repr=False, compare=False)
    _working_list: list[int] = field(init=False, repr=False, compare=False)
    _after: np.ndarray = field(init=False, repr=False, compare=False)
    _from: np.ndarray = field(init=False, repr=False, compare=False)
    _lo: int = field(init=False, repr=False, compare=False)
    _hi: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        start = dt.date(self.first_year, 1, 1).toordinal()
        end = dt.date(self.last_year, 12, 31).toordinal()
        days = np.arange(start - _EPOCH, end - _EPOCH + 1, dtype=np.int64)
        weekday = (days + 3) % 7  # 1970-01-01 was a Thursday → Monday = 0
        working = weekday < 5
        off = np.array([d.toordinal() - _EPOCH for d in self.days_off], dtype=np.int64)
        extra = np.array([d.toordinal() - _EPOCH for d in self.extra_working_days], dtype=np.int64)
        if off.size:
            idx = off - days[0]
            working[idx[(idx >= 0) & (idx < days.size)]] = False
        if extra.size:
            idx = extra - days[0]
            working[idx[(idx >= 0) & (idx < days.size)]] = True
        wd = days[working]
        # count[i] = working days <= days[i]; so for a start day i (0-based in the window)
        # the first working day strictly after it has index count[i] in ``wd`` and the first
        # on or after it has index count[i] - working[i].
        count = np.cumsum(working, dtype=np.int64)
        object.__setattr__(self, "_working_days", wd)
        object.__setattr__(self, "_working_list", wd.tolist())
        object.__setattr__(self, "_after", count - 1)
        object.__setattr__(self, "_from", count - working.astype(np.int64))
        object.__setattr__(self, "_lo", int(days[0]))
        object.__setattr__(self, "_hi", int(days[-1]))

    # -- single dates -----------------------------------------------------------------------
    def _check(self, day: int) -> None:
        if not (self._lo <= day <= self._hi):
            raise ValueError(
                f"Ngày nằm ngoài phạm vi lịch làm việc ({self.first_year}–{self.last_year})."
            )

    def is_working_day(self, day: dt.date) -> bool:
        n = day.toordinal() - _EPOCH
        self._check(n)
        lst = self._working_list
        i = bisect.bisect_left(lst, n)
        return i < len(lst) and lst[i] == n

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after ``start`` (``start`` not counted). n = 0 gives ``start``
        if it is a working day, else the next working day."""
        if n < 0:
            raise ValueError("Số ngày làm việc phải không âm.")
        s = start.toordinal() - _EPOCH
        self._check(s)
        lst = self._working_list
        i = bisect.bisect_right(lst, s) if n > 0 else bisect.bisect_left(lst, s)
        j = i + n - 1 if n > 0 else i
        if j >= len(lst):
            raise ValueError("Kết quả vượt quá phạm vi của lịch làm việc.")
        return dt.date.fromordinal(lst[j] + _EPOCH)

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the next one."""
        return self.add_workdays(day, 0)

    def workdays_between(self, a: dt.date, b: dt.date) -> int:
        """Working days after ``a`` up to and including ``b`` (negative if b < a)."""
        x, y = a.toordinal() - _EPOCH, b.toordinal() - _EPOCH
        self._check(x)
        self._check(y)
        lst = self._working_list
        return bisect.bisect_right(lst, y) - bisect.bisect_right(lst, x)

    def working_days_in(self, a: dt.date, b: dt.date) -> list[dt.date]:
        """Working days in [a, b]."""
        lst = self._working_list
        x, y = a.toordinal() - _EPOCH, b.toordinal() - _EPOCH
        return [
            dt.date.fromordinal(d + _EPOCH)
            for d in lst[bisect.bisect_left(lst, x) : bisect.bisect_right(lst, y)]
        ]

    # -- vectorised -------------------------------------------------------------------------
    def _offsets(self, days: np.ndarray) -> np.ndarray:
        off = days - self._lo
        if off.size and (off.min() < 0 or off.max() > self._hi - self._lo):
            raise ValueError("Có ngày nằm ngoài phạm vi lịch làm việc.")
        return off

    def add_workdays_array(self, starts: Any, ns: Any) -> np.ndarray:
        """Vectorised ``add_workdays``: arrays of dates (datetime64[D], day numbers or
        ``date`` objects) and counts → datetime64[D]."""
        off = self._offsets(_to_days(starts))
        n = np.asarray(ns, dtype=np.int64)
        if n.size and n.min() < 0:
            raise ValueError("Số ngày làm việc phải không âm.")
        wd = self._working_days
        if n.size and n.min() > 0:
            idx = self._after[off] + n
        else:
            idx = np.where(n > 0, self._after[off] + n, self._from[off])
        if idx.size and idx.max() >= wd.size:
            raise ValueError("Kết quả vượt quá phạm vi của lịch làm việc.")
        return wd[idx].view("datetime64[D]")

    def workdays_between_array(self, a: Any, b: Any) -> np.ndarray:
        """Vectorised ``workdays_between``."""
        x = self._offsets(_to_days(a))
        y = self._offsets(_to_days(b))
        return self._after[y] - self._after[x]

    def holidays_array(self) -> np.ndarray:
        """Weekday days off, for comparison with numpy's busday functions."""
        return np.array(sorted(d for d in self.days_off if d.weekday() < 5), dtype="datetime64[D]")


def build(
    days_off: Iterable[dt.date],
    extra_working_days: Iterable[dt.date] = (),
    *,
    first_year: int = 2000,
    last_year: int = 2040,
) -> WorkCalendar:
    return WorkCalendar(
        frozenset(days_off),
        frozenset(extra_working_days),
        first_year=first_year,
        last_year=last_year,
    )
