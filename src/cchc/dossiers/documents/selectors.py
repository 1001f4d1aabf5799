"""Reads for the forms and the tracking book, scoped through cchc.accounts.scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from cchc.accounts import scope
from cchc.core import privacy
from cchc.core.errors import DomainError
from cchc.dossiers import rights
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
    # Whether the user works the dossier (and so sees the applicant's contact unmasked).
    "desk_id",
    "desk__path",
    "agency_id",
    "agency__path",
    "current_agency_id",
    "current_agency__path",
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


RECORD_BATCH = 500


def shown_to(
    user: User, rows: Iterable[dict[str, Any]], *, channel: str
) -> Iterator[dict[str, Any]]:
    """The book's rows as this user may see them: the rule of the dossier page
    (``rights.needs_personal_data``), so the book cannot show what the page masks. Rows shown
    whole are recorded (Decree 13) in batches as they stream; a masked row has its address
    left out and its phone masked, as on the page."""
    decided: dict[tuple[Any, Any, Any], bool] = {}
    seen: list[tuple[Any, str]] = []
    for row in rows:
        key = (row["desk_id"], row["agency_id"], row["current_agency_id"])
        whole = decided.get(key)
        if whole is None:
            whole = decided[key] = rights.needs_personal_data_at(
                user,
                desk=_agency(row["desk_id"], row["desk__path"]),
                agency=_agency(row["agency_id"], row["agency__path"]),
                current=_agency(row["current_agency_id"], row["current_agency__path"]),
            )
        if whole:
            seen.append((row["id"], row["code"]))
            if len(seen) >= RECORD_BATCH:
                privacy.record_accesses(user=user, model=Dossier, objects=seen, channel=channel)
                seen = []
            yield row
        else:
            yield {
                **row,
                "applicant_address": "",
                "applicant_phone": privacy.mask(row["applicant_phone"]),
            }
    if seen:
        privacy.record_accesses(user=user, model=Dossier, objects=seen, channel=channel)


def _agency(pk: int | None, path: str) -> Agency | None:
    """An agency as far as the scope rule reads it (its path), without a query per row."""
    return Agency(pk=pk, path=path) if pk is not None else None
