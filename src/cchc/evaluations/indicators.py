"""Rating figures in the statistics app's indicator registry (the only import of it here), so
a plan target such as "mức độ hài lòng … đạt trên 85%" shows actual against target."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from cchc.statistics.indicators import register


def _share(attr: str):
    def compute(agency: Any, date_from: date, date_to: date) -> Decimal | None:
        from .selectors import shares

        return getattr(shares(agency, date_from, date_to), attr)

    compute.__name__ = f"rating_{attr}"
    return compute


register(
    "rating_satisfied_share",
    _("Tỷ lệ hồ sơ được đánh giá hài lòng, rất hài lòng"),
    "%",
    _share("satisfied_share"),
)
register(
    "rating_very_satisfied_share",
    _("Tỷ lệ hồ sơ được đánh giá rất hài lòng"),
    "%",
    _share("very_satisfied_share"),
)
register(
    "rating_unsatisfied_share",
    _("Tỷ lệ hồ sơ bị đánh giá chưa hài lòng"),
    "%",
    _share("unsatisfied_share"),
    higher_is_better=False,
)
