"""Reads on reform plans, already scoped through ``cchc.accounts.scope``.

Who sees what: a user whose scope covers the issuing agency sees the whole plan (Home Affairs
and the province's leaders see the province plan); an agency below sees the plans of the
agencies above it but, in them, only the tasks it leads or coordinates (its "own plan").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from cchc.accounts import scope
from cchc.core.errors import Forbidden, NotFound
from cchc.core.text import fold

from .models import (
    CLOSED_STATUSES,
    Milestone,
    Plan,
    ProgressReport,
    ProgressStatus,
    ReviewStatus,
    Target,
    Task,
    TaskLead,
    milestone_state,
)


def _ancestor_paths(path: str) -> list[str]:
    parts = [p for p in path.strip("/").split("/") if p]
    return ["".join(f"{p}/" for p in parts[: i + 1]) for i in range(len(parts))]


# Agency.group → the matcher's group keys that name it ("Các sở, ban, ngành" → departments).
GROUP_KEYS = {
    "departments": ("departments",),
    "districts": ("districts",),
    "communes": ("communes",),
    "public_service": ("public_units",),
}


def involved_q(path: str, group: str = "") -> Q:
    """Tasks an agency (or one below it) leads or coordinates, or that name its group."""
    leads = TaskLead.objects.filter(task=OuterRef("pk"), agency__path__startswith=path)
    coord = Task.coordinators.through.objects.filter(
        task_id=OuterRef("pk"), agency__path__startswith=path
    )
    q = Q(Exists(leads)) | Q(Exists(coord))
    for key in (*GROUP_KEYS.get(group, ()), "all") if group else ():
        q |= Q(group_keys__contains=f" {key} ")
    return q


def task_scope_q(user: Any) -> Q:
    root = scope.scope_root(user)
    if root is None:
        return Q()
    return Q(plan__agency__path__startswith=root.path) | involved_q(root.path, root.group)


def plans_for(user: Any) -> QuerySet[Plan]:
    root = scope.scope_root(user)
    qs = Plan.objects.select_related("agency", "parent")
    if root is None:
        return qs
    return qs.filter(
        Q(agency__path__startswith=root.path) | Q(agency__path__in=_ancestor_paths(root.path))
    )


def get_plan_for(user: Any, pk: int) -> Plan:
    plan = Plan.objects.select_related("agency", "parent").filter(pk=pk).first()
    if plan is None:
        raise NotFound("Không tìm thấy kế hoạch.")
    if not plans_for(user).filter(pk=pk).exists():
        raise Forbidden("Bạn không có quyền xem kế hoạch này.")
    return plan


def sees_whole_plan(user: Any, plan: Plan) -> bool:
    return scope.can_see_agency(user, plan.agency)


def tasks_for(user: Any, plan: Plan | None = None) -> QuerySet[Task]:
    qs = Task.objects.filter(task_scope_q(user))
    if plan is not None:
        qs = qs.filter(plan=plan)
    return qs


def task_visible(user: Any, task: Task) -> bool:
    try:
        return tasks_for(user).filter(pk=task.pk).exists()
    except Forbidden:
        return False


def get_task_for(user: Any, pk: int) -> Task:
    task = (
        Task.objects.select_related("plan", "plan__agency", "area")
        .prefetch_related("products", "lead_links__agency", "coordinators")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise NotFound("Không tìm thấy nhiệm vụ.")
    if not task_visible(user, task):
        raise Forbidden("Bạn không có quyền xem nhiệm vụ này.")
    return task


def overdue_q(prefix: str = "", today: dt.date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(**{f"{prefix}due__lt": today}) & ~Q(**{f"{prefix}status__in": CLOSED_STATUSES})


@dataclass
class TaskFilters:
    area: int | None = None
    lead: int | None = None
    status: str = ""
    overdue: bool = False
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    q: str = ""
    mine: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def task_list(user: Any, plan: Plan | None, f: TaskFilters) -> QuerySet[Task]:
    """The task list with its filters; a fixed number of queries whatever the page size."""
    qs = tasks_for(user, plan)
    if f.mine:
        if user.agency_id is None:
            return qs.none()
        qs = qs.filter(involved_q(user.agency.path, user.agency.group))
    if f.area:
        qs = qs.filter(area_id=f.area)
    if f.lead:
        qs = qs.filter(Exists(TaskLead.objects.filter(task=OuterRef("pk"), agency_id=f.lead)))
    if f.status:
        qs = qs.filter(status=f.status)
    if f.overdue:
        qs = qs.filter(Exists(Milestone.objects.filter(overdue_q(), task=OuterRef("pk"))))
    if f.due_from or f.due_to:
        ms = Milestone.objects.filter(task=OuterRef("pk"))
        if f.due_from:
            ms = ms.filter(due__gte=f.due_from)
        if f.due_to:
            ms = ms.filter(due__lte=f.due_to)
        qs = qs.filter(Exists(ms))
    for term in fold(f.q).split():
        qs = qs.filter(search_text__contains=term)
    return (
        qs.select_related("area", "plan")
        .prefetch_related(
            "lead_links__agency",
            Prefetch("milestones", queryset=Milestone.objects.order_by("order", "id")),
        )
        .order_by("plan_id", "area__order", "order", "id")
    )


@dataclass
class Counts:
    tasks: int = 0
    milestones: int = 0
    done: int = 0
    done_late: int = 0
    cannot_do: int = 0
    overdue: int = 0
    in_progress: int = 0
    not_started: int = 0
    waiting: int = 0  # no date yet (relative, conditional, unspecified, recurring)

    @property
    def percent_done(self) -> float:
        return 100.0 * (self.done + self.done_late) / self.milestones if self.milestones else 0.0

    @property
    def on_time_rate(self) -> float | None:
        closed = self.done + self.done_late
        return 100.0 * self.done / closed if closed else None


_Row = tuple[str, dt.date | None, dt.date | None]  # status, due, done_at


def _count(rows: list[_Row], today: dt.date) -> Counts:
    c = Counts(milestones=len(rows))
    for status, due, done_at in rows:
        state = milestone_state(status, due, done_at, today)
        if state == "on_time":
            c.done += 1
        elif state == "late":
            c.done_late += 1
        elif state == "cannot_do":
            c.cannot_do += 1
        elif state == "overdue":
            c.overdue += 1
        elif status == ProgressStatus.IN_PROGRESS:
            c.in_progress += 1
        else:
            c.not_started += 1
        if due is None and status not in CLOSED_STATUSES:
            c.waiting += 1
    return c


def progress(
    tasks: QuerySet[Task], today: dt.date | None = None
) -> tuple[list[tuple[Any, Counts]], Counts]:
    """THE plan progress (one definition, DOMAIN 7): per area of the given tasks and in
    total, the milestone counts and ``percent_done`` = milestones done (on time or late) ÷
    milestones. The plan page, the dashboard and the province report all read it."""
    from .models import PlanArea

    today = today or timezone.localdate()
    rows = Milestone.objects.filter(task__in=tasks).values_list(
        "task__area_id", "status", "due", "done_at"
    )
    by_area: dict[int, list[_Row]] = {}
    for area_id, status, due, done_at in rows:
        by_area.setdefault(area_id, []).append((status, due, done_at))
    task_counts = dict(tasks.values_list("area_id").annotate(n=Count("id")))
    result = []
    total_rows: list[_Row] = []
    areas = PlanArea.objects.filter(pk__in=list(task_counts)).order_by("plan_id", "order", "id")
    for area in areas:
        c = _count(by_area.get(area.pk, []), today)
        c.tasks = task_counts.get(area.pk, 0)
        total_rows.extend(by_area.get(area.pk, []))
        if c.tasks:
            result.append((area, c))
    total = _count(total_rows, today)
    total.tasks = sum(task_counts.values())
    return result, total


def plan_overview(user: Any, plan: Plan) -> tuple[list[tuple[Any, Counts]], Counts]:
    """Per area: milestone counts (done on time, done late, overdue…) of the visible tasks."""
    return progress(tasks_for(user, plan))


def milestones_overdue(
    user: Any | None = None, today: dt.date | None = None
) -> QuerySet[Milestone]:
    qs = Milestone.objects.filter(overdue_q(today=today))
    if user is not None:
        qs = qs.filter(task__in=tasks_for(user))
    return qs.select_related("task", "task__plan")


def review_queue(user: Any) -> QuerySet[ProgressReport]:
    root = scope.scope_root(user)
    qs = ProgressReport.objects.filter(review_status=ReviewStatus.PENDING)
    if root is not None:
        qs = qs.filter(task__plan__agency__path__startswith=root.path)
    return qs.select_related(
        "task", "task__plan", "milestone", "agency", "reported_by"
    ).prefetch_related("files")


def year_end(user: Any, plan: Plan) -> dict[str, list[Milestone]]:
    """What was done on time, late, could not be done, and what is still open."""
    ms = (
        Milestone.objects.filter(task__in=tasks_for(user, plan))
        .select_related("task", "task__area")
        .prefetch_related("task__lead_links__agency")
        .order_by("task__area__order", "task__order", "order")
    )
    groups: dict[str, list[Milestone]] = {"done": [], "done_late": [], "cannot_do": [], "open": []}
    for m in ms:
        if m.status in groups:
            groups[m.status].append(m)
        else:
            groups["open"].append(m)
    return groups


# A target's verdict: met, not met, or no figure yet (DOMAIN 3: actual against target).
MET, NOT_MET, NO_DATA = "met", "not_met", "no_data"


@dataclass
class TargetRow:
    """A target with its actual: ``source`` says where the figure comes from ("indicator",
    "manual" for a hand-entered one, "" when there is none yet); ``entry`` is the hand-entered
    actual that counts, with its evidence."""

    target: Any
    actual: float | None
    met: bool | None
    source: str = ""
    indicator_label: str = ""
    entry: Any = None
    as_of: dt.date | None = None

    @property
    def verdict(self) -> str:
        if self.actual is None:
            return NO_DATA
        if self.met is None:
            return ""  # a figure but no number to compare it with
        return MET if self.met else NOT_MET

    # The texts of the official documents (plan export, province report), always Vietnamese.

    @property
    def verdict_text(self) -> str:
        return VERDICT_TEXT.get(self.verdict, "")

    @property
    def goal_text(self) -> str:
        t = self.target
        if t.value is None:
            return ""
        return f"{t.get_comparison_display()} {_number(t.value, t.unit)}"

    @property
    def actual_text(self) -> str:
        return "" if self.actual is None else _number(self.actual, self.target.unit)

    @property
    def evidence_text(self) -> str:
        """The source of a hand-entered figure, as a report's footnote cites it."""
        e = self.entry
        if e is None:
            return ""
        files = [f.name for f in e.files.all()]
        parts = [f"Số liệu tính đến ngày {e.as_of:%d/%m/%Y}"]
        if e.document_ref:
            parts.append(f"theo {e.document_ref}")
        if files:
            parts.append("tệp minh chứng: " + ", ".join(files))
        return "; ".join(parts) + "."


VERDICT_TEXT = {MET: "đạt", NOT_MET: "chưa đạt", NO_DATA: "chưa có số liệu"}


def _number(value: Any, unit: str) -> str:
    from cchc.core.text import format_decimal, format_percent

    if unit.strip() == "%":
        return format_percent(float(value)).replace(",00%", "%")
    text = format_decimal(float(value)).removesuffix(",00")
    return f"{text} {unit}".strip()


def measure(indicator: str, agency: Any, start: dt.date, end: dt.date) -> float | None:
    """Actual value from the statistics registry; None ("chưa đo") when the target names no
    indicator, one that is not registered, or one with nothing to measure in the period."""
    if not indicator:
        return None
    from cchc.statistics import indicators

    try:
        ind = indicators.get(indicator)
    except indicators.UnknownIndicator:
        return None
    value = ind.compute(agency, start, end)
    return None if value is None else float(value)


def indicator_label(key: str) -> str:
    """The registry's name of an indicator ("" when none or not installed here)."""
    if not key:
        return ""
    from cchc.statistics import indicators

    try:
        return str(indicators.get(key).label)
    except indicators.UnknownIndicator:
        return ""


def target_met(actual: float | None, value: Any, comparison: str) -> bool | None:
    if actual is None or value is None:
        return None
    v = float(value)
    return {">=": actual >= v, ">": actual > v, "<=": actual <= v, "<": actual < v}[comparison]


def plan_period(plan: Plan) -> tuple[dt.date, dt.date]:
    if plan.year:
        return dt.date(plan.year, 1, 1), dt.date(plan.year, 12, 31)
    assert plan.period_start and plan.period_end
    return plan.period_start, plan.period_end


def target_rows(
    plan: Plan,
    *,
    agency: Any = None,
    as_of: dt.date | None = None,
    only: Iterable[int] | None = None,
) -> list[TargetRow]:
    """THE actual of each of a plan's targets and whether it is met (one definition): the plan
    page, the dashboard, the province report, the plan export and the API all read it.

    A target with an indicator is measured by it, for ``agency`` (None: the plan's agency) over
    the plan's period up to ``as_of`` (default today); hand-entered actuals are then ignored,
    the indicator having taken over. Any other target takes its latest hand-entered actual
    dated on or before ``as_of``, so a past period's report keeps the figure it had."""
    from .models import TargetActual

    as_of = as_of or timezone.localdate()
    start, end = plan_period(plan)
    end = min(end, as_of) if start <= as_of else end
    agency = agency if agency is not None else plan.agency
    qs = plan.targets.prefetch_related("responsible", "monitoring").select_related("area")
    if only is not None:
        qs = qs.filter(pk__in=list(only))
    targets = list(qs)
    latest: dict[int, Any] = {}
    manual = [t.pk for t in targets if not t.indicator]
    if manual:
        entries = (
            TargetActual.objects.filter(target_id__in=manual, as_of__lte=as_of)
            .select_related("entered_by", "entered_by__agency")
            .prefetch_related("files")
            .order_by("target_id", "-as_of", "-entered_at", "-id")
        )
        for e in entries:
            latest.setdefault(e.target_id, e)
    rows = []
    for t in targets:
        entry = latest.get(t.pk)
        if t.indicator:
            actual = measure(t.indicator, agency, start, end)
            source = "indicator" if actual is not None else ""
            row_as_of = end if actual is not None else None
        else:
            actual = None if entry is None else float(entry.value)
            source = "manual" if entry is not None else ""
            row_as_of = None if entry is None else entry.as_of
        rows.append(
            TargetRow(
                target=t,
                actual=actual,
                met=target_met(actual, t.value, t.comparison),
                source=source,
                indicator_label=indicator_label(t.indicator),
                entry=entry if not t.indicator else None,
                as_of=row_as_of,
            )
        )
    return rows


def measuring_agency(user: Any, plan: Plan) -> Any:
    """Whose figures a user's view of a plan's targets measures: the plan's agency when the
    user sees all of it, else the user's own subtree."""
    root = scope.scope_root(user)
    return plan.agency if root is None or plan.agency.path.startswith(root.path) else root


def targets_for(user: Any, plan: Plan, *, only: Iterable[int] | None = None) -> list[TargetRow]:
    return target_rows(plan, agency=measuring_agency(user, plan), only=only)


def plan_visible(user: Any, plan: Plan) -> bool:
    try:
        return plans_for(user).filter(pk=plan.pk).exists()
    except Forbidden:
        return False


def get_target_for(user: Any, pk: int) -> Target:
    target = Target.objects.select_related("plan", "plan__agency").filter(pk=pk).first()
    if target is None:
        raise NotFound("Không tìm thấy chỉ tiêu.")
    if not plan_visible(user, target.plan):
        raise Forbidden("Bạn không có quyền xem chỉ tiêu này.")
    return target


def target_history(target: Target) -> QuerySet[Any]:
    """Every hand-entered actual of a target, newest first, with who entered it."""
    return target.actuals.select_related("entered_by", "corrects").prefetch_related("files")
