"""Who may change the procedure catalogue: every rule of the procedures app is here, built on
``cchc.accounts.scope``. Province administrators add, edit, import and publish procedures and
see drafts; everyone else reads the procedures in force."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cchc.accounts import scope

if TYPE_CHECKING:
    from cchc.accounts.models import User


def can_manage(user: Any) -> bool:
    """Anonymous visitors read the public catalogue: they are never managers."""
    return bool(user and user.is_authenticated and scope.can_administer(user))


def require_manage(actor: User | None, message: str) -> None:
    """``None`` is the system itself (the demo loader, operator commands)."""
    if actor is not None:
        scope.require(can_manage(actor), message)
