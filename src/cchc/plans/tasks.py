"""Background work: the weekly digest of overdue milestones (DOMAIN 3: "overdue milestones are
sent in a weekly e-mail digest to each lead agency's focal point").

Run it from cron once a week, for example every Monday at 07:00::

    0 7 * * 1  cd /srv/cchc && .venv/bin/cchc plans digest

``cchc plans digest`` enqueues this task for the ``db_worker``; ``--now`` runs it in place.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import timezone
from django_tasks import task

from cchc.accounts.models import Role, User
from cchc.core.text import vn_date

from .models import Milestone, TaskLead
from .selectors import overdue_q


def digest_messages(today: dt.date) -> list[tuple[str, str, str, list[str]]]:
    """(subject, body, from, recipients) per lead agency with overdue milestones. There is no
    request here: the scope is each lead agency itself, passed explicitly."""
    overdue = list(
        Milestone.objects.filter(overdue_q(today=today))
        .select_related("task", "task__plan")
        .order_by("due", "task__order")
    )
    if not overdue:
        return []
    task_ids = {m.task_id for m in overdue}
    leads: dict[int, list[int]] = {}
    for task_id, agency_id in TaskLead.objects.filter(task_id__in=task_ids).values_list(
        "task_id", "agency_id"
    ):
        leads.setdefault(agency_id, []).append(task_id)
    recipients: dict[int, list[str]] = {}
    for agency_id, email in (
        User.objects.filter(agency_id__in=leads, role=Role.FOCAL_POINT, is_active=True)
        .exclude(email="")
        .values_list("agency_id", "email")
    ):
        recipients.setdefault(agency_id, []).append(email)
    messages = []
    for agency_id, tasks in leads.items():
        to = recipients.get(agency_id)
        if not to:
            continue
        mine = [m for m in overdue if m.task_id in set(tasks)]
        lines = [
            f"Tính đến ngày {vn_date(today)}, cơ quan có {len(mine)} mốc nhiệm vụ cải cách hành "
            "chính quá hạn chưa hoàn thành:",
            "",
        ]
        for m in mine:
            assert m.due is not None  # overdue_q only keeps milestones with a due date
            label = f" — {m.label}" if m.label else ""
            lines.append(
                f"- [{m.task.plan.title}] {m.task.number} {m.task.content[:160]}{label}: "
                f"hạn {vn_date(m.due)}, quá {(today - m.due).days} ngày"
            )
        lines += ["", "Đề nghị cập nhật tiến độ trên hệ thống CCHC."]
        subject = f"[CCHC] {len(mine)} nhiệm vụ quá hạn ({vn_date(today)})"
        messages.append((subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, to))
    return messages


@task()
def send_overdue_digest(today_iso: str | None = None) -> int:
    today = dt.date.fromisoformat(today_iso) if today_iso else timezone.localdate()
    messages = digest_messages(today)
    if messages:
        send_mass_mail(messages, fail_silently=False)
    return len(messages)


@task()
def recompute_relative_deadlines() -> int:
    """After the working-day calendar changed: open relative milestones get their due date
    again (DOMAIN 6)."""
    from .services import relative_milestones_recompute

    return relative_milestones_recompute()
