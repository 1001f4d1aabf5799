"""Reads on ratings: the quarterly compilation per unit (Circular 01/2018 Art. 15), the shares
per level every page, indicator and report use, and an officer's own ratings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from cchc.accounts import scope
from cchc.dossiers.models import Dossier, Status

from .models import Band, Level, Rating
from .shares import Shares


def quarter_range(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    if quarter not in (1, 2, 3, 4):
        from cchc.core.errors import DomainError

        raise DomainError("Quý phải từ 1 đến 4.")
    start = dt.date(year, 3 * quarter - 2, 1)
    end = (
        dt.date(year, 12, 31)
        if quarter == 4
        else dt.date(year, 3 * quarter + 1, 1) - dt.timedelta(days=1)
    )
    return start, end


def band_for(score: Decimal | None, bands: list[Band] | None = None) -> str:
    if score is None:
        return ""
    for band in bands if bands is not None else list(Band.objects.all()):
        if score >= band.min_score:
            return band.name
    return ""


def _aggregate(qs: QuerySet[Rating]) -> dict[str, Any]:
    return qs.aggregate(
        total=Count("id"),
        very=Count("id", filter=Q(level=Level.VERY_SATISFIED)),
        sat=Count("id", filter=Q(level=Level.SATISFIED)),
        unsat=Count("id", filter=Q(level=Level.UNSATISFIED)),
        scored=Count("id", filter=Q(total_score__isnull=False)),
        mean=Avg("total_score"),
    )


def _shares(row: Mapping[str, Any], bands: list[Band]) -> Shares:
    mean = row["mean"]
    mean_d = None if mean is None else Decimal(str(mean)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return Shares(
        total=row["total"],
        very_satisfied=row["very"],
        satisfied=row["sat"],
        unsatisfied=row["unsat"],
        scored=row["scored"],
        mean_score=mean_d,
        band=band_for(mean_d, bands),
    )


def ratings_in(agency: Any, date_from: dt.date, date_to: dt.date) -> QuerySet[Rating]:
    qs = Rating.objects.filter(rated_date__gte=date_from, rated_date__lte=date_to)
    if agency is not None:
        qs = qs.filter(agency__path__startswith=agency.path)
    return qs


def shares(agency: Any, date_from: dt.date, date_to: dt.date) -> Shares:
    """One definition of the rating figures for an agency's subtree (None: everything)."""
    return _shares(_aggregate(ratings_in(agency, date_from, date_to)), list(Band.objects.all()))


@dataclass
class UnitRow:
    agency: Any
    shares: Shares


def compilation(user: Any, year: int, quarter: int) -> tuple[list[UnitRow], Shares]:
    """Per resolving agency in the user's scope: mean score, band, shares per level."""
    start, end = quarter_range(year, quarter)
    qs = scope.scoped(ratings_in(None, start, end), user)
    bands = list(Band.objects.all())
    rows = (
        qs.values("agency")
        .annotate(
            total=Count("id"),
            very=Count("id", filter=Q(level=Level.VERY_SATISFIED)),
            sat=Count("id", filter=Q(level=Level.SATISFIED)),
            unsat=Count("id", filter=Q(level=Level.UNSATISFIED)),
            scored=Count("id", filter=Q(total_score__isnull=False)),
            mean=Avg("total_score"),
        )
        .order_by("agency")
    )
    from cchc.organizations.models import Agency

    agencies = Agency.objects.in_bulk([r["agency"] for r in rows])
    out = [UnitRow(agencies[r["agency"]], _shares(r, bands)) for r in rows]
    out.sort(key=lambda r: r.agency.path)
    return out, _shares(_aggregate(qs), bands)


def my_ratings(user: Any) -> QuerySet[Rating]:
    return (
        Rating.objects.filter(officer=user)
        .select_related("dossier__procedure", "feedback")
        .order_by("-rated_at")
    )


def kiosk_queue(kiosk: Any, days: int = 1) -> QuerySet[Dossier]:
    """Dossiers returned at the kiosk's desk lately and not yet rated: the citizen taps hers."""
    since = timezone.now() - dt.timedelta(days=days)
    return (
        Dossier.objects.filter(
            desk__path__startswith=kiosk.desk.path,
            status=Status.RETURNED,
            returned_at__gte=since,
            rating__isnull=True,
        )
        .select_related("procedure")
        .order_by("-returned_at")[:30]
    )


def my_summary(user: Any) -> Shares:
    return _shares(_aggregate(Rating.objects.filter(officer=user)), list(Band.objects.all()))


def unsatisfied_for(
    user_id: int, date_from: dt.date, date_to: dt.date
) -> list[tuple[dt.date, str, str]]:
    """ "Chưa hài lòng" ratings of dossiers the officer handled, as (date, text, url) for a
    staff record; free of the staff app's types so its conduct registry can wrap it."""
    from django.urls import reverse

    rows = (
        Rating.objects.filter(
            officer_id=user_id,
            level=Level.UNSATISFIED,
            rated_date__gte=date_from,
            rated_date__lte=date_to,
        )
        .select_related("dossier")
        .order_by("-rated_date")[:200]
    )
    return [
        (
            r.rated_date,
            f"Hồ sơ {r.dossier.code} bị đánh giá chưa hài lòng: {r.reason[:120]}",
            reverse("dossiers:detail", args=[r.dossier.code]),
        )
        for r in rows
    ]
