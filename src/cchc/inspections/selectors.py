"""Reads of the inspections app, scoped through ``cchc.accounts.scope``. Coverage and the
indicator figures are computed here, once each: the plan page, the API, the CLI and the
registry all call the same functions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone

from cchc.accounts import scope
from cchc.core.errors import Forbidden, NotFound
from cchc.organizations.models import Agency, AgencyGroup

from .models import (
    Finding,
    Inspection,
    InspectionKind,
    InspectionPlan,
    InspectionStatus,
    QualitySystem,
    Remedy,
    RemedyStatus,
)

# Which agencies each coverage target counts. "Communes" is the local tier: communes since the
# two-tier reform of 1/7/2025, and districts in a province's earlier years (seed 003).
GROUPS: dict[str, tuple[str, ...]] = {
    "departments": (AgencyGroup.DEPARTMENTS,),
    "communes": (AgencyGroup.COMMUNES, AgencyGroup.DISTRICTS),
}
# Inspections that count as the unit being inspected (an ISO check is about a system).
COUNTED_KINDS = (InspectionKind.REFORM, InspectionKind.REINSPECTION)


def _province_of(user: Any) -> Agency | None:
    root = scope.scope_root(user)
    return root.province if root is not None else None


def plans_for(user: Any) -> QuerySet[InspectionPlan]:
    """A plan is published to the province: everyone in it may read the schedule."""
    qs = InspectionPlan.objects.select_related("agency")
    province = _province_of(user)
    return qs if province is None else qs.filter(agency__path__startswith=province.path)


def get_plan_for(user: Any, pk: int) -> InspectionPlan:
    plan = plans_for(user).filter(pk=pk).first()
    if plan is None:
        raise NotFound("Không tìm thấy kế hoạch kiểm tra.")
    return plan


def inspections_for(user: Any) -> QuerySet[Inspection]:
    """Findings are the inspected unit's and Home Affairs' business."""
    return scope.scoped(Inspection.objects.select_related("agency", "plan__agency", "lead"), user)


def get_inspection_for(user: Any, pk: int) -> Inspection:
    inspection = (
        Inspection.objects.select_related("agency", "plan__agency", "lead", "previous")
        .filter(pk=pk)
        .first()
    )
    if inspection is None:
        raise NotFound("Không tìm thấy cuộc kiểm tra.")
    team = inspection.lead_id == user.pk or inspection.members.filter(pk=user.pk).exists()
    if not (team or scope.can_see_agency(user, inspection.agency)):
        raise Forbidden("Cuộc kiểm tra này không thuộc phạm vi của bạn.")
    return inspection


# -- coverage ---------------------------------------------------------------------------------


def _units(province: Agency, groups: tuple[str, ...], year: int) -> QuerySet[Agency]:
    return Agency.objects.filter(path__startswith=province.path, group__in=groups).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=dt.date(year, 12, 31)),
        Q(valid_to__isnull=True) | Q(valid_to__gte=dt.date(year, 1, 1)),
    )


@dataclass
class GroupCoverage:
    total: int
    planned: int

    @property
    def share(self) -> float:
        return round(self.planned / self.total, 4) if self.total else 0.0

    @property
    def share_pct(self) -> float:
        return self.share * 100

    def as_dict(self) -> dict[str, Any]:
        return {"total": self.total, "planned": self.planned, "share": self.share}


@dataclass
class Coverage:
    departments: GroupCoverage
    communes: GroupCoverage
    target: float

    @property
    def target_pct(self) -> float:
        return self.target * 100

    @property
    def ok(self) -> bool:
        return all(
            g.total == 0 or g.share >= self.target for g in (self.departments, self.communes)
        )

    def as_dict(self) -> dict[str, Any]:
        """The shape ``cchc inspections coverage --json`` prints (issue 13)."""
        return {
            "departments": self.departments.as_dict(),
            "communes": self.communes.as_dict(),
            "target": self.target,
            "ok": self.ok,
        }


def coverage(plan: InspectionPlan) -> Coverage:
    province = plan.agency.province
    inspected = set(
        plan.inspections.filter(kind__in=COUNTED_KINDS).values_list("agency_id", flat=True)
    )
    groups = {}
    for key, codes in GROUPS.items():
        ids = set(_units(province, codes, plan.year).values_list("id", flat=True))
        groups[key] = GroupCoverage(total=len(ids), planned=len(ids & inspected))
    return Coverage(
        departments=groups["departments"],
        communes=groups["communes"],
        target=float(plan.target_share),
    )


def coverage_for_year(year: int, province: Agency | None = None) -> Coverage:
    """The CLI's figure: the year's plan of the province (Home Affairs' plan); no plan yet is a
    plan with nothing scheduled, measured against the default target."""
    plans = InspectionPlan.objects.filter(year=year).select_related("agency")
    if province is not None:
        plans = plans.filter(agency__path__startswith=province.path)
    plan = plans.order_by("agency__depth", "pk").first()
    if plan is not None:
        return coverage(plan)
    root = province or Agency.objects.filter(parent__isnull=True).order_by("pk").first()
    target = float(InspectionPlan._meta.get_field("target_share").default)
    if root is None:
        return Coverage(GroupCoverage(0, 0), GroupCoverage(0, 0), target)
    groups = {k: _units(root, codes, year).count() for k, codes in GROUPS.items()}
    return Coverage(
        GroupCoverage(groups["departments"], 0), GroupCoverage(groups["communes"], 0), target
    )


@dataclass
class Suggestion:
    agency: Agency
    group: str
    last_inspected: dt.date | None


def suggestions(plan: InspectionPlan, limit: int = 20) -> list[Suggestion]:
    """Units not yet in the plan, those not inspected for the longest first (never first)."""
    province = plan.agency.province
    scheduled = plan.inspections.filter(kind__in=COUNTED_KINDS).values("agency_id")
    codes = tuple(c for group in GROUPS.values() for c in group)
    units = list(_units(province, codes, plan.year).exclude(pk__in=scheduled))
    last = dict(
        Inspection.objects.filter(kind__in=COUNTED_KINDS, agency__in=units)
        .values("agency_id")
        .annotate(last=Max("date_to"))
        .values_list("agency_id", "last")
    )
    rows = [
        Suggestion(
            a, "departments" if a.group in GROUPS["departments"] else "communes", last.get(a.pk)
        )
        for a in units
    ]
    rows.sort(
        key=lambda s: (s.last_inspected is not None, s.last_inspected or dt.date.min, s.agency.path)
    )
    return rows[:limit]


# -- remedies ---------------------------------------------------------------------------------


def remedies_for(user: Any, *, overdue: bool = False) -> QuerySet[Remedy]:
    """The unit's queue (remedies it owns) or, for Home Affairs, the province's."""
    qs = scope.scoped(
        Remedy.objects.select_related("owner", "finding__inspection__agency"), user, "owner"
    )
    if overdue:
        qs = qs.filter(status=RemedyStatus.OPEN, due_date__lt=timezone.localdate())
    return qs.order_by("status", "due_date", "id")


def get_remedy_for(user: Any, pk: int) -> Remedy:
    remedy = remedies_for(user).filter(pk=pk).first()
    if remedy is None:
        raise NotFound("Không tìm thấy biện pháp khắc phục.")
    return remedy


def quality_systems_for(user: Any) -> QuerySet[QualitySystem]:
    return scope.scoped(QualitySystem.objects.select_related("agency"), user)


def last_iso_checks(systems: list[QualitySystem]) -> dict[int, dt.date]:
    return dict(
        Inspection.objects.filter(
            kind=InspectionKind.ISO,
            agency_id__in=[s.agency_id for s in systems],
            status=InspectionStatus.CONCLUDED,
        )
        .values("agency_id")
        .annotate(last=Max("concluded_on"))
        .values_list("agency_id", "last")
    )


# -- figures ----------------------------------------------------------------------------------


def _in(qs: QuerySet, agency: Any, field: str) -> QuerySet:
    return qs if agency is None else qs.filter(**{f"{field}__path__startswith": agency.path})


def units_inspected(agency: Any, date_from: dt.date, date_to: dt.date) -> Decimal | None:
    """Seed 003: "kiểm tra 10 sở, ngành và UBND cấp huyện": distinct units inspected."""
    qs = Inspection.objects.filter(kind__in=COUNTED_KINDS, date_from__range=(date_from, date_to))
    return Decimal(_in(qs, agency, "agency").values("agency_id").distinct().count())


def units_concluded(agency: Any, date_from: dt.date, date_to: dt.date) -> Decimal | None:
    """Of those, the units whose inspection has its conclusion (the work actually done)."""
    qs = Inspection.objects.filter(
        kind__in=COUNTED_KINDS,
        date_from__range=(date_from, date_to),
        status=InspectionStatus.CONCLUDED,
    )
    return Decimal(_in(qs, agency, "agency").values("agency_id").distinct().count())


def findings_count(area: str | None = None):
    def compute(agency: Any, date_from: dt.date, date_to: dt.date) -> Decimal | None:
        qs = Finding.objects.filter(
            inspection__date_from__range=(date_from, date_to), follows__isnull=True
        )
        if area:
            qs = qs.filter(area=area)
        return Decimal(_in(qs, agency, "inspection__agency").count())

    compute.__name__ = f"findings_{area or 'all'}"
    return compute


def findings_by_area(agency: Any, date_from: dt.date, date_to: dt.date) -> dict[str, int]:
    qs = Finding.objects.filter(
        inspection__date_from__range=(date_from, date_to), follows__isnull=True
    )
    rows = _in(qs, agency, "inspection__agency").values("area").annotate(n=Count("id"))
    return {r["area"]: r["n"] for r in rows}


def remedies_on_time_rate(agency: Any, date_from: dt.date, date_to: dt.date) -> Decimal | None:
    """Of the remedies due in the period, the share done by their date."""
    qs = _in(Remedy.objects.filter(due_date__range=(date_from, date_to)), agency, "owner")
    total = qs.count()
    if not total:
        return None
    done = qs.filter(status=RemedyStatus.DONE).filter(done_on__lte=F("due_date")).count()
    return (Decimal(done * 100) / Decimal(total)).quantize(Decimal("0.01"))
