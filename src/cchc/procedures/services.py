"""Writes on the procedure catalogue. A published procedure is never edited in place: a change
makes a new version row and closes the old one, so a dossier keeps the version it was received
under. Publication decisions (quyết định công bố) of the chairman move procedures through
new → amended/replaced → abolished."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from cchc.accounts import scope
from cchc.core import audit
from cchc.core.errors import Conflict, DomainError
from cchc.core.text import fold
from cchc.core.unset import UNSET, Unset, given

from .models import (
    ChangeKind,
    CopyType,
    Level,
    OnlineLevel,
    Procedure,
    ProcedureField,
    ProcedureStatus,
    ProcedureStep,
    PublicationDecision,
    PublicationItem,
    RequiredDocument,
    SupplementRule,
    TimeUnit,
)

if TYPE_CHECKING:
    from cchc.accounts.models import User
    from cchc.organizations.models import Agency

TRACKED = (
    "code",
    "version",
    "name",
    "field",
    "levels",
    "resolving_agency",
    "resolving_agency_kind",
    "resolving_agency_text",
    "time_amount",
    "time_unit",
    "time_text",
    "fees_text",
    "fee_amount",
    "result",
    "online_level",
    "legacy_online_level",
    "is_one_stop",
    "is_inter_agency",
    "supplement_rule",
    "supplement_rule_source",
    "supplement_repeat_allowed",
    "status",
    "valid_from",
    "valid_to",
)
HOURS_PER_DAY = Decimal(8)  # a working day of the public sector (Decree 45/2013 Art. 3 [check])


@dataclass(frozen=True)
class StepSpec:
    name: str
    allowance: Decimal | int | float | str
    allowance_unit: str = TimeUnit.WORKING_DAYS
    owner_role: str = ""
    owner_text: str = ""
    owner_agency: Any = None


@dataclass(frozen=True)
class DocumentSpec:
    name: str
    copy_type: str = CopyType.ORIGINAL
    copies: int = 1
    is_optional: bool = False


@dataclass
class PublicationChange:
    procedure: Procedure
    change: str
    effective_date: dt.date | None = None
    changes: dict[str, Any] = field(default_factory=dict)


def _snapshot(p: Procedure) -> dict[str, Any]:
    """Audit snapshot with decimals normalised (3.0 from the database equals 3 typed in)."""
    snap = audit.snapshot(p, TRACKED)
    for key in ("time_amount", "fee_amount"):
        value = getattr(p, key)
        if value is not None:
            snap[key] = f"{Decimal(value).normalize():f}"
    return snap


def _require_admin(actor: User | None, message: str) -> None:
    if actor is not None:
        scope.require(scope.can_administer(actor), message)


def _hours(amount: Decimal, unit: str) -> Decimal | None:
    if unit == TimeUnit.WORKING_DAYS:
        return amount * HOURS_PER_DAY
    if unit == TimeUnit.WORKING_HOURS:
        return amount
    if unit == TimeUnit.SAME_DAY:
        return HOURS_PER_DAY
    return None


def validate_steps(
    *, time_amount: Decimal | None, time_unit: str, steps: Sequence[StepSpec]
) -> None:
    """Internal steps B1…Bn split the statutory time; together they must not exceed it
    (returning the result is not counted, DOMAIN 4 [check: Lạng Sơn 2487/QĐ-UBND])."""
    total = Decimal(0)
    for i, s in enumerate(steps, start=1):
        allowance = Decimal(str(s.allowance))
        if allowance < 0:
            raise DomainError(f"Bước B{i}: thời gian không được âm.")
        if not str(s.name).strip():
            raise DomainError(f"Bước B{i}: thiếu nội dung công việc.")
        hours = _hours(allowance, s.allowance_unit)
        if hours is None:
            raise DomainError(f"Bước B{i}: đơn vị thời gian không hợp lệ.")
        total += hours
    if not steps or time_unit == TimeUnit.UNSPECIFIED:
        return
    limit = _hours(Decimal(time_amount or 0), time_unit)
    if limit is not None and total > limit:
        raise DomainError(
            "Tổng thời gian các bước xử lý vượt quá thời hạn giải quyết theo quy định "
            f"({_describe(total)} > {_describe(limit)})."
        )


def _describe(hours: Decimal) -> str:
    days = hours / HOURS_PER_DAY
    if hours % HOURS_PER_DAY == 0:
        return f"{int(days)} ngày làm việc"
    return f"{hours.normalize():f} giờ làm việc".replace(".", ",")


def field_get_or_create(*, name: str, code: str = "") -> ProcedureField:
    name = " ".join(name.split())
    if not name:
        raise DomainError("Thiếu lĩnh vực.")
    key = fold(name)
    for f in ProcedureField.objects.filter(search_text=key):
        return f
    code = code or key.replace(" ", "-")[:64]
    obj, _ = ProcedureField.objects.get_or_create(
        code=code, defaults={"name": name, "search_text": key}
    )
    return obj


def _refresh_search(p: Procedure) -> None:
    agency_name = p.resolving_agency.name if p.resolving_agency is not None else ""
    parts = [p.code, p.name, p.field.name if p.field_id else "", agency_name]
    parts.append(p.resolving_agency_text)
    p.search_text = fold(" ".join(filter(None, parts)))


def _validate(p: Procedure) -> None:
    if not p.code.strip():
        raise DomainError("Thiếu mã thủ tục.")
    if not p.name.strip():
        raise DomainError("Thiếu tên thủ tục.")
    bad = [lv for lv in p.levels if lv not in Level.values]
    if bad or not p.levels:
        raise DomainError("Cấp thực hiện không hợp lệ.")
    if p.time_unit not in TimeUnit.values:
        raise DomainError("Đơn vị thời hạn không hợp lệ.")
    timed = p.time_unit in (TimeUnit.WORKING_DAYS, TimeUnit.WORKING_HOURS)
    if timed and (p.time_amount is None or Decimal(p.time_amount) <= 0):
        raise DomainError("Thời hạn giải quyết phải lớn hơn 0.")
    if p.online_level not in OnlineLevel.values:
        raise DomainError("Mức độ dịch vụ công trực tuyến không hợp lệ.")
    if p.fee_amount is not None and Decimal(p.fee_amount) < 0:
        raise DomainError("Mức phí không được âm.")
    if p.supplement_rule not in SupplementRule.values:
        raise DomainError("Quy định về thời hạn khi yêu cầu bổ sung không hợp lệ.")
    p.supplement_rule_source = (p.supplement_rule_source or "").strip()
    special = p.supplement_rule != SupplementRule.PAUSE or p.supplement_repeat_allowed
    if special and not p.supplement_rule_source:
        raise DomainError(
            "Phải ghi căn cứ (văn bản chuyên ngành) khi thời hạn được tính lại từ đầu hoặc cho "
            "phép yêu cầu bổ sung nhiều lần."
        )


def _write_children(
    p: Procedure,
    documents: Iterable[DocumentSpec] | None,
    steps: Sequence[StepSpec] | None,
) -> None:
    if documents is not None:
        p.documents.all().delete()
        RequiredDocument.objects.bulk_create(
            RequiredDocument(
                procedure=p,
                order=i,
                name=d.name,
                copy_type=d.copy_type,
                copies=d.copies,
                is_optional=d.is_optional,
            )
            for i, d in enumerate(documents, start=1)
        )
    if steps is not None:
        p.steps.all().delete()
        ProcedureStep.objects.bulk_create(
            ProcedureStep(
                procedure=p,
                order=i,
                name=s.name,
                owner_role=s.owner_role,
                owner_text=s.owner_text,
                owner_agency=s.owner_agency,
                allowance=Decimal(str(s.allowance)),
                allowance_unit=s.allowance_unit,
            )
            for i, s in enumerate(steps, start=1)
        )


def _step_specs(p: Procedure) -> list[StepSpec]:
    return [
        StepSpec(s.name, s.allowance, s.allowance_unit, s.owner_role, s.owner_text, s.owner_agency)
        for s in p.steps.all()
    ]


@transaction.atomic
def procedure_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    field: ProcedureField,
    levels: list[str],
    time_amount: Decimal | int | float | None = None,
    time_unit: str = TimeUnit.WORKING_DAYS,
    status: str = ProcedureStatus.DRAFT,
    valid_from: dt.date | None = None,
    documents: Iterable[DocumentSpec] = (),
    steps: Sequence[StepSpec] = (),
    reason: str = "",
    resolving_agency: Agency | None = None,
    resolving_agency_kind: str = "",
    resolving_agency_text: str = "",
    time_text: str = "",
    fees_text: str = "",
    fee_amount: Decimal | int | None = None,
    result: str = "",
    online_level: str = OnlineLevel.NONE,
    legacy_online_level: int | None = None,
    is_one_stop: bool = True,
    is_inter_agency: bool = False,
    supplement_rule: str = SupplementRule.PAUSE,
    supplement_rule_source: str = "",
    supplement_repeat_allowed: bool = False,
) -> Procedure:
    """A new procedure (version 1). Drafts are published by a decision; importers of the
    national database create them already in force."""
    _require_admin(actor, "Bạn không có quyền thêm thủ tục hành chính.")
    code = code.strip()
    if Procedure.objects.filter(code=code).exists():
        raise Conflict(f"Mã thủ tục «{code}» đã có trong danh mục.")
    p = Procedure(
        code=code,
        version=1,
        is_current=True,
        name=name.strip(),
        field=field,
        levels=list(levels),
        time_amount=None if time_amount is None else Decimal(str(time_amount)),
        time_unit=time_unit,
        status=status,
        valid_from=valid_from,
        resolving_agency=resolving_agency,
        resolving_agency_kind=resolving_agency_kind,
        resolving_agency_text=resolving_agency_text,
        time_text=time_text,
        fees_text=fees_text,
        fee_amount=fee_amount,
        result=result,
        online_level=online_level,
        legacy_online_level=legacy_online_level,
        is_one_stop=is_one_stop,
        is_inter_agency=is_inter_agency,
        supplement_rule=supplement_rule,
        supplement_rule_source=supplement_rule_source,
        supplement_repeat_allowed=supplement_repeat_allowed,
    )
    _validate(p)
    steps = list(steps)
    validate_steps(time_amount=p.time_amount, time_unit=p.time_unit, steps=steps)
    _refresh_search(p)
    p.save()
    _write_children(p, list(documents), steps)
    audit.record(actor=actor, obj=p, action="create", changes=_snapshot(p), reason=reason)
    return p


def _lock_current(procedure: Procedure) -> Procedure:
    current = (
        Procedure.objects.select_for_update()
        .filter(code=procedure.code, is_current=True)
        .select_related("field")
        .first()
    )
    if current is None or current.pk != procedure.pk:
        raise Conflict("Chỉ sửa được phiên bản hiện hành của thủ tục.")
    return current


@transaction.atomic
def procedure_update(
    *,
    actor: User | None,
    procedure: Procedure,
    reason: str = "",
    effective_date: dt.date | None = None,
    documents: Iterable[DocumentSpec] | None = None,
    steps: Sequence[StepSpec] | None = None,
    name: str | Unset = UNSET,
    field: ProcedureField | Unset = UNSET,
    levels: list[str] | Unset = UNSET,
    resolving_agency: Agency | None | Unset = UNSET,
    resolving_agency_kind: str | Unset = UNSET,
    resolving_agency_text: str | Unset = UNSET,
    time_amount: Decimal | int | float | None | Unset = UNSET,
    time_unit: str | Unset = UNSET,
    time_text: str | Unset = UNSET,
    fees_text: str | Unset = UNSET,
    fee_amount: Decimal | int | None | Unset = UNSET,
    result: str | Unset = UNSET,
    online_level: str | Unset = UNSET,
    legacy_online_level: int | None | Unset = UNSET,
    is_one_stop: bool | Unset = UNSET,
    is_inter_agency: bool | Unset = UNSET,
    supplement_rule: str | Unset = UNSET,
    supplement_rule_source: str | Unset = UNSET,
    supplement_repeat_allowed: bool | Unset = UNSET,
) -> Procedure:
    """Change a procedure. A draft changes in place; a procedure in force gets a new version
    (from ``effective_date``, default today) and the old one is closed the day before."""
    _require_admin(actor, "Bạn không có quyền sửa thủ tục hành chính.")
    current = _lock_current(procedure)
    if current.status == ProcedureStatus.ABOLISHED:
        raise Conflict("Thủ tục đã bị bãi bỏ, không sửa được.")
    fields = given(
        name=name,
        field=field,
        levels=levels,
        resolving_agency=resolving_agency,
        resolving_agency_kind=resolving_agency_kind,
        resolving_agency_text=resolving_agency_text,
        time_amount=time_amount,
        time_unit=time_unit,
        time_text=time_text,
        fees_text=fees_text,
        fee_amount=fee_amount,
        result=result,
        online_level=online_level,
        legacy_online_level=legacy_online_level,
        is_one_stop=is_one_stop,
        is_inter_agency=is_inter_agency,
        supplement_rule=supplement_rule,
        supplement_rule_source=supplement_rule_source,
        supplement_repeat_allowed=supplement_repeat_allowed,
    )
    if "time_amount" in fields and fields["time_amount"] is not None:
        fields["time_amount"] = Decimal(str(fields["time_amount"]))
    before = _snapshot(current)
    new_docs = list(documents) if documents is not None else None
    new_steps = list(steps) if steps is not None else None
    old_docs = [(d.name, d.copy_type, d.copies, d.is_optional) for d in current.documents.all()]
    old_steps = _step_specs(current)
    candidate = Procedure(
        **{f.attname: getattr(current, f.attname) for f in Procedure._meta.fields}
    )
    for key, value in fields.items():
        setattr(candidate, key, value)
    changes = audit.diff(before, _snapshot(candidate))
    docs_changed = (
        new_docs is not None
        and [(d.name, d.copy_type, d.copies, d.is_optional) for d in new_docs] != old_docs
    )
    steps_changed = new_steps is not None and new_steps != old_steps
    if not changes and not docs_changed and not steps_changed:
        return current
    _validate(candidate)
    validate_steps(
        time_amount=candidate.time_amount,
        time_unit=candidate.time_unit,
        steps=new_steps if new_steps is not None else old_steps,
    )
    if docs_changed:
        changes["documents"] = [len(old_docs), len(new_docs or [])]
    if steps_changed:
        changes["steps"] = [len(old_steps), len(new_steps or [])]
    if current.status == ProcedureStatus.DRAFT:
        for key, value in fields.items():
            setattr(current, key, value)
        _refresh_search(current)
        current.save()
        _write_children(current, new_docs, new_steps)
        audit.record(actor=actor, obj=current, action="update", changes=changes, reason=reason)
        return current
    eff = effective_date or timezone.localdate()
    if current.valid_from and eff < current.valid_from:
        raise DomainError(
            "Ngày hiệu lực của phiên bản mới không được trước ngày hiệu lực hiện tại."
        )
    Procedure.objects.filter(pk=current.pk).update(
        is_current=False, status=ProcedureStatus.SUPERSEDED, valid_to=eff - dt.timedelta(days=1)
    )
    candidate.pk = None
    candidate.id = None
    candidate.version = current.version + 1
    candidate.is_current = True
    candidate.status = ProcedureStatus.ACTIVE
    candidate.valid_from = eff
    candidate.valid_to = None
    _refresh_search(candidate)
    candidate.save()
    _write_children(
        candidate,
        new_docs if new_docs is not None else [DocumentSpec(n, c, k, o) for n, c, k, o in old_docs],
        new_steps if new_steps is not None else old_steps,
    )
    current.refresh_from_db()
    audit.record(
        actor=actor,
        obj=current,
        action="supersede",
        changes={"valid_to": [None, current.valid_to.isoformat() if current.valid_to else None]},
        reason=reason,
    )
    audit.record(actor=actor, obj=candidate, action="new_version", changes=changes, reason=reason)
    return candidate


def _publish_new(p: Procedure, eff: dt.date) -> Procedure:
    if p.status == ProcedureStatus.DRAFT:
        Procedure.objects.filter(pk=p.pk).update(status=ProcedureStatus.ACTIVE, valid_from=eff)
    elif p.status == ProcedureStatus.ACTIVE and p.valid_from is None:
        Procedure.objects.filter(pk=p.pk).update(valid_from=eff)
    elif p.status != ProcedureStatus.ACTIVE:
        raise Conflict(f"Thủ tục {p.code} không ở trạng thái công bố mới được.")
    p.refresh_from_db()
    return p


@transaction.atomic
def publication_decision_record(
    *,
    actor: User | None,
    number: str,
    date: dt.date,
    items: Sequence[PublicationChange],
    signer: str = "",
    title: str = "",
    agency: Any = None,
) -> PublicationDecision:
    """Record the chairman's decision and apply each item: new (a draft comes into force),
    amended or replaced (a new version from the effective date), abolished (closed the day
    before the effective date)."""
    _require_admin(actor, "Bạn không có quyền ghi quyết định công bố.")
    number = number.strip()
    if not number:
        raise DomainError("Thiếu số quyết định.")
    if not items:
        raise DomainError("Quyết định công bố phải có ít nhất một thủ tục.")
    if PublicationDecision.objects.filter(number=number, date__year=date.year).exists():
        raise Conflict(f"Quyết định số {number} năm {date.year} đã được ghi.")
    codes = [i.procedure.code for i in items]
    if len(codes) != len(set(codes)):
        raise DomainError("Một thủ tục xuất hiện nhiều lần trong quyết định.")
    decision = PublicationDecision.objects.create(
        number=number, date=date, signer=signer, title=title, agency=agency
    )
    for item in items:
        if item.change not in ChangeKind.values:
            raise DomainError("Nội dung công bố không hợp lệ.")
        eff = item.effective_date or date
        p = item.procedure
        if item.change == ChangeKind.NEW:
            p = _publish_new(p, eff)
        elif item.change in (ChangeKind.AMENDED, ChangeKind.REPLACED):
            current = _lock_current(p)
            if current.status == ProcedureStatus.DRAFT:
                raise Conflict(f"Thủ tục {p.code} chưa được công bố, không thể sửa đổi.")
            updated = procedure_update(
                actor=actor,
                procedure=current,
                effective_date=eff,
                reason=f"Quyết định {number}",
                **item.changes,
            )
            p = updated
        else:
            current = _lock_current(p)
            if current.status != ProcedureStatus.ACTIVE:
                raise Conflict(f"Thủ tục {p.code} không còn hiệu lực để bãi bỏ.")
            Procedure.objects.filter(pk=current.pk).update(
                status=ProcedureStatus.ABOLISHED, valid_to=eff - dt.timedelta(days=1)
            )
            p = current
            p.refresh_from_db()
        PublicationItem.objects.create(
            decision=decision, procedure=p, change=item.change, effective_date=eff
        )
        audit.record(
            actor=actor,
            obj=p,
            action=f"publish_{item.change}",
            changes={"decision": number, "effective_date": eff.isoformat(), "status": p.status},
        )
    audit.record(
        actor=actor,
        obj=decision,
        action="create",
        changes={"number": number, "date": date.isoformat(), "items": len(items)},
    )
    return decision
