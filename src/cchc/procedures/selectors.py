"""Reads of the catalogue. Published procedures are public information (Decree 63/2010 Art. 15:
procedures are disclosed to citizens); drafts are seen only by province administrators."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from cchc.accounts import scope
from cchc.core.text import fold

from .models import (
    ChangeKind,
    Level,
    OnlineLevel,
    Procedure,
    ProcedureField,
    ProcedureStatus,
    PublicationDecision,
    PublicationItem,
)


def can_manage(user) -> bool:
    return bool(user and user.is_authenticated and scope.can_administer(user))


def catalogue(user=None, *, include_abolished: bool = False) -> QuerySet[Procedure]:
    """Current versions a user may see."""
    qs = Procedure.objects.filter(is_current=True)
    statuses = [ProcedureStatus.ACTIVE]
    if include_abolished:
        statuses.append(ProcedureStatus.ABOLISHED)
    if user is not None and can_manage(user):
        statuses.append(ProcedureStatus.DRAFT)
    return qs.filter(status__in=statuses).select_related("field", "resolving_agency")


def search(
    qs: QuerySet[Procedure],
    *,
    q: str = "",
    field: str = "",
    level: str = "",
    agency: str | int | None = None,
) -> QuerySet[Procedure]:
    """Every folded term must appear (code, name, field, agency): "dang ky khai sinh" finds
    "Đăng ký khai sinh"."""
    for term in fold(q).split():
        qs = qs.filter(search_text__contains=term)
    if field:
        qs = qs.filter(field__code=field)
    if level:
        if level not in Level.values:
            return qs.none()
        # the list is stored as JSON text: match the quoted value on SQLite and PostgreSQL
        qs = qs.filter(levels__icontains=f'"{level}"')
    if agency:
        try:
            agency_id = int(agency)
        except ValueError:  # a hand-edited address: no agency has that id
            return qs.none()
        qs = qs.filter(resolving_agency_id=agency_id)
    return qs.order_by("field__name", "code")


def procedure_for(user, code: str, version: int | None = None) -> Procedure | None:
    """One version (the current one by default) the user may see."""
    qs = Procedure.objects.filter(code=code).select_related("field", "resolving_agency")
    qs = qs.prefetch_related("documents", "steps__owner_agency")
    p = qs.filter(version=version).first() if version else qs.filter(is_current=True).first()
    if p is None:
        return None
    if p.status == ProcedureStatus.DRAFT and not can_manage(user):
        return None
    return p


def versions_of(code: str) -> QuerySet[Procedure]:
    return (
        Procedure.objects.filter(code=code)
        .exclude(status=ProcedureStatus.DRAFT)
        .order_by("-version")
        .prefetch_related(
            Prefetch(
                "publications",
                queryset=PublicationItem.objects.select_related("decision"),
            )
        )
    )


def decisions() -> QuerySet[PublicationDecision]:
    return PublicationDecision.objects.prefetch_related(
        Prefetch("items", queryset=PublicationItem.objects.select_related("procedure"))
    ).order_by("-date", "-id")


def fields_in_use() -> QuerySet[ProcedureField]:
    return ProcedureField.objects.filter(procedures__is_current=True).distinct().order_by("name")


@dataclass
class StatRow:
    key: str
    label: str
    in_force: int = 0
    new: int = 0
    amended: int = 0
    replaced: int = 0
    abolished: int = 0
    online_full: int = 0
    online_partial: int = 0


@dataclass
class CatalogueStats:
    date_from: dt.date
    date_to: dt.date
    decisions: int
    total: StatRow
    by_level: list[StatRow] = field(default_factory=list)
    by_field: list[StatRow] = field(default_factory=list)


def _in_force_on(day: dt.date) -> QuerySet[Procedure]:
    return (
        Procedure.objects.exclude(status=ProcedureStatus.DRAFT)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    )


def catalogue_stats(date_from: dt.date, date_to: dt.date) -> CatalogueStats:
    """Seed 003's counts: procedures in force at the end of the period by level and field, and
    the period's decisions with their new, amended, replaced and abolished procedures. A
    procedure with several levels counts once in each level and once in the total."""
    level_labels = dict(Level.choices)
    by_level: dict[str, StatRow] = {}
    by_field: dict[str, StatRow] = {}
    total = StatRow("", "Tổng số")

    def rows(levels: list[str], field_id: int, field_name: str) -> list[StatRow]:
        out = [total]
        for lv in levels or ["?"]:
            out.append(by_level.setdefault(lv, StatRow(lv, str(level_labels.get(lv, lv)))))
        out.append(by_field.setdefault(str(field_id), StatRow(str(field_id), field_name)))
        return out

    for p in _in_force_on(date_to).values("levels", "field_id", "field__name", "online_level"):
        for r in rows(p["levels"], p["field_id"], p["field__name"]):
            r.in_force += 1
            r.online_full += p["online_level"] == OnlineLevel.FULL
            r.online_partial += p["online_level"] == OnlineLevel.PARTIAL
    items = PublicationItem.objects.filter(
        decision__date__gte=date_from, decision__date__lte=date_to
    ).values("change", "procedure__levels", "procedure__field_id", "procedure__field__name")
    seen: Counter[str] = Counter()
    for it in items:
        for r in rows(
            it["procedure__levels"], it["procedure__field_id"], it["procedure__field__name"]
        ):
            attr = {
                ChangeKind.NEW: "new",
                ChangeKind.AMENDED: "amended",
                ChangeKind.REPLACED: "replaced",
                ChangeKind.ABOLISHED: "abolished",
            }[ChangeKind(it["change"])]
            setattr(r, attr, getattr(r, attr) + 1)
        seen[it["change"]] += 1
    n_decisions = PublicationDecision.objects.filter(date__gte=date_from, date__lte=date_to).count()
    order = {lv: i for i, lv in enumerate(Level.values)}
    return CatalogueStats(
        date_from,
        date_to,
        n_decisions,
        total,
        sorted(by_level.values(), key=lambda r: order.get(r.key, 99)),
        sorted(by_field.values(), key=lambda r: (-r.in_force, r.label)),
    )
