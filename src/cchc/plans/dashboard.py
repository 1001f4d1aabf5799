"""The plans' section of the leaders' dashboard (registered in ``PlansConfig.ready``): the
completion rate of the year's reform plan tasks by area, each bar leading to the tasks."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cchc.accounts import scope
from cchc.statistics import charts
from cchc.statistics.dashboard import Dashboard, Section, Table, link

from .models import PlanStatus, Task


def plan_progress(user: Any, agency: Any, *, year: int) -> list[dict[str, Any]]:
    """The agency's reform plans of the year (issued, not drafts) by area, with the one
    definition of progress (``selectors.progress``: milestones done ÷ milestones): tasks,
    milestones, done and overdue milestones, rate. The dashboard and the province report read
    it, so they agree with the plan page."""
    from .selectors import Counts, progress

    qs = Task.objects.filter(plan__agency=agency, plan__year=year).exclude(
        plan__status=PlanStatus.DRAFT
    )
    if user is not None:
        qs = qs.filter(scope.agency_q(user, "plan__agency"))
    by_area, _total = progress(qs)
    merged: dict[str, tuple[str, Counts]] = {}
    for area, c in by_area:
        key, acc = merged.setdefault(area.name, (area.key, Counts()))
        for name in ("tasks", "milestones", "done", "done_late", "overdue"):
            setattr(acc, name, getattr(acc, name) + getattr(c, name))
    return [
        {
            "area": name,
            "key": key,
            "total": c.tasks,
            "milestones": c.milestones,
            "done": c.done + c.done_late,
            "overdue": c.overdue,
            "rate": c.percent_done,
        }
        for name, (key, c) in merged.items()
    ]


def _rows(dash: Dashboard) -> list[dict[str, Any]]:
    if dash.root is None:
        return []
    return dash.cached("plans", lambda: plan_progress(dash.user, dash.root, year=dash.today.year))


def _table(dash: Dashboard) -> Table:
    return Table(
        _("Tiến độ kế hoạch CCHC theo lĩnh vực"),
        [
            pgettext("reform area", "Lĩnh vực"),
            _("Nhiệm vụ"),
            _("Mốc đã hoàn thành"),
            _("Mốc quá hạn"),
            _("Tỷ lệ hoàn thành (%)"),
        ],
        [
            [p["area"], p["total"], p["done"], p["overdue"], round(p["rate"], 2)]
            for p in _rows(dash)
        ],
    )


def _chart(dash: Dashboard) -> str:
    rows = _rows(dash)
    return charts.bar_chart(
        [(p["area"], p["rate"]) for p in rows],
        title=_("Tỷ lệ hoàn thành nhiệm vụ kế hoạch CCHC theo lĩnh vực"),
        kind="pct",
        links=[link("plans:index", area=p["key"]) for p in rows],
        color=charts.PALETTE[2],
    )


SECTION = Section(
    "plans",
    lambda: _("Tiến độ kế hoạch CCHC theo lĩnh vực"),
    _chart,
    _table,
    more=lambda: link("plans:index"),
)
