"""Home page widget: overdue milestones in the user's scope."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.core.errors import Forbidden

from . import selectors


def home_widgets(request) -> list[dict]:
    try:
        n = selectors.milestones_overdue(request.user).count()
    except Forbidden:
        return []
    return [
        {
            "title": _("Nhiệm vụ CCHC quá hạn"),
            "value": n,
            "url": reverse("plans:mine") if request.user.agency_id else reverse("plans:index"),
        }
    ]
