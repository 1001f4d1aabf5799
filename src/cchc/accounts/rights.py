"""Who may manage accounts: every rule of the accounts app is here, built on ``scope`` (what a
user sees). Province administrators manage the accounts of their province; only a system
administrator grants or touches the system administrator role; an account without an agency is
managed by an administrator who sees everything."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cchc.core.errors import DomainError

from . import scope
from .models import Role

if TYPE_CHECKING:
    from cchc.organizations.models import Agency

    from .models import User


def is_system_admin(user: User) -> bool:
    return bool(user.is_superuser or user.role == Role.SYSTEM_ADMIN)


def can_manage_users(user: User) -> bool:
    return scope.can_administer(user)


def can_open_account(actor: User, user: User) -> bool:
    """See an account's page: the administrators of its agency (of everything, without one)."""
    if user.agency is None:
        return scope.can_administer(actor) and scope.scope_root(actor) is None
    return scope.can_administer(actor, user.agency)


def can_manage_account(actor: User, user: User) -> bool:
    """Change an account: who may open it, and a system administrator's only another one."""
    return can_open_account(actor, user) and (is_system_admin(actor) or not is_system_admin(user))


def require_manage_users(user: User) -> None:
    scope.require(can_manage_users(user), "Chỉ quản trị cấp tỉnh mới được quản lý người dùng.")


def require_manage_account(actor: User | None, user: User) -> None:
    """``None`` is the system itself (operator commands, the demo loader)."""
    if actor is not None:
        scope.require(can_manage_account(actor, user), "Bạn không có quyền quản lý tài khoản này.")


def require_assign(actor: User | None, agency: Agency | None, role: str) -> None:
    """The actor may place an account in this agency with this role."""
    if role not in Role.values:
        raise DomainError("Vai trò không hợp lệ.")
    if agency is None and role != Role.SYSTEM_ADMIN:
        raise DomainError("Người dùng phải thuộc một cơ quan (trừ quản trị hệ thống).")
    if actor is None:
        return
    if role == Role.SYSTEM_ADMIN:
        scope.require(
            is_system_admin(actor), "Chỉ quản trị hệ thống mới được cấp vai trò quản trị hệ thống."
        )
    if agency is None:
        scope.require(scope.scope_root(actor) is None, "Bạn không có quyền quản lý tài khoản này.")
    else:
        scope.require(
            scope.can_administer(actor, agency),
            "Bạn không có quyền quản lý người dùng của cơ quan này.",
        )


def can_read_history(user: User, account: User) -> bool:
    """An account's audit trail: its owner and the administrators who may open it."""
    return user.pk == account.pk or can_open_account(user, account)


def is_second_factor_required(user: User) -> bool:
    """The roles ``settings.TOTP_REQUIRED_ROLES`` lists must enrol a second factor; a
    superuser counts as a system administrator."""
    from django.conf import settings

    required = set(settings.TOTP_REQUIRED_ROLES)
    return user.role in required or (user.is_superuser and Role.SYSTEM_ADMIN in required)


def require_own_second_factor(actor: User, user: User) -> None:
    """A second factor is its owner's alone: nobody else enrols, sees or changes it (an
    administrator may only remove it, see ``require_reset_second_factor``)."""
    scope.require(
        actor.pk == user.pk, "Chỉ chủ tài khoản mới quản lý được xác thực hai bước của mình."
    )


def require_reset_second_factor(actor: User, user: User) -> None:
    """Removing the second factor of someone who lost their phone and backup codes: the
    administrators who manage the account, never on their own account (they would remove a
    second factor without giving it)."""
    scope.require(actor.pk != user.pk, "Hãy tự tắt xác thực hai bước trong trang Bảo mật.")
    require_manage_account(actor, user)
