"""Reads on accounts, scoped to what the reader may administer."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from cchc.core.errors import Forbidden, NotFound
from cchc.core.text import fold

from . import scope
from .models import User


def users_for(
    actor, *, query: str = "", role: str = "", status: str = "", agency=None
) -> QuerySet[User]:
    """Accounts of the administrator's province (all accounts for a system administrator)."""
    scope.require(scope.can_administer(actor), "Bạn không có quyền quản lý người dùng.")
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
    if user.agency_id is None:
        allowed = scope.can_administer(actor) and scope.scope_root(actor) is None
    else:
        allowed = scope.can_administer(actor, user.agency)
    if not allowed:
        raise Forbidden("Bạn không có quyền quản lý tài khoản này.")
    return user
