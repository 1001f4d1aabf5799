"""The feedback figures in the statistics app's indicator registry. The only module of this
app that imports the statistics app (``cchc.statistics``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from cchc.statistics.indicators import register


def on_time_rate(agency: Any, date_from: date, date_to: date) -> Decimal | None:
    from .selectors import stats

    return stats(agency, date_from, date_to).on_time_rate


def received(agency: Any, date_from: date, date_to: date) -> Decimal | None:
    from .selectors import stats

    return Decimal(stats(agency, date_from, date_to).received)


def overdue(agency: Any, date_from: date, date_to: date) -> Decimal | None:
    from .selectors import stats

    return Decimal(stats(agency, date_from, date_to).overdue)


register(
    "feedback_on_time_rate",
    _("Tỷ lệ phản ánh, kiến nghị được trả lời đúng hạn"),
    "%",
    on_time_rate,
)
register(
    "feedback_received", _("Số phản ánh, kiến nghị tiếp nhận"), _("phản ánh, kiến nghị"), received
)
register(
    "feedback_overdue",
    _("Số phản ánh, kiến nghị quá hạn trả lời"),
    _("phản ánh, kiến nghị"),
    overdue,
    higher_is_better=False,
)
