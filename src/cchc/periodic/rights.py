"""Who may read, fill and review periodic reports: every rule of the periodic app is here,
built on ``cchc.accounts.scope``. Leaders, focal points and Home Affairs read the reports of
the agencies they see; an agency's focal point fills its own (Home Affairs only its own
department's); Home Affairs reviews everybody's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cchc.accounts import scope
from cchc.accounts.models import Role
from cchc.core.errors import Forbidden

if TYPE_CHECKING:
    from cchc.accounts.models import User
    from cchc.organizations.models import Agency

READER_ROLES = {Role.LEADER, Role.FOCAL_POINT, Role.HOME_AFFAIRS, Role.SYSTEM_ADMIN}


def is_reader(user: User) -> bool:
    """May open the periodic reports at all (the hub, a period)."""
    return bool(user.is_superuser or user.role in READER_ROLES)


def can_read(user: User, agency: Agency) -> bool:
    if not user.is_authenticated:
        return False
    if not is_reader(user):
        return False
    return scope.can_see_agency(user, agency)


def can_fill(user: User, agency: Agency) -> bool:
    if not scope.can_edit_reform(user, agency) or scope.is_read_only(user):
        return False
    if user.role == Role.FOCAL_POINT or user.is_superuser:
        return True
    # Home Affairs reviews everybody's report; it only writes its own department's.
    return user.agency is not None and agency.is_within(user.agency)


def can_review(user: User, agency: Agency | None = None) -> bool:
    if not user.is_authenticated or not (user.is_superuser or user.is_province_wide):
        return False
    return agency is None or scope.can_see_agency(user, agency)


def require_read(user: User, agency: Agency) -> None:
    if not can_read(user, agency):
        raise Forbidden("Bạn không được xem báo cáo của cơ quan này.")
