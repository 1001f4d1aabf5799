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


def _importing(user: User, dossier: Dossier, importing: bool) -> bool:
    """Replaying a dossier's history from an older system (explicit times): the import right
    over the dossier stands in for the officers' rights."""
    return importing and can_import(user) and can_read(user, dossier)


def _works_desk(user: User, desk: Agency | None) -> bool:
    return is_admin(user) or (user.role == Role.ONE_STOP and _within(user, desk))


def _works_agency(user: User, agency: Agency | None, current: Agency | None) -> bool:
    if is_admin(user):
        return True
    if user.role != Role.PROCESSING:
        return False
    return _within(user, agency) or _within(user, current)


def is_desk_officer(user: User, dossier: Dossier, *, importing: bool = False) -> bool:
    return _importing(user, dossier, importing) or _works_desk(user, dossier.desk)


def is_processing_officer(user: User, dossier: Dossier, *, importing: bool = False) -> bool:
    if _importing(user, dossier, importing):
        return True
    return _works_agency(user, dossier.agency, dossier.current_agency)


def needs_personal_data(user: User, dossier: Dossier) -> bool:
    """The applicant's ID number, phone, e-mail and address are for those who work the dossier
    (the desk calls the citizen, the processing officer checks the identity). Leaders, Home
    Affairs and focal points follow figures and deadlines: they see them masked."""
    return needs_personal_data_at(
        user, desk=dossier.desk, agency=dossier.agency, current=dossier.current_agency
    )


def needs_personal_data_at(
    user: User, *, desk: Agency | None, agency: Agency | None, current: Agency | None
) -> bool:
    """``needs_personal_data`` from the dossier's three agencies alone: the tracking book reads
    plain rows, not dossiers, and asks once per combination of agencies."""
    return _works_desk(user, desk) or _works_agency(user, agency, current)


def can_read(user: User, dossier: Dossier) -> bool:
    return any(
        _within(user, a) for a in (dossier.agency, dossier.desk, dossier.current_agency) if a
    )


# -- who may take each transition ------------------------------------------------------------
# One function per kind of right, named in the transition table (``services.TRANSITIONS``):
# the page offers a button and the API accepts an action only where the service would.
# Each returns None when allowed, else the Vietnamese refusal.

NO_RIGHT = "Bạn không có quyền thực hiện thao tác này trên hồ sơ."


def desk(user: User, dossier: Dossier, importing: bool = False) -> str | None:
    return None if is_desk_officer(user, dossier, importing=importing) else NO_RIGHT


def processing(user: User, dossier: Dossier, importing: bool = False) -> str | None:
    return None if is_processing_officer(user, dossier, importing=importing) else NO_RIGHT


def desk_or_processing(user: User, dossier: Dossier, importing: bool = False) -> str | None:
    if is_desk_officer(user, dossier, importing=importing):
        return None
    return processing(user, dossier, importing)


def receiving_desk(user: User, dossier: Dossier, importing: bool = False) -> str | None:
    """Completing a dossier that waited at the desk is a receipt at that desk."""
    return None if can_receive_at(user, dossier.desk, importing=importing) else NO_RIGHT


def _still_at_desk(dossier: Dossier) -> bool:
    from .models import Status

    return dossier.status == Status.DESK_SUPPLEMENT or (
        dossier.status == Status.RECEIVED and dossier.current_agency_id in (None, dossier.desk_id)
    )


def transfer(user: User, dossier: Dossier, importing: bool = False) -> str | None:
    """Processing officers hand on at any step; the desk only what it has just received."""
    if is_processing_officer(user, dossier, importing=importing):
        return None
    if is_desk_officer(user, dossier, importing=importing):
        if _still_at_desk(dossier):
            return None
        return "Cán bộ Một cửa chỉ chuyển hồ sơ vừa tiếp nhận sang cơ quan giải quyết."
    return NO_RIGHT


def refuse(user: User, dossier: Dossier, importing: bool = False) -> str | None:
    """Form 03: the desk refuses what has not left it; the resolving agency what it holds."""
    from .models import Status

    desk_officer = is_desk_officer(user, dossier, importing=importing)
    if desk_officer and _still_at_desk(dossier):
        return None
    if dossier.status != Status.DESK_SUPPLEMENT and is_processing_officer(
        user, dossier, importing=importing
    ):
        return None
    if desk_officer:
        return "Hồ sơ đã chuyển đi giải quyết: chỉ cơ quan giải quyết được từ chối."
    return NO_RIGHT
