"""Figures of the reform plans as of a day (DOMAIN.md section 3): tasks and milestones done on
time, late, overdue. They feed the plan pages, the ``plan_*`` indicators this app registers in
the statistics registry (``apps.py``) and the leaders' dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from cchc.core.errors import DomainError
from cchc.statistics.selectors import AgencyIndex, resolve_agency
from cchc.statistics.stats import _ratio as ratio

from .models import AreaKey, Milestone, Task, TaskLead, milestone_state
from .selectors import tasks_for


@dataclass
class PlanStatRow:
    """Tasks and milestones of reform plans as of a day: done (on time, late), overdue, not
    yet due, cannot be done. A milestone is done late when its status says so or it was done
    after its due date; overdue when it is still open after its due date; one without a date
    (relative, recurring, unspecified deadlines) is "not yet due" until it gets one."""

    label: str = ""
    key: Any = None
    tasks: int = 0
    tasks_done_on_time: int = 0
    tasks_done_late: int = 0
    tasks_overdue: int = 0
    tasks_cannot_do: int = 0
    milestones: int = 0
    milestones_done_on_time: int = 0
    milestones_done_late: int = 0
    milestones_overdue: int = 0
    milestones_cannot_do: int = 0

    @property
    def tasks_done(self) -> int:
        return self.tasks_done_on_time + self.tasks_done_late

    @property
    def tasks_open(self) -> int:
        return self.tasks - self.tasks_done - self.tasks_cannot_do - self.tasks_overdue

    @property
    def milestones_done(self) -> int:
        return self.milestones_done_on_time + self.milestones_done_late

    @property
    def milestones_open(self) -> int:
        return (
            self.milestones
            - self.milestones_done
            - self.milestones_cannot_do
            - self.milestones_overdue
        )

    @property
    def tasks_on_time_rate(self) -> Any:
        return ratio(self.tasks_done_on_time, self.tasks_done)

    @property
    def milestones_on_time_rate(self) -> Any:
        return ratio(self.milestones_done_on_time, self.milestones_done)

    @property
    def percent_done(self) -> Any:
        return ratio(self.milestones_done, self.milestones)

    def add(self, other: PlanStatRow) -> None:
        for name in (
            "tasks", "tasks_done_on_time", "tasks_done_late", "tasks_overdue",
            "tasks_cannot_do", "milestones", "milestones_done_on_time",
            "milestones_done_late", "milestones_overdue", "milestones_cannot_do",
        ):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))


def plan_stats(
    user: Any,
    *,
    plan: Any = None,
    agency: Any = None,
    as_of: date | None = None,
    due_from: date | None = None,
    due_to: date | None = None,
    by: str | None = None,
) -> list[PlanStatRow]:
    """Rows by ``by`` ∈ {None, "area", "agency"} (areas by their standard key, or their name;
    agencies: each lead agency, a task with two leads counts for both), then the total row.
    ``agency`` keeps tasks it (or a unit below it) leads; ``due_from``/``due_to`` keep the
    milestones due in that window (tasks with at least one). Scoped through the plans app's
    own visibility rule when ``user`` is given."""
    from django.utils import timezone

    if by not in (None, "area", "agency"):
        raise DomainError(_("Cách nhóm số liệu không hợp lệ: %(by)s.") % {"by": by})
    as_of = as_of or timezone.localdate()
    agency = resolve_agency(agency)
    tasks = tasks_for(user, plan) if user is not None else Task.objects.all()
    if plan is not None:
        tasks = tasks.filter(plan=plan)
    if agency is not None:
        tasks = tasks.filter(lead_links__agency__path__startswith=agency.path).distinct()
    ms = Milestone.objects.filter(task__in=tasks.values("pk"))
    if due_from:
        ms = ms.filter(due__gte=due_from)
    if due_to:
        ms = ms.filter(due__lte=due_to)
    per_task: dict[int, list[str]] = {}
    for task_id, status, due, done_at in ms.values_list("task_id", "status", "due", "done_at"):
        per_task.setdefault(task_id, []).append(milestone_state(status, due, done_at, as_of))
    info = {
        t["pk"]: t
        for t in tasks.values("pk", "status", "area__key", "area__name", "area_id")
        if not (due_from or due_to) or t["pk"] in per_task
    }
    leads: dict[int, list[int]] = {}
    if by == "agency":
        for task_id, agency_id in TaskLead.objects.filter(task_id__in=list(info)).values_list(
            "task_id", "agency_id"
        ):
            leads.setdefault(task_id, []).append(agency_id)
    rows: dict[Any, PlanStatRow] = {}
    total = PlanStatRow(label=_("Tổng cộng"))
    for task_id, t in info.items():
        row = PlanStatRow(tasks=1)
        states = per_task.get(task_id, [])
        for s in states:
            row.milestones += 1
            if s == "on_time":
                row.milestones_done_on_time += 1
            elif s == "late":
                row.milestones_done_late += 1
            elif s == "overdue":
                row.milestones_overdue += 1
            elif s == "cannot_do":
                row.milestones_cannot_do += 1
        done = t["status"] in ("done", "done_late") or (
            bool(states) and all(s in ("on_time", "late") for s in states)
        )
        if done:
            if t["status"] == "done_late" or "late" in states:
                row.tasks_done_late = 1
            else:
                row.tasks_done_on_time = 1
        elif t["status"] == "cannot_do":
            row.tasks_cannot_do = 1
        elif "overdue" in states:
            row.tasks_overdue = 1
        total.add(row)
        if by == "area":
            keys: list[Any] = [t["area__key"] or t["area__name"]]
        elif by == "agency":
            keys = leads.get(task_id, [None])
        else:
            keys = []
        for k in keys:
            if k not in rows:
                rows[k] = PlanStatRow(key=k)
            rows[k].add(row)
    if by == "area":
        names = dict(AreaKey.choices)
        for k, r in rows.items():
            r.label = str(names.get(k, k))
        order = sorted(rows, key=lambda k: list(names).index(k) if k in names else 99)
    elif by == "agency":
        index = AgencyIndex()
        for k, r in rows.items():
            r.label = index.by_id[k].name if k in index.by_id else _("Chưa xác định")
        order = sorted(rows, key=lambda k: index.by_id[k].path if k in index.by_id else "~")
    else:
        order = []
    return [*(rows[k] for k in order), total]


def _indicator(attr: str) -> Any:
    def compute(agency: Any, date_from: date, date_to: date) -> Decimal | None:
        row = plan_stats(None, agency=agency, due_from=date_from, due_to=date_to, as_of=date_to)
        value = getattr(row[-1], attr)
        return None if value is None else Decimal(value)

    compute.__name__ = f"plan_{attr}"
    return compute


def register_indicators() -> None:
    """The plan indicators of the statistics registry; called from ``PlansConfig.ready``."""
    from django.utils.translation import gettext_lazy

    from cchc.statistics import indicators

    indicators.register(
        "plan_milestones_on_time_rate",
        gettext_lazy("Tỷ lệ mốc nhiệm vụ CCHC hoàn thành đúng hạn"),
        "%",
        _indicator("milestones_on_time_rate"),
    )
    indicators.register(
        "plan_milestones_done_rate",
        gettext_lazy("Tỷ lệ mốc nhiệm vụ CCHC đã hoàn thành"),
        "%",
        _indicator("percent_done"),
    )
    indicators.register(
        "plan_milestones_overdue",
        gettext_lazy("Số mốc nhiệm vụ CCHC quá hạn"),
        gettext_lazy("mốc"),
        _indicator("milestones_overdue"),
        higher_is_better=False,
    )
