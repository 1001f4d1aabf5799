"""``/api/v1/agencies``: the agency tree as the caller may see it; administrators write."""

import datetime as dt
from typing import TYPE_CHECKING, Literal

from django.db import transaction
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from cchc.core.errors import DomainError, NotFound

from . import rights, selectors, services
from .models import Agency, AgencyGroup, AgencyKind

router = Router(tags=["Cơ quan, đơn vị"])

if TYPE_CHECKING:  # a Literal built from the choices at run time is opaque to mypy
    Kind = str
    Group = str
else:
    Kind = Literal[tuple(AgencyKind.values)]
    Group = Literal[tuple(AgencyGroup.values)]


class AgencyOut(Schema):
    id: int
    code: str
    kind: str
    kind_label: str
    name: str
    short_name: str
    electronic_id: str
    admin_code: str
    group: str
    parent_id: int | None
    depth: int
    valid_from: dt.date | None
    valid_to: dt.date | None
    archived: bool
    successor_id: int | None
    address: str
    phone: str
    email: str

    @staticmethod
    def resolve_kind_label(obj: Agency) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_archived(obj: Agency) -> bool:
        return obj.is_archived


class AgencyFilter(Schema):
    q: str = Field("", description="Tìm theo tên, mã (không phân biệt dấu)")
    kind: Kind | None = None
    include_archived: bool = True


class AgencyIn(Schema):
    code: str = Field(..., min_length=1, max_length=64)
    kind: Kind
    name: str = Field(..., min_length=1, max_length=255)
    parent_id: int | None = None
    short_name: str = Field("", max_length=100)
    electronic_id: str = Field("", max_length=32)
    admin_code: str = Field("", max_length=16)
    group: Group | None = None
    valid_from: dt.date | None = None
    address: str = Field("", max_length=255)
    phone: str = Field("", max_length=32)
    email: str = Field("", max_length=254)


class AgencyPatch(Schema):
    code: str | None = Field(None, min_length=1, max_length=64)
    kind: Kind | None = None
    name: str | None = Field(None, min_length=1, max_length=255)
    parent_id: int | None = None
    short_name: str | None = Field(None, max_length=100)
    electronic_id: str | None = Field(None, max_length=32)
    admin_code: str | None = Field(None, max_length=16)
    group: Group | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    successor_id: int | None = None
    address: str | None = Field(None, max_length=255)
    phone: str | None = Field(None, max_length=32)
    email: str | None = Field(None, max_length=254)
    reason: str = ""


class Message(Schema):
    message: str
    code: str


ERRORS = {400: Message, 401: Message, 403: Message, 404: Message}


class AgencyPages(PageNumberPagination):
    """Page numbers suit a list of a few hundred agencies; bounded, so an absurd page is a 422
    and never an overflowing OFFSET (the fuzzer's 500)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=10_000)
        page_size: int | None = Field(None, ge=1, le=100)


@router.get("/", response=list[AgencyOut], summary="Danh sách cơ quan")
@paginate(AgencyPages, page_size=100)
def list_agencies(request, filters: Query[AgencyFilter]):
    return selectors.agencies_for(
        request.user,
        query=filters.q,
        kind=filters.kind or "",
        include_archived=filters.include_archived,
    )


@router.get("/{agency_id}", response={200: AgencyOut, **ERRORS}, summary="Một cơ quan")
def get_agency(request, agency_id: int):
    return selectors.get_agency_for(request.user, agency_id)


def _agency_ref(user, pk: int | None, what: str) -> Agency | None:
    if pk is None:
        return None
    try:
        return selectors.get_agency_for(user, pk)
    except NotFound as exc:
        raise DomainError(f"Không tìm thấy {what} (id {pk}).") from exc


@router.post("/", response={201: AgencyOut, **ERRORS}, summary="Thêm cơ quan (quản trị)")
def create_agency(request, payload: AgencyIn):
    rights.require_administer(request.user, message="Bạn không có quyền thêm cơ quan.")
    data = payload.dict()
    parent = _agency_ref(request.user, data.pop("parent_id"), "cơ quan cấp trên")
    if parent is None and rights.must_name_parent(request.user):
        raise DomainError("Cần chọn cơ quan cấp trên (parent_id).")
    if data["group"] is None:
        data["group"] = ""
    with transaction.atomic():
        agency = services.agency_create(actor=request.user, parent=parent, **data)
    return Status(201, agency)


@router.patch("/{agency_id}", response={200: AgencyOut, **ERRORS}, summary="Sửa cơ quan (quản trị)")
def update_agency(request, agency_id: int, payload: AgencyPatch):
    agency = selectors.get_agency_to_administer(request.user, agency_id)
    data = payload.dict(exclude_unset=True)
    reason = data.pop("reason", "")
    if "parent_id" in data:
        data["parent"] = _agency_ref(request.user, data.pop("parent_id"), "cơ quan cấp trên")
        if data["parent"] is None and rights.must_name_parent(request.user):
            raise DomainError("Cần chọn cơ quan cấp trên (parent_id).")
    if "successor_id" in data:
        data["successor"] = _agency_ref(request.user, data.pop("successor_id"), "đơn vị kế thừa")
    for key in ("code", "kind", "name"):
        if key in data and data[key] is None:
            raise DomainError(f"Trường «{key}» không được để trống.")
    for key in ("short_name", "electronic_id", "admin_code", "group", "address", "phone", "email"):
        if key in data and data[key] is None:
            data[key] = ""
    return services.agency_update(actor=request.user, agency=agency, reason=reason, **data)
