"""The history-reading rules the accounts app gives core (``cchc.core.history``): an agency's
history and that of anything belonging to an agency are read by those who see the agency; the
rest by administrators."""

from __future__ import annotations

from typing import Any

from cchc.organizations.models import Agency

from . import scope


def agency_history(user: Any, agency: Agency) -> bool:
    return scope.can_see_agency(user, agency)


def default_history(user: Any, obj: Any) -> bool:
    agency = getattr(obj, "agency", None)
    if agency is not None:
        return scope.can_see_agency(user, agency)
    return scope.can_administer(user)


def connect() -> None:
    from cchc.core import history

    history.register(Agency, agency_history)
    history.set_default(default_history)
