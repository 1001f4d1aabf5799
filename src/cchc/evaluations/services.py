"""Writes on ratings: one rating per dossier once its result is returned, at the desk's tablet
or online through a signed link; "Chưa hài lòng" opens a feedback case."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from cchc.accounts import scope
from cchc.core import audit
from cchc.core.errors import Conflict, DomainError, Forbidden
from cchc.core.sms import send_sms
from cchc.dossiers.models import Dossier, DossierEvent, Status
from cchc.feedback import services as feedback_services
from cchc.feedback.models import Channel as FeedbackChannel
from cchc.feedback.models import Kind as FeedbackKind

from .models import EvaluationIndicator, Kiosk, Level, Rating, RatingChannel, RatingScore

TOKEN_SALT = "cchc.evaluations.rating-link"
BAD_TOKEN = "Đường dẫn đánh giá không hợp lệ hoặc đã bị sửa; vui lòng dùng đúng đường dẫn trong tin nhắn hoặc mã QR."
ALREADY = "Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ được đánh giá một lần. Xin cảm ơn Ông/Bà."
NOT_RETURNED = "Hồ sơ chưa trả kết quả nên chưa thể đánh giá."
BAD_KIOSK = "Thiết bị chưa được cấp quyền đánh giá hoặc đã bị thu hồi."


def rating_token(dossier: Dossier) -> str:
    """A signed token naming the dossier; no expiry (the citizen may rate later), once only
    because a dossier has one rating row."""
    return signing.dumps({"d": dossier.pk, "c": dossier.code}, salt=TOKEN_SALT, compress=True)


def rating_url(dossier: Dossier) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/danh-gia/r/{rating_token(dossier)}/"


def dossier_for_token(token: str) -> Dossier:
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature as exc:
        raise DomainError(BAD_TOKEN, code="bad_token") from exc
    d = (
        Dossier.objects.select_related("procedure", "agency", "desk")
        .filter(pk=data.get("d"), code=data.get("c"))
        .first()
    )
    if d is None:
        raise DomainError(BAD_TOKEN, code="bad_token")
    return d


def kiosk_for_token(raw: str) -> Kiosk:
    kiosk = (
        Kiosk.objects.select_related("desk")
        .filter(token_digest=Kiosk.digest(raw or ""), active=True)
        .first()
    )
    if kiosk is None:
        raise Forbidden(BAD_KIOSK)
    return kiosk


@transaction.atomic
def kiosk_issue(*, actor: Any, desk: Any, name: str) -> tuple[Kiosk, str]:
    """A new device token for a desk's tablet; the raw token is returned once."""
    if not (getattr(actor, "is_authenticated", False) and scope.can_administer(actor, desk)):
        raise Forbidden("Chỉ quản trị tỉnh mới cấp mã cho máy đánh giá tại quầy.")
    name = (name or "").strip()
    if not name:
        raise DomainError("Phải đặt tên thiết bị.")
    raw = secrets.token_urlsafe(24)
    kiosk = Kiosk.objects.create(name=name[:100], desk=desk, token_digest=Kiosk.digest(raw))
    audit.record(actor=actor, obj=kiosk, action="kiosk.issue", changes={"desk": [None, str(desk)]})
    return kiosk, raw


@transaction.atomic
def kiosk_revoke(*, actor: Any, kiosk: Kiosk) -> Kiosk:
    if not scope.can_administer(actor, kiosk.desk):
        raise Forbidden()
    Kiosk.objects.filter(pk=kiosk.pk).update(active=False)
    audit.record(actor=actor, obj=kiosk, action="kiosk.revoke", changes={"active": [True, False]})
    kiosk.active = False
    return kiosk


def handler_of(dossier: Dossier) -> Any:
    """The officer who handled the dossier: whoever made its result ready, else its last
    owner, else whoever received it."""
    event = (
        DossierEvent.objects.filter(dossier=dossier, action="result_ready", actor__isnull=False)
        .select_related("actor")
        .order_by("-at")
        .first()
    )
    if event is not None:
        return event.actor
    return dossier.current_owner or dossier.received_by


def _scores(scores: Mapping[str, Any] | None) -> dict[EvaluationIndicator, int]:
    if not scores:
        return {}
    indicators = list(EvaluationIndicator.objects.filter(active=True))
    out: dict[EvaluationIndicator, int] = {}
    for ind in indicators:
        raw = scores.get(ind.code)
        if raw is None or raw == "":
            raise DomainError(
                f"Chưa chấm chỉ số «{ind.name}»: phiếu đầy đủ chấm cả chín chỉ số.",
                code="scores",
            )
        try:
            value = int(str(raw))
        except (TypeError, ValueError):
            value = -1
        if value not in (0, 1, 2):
            raise DomainError("Điểm mỗi chỉ số là 2, 1 hoặc 0.", code="scores")
        out[ind] = value
    unknown = set(scores) - {i.code for i in indicators}
    if unknown:
        raise DomainError("Có chỉ số không thuộc phiếu đánh giá.", code="scores")
    return out


@transaction.atomic
def rating_submit(
    *,
    dossier: Dossier,
    level: str,
    channel: str,
    reason: str = "",
    scores: Mapping[str, Any] | None = None,
    kiosk: Kiosk | None = None,
    actor: Any = None,
) -> Rating:
    """Record the citizen's rating. Once only: the dossier row is locked and a rating row is
    unique per dossier, so two taps at once still leave one rating."""
    d = Dossier.objects.select_for_update().select_related("agency", "desk").get(pk=dossier.pk)
    if d.status != Status.RETURNED:
        raise Conflict(NOT_RETURNED, code="not_returned")
    if Rating.objects.filter(dossier=d).exists():
        raise Conflict(ALREADY, code="already_rated")
    if level not in Level.values:
        raise DomainError("Hãy chọn một mức: Rất hài lòng, Hài lòng hoặc Chưa hài lòng.")
    if channel not in RatingChannel.values:
        raise DomainError("Hình thức đánh giá không hợp lệ.")
    if kiosk is not None and not d.desk.path.startswith(kiosk.desk.path):
        raise Forbidden("Hồ sơ không thuộc Bộ phận Một cửa của thiết bị này.")
    reason = (reason or "").strip()
    if level == Level.UNSATISFIED and not reason:
        raise DomainError(
            "Ông/Bà chưa hài lòng vì điều gì? Xin cho biết lý do để cơ quan khắc phục.",
            code="reason",
        )
    if len(reason) > 4000:
        raise DomainError("Lý do dài quá 4.000 ký tự.")
    checked = _scores(scores)
    now = timezone.now()
    rating = Rating.objects.create(
        dossier=d,
        agency=d.agency,
        desk=d.desk,
        officer=handler_of(d),
        level=level,
        channel=channel,
        kiosk=kiosk,
        total_score=sum(checked.values()) if checked else None,
        reason=reason,
        rated_at=now,
        rated_date=timezone.localdate(now),
    )
    RatingScore.objects.bulk_create(
        RatingScore(rating=rating, indicator=ind, score=value) for ind, value in checked.items()
    )
    if level == Level.UNSATISFIED:
        # The citizen's reason becomes a feedback case on the resolving agency, linked to the
        # dossier and the officer, so it is answered on the PAKN clock.
        fb = feedback_services.feedback_receive(
            kind=FeedbackKind.PHAN_ANH,
            title=f"Chưa hài lòng với việc giải quyết hồ sơ {d.code}",
            content=reason,
            sender=feedback_services.Sender(
                name=d.applicant_name,
                phone=d.applicant_phone,
                address=d.applicant_address,
                email=d.applicant_email,
            ),
            channel=FeedbackChannel.RATING,
            agency=d.agency,
            dossier=d,
        )
        rating.feedback = fb
        rating.save(update_fields=["feedback"])
    audit.record(
        actor=actor,
        obj=d,
        action="dossier.rated",
        changes={"level": [None, level], "channel": [None, channel]},
        at=now,
    )
    return rating


def send_rating_link(dossier_id: int) -> None:
    """After the result is returned: the SMS with the signed rating link (after commit)."""
    d = Dossier.objects.filter(pk=dossier_id).first()
    if d is None or not d.applicant_phone or Rating.objects.filter(dossier=d).exists():
        return
    send_sms(
        d.applicant_phone,
        f"Mời Ông/Bà đánh giá mức độ hài lòng về việc giải quyết hồ sơ {d.code}: {rating_url(d)}",
    )
