"""Named indicators plan targets point to (DOMAIN.md section 3: "98% số hồ sơ ... được giải
quyết đúng hạn", "trên 50% hồ sơ ... trực tuyến"), so a plan page shows actual against target.

``get(key).compute(agency, date_from, date_to) -> Decimal | None`` (None: nothing to measure,
e.g. no dossier resolved in the period). ``agency`` is an Agency (with its subtree) or None
for everything; no user scope here: callers decide who may see the plan.

This module is the registry only: each app registers its own indicators from its
``AppConfig.ready()`` (the dossier ones below from ``StatisticsConfig``, the ``plan_*`` ones
from ``PlansConfig``), so the statistics app never imports an app above it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from cchc.core.errors import NotFound

Compute = Callable[[Any, date, date], Decimal | None]


@dataclass(frozen=True)
class Indicator:
    key: str
    label: Any  # lazy: translated when shown
    unit: Any  # "%" or a counted noun ("hồ sơ")
    compute: Compute
    higher_is_better: bool = True

    def format(self, value: Decimal | None) -> str:
        from cchc.core.text import format_int, format_percent

        if value is None:
            return "—"
        if self.unit == "%":
            return format_percent(value)
        return f"{format_int(int(value))} {self.unit}"


_REGISTRY: dict[str, Indicator] = {}


def register(
    key: str, label: Any, unit: Any, compute: Compute, *, higher_is_better: bool = True
) -> Indicator:
    """Add (or replace, so reloading a module is harmless) an indicator."""
    ind = Indicator(key, label, unit, compute, higher_is_better)
    _REGISTRY[key] = ind
    return ind


class UnknownIndicator(NotFound):
    """No indicator is registered under this key (a plan target may name one that a province
    has not installed): the caller shows the figure as not measured."""


def get(key: str) -> Indicator:
    try:
        return _REGISTRY[key]
    except KeyError:
        raise UnknownIndicator(f"Không có chỉ số “{key}”.", code="unknown_indicator") from None


def all() -> list[Indicator]:  # noqa: A001 - the registry's public name
    return sorted(_REGISTRY.values(), key=lambda i: i.key)


def choices() -> list[tuple[str, str]]:
    """For a target's "measured by" select."""
    return [(i.key, str(i.label)) for i in all()]


# -- dossier indicators (DOMAIN.md section 7) ---------------------------------------------


def _dossier(attr: str) -> Compute:
    def compute(agency: Any, date_from: date, date_to: date) -> Decimal | None:
        from .selectors import dossier_total

        value = getattr(dossier_total(agency=agency, date_from=date_from, date_to=date_to), attr)
        return None if value is None else Decimal(value)

    compute.__name__ = f"dossier_{attr}"
    return compute


def register_dossier_indicators() -> None:
    """The dossier indicators; called from ``StatisticsConfig.ready``, like every app's own."""
    register(
        "on_time_rate",
        _("Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn"),
        "%",
        _dossier("on_time_rate"),
    )
    register("online_share", _("Tỷ lệ hồ sơ tiếp nhận trực tuyến"), "%", _dossier("online_share"))
    register(
        "apology_coverage",
        _("Tỷ lệ hồ sơ quá hạn có văn bản xin lỗi"),
        "%",
        _dossier("apology_coverage"),
    )
    register(
        "repeated_supplement_share",
        _("Tỷ lệ hồ sơ yêu cầu bổ sung từ 2 lần trở lên"),
        "%",
        _dossier("repeated_supplement_share"),
        higher_is_better=False,
    )
    register(
        "overdue_count",
        _("Số hồ sơ đang giải quyết quá hạn"),
        _("hồ sơ"),
        _dossier("overdue"),
        higher_is_better=False,
    )
    register(
        "late_count",
        _("Số hồ sơ giải quyết quá hạn"),
        _("hồ sơ"),
        _dossier("late"),
        higher_is_better=False,
    )
    register("received", _("Số hồ sơ tiếp nhận"), _("hồ sơ"), _dossier("received"))
    register("resolved", _("Số hồ sơ đã giải quyết"), _("hồ sơ"), _dossier("resolved"))
    register(
        "in_progress",
        _("Số hồ sơ đang giải quyết"),
        _("hồ sơ"),
        _dossier("in_progress"),
        higher_is_better=False,
    )
