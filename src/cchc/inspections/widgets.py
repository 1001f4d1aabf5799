"""Home-page card: remedies past their date, in the unit's queue (its own) or Home Affairs'
(the province's)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.core.text import format_int

from . import selectors


def home_widgets(request) -> list[dict]:
    user = request.user
    if user.role in ("one_stop", "processing") and not user.is_superuser:
        return []
    n = selectors.remedies_for(user, overdue=True).count()
    if not n:
        return []
    return [
        {
            "title": _("Biện pháp khắc phục sau kiểm tra quá hạn"),
            "value": format_int(n),
            "url": reverse("inspections:remedies") + "?overdue=1",
        }
    ]
