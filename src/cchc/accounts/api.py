"""``/api/v1/me``: who the token belongs to and what they may see."""

from __future__ import annotations

from ninja import Router, Schema

from . import scope

router = Router(tags=["Tài khoản"])


class AgencyRef(Schema):
    id: int
    code: str
    name: str
    electronic_id: str


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    role: str
    role_label: str
    agency: AgencyRef | None
    scope_root: AgencyRef | None
    can_administer: bool
    read_only: bool


def _ref(agency) -> AgencyRef | None:
    if agency is None:
        return None
    return AgencyRef(
        id=agency.pk, code=agency.code, name=agency.name, electronic_id=agency.electronic_id
    )


@router.get("/me", response=MeOut, summary="Người dùng hiện tại")
def me(request):
    user = request.user
    return MeOut(
        id=user.pk,
        username=user.username,
        full_name=user.get_full_name(),
        email=user.email,
        role=user.role,
        role_label=str(user.get_role_display()),
        agency=_ref(user.agency),
        scope_root=_ref(scope.scope_root(user)),
        can_administer=scope.can_administer(user),
        read_only=scope.is_read_only(user),
    )
