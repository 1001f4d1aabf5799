"""Home page widgets: what waits for the user, and what is late in their scope."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.accounts.models import Role
from cchc.core.errors import Forbidden
from cchc.core.text import format_int

from . import selectors


def home_widgets(request) -> list[dict]:
    user = request.user
    base = reverse("dossiers:index")
    result = []
    if user.role in (Role.ONE_STOP, Role.PROCESSING):
        day = selectors.desk_day(user)
        result.append(
            {
                "title": _("Việc trong ngày"),
                "template": "dossiers/_desk_day.html",
                "day": day,
                "can_receive": user.role == Role.ONE_STOP,
                "wide": True,
            }
        )
        result.append(
            {
                "title": _("Hồ sơ chờ tôi xử lý"),
                "value": format_int(selectors.my_queue(user).count()),
                "url": base + "?tab=queue",
            }
        )
    # One definition of "overdue" (selectors.overdue_q), scoped like the statistics: the same
    # number as the dashboard's, and the link opens exactly those dossiers.
    today = selectors.today()
    year_start = today.replace(month=1, day=1)
    try:
        n = selectors.figure_count(user, figure="overdue", date_from=year_start, date_to=today)
    except Forbidden:  # an account without an agency sees no figures
        return result
    result.append(
        {
            "title": _("Hồ sơ đang quá hạn"),
            "value": format_int(n),
            "count": n,
            "figure": "overdue",
            "url": selectors.figure_url("overdue", year_start, today),
        }
    )
    return result
