"""Home-page widgets of the statistics app (registered in ``StatisticsConfig.ready``): the
on-time rate this year, for those who read the dashboard. Dossiers overdue now is the dossiers
app's widget (one figure, one definition, shown once)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.text import format_percent

from . import rights
from .selectors import dossier_stats


def home_widgets(request) -> list[dict]:
    user = request.user
    if not rights.can_open_dashboard(user):
        return []
    today = timezone.localdate()
    year = dossier_stats(user, date_from=today.replace(month=1, day=1), date_to=today)[-1]
    rate = year.on_time_rate
    return [
        {
            "title": _("Tỷ lệ giải quyết đúng hạn năm nay"),
            "value": format_percent(rate) if rate is not None else "–",
            "url": reverse("dashboard:index"),
        },
    ]
