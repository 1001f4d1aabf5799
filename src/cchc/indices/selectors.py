"""Reads of the PAR index, scoped to the user (``cchc.accounts.scope``).

Home Affairs sees every unit of its province; a unit's focal point and leaders see their own
unit; council members see the units of the cycles they appraise. Published results are public
(``published_results`` takes no user).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from cchc.accounts import scope
from cchc.core.errors import Forbidden, NotFound
from cchc.organizations.models import Agency, AgencyGroup

from . import scoring
from .models import CriteriaSet, Cycle, CycleStatus, CycleUnit, Score

if TYPE_CHECKING:
    from cchc.accounts.models import User


def criteria_sets(user: User) -> QuerySet[CriteriaSet]:
    root = scope.scope_root(user)
    qs = CriteriaSet.objects.all()
    if root is not None:
        qs = qs.filter(province__path__startswith=root.province.path)
    return qs


def cycles(user: User) -> QuerySet[Cycle]:
    root = scope.scope_root(user)
    qs = Cycle.objects.select_related("criteria_set")
    if root is None:
        return qs
    return qs.filter(criteria_set__province__path__startswith=root.province.path)


def units(user: User) -> QuerySet[CycleUnit]:
    qs = CycleUnit.objects.select_related("agency", "cycle")
    root = scope.scope_root(user)
    if root is None:
        return qs
    return qs.filter(Q(agency__path__startswith=root.path) | Q(cycle__council=user)).distinct()


def unit_for(user: User, pk: int) -> CycleUnit:
    """The access helper of unit pages: the unit, or PermissionDenied/404."""
    u = units(user).filter(pk=pk).first()
    if u is None:
        if CycleUnit.objects.filter(pk=pk).exists():
            raise Forbidden("Bạn không có quyền xem kết quả chấm điểm của đơn vị này.")
        raise NotFound()
    return u


def score_for(user: User, pk: int) -> Score:
    s = Score.objects.select_related("unit__agency", "criterion").filter(pk=pk).first()
    if s is None:
        raise NotFound()
    unit_for(user, s.unit_id)
    return s


@dataclass
class Row:
    node: scoring.Node
    depth: int
    leaf: bool
    total: scoring.Total | None
    score: Score | None


def unit_rows(unit: CycleUnit) -> tuple[list[Row], scoring.Total]:
    """The criteria tree of one unit, with its totals and the score of each leaf."""
    from .services import unit_totals

    cs = unit.cycle.criteria_set
    criteria = list(cs.criteria.all())
    tree = scoring.Tree.of(c.node() for c in criteria)
    depth = {c.pk: c.depth for c in criteria}
    scores = {s.criterion_id: s for s in unit.scores.select_related("criterion")}
    totals = unit_totals(unit, tree)
    rows = [
        Row(tree.nodes[n], depth[n], tree.is_leaf(n), totals.get(n), scores.get(n))
        for n in tree.walk()
        if tree.applies(n, unit.group)
    ]
    return rows, totals[None]


def last_year_unit(unit: CycleUnit) -> CycleUnit | None:
    return (
        CycleUnit.objects.filter(
            agency=unit.agency,
            cycle__year=unit.cycle.year - 1,
            cycle__status=CycleStatus.PUBLISHED,
        )
        .select_related("cycle")
        .first()
    )


def losses(unit: CycleUnit) -> list[scoring.Loss]:
    """Where the unit lost points, per criterion (depth 1), against last year's cycle."""

    def by_number(u: CycleUnit) -> dict[str, tuple[str, Decimal, Decimal]]:
        rows, _ = unit_rows(u)
        nodes = {r.node.id: r.node for r in rows}

        def code(node: scoring.Node) -> str:
            # "I.1" rather than "1.": criteria are numbered again inside each area.
            parts = [node.number.rstrip(".")]
            while node.parent is not None and node.parent in nodes:
                node = nodes[node.parent]
                parts.insert(0, node.number.rstrip("."))
            return ".".join(parts)

        return {
            code(r.node): (r.node.title, r.total.points, r.total.maximum)
            for r in rows
            if r.depth == 1 and r.total is not None and r.total.maximum > 0
        }

    prev = last_year_unit(unit)
    return scoring.losses(by_number(unit), by_number(prev) if prev else {})


def published_results(cycle_id: int) -> tuple[Cycle, list[CycleUnit]]:
    c = Cycle.objects.filter(pk=cycle_id, status=CycleStatus.PUBLISHED).first()
    if c is None:
        raise NotFound("Kết quả chưa được công bố.")
    rows = list(c.units.select_related("agency").order_by("group", "rank", "agency__name"))
    rows.sort(key=lambda u: (u.group, u.rank is None, u.rank or 0, u.agency.name))
    return c, rows


def published_units(year: int | None = None, agency: Agency | None = None) -> list[CycleUnit]:
    """The units of the published cycles (of one year, or every year), with their index, rank
    and band as published: what a province sends for the national comparison, and what its
    own summary is taken from. Nothing of a cycle still being scored leaves the province."""
    qs = CycleUnit.objects.filter(cycle__status=CycleStatus.PUBLISHED)
    if year is not None:
        qs = qs.filter(cycle__year=year)
    if agency is not None:
        qs = qs.filter(agency__path__startswith=agency.path)
    return list(qs.select_related("cycle", "agency").order_by("cycle__year", "group", "pk"))


def par_summary(year: int, agency: Agency | None = None) -> scoring.ParSummary:
    """The published PAR results of a year in one line (units, mean index, highest, lowest)."""
    return scoring.par_summary((u.index, u.rank is not None) for u in published_units(year, agency))


def group_label(code: str) -> str:
    try:
        return str(AgencyGroup(code).label)
    except ValueError:
        return code


def par_band_table(period: Any) -> dict[str, Any] | None:
    """Seed 003's table for the province report: the latest cycle published up to the
    report's year, counts of ranked units per band and group. None when nothing is
    published (the report then says "chưa có số liệu")."""
    province = period.kind.province
    c = (
        Cycle.objects.filter(
            status=CycleStatus.PUBLISHED,
            criteria_set__province=province,
            year__lte=period.year,
        )
        .order_by("-year", "-id")
        .first()
    )
    if c is None:
        return None
    units = list(c.units.select_related("agency"))
    order = [g.value for g in AgencyGroup]
    groups = sorted(
        {u.group for u in units},
        key=lambda g: (g not in order, order.index(g) if g in order else 0, g),
    )
    bands = c.band_list()
    ranked = [scoring.Ranked(u.pk, u.group, u.index, u.rank, u.band) for u in units]
    counts = scoring.band_table(ranked, bands, groups)
    rows = []
    for i, b in enumerate(bands):
        upper = bands[i - 1] if i > 0 else None
        rows.append([i + 1, scoring.band_label(b, upper), b.name, *[n or "" for n in counts[i]]])
    totals = [sum(col) for col in zip(*counts, strict=True)] if counts else []
    rows.append(["TỔNG CỘNG", "", "", *totals])
    unranked = [u for u in units if u.rank is None]
    note = ""
    if unranked:
        names = "; ".join(u.agency.name for u in sorted(unranked, key=lambda u: u.agency.name))
        note = (
            f"Không xếp hạng Chỉ số CCHC năm {c.year} đối với {len(unranked):02d} cơ quan có "
            f"nhiều tiêu chí không áp dụng ({names}); kết quả chỉ phục vụ theo dõi, đánh giá."
        )
    return {
        "title": f"Xếp hạng Chỉ số CCHC năm {c.year}",
        "header": [
            "STT",
            f"Xếp hạng Chỉ số CCHC năm {c.year}",
            "",
            *[group_label(g) for g in groups],
            "Tổng cộng",
        ],
        "rows": rows,
        "note": note,
        "year": c.year,
    }
