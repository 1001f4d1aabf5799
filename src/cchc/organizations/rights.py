"""Who may change the agency tree: every rule of the organizations app is here. Organizations
sits below accounts, so it asks the user object (its methods are answered by
``cchc.accounts.scope``). Province administrators (system administrators, Home Affairs) manage
the agencies of their province; a new root agency needs an administrator without a province."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cchc.core.errors import Forbidden

if TYPE_CHECKING:
    from cchc.accounts.models import User

    from .models import Agency

MESSAGE = "Chỉ quản trị cấp tỉnh mới được quản lý cơ quan, đơn vị."


def can_administer(user: User, agency: Agency | None = None) -> bool:
    return bool(user.can_administer(agency))


def must_name_parent(user: User) -> bool:
    """Only an administrator who sees everything may add an agency without a parent."""
    return user.scope_root() is not None


def require_administer(user: User, agency: Agency | None = None, message: str = MESSAGE) -> None:
    if not can_administer(user, agency):
        raise Forbidden(message)
