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
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cchc.core import audit
from cchc.core.errors import DomainError
from cchc.core.unset import UNSET, Unset, given

from . import rights, throttle
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
    rights.require_assign(actor, agency, role)
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
    rights.require_manage_account(actor, user)
    fields = _clean(fields)
    new_agency = fields.get("agency", user.agency)
    new_role = fields.get("role", user.role)
    if "agency" in fields or "role" in fields:
        rights.require_assign(actor, new_agency, new_role)
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
        rights.require_manage_account(actor, user)
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
    rights.require_manage_account(actor, user)
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
    rights.require_manage_account(actor, user)
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
    rights.require_manage_account(actor, user)
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


# -- second factor (Decree 13/2023: optional TOTP for everyone, required for some roles) -------
# The codes are checked by django-otp (a kept library: RFC 6238, a code is accepted once, one
# step of clock drift either way). What this app adds: who may do what, the audit trail, and
# failed codes counted against the account lock like failed passwords.

BACKUP_CODES = 10
TOTP_NAME = "Ứng dụng xác thực"
BACKUP_NAME = "Mã dự phòng"
WRONG_CODE = "Mã xác thực không đúng hoặc đã được dùng."
WAIT = "Vừa nhập sai mã; vui lòng chờ vài giây rồi nhập mã mới."
LOCKED = "Nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút."


def _code(token: str) -> str:
    """What people type: spaces and dashes between groups, backup codes in capitals."""
    return "".join(ch for ch in (token or "") if ch.isalnum()).lower()


def _failed(user: User, *, step: str, ip: str = "", count: bool = True) -> None:
    """Recorded whatever happens next (the caller raises): its own transaction. ``step`` is
    said in the history's words (where the code was wrong)."""
    with transaction.atomic():
        if count:
            throttle.record_failure(user.username, ip)
        audit.record(actor=user, obj=user, action="otp_failed", reason=step)


def _check(user: User, token: str) -> Device | None:
    """The device that accepts ``token`` (six digits: the app; letters: a backup code), under
    a row lock so that two requests cannot both spend one code. ``WAIT`` when the library's
    back-off (1, 2, 4… seconds after successive failures) refuses to look at it."""
    code = _code(token)
    model = TOTPDevice if code.isdigit() else StaticDevice
    device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is None or not code:
        return None
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        raise DomainError(WAIT, code="wait")
    return device if device.verify_token(code) else None


def _new_backup_codes(user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": BACKUP_NAME, "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@transaction.atomic
def second_factor_start(*, actor: User, user: User) -> TOTPDevice:
    """A new secret for the enrolment page; nothing changes for the login until a code
    confirms it (``second_factor_confirm``)."""
    rights.require_own_second_factor(actor, user)
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise DomainError("Tài khoản đã bật xác thực hai bước.")
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def second_factor_confirm(*, actor: User, user: User, token: str) -> list[str]:
    """The first code from the app proves it holds the secret: the second factor is on.
    Returns the backup codes, shown once (only they are stored, as the library keeps them)."""
    rights.require_own_second_factor(actor, user)
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("-pk")
            .first()
        )
        if device is None:
            raise DomainError("Chưa có mã bí mật để xác nhận; hãy bắt đầu lại.")
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            raise DomainError(WAIT, code="wait")
        confirmed = device.verify_token(_code(token))  # a failure is counted on the device
        if confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _new_backup_codes(user)
            audit.record(actor=actor, obj=user, action="otp_enrol")
            return codes
    _failed(user, step="Khi đăng ký", count=False)  # already signed in: no account lock
    raise DomainError(
        "Mã xác thực không đúng. Kiểm tra giờ của điện thoại rồi nhập mã đang hiện trên ứng dụng."
    )


def second_factor_login(*, user: User, token: str, ip: str) -> Device:
    """The second step of the login. A failed code counts against the account lock exactly as
    a failed password does (``throttle``); a backup code is spent."""
    if throttle.is_locked(user.username, ip):
        raise DomainError(LOCKED, code="locked")
    with transaction.atomic():
        device = _check(user, token)
        if device is not None:
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                audit.record(
                    actor=user,
                    obj=user,
                    action="otp_backup_used",
                    reason=f"Còn {left} mã dự phòng",
                )
            throttle.clear(user.username)
            return device
    _failed(user, step="Khi đăng nhập", ip=ip)
    raise DomainError(WRONG_CODE)


def second_factor_new_backup_codes(*, actor: User, user: User, token: str, ip: str) -> list[str]:
    """New backup codes replace the old ones (lost or used up); a current code is asked so a
    session left open cannot print them."""
    rights.require_own_second_factor(actor, user)
    if throttle.is_locked(user.username, ip):
        raise DomainError(LOCKED, code="locked")
    with transaction.atomic():
        if _check(user, token) is not None:
            codes = _new_backup_codes(user)
            audit.record(actor=actor, obj=user, action="otp_backup_codes")
            return codes
    _failed(user, step="Khi tạo mã dự phòng", ip=ip)
    raise DomainError(WRONG_CODE)


def second_factor_disable(*, actor: User, user: User, password: str, token: str, ip: str) -> None:
    """Turning it off asks for the password and a code: neither a session left open nor a
    stolen phone is enough. Roles that must have it are sent to enrol again at once."""
    rights.require_own_second_factor(actor, user)
    if throttle.is_locked(user.username, ip):
        raise DomainError(LOCKED, code="locked")
    if not user.check_password(password or ""):
        throttle.record_failure(user.username, ip)
        raise DomainError("Mật khẩu không đúng.")
    with transaction.atomic():
        if _check(user, token) is not None:
            _remove_second_factor(user)
            audit.record(actor=actor, obj=user, action="otp_disable")
            return
    _failed(user, step="Khi tắt", ip=ip)
    raise DomainError(WRONG_CODE)


@transaction.atomic
def second_factor_reset(*, actor: User, user: User, reason: str = "") -> None:
    """An administrator removes the second factor of someone who lost both their phone and
    their backup codes; they enrol again at their next login (required roles at once)."""
    user = User.objects.select_for_update(of=("self",)).select_related("agency").get(pk=user.pk)
    rights.require_reset_second_factor(actor, user)
    if not TOTPDevice.objects.filter(user=user).exists():
        raise DomainError("Tài khoản này chưa bật xác thực hai bước.")
    _remove_second_factor(user)
    audit.record(actor=actor, obj=user, action="otp_reset", reason=reason)


def _remove_second_factor(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()  # its codes go with it (cascade)
