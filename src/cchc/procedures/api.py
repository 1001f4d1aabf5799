"""``/api/v1/procedures``: the catalogue (list, search, detail by code and version) and, for
province administrators, create and update (an update of a procedure in force makes a new
version)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from ninja import Query, Router, Schema
from pydantic import Field

from cchc.accounts import scope
from cchc.core.errors import DomainError, NotFound

from . import selectors, services
from .models import (
    CopyType,
    Level,
    OnlineLevel,
    Procedure,
    ProcedureStatus,
    SupplementRule,
    TimeUnit,
)

router = Router(tags=["procedures"])


class DocumentOut(Schema):
    name: str
    copy_type: str
    copies: int
    is_optional: bool


class StepOut(Schema):
    code: str
    name: str
    owner_role: str
    owner_text: str
    allowance: Decimal
    allowance_unit: str


class ProcedureOut(Schema):
    code: str
    version: int
    is_current: bool
    name: str
    field: str
    field_code: str
    levels: list[str]
    resolving_agency_id: int | None
    resolving_agency: str
    resolving_agency_kind: str
    time_amount: Decimal | None
    time_unit: str
    time_text: str
    fees_text: str
    fee_amount: Decimal | None
    online_level: str
    legacy_online_level: int | None
    is_one_stop: bool
    is_inter_agency: bool
    supplement_rule: str
    supplement_rule_source: str
    supplement_repeat_allowed: bool
    status: str
    valid_from: dt.date | None
    valid_to: dt.date | None


class ProcedureDetailOut(ProcedureOut):
    documents: list[DocumentOut]
    steps: list[StepOut]
    versions: list[int]


class PageOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[ProcedureOut]


def _out(p: Procedure) -> dict:
    return {
        **{k: getattr(p, k) for k in ProcedureOut.model_fields if hasattr(p, k)},
        "field": p.field.name,
        "field_code": p.field.code,
        "resolving_agency": p.agency_display,
    }


@router.get("/", response=PageOut)
def list_procedures(
    request,
    q: str = "",
    field: str = "",
    level: str = "",
    agency: int | None = None,
    page: int = Query(1, ge=1, le=100_000),
    page_size: int = Query(25, ge=1, le=200),
):
    qs = selectors.search(
        selectors.catalogue(request.user), q=q, field=field, level=level, agency=agency
    )
    count = qs.count()
    rows = qs[(page - 1) * page_size : page * page_size]
    return {"count": count, "page": page, "page_size": page_size, "items": [_out(p) for p in rows]}


@router.get("/{code}", response=ProcedureDetailOut)
def get_procedure(request, code: str, version: int | None = Query(None, ge=1)):
    return _detail(request, code, version)


def _detail(request, code: str, version: int | None = None) -> dict:
    p = selectors.procedure_for(request.user, code, version)
    if p is None:
        raise NotFound(f"Không có thủ tục mã «{code}».")
    return {
        **_out(p),
        "documents": list(p.documents.all()),
        "steps": [
            {
                "code": s.code,
                "name": s.name,
                "owner_role": s.owner_role,
                "owner_text": s.owner_text,
                "allowance": s.allowance,
                "allowance_unit": s.allowance_unit,
            }
            for s in p.steps.all()
        ],
        "versions": list(
            Procedure.objects.filter(code=code)
            .order_by("version")
            .values_list("version", flat=True)
        ),
    }


class DocumentIn(Schema):
    name: str = Field(min_length=1)
    copy_type: CopyType = CopyType.ORIGINAL
    copies: int = Field(1, ge=1, le=99)
    is_optional: bool = False


class StepIn(Schema):
    name: str = Field(min_length=1)
    allowance: Decimal = Field(ge=0)
    allowance_unit: TimeUnit = TimeUnit.WORKING_DAYS
    owner_role: str = ""
    owner_text: str = ""


class ProcedureIn(Schema):
    code: str = Field(pattern=r"^\d{1,2}\.\d{6}$")
    name: str = Field(min_length=1)
    field: str = Field(min_length=1, description="Tên lĩnh vực")
    levels: list[Level] = Field(min_length=1)
    resolving_agency_id: int | None = None
    resolving_agency_kind: str = ""
    resolving_agency_text: str = ""
    time_amount: Decimal | None = Field(None, ge=0, le=99999, decimal_places=1)
    time_unit: TimeUnit = TimeUnit.WORKING_DAYS
    time_text: str = ""
    fees_text: str = ""
    fee_amount: Decimal | None = Field(
        None, ge=0, le=10**13 - 1, decimal_places=0, description="Đồng, tối đa 13 chữ số"
    )
    result: str = ""
    online_level: OnlineLevel = OnlineLevel.NONE
    is_one_stop: bool = True
    is_inter_agency: bool = False
    supplement_rule: SupplementRule = SupplementRule.PAUSE
    supplement_rule_source: str = ""
    supplement_repeat_allowed: bool = False
    status: ProcedureStatus = ProcedureStatus.DRAFT
    valid_from: dt.date | None = None
    documents: list[DocumentIn] = []
    steps: list[StepIn] = []


class ProcedureUpdateIn(Schema):
    name: str | None = Field(None, min_length=1)
    field: str | None = None
    levels: list[Level] | None = None
    resolving_agency_id: int | None = None
    resolving_agency_kind: str | None = None
    resolving_agency_text: str | None = None
    time_amount: Decimal | None = Field(None, ge=0, le=99999, decimal_places=1)
    time_unit: TimeUnit | None = None
    time_text: str | None = None
    fees_text: str | None = None
    fee_amount: Decimal | None = Field(
        None, ge=0, le=10**13 - 1, decimal_places=0, description="Đồng, tối đa 13 chữ số"
    )
    result: str | None = None
    online_level: OnlineLevel | None = None
    is_one_stop: bool | None = None
    is_inter_agency: bool | None = None
    supplement_rule: SupplementRule | None = None
    supplement_rule_source: str | None = None
    supplement_repeat_allowed: bool | None = None
    effective_date: dt.date | None = None
    reason: str = ""
    documents: list[DocumentIn] | None = None
    steps: list[StepIn] | None = None


def _agency(agency_id: int | None):
    if agency_id is None:
        return None
    from cchc.organizations.models import Agency

    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None:
        raise NotFound("Không có cơ quan này.")
    return agency


def _docs(items):
    return [services.DocumentSpec(d.name, d.copy_type, d.copies, d.is_optional) for d in items]


def _steps(items):
    return [
        services.StepSpec(s.name, s.allowance, s.allowance_unit, s.owner_role, s.owner_text)
        for s in items
    ]


@router.post("/", response={201: ProcedureDetailOut})
def create_procedure(request, payload: ProcedureIn):
    scope.require(scope.can_administer(request.user), "Bạn không có quyền thêm thủ tục hành chính.")
    data = payload.model_dump()
    data.pop("documents")
    data.pop("steps")
    with transaction.atomic():
        field = services.field_get_or_create(name=data.pop("field"))
        agency = _agency(data.pop("resolving_agency_id"))
        data["levels"] = [str(v) for v in data["levels"]]
        extra: dict[str, Any] = {
            k: (str(v) if k in ("time_unit", "online_level", "status", "supplement_rule") else v)
            for k, v in data.items()
        }
        p = services.procedure_create(
            actor=request.user,
            field=field,
            resolving_agency=agency,
            documents=_docs(payload.documents),
            steps=_steps(payload.steps),
            **extra,
        )
    return 201, _detail(request, p.code)


NULLABLE_ON_UPDATE = {"time_amount", "fee_amount", "resolving_agency_id", "effective_date"}


@router.patch("/{code}", response=ProcedureDetailOut)
def update_procedure(request, code: str, payload: ProcedureUpdateIn):
    scope.require(scope.can_administer(request.user), "Bạn không có quyền sửa thủ tục hành chính.")
    current = Procedure.objects.filter(code=code, is_current=True).first()
    if current is None:
        raise NotFound(f"Không có thủ tục mã «{code}».")
    data = payload.model_dump(exclude_unset=True)
    # A field left out stays as it is; ``null`` is accepted only where "no value" is a value.
    nulls = sorted(k for k, v in data.items() if v is None and k not in NULLABLE_ON_UPDATE)
    if nulls:
        raise DomainError(
            "Trường " + ", ".join(f"«{k}»" for k in nulls) + " không được để trống (null).",
            code="invalid",
        )
    kwargs: dict = {}
    for key in ("effective_date", "reason"):
        if key in data:
            kwargs[key] = data.pop(key)
    if "documents" in data:
        data.pop("documents")
        kwargs["documents"] = _docs(payload.documents or [])
    if "steps" in data:
        data.pop("steps")
        kwargs["steps"] = _steps(payload.steps or [])
    with transaction.atomic():
        if "field" in data:
            data["field"] = services.field_get_or_create(name=data["field"] or "")
        if "resolving_agency_id" in data:
            data["resolving_agency"] = _agency(data.pop("resolving_agency_id"))
        if "levels" in data:
            data["levels"] = [str(v) for v in data["levels"] or []]
        for key in ("time_unit", "online_level", "supplement_rule"):
            if data.get(key) is not None:
                data[key] = str(data[key])
        p = services.procedure_update(actor=request.user, procedure=current, **kwargs, **data)
    return _detail(request, p.code)
