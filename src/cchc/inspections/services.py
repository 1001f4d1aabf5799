"""Writes on inspection plans, inspections, findings and remedies: rights through
``cchc.accounts.scope``, one transaction, the row locked, an audit row each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from cchc.accounts import scope
from cchc.accounts.models import User
from cchc.calendars.selectors import calendar_for_agency, get_work_calendar
from cchc.core import audit
from cchc.core.errors import Conflict, DomainError
from cchc.organizations.models import Agency

from .models import (
    Checklist,
    ChecklistItem,
    ChecklistResult,
    CheckResult,
    Finding,
    Inspection,
    InspectionKind,
    InspectionPlan,
    InspectionStatus,
    QualitySystem,
    Remedy,
    RemedyStatus,
    RemedyUpdate,
    Severity,
)


def can_inspect(user: Any, agency: Agency | None = None) -> bool:
    """Plans and inspections are Home Affairs' work (seed 000 appendix, task 3)."""
    if user is None:
        return True
    return not scope.is_read_only(user) and scope.can_administer(user, agency)


def can_follow_up(user: Any, remedy: Remedy) -> bool:
    """The owner unit's focal point reports progress; Home Affairs confirms too."""
    if user is None:
        return True
    if scope.is_read_only(user):
        return False
    return scope.can_edit_reform(user, remedy.owner) or scope.can_administer(user, remedy.owner)


def _require_inspect(user: Any, agency: Agency | None = None) -> None:
    scope.require(can_inspect(user, agency), "Chỉ Sở Nội vụ lập kế hoạch và thực hiện kiểm tra.")


def plan_create(
    *,
    actor: Any,
    agency: Agency,
    year: int,
    title: str = "",
    number: str = "",
    target_share: Decimal | None = None,
) -> InspectionPlan:
    _require_inspect(actor, agency)
    if not 2000 <= year <= 2100:
        raise DomainError("Năm kế hoạch không hợp lệ.")
    if target_share is not None and not 0 <= target_share <= 1:
        raise DomainError("Tỷ lệ tối thiểu phải từ 0 đến 1 (ví dụ 0,3 là 30%).")
    with transaction.atomic():
        if InspectionPlan.objects.filter(agency=agency, year=year).exists():
            raise Conflict(f"«{agency.name}» đã có kế hoạch kiểm tra năm {year}.")
        plan = InspectionPlan.objects.create(
            agency=agency,
            year=year,
            title=title.strip() or f"Kế hoạch kiểm tra công tác cải cách hành chính năm {year}",
            number=number.strip(),
            created_by=actor if getattr(actor, "pk", None) else None,
            **({"target_share": target_share} if target_share is not None else {}),
        )
        audit.record(actor=actor, obj=plan, action="create")
    return plan


def inspection_schedule(
    *,
    actor: Any,
    plan: InspectionPlan,
    agency: Agency,
    date_from: dt.date,
    date_to: dt.date,
    kind: str = InspectionKind.REFORM,
    lead: User | None = None,
    members: Sequence[User] = (),
    checklists: Sequence[Checklist] = (),
    previous: Inspection | None = None,
) -> Inspection:
    _require_inspect(actor, plan.agency)
    if not agency.is_within(plan.agency.province):
        raise DomainError(f"«{agency.name}» không thuộc tỉnh của kế hoạch.")
    if date_to < date_from:
        raise DomainError("Ngày kết thúc kiểm tra phải từ ngày bắt đầu trở đi.")
    if date_from.year != plan.year:
        raise DomainError(f"Ngày kiểm tra phải trong năm {plan.year} của kế hoạch.")
    if kind == InspectionKind.ISO and not QualitySystem.objects.filter(agency=agency).exists():
        raise DomainError(f"«{agency.name}» chưa có hệ thống quản lý chất lượng ISO 9001.")
    if lead is not None and lead in members:
        members = [m for m in members if m != lead]
    if kind == InspectionKind.REINSPECTION and previous is None:
        previous = (
            Inspection.objects.filter(agency=agency, plan__year__lt=plan.year)
            .exclude(kind=InspectionKind.REINSPECTION)
            .order_by("-date_from")
            .first()
        )
        if previous is None:
            raise DomainError(f"«{agency.name}» chưa có lần kiểm tra nào trước để tái kiểm tra.")
    with transaction.atomic():
        if Inspection.objects.filter(plan=plan, agency=agency, kind=kind).exists():
            raise Conflict(f"Kế hoạch đã có cuộc kiểm tra loại này tại «{agency.name}».")
        inspection = Inspection.objects.create(
            plan=plan,
            agency=agency,
            kind=kind,
            date_from=date_from,
            date_to=date_to,
            lead=lead,
            previous=previous,
        )
        inspection.members.set(members)
        inspection.checklists.set(checklists)
        if previous is not None:
            # Re-inspection of last year's findings: each comes back to be checked again.
            for old in previous.findings.all():
                Finding.objects.create(
                    inspection=inspection,
                    area=old.area,
                    severity=old.severity,
                    text=old.text,
                    staff=old.staff,
                    follows=old,
                )
        audit.record(
            actor=actor,
            obj=inspection,
            action="inspection_schedule",
            changes={"agency": [None, agency], "date_from": [None, date_from]},
        )
    return inspection


def _lock(inspection: Inspection) -> Inspection:
    return (
        Inspection.objects.select_for_update()
        .select_related("plan__agency", "agency")
        .get(pk=inspection.pk)
    )


def checklist_record(
    *, actor: Any, inspection: Inspection, item: ChecklistItem, result: str, note: str = ""
) -> ChecklistResult:
    _require_inspect(actor, inspection.plan.agency)
    if result not in CheckResult.values:
        raise DomainError("Kết quả kiểm tra không hợp lệ.")
    with transaction.atomic():
        locked = _lock(inspection)
        if locked.status == InspectionStatus.CONCLUDED:
            raise Conflict("Cuộc kiểm tra đã kết luận; không sửa kết quả được nữa.")
        if not locked.checklists.filter(pk=item.checklist_id).exists():
            raise DomainError("Nội dung này không thuộc bảng kiểm của cuộc kiểm tra.")
        row, _ = ChecklistResult.objects.update_or_create(
            inspection=locked, item=item, defaults={"result": result, "note": note.strip()}
        )
        audit.record(
            actor=actor,
            obj=locked,
            action="checklist_result",
            changes={"item": [None, item.text], "result": [None, result]},
        )
    return row


def finding_add(
    *,
    actor: Any,
    inspection: Inspection,
    area: str,
    severity: str,
    text: str,
    staff: Any = None,
) -> Finding:
    _require_inspect(actor, inspection.plan.agency)
    if not text.strip():
        raise DomainError("Nội dung tồn tại, hạn chế không được để trống.")
    if severity not in Severity.values:
        raise DomainError("Mức độ không hợp lệ.")
    if staff is not None and not staff.agency.is_within(inspection.agency):
        raise DomainError(f"Cán bộ «{staff}» không thuộc đơn vị được kiểm tra.")
    with transaction.atomic():
        locked = _lock(inspection)
        if locked.status == InspectionStatus.CONCLUDED:
            raise Conflict("Cuộc kiểm tra đã kết luận; không thêm tồn tại được nữa.")
        finding = Finding.objects.create(
            inspection=locked, area=area, severity=severity, text=text.strip(), staff=staff
        )
        audit.record(
            actor=actor, obj=locked, action="finding_add", changes={"finding": [None, finding.text]}
        )
    return finding


def finding_recheck(*, actor: Any, finding: Finding, resolved: bool) -> Finding:
    """On a re-inspection: was last year's finding put right?"""
    _require_inspect(actor, finding.inspection.plan.agency)
    if finding.follows_id is None:
        raise DomainError("Chỉ ghi kết quả tái kiểm tra cho tồn tại của năm trước.")
    with transaction.atomic():
        locked = Finding.objects.select_for_update().get(pk=finding.pk)
        before = locked.resolved
        locked.resolved = resolved
        locked.save(update_fields=["resolved"])
        audit.record(
            actor=actor,
            obj=locked.inspection,
            action="finding_recheck",
            changes={"resolved": [before, resolved]},
        )
    return locked


def due_on_clock(owner: Agency, start: dt.date, working_days: int) -> dt.date:
    """``working_days`` counted on the owner's working-day calendar (holidays, swapped days)."""
    cal = calendar_for_agency(owner)
    return get_work_calendar(cal.code if cal else None).add_workdays(start, working_days)


def remedy_add(
    *,
    actor: Any,
    finding: Finding,
    text: str,
    owner: Agency | None,
    working_days: int | None = None,
    due_date: dt.date | None = None,
    owner_person: str = "",
    start: dt.date | None = None,
) -> Remedy:
    _require_inspect(actor, finding.inspection.plan.agency)
    if not text.strip():
        raise DomainError("Nội dung biện pháp khắc phục không được để trống.")
    if owner is None:
        raise DomainError("Biện pháp khắc phục phải có đơn vị chịu trách nhiệm.", code="owner")
    if working_days is None and due_date is None:
        raise DomainError("Cần thời hạn khắc phục: số ngày làm việc hoặc một ngày cụ thể.")
    if working_days is not None and working_days <= 0:
        raise DomainError("Số ngày làm việc phải lớn hơn 0.")
    with transaction.atomic():
        locked = _lock(finding.inspection)
        begin = start or locked.concluded_on or timezone.localdate()
        if working_days is not None:
            due_date = due_on_clock(owner, begin, working_days)
        assert due_date is not None
        remedy = Remedy.objects.create(
            finding=finding,
            text=text.strip(),
            owner=owner,
            owner_person=owner_person.strip(),
            working_days=working_days,
            due_date=due_date,
        )
        audit.record(
            actor=actor,
            obj=locked,
            action="remedy_add",
            changes={
                "remedy": [None, remedy.text],
                "owner": [None, owner],
                "due_date": [None, due_date],
            },
        )
    return remedy


def inspection_conclude(
    *, actor: Any, inspection: Inspection, concluded_on: dt.date, number: str, summary: str
) -> Inspection:
    _require_inspect(actor, inspection.plan.agency)
    if not number.strip():
        raise DomainError("Cần số của Thông báo kết luận kiểm tra.")
    with transaction.atomic():
        locked = _lock(inspection)
        if locked.status == InspectionStatus.CONCLUDED:
            raise Conflict("Cuộc kiểm tra đã kết luận.")
        if concluded_on < locked.date_from:
            raise DomainError("Ngày kết luận không được trước ngày kiểm tra.")
        without = [
            f.text[:60] for f in locked.findings.filter(remedies__isnull=True, follows__isnull=True)
        ]
        if without:
            raise DomainError(
                "Còn tồn tại chưa có biện pháp khắc phục: " + "; ".join(f"«{t}»" for t in without)
            )
        locked.status = InspectionStatus.CONCLUDED
        locked.concluded_on = concluded_on
        locked.conclusion_number = number.strip()
        locked.conclusion_summary = summary.strip()
        locked.save(
            update_fields=["status", "concluded_on", "conclusion_number", "conclusion_summary"]
        )
        # Deadlines given in working days run from the conclusion notice's date.
        moved = {}
        for remedy in Remedy.objects.select_for_update().filter(
            finding__inspection=locked, working_days__isnull=False, status=RemedyStatus.OPEN
        ):
            assert remedy.working_days is not None
            due = due_on_clock(remedy.owner, concluded_on, remedy.working_days)
            if due != remedy.due_date:
                moved[remedy.pk] = [remedy.due_date, due]
                remedy.due_date = due
                remedy.save(update_fields=["due_date"])
        audit.record(
            actor=actor,
            obj=locked,
            action="inspection_conclude",
            changes={
                "status": [InspectionStatus.PLANNED, InspectionStatus.CONCLUDED],
                **{f"remedy_{pk}_due_date": v for pk, v in moved.items()},
            },
        )
    return locked


def remedy_follow_up(
    *, actor: Any, remedy: Remedy, note: str, done_on: dt.date | None = None
) -> Remedy:
    scope.require(can_follow_up(actor, remedy), "Bạn không có quyền cập nhật biện pháp này.")
    if not note.strip():
        raise DomainError("Cần ghi nội dung theo dõi, khắc phục.")
    with transaction.atomic():
        locked = Remedy.objects.select_for_update().get(pk=remedy.pk)
        if locked.status == RemedyStatus.DONE:
            raise Conflict("Biện pháp này đã được ghi nhận hoàn thành.")
        before = locked.status
        if done_on is not None:
            if done_on > timezone.localdate():
                raise DomainError("Ngày hoàn thành không được sau hôm nay.")
            locked.status = RemedyStatus.DONE
            locked.done_on = done_on
            locked.save(update_fields=["status", "done_on"])
        RemedyUpdate.objects.create(
            remedy=locked,
            by=actor if getattr(actor, "pk", None) else None,
            note=note.strip(),
            from_status=before,
            to_status=locked.status,
        )
        audit.record(
            actor=actor,
            obj=locked.finding.inspection,
            action="remedy_follow_up",
            changes={"remedy": [None, locked.text[:80]], "status": [before, locked.status]},
            reason=note,
        )
    return locked


def quality_system_set(
    *,
    actor: Any,
    agency: Agency,
    standard: str = "TCVN ISO 9001:2015",
    announced_on: dt.date | None = None,
    announcement_number: str = "",
    scope_text: str = "",
    status: str = QualitySystem.Status.APPLIED,
) -> QualitySystem:
    scope.require(
        can_inspect(actor, agency) or (actor is not None and scope.can_edit_reform(actor, agency)),
        "Bạn không có quyền cập nhật hệ thống ISO của cơ quan này.",
    )
    with transaction.atomic():
        system, created = QualitySystem.objects.select_for_update().get_or_create(
            agency=agency,
            defaults={"standard": standard},
        )
        before = audit.snapshot(system, ["standard", "announced_on", "status"])
        system.standard = standard
        system.announced_on = announced_on
        system.announcement_number = announcement_number
        system.scope_text = scope_text
        system.status = status
        system.save()
        audit.record(
            actor=actor,
            obj=system,
            action="create" if created else "update",
            changes=audit.diff(
                before, audit.snapshot(system, ["standard", "announced_on", "status"])
            ),
        )
    return system
