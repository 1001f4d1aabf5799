"""Home-page widgets of the statistics app (registered in ``StatisticsConfig.ready``): the
on-time rate this year, for those who read the dashboard. Dossiers overdue now is the dossiers
app's widget (one figure, one definition, shown once)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.models import Role
from cchc.core.text import format_percent

from .selectors import dossier_stats

DASHBOARD_ROLES = {Role.LEADER, Role.HOME_AFFAIRS, Role.SYSTEM_ADMIN}


def home_widgets(request) -> list[dict]:
    user = request.user
    if not (user.is_superuser or user.role in DASHBOARD_ROLES):
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
