"""Reads, already scoped through ``cchc.accounts.scope``.

A user sees a dossier when its resolving agency, its receiving desk or the agency holding it
now is within their scope (a desk officer of the Centre follows what the Centre received for a
department; the department sees its own)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.cache import caches
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from cchc.accounts import scope
from cchc.accounts.models import Role
from cchc.calendars.selectors import get_work_calendar
from cchc.core.errors import DomainError, NotFound
from cchc.core.text import fold

from . import rights
from .models import FINISHED_STATUSES, OPEN_STATUSES, Dossier, Status

LIST_RELATED = ("procedure", "agency", "desk", "current_agency", "current_owner")
QUEUE_STATUSES = (*OPEN_STATUSES, Status.DESK_SUPPLEMENT, Status.RESULT_READY)


def visible(user) -> QuerySet[Dossier]:
    root = scope.scope_root(user)
    qs = Dossier.objects.all()
    if root is None:
        return qs
    return qs.filter(
        Q(agency__path__startswith=root.path)
        | Q(desk__path__startswith=root.path)
        | Q(current_agency__path__startswith=root.path)
    )


def get_for_user(user, code: str) -> Dossier:
    d = Dossier.objects.select_related(*LIST_RELATED).filter(code=code).first()
    if d is None:
        raise NotFound(f"Không tìm thấy hồ sơ mã {code}.")
    if not rights.can_read(user, d):
        from cchc.core.errors import Forbidden

        raise Forbidden("Hồ sơ không thuộc phạm vi của bạn.")
    return d


def get_for_action(user, code: str, version: int | None) -> Dossier:
    """The dossier an action form was sent for. When the user may no longer see it because
    someone acted first (it moved to another agency) and the form carried the version the user
    had read, the answer is the race's 409, not a 403: they were allowed, they were late. The
    403/404 distinction already tells that the code exists, so nothing more is revealed."""
    from cchc.core.errors import Conflict, Forbidden

    try:
        return get_for_user(user, code)
    except Forbidden:
        moved = (
            version is not None and Dossier.objects.filter(code=code, version__gt=version).exists()
        )
        if moved:
            raise Conflict(
                "Hồ sơ đã được người khác xử lý trước và không còn ở chỗ bạn; "
                "vui lòng tải lại danh sách.",
                code="stale",
            )
        raise


def today() -> dt.date:
    return timezone.localdate()


def soon_limit(day: dt.date | None = None) -> dt.date:
    """Due on or before this date and not yet late = "sắp đến hạn" (within 1 working day)."""
    return get_work_calendar().add_workdays(day or today(), 1)


def with_urgency(qs: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """Annotate ``urgency``: 0 late, 1 due within a working day, 2 later, 3 no appointment (or
    clock stopped). Sorting by it then by due date is the queue order."""
    day = today()
    return qs.annotate(
        urgency=Case(
            When(status=Status.SUPPLEMENT, then=Value(3)),
            When(due_date__isnull=True, then=Value(3)),
            When(status__in=FINISHED_STATUSES, then=Value(2)),
            When(due_date__lt=day, then=Value(0)),
            When(due_date__lte=soon_limit(day), then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    )


def my_queue(user) -> QuerySet[Dossier]:
    """What waits for the user: assigned to them, or unassigned at their agency (subtree);
    late first, then the soonest due."""
    qs = visible(user).filter(status__in=QUEUE_STATUSES)
    if user.agency_id:
        mine = Q(current_owner=user) | Q(
            current_owner__isnull=True, current_agency__path__startswith=user.agency.path
        )
        if user.role == Role.PROCESSING:
            qs = qs.exclude(status=Status.DESK_SUPPLEMENT)
        qs = qs.filter(mine)
    else:
        qs = qs.filter(current_owner=user)
    return (
        with_urgency(qs)
        .select_related(*LIST_RELATED)
        .order_by("urgency", "due_date", "received_at")
    )


def agency_open(user) -> QuerySet[Dossier]:
    return (
        with_urgency(visible(user).filter(status__in=OPEN_STATUSES))
        .select_related(*LIST_RELATED)
        .order_by("urgency", "due_date", "received_at")
    )


def agency_late(user) -> QuerySet[Dossier]:
    """Open dossiers past their appointment (the clock stopped during a supplement wait)."""
    return agency_open(user).filter(
        status__in=[Status.RECEIVED, Status.IN_PROGRESS], due_date__lt=today()
    )


def repeated_supplements(user) -> QuerySet[Dossier]:
    """Seed 000: supplement requests of two or more times must be visible."""
    return (
        visible(user)
        .filter(supplement_count__gte=2)
        .select_related(*LIST_RELATED)
        .order_by("-received_at")
    )


@dataclass
class Filters:
    q: str = ""
    status: str = ""
    channel: str = ""
    agency: Any = None
    procedure: str = ""
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    late: bool = False
    repeated: bool = False


def search(user, f: Filters) -> QuerySet[Dossier]:
    qs = visible(user)
    for term in fold(f.q).split():
        qs = qs.filter(search_text__contains=term)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.agency is not None:
        qs = qs.filter(agency__path__startswith=f.agency.path)
    if f.procedure:
        qs = qs.filter(procedure__code=f.procedure)
    if f.received_from:
        qs = qs.filter(received_date__gte=f.received_from)
    if f.received_to:
        qs = qs.filter(received_date__lte=f.received_to)
    if f.late:
        qs = qs.filter(
            Q(timeliness="late")
            | Q(status__in=[Status.RECEIVED, Status.IN_PROGRESS], due_date__lt=today())
        )
    if f.repeated:
        qs = qs.filter(supplement_count__gte=2)
    return qs.select_related(*LIST_RELATED).order_by("-received_at", "-id")


def timeline(d: Dossier):
    return d.events.select_related("actor", "from_agency", "to_agency", "to_user").order_by(
        "at", "id"
    )


# -- public lookup ----------------------------------------------------------------------------

LOOKUP_LIMIT = 20  # lookups per address per window
LOOKUP_WINDOW = 10 * 60
NOT_FOUND = "Không tìm thấy hồ sơ với mã và số điện thoại đã nhập."


class RateLimited(DomainError):
    status = 429

    def __init__(self) -> None:
        super().__init__(
            "Bạn tra cứu quá nhiều lần; vui lòng thử lại sau ít phút.", code="throttled"
        )


def lookup_allowed(ip: str) -> bool:
    """Count lookups per client address in the cache; false once over the limit."""
    limits = caches["limits"]  # shared by every worker (database or Redis)
    key = f"dossier-lookup:{ip}"
    limits.add(key, 0, LOOKUP_WINDOW)
    try:
        count = limits.incr(key)
    except ValueError:
        limits.set(key, 1, LOOKUP_WINDOW)
        count = 1
    return count <= LOOKUP_LIMIT


def public_lookup(code: str, phone: str) -> dict[str, Any] | None:
    """The public view of a dossier: status and timeline without personal data. None for an
    unknown code and for a wrong phone alike, so the answer reveals nothing."""
    code = (code or "").strip()
    last4 = "".join(ch for ch in (phone or "") if ch.isdigit())[-4:]
    if not code or len(last4) != 4:
        return None
    d = (
        Dossier.objects.select_related("procedure", "agency", "desk")
        .filter(code=code, phone_last4=last4)
        .first()
    )
    if d is None:
        return None
    from .models import ACTION_LABELS

    return {
        "code": d.code,
        "procedure": d.procedure.name,
        "procedure_code": d.procedure.code,
        "agency": d.agency.name,
        "desk": d.desk.name,
        "status": d.status,
        "status_label": str(d.get_status_display()),
        "received_date": d.received_date,
        "due_date": d.due_date,
        "apology_due_date": d.apology_due_date,
        "finished_date": d.finished_date,
        "returned_at": d.returned_at,
        "timeline": [
            {"at": e.at, "action": e.action, "label": ACTION_LABELS.get(e.action, e.action)}
            for e in d.events.order_by("at", "id").only("at", "action")
            if e.action != "recompute"
        ],
    }
