"""Citizens' feedback about an official, offered to the staff card through the conduct-source
registry of ``cchc.staff`` (seed 000, III.4: "đường dây nóng, hộp thư góp ý")."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.staff import conduct
from cchc.staff.models import StaffMember

from .models import Feedback


def about_official(
    staff: StaffMember, date_from: dt.date, date_to: dt.date
) -> list[conduct.ConductItem]:
    if staff.user_id is None:
        return []
    rows = Feedback.objects.filter(
        official_id=staff.user_id, received_date__range=(date_from, date_to)
    ).only("code", "title", "received_date")[:200]
    return [
        conduct.ConductItem(
            date=f.received_date,
            text=f"{f.code}: {f.title}",
            url=reverse("feedback:detail", args=[f.code]),
        )
        for f in rows
    ]


def register() -> None:
    conduct.register("feedback_about_official", _("Phản ánh, kiến nghị về cán bộ"), about_official)
