"""Parsing the free texts of the national TTHC database: statutory time, fees, online level,
level of government. Pure: no ORM.

The database publishes the statutory time as prose ("05 ngày làm việc kể từ ngày nhận đủ hồ sơ
hợp lệ", "Trong ngày", "04 giờ làm việc"); Decree 61/2018 Art. 2 counts it in working days from
receipt of a complete dossier, so we keep the number and the unit and leave the prose beside
them. What we cannot read, or read with doubt, carries a ``warning`` and goes to the review list
of the import instead of being guessed silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from cchc.core.text import fold

# Same values as procedures.models.TimeUnit / OnlineLevel / Level (a test keeps them equal).
DAYS, HOURS, SAME_DAY, NONE = "days", "hours", "same_day", "none"
FULL, PARTIAL, NO_ONLINE = "full", "partial", "none"
CENTRAL, PROVINCE, DISTRICT, COMMUNE = "central", "province", "district", "commune"


@dataclass(frozen=True)
class ParsedTime:
    amount: Decimal | None
    unit: str
    ok: bool = True
    warning: str = ""


@dataclass(frozen=True)
class ParsedFee:
    amount: Decimal | None
    free: bool = False
    ok: bool = True
    warning: str = ""


@dataclass(frozen=True)
class ParsedOnline:
    level: str
    legacy: int | None = None
    ok: bool = True
    warning: str = ""


_NUMBER = r"(\d+(?:[.,]\d+)?|\d+\s*/\s*\d+)"
_TIME = re.compile(_NUMBER + r"\s*\(?[^()\d]{0,20}?\)?\s*(ngay|gio|buoi)\b(\s+lam\s+viec)?")
_SAME_DAY = re.compile(r"^(ngay\s+)?trong\s+(ngay|buoi)|^ngay\s+(sau\s+khi|khi)|^tra\s+ngay|^ngay$")
_NOT_SET = {"", "khong", "khong quy dinh", "khong co", "-", "khong co thoi han"}


def _number(text: str) -> Decimal | None:
    text = text.replace(" ", "")
    if "/" in text:
        a, _, b = text.partition("/")
        try:
            return (Decimal(a) / Decimal(b)).quantize(Decimal("0.1"))
        except (InvalidOperation, ZeroDivisionError):
            return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


def parse_time(text: str | None) -> ParsedTime:
    """A statutory-time text → amount + unit (working days, working hours, same day)."""
    raw = (text or "").strip()
    f = fold(raw).strip(" .;:")
    if f in _NOT_SET:
        return ParsedTime(None, NONE, ok=bool(raw), warning="" if raw else "Trống")
    if _SAME_DAY.search(f):
        return ParsedTime(Decimal(0), SAME_DAY)
    matches = list(_TIME.finditer(f))
    if not matches:
        return ParsedTime(None, NONE, ok=False, warning="Không đọc được thời hạn")
    m = matches[0]
    amount = _number(m.group(1))
    if amount is None:
        return ParsedTime(None, NONE, ok=False, warning="Không đọc được thời hạn")
    before = f[: m.start(1)].rstrip()
    if before.endswith(("-", "\u2212")) and not before[:-1].rstrip()[-1:].isdigit():
        amount = -amount  # "-5 ngày" is a negative time (refused), not 5 days; "3-5 ngày" is not
    unit_word, working = m.group(2), bool(m.group(3))
    warnings = []
    if unit_word == "gio":
        unit = HOURS
        if not working:
            warnings.append("Không ghi rõ giờ làm việc; tính như giờ làm việc")
    elif unit_word == "buoi":
        unit, amount = DAYS, amount / 2
    else:
        unit = DAYS
        if not working:
            warnings.append("Không ghi rõ ngày làm việc; tính như ngày làm việc")
    if len({(x.group(1), x.group(2)) for x in matches}) > 1:
        warnings.append("Có nhiều thời hạn; lấy thời hạn đầu tiên")
    return ParsedTime(amount, unit, ok=True, warning="; ".join(warnings))


_MONEY = re.compile(
    r"(\d{1,3}(?:[.,]\d{3})+(?!\d)|\d+(?:[.,]\d{1,2}(?!\d))?)\s*(d\b|dong|vnd|trieu|nghin|ngan)"
)
_GROUPED = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")
_FREE = re.compile(
    r"^(khong|khong co|mien|mien phi|mien le phi|khong thu|khong thu phi|khong quy dinh|0|0 dong)"
    r"(\s|$|[.;,])"
)


def parse_fee(text: str | None) -> ParsedFee:
    """A fee text → the first amount in đồng (0 when free)."""
    raw = (text or "").strip()
    f = fold(raw).strip(" .;:")
    if not f:
        return ParsedFee(None, ok=True, warning="")
    if _FREE.match(f) and not _MONEY.search(f):
        return ParsedFee(Decimal(0), free=True)
    matches = list(_MONEY.finditer(f))
    if not matches:
        return ParsedFee(None, ok=False, warning="Không đọc được mức phí, lệ phí")
    m = matches[0]
    number = m.group(1)
    if _GROUPED.match(number):
        amount = Decimal(re.sub(r"[.,]", "", number))
    else:
        amount = Decimal(number.replace(",", "."))
    if m.group(2) == "trieu":
        amount *= 1_000_000
    elif m.group(2) in ("nghin", "ngan"):
        amount *= 1_000
    amount = amount.quantize(Decimal(1))
    warning = "Có nhiều mức phí; lấy mức đầu tiên" if len(matches) > 1 else ""
    return ParsedFee(amount, ok=True, warning=warning)


_LEGACY = re.compile(r"muc(?:\s+do)?\s*([1-4])\b")


def parse_online_level(text: str | None) -> ParsedOnline:
    """Decree 42/2022 levels (toàn trình / một phần) and the legacy levels 1–4 of Decree
    43/2011 (level 4 ≈ toàn trình, level 3 ≈ một phần, 1–2 = information only)."""
    f = fold(text)
    if not f or f in ("khong", "khong co", "-"):
        return ParsedOnline(NO_ONLINE)
    if "toan trinh" in f:
        return ParsedOnline(FULL)
    if "mot phan" in f:
        return ParsedOnline(PARTIAL)
    m = _LEGACY.search(f)
    if m:
        legacy = int(m.group(1))
        level = FULL if legacy == 4 else PARTIAL if legacy == 3 else NO_ONLINE
        return ParsedOnline(level, legacy)
    if "cung cap thong tin" in f or "thong tin truc tuyen" in f:
        return ParsedOnline(NO_ONLINE)
    return ParsedOnline(NO_ONLINE, ok=False, warning="Không đọc được mức độ dịch vụ công")


_LEVEL_WORDS = [
    (re.compile(r"\b(trung uong|bo|co quan trung uong)\b"), CENTRAL),
    (re.compile(r"\btinh\b|\bthanh pho truc thuoc trung uong\b"), PROVINCE),
    (re.compile(r"\bhuyen\b"), DISTRICT),
    (re.compile(r"\bxa\b|\bphuong\b|\bdac khu\b"), COMMUNE),
]


def parse_levels(text: str | None) -> list[str]:
    """ "Cấp Tỉnh, Cấp Xã" → ["province", "commune"] (in that order; empty if none found)."""
    f = fold(text)
    return [level for rx, level in _LEVEL_WORDS if rx.search(f)]
