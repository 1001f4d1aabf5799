"""The rating shares, pure (no database): the one definition of "share satisfied",
"share unsatisfied"... that the pages, the indicators, the reports and the national figures
(computed by Spark or DuckDB from exported ratings) all read."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any


def _pct(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass
class Shares:
    total: int = 0
    very_satisfied: int = 0
    satisfied: int = 0
    unsatisfied: int = 0
    scored: int = 0
    mean_score: Decimal | None = None
    band: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def very_satisfied_share(self) -> Decimal | None:
        return _pct(self.very_satisfied, self.total)

    @property
    def satisfied_share(self) -> Decimal | None:
        """Share rating "Hài lòng" or "Rất hài lòng" (the satisfaction figure plan targets use)."""
        return _pct(self.very_satisfied + self.satisfied, self.total)

    @property
    def unsatisfied_share(self) -> Decimal | None:
        return _pct(self.unsatisfied, self.total)
