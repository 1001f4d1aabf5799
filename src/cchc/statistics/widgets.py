"""Home-page widgets of the statistics app: on-time rate this year (dossiers overdue now is
the dossiers app's widget, the same definition as the dashboard's), periodic reports due (for focal points) or waiting for review (for Home Affairs)."""

from __future__ import annotations

from datetime import timedelta

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.models import Role
from cchc.core.errors import DomainError
from cchc.core.text import format_int, format_percent
from cchc.periodic import selectors as sel
from cchc.periodic import services as periodic
from cchc.periodic.models import AgencyReport, ReportStatus

LATE_WINDOW_DAYS = 90
DASHBOARD_ROLES = {Role.LEADER, Role.HOME_AFFAIRS, Role.SYSTEM_ADMIN}


def _url(name: str, query: str = "") -> str:
    try:
        return reverse(name) + query
    except NoReverseMatch:
        return ""


def home_widgets(request) -> list[dict]:
    user = request.user
    today = timezone.localdate()
    out: list[dict] = []
    if user.is_superuser or user.role in DASHBOARD_ROLES:
        try:
            year = sel.dossier_stats(user, date_from=today.replace(month=1, day=1), date_to=today)[
                -1
            ]
        except DomainError:
            year = None
        if year is not None:
            rate = year.on_time_rate
            out.append(
                {
                    "title": _("Tỷ lệ giải quyết đúng hạn năm nay"),
                    "value": format_percent(rate) if rate is not None else "–",
                    "url": _url("dashboard:index"),
                }
            )
            # Overdue now is the dossiers app's widget (one figure, one place on the page).
    if not (user.is_superuser or user.role in periodic.READER_ROLES):
        return out
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
        out.append(
            {
                "title": _("Báo cáo định kỳ phải gửi"),
                "value": format_int(due),
                "url": _url("reports:index"),
            }
        )
    elif periodic.can_review(user):
        waiting = sel.reports_for(user).filter(status=ReportStatus.SUBMITTED).count()
        out.append(
            {
                "title": _("Báo cáo chờ xem xét"),
                "value": format_int(waiting),
                "url": _url("reports:index"),
            }
        )
    else:
        latest = sel.periods_for(user).filter(start__lte=today).first()
        if latest is not None:
            rates = sel.completeness(latest, user, rows=False)
            out.append(
                {
                    "title": _("Báo cáo %(period)s đã gửi") % {"period": latest.label},
                    "value": f"{format_int(rates.received)}/{format_int(rates.expected)}",
                    "url": _url("reports:completeness"),
                }
            )
    return out
