"""REST API of plans, mounted at /api/v1/plans. Same selectors and services as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from cchc.core.errors import Forbidden, NotFound

from . import selectors, services
from .models import Milestone, ProgressReport

router = Router(tags=["plans"])


class PlanOut(Schema):
    id: int
    title: str
    agency_id: int
    agency: str
    year: int | None
    period_start: dt.date | None
    period_end: dt.date | None
    number: str
    decided_on: dt.date | None
    status: str
    parent_id: int | None

    @staticmethod
    def resolve_agency(obj) -> str:
        return obj["agency"] if isinstance(obj, dict) else obj.agency.name


class AreaOut(Schema):
    id: int
    order: int
    name: str
    key: str


class PlanDetailOut(PlanOut):
    legal_bases: str
    areas: list[AreaOut]
    counts: dict[str, int]


class MilestoneOut(Schema):
    id: int
    label: str
    due: dt.date | None
    start: dt.date | None
    relative_days: int | None
    relative_unit: str
    event: str
    event_date: dt.date | None
    recurrence: str
    status: str
    percent: int
    reason: str
    done_at: dt.date | None
    overdue: bool


class LeadOut(Schema):
    agency_id: int
    name: str
    role: str


class TaskOut(Schema):
    id: int
    plan_id: int
    area: str
    number: str
    content: str
    lead: list[LeadOut]
    deadline_text: str
    deadline_kind: str
    status: str
    percent: int
    milestones: list[MilestoneOut]


class ReportOut(Schema):
    id: int
    task_id: int
    milestone_id: int | None
    agency_id: int
    role: str
    status: str
    percent: int
    note: str
    evidence_number: str
    evidence_date: dt.date | None
    reported_at: dt.datetime
    review_status: str
    review_comment: str


class TaskDetailOut(TaskOut):
    products: list[str]
    coordinators: list[str]
    group_mentions: list[str]
    unresolved_names: list[str]
    mentions: list[dict[str, str]]
    reports: list[ReportOut]


class ReportIn(Schema):
    agency_id: int | None = None
    milestone_id: int | None = None
    status: str
    percent: int = 0
    note: str = ""
    reason: str = ""
    done_at: dt.date | None = None
    evidence_number: str = ""
    evidence_date: dt.date | None = None


class ReviewIn(Schema):
    comment: str = ""


def _milestone(m: Milestone) -> dict:
    return {
        "id": m.pk,
        "label": m.label,
        "due": m.due,
        "start": m.start,
        "relative_days": m.relative_days,
        "relative_unit": m.relative_unit,
        "event": m.event,
        "event_date": m.event_date,
        "recurrence": m.recurrence,
        "status": m.status,
        "percent": m.percent,
        "reason": m.reason,
        "done_at": m.done_at,
        "overdue": m.is_overdue,
    }


def _task(t) -> dict:
    return {
        "id": t.pk,
        "plan_id": t.plan_id,
        "area": t.area.name,
        "number": t.number,
        "content": t.content,
        "lead": [
            {"agency_id": link.agency_id, "name": link.agency.name, "role": link.role}
            for link in t.lead_links.all()
        ],
        "deadline_text": t.deadline_text,
        "deadline_kind": t.deadline_kind,
        "status": t.status,
        "percent": t.percent,
        "milestones": [_milestone(m) for m in t.milestones.all()],
    }


@router.get("/", response=list[PlanOut])
def list_plans(request):
    return list(selectors.plans_for(request.user))


@router.get("/tasks", response=list[TaskOut])
def list_tasks(
    request,
    plan: int | None = None,
    area: int | None = None,
    lead: int | None = None,
    status: str = "",
    overdue: bool = False,
    due_from: dt.date | None = None,
    due_to: dt.date | None = None,
    q: str = "",
    mine: bool = False,
    limit: int = Query(200, ge=1, le=500),
    offset: int = Query(0, ge=0, le=1_000_000),
):
    plan_obj = selectors.get_plan_for(request.user, plan) if plan else None
    f = selectors.TaskFilters(
        area=area,
        lead=lead,
        status=status,
        overdue=overdue,
        due_from=due_from,
        due_to=due_to,
        q=q,
        mine=mine,
    )
    rows = selectors.task_list(request.user, plan_obj, f)[offset : offset + limit]
    return [_task(t) for t in rows]


@router.get("/tasks/{task_id}", response=TaskDetailOut)
def task_detail(request, task_id: int):
    t = selectors.get_task_for(request.user, task_id)
    data = _task(t)
    data.update(
        products=[p.name for p in t.products.all()],
        coordinators=[a.name for a in t.coordinators.all()],
        group_mentions=list(t.group_mentions),
        unresolved_names=list(t.unresolved_names),
        mentions=list(t.mentions),
        reports=list(t.reports.all()),
    )
    return data


@router.post("/tasks/{task_id}/progress", response={201: ReportOut})
def post_progress(request, task_id: int, payload: ReportIn):
    t = selectors.get_task_for(request.user, task_id)
    agency = request.user.agency
    if payload.agency_id:
        agency = next(
            (link.agency for link in t.lead_links.all() if link.agency_id == payload.agency_id),
            None,
        ) or next((a for a in t.coordinators.all() if a.pk == payload.agency_id), None)
        if agency is None:
            raise Forbidden("Cơ quan này không chủ trì hay phối hợp thực hiện nhiệm vụ.")
    if agency is None:
        raise Forbidden("Tài khoản chưa được gán cơ quan.")
    milestone = None
    if payload.milestone_id:
        milestone = t.milestones.filter(pk=payload.milestone_id).first()
        if milestone is None:
            raise NotFound("Không tìm thấy mốc của nhiệm vụ.")
    report = services.progress_report(
        actor=request.user,
        task=t,
        agency=agency,
        milestone=milestone,
        status=payload.status,
        percent=payload.percent,
        note=payload.note,
        reason=payload.reason,
        done_at=payload.done_at,
        evidence_number=payload.evidence_number,
        evidence_date=payload.evidence_date,
    )
    return 201, report


class EventIn(Schema):
    event_date: dt.date
    note: str = ""


@router.post("/milestones/{milestone_id}/event", response=MilestoneOut)
def milestone_event(request, milestone_id: int, payload: EventIn):
    m = get_object_or_404(Milestone.objects.select_related("task__plan__agency"), pk=milestone_id)
    if not selectors.task_visible(request.user, m.task):
        raise Forbidden("Bạn không có quyền xem nhiệm vụ này.")
    m = services.milestone_set_event(
        actor=request.user, milestone=m, event_date=payload.event_date, note=payload.note
    )
    return _milestone(m)


def _report_for(request, report_id: int) -> ProgressReport:
    report = get_object_or_404(
        ProgressReport.objects.select_related("task__plan__agency", "agency"), pk=report_id
    )
    if not selectors.task_visible(request.user, report.task):
        raise Forbidden("Bạn không có quyền xem báo cáo này.")
    return report


@router.post("/progress/{report_id}/accept", response=ReportOut)
def accept(request, report_id: int, payload: ReviewIn):
    return services.progress_accept(
        actor=request.user, report=_report_for(request, report_id), comment=payload.comment
    )


@router.post("/progress/{report_id}/return", response=ReportOut)
def return_report(request, report_id: int, payload: ReviewIn):
    return services.progress_return(
        actor=request.user, report=_report_for(request, report_id), comment=payload.comment
    )


class EvidenceOut(Schema):
    id: int
    name: str
    url: str


class ActualEntryOut(Schema):
    id: int
    value: float
    as_of: dt.date
    document_ref: str
    note: str
    corrects_id: int | None
    entered_by: str
    entered_at: dt.datetime
    files: list[EvidenceOut]


class TargetOut(Schema):
    id: int
    plan_id: int
    area: str | None
    sentence: str
    value: float | None
    unit: str
    comparison: str
    indicator: str = Field(description="Khóa chỉ số đo tự động; rỗng: số liệu nhập tay")
    indicator_label: str
    responsible: list[str]
    actual: float | None = Field(description="Số liệu thực tế đang được tính")
    met: bool | None
    verdict: str = Field(description="met (đạt), not_met (chưa đạt), no_data (chưa có số liệu)")
    source: str = Field(description="indicator (đo tự động), manual (nhập tay) hoặc rỗng")
    as_of: dt.date | None
    entry: ActualEntryOut | None = Field(description="Số liệu nhập tay đang được tính")


class ActualIn(Schema):
    value: Decimal = Field(description="Số liệu thực tế (tối đa 2 chữ số thập phân)")
    as_of: dt.date = Field(description="Số liệu tính đến ngày (trong thời kỳ kế hoạch)")
    document_ref: str = Field("", description="Số, ngày văn bản minh chứng (bắt buộc qua API)")
    note: str = Field("", description="Ghi chú; bắt buộc khi sửa số liệu cùng ngày")


def _entry(e) -> dict | None:
    if e is None:
        return None
    who = e.entered_by
    return {
        "id": e.pk,
        "value": float(e.value),
        "as_of": e.as_of,
        "document_ref": e.document_ref,
        "note": e.note,
        "corrects_id": e.corrects_id,
        "entered_by": (who.get_full_name() or who.get_username()) if who else "",
        "entered_at": e.entered_at,
        "files": [
            {"id": f.pk, "name": f.name, "url": reverse("plans:evidence", args=[f.pk])}
            for f in e.files.all()
        ],
    }


def _target(row: selectors.TargetRow) -> dict:
    t = row.target
    return {
        "id": t.pk,
        "plan_id": t.plan_id,
        "area": t.area.name if t.area else None,
        "sentence": t.sentence,
        "value": None if t.value is None else float(t.value),
        "unit": t.unit,
        "comparison": t.comparison,
        "indicator": t.indicator,
        "indicator_label": row.indicator_label,
        "responsible": [a.name for a in t.responsible.all()],
        "actual": row.actual,
        "met": row.met,
        "verdict": row.verdict,
        "source": row.source,
        "as_of": row.as_of,
        "entry": _entry(row.entry),
    }


@router.get("/{plan_id}/targets", response=list[TargetOut])
def plan_targets(request, plan_id: int):
    """The plan's targets with their actual: measured by an indicator or entered by hand."""
    plan = selectors.get_plan_for(request.user, plan_id)
    return [_target(r) for r in selectors.targets_for(request.user, plan)]


@router.get("/targets/{target_id}", response=TargetOut)
def target_detail(request, target_id: int):
    target = selectors.get_target_for(request.user, target_id)
    (row,) = selectors.targets_for(request.user, target.plan, only=[target.pk])
    return _target(row)


@router.post("/targets/{target_id}/actual", response={201: TargetOut})
def post_actual(request, target_id: int, payload: ActualIn):
    """Enter a target's actual by hand, with the document it comes from (files are attached on
    the page). 400: a value or date out of bounds, no evidence, a correction without a note;
    403: not the target's responsible agency, Home Affairs or an administrator; 404: no such
    target in the user's scope; 409: the target is measured by an indicator, or the plan is
    closed; 422: a field of the wrong type."""
    target = selectors.get_target_for(request.user, target_id)
    services.target_actual_enter(
        actor=request.user,
        target=target,
        value=payload.value,
        as_of=payload.as_of,
        document_ref=payload.document_ref,
        note=payload.note,
    )
    (row,) = selectors.targets_for(request.user, target.plan, only=[target.pk])
    return 201, _target(row)


@router.get("/{plan_id}", response=PlanDetailOut)
def plan_detail(request, plan_id: int):
    plan = selectors.get_plan_for(request.user, plan_id)
    _, total = selectors.plan_overview(request.user, plan)
    counts = {
        key: getattr(total, key)
        for key in (
            "tasks",
            "milestones",
            "done",
            "done_late",
            "overdue",
            "in_progress",
            "not_started",
            "cannot_do",
            "waiting",
        )
    }
    data = {f: getattr(plan, f) for f in PlanOut.model_fields if f != "agency"}
    data.update(
        agency=plan.agency.name,
        legal_bases=plan.legal_bases,
        areas=list(plan.areas.all()),
        counts=counts,
    )
    return data
