"""Home-page widgets of the periodic reports (registered in ``PeriodicConfig.ready``): reports
due (focal points), waiting for review (Home Affairs) or the latest reporting rate."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.models import Role
from cchc.core.text import format_int

from . import rights
from . import selectors as sel
from . import services as periodic
from .models import AgencyReport, ReportStatus

LATE_WINDOW_DAYS = 90


def home_widgets(request) -> list[dict]:
    user = request.user
    today = timezone.localdate()
    if not rights.is_reader(user):
        return []
    if user.role == Role.FOCAL_POINT and user.agency_id:
        due = 0
        # Started periods, including those whose due day passed lately: a late report is
        # still owed (and counted late), so it stays on the focal point's home page.
        recent = today - timedelta(days=LATE_WINDOW_DAYS)
        for period in sel.periods_for(user).filter(start__lte=today, due_date__gte=recent):
            if not periodic.expected_agencies(period.kind).filter(pk=user.agency_id).exists():
                continue
            sent = AgencyReport.objects.filter(
                period=period, agency_id=user.agency_id, first_submitted_at__isnull=False
            ).exists()
            due += not sent
        return [
            {
                "title": _("Báo cáo định kỳ phải gửi"),
                "value": format_int(due),
                "url": reverse("reports:index"),
            }
        ]
    if rights.can_review(user):
        waiting = sel.reports_for(user).filter(status=ReportStatus.SUBMITTED).count()
        return [
            {
                "title": _("Báo cáo chờ xem xét"),
                "value": format_int(waiting),
                "url": reverse("reports:index"),
            }
        ]
    latest = sel.periods_for(user).filter(start__lte=today).first()
    if latest is None:
        return []
    rates = sel.completeness(latest, user, rows=False)
    return [
        {
            "title": _("Báo cáo %(period)s đã gửi") % {"period": latest.label},
            "value": f"{format_int(rates.received)}/{format_int(rates.expected)}",
            "url": reverse("reports:completeness"),
        }
    ]
