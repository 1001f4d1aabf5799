"""Who may do what with the reform index: every rule of the indices app is here, built on
``cchc.accounts.scope``. Home Affairs imports criteria and runs the cycles; a unit's focal point
scores its own unit; the cycle's council appraises; Home Affairs, leaders and focal points read
the service index (Decision 766)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cchc.accounts import scope
from cchc.accounts.models import Role
from cchc.core.errors import Forbidden

if TYPE_CHECKING:
    from cchc.accounts.models import User

    from .models import Cycle, CycleUnit


def is_home_affairs(user: User) -> bool:
    return bool(user.is_superuser or user.role in scope.PROVINCE_WIDE)


def sees_service(user: User) -> bool:
    return is_home_affairs(user) or user.role in (Role.LEADER, Role.FOCAL_POINT)


def can_self_score(user: User, unit: CycleUnit) -> bool:
    return scope.can_edit_reform(user, unit.agency) and user.agency_id == unit.agency_id


def is_council(user: User, cycle: Cycle) -> bool:
    return cycle.council.filter(pk=user.pk).exists()


def require_home_affairs(actor: User) -> None:
    if not is_home_affairs(actor):
        raise Forbidden("Chỉ Sở Nội vụ (hoặc quản trị hệ thống) được thực hiện thao tác này.")


def require_council(actor: User, cycle: Cycle) -> None:
    if not is_council(actor, cycle):
        raise Forbidden("Chỉ thành viên hội đồng thẩm định của kỳ đánh giá được thẩm định.")
