"""Reads on accounts, scoped to what the reader may administer."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cchc.core.errors import NotFound
from cchc.core.text import fold

from . import rights, scope
from .models import User


def users_for(
    actor, *, query: str = "", role: str = "", status: str = "", agency=None
) -> QuerySet[User]:
    """Accounts of the administrator's province (all accounts for a system administrator)."""
    scope.require(rights.can_manage_users(actor), "Bạn không có quyền quản lý người dùng.")
    qs = scope.scoped(User.objects.all(), actor, field="agency")
    if agency is not None:
        qs = qs.filter(agency__path__startswith=agency.path)
    for term in query.split():
        qs = qs.filter(
            Q(username__icontains=term)
            | Q(first_name__icontains=term)
            | Q(last_name__icontains=term)
            | Q(email__icontains=term)
            | Q(agency__search_text__contains=fold(term))
        )
    if role:
        qs = qs.filter(role=role)
    if status == "active":
        qs = qs.filter(is_active=True)
    elif status == "inactive":
        qs = qs.filter(is_active=False)
    return qs.select_related("agency").order_by("agency__path", "last_name", "first_name", "pk")


def get_user_for(actor, pk) -> User:
    try:
        user = User.objects.select_related("agency").get(pk=pk)
    except (User.DoesNotExist, ValueError) as exc:
        raise NotFound("Không tìm thấy người dùng.") from exc
    scope.require(rights.can_open_account(actor, user), "Bạn không có quyền quản lý tài khoản này.")
    return user


# -- second factor (django-otp) ------------------------------------------------------------


def second_factor(user: User) -> TOTPDevice | None:
    """The user's authenticator app, once confirmed by a first code."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_enrolment(user: User) -> TOTPDevice | None:
    """A secret shown but not yet confirmed by a code (the enrolment page's second half)."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
