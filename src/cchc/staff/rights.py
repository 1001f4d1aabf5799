"""Who may keep the one-stop staff list, run the competence tests and decide: every rule of the staff app is here, built on ``cchc.accounts.scope``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cchc.accounts import scope
from cchc.accounts.models import Role

if TYPE_CHECKING:
    from cchc.organizations.models import Agency


def can_manage_staff(user: Any, agency: Agency) -> bool:
    """Keep an agency's list: its focal point, or Home Affairs for the province."""
    if user is None:
        return True
    if scope.is_read_only(user):
        return False
    return scope.can_edit_reform(user, agency)


def can_run_tests(user: Any, agency: Agency | None = None) -> bool:
    """Question bank and test rounds are Home Affairs' work (seed 000, Phần III.1)."""
    if user is None:
        return True
    return not scope.is_read_only(user) and scope.can_administer(user, agency)


def can_decide(user: Any, agency: Agency) -> bool:
    """Commendation and other work are a leader's decision (seed 000, III.1)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not scope.can_see_agency(user, agency):
        return False
    return user.is_superuser or user.role in (Role.LEADER, Role.SYSTEM_ADMIN)


def require_manage(user: Any, agency: Agency) -> None:
    scope.require(
        can_manage_staff(user, agency),
        "Bạn không có quyền quản lý danh sách cán bộ của cơ quan này.",
    )
