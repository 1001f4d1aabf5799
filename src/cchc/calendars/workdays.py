"""Working-day arithmetic on the Vietnamese public-sector calendar. Pure: no ORM.

A ``WorkCalendar`` holds the sorted ordinals of every working day in a window of years. Then
``add_workdays`` is a binary search plus an index step, in Python for one date and in numpy
(``searchsorted``) for millions, which is why it keeps pace with ``numpy.busday_offset`` while
also knowing the Saturdays that a swap turns into working days (which numpy cannot express).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

_EPOCH = dt.date(1970, 1, 1).toordinal()


def _to_days(values) -> np.ndarray:
    """Dates (or datetime64) → int64 days since 1970-01-01."""
    arr = np.asarray(values)
    if arr.dtype.kind == "M":
        return arr.astype("datetime64[D]").astype(np.int64)
    if arr.dtype.kind in "iu":
        return arr.astype(np.int64)
    return np.array([d.toordinal() - _EPOCH for d in arr.ravel()], dtype=np.int64).reshape(
        arr.shape
    )


@dataclass(frozen=True)
class WorkCalendar:
    """Days off (beyond weekends) and extra working days, valid for [first_year, last_year]."""

    days_off: frozenset[dt.date] = field(default_factory=frozenset)
    extra_working_days: frozenset[dt.date] = field(default_factory=frozenset)
    first_year: int = 2000
    last_year: int = 2040

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
            idx = idx[(idx >= 0) & (idx < days.size)]
            working[idx] = False
        if extra.size:
            idx = extra - days[0]
            idx = idx[(idx >= 0) & (idx < days.size)]
            working[idx] = True
        object.__setattr__(self, "_working_days", days[working])
        object.__setattr__(self, "_working_list", days[working].tolist())
        object.__setattr__(self, "_lo", int(days[0]))
        object.__setattr__(self, "_hi", int(days[-1]))

    # -- single dates -----------------------------------------------------------------------
    def _check(self, day: int) -> None:
        if not (self._lo <= day <= self._hi):  # type: ignore[attr-defined]
            raise ValueError(f"Ngày nằm ngoài lịch làm việc ({self.first_year}–{self.last_year}).")

    def is_working_day(self, day: dt.date) -> bool:
        n = day.toordinal() - _EPOCH
        self._check(n)
        lst = self._working_list  # type: ignore[attr-defined]
        i = bisect.bisect_left(lst, n)
        return i < len(lst) and lst[i] == n

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after ``start`` (``start`` not counted). n = 0 gives ``start``
        if it is a working day, else the next working day."""
        if n < 0:
            raise ValueError("Số ngày làm việc phải không âm.")
        s = start.toordinal() - _EPOCH
        self._check(s)
        lst = self._working_list  # type: ignore[attr-defined]
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
        lst = self._working_list  # type: ignore[attr-defined]
        return bisect.bisect_right(lst, y) - bisect.bisect_right(lst, x)

    def working_days_in(self, a: dt.date, b: dt.date) -> list[dt.date]:
        """Working days in [a, b]."""
        lst = self._working_list  # type: ignore[attr-defined]
        x, y = a.toordinal() - _EPOCH, b.toordinal() - _EPOCH
        return [
            dt.date.fromordinal(d + _EPOCH)
            for d in lst[bisect.bisect_left(lst, x) : bisect.bisect_right(lst, y)]
        ]

    # -- vectorised -------------------------------------------------------------------------
    def add_workdays_array(self, starts, ns) -> np.ndarray:
        """Vectorised ``add_workdays``: arrays of dates (datetime64[D] or day numbers) and
        counts → datetime64[D]."""
        s = _to_days(starts)
        n = np.asarray(ns, dtype=np.int64)
        if s.size and (s.min() < self._lo or s.max() > self._hi):  # type: ignore[attr-defined]
            raise ValueError("Có ngày nằm ngoài lịch làm việc.")
        if n.size and n.min() < 0:
            raise ValueError("Số ngày làm việc phải không âm.")
        wd = self._working_days  # type: ignore[attr-defined]
        right = np.searchsorted(wd, s, side="right")
        left = np.searchsorted(wd, s, side="left")
        idx = np.where(n > 0, right + n - 1, left)
        if idx.size and idx.max() >= wd.size:
            raise ValueError("Kết quả vượt quá phạm vi của lịch làm việc.")
        return wd[idx].astype("datetime64[D]")

    def workdays_between_array(self, a, b) -> np.ndarray:
        wd = self._working_days  # type: ignore[attr-defined]
        return np.searchsorted(wd, _to_days(b), side="right") - np.searchsorted(
            wd, _to_days(a), side="right"
        )

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
