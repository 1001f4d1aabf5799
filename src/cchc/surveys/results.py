"""SIPAS formulas (Decision 2640/QĐ-BNV, 1001/QĐ-BNV; DOMAIN.md section 8), pure.

An element's index is the share of satisfaction answers at the two top levels (satisfied, very
satisfied) of a five-level scale; the SIPAS index is the mean of the element indices [check:
DOMAIN marks the averaging as unconfirmed, so it lives here, in one function]."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

SATISFIED_LEVELS = (4, 5)
TWO = Decimal("0.01")


def element_index(satisfied: int, total: int) -> Decimal | None:
    if total <= 0:
        return None
    return (Decimal(satisfied) * 100 / Decimal(total)).quantize(TWO, ROUND_HALF_UP)


def sipas(indices: Iterable[Decimal | None]) -> Decimal | None:
    values = [v for v in indices if v is not None]
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(TWO, ROUND_HALF_UP)


def units_reaching(by_unit: Mapping[object, Decimal | None], threshold: Decimal) -> tuple[int, int]:
    """Seed 003's "38/43 đơn vị đạt tỷ lệ hài lòng từ 80% trở lên": (reaching, measured)."""
    measured = [v for v in by_unit.values() if v is not None]
    return sum(1 for v in measured if v >= threshold), len(measured)
