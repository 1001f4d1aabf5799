"""``/api/v1/reports``: dossier statistics (the numbers of the report pages, as plain ints)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ninja import Query, Router, Schema

from .selectors import BY_CHOICES, dossier_stats

router = Router(tags=["reports"])


class DossierStatsQuery(Schema):
    date_from: date = Query(..., alias="from")  # type: ignore[assignment]
    date_to: date = Query(..., alias="to")  # type: ignore[assignment]
    agency: str | None = None
    level: str | None = None
    group: str | None = None
    field: str | None = None
    procedure: str | None = None
    channel: str | None = None
    by: str | None = None


@router.get("/dossiers", summary="Thống kê hồ sơ TTHC của một kỳ")
def dossiers(request, q: Query[DossierStatsQuery]) -> dict[str, Any]:
    """Received (carried over + new by channel), resolved (early, on time, late), in progress
    (not yet due, overdue) and the rates, per ``by`` group (agency, level, field, procedure,
    channel, month) and in total, for the caller's scope."""
    from cchc.core.errors import DomainError

    if q.by is not None and q.by not in BY_CHOICES:
        raise DomainError(f"Cách nhóm số liệu không hợp lệ: {q.by}.")
    rows = dossier_stats(
        request.user,
        date_from=q.date_from,
        date_to=q.date_to,
        agency=q.agency or None,
        level=q.level,
        group=q.group,
        field=q.field,
        procedure=q.procedure,
        channel=q.channel,
        by=q.by,
    )
    return {
        "from": q.date_from.isoformat(),
        "to": q.date_to.isoformat(),
        "agency": q.agency,
        "by": q.by,
        "rows": [r.as_dict() for r in rows[:-1]],
        "total": rows[-1].as_dict(),
    }
