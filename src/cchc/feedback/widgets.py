"""Home-page figure: feedback cases past their deadline in the user's scope."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.text import format_int

from . import rights, selectors


def home_widgets(request) -> list[dict]:
    user = request.user
    if not rights.can_open_queue(user):
        return []
    overdue = selectors.for_user(user).filter(selectors.overdue_q(timezone.localdate())).count()
    return [
        {
            "title": _("Phản ánh, kiến nghị quá hạn"),
            "value": format_int(overdue),
            "url": reverse("feedback:queue") + "?overdue=1",
        }
    ]
