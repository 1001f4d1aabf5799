"""Ratings API, mounted at ``/api/v1/evaluations``: the public rating by signed token and the
quarterly compilation for staff."""

from __future__ import annotations

from typing import Any

from ninja import Router, Schema, Status

from . import selectors, services

router = Router(tags=["Đánh giá giải quyết TTHC"])


class RatingIn(Schema):
    token: str
    level: str
    reason: str = ""
    scores: dict[str, int] = {}


def _num(value: Any) -> Any:
    return None if value is None else float(value)


def _shares(s: selectors.Shares) -> dict[str, Any]:
    return {
        "total": s.total,
        "very_satisfied": s.very_satisfied,
        "satisfied": s.satisfied,
        "unsatisfied": s.unsatisfied,
        "satisfied_share": _num(s.satisfied_share),
        "very_satisfied_share": _num(s.very_satisfied_share),
        "unsatisfied_share": _num(s.unsatisfied_share),
        "mean_score": _num(s.mean_score),
        "band": s.band or None,
    }


@router.post("/ratings", auth=None, response={201: dict}, summary="Đánh giá hồ sơ (mã ký số)")
def rate(request, payload: RatingIn):
    dossier = services.dossier_for_token(payload.token)
    rating = services.rating_submit(
        dossier=dossier,
        level=payload.level,
        channel="online",
        reason=payload.reason,
        scores=payload.scores,
    )
    return Status(
        201,
        {
            "dossier": dossier.code,
            "level": rating.level,
            "total_score": rating.total_score,
            "feedback": rating.feedback.code if rating.feedback is not None else None,
        },
    )


@router.get("/compilation", response=dict, summary="Tổng hợp đánh giá theo quý")
def compilation(request, year: int, quarter: int):
    rows, total = selectors.compilation(request.user, year, quarter)
    return {
        "year": year,
        "quarter": quarter,
        "total": _shares(total),
        "units": [{"agency": r.agency.code, **_shares(r.shares)} for r in rows],
    }
