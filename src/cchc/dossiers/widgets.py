"""Home page widgets: what waits for the user, and what is late in their scope."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.accounts.models import Role
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
    result.append(
        {
            "title": _("Hồ sơ quá hạn chưa giải quyết"),
            "value": format_int(selectors.agency_late(user).count()),
            "url": base + "?tab=late",
        }
    )
    return result
