"""Writes on the agency tree. Every one records an audit event."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction

from cchc.core import audit
from cchc.core.errors import DomainError, Forbidden
from cchc.core.text import fold
from cchc.core.unset import UNSET, Unset, given

from .models import KIND_GROUP, Agency, AgencyKind

if TYPE_CHECKING:
    from cchc.accounts.models import User

TRACKED = (
    "code",
    "kind",
    "name",
    "short_name",
    "electronic_id",
    "group",
    "parent",
    "valid_from",
    "valid_to",
    "successor",
    "address",
    "phone",
    "email",
)


def _segment(pk: int) -> str:
    return f"{pk:06d}/"


def _refresh_search(agency: Agency) -> None:
    agency.search_text = fold(
        " ".join(filter(None, [agency.name, agency.short_name, agency.code, agency.electronic_id]))
    )[:600]


def _rebuild_paths(agency: Agency) -> None:
    """Recompute path/depth of an agency and its descendants after a move."""
    parent_path = agency.parent.path if agency.parent is not None else ""
    old = agency.path
    agency.path = parent_path + _segment(agency.pk)
    agency.depth = agency.path.count("/") - 1
    Agency.objects.filter(pk=agency.pk).update(path=agency.path, depth=agency.depth)
    if old and old != agency.path:
        for child in Agency.objects.filter(path__startswith=old).exclude(pk=agency.pk):
            child.path = agency.path + child.path[len(old) :]
            child.depth = child.path.count("/") - 1
            Agency.objects.filter(pk=child.pk).update(path=child.path, depth=child.depth)


def _validate(agency: Agency) -> None:
    if not agency.name.strip():
        raise DomainError("Tên cơ quan không được để trống.")
    if not agency.code.strip():
        raise DomainError("Mã cơ quan không được để trống.")
    if Agency.objects.filter(code=agency.code).exclude(pk=agency.pk).exists():
        raise DomainError(f"Mã cơ quan «{agency.code}» đã được dùng.")
    if agency.valid_from and agency.valid_to and agency.valid_to < agency.valid_from:
        raise DomainError("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")
    if (
        agency.parent is not None
        and agency.pk
        and agency.parent.path.startswith(agency.path or "\0")
    ):
        raise DomainError("Không thể đặt cơ quan làm cấp dưới của chính nó.")
    if agency.successor_id and agency.successor_id == agency.pk:
        raise DomainError("Một cơ quan không thể kế thừa chính nó.")
    if agency.successor is not None and agency.pk:  # noqa: SIM102
        fresh = Agency.objects.get(pk=agency.successor.pk)  # the caller's copy may be stale
        if any(a.pk == agency.pk for a in successors_chain(fresh)):
            raise DomainError(
                "Chuỗi kế thừa bị vòng lặp: đơn vị kế thừa lại được kế thừa bởi cơ quan này."
            )


@transaction.atomic
def agency_create(
    *,
    actor: User | None,
    parent: Agency | None,
    code: str,
    kind: str,
    name: str,
    short_name: str = "",
    electronic_id: str = "",
    admin_code: str = "",
    group: str = "",
    valid_from: dt.date | None = None,
    address: str = "",
    phone: str = "",
    email: str = "",
    sort_order: int = 0,
) -> Agency:
    if actor is not None and not actor.can_administer(parent):
        raise Forbidden("Bạn không có quyền thêm cơ quan ở đây.")
    agency = Agency(
        parent=parent,
        code=code,
        kind=kind,
        name=name,
        short_name=short_name,
        electronic_id=electronic_id,
        admin_code=admin_code,
        group=group,
        valid_from=valid_from,
        address=address,
        phone=phone,
        email=email,
        sort_order=sort_order,
    )
    if not agency.group:
        agency.group = KIND_GROUP.get(AgencyKind(agency.kind), "")
    _validate(agency)
    _refresh_search(agency)
    agency.save()
    _rebuild_paths(agency)
    audit.record(actor=actor, obj=agency, action="create", changes=audit.snapshot(agency, TRACKED))
    return agency


@transaction.atomic
def agency_update(
    *,
    actor: User | None,
    agency: Agency,
    reason: str = "",
    code: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    name: str | Unset = UNSET,
    short_name: str | Unset = UNSET,
    electronic_id: str | Unset = UNSET,
    admin_code: str | Unset = UNSET,
    group: str | Unset = UNSET,
    parent: Agency | None | Unset = UNSET,
    valid_from: dt.date | None | Unset = UNSET,
    valid_to: dt.date | None | Unset = UNSET,
    successor: Agency | None | Unset = UNSET,
    address: str | Unset = UNSET,
    phone: str | Unset = UNSET,
    email: str | Unset = UNSET,
    sort_order: int | Unset = UNSET,
) -> Agency:
    """Change the fields passed; the others stay as they are."""
    fields = given(
        code=code,
        kind=kind,
        name=name,
        short_name=short_name,
        electronic_id=electronic_id,
        admin_code=admin_code,
        group=group,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
        successor=successor,
        address=address,
        phone=phone,
        email=email,
        sort_order=sort_order,
    )
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if actor is not None and not actor.can_administer(agency):
        raise Forbidden("Bạn không có quyền sửa cơ quan này.")
    before = audit.snapshot(agency, TRACKED)
    old_parent = agency.parent_id
    for key, value in fields.items():
        setattr(agency, key, value)
    _validate(agency)
    _refresh_search(agency)
    agency.save()
    if agency.parent_id != old_parent:
        _rebuild_paths(agency)
    changes = audit.diff(before, audit.snapshot(agency, TRACKED))
    if changes:
        audit.record(actor=actor, obj=agency, action="update", changes=changes, reason=reason)
    return agency


@transaction.atomic
def agency_archive(
    *,
    actor: User | None,
    agency: Agency,
    valid_to: dt.date,
    successor: Agency | None = None,
    reason: str = "",
) -> Agency:
    """Agencies with history are never deleted: they end on a date and may name a successor
    (the 2025 mergers), whose reports then include the predecessor's history."""
    if successor is not None and successor.pk == agency.pk:
        raise DomainError("Một cơ quan không thể kế thừa chính nó.")
    return agency_update(
        actor=actor, agency=agency, valid_to=valid_to, successor=successor, reason=reason
    )


def successors_chain(agency: Agency) -> list[Agency]:
    chain: list[Agency] = []
    seen = {agency.pk}
    current = agency.successor
    while current is not None and current.pk not in seen:
        chain.append(current)
        seen.add(current.pk)
        current = current.successor
    return chain


def predecessors_closure(agency: Agency) -> list[Agency]:
    """Every agency whose history rolls up into this one."""
    result: list[Agency] = []
    frontier = [agency]
    seen = {agency.pk}
    while frontier:
        nxt = list(Agency.objects.filter(successor__in=frontier).exclude(pk__in=seen))
        for a in nxt:
            seen.add(a.pk)
        result.extend(nxt)
        frontier = nxt
    return result
