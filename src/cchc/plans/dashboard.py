"""The plans' sections of the leaders' dashboard (registered in ``PlansConfig.ready``): the
completion rate of the year's reform plan tasks by area, each bar leading to the tasks, and
the year plan's targets with their actuals."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cchc.accounts import scope
from cchc.statistics import charts
from cchc.statistics.dashboard import Dashboard, Section, Table, link

from .models import Plan, PlanStatus, Task


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


def year_plan(agency: Any, year: int) -> Plan | None:
    """The agency's reform plan of the year (issued or closed, the latest decided)."""
    return (
        Plan.objects.filter(agency=agency, year=year)
        .exclude(status=PlanStatus.DRAFT)
        .select_related("agency")
        .order_by("-decided_on", "-id")
        .first()
    )


def plan_targets(agency: Any, *, year: int, as_of: Any = None) -> tuple[Plan | None, list[Any]]:
    """The year plan's targets with their actuals (``selectors.target_rows``, the one
    definition), as of a day: the dashboard and the province report read it."""
    from .selectors import target_rows

    plan = year_plan(agency, year)
    if plan is None:
        return None, []
    return plan, target_rows(plan, agency=agency, as_of=as_of)


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


def _target_rows(dash: Dashboard) -> list[Any]:
    if dash.root is None:
        return []
    return dash.cached(
        "plan_targets", lambda: plan_targets(dash.root, year=dash.today.year, as_of=dash.today)[1]
    )


def _targets_table(dash: Dashboard) -> Table:
    verdicts = {
        "met": pgettext("target", "đạt"),
        "not_met": pgettext("target", "chưa đạt"),
        "no_data": pgettext("target", "chưa có số liệu"),
    }
    return Table(
        _("Chỉ tiêu kế hoạch CCHC năm nay"),
        [_("Chỉ tiêu"), _("Mục tiêu"), _("Thực tế"), _("Đánh giá"), _("Nguồn số liệu")],
        [
            [
                r.target.sentence,
                r.goal_text,
                r.actual_text,
                verdicts.get(r.verdict, ""),
                _("đo tự động")
                if r.source == "indicator"
                else _("nhập tay")
                if r.source == "manual"
                else "",
            ]
            for r in _target_rows(dash)
        ],
    )


def _targets_chart(dash: Dashboard) -> str:
    """The percent targets' actuals (a bar each); the table lists every target."""
    rows = [r for r in _target_rows(dash) if r.target.unit.strip() == "%"]
    return charts.bar_chart(
        [(r.target.sentence, r.actual) for r in rows],
        title=_("Chỉ tiêu kế hoạch CCHC năm nay: số liệu thực tế"),
        kind="pct",
        links=[reverse("plans:targets", args=[r.target.plan_id]) for r in rows],
        color=charts.PALETTE[3],
    )


SECTION = Section(
    "plans",
    lambda: _("Tiến độ kế hoạch CCHC theo lĩnh vực"),
    _chart,
    _table,
    more=lambda: link("plans:index"),
)

TARGETS_SECTION = Section(
    "plan_targets",
    lambda: _("Chỉ tiêu kế hoạch CCHC năm nay"),
    _targets_chart,
    _targets_table,
)
