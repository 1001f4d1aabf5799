"""The plans' section of the leaders' dashboard (registered in ``PlansConfig.ready``): the
completion rate of the year's reform plan tasks by area, each bar leading to the tasks."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cchc.accounts import scope
from cchc.statistics import charts
from cchc.statistics.dashboard import Dashboard, Section, Table, link

from .models import CLOSED_STATUSES, DONE_STATUSES, PlanStatus, Task


def plan_progress(user: Any, agency: Any, *, year: int) -> list[dict[str, Any]]:
    """Tasks of the agency's reform plans of the year by area: total, done, overdue (a
    milestone past its due date and not closed)."""
    today = timezone.localdate()
    qs = Task.objects.filter(plan__agency=agency, plan__year=year).exclude(
        plan__status=PlanStatus.DRAFT
    )
    if user is not None:
        qs = qs.filter(scope.agency_q(user, "plan__agency"))
    rows = (
        qs.values("area__key", "area__name", "area__order")
        .annotate(
            total=Count("pk", distinct=True),
            done=Count("pk", filter=Q(status__in=DONE_STATUSES), distinct=True),
            overdue=Count(
                "pk",
                filter=Q(milestones__due__lt=today)
                & ~Q(milestones__status__in=CLOSED_STATUSES)
                & ~Q(status__in=CLOSED_STATUSES),
                distinct=True,
            ),
        )
        .order_by("area__order", "area__name")
    )
    merged: dict[str, dict[str, Any]] = {}
    for r in rows:
        name = r["area__name"]
        item = merged.setdefault(
            name, {"area": name, "key": r["area__key"], "total": 0, "done": 0, "overdue": 0}
        )
        for k in ("total", "done", "overdue"):
            item[k] += r[k]
    result = list(merged.values())
    for item in result:
        item["rate"] = 100 * item["done"] / item["total"] if item["total"] else 0.0
    return result


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
            _("Hoàn thành"),
            _("Quá hạn"),
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
