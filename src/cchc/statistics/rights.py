"""Who may read the statistics: every rule of the statistics app is here, built on
``cchc.accounts.scope``. The leaders' dashboard is for leaders and Home Affairs (and system
administrators); its figures are then scoped to what each of them sees."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cchc.accounts.models import Role

if TYPE_CHECKING:
    from cchc.accounts.models import User

DASHBOARD_ROLES = {Role.LEADER, Role.HOME_AFFAIRS, Role.SYSTEM_ADMIN}


def can_open_dashboard(user: User) -> bool:
    return bool(user.is_superuser or user.role in DASHBOARD_ROLES)
