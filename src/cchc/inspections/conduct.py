"""Inspection findings about a person, offered to the staff card through the registry that
``cchc.staff.conduct`` keeps (staff never imports inspections)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from cchc.staff import conduct
from cchc.staff.models import StaffMember

from .models import Finding


def findings_about(
    staff: StaffMember, date_from: dt.date, date_to: dt.date
) -> list[conduct.ConductItem]:
    rows = Finding.objects.filter(
        staff=staff, inspection__date_from__range=(date_from, date_to)
    ).select_related("inspection__agency")
    return [
        conduct.ConductItem(
            date=f.inspection.date_from,
            text=f"{f.get_severity_display()}: {f.text}",
            url=f.inspection.get_absolute_url(),
        )
        for f in rows
    ]


def register() -> None:
    conduct.register(
        "inspection_findings", _("Tồn tại nêu trong kết luận kiểm tra"), findings_about
    )
