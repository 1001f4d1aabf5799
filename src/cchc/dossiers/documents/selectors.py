"""Reads for the forms and the tracking book, scoped through cchc.accounts.scope."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from cchc.accounts import scope
from cchc.core.errors import DomainError
from cchc.dossiers.models import Dossier, DossierEvent
from cchc.organizations.models import Agency

if TYPE_CHECKING:
    from cchc.accounts.models import User


def can_see_dossier(user: User, dossier: Dossier) -> bool:
    """The receiving desk and the resolving agency (and their parents) both handle the
    dossier; anyone who sees either may print its forms."""
    return scope.can_see_agency(user, dossier.desk) or scope.can_see_agency(user, dossier.agency)


def dossier_for_forms(user: User, code: str) -> Dossier:
    dossier = (
        Dossier.objects.select_related(
            "procedure",
            "desk",
            "desk__parent",
            "agency",
            "agency__parent",
            "received_by",
        )
        .filter(code=code)
        .first()
    )
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ.")
    scope.require(can_see_dossier(user, dossier), "Bạn không có quyền xem hồ sơ này.")
    return dossier


def visible_desks(user: User) -> QuerySet[Agency]:
    """Agencies the book may be filtered by: the user's whole subtree."""
    return scope.scoped(Agency.objects.all(), user, field="").only("id", "name", "path", "depth")


BOOK_FIELDS = (
    "id",
    "code",
    "sets",
    "applicant_name",
    "applicant_address",
    "applicant_phone",
    "received_at",
    "due_at",
    "due_date",
    "finished_date",
    "returned_at",
    "apologized_at",
    "apology_due_date",
    "supplement_count",
    "status",
    "timeliness",
    "book_line",
    "procedure__name",
    "agency__name",
)


def tracking_book(
    user: User, *, start: dt.date, end: dt.date, desk: Agency | None = None
) -> QuerySet[Any]:
    """Form 07 rows: dossiers received in [start, end] at a desk (or for an agency) the user
    sees, in the order they were received. One query: the first hand-off to the resolving
    agency comes from a subquery, not from one query per row."""
    if end < start:
        raise DomainError("Ngày kết thúc không được trước ngày bắt đầu.")
    qs = Dossier.objects.filter(received_date__gte=start, received_date__lte=end)
    root = scope.scope_root(user)  # once: each call looks the province up again
    if root is not None:
        qs = qs.filter(Q(desk__path__startswith=root.path) | Q(agency__path__startswith=root.path))
    if desk is not None:
        qs = qs.filter(desk__path__startswith=desk.path)
    first_transfer = DossierEvent.objects.filter(
        dossier=OuterRef("pk"), action="transfer"
    ).order_by("at", "id")
    # Plain values, not model instances: a year of a busy centre is hundreds of thousands of
    # rows and building three objects per row (dossier, procedure, agency) dominated the export.
    return (
        qs.annotate(
            transferred_at=Subquery(first_transfer.values("at")[:1]),
            transferred_to=Subquery(first_transfer.values("to_agency__name")[:1]),
        )
        .order_by("received_at", "id")
        .values(*BOOK_FIELDS, "transferred_at", "transferred_to")
    )
