"""The staff figures in the indicator registry (issue 13, item 8). The one module of this app
that imports the registry's home, so moving it (``reports`` → ``statistics``) is one edit."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cchc.statistics import indicators as registry

from . import selectors


def register_all() -> None:
    registry.register(
        "staff_count",
        _("Số cán bộ, công chức làm việc tại Bộ phận Một cửa"),
        _("người"),
        selectors.staff_count,
    )
    registry.register(
        "staff_trained_share",
        _("Tỷ lệ cán bộ Một cửa được bồi dưỡng trong kỳ"),
        "%",
        selectors.trained_share,
    )
    registry.register(
        "staff_tested",
        _("Số lượt cán bộ Một cửa được kiểm tra kiến thức"),
        _("lượt"),
        selectors.tested_count,
    )
    registry.register(
        "staff_passed_share",
        _("Tỷ lệ cán bộ Một cửa đạt yêu cầu kiểm tra kiến thức"),
        "%",
        selectors.passed_share,
    )
    registry.register(
        "staff_commended",
        _("Số cán bộ Một cửa được biểu dương, khen thưởng"),
        _("người"),
        selectors.commended_count,
    )
    registry.register(
        "staff_moved",
        _("Số cán bộ Một cửa được bố trí công việc khác"),
        _("người"),
        selectors.moved_count,
        higher_is_better=False,
    )
