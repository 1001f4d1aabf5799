"""Writes on user accounts. Every one checks the actor's right through ``scope`` and records
an audit event in the same transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import loader
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from cchc.core import audit
from cchc.core.errors import DomainError
from cchc.core.unset import UNSET, Unset, given

from . import scope
from .models import ApiToken, Role, User

if TYPE_CHECKING:
    from cchc.organizations.models import Agency

TRACKED = (
    "username",
    "email",
    "first_name",
    "last_name",
    "agency",
    "role",
    "position",
    "phone",
    "is_active",
)


def _is_system_admin(user: Any) -> bool:
    return bool(user.is_superuser or user.role == Role.SYSTEM_ADMIN)


def _check_assignment(actor: User | None, agency: Agency | None, role: str) -> None:
    """The actor may place an account in this agency with this role."""
    if role not in Role.values:
        raise DomainError("Vai trò không hợp lệ.")
    if agency is None and role != Role.SYSTEM_ADMIN:
        raise DomainError("Người dùng phải thuộc một cơ quan (trừ quản trị hệ thống).")
    if actor is None:
        return
    if role == Role.SYSTEM_ADMIN:
        scope.require(
            _is_system_admin(actor), "Chỉ quản trị hệ thống mới được cấp vai trò quản trị hệ thống."
        )
    if agency is None:
        scope.require(scope.scope_root(actor) is None, "Bạn không có quyền quản lý tài khoản này.")
    else:
        scope.require(
            scope.can_administer(actor, agency),
            "Bạn không có quyền quản lý người dùng của cơ quan này.",
        )


def _check_target(actor: User | None, user: User) -> None:
    if actor is None:
        return
    if user.agency_id is None:
        allowed = scope.can_administer(actor) and scope.scope_root(actor) is None
    else:
        allowed = scope.can_administer(actor, user.agency)
    if _is_system_admin(user) and not _is_system_admin(actor):
        allowed = False
    scope.require(allowed, "Bạn không có quyền quản lý tài khoản này.")


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    for key in ("username", "email", "first_name", "last_name", "position", "phone"):
        if key in fields and fields[key] is not None:
            fields[key] = str(fields[key]).strip()
    if "email" in fields:
        fields["email"] = (fields["email"] or "").lower()
    return fields


def _validate(user: User) -> None:
    if not user.username:
        raise DomainError("Tên đăng nhập không được để trống.")
    if User.objects.filter(username__iexact=user.username).exclude(pk=user.pk).exists():
        raise DomainError(f"Tên đăng nhập «{user.username}» đã được dùng.")
    if user.agency is not None and user.agency.is_archived:
        raise DomainError("Không thể gán người dùng vào cơ quan đã lưu trữ.")


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    agency: Agency | None,
    role: str,
    password: str | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    position: str = "",
    phone: str = "",
) -> User:
    """A new account. Without a password it cannot log in until a reset e-mail is used."""
    fields = _clean(
        {
            "username": username,
            "email": email,
            "first_name": first_name,
            "last_name": last_name,
            "position": position,
            "phone": phone,
        }
    )
    _check_assignment(actor, agency, role)
    user = User(agency=agency, role=role, **fields)
    if role == Role.SYSTEM_ADMIN:
        user.is_staff = True
    _validate(user)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit.record(actor=actor, obj=user, action="create", changes=audit.snapshot(user, TRACKED))
    return user


@transaction.atomic
def user_update(
    *,
    actor: User | None,
    user: User,
    reason: str = "",
    username: str | Unset = UNSET,
    email: str | Unset = UNSET,
    first_name: str | Unset = UNSET,
    last_name: str | Unset = UNSET,
    agency: Agency | None | Unset = UNSET,
    role: str | Unset = UNSET,
    position: str | Unset = UNSET,
    phone: str | Unset = UNSET,
) -> User:
    """Change the fields passed; the others stay as they are."""
    fields = given(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        agency=agency,
        role=role,
        position=position,
        phone=phone,
    )
    user = User.objects.select_for_update(of=("self",)).select_related("agency").get(pk=user.pk)
    _check_target(actor, user)
    fields = _clean(fields)
    new_agency = fields.get("agency", user.agency)
    new_role = fields.get("role", user.role)
    if "agency" in fields or "role" in fields:
        _check_assignment(actor, new_agency, new_role)
    if actor is not None and actor.pk == user.pk and new_role != user.role:
        raise DomainError("Bạn không thể tự đổi vai trò của mình.")
    before = audit.snapshot(user, TRACKED)
    for key, value in fields.items():
        setattr(user, key, value)
    _validate(user)
    user.save()
    changes = audit.diff(before, audit.snapshot(user, TRACKED))
    if changes:
        audit.record(actor=actor, obj=user, action="update", changes=changes, reason=reason)
    return user


@transaction.atomic
def user_set_password(*, actor: User | None, user: User, password: str) -> User:
    user = User.objects.select_for_update(of=("self",)).select_related("agency").get(pk=user.pk)
    if actor is None or actor.pk != user.pk:
        _check_target(actor, user)
    if not password:
        raise DomainError("Mật khẩu không được để trống.")
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(actor=actor, obj=user, action="set_password")
    return user


@transaction.atomic
def user_deactivate(*, actor: User, user: User, reason: str = "") -> User:
    """Accounts are locked, never deleted: their history (who received which dossier) stays."""
    user = User.objects.select_for_update(of=("self",)).select_related("agency").get(pk=user.pk)
    _check_target(actor, user)
    if actor is not None and actor.pk == user.pk:
        raise DomainError("Bạn không thể tự khóa tài khoản của mình.")
    if not user.is_active:
        raise DomainError("Tài khoản đã bị khóa từ trước.")
    user.is_active = False
    user.save(update_fields=["is_active"])
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit.record(
        actor=actor,
        obj=user,
        action="deactivate",
        changes={"is_active": [True, False]},
        reason=reason,
    )
    return user


@transaction.atomic
def user_activate(*, actor: User, user: User, reason: str = "") -> User:
    user = User.objects.select_for_update(of=("self",)).select_related("agency").get(pk=user.pk)
    _check_target(actor, user)
    if user.is_active:
        raise DomainError("Tài khoản đang hoạt động.")
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit.record(
        actor=actor,
        obj=user,
        action="activate",
        changes={"is_active": [False, True]},
        reason=reason,
    )
    return user


def user_send_password_reset(
    *, actor: User, user: User, domain: str, use_https: bool = False
) -> None:
    """E-mail the account a one-time link to set its password (sent after commit)."""
    _check_target(actor, user)
    if not user.email:
        raise DomainError("Tài khoản chưa có địa chỉ thư điện tử.")
    if not user.is_active:
        raise DomainError("Tài khoản đã bị khóa.")
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": "https" if use_https else "http",
    }
    subject = "".join(
        loader.render_to_string("accounts/password_reset_subject.txt", context).splitlines()
    )
    body = loader.render_to_string("accounts/password_reset_email.txt", context)
    message = EmailMultiAlternatives(subject, body, None, [user.email])
    with transaction.atomic():
        audit.record(actor=actor, obj=user, action="password_reset_sent")
        transaction.on_commit(message.send)
