"""Survey results: one computation serves the staff page, the public page, the reports, the
API and the indicators. Only aggregates leave this module; no answer is ever shown alone."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from cchc.accounts import scope
from cchc.organizations.models import Agency, AgencyGroup

from . import results as formulas
from .models import Answer, Element, Measure, Respondent, Survey, SurveyKind


def for_user(user: Any) -> QuerySet[Survey]:
    """Surveys of the user's province: a survey is province-wide (its published results are
    public), and focal points of any unit type in paper and phone answers."""
    qs = Survey.objects.select_related("province")
    root = scope.scope_root(user)
    if root is None:
        return qs
    return qs.filter(province_id=root.province.pk)


@dataclass
class UnitResult:
    agency: Any
    responses: int
    indices: dict[str, Decimal | None]
    sipas: Decimal | None
    suppressed: bool = False  # too few answers to show without revealing a respondent


@dataclass
class GroupResult:
    group: str
    label: str
    indices: dict[str, Decimal | None]
    sipas: Decimal | None
    responses: int
    suppressed: bool = False


@dataclass
class SurveyResults:
    survey: Survey
    elements: list[Element]
    responses: int
    indices: dict[str, Decimal | None]
    sipas: Decimal | None
    units: list[UnitResult] = field(default_factory=list)
    groups: list[GroupResult] = field(default_factory=list)
    reaching: int = 0
    measured: int = 0
    previous: SurveyResults | None = None
    sample_size: int | None = None
    population: int | None = None
    answered_in_sample: int = 0

    @property
    def units_label(self) -> str:
        return f"{self.reaching}/{self.measured}"

    @property
    def min_responses(self) -> int:
        return min_responses()

    @property
    def any_suppressed(self) -> bool:
        return any(u.suppressed for u in self.units) or any(g.suppressed for g in self.groups)


def min_responses() -> int:
    """Below this many answers a unit's or a group's indices are not shown anywhere (page,
    export, API, report): with two answers from a commune desk, its officers could tell who
    answered what, and the survey promised anonymity."""
    return settings.SURVEY_MIN_GROUP_RESPONSES


def _suppress(row: UnitResult | GroupResult) -> None:
    if row.responses < min_responses():
        row.suppressed = True
        row.indices = dict.fromkeys(row.indices)
        row.sipas = None


def _index_rows(survey: Survey, agency: Agency | None) -> list[Any]:
    qs = Answer.objects.filter(response__survey=survey, question__measure=Measure.SATISFACTION)
    if agency is not None:
        qs = qs.filter(response__agency__path__startswith=agency.path)
    return list(
        qs.values("response__agency", "question__element__code").annotate(
            total=Count("id"),
            satisfied=Count("id", filter=Q(value__in=formulas.SATISFIED_LEVELS)),
        )
    )


def results(
    survey: Survey, *, agency: Agency | None = None, with_previous: bool = True
) -> SurveyResults:
    """Element indices (share satisfied or very satisfied), SIPAS (their mean), per agency and
    per group, units at or above the survey's threshold, and the year before."""
    elements = list(survey.elements.all())
    rows = _index_rows(survey, agency)
    pooled: dict[str, list[int]] = {e.code: [0, 0] for e in elements}
    by_unit: dict[int, dict[str, list[int]]] = {}
    for r in rows:
        code = r["question__element__code"]
        pooled.setdefault(code, [0, 0])
        pooled[code][0] += r["satisfied"]
        pooled[code][1] += r["total"]
        unit = by_unit.setdefault(r["response__agency"], {})
        cell = unit.setdefault(code, [0, 0])
        cell[0] += r["satisfied"]
        cell[1] += r["total"]
    responses_qs = survey.responses.all()
    if agency is not None:
        responses_qs = responses_qs.filter(agency__path__startswith=agency.path)
    counts = dict(responses_qs.values("agency").annotate(n=Count("id")).values_list("agency", "n"))
    indices = {code: formulas.element_index(s, t) for code, (s, t) in pooled.items()}
    out = SurveyResults(
        survey=survey,
        elements=elements,
        responses=sum(counts.values()),
        indices=indices,
        sipas=formulas.sipas(indices.values()),
    )
    agencies = Agency.objects.in_bulk(list(by_unit))
    for agency_id, cells in by_unit.items():
        unit_idx = {code: formulas.element_index(s, t) for code, (s, t) in cells.items()}
        out.units.append(
            UnitResult(
                agency=agencies[agency_id],
                responses=counts.get(agency_id, 0),
                indices=unit_idx,
                sipas=formulas.sipas(unit_idx.values()),
            )
        )
    out.units.sort(key=lambda u: (-(u.sipas or Decimal(-1)), u.agency.name))
    out.reaching, out.measured = formulas.units_reaching(
        {u.agency.pk: u.sipas for u in out.units}, survey.unit_threshold
    )
    groups: dict[str, dict[str, list[int]]] = {}
    group_counts: dict[str, int] = {}
    for agency_id, cells in by_unit.items():
        g = agencies[agency_id].group or ""
        group_counts[g] = group_counts.get(g, 0) + counts.get(agency_id, 0)
        target = groups.setdefault(g, {})
        for code, (s, t) in cells.items():
            cell = target.setdefault(code, [0, 0])
            cell[0] += s
            cell[1] += t
    labels = dict(AgencyGroup.choices)
    for g, cells in sorted(groups.items()):
        g_idx = {code: formulas.element_index(s, t) for code, (s, t) in cells.items()}
        out.groups.append(
            GroupResult(
                group=g,
                label=str(labels.get(g, g)),
                indices=g_idx,
                sipas=formulas.sipas(g_idx.values()),
                responses=group_counts.get(g, 0),
            )
        )
    # Counted above (units reaching the threshold use every unit); hidden from here on.
    rows_shown: list[UnitResult | GroupResult] = [*out.units, *out.groups]
    for row in rows_shown:
        _suppress(row)
    sample = survey.samples.order_by("-drawn_at").first()
    if sample is not None:
        out.sample_size, out.population = sample.size, sample.population
        out.answered_in_sample = Respondent.objects.filter(
            sample=sample, answered_at__isnull=False
        ).count()
    if with_previous:
        prev = previous_survey(survey)
        if prev is not None:
            out.previous = results(prev, agency=agency, with_previous=False)
    return out


def previous_survey(survey: Survey) -> Survey | None:
    return (
        Survey.objects.filter(kind=survey.kind, year=survey.year - 1, province=survey.province)
        .order_by("-pk")
        .first()
    )


def sipas_survey_for(agency: Agency | None, year: int) -> Survey | None:
    """The SIPAS survey of a year for an agency's province (or any, for None)."""
    qs = Survey.objects.filter(kind=SurveyKind.SIPAS, year=year).select_related("province")
    if agency is not None:
        qs = qs.filter(province_id=agency.province.pk)
    return qs.order_by("-pk").first()


def latest_published(province: Agency | None = None) -> QuerySet[Survey]:
    qs = Survey.objects.filter(published=True)
    if province is not None:
        qs = qs.filter(province=province)
    return qs.order_by("-year", "code")
