"""Inspection figures in the indicator registry (issue 13, item 8). The one module here that
imports the registry's home (``reports`` today, ``statistics`` after the split)."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cchc.plans.models import AreaKey
from cchc.statistics import indicators as registry

from . import selectors


def register_all() -> None:
    registry.register(
        "inspections_units",
        _("Số cơ quan, đơn vị được kiểm tra CCHC"),
        _("đơn vị"),
        selectors.units_inspected,
    )
    registry.register(
        "inspections_units_concluded",
        _("Số cơ quan, đơn vị đã có kết luận kiểm tra CCHC"),
        _("đơn vị"),
        selectors.units_concluded,
    )
    registry.register(
        "inspections_findings",
        _("Số tồn tại, hạn chế qua kiểm tra"),
        _("tồn tại"),
        selectors.findings_count(),
        higher_is_better=False,
    )
    for area in AreaKey:
        registry.register(
            f"inspections_findings_{area.value}",
            format_lazy("{}: {}", _("Số tồn tại qua kiểm tra"), area.label),
            _("tồn tại"),
            selectors.findings_count(area.value),
            higher_is_better=False,
        )
    registry.register(
        "inspections_remedies_on_time",
        _("Tỷ lệ biện pháp khắc phục hoàn thành đúng hạn"),
        "%",
        selectors.remedies_on_time_rate,
    )
