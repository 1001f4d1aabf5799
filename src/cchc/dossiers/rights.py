"""Who may act on a dossier, decided from role and scope (``cchc.accounts.scope``).

- One-stop officers (``one_stop``) of the receiving desk (the desk within their agency's
  subtree) receive, return, ask for a supplement at the desk and refuse at the desk; they also
  hand a received dossier on to the resolving agency and take in supplements and stop requests,
  because citizens bring those to the desk.
- Processing officers (``processing``) of the resolving agency, or of the agency currently
  holding the dossier (subtrees), transfer, ask for supplements, record results, apologise,
  refuse and stop.
- Home Affairs, leaders and focal points only read. System administrators may act anywhere.
- Importing history with explicit times (``received_at``/``at``) needs the import right:
  system administrators, Home Affairs, or the Django permission ``dossiers.import_history``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cchc.accounts import scope
from cchc.accounts.models import Role

if TYPE_CHECKING:
    from cchc.accounts.models import User
    from cchc.organizations.models import Agency

    from .models import Dossier


def is_admin(user: User) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role == Role.SYSTEM_ADMIN))


def can_import(user: User | None) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return (
        is_admin(user) or user.role == Role.HOME_AFFAIRS or user.has_perm("dossiers.import_history")
    )


def _within(user: User, agency: Agency | None) -> bool:
    return agency is not None and scope.can_see_agency(user, agency)


def can_receive_at(user: User, desk: Agency, *, importing: bool = False) -> bool:
    """Receive at ``desk``: its one-stop officers; with ``importing`` (history from an older
    system, explicit times) anyone with the import right over the desk."""
    if is_admin(user):
        return True
    if importing and can_import(user):
        return _within(user, desk)
    return user.role == Role.ONE_STOP and _within(user, desk)


def is_desk_officer(user: User, dossier: Dossier) -> bool:
    return is_admin(user) or (user.role == Role.ONE_STOP and _within(user, dossier.desk))


def is_processing_officer(user: User, dossier: Dossier) -> bool:
    if is_admin(user):
        return True
    if user.role != Role.PROCESSING:
        return False
    return _within(user, dossier.agency) or _within(user, dossier.current_agency)


def can_read(user: User, dossier: Dossier) -> bool:
    return any(
        _within(user, a) for a in (dossier.agency, dossier.desk, dossier.current_agency) if a
    )
