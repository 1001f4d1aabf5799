"""Who may plan and run inspections and follow up their remedies: every rule of the inspections app is here, built on ``cchc.accounts.scope``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cchc.accounts import scope

if TYPE_CHECKING:
    from cchc.organizations.models import Agency

    from .models import Remedy


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


def require_inspect(user: Any, agency: Agency | None = None) -> None:
    scope.require(can_inspect(user, agency), "Chỉ Sở Nội vụ lập kế hoạch và thực hiện kiểm tra.")
