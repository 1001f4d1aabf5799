"""The periodic reports' section of the leaders' dashboard (registered in
``PeriodicConfig.ready``): the share of agencies that sent their report, for the last periods."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.statistics import charts
from cchc.statistics.dashboard import Dashboard, Section, Table

from .selectors import Completeness, completeness, periods_for


def _rates(dash: Dashboard) -> list[Completeness]:
    return dash.cached(
        "reporting",
        lambda: [
            completeness(p, dash.user, rows=False)
            for p in periods_for(dash.user).filter(start__lte=dash.today)[:4]
        ],
    )


def _table(dash: Dashboard) -> Table:
    return Table(
        _("Tình hình gửi báo cáo định kỳ"),
        [_("Kỳ báo cáo"), _("Phải gửi"), _("Đã nhận"), _("Đúng hạn"), _("Tỷ lệ gửi (%)")],
        [
            [
                f"{c.period.kind.name} – {c.period.label}",
                c.expected,
                c.received,
                c.on_time,
                None if c.rate is None else round(c.rate, 2),
            ]
            for c in _rates(dash)
        ],
    )


def _chart(dash: Dashboard) -> str:
    rates = _rates(dash)
    return charts.bar_chart(
        [(f"{c.period.kind.name} – {c.period.label}", c.rate) for c in rates],
        title=_("Tỷ lệ cơ quan đã gửi báo cáo định kỳ"),
        kind="pct",
        links=[reverse("reports:period", kwargs={"pk": c.period.pk}) for c in rates],
        color=charts.PALETTE[4],
    )


SECTION = Section(
    "reporting",
    lambda: _("Tình hình gửi báo cáo định kỳ"),
    _chart,
    _table,
    more=lambda: reverse("reports:completeness"),
)
