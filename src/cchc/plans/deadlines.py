"""Vietnamese deadline phrases of reform-plan tables → kind and milestones. Pure: no Django.

Plans write the "Thời gian hoàn thành" column as free text: a date (``31/01/2018``, ``trước
ngày 30/01/2022``), a month, quarter, half or year (``Quý II/2021``, ``6 tháng đầu năm 2022``,
``Trong năm 2022``), ranges and lists (``Quý II-III/2021``, ``Quý II và Quý IV/2021``), several
labelled milestones in one cell (``- Kế hoạch UBND tỉnh trước ngày 30/01/2022 - Báo cáo chậm
nhất 10/12/2022``), recurring duties (``Thường xuyên``, ``Hàng quý và năm 2022``), deadlines
counted from an event (``chậm nhất sau 05 ngày làm việc kể từ ...``) and conditions (``Sau khi
có văn bản hướng dẫn ...``). ``parse_deadline`` reads all of them; what it cannot read it keeps
as written with kind ``unspecified`` for a person to set.

Decisions (the plans are silent; these follow how officials read them):

* ``trước ngày X`` / ``trước X`` / ``chậm nhất X`` mean "by X": the milestone is due on X itself.
  Officials treat a report filed on X as on time, and Decree 30/2020 deadlines are inclusive.
* ``trước`` before a *period* (``trước tháng 6/2022``, ``trước Quý III/2022``) means before the
  period starts: due the day before its first day, with no start.
* ``cuối`` / ``hết`` before a period (``cuối Quý II/2022``) give its last day, with no start.
* A period (month, quarter, half, year, ``Trong năm``) is due on its last day and starts on its
  first day. A range (``Quý II-III/2021``, ``Tháng 3-6/2022``) is one period from the first
  start to the last end; a list (``Quý II và Quý IV/2021``) gives one milestone per item.
* Recurring duties have ``due=None`` and a ``recurrence``; a yearly one (``Hàng năm``) is due on
  31/12 of the plan ``year`` when it is given, and ``Năm 2021 và các năm tiếp theo`` is yearly
  from 2021 (first due 31/12/2021).
* A relative deadline keeps its count, unit and event text and has ``due=None`` until the event
  is recorded (``resolve_relative``); a conditional one (``Sau khi ...``, ``Theo quy định ...``,
  ``Theo tiến độ ...``, ``Tùy theo ...``) keeps the condition in ``event`` and never gets a date
  by itself.
* A month, quarter or date written without a year takes the next year written on the same line
  (``30/6 và 30/12/2023``), else the plan ``year``; without either it is not guessed (noted, and
  the cell stays ``unspecified`` if nothing else is readable).
* ``X - Y`` between two periods is a range (``Tháng 3/2023 - Tháng 5/2023``) unless the line
  starts with a bullet, where ``-`` separates milestones (``- Tháng 01/2022 - Tháng 12/2022``,
  a cell whose paragraphs were flattened).
* A day every year (``Trước ngày 15/12 hàng năm``, ``Quý I hàng năm``) is yearly, due that day
  (or period end) of the plan ``year`` when given; ``01 lần/năm``, ``06 tháng/lần``, ``ngày 05
  hằng tháng`` are recurring too.
* Labels are the words before the time phrase without connectors (``trước ngày``, ``chậm
  nhất``); a cell with no such words gives empty labels (the products column says what each
  milestone delivers). Unreadable remainders go to ``note``.
* Bracketed remarks (``(nếu có)``) are kept in ``note`` and ignored for dates.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Protocol


class DeadlineKind(StrEnum):
    FIXED_DATE = "fixed_date"
    PERIOD = "period"
    MILESTONES = "milestones"
    RECURRING = "recurring"
    RELATIVE = "relative"
    CONDITIONAL = "conditional"
    UNSPECIFIED = "unspecified"


@dataclass(frozen=True)
class Milestone:
    label: str
    due: dt.date | None
    start: dt.date | None = None
    relative_days: int | None = None
    relative_unit: str = ""  # "working_days" / "days" / "months"
    event: str = ""  # the event a relative (or the condition a conditional) deadline waits for
    recurrence: str = ""  # "daily"/"weekly"/"monthly"/"quarterly"/"half_yearly"/"yearly"/"ongoing"


@dataclass(frozen=True)
class Deadline:
    text: str
    kind: DeadlineKind
    milestones: tuple[Milestone, ...]
    note: str = ""


class _Calendar(Protocol):
    def add_workdays(self, start: dt.date, n: int) -> dt.date: ...


# --------------------------------------------------------------------------------------------
# Text preparation: a folded copy (lower case, no diacritics) with the SAME length as the
# original, so that a match found in the folded text cuts the label out of the original.

_DASHES = str.maketrans({"–": "-", "—": "-", "−": "-", "‐": "-", "‑": "-", "\u00a0": " "})


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0]
    if unicodedata.category(base) == "Mn":
        return " "
    low = base.lower()
    return low[0] if low else " "


def _fold_aligned(text: str) -> str:
    return "".join(_fold_char(c) for c in text)


# --------------------------------------------------------------------------------------------
# Periods

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _calendar.monthrange(year, month)[1])


def _quarter(year: int, q: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q)


def _month(year: int, m: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, m, 1), _month_end(year, m)


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.month - 1 + months
    y, m = day.year + total // 12, total % 12 + 1
    return dt.date(y, m, min(day.day, _calendar.monthrange(y, m)[1]))


class _Unreadable(ValueError):
    """A phrase that looks like a date but is not one (31/02, month 13, no year)."""


def _year_of(raw: str | None, default: int | None) -> int:
    if raw:
        y = int(raw)
        if len(raw) == 2:
            y += 2000
        if not 1900 <= y <= 2200:
            raise _Unreadable(f"năm {raw} không hợp lệ")
        return y
    if default is None:
        raise _Unreadable("thiếu năm")
    return default


# --------------------------------------------------------------------------------------------
# Patterns on the folded text. Each returns ("date" | "period" | "recurring", items) where an
# item is (start, due, recurrence).

_Y = r"(\d{4}|\d{2}(?!\d))"
_Q = r"(iv|iii|ii|i|[1-4])(?![a-z0-9])"
_SEP = r"(?:-|den|toi|va|,|&|\+)"
_YEAR_TAIL = rf"(?:\s*(?:/|-|,|\.)?\s*(?:nam\s*)?{_Y})?"

_Item = tuple[dt.date | None, dt.date | None, str]
_Hit = tuple[str, list[_Item]]
_Handler = Callable[["re.Match[str]", int | None], _Hit]

_RE_RELATIVE = re.compile(
    r"(?:(?:cham nhat|muon nhat|trong vong|trong thoi han|trong|khong qua|toi da)\s+(?:la\s+)?)?"
    r"(?:sau\s+)?(\d{1,3})\s*(ngay lam viec|ngay|thang|tuan)\s*,?\s*"
    r"(?:ke tu khi|ke tu|tinh tu|ke tu ngay|tu khi|tu|sau khi|sau|khi)\s+(\S.*)"
)
_RE_CONDITIONAL = re.compile(
    r"(?:ngay\s+)?sau khi\b|(?:ngay\s+)?khi (?:co|duoc|ban hanh|trung uong|bo)\b|"
    r"\btheo (?:quy dinh|tien do|ke hoach|yeu cau|chi dao|huong dan|lo trinh|thong bao|"
    r"van ban|de nghi|thoi gian)\b|\btuy (?:theo|thuoc|tinh hinh)\b|\bcan cu\b|\bphu thuoc\b"
)


def _recurring(kind: str) -> _Handler:
    def handle(m: re.Match[str], year: int | None) -> _Hit:
        if kind == "yearly" and year is not None:
            start, due = _year(year)
            return "recurring", [(start, due, kind)]
        return "recurring", [(None, None, kind)]

    return handle


def _h_yearly_from(m: re.Match[str], year: int | None) -> _Hit:
    start, due = _year(_year_of(m.group(1), year))
    return "recurring", [(start, due, "yearly")]


def _h_half(m: re.Match[str], year: int | None) -> _Hit:
    y = _year_of(m.group(2), year)
    if m.group(1) == "cuoi":
        return "period", [(dt.date(y, 7, 1), dt.date(y, 12, 31), "")]
    return "period", [(dt.date(y, 1, 1), dt.date(y, 6, 30), "")]


def _h_six_months(m: re.Match[str], year: int | None) -> _Hit:
    y = _year_of(m.group(1), year)
    return "period", [(dt.date(y, 1, 1), dt.date(y, 6, 30), "")]


def _h_nine_months(m: re.Match[str], year: int | None) -> _Hit:
    y = _year_of(m.group(1), year)
    return "period", [(dt.date(y, 1, 1), dt.date(y, 9, 30), "")]


def _list_items(
    first: str, rest: str, item_re: str, year: int, make: Callable[[int, int], tuple]
) -> _Hit:
    values = [first]
    seps: list[str] = []
    for sep, val in re.findall(rf"{_SEP.replace('(?:', '(')}\s*{item_re}", rest):
        seps.append(sep)
        values.append(val)
    periods = [make(year, _ROMAN.get(v, 0) if not v.isdigit() else int(v)) for v in values]
    if any(s in ("-", "den", "toi") for s in seps):
        return "period", [(periods[0][0], periods[-1][1], "")]
    return "period", [(s, d, "") for s, d in periods]


def _make_quarter(year: int, q: int) -> tuple[dt.date, dt.date]:
    if not 1 <= q <= 4:
        raise _Unreadable("quý không hợp lệ")
    return _quarter(year, q)


def _make_month(year: int, m: int) -> tuple[dt.date, dt.date]:
    if not 1 <= m <= 12:
        raise _Unreadable("tháng không hợp lệ")
    return _month(year, m)


def _h_quarters(m: re.Match[str], year: int | None) -> _Hit:
    y = _year_of(m.group(3), year)
    first = str(_ROMAN[m.group(1)])
    rest = re.sub(
        r"(?<![a-z])(iv|iii|ii|i)(?![a-z0-9])", lambda x: str(_ROMAN[x.group(1)]), m.group(2)
    )
    return _list_items(first, rest, r"(?:quy\s*)?([1-4])", y, _make_quarter)


def _h_months(m: re.Match[str], year: int | None) -> _Hit:
    y = _year_of(m.group(3), year)
    return _list_items(m.group(1), m.group(2), r"(?:thang\s*)?(\d{1,2})(?!\d)", y, _make_month)


def _h_month_bare(m: re.Match[str], year: int | None) -> _Hit:
    start, due = _make_month(_year_of(m.group(2), year), int(m.group(1)))
    return "period", [(start, due, "")]


def _date(d: str, mo: str, y: str | None, year: int | None) -> dt.date:
    try:
        return dt.date(_year_of(y, year), int(mo), int(d))
    except ValueError as exc:
        if isinstance(exc, _Unreadable):
            raise
        raise _Unreadable(f"ngày {d}/{mo} không hợp lệ") from exc


def _h_date(m: re.Match[str], year: int | None) -> _Hit:
    return "date", [(None, _date(m.group(1), m.group(2), m.group(3), year), "")]


def _h_date_iso(m: re.Match[str], year: int | None) -> _Hit:
    return "date", [(None, _date(m.group(3), m.group(2), m.group(1), year), "")]


def _h_date_range(m: re.Match[str], year: int | None) -> _Hit:
    end = _date(m.group(4), m.group(5), m.group(6), year)
    start = _date(m.group(1), m.group(2), m.group(3), end.year if not m.group(3) else year)
    if start > end:
        raise _Unreadable("khoảng ngày ngược")
    return "period", [(start, end, "")]


def _h_year_range(m: re.Match[str], year: int | None) -> _Hit:
    a, b = _year_of(m.group(1), None), _year_of(m.group(2), None)
    if a > b:
        raise _Unreadable("khoảng năm ngược")
    return "period", [(dt.date(a, 1, 1), dt.date(b, 12, 31), "")]


def _h_year(m: re.Match[str], year: int | None) -> _Hit:
    start, due = _year(_year_of(m.group(1), year))
    return "period", [(start, due, "")]


def _h_year_end(m: re.Match[str], year: int | None) -> _Hit:
    return "date", [(None, dt.date(_year_of(m.group(1), year), 12, 31), "")]


def _h_year_mid(m: re.Match[str], year: int | None) -> _Hit:
    return "date", [(None, dt.date(_year_of(m.group(1), year), 6, 30), "")]


def _h_year_start(m: re.Match[str], year: int | None) -> _Hit:
    start, due = _quarter(_year_of(m.group(1), year), 1)
    return "period", [(start, due, "")]


_DATE = r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*(?:[/.\-]|,?\s*nam)\s*(\d{4}|\d{2}(?!\d)))?(?![\d/])"
_NGAY = r"(?:ngay\s*)?"


def _h_day_every_year(m: re.Match[str], year: int | None) -> _Hit:
    day, month = int(m.group(1)), int(m.group(2))
    try:
        dt.date(2000, month, day)  # a leap year: 29/02 is a valid yearly day
        due = dt.date(year, month, day) if year is not None else None
    except ValueError as exc:
        raise _Unreadable(f"ngày {day}/{month} không hợp lệ") from exc
    return "recurring", [(None, due, "yearly")]


def _h_period_every_year(m: re.Match[str], year: int | None) -> _Hit:
    value = m.group(2)
    n = _ROMAN[value] if value in _ROMAN and not value.isdigit() else int(value)
    maker = _make_quarter if m.group(1) == "quy" else _make_month
    span = maker(year if year is not None else 2000, n)  # validates the quarter or month
    return "recurring", [(None, span[1] if year is not None else None, "yearly")]


def _h_times_per(m: re.Match[str], year: int | None) -> _Hit:
    n, per = int(m.group(1)), m.group(2)
    per_year = {"nam": 1, "quy": 4, "thang": 12, "tuan": 52}[per] * n
    names = {1: "yearly", 2: "half_yearly", 4: "quarterly", 12: "monthly", 52: "weekly"}
    return _recurring(names.get(per_year, "ongoing"))(m, year)


def _h_months_per_time(m: re.Match[str], year: int | None) -> _Hit:
    names = {1: "monthly", 3: "quarterly", 6: "half_yearly", 12: "yearly"}
    return _recurring(names.get(int(m.group(1)), "ongoing"))(m, year)


_PATTERNS: list[tuple[re.Pattern[str], _Handler]] = [
    (
        re.compile(
            r"(?:ngay\s*)?(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?![\d/.])\s*,?\s*(?:cua\s+)?"
            r"(?:hang|moi)\s+nam"
        ),
        _h_day_every_year,
    ),
    (
        re.compile(
            r"(quy|thang)\s*(iv|iii|ii|i|\d{1,2})(?![a-z0-9])\s*,?\s*(?:cua\s+)?(?:hang|moi)\s+nam"
        ),
        _h_period_every_year,
    ),
    (
        re.compile(r"ngay\s*\d{1,2}\s*,?\s*(?:cua\s+)?(?:hang|moi)\s+thang"),
        _recurring("monthly"),
    ),
    (
        re.compile(r"ngay\s*\d{1,2}\s*(?:cua\s+)?thang cuoi\s+(?:cua\s+)?(?:moi\s+|hang\s+)?quy"),
        _recurring("quarterly"),
    ),
    (
        re.compile(r"(?:dinh ky\s+)?(\d{1,2})\s*lan\s*/\s*(nam|quy|thang|tuan)"),
        _h_times_per,
    ),
    (
        re.compile(r"(?:dinh ky\s+)?(\d{1,2})\s*thang\s*/\s*(?:0?1\s*|mot\s*)?lan"),
        _h_months_per_time,
    ),
    (
        re.compile(
            rf"(?:nam\s*)?{_Y}\s*(?:va|,)\s*(?:cac|nhung)\s+nam\s+(?:tiep theo|sau|ke tiep)"
        ),
        _h_yearly_from,
    ),
    (
        re.compile(r"(?:(?:nhiem vu|cong viec|thuc hien|trien khai)\s+)?(?:thuong xuyen|lien tuc)"),
        _recurring("ongoing"),
    ),
    (re.compile(r"(?:hang|moi|dinh ky(?: hang)?)\s+ngay"), _recurring("daily")),
    (re.compile(r"(?:hang|moi|dinh ky(?: hang)?)\s+tuan"), _recurring("weekly")),
    (re.compile(r"(?:hang|moi|dinh ky(?: hang)?)\s+thang"), _recurring("monthly")),
    (re.compile(r"(?:hang|moi|dinh ky(?: hang)?)\s+quy"), _recurring("quarterly")),
    (
        re.compile(r"(?:dinh ky|hang|moi)\s+(?:0?6|sau)\s+thang(?:\s+mot\s+lan)?"),
        _recurring("half_yearly"),
    ),
    (re.compile(r"(?:hang|moi|dinh ky(?: hang)?)\s+nam"), _recurring("yearly")),
    (re.compile(r"dinh ky"), _recurring("ongoing")),
    (
        re.compile(rf"(?:(?:0?6|sau)\s+thang|nua)\s+(dau|cuoi)(?:\s+nam)?{_YEAR_TAIL}"),
        _h_half,
    ),
    (re.compile(rf"(?:0?6|sau)\s+thang\s+(?:nam\s*)?{_Y}"), _h_six_months),
    (re.compile(rf"(?:0?9|chin)\s+thang(?:\s+dau)?(?:\s+nam)?{_YEAR_TAIL}"), _h_nine_months),
    (
        re.compile(
            rf"quy\s*{_Q}((?:\s*{_SEP}\s*(?:quy\s*)?(?:iv|iii|ii|i|[1-4])(?![a-z0-9]))*)"
            rf"{_YEAR_TAIL}"
        ),
        _h_quarters,
    ),
    (
        re.compile(rf"{_NGAY}{_DATE}\s*(?:-|den|toi)\s*{_NGAY}{_DATE}"),
        _h_date_range,
    ),
    (
        re.compile(rf"(?:tu\s+)?{_NGAY}{_DATE}\s*(?:den|toi)\s*{_NGAY}{_DATE}"),
        _h_date_range,
    ),
    (
        re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})(?:\s*(?:nam|/)\s*(\d{4}))?"),
        _h_date,
    ),
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"), _h_date_iso),
    (re.compile(_NGAY + _DATE), _h_date),
    (
        re.compile(
            rf"thang\s*(\d{{1,2}})(?!\d)((?:\s*{_SEP}\s*(?:thang\s*)?\d{{1,2}}(?!\d))*)"
            rf"{_YEAR_TAIL}"
        ),
        _h_months,
    ),
    (re.compile(r"(\d{1,2})\s*/\s*(\d{4})(?!\d)"), _h_month_bare),
    (
        re.compile(
            r"(?:giai doan|tu nam|nam)?\s*((?:19|20|21)\d{2})\s*(?:-|den|toi)\s*"
            r"(?:nam\s*)?((?:19|20|21)\d{2})(?!\d)"
        ),
        _h_year_range,
    ),
    (re.compile(rf"cuoi\s+nam{_YEAR_TAIL}"), _h_year_end),
    (re.compile(rf"giua\s+nam{_YEAR_TAIL}"), _h_year_mid),
    (re.compile(rf"dau\s+nam{_YEAR_TAIL}"), _h_year_start),
    (re.compile(rf"(?:trong|ca)\s+nam{_YEAR_TAIL}"), _h_year),
    (re.compile(r"nam\s*(\d{4})(?!\d)"), _h_year),
    (re.compile(r"((?:19|20|21)\d{2})(?![\d/])"), _h_year),
]

# Words before a time phrase that are connectors, not part of the milestone's label.
_CONNECTOR_TAIL = re.compile(
    r"(?:^|\s)(?:(?:hoan thanh|xong|hoan tat)\s+)?"
    r"(?:truoc|cham nhat|muon nhat|khong qua|trong|vao|den het|den|het|han chot|thoi han|tu|"
    r"cuoi|dau|giua|trong thoi gian)(?:\s+la)?(?:\s+(?:ngay|thang|quy|nam))?\s*[:,]?\s*$"
)
_EMPTY_LABELS = {"", "hoan thanh", "xong", "thuc hien", "nhiem vu", "thoi gian", "thoi han", "va"}
_TRIM = " \t-+•*·:,;./\u2022"


def _label(orig: str, folded: str) -> tuple[str, str]:
    """Label text and the connector that preceded the time phrase ("truoc", "cuoi", ...)."""
    o, f = orig, folded
    modifier = ""
    m = _CONNECTOR_TAIL.search(f)
    if m:
        words = f[m.start() :].split()
        for w in ("truoc", "cuoi", "het"):
            if w in words:
                modifier = w
        o, f = o[: m.start()], f[: m.start()]
    lead = len(f) - len(f.lstrip(_TRIM))
    o, f = o[lead:], f[lead:]
    f = re.sub(r"^(?:va|hoac)\s+", "", f)
    o = o[len(o) - len(f) :]
    o, f = o.rstrip(_TRIM), f.rstrip(_TRIM)
    f2 = re.sub(r"\s+(?:va|hoac)$", "", f)
    o = o[: len(f2)].rstrip(_TRIM)
    if f2.strip() in _EMPTY_LABELS:
        return "", modifier
    return o.strip(), modifier


def _apply_modifier(kind: str, items: list[_Item], modifier: str) -> tuple[str, list[_Item]]:
    if kind != "period" or not modifier:
        return kind, items
    if modifier == "truoc":
        return "date", [(None, s - dt.timedelta(days=1), r) for s, _d, r in items if s]
    return "date", [(None, d, r) for _s, d, r in items]


@dataclass
class _Line:
    milestones: list[tuple[str, Milestone]]  # (category, milestone)
    leftover: str  # text of a line with no time phrase (a label for the next line)


def _parse_line(orig: str, year: int | None, notes: list[str]) -> _Line:
    folded = _fold_aligned(orig)
    out: list[tuple[str, Milestone]] = []

    rel = _RE_RELATIVE.search(folded)
    if rel and (rel.start() == 0 or not folded[rel.start() - 1].isalnum()):
        n = int(rel.group(1))
        unit = {"ngay lam viec": "working_days", "ngay": "days", "thang": "months"}.get(
            rel.group(2), "days"
        )
        if rel.group(2) == "tuan":
            n *= 7
        label, _mod = _label(orig[: rel.start()], folded[: rel.start()])
        event = orig[rel.start(3) :].strip(_TRIM + " ")
        out.append(
            (
                "relative",
                Milestone(label, None, relative_days=n, relative_unit=unit, event=event),
            )
        )
        return _Line(out, "")

    pos, last_end = 0, 0
    size = len(folded)
    while pos < size:
        if not folded[pos].isalnum() or (pos > 0 and folded[pos - 1].isalnum()):
            pos += 1
            continue
        for pattern, handler in _PATTERNS:
            m = pattern.match(folded, pos)
            if not m or m.end() == pos:
                continue
            # "30/6 và 30/12/2023": a phrase without a year takes the next year written on the
            # line, then the plan's year.
            later = _YEAR_LATER.search(folded, m.end())
            try:
                kind, items = handler(m, int(later.group(1)) if later else year)
            except _Unreadable as exc:
                notes.append(f"{orig[m.start() : m.end()].strip()}: {exc}")
                pos = m.end()
                break
            between = folded[last_end : m.start()].strip(" ,")
            label, modifier = _label(orig[last_end : m.start()], folded[last_end : m.start()])
            kind, items = _apply_modifier(kind, items, modifier)
            if (
                len(out) == 1
                and len(items) == 1
                and kind == out[0][0] == "period"
                and between in ("-", "den", "toi", "den het")
                and not _BULLET_START.match(orig)
            ):
                # "Tháng 3/2023 - Tháng 5/2023", "Từ quý I/2023 đến quý III/2023": one period.
                first = out[0][1]
                if first.start and items[0][1] and first.start <= items[0][1]:
                    out[0] = ("period", replace(first, due=items[0][1]))
                    pos = last_end = m.end()
                    break
            for start, due, recurrence in items:
                out.append((kind, Milestone(label, due, start=start, recurrence=recurrence)))
            pos = last_end = m.end()
            break
        else:
            pos += 1

    tail_o = orig[last_end:].strip(_TRIM + " ")
    if out:
        if re.search(r"[a-z]{2,}", _fold_aligned(tail_o)):
            notes.append(tail_o)
        return _Line(out, "")

    cond = _RE_CONDITIONAL.search(folded)
    if cond:
        label, _mod = _label(orig[: cond.start()], folded[: cond.start()])
        event = orig[cond.start() :].strip(_TRIM + " ")
        if not label:
            event = orig.strip(_TRIM + " ")
        return _Line([("conditional", Milestone(label, None, event=event))], "")
    return _Line([], orig.strip(_TRIM + " "))


_PAREN = re.compile(r"\(([^()]*)\)")
_YEAR_LATER = re.compile(r"(?<!\d)((?:19|20|21)\d{2})(?!\d)")
_BULLET_START = re.compile(r"\s*[-+•*·]\s")


def parse_deadline(text: str, *, year: int | None = None) -> Deadline:
    """Read a deadline cell; never raises (unreadable text → ``UNSPECIFIED``, text kept)."""
    original = text if isinstance(text, str) else ""
    work = unicodedata.normalize("NFC", original).translate(_DASHES)
    notes: list[str] = []

    def take_note(m: re.Match[str]) -> str:
        inner = m.group(1).strip()
        if inner:
            notes.append(inner)
        return " "

    work = _PAREN.sub(take_note, work)
    work = work.replace("…", " ").replace("...", " ")
    # A bullet starts a new milestone even when the cell was flattened onto one line.
    work = re.sub(r"(?:^|\s)[•+*·](?=\s)", "\n", work)
    lines = [re.sub(r"[ \t\r\f\v]+", " ", part).strip() for part in re.split(r"[\n;]", work)]

    found: list[tuple[str, Milestone]] = []
    pending = ""
    for line in lines:
        if not line:
            continue
        parsed = _parse_line(line, year, notes)
        if parsed.milestones:
            if pending:
                first_kind, first = parsed.milestones[0]
                if not first.label:
                    parsed.milestones[0] = (first_kind, replace(first, label=pending))
                pending = ""
            found.extend(parsed.milestones)
        elif parsed.leftover:
            if pending:
                notes.append(pending)
            pending = parsed.leftover
    if pending and found:
        notes.append(pending)

    note = "; ".join(dict.fromkeys(n for n in notes if n))
    milestones = tuple(m for _k, m in found)
    kinds = [k for k, _m in found]
    if not found:
        return Deadline(original, DeadlineKind.UNSPECIFIED, (), note)
    if "relative" in kinds:
        kind = DeadlineKind.RELATIVE
    elif "recurring" in kinds:
        kind = DeadlineKind.RECURRING
    elif len(found) > 1 and any(m.due for m in milestones):
        kind = DeadlineKind.MILESTONES
    elif kinds[0] == "date":
        kind = DeadlineKind.FIXED_DATE
    elif kinds[0] == "period":
        kind = DeadlineKind.PERIOD
    else:
        kind = DeadlineKind.CONDITIONAL
    return Deadline(original, kind, milestones, note)


def resolve_relative(m: Milestone, event_date: dt.date, calendar: _Calendar) -> dt.date:
    """The due date of a relative milestone once its event happened on ``event_date``.

    Working days are counted on the province's calendar (``start`` not counted, as the Law on
    Promulgation of Legal Documents counts periods from the day after the event).
    """
    if m.relative_days is None:
        raise ValueError("Mốc này không tính theo số ngày kể từ một sự kiện.")
    if m.relative_unit == "working_days":
        return calendar.add_workdays(event_date, m.relative_days)
    if m.relative_unit == "months":
        return _add_months(event_date, m.relative_days)
    return event_date + dt.timedelta(days=m.relative_days)
