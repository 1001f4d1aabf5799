"""Home-page figure for leaders and Home Affairs: this year's SIPAS index (or last year's)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.text import format_percent

from . import selectors

ROLES = {"leader", "home_affairs", "system_admin"}


def home_widgets(request) -> list[dict]:
    user = request.user
    if not (user.is_superuser or user.role in ROLES):
        return []
    year = timezone.localdate().year
    for y in (year, year - 1):
        survey = selectors.for_user(user).filter(kind="sipas", year=y).first()
        if survey is None:
            continue
        r = selectors.results(survey, with_previous=False)
        if r.sipas is None:
            continue
        return [
            {
                "title": _("Chỉ số SIPAS năm %(year)s") % {"year": y},
                "value": format_percent(r.sipas),
                "note": _("%(units)s đơn vị đạt từ %(pct)s trở lên")
                % {"units": r.units_label, "pct": format_percent(survey.unit_threshold, 0)},
                "url": reverse("surveys:detail", args=[survey.code]),
                "template": "surveys/_widget.html",
            }
        ]
    return []
