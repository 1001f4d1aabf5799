"""Vietnamese text helpers, pure: folding for unaccented search, number formatting.

Officers and citizens type without diacritics ("so noi vu") and expect "Sở Nội vụ"; every
search in CCHC compares folded forms, stored beside the original in a ``search_text`` column
so that the database does the filtering on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case, strip diacritics (đ → d too) and collapse spaces."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.lower()).strip()


def format_int(value: int | None) -> str:
    """178770 → '178.770' (Vietnamese thousands separator)."""
    if value is None:
        return ""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(int(value)):,}".replace(",", ".")


def format_decimal(value: float | Decimal | None, places: int = 2) -> str:
    """82.0312 → '82,03'."""
    if value is None:
        return ""
    text = f"{float(value):,.{places}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_percent(value: float | Decimal | None, places: int = 2) -> str:
    """0.8203 is not a percent here: pass 82.03 → '82,03%'."""
    if value is None:
        return ""
    return format_decimal(value, places) + "%"


def vn_date(value) -> str:  # noqa: ANN001 - date or datetime
    """dd/mm/yyyy, the only date format officials read."""
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y")
