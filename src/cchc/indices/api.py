"""REST API of the indices, mounted at /api/v1/indices. Same selectors and services as the
pages: cycles and their results, a unit's scores, self-scoring a leaf, the 766 index."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Router, Schema

from cchc.accounts import scope
from cchc.core.errors import DomainError, Forbidden
from cchc.organizations.models import Agency

from . import selectors, service, service_index, services

router = Router(tags=["indices"])


class CycleOut(Schema):
    id: int
    year: int
    status: str
    criteria_set: str
    published_at: dt.datetime | None

    @staticmethod
    def resolve_criteria_set(obj) -> str:
        return obj.criteria_set.title


class UnitOut(Schema):
    id: int
    agency: str
    agency_code: str
    group: str
    ranked: bool
    status: str
    points: Decimal | None
    maximum: Decimal | None
    index: Decimal | None
    rank: int | None
    band: str

    @staticmethod
    def resolve_agency(obj) -> str:
        return obj.agency.name

    @staticmethod
    def resolve_agency_code(obj) -> str:
        return obj.agency.code


class ScoreOut(Schema):
    id: int
    number: str
    title: str
    maximum: Decimal
    method: str
    self_points: Decimal | None
    appraised_points: Decimal | None
    final_points: Decimal | None
    appraisal_comment: str
    answer: str


class SelfScoreIn(Schema):
    points: Decimal
    evidence_number: str = ""
    evidence_date: dt.date | None = None
    evidence_issuer: str = ""
    evidence_location: str = ""
    explanation: str = ""


@router.get("/cycles", response=list[CycleOut])
def cycles(request):
    return list(selectors.cycles(request.user))


@router.get("/cycles/{cycle_id}/units", response=list[UnitOut])
def cycle_units(request, cycle_id: int):
    return list(selectors.units(request.user).filter(cycle_id=cycle_id).order_by("group", "rank"))


def _scores(unit) -> list[dict[str, Any]]:
    return [
        {
            "id": s.pk,
            "number": s.criterion.number,
            "title": s.criterion.title,
            "maximum": s.criterion.max_points,
            "method": s.criterion.method,
            "self_points": s.self_points,
            "appraised_points": s.appraised_points,
            "final_points": s.final_points,
            "appraisal_comment": s.appraisal_comment,
            "answer": s.answer,
        }
        for s in unit.scores.select_related("criterion").order_by("criterion__order")
    ]


@router.get("/units/{unit_id}/scores", response=list[ScoreOut])
def unit_scores(request, unit_id: int):
    return _scores(selectors.unit_for(request.user, unit_id))


@router.post("/scores/{score_id}/self", response=ScoreOut)
def score_self(request, score_id: int, payload: SelfScoreIn):
    s = selectors.score_for(request.user, score_id)
    services.score_self(
        actor=request.user,
        unit=s.unit,
        criterion=s.criterion,
        points=payload.points,
        evidence_number=payload.evidence_number,
        evidence_date=payload.evidence_date,
        evidence_issuer=payload.evidence_issuer,
        evidence_location=payload.evidence_location,
        explanation=payload.explanation,
    )
    return next(x for x in _scores(s.unit) if x["id"] == s.pk)


@router.get("/service")
def service_index_api(request, date_from: dt.date, date_to: dt.date, agency: str | None = None):
    """The 766 index with the counts behind each measure (``cchc indices service --json``)."""
    if date_to < date_from:
        raise DomainError("Ngày kết thúc phải sau ngày bắt đầu.")
    root = scope.scope_root(request.user)
    target = root
    if agency:
        target = Agency.objects.filter(code=agency).first()
        if target is None or not scope.can_see_agency(request.user, target):
            raise Forbidden()
    result, _ = service.compute(target, date_from, date_to)
    return {"agency": target.code if target else None, **service_index.to_json(result)}
