"""Reads on feedback cases: the staff queue (scoped), the public page, the lookup, and the
statistics every page, indicator and report share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from cchc.accounts import scope
from cchc.core import ratelimit
from cchc.core.errors import DomainError
from cchc.core.text import fold

from .models import ACTION_LABELS, Feedback, Status

NOT_FOUND = "Không tìm thấy phản ánh, kiến nghị với mã và số điện thoại đã nhập."
LOOKUP_LIMIT, LOOKUP_WINDOW = 20, 600


class RateLimited(DomainError):
    status = 429

    def __init__(self, message: str = "Bạn thao tác quá nhiều lần; vui lòng thử lại sau.") -> None:
        super().__init__(message, code="throttled")


def hit(key: str, limit: int, window: int) -> bool:
    """Count an action per key (``core.ratelimit``: shared by every worker, database or
    Redis); False once over ``limit`` within ``window`` seconds."""
    return ratelimit.hit(key, window) <= limit


SUBMIT_WINDOW = 3600


def submit_allowed(ip: str) -> bool:
    """``FEEDBACK_SUBMIT_LIMIT`` (default 5) submissions an hour per address, the web form and
    the API counted together: one limit, whichever door a sender uses."""
    limit = int(getattr(settings, "FEEDBACK_SUBMIT_LIMIT", 5))
    return hit(f"feedback-submit:{ip}", limit, SUBMIT_WINDOW)


def lookup_allowed(ip: str) -> bool:
    """``LOOKUP_LIMIT`` lookups per address in ``LOOKUP_WINDOW``, page and API together."""
    return hit(f"feedback-lookup:{ip}", LOOKUP_LIMIT, LOOKUP_WINDOW)


def for_user(user: Any) -> QuerySet[Feedback]:
    return scope.scoped(Feedback.objects.all(), user).select_related("agency", "field")


def get_for_user(user: Any, code: str) -> Feedback:
    from cchc.core.errors import NotFound

    fb = for_user(user).filter(code=code).first()
    if fb is None:
        raise NotFound("Không có phản ánh, kiến nghị này hoặc bạn không có quyền xem.")
    return fb


def current_due(fb: Feedback) -> dt.date | None:
    """The deadline the case is running against now: answering while open, publishing once
    answered; none when closed."""
    if fb.status in (Status.RECEIVED, Status.PROCESSING, Status.INFO_REQUESTED):
        return fb.answer_due
    if fb.status == Status.ANSWERED:
        return fb.publish_due
    return None


def is_overdue(fb: Feedback, today: dt.date | None = None) -> bool:
    due = current_due(fb)
    return due is not None and (today or timezone.localdate()) > due


def overdue_q(today: dt.date) -> Q:
    """The same rule as ``is_overdue``, for the database."""
    return Q(
        status__in=[Status.RECEIVED, Status.PROCESSING, Status.INFO_REQUESTED],
        answer_due__lt=today,
    ) | Q(status=Status.ANSWERED, publish_due__lt=today)


def search(
    user: Any, *, q: str = "", status: str = "", overdue: bool = False
) -> QuerySet[Feedback]:
    qs = for_user(user)
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(overdue_q(timezone.localdate()))
    if q:
        folded = fold(q)
        qs = qs.filter(
            Q(code__iexact=q.strip()) | Q(title__icontains=q) | Q(public_search__contains=folded)
        )
    return qs


def published(*, q: str = "", agency: Any = None, field: Any = None) -> QuerySet[Feedback]:
    """The public "Dân hỏi – Chính quyền trả lời" list; callers show only the public fields."""
    qs = (
        Feedback.objects.filter(status=Status.PUBLISHED)
        .select_related("agency", "field")
        .order_by("-published_at", "-id")
    )
    if agency is not None:
        qs = qs.filter(agency__path__startswith=agency.path)
    if field is not None:
        qs = qs.filter(field=field)
    for word in fold(q).split():
        qs = qs.filter(public_search__contains=word)
    return qs


def public_item(fb: Feedback) -> dict[str, Any]:
    """What the public page and the API show of a published case: no personal data."""
    return {
        "code": fb.code,
        "kind": fb.kind,
        "kind_label": str(fb.get_kind_display()),
        "title": fb.title,
        "question": fb.public_question,
        "answer": fb.answer,
        "agency": fb.agency.name,
        "field": fb.field.name if fb.field is not None else None,
        "received_date": fb.received_date,
        "answered_date": fb.answered_date,
        "published_at": fb.published_at,
    }


def public_lookup(code: str, phone: str) -> dict[str, Any] | None:
    """Code plus the phone's last four digits; None for an unknown code and a wrong phone
    alike, so the answer reveals nothing."""
    code = (code or "").strip().upper()
    last4 = "".join(ch for ch in (phone or "") if ch.isdigit())[-4:]
    if not code or len(last4) != 4:
        return None
    fb = Feedback.objects.select_related("agency").filter(code=code, phone_last4=last4).first()
    if fb is None:
        return None
    return {
        "code": fb.code,
        "status": fb.status,
        "status_label": str(fb.get_status_display()),
        "title": fb.title,
        "agency": fb.agency.name,
        "received_date": fb.received_date,
        "answer_due": fb.answer_due,
        "answered_date": fb.answered_date,
        "answer": fb.answer if fb.status in (Status.ANSWERED, Status.PUBLISHED) else "",
        "reason": fb.reason if fb.status in (Status.REJECTED, Status.INFO_REQUESTED) else "",
        "transferred_to": fb.transferred_to,
        "timeline": [
            {"at": e.at, "action": e.action, "label": str(ACTION_LABELS.get(e.action, e.action))}
            for e in fb.events.all()
        ],
    }


# -- statistics ------------------------------------------------------------------------------


@dataclass
class FeedbackStats:
    received: int
    answered: int
    answered_on_time: int
    rejected: int
    transferred: int
    open: int
    overdue: int

    @property
    def on_time_rate(self) -> Decimal | None:
        """Share of cases answered within the answer limit (Decision 766: ≤ 15 working days)."""
        if not self.answered:
            return None
        return (Decimal(self.answered_on_time) * 100 / Decimal(self.answered)).quantize(
            Decimal("0.01")
        )


def stats(agency: Any, date_from: dt.date, date_to: dt.date) -> FeedbackStats:
    """Received in the period; answered in the period (and on time); open and overdue as of the
    earlier of ``date_to`` and today (DOMAIN 7's rule for dossiers, applied here)."""
    qs = Feedback.objects.all()
    if agency is not None:
        qs = qs.filter(agency__path__startswith=agency.path)
    as_of = min(date_to, timezone.localdate())
    answered = qs.filter(answered_date__gte=date_from, answered_date__lte=date_to)
    closed = qs.filter(closed_date__gte=date_from, closed_date__lte=date_to)
    open_qs = qs.filter(received_date__lte=as_of).filter(
        Q(closed_date__isnull=True) | Q(closed_date__gt=as_of)
    )
    return FeedbackStats(
        received=qs.filter(received_date__gte=date_from, received_date__lte=date_to).count(),
        answered=answered.count(),
        answered_on_time=answered.filter(answered_date__lte=F("answer_due")).count(),
        rejected=closed.filter(status=Status.REJECTED).count(),
        transferred=closed.filter(status=Status.TRANSFERRED).count(),
        open=open_qs.count(),
        overdue=open_qs.filter(answer_due__lt=as_of).count(),
    )


def about_official(
    user_id: int, date_from: dt.date, date_to: dt.date
) -> list[tuple[dt.date, str, str]]:
    """Cases about an official's conduct, as (date, text, url) for a staff record (seed 000:
    hotlines and comment boxes watch the one-stop staff). Kept free of the staff app's types so
    the staff app's conduct registry can wrap it."""
    from django.urls import reverse

    rows = Feedback.objects.filter(
        official_id=user_id, received_date__gte=date_from, received_date__lte=date_to
    ).order_by("-received_date")[:200]
    return [
        (
            fb.received_date,
            f"Phản ánh {fb.code}: {fb.title} ({fb.get_status_display()})",
            reverse("feedback:detail", args=[fb.code]),
        )
        for fb in rows
    ]
