"""Who may read and handle feedback cases: one place, asked by pages, API and services."""

from __future__ import annotations

from typing import Any

from cchc.accounts import scope
from cchc.accounts.models import Role

HANDLER_ROLES = {Role.SYSTEM_ADMIN, Role.HOME_AFFAIRS, Role.FOCAL_POINT}
# One-stop staff type in hotline calls and comment-box letters; they do not decide cases.
ENTRY_ROLES = HANDLER_ROLES | {Role.ONE_STOP}


def can_read(user: Any, feedback: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return scope.can_see_agency(user, feedback.agency)


def can_handle(user: Any, feedback: Any) -> bool:
    if not can_read(user, feedback):
        return False
    return bool(user.is_superuser or user.role in HANDLER_ROLES)


def can_enter(user: Any) -> bool:
    """Type in a case received by hotline, comment box or letter."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.role in ENTRY_ROLES)


def can_open_queue(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.role in ENTRY_ROLES or user.role == Role.LEADER)
