"""Who may run surveys and type answers: every rule of the surveys app is here, built on ``cchc.accounts.scope``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cchc.accounts import scope

if TYPE_CHECKING:
    from .models import Survey


def can_manage(user: Any, survey: Survey | None = None) -> bool:
    """Home Affairs runs surveys for the province (DOMAIN 1)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if not (user.is_superuser or user.is_province_wide):
        return False
    return survey is None or scope.can_see_agency(user, survey.province)


def can_enter(user: Any, survey: Survey) -> bool:
    """Interviewers typing paper and phone answers: Home Affairs and focal points."""
    if can_manage(user, survey):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and user.role == "focal_point"
        and user.agency_id
        and user.agency.path.startswith(survey.province.path)
    )
