"""Writes on reform plans. Each is one business step: rights checked through ``scope``, one
transaction, the row locked, an audit event (and a ``MilestoneChange`` row where the on-time
statistics need it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cchc.accounts import scope
from cchc.core import audit
from cchc.core import files as core_files
from cchc.core.errors import Conflict, DomainError, Forbidden
from cchc.core.text import fold
from cchc.organizations.models import Agency

from . import importing, rights, selectors
from .models import (
    CLOSED_STATUSES,
    DONE_STATUSES,
    AreaKey,
    Comment,
    Comparison,
    DeadlineKind,
    EvidenceFile,
    ImportStatus,
    Milestone,
    MilestoneChange,
    Plan,
    PlanArea,
    PlanImport,
    PlanStatus,
    Product,
    ProgressReport,
    ProgressStatus,
    ReportRole,
    ReviewStatus,
    Target,
    TargetActual,
    Task,
    TaskLead,
)

if TYPE_CHECKING:
    from cchc.accounts.models import User

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


def _search_text(task: Task, products: Iterable[str]) -> str:
    return fold(
        " ".join([task.number, task.content, *products, task.lead_text, task.coordinators_text])
    )


# -- plans --------------------------------------------------------------------------------------


def plan_create(
    *,
    actor: User | None,
    agency: Agency,
    title: str,
    year: int | None = None,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    number: str = "",
    decided_on: dt.date | None = None,
    legal_bases: str = "",
    parent: Plan | None = None,
    areas: Sequence[str] = (),
) -> Plan:
    rights.require_manage(actor, agency)
    if not title.strip():
        raise DomainError("Tên kế hoạch không được để trống.")
    if year is None and (period_start is None or period_end is None):
        raise DomainError("Cần năm của kế hoạch hoặc thời kỳ (từ ngày, đến ngày).")
    if period_start and period_end and period_end < period_start:
        raise DomainError("Ngày kết thúc thời kỳ phải sau ngày bắt đầu.")
    if year is not None and not 2000 <= year <= 2100:
        raise DomainError("Năm kế hoạch không hợp lệ.")
    with transaction.atomic():
        plan = Plan.objects.create(
            agency=agency,
            title=title.strip(),
            year=year,
            period_start=period_start,
            period_end=period_end,
            number=number.strip(),
            decided_on=decided_on,
            legal_bases=legal_bases,
            parent=parent,
            created_by=actor if getattr(actor, "pk", None) else None,
            search_text=fold(f"{title} {number}")[:700],
        )
        for i, name in enumerate(areas, start=1):
            PlanArea.objects.create(plan=plan, order=i, name=name, key=importing.area_key_for(name))
        audit.record(
            actor=actor,
            obj=plan,
            action="plan_create",
            changes={
                "title": [None, plan.title],
                "year": [None, year],
                "areas": [None, list(areas)],
            },
        )
    return plan


def _transition(
    actor: User, plan: Plan, allowed: Sequence[str], to: str, action: str, reason: str = ""
) -> Plan:
    rights.require_manage(actor, plan.agency)
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if locked.status not in allowed:
            raise Conflict(
                f"Kế hoạch đang ở trạng thái «{locked.get_status_display()}», không thể chuyển."
            )
        before = locked.status
        locked.status = to
        locked.save(update_fields=["status"])
        audit.record(
            actor=actor,
            obj=locked,
            action=action,
            changes={"status": [before, to]},
            reason=reason,
        )
    return locked


def plan_issue(*, actor: User, plan: Plan) -> Plan:
    return _transition(actor, plan, [PlanStatus.DRAFT], PlanStatus.ISSUED, "plan_issue")


def plan_close(*, actor: User, plan: Plan) -> Plan:
    return _transition(actor, plan, [PlanStatus.ISSUED], PlanStatus.CLOSED, "plan_close")


def plan_reopen(*, actor: User, plan: Plan, reason: str) -> Plan:
    """A closed plan goes back to issued (a task closed by mistake, a late report to take in);
    the reason is required and kept in the plan's history."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Nhập lý do mở lại kế hoạch.")
    return _transition(
        actor, plan, [PlanStatus.CLOSED], PlanStatus.ISSUED, "plan_reopen", reason=reason
    )


# -- import -------------------------------------------------------------------------------------

PLAN_IMPORT_KIND = "plans.appendix"


def read_table(file: IO[bytes] | str | bytes, filename: str) -> Any:
    """Parse an appendix; a malformed file becomes a DomainError with the parser's message."""
    from .tables import TableError, read_any

    try:
        return read_any(file, filename)
    except TableError as exc:
        raise DomainError(str(exc), code="malformed_file") from exc
    except (ValueError, KeyError, IndexError, OSError) as exc:
        raise DomainError(
            f"Không đọc được tệp «{filename}»: tệp hỏng hoặc không đúng định dạng DOCX/XLSX ({exc}).",
            code="malformed_file",
        ) from exc


def plan_preview(
    *,
    file: IO[bytes] | str | bytes,
    filename: str,
    year: int,
    agencies: Iterable[Agency],
    progress: Any = None,
) -> dict[str, Any]:
    table = read_table(file, filename)
    if not table.tasks:
        raise DomainError(
            f"Tệp «{filename}» không có dòng nhiệm vụ nào: cần bảng phụ lục có cột nhiệm vụ, "
            "cơ quan chủ trì, phối hợp và thời gian hoàn thành.",
            code="malformed_file",
        )
    return importing.build_preview(table, year=year, agencies=agencies, progress=progress)


def plan_import_start(
    *,
    actor: User,
    agency: Agency,
    year: int,
    file: IO[bytes] | str | bytes,
    filename: str,
    title: str = "",
    number: str = "",
    decided_on: dt.date | None = None,
    parent: Plan | None = None,
    progress: Any = None,
) -> PlanImport:
    """Parse the uploaded appendix and keep the preview for a person to check. ``progress``
    (a background import, ``cchc.core.imports.Progress``) hears of every task read."""
    rights.require_manage(actor, agency)
    if parent is not None and not agency.path.startswith(parent.agency.path):
        raise DomainError("Kế hoạch cấp trên phải do cơ quan cấp trên ban hành.")
    candidates = Agency.objects.subtree_of(agency.province).active()
    preview = plan_preview(
        file=file, filename=filename, year=year, agencies=candidates, progress=progress
    )
    preview["mapping"] = importing.default_mapping(preview)
    with transaction.atomic():
        imp = PlanImport.objects.create(
            created_by=actor,
            agency=agency,
            year=year,
            title=title,
            number=number,
            decided_on=decided_on,
            parent=parent,
            filename=filename[:255],
            preview=preview,
        )
        audit.record(
            actor=actor,
            obj=imp,
            action="plan_import_preview",
            changes={"tasks": [None, len(preview["tasks"])]},
        )
    return imp


def plan_import_job_read(job: Any, upload: core_files.Upload, progress: Any) -> dict[str, Any]:
    """The reading step of an appendix uploaded through core's import jobs: the preview goes
    into a ``PlanImport`` as for a short file, and the person continues on its page."""
    params = job.params
    agency = Agency.objects.get(pk=params["agency"])
    parent = Plan.objects.filter(pk=params.get("parent")).first() if params.get("parent") else None
    decided_on = params.get("decided_on")
    imp = plan_import_start(
        actor=job.created_by,
        agency=agency,
        year=int(params["year"]),
        file=upload.data,
        filename=upload.name,
        title=params.get("title", ""),
        number=params.get("number", ""),
        decided_on=dt.date.fromisoformat(decided_on) if decided_on else None,
        parent=parent,
        progress=progress,
    )
    return {"plan_import": imp.pk, "tasks": len(imp.preview["tasks"])}


def plan_import_commit(
    *,
    actor: User,
    plan_import: PlanImport,
    mapping: dict[str, int | None] | None = None,
    parent: Plan | None = None,
) -> Plan:
    """Commit a stored preview with the agency names a person resolved. All or nothing."""
    rights.require_manage(actor, plan_import.agency)
    with transaction.atomic():
        imp = PlanImport.objects.select_for_update().get(pk=plan_import.pk)
        if imp.status != ImportStatus.PENDING:
            raise Conflict("Bản xem trước này đã được nhập.")
        resolved = dict(imp.preview.get("mapping") or {})
        resolved.update(mapping or {})
        plan = plan_import_rows(
            actor=actor,
            agency=imp.agency,
            year=imp.year,
            preview=imp.preview,
            mapping=resolved,
            title=imp.title,
            number=imp.number,
            decided_on=imp.decided_on,
            parent=parent or imp.parent,
            source_name=imp.filename,
        )
        imp.status = ImportStatus.COMMITTED
        imp.plan = plan
        imp.save(update_fields=["status", "plan"])
    return plan


def plan_import_rows(
    *,
    actor: User | None,
    agency: Agency,
    year: int,
    preview: dict[str, Any],
    mapping: dict[str, int | None],
    title: str = "",
    number: str = "",
    decided_on: dt.date | None = None,
    parent: Plan | None = None,
    source_name: str = "",
) -> Plan:
    """Create the plan, its areas, tasks, products, agencies and milestones from a preview.

    Names nobody resolved are not guessed: they stay on the task as text
    (``Task.mentions``) and the task page flags them for a person to assign."""
    rights.require_manage(actor, agency)
    ids = {v for v in mapping.values() if v}
    allowed = {
        a.pk: a
        for a in Agency.objects.filter(pk__in=ids).filter(path__startswith=agency.province.path)
    }
    unknown = ids - set(allowed)
    if unknown:
        raise DomainError("Có cơ quan được chọn không thuộc tỉnh này.")
    names_info = preview.get("names", {})
    with transaction.atomic():
        plan = plan_create(
            actor=actor,
            agency=agency,
            title=title or f"Kế hoạch cải cách hành chính năm {year}",
            year=year,
            number=number,
            decided_on=decided_on,
            parent=parent,
            areas=preview["sections"],
        )
        areas = {a.name: a for a in plan.areas.all()}
        for order, row in enumerate(preview["tasks"], start=1):
            section = row["section"] or ""
            area = areas.get(section)
            if area is None:
                area = PlanArea.objects.create(
                    plan=plan,
                    order=len(areas) + 1,
                    name=section or "Nhiệm vụ khác",
                    key=importing.area_key_for(section) if section else AreaKey.OTHER,
                )
                areas[section] = area
            mentions: list[dict[str, str]] = []

            leads = _agencies_of(row["lead"], "lead", names_info, mapping, allowed, mentions)
            coordinators = _agencies_of(
                row["coordinators"], "coordinator", names_info, mapping, allowed, mentions
            )
            kind = row["deadline_kind"]
            if kind not in DeadlineKind.values:
                kind = DeadlineKind.UNSPECIFIED
            task = Task.objects.create(
                plan=plan,
                area=area,
                order=order,
                number=row["number"][:32],
                content=row["title"],
                subsection=(row.get("subsection") or "")[:300],
                lead_text="; ".join(row["lead"]),
                coordinators_text="; ".join(row["coordinators"]),
                mentions=mentions,
                group_keys=_group_keys(mentions),
                deadline_text=row["deadline_text"],
                deadline_kind=kind,
                source=(f"{source_name} {row.get('source', '')}").strip()[:200],
            )
            for i, (a, role) in enumerate(leads):
                TaskLead.objects.create(task=task, agency=a, role=role[:200], order=i)
            lead_ids = {a.pk for a, _ in leads}
            task.coordinators.set([a for a, _ in coordinators if a.pk not in lead_ids])
            Product.objects.bulk_create(
                [Product(task=task, order=i, name=p) for i, p in enumerate(row["products"])]
            )
            milestones = row["milestones"] or [{"label": "", "date": None}]
            Milestone.objects.bulk_create(
                [
                    Milestone(
                        task=task,
                        order=i,
                        label=(m.get("label") or "")[:500],
                        due=_date(m.get("date")),
                        start=_date(m.get("start")),
                        relative_days=m.get("relative_days"),
                        relative_unit=m.get("relative_unit") or "",
                        event=(m.get("event") or "")[:500],
                        recurrence=m.get("recurrence") or "",
                    )
                    for i, m in enumerate(milestones)
                ]
            )
            task.search_text = _search_text(task, row["products"])
            task.save(update_fields=["search_text"])
        audit.record(
            actor=actor,
            obj=plan,
            action="plan_import",
            changes={
                "tasks": [None, len(preview["tasks"])],
                "source": [None, source_name],
            },
        )
    return plan


def _agencies_of(
    raw_names: list[str],
    role: str,
    names_info: dict[str, Any],
    mapping: dict[str, int | None],
    allowed: dict[int, Agency],
    mentions: list[dict[str, str]],
) -> list[tuple[Agency, str]]:
    """Resolved agencies (with a role in brackets) of one cell; group mentions and names nobody
    resolved are appended to ``mentions`` as written."""
    found: list[tuple[Agency, str]] = []
    for raw in raw_names:
        name, bracket = importing.split_role(raw)
        agency_id = mapping.get(name)
        info = names_info.get(name, {})
        if agency_id:
            if all(a.pk != agency_id for a, _ in found):
                found.append((allowed[agency_id], bracket))
        elif info.get("status") == "group":
            mentions.append(
                {"text": raw, "role": role, "kind": "group", "group": info.get("group") or ""}
            )
        else:
            mentions.append({"text": raw, "role": role, "kind": "unresolved", "group": ""})
    return found


def _group_keys(mentions: list[dict[str, str]]) -> str:
    keys = sorted({m["group"] for m in mentions if m.get("group")})
    return f" {' '.join(keys)} " if keys else ""


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


# -- targets ------------------------------------------------------------------------------------


def target_create(
    *,
    actor: User,
    plan: Plan,
    sentence: str,
    value: Any = None,
    unit: str = "",
    comparison: str = Comparison.GE,
    indicator: str = "",
    area: PlanArea | None = None,
    responsible: Sequence[Agency] = (),
    monitoring: Sequence[Agency] = (),
) -> Target:
    rights.require_manage(actor, plan.agency)
    if comparison not in Comparison.values:
        raise DomainError("Phép so sánh của chỉ tiêu không hợp lệ.")
    if not sentence.strip():
        raise DomainError("Nội dung chỉ tiêu không được để trống.")
    with transaction.atomic():
        order = (plan.targets.aggregate(m=Max("order"))["m"] or 0) + 1
        target = Target.objects.create(
            plan=plan,
            area=area,
            order=order,
            sentence=sentence.strip(),
            value=value,
            unit=unit,
            comparison=comparison,
            indicator=indicator,
        )
        target.responsible.set(responsible)
        target.monitoring.set(monitoring)
        audit.record(
            actor=actor,
            obj=target,
            action="target_create",
            changes={"sentence": [None, target.sentence], "indicator": [None, indicator]},
        )
    return target


ACTUAL_MAX = Decimal("9999999999.99")  # what the column holds (12 digits, 2 decimals)


def _actual_value(value: Any, unit: str) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise DomainError("Số liệu thực tế phải là một số.", code="invalid_value") from None
    if not number.is_finite():
        raise DomainError("Số liệu thực tế phải là một số.", code="invalid_value")
    if number < 0:
        raise DomainError("Số liệu thực tế không được âm.", code="invalid_value")
    if unit.strip() == "%" and number > 100:
        raise DomainError(
            "Chỉ tiêu tính theo %: số liệu thực tế từ 0 đến 100.", code="invalid_value"
        )
    if number > ACTUAL_MAX:
        raise DomainError("Số liệu thực tế quá lớn.", code="invalid_value")
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise DomainError("Số liệu thực tế có tối đa 2 chữ số thập phân.", code="invalid_value")
    return number


def target_actual_enter(
    *,
    actor: User,
    target: Target,
    value: Any,
    as_of: dt.date,
    document_ref: str = "",
    note: str = "",
    files: Sequence[Any] = (),
) -> TargetActual:
    """Enter the actual of a target no indicator measures, with its evidence (a document's
    number and date, uploaded files, or both). Entering a second figure as of the same day
    corrects the first: the note then says why, and both rows stay (the latest counts). The
    audit trail on the target keeps who, when, and the figure before and after."""
    scope.require(
        rights.can_enter_actual(actor, target),
        "Bạn không có quyền nhập số liệu thực tế của chỉ tiêu này.",
    )
    document_ref = (document_ref or "").strip()
    note = (note or "").strip()
    if target.indicator:
        label = selectors.indicator_label(target.indicator) or target.indicator
        raise Conflict(
            f"Chỉ tiêu này được đo tự động bằng «{label}»: không nhập số liệu thực tế bằng tay.",
            code="measured_target",
        )
    number = _actual_value(value, target.unit)
    today = timezone.localdate()
    start, end = selectors.plan_period(target.plan)
    if as_of > today:
        raise DomainError("Ngày tính số liệu không được sau hôm nay.", code="invalid_date")
    if not start <= as_of <= end:
        raise DomainError(
            f"Ngày tính số liệu phải trong thời kỳ của kế hoạch ({start:%d/%m/%Y} – "
            f"{end:%d/%m/%Y}).",
            code="invalid_date",
        )
    if len(document_ref) > 300:
        raise DomainError("Số, ngày văn bản minh chứng dài quá 300 ký tự.")
    if not document_ref and not files:
        raise DomainError(
            "Cần minh chứng: ghi số, ngày văn bản hoặc đính kèm tệp minh chứng.",
            code="evidence_required",
        )
    for f in files:
        if getattr(f, "size", 0) > MAX_EVIDENCE_BYTES:
            raise DomainError(f"Tệp «{f.name}» lớn hơn 20 MB.")
    with transaction.atomic():
        locked = Target.objects.select_for_update().select_related("plan").get(pk=target.pk)
        if locked.indicator:  # set by someone else since the page was read
            label = selectors.indicator_label(locked.indicator) or locked.indicator
            raise Conflict(
                f"Chỉ tiêu này được đo tự động bằng «{label}»: không nhập số liệu thực tế "
                "bằng tay.",
                code="measured_target",
            )
        if locked.plan.status == PlanStatus.CLOSED:
            raise Conflict("Kế hoạch đã kết thúc, không nhận số liệu thực tế.")
        before = locked.actuals.order_by("-as_of", "-entered_at", "-id").first()
        replaced = locked.actuals.filter(as_of=as_of).order_by("-entered_at", "-id").first()
        if replaced is not None and not note:
            raise DomainError(
                f"Đã có số liệu tính đến ngày {as_of:%d/%m/%Y}: ghi lý do sửa vào ô ghi chú.",
                code="correction_needs_note",
            )
        entry = TargetActual.objects.create(
            target=locked,
            value=number,
            as_of=as_of,
            document_ref=document_ref,
            note=note,
            corrects=replaced,
            entered_by=actor,
        )
        for f in files:
            EvidenceFile.objects.create(
                actual=entry, file=f, name=core_files.check_attachment(f), size=f.size or 0
            )
        audit.record(
            actor=actor,
            obj=locked,
            action="target_actual_correct" if replaced else "target_actual_enter",
            changes={
                "actual": [
                    None if before is None else str(before.value),
                    str(number),
                ],
                "as_of": [None if before is None else before.as_of, as_of],
                "document_ref": [None if before is None else before.document_ref, document_ref],
                "files": [None, [f.name for f in entry.files.all()]],
            },
            reason=note,
        )
    return entry


# -- tasks and milestones -----------------------------------------------------------------------

TASK_FIELDS = ("number", "content", "deadline_text", "deadline_kind")


def task_update(
    *,
    actor: User,
    task: Task,
    number: str | None = None,
    content: str | None = None,
    deadline_text: str | None = None,
    deadline_kind: str | None = None,
    leads: Sequence[Agency] | None = None,
    coordinators: Sequence[Agency] | None = None,
    reason: str = "",
) -> Task:
    rights.require_manage(actor, task.plan.agency)
    with transaction.atomic():
        locked = Task.objects.select_for_update().select_related("plan").get(pk=task.pk)
        if locked.plan.status == PlanStatus.CLOSED:
            raise Conflict("Kế hoạch đã kết thúc, không sửa được nhiệm vụ.")
        before = audit.snapshot(locked, TASK_FIELDS)
        before["leads"] = sorted(a.name for a in locked.leads.all())
        before["coordinators"] = sorted(a.name for a in locked.coordinators.all())
        if number is not None:
            locked.number = number.strip()[:32]
        if content is not None:
            if not content.strip():
                raise DomainError("Nội dung nhiệm vụ không được để trống.")
            locked.content = content.strip()
        if deadline_text is not None:
            locked.deadline_text = deadline_text
        if deadline_kind is not None:
            if deadline_kind not in DeadlineKind.values:
                raise DomainError("Loại thời hạn không hợp lệ.")
            locked.deadline_kind = deadline_kind
        if leads is not None:
            if not leads:
                raise DomainError("Nhiệm vụ cần ít nhất một cơ quan chủ trì.")
            TaskLead.objects.filter(task=locked).delete()
            for i, a in enumerate(dict.fromkeys(leads)):
                TaskLead.objects.create(task=locked, agency=a, order=i)
            locked.mentions = _drop_assigned(locked.mentions, "lead", leads)
        if coordinators is not None:
            locked.coordinators.set(coordinators)
            locked.mentions = _drop_assigned(locked.mentions, "coordinator", coordinators)
        locked.search_text = _search_text(locked, locked.products.values_list("name", flat=True))
        locked.save()
        after = audit.snapshot(locked, TASK_FIELDS)
        after["leads"] = sorted(a.name for a in locked.leads.all())
        after["coordinators"] = sorted(a.name for a in locked.coordinators.all())
        changes = audit.diff(before, after)
        audit.record(actor=actor, obj=locked, action="task_update", changes=changes, reason=reason)
    return locked


def _drop_assigned(
    mentions: list[dict[str, str]], role: str, agencies: Sequence[Agency]
) -> list[dict[str, str]]:
    """Unresolved names a person has now assigned to an agency are no longer flagged."""
    names = {fold(a.name) for a in agencies} | {
        fold(a.short_name) for a in agencies if a.short_name
    }
    return [
        m
        for m in mentions
        if not (
            m.get("role") == role
            and m.get("kind") == "unresolved"
            and fold(importing.split_role(m["text"])[0]) in names
        )
    ]


def milestone_set_due(
    *, actor: User, milestone: Milestone, due: dt.date, reason: str = ""
) -> Milestone:
    """A person sets the date of a milestone the parser could not read (kind unspecified)."""
    task = milestone.task
    scope.require(
        rights.can_manage_plan(actor, task.plan.agency), "Bạn không có quyền đặt thời hạn."
    )
    with transaction.atomic():
        locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if locked.relative_days is not None and locked.event_date is None:
            raise Conflict(
                "Thời hạn này tính từ một sự kiện: hãy ghi nhận ngày xảy ra sự kiện thay vì đặt ngày."
            )
        before = locked.due
        locked.due = due
        locked.save(update_fields=["due"])
        _change(locked, actor, "set_due", locked.status, locked.status, note=reason)
        audit.record(
            actor=actor,
            obj=locked,
            action="milestone_set_due",
            changes={"due": [before, due]},
            reason=reason,
        )
    return locked


def relative_due(milestone: Milestone, event_date: dt.date) -> dt.date:
    """The due date of a relative milestone once its event happened: working days on the
    province's calendar (Labour Code 2019 Art. 112 holidays plus the province's swaps)."""
    from cchc.calendars.selectors import get_work_calendar

    from .deadlines import Milestone as PureMilestone
    from .deadlines import resolve_relative

    pure = PureMilestone(
        label=milestone.label,
        due=None,
        relative_days=milestone.relative_days,
        relative_unit=milestone.relative_unit,
        event=milestone.event,
        recurrence=milestone.recurrence,
    )
    return resolve_relative(pure, event_date, get_work_calendar())


def milestone_set_event(
    *, actor: User, milestone: Milestone, event_date: dt.date, note: str = ""
) -> Milestone:
    """Record the event a relative deadline counts from; only now does it get a due date."""
    task = milestone.task
    scope.require(
        rights.can_edit_task(actor, task), "Bạn không có quyền ghi nhận sự kiện của nhiệm vụ này."
    )
    with transaction.atomic():
        locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if locked.relative_days is None:
            raise Conflict("Mốc này không tính từ sự kiện nào.")
        before = {"event_date": locked.event_date, "due": locked.due}
        locked.event_date = event_date
        locked.due = relative_due(locked, event_date)
        locked.save(update_fields=["event_date", "due"])
        _change(locked, actor, "set_event", locked.status, locked.status, note=note)
        audit.record(
            actor=actor,
            obj=locked,
            action="milestone_set_event",
            changes=audit.diff(before, {"event_date": event_date, "due": locked.due}),
            reason=note,
        )
    return locked


def relative_milestones_recompute(*, actor: User | None = None) -> int:
    """Recompute the due dates of open relative milestones after the working-day calendar
    changed (DOMAIN 6: a changed calendar recomputes open deadlines). Returns how many moved."""
    scope.require(
        actor is None or rights.can_manage_any(actor), "Bạn không có quyền tính lại thời hạn."
    )
    moved = 0
    with transaction.atomic():
        rows = (
            Milestone.objects.select_for_update()
            .filter(relative_days__isnull=False, event_date__isnull=False)
            .exclude(status__in=CLOSED_STATUSES)
        )
        for m in rows:
            assert m.event_date is not None
            due = relative_due(m, m.event_date)
            if due != m.due:
                before = m.due
                m.due = due
                m.save(update_fields=["due"])
                _change(m, actor, "recompute", m.status, m.status, note="Lịch làm việc thay đổi")
                audit.record(
                    actor=actor,
                    obj=m,
                    action="milestone_recompute",
                    changes={"due": [before, due]},
                    reason="Lịch làm việc thay đổi",
                )
                moved += 1
    return moved


def _change(
    m: Milestone, actor: User | None, action: str, frm: str, to: str, note: str = ""
) -> None:
    MilestoneChange.objects.create(
        milestone=m,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        from_status=frm,
        to_status=to,
        percent=m.percent,
        due=m.due,
        note=note,
    )


def _rollup(task: Task) -> None:
    """A task's status and percent follow its milestones. The task row is locked before its
    milestones are read: two reports on different milestones of one task then recompute one
    after the other, the second reading the first's committed milestone (READ COMMITTED takes
    a fresh snapshot per statement), so neither writes a status computed from a stale read."""
    Task.objects.select_for_update().filter(pk=task.pk).values_list("pk", flat=True).get()
    rows = list(task.milestones.values_list("status", "percent"))
    statuses = [s for s, _ in rows]
    if statuses and all(s in CLOSED_STATUSES for s in statuses):
        if all(s == ProgressStatus.CANNOT_DO for s in statuses):
            status = ProgressStatus.CANNOT_DO
        elif ProgressStatus.DONE_LATE in statuses:
            status = ProgressStatus.DONE_LATE
        else:
            status = ProgressStatus.DONE
    elif any(s != ProgressStatus.NOT_STARTED for s in statuses):
        status = ProgressStatus.IN_PROGRESS
    else:
        status = ProgressStatus.NOT_STARTED
    percent = round(sum(p for _, p in rows) / len(rows)) if rows else 0
    Task.objects.filter(pk=task.pk).update(status=status, percent=percent)
    task.status, task.percent = status, percent


def _milestone_state(m: Milestone) -> dict[str, Any]:
    return {
        "status": m.status,
        "percent": m.percent,
        "reason": m.reason,
        "done_at": m.done_at.isoformat() if m.done_at else None,
    }


# -- progress -----------------------------------------------------------------------------------


def progress_report(
    *,
    actor: User,
    task: Task,
    agency: Agency,
    status: str,
    percent: int,
    milestone: Milestone | None = None,
    note: str = "",
    reason: str = "",
    done_at: dt.date | None = None,
    evidence_number: str = "",
    evidence_date: dt.date | None = None,
    files: Sequence[Any] = (),
) -> ProgressReport:
    """The lead agency reports a milestone's status (applied at once, pending Home Affairs'
    review); a coordinating agency adds its part without changing the milestone."""
    scope.require(
        rights.can_report_for(actor, agency), "Bạn không có quyền báo cáo tiến độ thay cơ quan này."
    )
    lead_ids = set(task.lead_links.values_list("agency_id", flat=True))
    coordinator_ids = set(task.coordinators.values_list("id", flat=True))
    if agency.pk in lead_ids:
        role = ReportRole.LEAD
    elif agency.pk in coordinator_ids:
        role = ReportRole.COORDINATOR
    else:
        raise Forbidden("Cơ quan này không chủ trì hay phối hợp thực hiện nhiệm vụ.")
    if status not in ProgressStatus.values:
        raise DomainError("Tình trạng không hợp lệ.")
    if not 0 <= int(percent) <= 100:
        raise DomainError("Tỷ lệ hoàn thành phải từ 0 đến 100%.")
    if status == ProgressStatus.CANNOT_DO and not reason.strip():
        raise DomainError("Cần nêu lý do không thể thực hiện.")
    today = timezone.localdate()
    if done_at and done_at > today:
        raise DomainError("Ngày hoàn thành không được sau hôm nay.")
    if evidence_date and evidence_date > today:
        raise DomainError("Ngày văn bản minh chứng không được sau hôm nay.")
    for f in files:
        if getattr(f, "size", 0) > MAX_EVIDENCE_BYTES:
            raise DomainError(f"Tệp «{f.name}» lớn hơn 20 MB.")
    milestones = list(task.milestones.all())
    if milestone is None:
        open_ones = [m for m in milestones if m.status not in CLOSED_STATUSES] or milestones
        if len(open_ones) != 1:
            raise DomainError("Nhiệm vụ có nhiều mốc: hãy chọn mốc cần báo cáo.")
        milestone = open_ones[0]
    elif milestone.task_id != task.pk:
        raise DomainError("Mốc không thuộc nhiệm vụ này.")
    if task.plan.status == "closed":
        raise Conflict("Kế hoạch đã kết thúc, không nhận báo cáo tiến độ.")
    with transaction.atomic():
        locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
        previous = _milestone_state(locked)
        if status in DONE_STATUSES:
            done_at = done_at or evidence_date or today
            status = (
                ProgressStatus.DONE_LATE
                if locked.due is not None and done_at > locked.due
                else ProgressStatus.DONE
            )
            percent = 100
        else:
            done_at = None
        report = ProgressReport.objects.create(
            task=task,
            milestone=locked,
            agency=agency,
            role=role,
            status=status,
            percent=int(percent),
            note=note,
            reason=reason,
            done_at=done_at,
            evidence_number=evidence_number,
            evidence_date=evidence_date,
            reported_by=actor,
            previous=previous,
        )
        for f in files:
            EvidenceFile.objects.create(
                report=report, file=f, name=core_files.check_attachment(f), size=f.size or 0
            )
        if role == ReportRole.LEAD:
            locked.status = status
            locked.percent = int(percent)
            locked.reason = reason if status == ProgressStatus.CANNOT_DO else ""
            locked.done_at = done_at
            locked.save(update_fields=["status", "percent", "reason", "done_at"])
            _change(locked, actor, "report", previous["status"], status, note=note)
            audit.record(
                actor=actor,
                obj=locked,
                action="milestone_report",
                changes=audit.diff(previous, _milestone_state(locked)),
                reason=note,
            )
            _rollup(task)
        audit.record(
            actor=actor,
            obj=task,
            action="progress_report",
            changes={
                "agency": [None, agency.name],
                "role": [None, role],
                "status": [previous["status"], status],
                "percent": [previous["percent"], int(percent)],
                "milestone": [None, locked.label],
            },
            reason=note,
        )
    return report


def _review(actor: User, report: ProgressReport, to: str, comment: str) -> ProgressReport:
    task = report.task
    scope.require(rights.can_review(actor, task.plan), "Chỉ Sở Nội vụ thẩm định báo cáo tiến độ.")
    if to == ReviewStatus.RETURNED and not comment.strip():
        raise DomainError("Cần ghi ý kiến khi trả lại báo cáo.")
    with transaction.atomic():
        locked = ProgressReport.objects.select_for_update().get(pk=report.pk)
        if locked.review_status != ReviewStatus.PENDING:
            raise Conflict("Báo cáo này đã được thẩm định.")
        locked.review_status = to
        locked.reviewer = actor
        locked.reviewed_at = timezone.now()
        locked.review_comment = comment.strip()
        locked.save(update_fields=["review_status", "reviewer", "reviewed_at", "review_comment"])
        if to == ReviewStatus.RETURNED and locked.role == ReportRole.LEAD and locked.milestone_id:
            later = ProgressReport.objects.filter(
                milestone_id=locked.milestone_id, role=ReportRole.LEAD, pk__gt=locked.pk
            ).exclude(review_status=ReviewStatus.RETURNED)
            if not later.exists():
                # Returned: the milestone goes back to what it was before this report.
                m = Milestone.objects.select_for_update().get(pk=locked.milestone_id)
                prev = locked.previous or {}
                frm = m.status
                m.status = prev.get("status", ProgressStatus.NOT_STARTED)
                m.percent = prev.get("percent", 0)
                m.reason = prev.get("reason", "")
                m.done_at = _date(prev.get("done_at"))
                m.save(update_fields=["status", "percent", "reason", "done_at"])
                _change(m, actor, "return", frm, m.status, note=comment)
                _rollup(task)
        audit.record(
            actor=actor,
            obj=task,
            action="progress_" + ("accept" if to == ReviewStatus.ACCEPTED else "return"),
            changes={
                "review_status": [ReviewStatus.PENDING, to],
                "agency": [None, locked.agency.name],
            },
            reason=comment,
        )
    return locked


def progress_accept(*, actor: User, report: ProgressReport, comment: str = "") -> ProgressReport:
    return _review(actor, report, ReviewStatus.ACCEPTED, comment)


def progress_return(*, actor: User, report: ProgressReport, comment: str) -> ProgressReport:
    return _review(actor, report, ReviewStatus.RETURNED, comment)


def comment_add(*, actor: User, task: Task, body: str) -> Comment:
    scope.require(rights.can_comment(actor, task), "Bạn không có quyền góp ý nhiệm vụ này.")
    if not body.strip():
        raise DomainError("Nội dung ý kiến không được để trống.")
    with transaction.atomic():
        c = Comment.objects.create(task=task, author=actor, body=body.strip())
        audit.record(
            actor=actor, obj=task, action="comment", changes={"comment": [None, c.body[:200]]}
        )
    return c
