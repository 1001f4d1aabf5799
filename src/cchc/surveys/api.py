"""Surveys API, mounted at ``/api/v1/surveys``: sample size, draws and results (aggregates
only; answers are never exported one by one)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ninja import Router, Schema

from cchc.core.errors import DomainError, NotFound

from . import sampling, selectors, services
from .models import Survey

router = Router(tags=["Khảo sát sự hài lòng"])


class DrawIn(Schema):
    seed: int | None = None


def _num(v: Any) -> Any:
    return None if v is None else float(v)


def _survey(request, code: str) -> Survey:
    survey = selectors.for_user(request.user).filter(code=code).first()
    if survey is None:
        raise NotFound("Không có cuộc khảo sát này hoặc bạn không có quyền xem.")
    return survey


def serialize_results(r: selectors.SurveyResults) -> dict[str, Any]:
    return {
        "survey": r.survey.code,
        "year": r.survey.year,
        "responses": r.responses,
        "sipas": _num(r.sipas),
        "elements": {e.code: _num(r.indices.get(e.code)) for e in r.elements},
        "units_reaching": r.reaching,
        "units_measured": r.measured,
        "threshold": _num(r.survey.unit_threshold),
        "groups": [
            {
                "group": g.group,
                "label": g.label,
                "responses": g.responses,
                "sipas": _num(g.sipas),
                "suppressed": g.suppressed,
            }
            for g in r.groups
        ],
        "units": [
            {
                "agency": u.agency.code,
                "responses": u.responses,
                "sipas": _num(u.sipas),
                "elements": {k: _num(v) for k, v in u.indices.items()},
                "suppressed": u.suppressed,
            }
            for u in r.units
        ],
        "previous": serialize_results(r.previous) if r.previous is not None else None,
        "sample": {"size": r.sample_size, "population": r.population}
        if r.sample_size is not None
        else None,
    }


@router.get("/sample-size", auth=None, response=dict, summary="Cỡ mẫu n = N/(1+N·e²)")
def sample_size(request, population: int, margin: str = "0.05"):
    try:
        return {
            "population": population,
            "margin": margin,
            "size": sampling.sample_size(population, Decimal(margin)),
        }
    except (ValueError, ArithmeticError) as exc:
        raise DomainError("Tổng thể phải không âm và sai số trong khoảng (0; 1).") from exc


@router.get("", response=dict, summary="Danh sách cuộc khảo sát")
def list_surveys(request):
    return {
        "results": [
            {"code": s.code, "name": s.name, "kind": s.kind, "year": s.year, "status": s.status}
            for s in selectors.for_user(request.user)
        ]
    }


@router.get("/{code}/results", response=dict, summary="Kết quả (chỉ số tổng hợp)")
def results(request, code: str):
    return serialize_results(selectors.results(_survey(request, code)))


@router.post("/{code}/sample", response=dict, summary="Chọn mẫu (ghi lại hạt giống)")
def draw(request, code: str, payload: DrawIn):
    sample = services.sample_draw(
        actor=request.user, survey=_survey(request, code), seed=payload.seed
    )
    return {"population": sample.population, "size": sample.size, "seed": sample.seed}
