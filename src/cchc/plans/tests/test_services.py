"""Stories of the plan services: who may do what, state changes, history and audit."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.core.errors import Conflict, DomainError, Forbidden
from cchc.core.models import AuditEvent
from cchc.plans import selectors, services
from cchc.plans.models import (
    Milestone,
    MilestoneChange,
    Plan,
    PlanStatus,
    ProgressStatus,
    ReviewStatus,
    Task,
)

from .conftest import task_of

pytestmark = pytest.mark.django_db
JUNE = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)


def test_import_rows_keeps_agencies_groups_and_unresolved_names(plan, province):
    assert plan.status == PlanStatus.DRAFT
    assert [a.name for a in plan.areas.all()] == ["Cải cách thể chế", "Cải cách thủ tục hành chính"]
    assert [a.key for a in plan.areas.all()] == ["institutions", "procedures"]
    t1 = task_of(plan, "1.", "thể chế")
    assert [link.agency for link in t1.lead_links.all()] == [province.justice]
    assert list(t1.coordinators.all()) == [province.home_affairs]
    assert t1.group_mentions == ["UBND cấp huyện"]
    assert t1.unresolved_names == ["Sở Ma"]
    assert [p.name for p in t1.products.all()] == [
        "Kế hoạch của UBND tỉnh",
        "Báo cáo kết quả thực hiện",
    ]
    assert [(m.label, m.due) for m in t1.milestones.all()] == [
        ("Kế hoạch", dt.date(2026, 1, 30)),
        ("Báo cáo", dt.date(2026, 12, 10)),
    ]
    t3 = task_of(plan, "1.", "thủ tục")
    link = t3.lead_links.get()
    assert (link.agency, link.role) == (province.construction, "chủ trì phần xây dựng")
    assert AuditEvent.objects.filter(action="plan_import", object_id=str(plan.pk)).count() == 1


def test_relative_deadline_gets_its_date_only_after_the_event(plan, province):
    task = task_of(plan, "2.", "thể chế")
    m = task.milestones.get()
    assert m.due is None and m.awaits_event
    with pytest.raises(Conflict):
        services.milestone_set_due(actor=province.noivu, milestone=m, due=dt.date(2026, 2, 1))
    # Friday 24/4/2026; Mon 27/4 is the Hùng Kings day off, 30/4–3/5 off: +5 working days
    # lands on Wed 6/5 only if the calendar counts the holidays.
    m = services.milestone_set_event(
        actor=province.daumoi, milestone=m, event_date=dt.date(2026, 4, 24)
    )
    m.refresh_from_db()
    assert m.event_date == dt.date(2026, 4, 24)
    assert m.due is not None and m.due > dt.date(2026, 5, 1)
    from cchc.calendars.selectors import get_work_calendar

    assert m.due == get_work_calendar().add_workdays(dt.date(2026, 4, 24), 5)
    assert AuditEvent.objects.filter(action="milestone_set_event", object_id=str(m.pk)).exists()
    assert MilestoneChange.objects.filter(milestone=m, action="set_event").exists()


def test_event_refused_to_an_agency_that_does_not_lead(plan, province):
    m = task_of(plan, "2.", "thể chế").milestones.get()
    with pytest.raises(Forbidden):
        services.milestone_set_event(
            actor=province.motcua_xa, milestone=m, event_date=dt.date(2026, 4, 24)
        )
    m.refresh_from_db()
    assert m.due is None


@time_machine.travel(JUNE, tick=False)
def test_lead_reports_done_late_and_home_affairs_accepts(plan, province):
    task = task_of(plan, "1.", "thể chế")
    first = task.milestones.get(label="Kế hoạch")
    assert first.is_overdue
    report = services.progress_report(
        actor=province.daumoi,
        task=task,
        agency=province.justice,
        milestone=first,
        status=ProgressStatus.DONE,
        percent=100,
        note="Đã ban hành Kế hoạch",
        evidence_number="15/KH-UBND",
        evidence_date=dt.date(2026, 2, 3),
        files=[SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 minh chung")],
    )
    first.refresh_from_db()
    assert first.status == ProgressStatus.DONE_LATE  # done 3/2 after the 30/1 deadline
    assert first.done_at == dt.date(2026, 2, 3)
    assert not first.is_overdue
    task.refresh_from_db()
    assert task.status == ProgressStatus.IN_PROGRESS and task.percent == 50
    assert report.files.get().name == "ke-hoach.pdf"
    assert report.review_status == ReviewStatus.PENDING
    assert list(selectors.review_queue(province.noivu)) == [report]
    with pytest.raises(Forbidden):
        services.progress_accept(actor=province.daumoi, report=report)
    with pytest.raises(Forbidden):
        services.progress_accept(actor=province.lanhdao, report=report)
    services.progress_accept(actor=province.noivu, report=report, comment="Đạt")
    report.refresh_from_db()
    assert report.review_status == ReviewStatus.ACCEPTED and report.reviewer == province.noivu
    with pytest.raises(Conflict):
        services.progress_return(actor=province.noivu, report=report, comment="Muộn")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"progress_report", "milestone_report", "progress_accept"} <= actions


@time_machine.travel(JUNE, tick=False)
def test_returned_report_restores_the_milestone(plan, province):
    task = task_of(plan, "1.", "thủ tục")
    m = task.milestones.get()
    report = services.progress_report(
        actor=province.noivu,
        task=task,
        agency=province.construction,
        status=ProgressStatus.DONE,
        percent=100,
    )
    m.refresh_from_db()
    assert m.status == ProgressStatus.DONE_LATE  # due 31/3, done today 15/6
    with pytest.raises(DomainError):
        services.progress_return(actor=province.noivu, report=report, comment="  ")
    services.progress_return(actor=province.noivu, report=report, comment="Thiếu minh chứng")
    m.refresh_from_db()
    task.refresh_from_db()
    assert m.status == ProgressStatus.NOT_STARTED and m.done_at is None and m.percent == 0
    assert m.is_overdue
    assert task.status == ProgressStatus.NOT_STARTED
    assert [c.action for c in m.changes.all()] == ["report", "return"]


def test_coordinator_adds_its_part_without_changing_the_milestone(plan, province):
    task = task_of(plan, "1.", "thủ tục")
    report = services.progress_report(
        actor=province.noivu,
        task=task,
        agency=province.ppc_office,
        status=ProgressStatus.IN_PROGRESS,
        percent=40,
        note="Đã góp ý dự thảo",
    )
    assert report.role == "coordinator"
    assert task.milestones.get().status == ProgressStatus.NOT_STARTED


def test_progress_rights_and_validation(plan, province):
    task = task_of(plan, "1.", "thủ tục")  # led by Construction
    ms = task.milestones.get()
    with pytest.raises(Forbidden):  # Justice's focal point cannot report for Construction
        services.progress_report(
            actor=province.daumoi,
            task=task,
            agency=province.construction,
            status="in_progress",
            percent=10,
        )
    with pytest.raises(Forbidden):  # Justice neither leads nor coordinates this task
        services.progress_report(
            actor=province.daumoi,
            task=task,
            agency=province.justice,
            status="in_progress",
            percent=10,
        )
    with pytest.raises(Forbidden):  # leaders only read
        services.progress_report(
            actor=province.lanhdao,
            task=task,
            agency=province.construction,
            status="in_progress",
            percent=10,
        )
    with pytest.raises(DomainError):
        services.progress_report(
            actor=province.noivu,
            task=task,
            agency=province.construction,
            status="cannot_do",
            percent=0,
        )
    with pytest.raises(DomainError):
        services.progress_report(
            actor=province.noivu,
            task=task,
            agency=province.construction,
            status="in_progress",
            percent=120,
        )
    multi = task_of(plan, "1.", "thể chế")
    with pytest.raises(DomainError):  # two milestones: which one?
        services.progress_report(
            actor=province.daumoi,
            task=multi,
            agency=province.justice,
            status="in_progress",
            percent=10,
        )
    services.progress_report(
        actor=province.noivu,
        task=task,
        agency=province.construction,
        milestone=ms,
        status="cannot_do",
        percent=0,
        reason="Trung ương chưa ban hành hướng dẫn",
    )
    ms.refresh_from_db()
    assert ms.status == "cannot_do" and ms.reason


def test_percent_and_reason_are_database_constraints(plan):
    from django.db import IntegrityError, transaction

    m = Milestone.objects.first()
    assert m is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        Milestone.objects.filter(pk=m.pk).update(percent=101)
    with pytest.raises(IntegrityError), transaction.atomic():
        Milestone.objects.filter(pk=m.pk).update(status="cannot_do", reason="")
    with pytest.raises(IntegrityError), transaction.atomic():
        plan.areas.create(order=1, name="Trùng thứ tự")


def test_plan_states_and_rights(plan, province):
    with pytest.raises(Forbidden):
        services.plan_issue(actor=province.lanhdao, plan=plan)
    with pytest.raises(Forbidden):
        services.plan_issue(
            actor=province.daumoi, plan=plan
        )  # Justice's focal point, province plan
    services.plan_issue(actor=province.noivu, plan=plan)
    with pytest.raises(Conflict):
        services.plan_issue(actor=province.noivu, plan=plan)
    services.plan_close(actor=province.noivu, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CLOSED
    task = plan.tasks.first()
    with pytest.raises(Conflict):
        services.task_update(actor=province.noivu, task=task, content="Sửa sau khi kết thúc")
    assert [
        e.action
        for e in AuditEvent.objects.filter(object_id=str(plan.pk), content_type__model="plan")
    ][:2] == [
        "plan_close",
        "plan_issue",
    ]


def test_agency_focal_point_makes_its_own_plan_under_the_province(plan, province):
    own = services.plan_create(
        actor=province.daumoi,
        agency=province.justice,
        title="Kế hoạch CCHC năm 2026 của Sở Tư pháp",
        year=2026,
        parent=plan,
        areas=["Cải cách thể chế"],
    )
    assert own.parent == plan and own.areas.get().key == "institutions"
    with pytest.raises(Forbidden):
        services.plan_create(
            actor=province.daumoi, agency=province.construction, title="X", year=2026
        )
    with pytest.raises(DomainError):
        services.plan_create(actor=province.noivu, agency=province.province, title="Không năm")
    assert Plan.objects.count() == 2


def test_task_update_assigns_an_unresolved_name(plan, province, departments):
    task = task_of(plan, "1.", "thể chế")
    services.task_update(
        actor=province.noivu,
        task=task,
        coordinators=[province.home_affairs, departments["STC"]],
        leads=[province.justice],
        reason="Gán cơ quan",
    )
    task.refresh_from_db()
    assert set(task.coordinators.all()) == {province.home_affairs, departments["STC"]}
    event = AuditEvent.objects.filter(action="task_update", object_id=str(task.pk)).get()
    assert event.changes["coordinators"][1] == ["Sở Nội vụ", "Sở Tài chính"]
    with pytest.raises(DomainError):
        services.task_update(actor=province.noivu, task=task, leads=[])


def test_comment_rights(plan, province):
    task = task_of(plan, "1.", "thủ tục")
    services.comment_add(actor=province.noivu, task=task, body="Đề nghị đẩy nhanh")
    with pytest.raises(Forbidden):
        services.comment_add(actor=province.lanhdao, task=task, body="Đọc thôi")
    with pytest.raises(Forbidden):
        services.comment_add(actor=province.motcua_xa, task=task, body="Không phải việc của xã")
    assert task.comments.count() == 1


@time_machine.travel(JUNE, tick=False)
def test_overview_counts(plan, province):
    services.progress_report(
        actor=province.daumoi,
        task=task_of(plan, "1.", "thể chế"),
        agency=province.justice,
        milestone=task_of(plan, "1.", "thể chế").milestones.get(label="Kế hoạch"),
        status="done",
        percent=100,
        done_at=dt.date(2026, 1, 20),
    )
    areas, total = selectors.plan_overview(province.lanhdao, plan)
    assert total.tasks == 3 and total.milestones == 4
    assert (total.done, total.done_late, total.overdue, total.waiting) == (1, 0, 1, 1)
    assert [(a.name, c.tasks) for a, c in areas] == [
        ("Cải cách thể chế", 2),
        ("Cải cách thủ tục hành chính", 1),
    ]
    # Justice sees only its own part of the province plan.
    _, mine = selectors.plan_overview(province.daumoi, plan)
    assert mine.tasks == 2


def test_tasks_are_scoped(plan, province):
    assert selectors.tasks_for(province.lanhdao, plan).count() == 3
    assert selectors.tasks_for(province.noivu, plan).count() == 3
    justice = set(selectors.tasks_for(province.daumoi, plan).values_list("number", "area__key"))
    assert justice == {("1.", "institutions"), ("2.", "institutions")}
    assert selectors.tasks_for(province.motcua_xa, plan).count() == 0
    assert Task.objects.count() == 3


def test_group_lead_shows_the_task_to_every_agency_of_the_group(province):
    from .conftest import small_preview

    preview = small_preview()
    preview["tasks"][2]["lead"] = ["Các sở, ban, ngành"]
    preview["names"]["Các sở, ban, ngành"] = {
        "status": "group",
        "agency_id": None,
        "candidates": [],
        "group": "departments",
    }
    plan = services.plan_import_rows(
        actor=province.noivu,
        agency=province.province,
        year=2026,
        preview=preview,
        mapping={"Sở Tư pháp": province.justice.pk},
    )
    task = task_of(plan, "1.", "thủ tục")
    assert task.lead_mentions == [
        {"text": "Các sở, ban, ngành", "role": "lead", "kind": "group", "group": "departments"}
    ]
    assert task.coordinator_mentions == [
        {"text": "Văn phòng UBND tỉnh", "role": "coordinator", "kind": "unresolved", "group": ""}
    ]
    assert task in selectors.tasks_for(province.daumoi, plan)  # Justice is a department
    assert task not in selectors.tasks_for(province.daumoi_xa, plan)  # a commune is not


def test_import_commit_is_all_or_nothing(province):
    from cchc.organizations.models import AgencyKind
    from cchc.organizations.services import agency_create
    from cchc.plans.models import PlanImport

    from .conftest import small_preview

    other = agency_create(
        actor=None, parent=None, code="P01", kind=AgencyKind.PROVINCE, name="UBND tỉnh khác"
    )
    imp = PlanImport.objects.create(
        created_by=province.noivu,
        agency=province.province,
        year=2026,
        filename="x.docx",
        preview={**small_preview(), "mapping": {"Sở Tư pháp": province.justice.pk}},
    )
    with pytest.raises(DomainError):  # an agency of another province
        services.plan_import_commit(
            actor=province.noivu, plan_import=imp, mapping={"Sở Nội vụ": other.pk}
        )
    broken = small_preview()
    broken["tasks"][2]["milestones"][0]["date"] = "31/03/2026"  # not ISO: fails on the last task
    imp2 = PlanImport.objects.create(
        created_by=province.noivu,
        agency=province.province,
        year=2026,
        filename="y.docx",
        preview=broken,
    )
    with pytest.raises(ValueError):
        services.plan_import_commit(actor=province.noivu, plan_import=imp2)
    assert Plan.objects.count() == 0 and Task.objects.count() == 0
    assert set(PlanImport.objects.values_list("status", flat=True)) == {"pending"}
    with pytest.raises(Forbidden):
        services.plan_import_commit(actor=province.lanhdao, plan_import=imp)


def test_relative_due_dates_follow_a_calendar_change(
    plan, province, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    from cchc.calendars.models import Calendar, OverrideKind
    from cchc.calendars.services import override_remove, override_set

    m = task_of(plan, "2.", "thể chế").milestones.get()
    services.milestone_set_event(actor=province.daumoi, milestone=m, event_date=dt.date(2026, 7, 1))
    m.refresh_from_db()
    assert m.due == dt.date(2026, 7, 8)
    cal = Calendar.objects.filter(is_default=True).first()
    if cal is None:
        cal = Calendar.objects.create(code="VN", name="Lịch làm việc", is_default=True)
    with django_capture_on_commit_callbacks(execute=True):
        override_set(
            actor=province.noivu,
            calendar=cal,
            date=dt.date(2026, 7, 3),
            kind=OverrideKind.DAY_OFF,
            name="Nghỉ bão",
        )
    m.refresh_from_db()
    assert m.due == dt.date(2026, 7, 9)  # recomputed by the task the change enqueued
    assert m.changes.last().action == "recompute"
    with pytest.raises(Forbidden):
        services.relative_milestones_recompute(actor=province.daumoi)
    with django_capture_on_commit_callbacks(execute=False):  # the task does not run here
        override_remove(actor=province.noivu, calendar=cal, date=dt.date(2026, 7, 3))
    call_command("plans", "recompute")
    m.refresh_from_db()
    assert m.due == dt.date(2026, 7, 8)
