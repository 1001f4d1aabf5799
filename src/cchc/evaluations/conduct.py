"""Unsatisfied ratings of the dossiers an officer handled, offered to the staff card through
the conduct-source registry of ``cchc.staff`` (seed 000, III.4: "phiếu khảo sát")."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.staff import conduct
from cchc.staff.models import StaffMember

from .models import Level, Rating


def low_ratings(
    staff: StaffMember, date_from: dt.date, date_to: dt.date
) -> list[conduct.ConductItem]:
    if staff.user_id is None:
        return []
    rows = (
        Rating.objects.filter(
            officer_id=staff.user_id,
            level=Level.UNSATISFIED,
            rated_date__range=(date_from, date_to),
        )
        .select_related("dossier")
        .only("rated_date", "reason", "dossier__code")[:200]
    )
    return [
        conduct.ConductItem(
            date=r.rated_date,
            text=f"{r.dossier.code}: {r.reason or _('chưa hài lòng')}",
            url=reverse("dossiers:detail", args=[r.dossier.code]),
        )
        for r in rows
    ]


def register() -> None:
    conduct.register("evaluations_unsatisfied", _("Đánh giá chưa hài lòng"), low_ratings)
