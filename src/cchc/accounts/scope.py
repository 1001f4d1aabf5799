"""What a user may see and change, decided in this one module.

Every selector, page, export and API endpoint asks here. The rule: a user sees the subtree of
their agency; province-wide roles (system administrator, Home Affairs reform officer) see the
whole province their agency belongs to (system administrators without an agency see all).
Leaders only read. Writes are further limited per role by the capability helpers below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Q, QuerySet

from cchc.core.errors import Forbidden

from .models import Role

if TYPE_CHECKING:
    from cchc.organizations.models import Agency

    from .models import User

_QS = TypeVar("_QS", bound=QuerySet[Any])

PROVINCE_WIDE = {Role.SYSTEM_ADMIN, Role.HOME_AFFAIRS}


def scope_root(user: User) -> Agency | None:
    """The agency whose subtree the user sees; None means everything."""
    if not user.is_authenticated:
        raise Forbidden("Bạn cần đăng nhập.")
    if user.is_superuser and user.agency_id is None:
        return None
    if user.role == Role.SYSTEM_ADMIN and user.agency_id is None:
        return None
    agency = user.agency
    if agency is None:
        raise Forbidden("Tài khoản chưa được gán cơ quan; liên hệ quản trị hệ thống.")
    if user.role in PROVINCE_WIDE or user.is_superuser:
        return agency.province
    return agency


def agency_q(user: User, field: str = "agency") -> Q:
    """A filter keeping rows whose ``field`` (an Agency FK path) is in the user's scope."""
    root = scope_root(user)
    if root is None:
        return Q()
    prefix = f"{field}__path__startswith" if field else "path__startswith"
    return Q(**{prefix: root.path})


def scoped(qs: _QS, user: User, field: str = "agency") -> _QS:
    return qs.filter(agency_q(user, field))


def can_see_agency(user: User, agency: Agency) -> bool:
    try:
        root = scope_root(user)
    except Forbidden:
        return False
    return root is None or agency.path.startswith(root.path)


def can_administer(user: User, agency: Agency | None = None) -> bool:
    """Manage agencies and users (province administrators)."""
    if not user.is_authenticated:
        return False
    if not (user.is_superuser or user.role in PROVINCE_WIDE):
        return False
    return agency is None or can_see_agency(user, agency)


def can_edit_reform(user: User, agency: Agency) -> bool:
    """Report progress, fill reports, self-score: the agency's focal point or Home Affairs."""
    if not can_see_agency(user, agency):
        return False
    return user.is_superuser or user.role in (*PROVINCE_WIDE, Role.FOCAL_POINT)


def is_read_only(user: User) -> bool:
    return user.role == Role.LEADER and not user.is_superuser


def require(condition: bool, message: str = "Bạn không có quyền thực hiện thao tác này.") -> None:
    if not condition:
        raise Forbidden(message)
