"""The national public-sector calendar: what the ``holidays`` package does not know.

Labour Code 2019 Art. 112 gives the days off; the ``holidays`` package computes them (lunar
Tết and Giỗ Tổ, compensatory days) and knows several swaps. Each year the Government (Văn
phòng Chính phủ / the labour ministry, since 2025 the Ministry of Home Affairs) also moves a
working day of the public sector to a Saturday. The overrides below are exactly the days of
DOMAIN.md section 6 (2023–2026) the package misses: the extra day off 02/01/2026 and the four
Saturdays made working days. They are data: a province edits them in the calendar pages.

Every day off and swapped day shows its true source (``package_source`` for the package's
days, the override's document for ours): the Labour Code only for the days it lists; 24/11
"Ngày Văn hóa Việt Nam" is on the package's list (from 2026, citing Resolution 80-NQ/TW), not in
Art. 112; the package's own swapped days (29/4/2024, 2/5/2025, 31/8/2026) with the swap
document. The 2026 National Day swap (Mon 31/8 off, Sat 22/8 worked) is cited with document
12729/VPCP-KGVX of 25/12/2025, as the project's brief gives it; DOMAIN 6 names that document for
the New Year swap [check that it also covers August].

Pure module: no ORM, so the benchmark and the migration's test can use it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

NATIONAL_CODE = "vn"
NATIONAL_NAME = "Lịch làm việc quốc gia (khu vực hành chính nhà nước)"
LABOUR_CODE_SOURCE = "Bộ luật Lao động 2019, Điều 112"
OBSERVED_SOURCE = (
    "Bộ luật Lao động 2019, Điều 111 khoản 3 và Điều 112 (nghỉ bù ngày lễ trùng ngày nghỉ "
    "hằng tuần)"
)
CULTURE_DAY_SOURCE = (
    "Danh sách ngày nghỉ của gói holidays (gói dẫn Nghị quyết số 80-NQ/TW về Ngày Văn hóa Việt "
    "Nam 24/11); không có trong Bộ luật Lao động 2019, Điều 112 — cần kiểm tra văn bản quy định "
    "ngày nghỉ"
)
# The package's own swapped days off ("Ngày nghỉ (thay cho ngày …)") and the document of each
# swap: (number, date or None).
SWAP_DOCUMENTS: dict[dt.date, tuple[str, dt.date | None]] = {
    dt.date(2024, 4, 29): ("2450/VPCP-KGVX", None),
    dt.date(2025, 5, 2): ("6150/TB-LĐTBXH", None),
    dt.date(2026, 8, 31): ("12729/VPCP-KGVX", dt.date(2025, 12, 25)),
}
SWAP_UNKNOWN_SOURCE = "Hoán đổi ngày làm việc theo danh sách của gói holidays (chưa rõ văn bản)"


@dataclass(frozen=True)
class Override:
    date: dt.date
    kind: str  # "off" | "work", as calendars.models.OverrideKind
    name: str
    document_number: str = ""
    document_date: dt.date | None = None
    note: str = ""


NATIONAL_OVERRIDES: tuple[Override, ...] = (
    Override(
        dt.date(2024, 5, 4),
        "work",
        "Thứ Bảy làm việc bù cho ngày nghỉ thứ Hai 29/4/2024",
        "2450/VPCP-KGVX",
        None,
        "Hoán đổi ngày làm việc dịp 30/4–1/5/2024: nghỉ 27/4–1/5, làm bù thứ Bảy 04/5/2024.",
    ),
    Override(
        dt.date(2025, 4, 26),
        "work",
        "Thứ Bảy làm việc bù cho ngày nghỉ thứ Sáu 02/5/2025",
        "6150/TB-LĐTBXH",
        None,
        "Nghỉ 30/4–4/5/2025, làm bù thứ Bảy 26/4/2025.",
    ),
    Override(
        dt.date(2026, 1, 2),
        "off",
        "Nghỉ hoán đổi dịp Tết Dương lịch 2026",
        "12729/VPCP-KGVX",
        dt.date(2025, 12, 25),
        "Nghỉ 01–04/01/2026; làm bù thứ Bảy 10/01/2026.",
    ),
    Override(
        dt.date(2026, 1, 10),
        "work",
        "Thứ Bảy làm việc bù cho ngày nghỉ thứ Sáu 02/01/2026",
        "12729/VPCP-KGVX",
        dt.date(2025, 12, 25),
        "Nghỉ 01–04/01/2026; làm bù thứ Bảy 10/01/2026.",
    ),
    Override(
        dt.date(2026, 8, 22),
        "work",
        "Thứ Bảy làm việc bù cho ngày nghỉ thứ Hai 31/8/2026",
        "12729/VPCP-KGVX",
        dt.date(2025, 12, 25),
        "Nghỉ Quốc khánh 29/8–2/9/2026; làm bù thứ Bảy 22/8/2026.",
    ),
)


def document_text(number: str, date: dt.date | None) -> str:
    """``12729/VPCP-KGVX ngày 25/12/2025`` (or the number alone)."""
    if not number:
        return ""
    return f"{number} ngày {date:%d/%m/%Y}" if date else number


def package_source(day: dt.date, name: str) -> str:
    """Where a day off the ``holidays`` package lists really comes from (DOMAIN 6)."""
    if day.month == 11 and day.day == 24:
        return CULTURE_DAY_SOURCE
    if day in SWAP_DOCUMENTS:
        number, date = SWAP_DOCUMENTS[day]
        return f"{document_text(number, date)} (hoán đổi ngày làm việc)"
    if "thay cho" in name:
        return SWAP_UNKNOWN_SOURCE
    if "nghỉ bù" in name:
        return OBSERVED_SOURCE
    return LABOUR_CODE_SOURCE


@lru_cache(maxsize=4)
def package_days(first_year: int, last_year: int) -> dict[dt.date, str]:
    """Days off the ``holidays`` package computes for Vietnam, with their Vietnamese names."""
    import holidays

    return dict(
        holidays.country_holidays("VN", years=range(first_year, last_year + 1), language="vi")
    )


def work_calendar(overrides: Iterable[tuple[dt.date, str]], first_year: int, last_year: int):
    """The package's days off with dated overrides applied in order: ``(date, "off")`` adds a
    day off, ``(date, "work")`` makes a working day. One rule for the database calendars and
    the national one."""
    from . import workdays

    off = set(package_days(first_year, last_year))
    extra: set[dt.date] = set()
    for day, kind in overrides:
        if kind == "off":
            off.add(day)
            extra.discard(day)
        else:
            extra.add(day)
            off.discard(day)
    return workdays.build(off, extra, first_year=first_year, last_year=last_year)


def national_work_calendar(first_year: int = 2000, last_year: int = 2040):
    """The national calendar without a database (benchmarks, scripts)."""
    return work_calendar(((o.date, o.kind) for o in NATIONAL_OVERRIDES), first_year, last_year)
