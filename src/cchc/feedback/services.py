"""Writes on feedback cases: one function per step of Decree 20/2008's procedure (receive,
classify, reject, ask for more, transfer, answer, publish). Each locks the row, checks the
state, writes a ``FeedbackEvent`` and an audit row, and sends messages after commit."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from cchc.calendars.selectors import calendar_for_agency, get_work_calendar
from cchc.calendars.workdays import WorkCalendar
from cchc.core import audit
from cchc.core import files as core_files
from cchc.core.errors import Conflict, DomainError, Forbidden
from cchc.core.sms import send_sms
from cchc.core.text import fold, vn_date
from cchc.organizations.models import Agency

from . import rights
from .models import (
    Attachment,
    Channel,
    Feedback,
    FeedbackEvent,
    FeedbackLimit,
    Kind,
    Status,
    Step,
)

NO_RIGHT = "Bạn không có quyền xử lý phản ánh, kiến nghị này."
# Decree 20/2008 Art. 4: a feedback must carry the sender's name, address and phone; the
# channels where the citizen writes it themselves are checked strictly.
IDENTIFIED_CHANNELS = (Channel.WEB, Channel.LETTER, Channel.API)
TRACKED = [
    "status",
    "agency_id",
    "field_id",
    "about_official",
    "official_id",
    "dossier_id",
    "transferred_to",
    "answered_date",
    "publish_due",
    "closed_date",
]
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_PHONE = re.compile(r"^\+?[0-9 .\-]{9,15}$")


@dataclass(frozen=True)
class Sender:
    name: str
    phone: str = ""
    address: str = ""
    email: str = ""


def limits() -> dict[str, int]:
    """The national limits as stored (seeded by migration); a missing row is an error, not a
    silent default."""
    rows = dict(FeedbackLimit.objects.values_list("step", "working_days"))
    missing = [s.label for s in Step if s.value not in rows]
    if missing:
        raise DomainError(
            "Chưa khai báo thời hạn xử lý phản ánh, kiến nghị: " + ", ".join(map(str, missing))
        )
    return rows


def _calendar(agency: Agency) -> tuple[str, WorkCalendar]:
    cal = calendar_for_agency(agency)
    code = cal.code if cal is not None else ""
    return code, get_work_calendar(code or None)


def _local_date(at: dt.datetime) -> dt.date:
    return timezone.localtime(at).date()


def _today() -> dt.date:
    return timezone.localdate()


def _digits(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())


def _new_code(day: dt.date) -> str:
    tail = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(5))
    return f"PAKN-{day:%y%m%d}-{tail}"


def _public_search(fb: Feedback) -> str:
    parts = [fb.title, fb.public_question, fb.answer]
    return fold(" ".join(p for p in parts if p))


def _validate_sender(sender: Sender, channel: str) -> Sender:
    name = sender.name.strip()
    phone = sender.phone.strip()
    address = sender.address.strip()
    email = sender.email.strip()
    if not name:
        raise DomainError("Phải có họ tên người gửi.", code="sender_name")
    if channel in IDENTIFIED_CHANNELS:
        if not phone:
            raise DomainError("Phải có số điện thoại người gửi.", code="sender_phone")
        if not address:
            raise DomainError("Phải có địa chỉ người gửi.", code="sender_address")
    if phone and (not _PHONE.match(phone) or not 9 <= len(_digits(phone)) <= 12):
        raise DomainError("Số điện thoại không hợp lệ.", code="sender_phone")
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise DomainError("Địa chỉ thư điện tử không hợp lệ.", code="sender_email") from exc
    return Sender(name=name[:200], phone=phone[:20], address=address[:400], email=email)


def default_agency() -> Agency:
    """Cases sent without an agency go to the province (its Home Affairs staff classify them)."""
    root = Agency.objects.filter(parent__isnull=True).order_by("pk").first()
    if root is None:
        raise DomainError("Chưa có cơ quan nào để tiếp nhận phản ánh, kiến nghị.")
    return root


def max_attachment_bytes() -> int:
    return int(getattr(settings, "FEEDBACK_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024))


def max_attachments() -> int:
    return int(getattr(settings, "FEEDBACK_ATTACHMENT_MAX_FILES", 3))


def _checked_files(files: Sequence[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    """Whitelisted by extension and by the first bytes (``core.files``), within a size and a
    count limit; any refusal refuses the whole case, so nothing is half-saved."""
    if len(files) > max_attachments():
        raise DomainError(
            f"Chỉ được gửi tối đa {max_attachments()} tệp đính kèm.", code="attachment_count"
        )
    return [(f, core_files.check_attachment(f, max_bytes=max_attachment_bytes())) for f in files]


@transaction.atomic
def feedback_receive(
    *,
    kind: str,
    title: str,
    content: str,
    sender: Sender,
    channel: str,
    agency: Agency | None = None,
    field: Any = None,
    dossier: Any = None,
    actor: Any = None,
    attachments: Sequence[UploadedFile] = (),
) -> Feedback:
    """Log a case and start its clock: the day of receipt is not counted, so each limit is the
    N-th working day after it (the dossier rule of DOMAIN 5 applied to Decree 20/2008)."""
    if kind not in Kind.values:
        raise DomainError("Loại phải là «phan_anh» (phản ánh) hoặc «kien_nghi» (kiến nghị).")
    if channel not in Channel.values:
        raise DomainError("Kênh tiếp nhận không hợp lệ.")
    if channel in (Channel.HOTLINE, Channel.BOX, Channel.LETTER) and not rights.can_enter(actor):
        raise Forbidden("Bạn không có quyền nhập phản ánh, kiến nghị.")
    title, content = title.strip(), content.strip()
    if not title:
        raise DomainError("Phải có tiêu đề.", code="title")
    if len(title) > 300:
        raise DomainError("Tiêu đề dài quá 300 ký tự.", code="title")
    if not content:
        raise DomainError("Phải có nội dung phản ánh, kiến nghị.", code="content")
    if len(content) > 10000:
        raise DomainError("Nội dung dài quá 10.000 ký tự.", code="content")
    sender = _validate_sender(sender, channel)
    files = _checked_files(attachments)
    agency = agency or default_agency()
    now = timezone.now()
    day = _local_date(now)
    cal_code, cal = _calendar(agency)
    lim = limits()
    fields: dict[str, Any] = dict(
        kind=kind,
        channel=channel,
        title=title,
        content=content,
        sender_name=sender.name,
        sender_address=sender.address,
        sender_phone=sender.phone,
        phone_last4=_digits(sender.phone)[-4:],
        sender_email=sender.email,
        agency=agency,
        field=field,
        dossier=dossier,
        status=Status.RECEIVED,
        calendar_code=cal_code,
        received_at=now,
        received_date=day,
        received_by=actor if getattr(actor, "pk", None) else None,
        reject_due=cal.add_workdays(day, lim[Step.REJECT]),
        request_info_due=cal.add_workdays(day, lim[Step.REQUEST_INFO]),
        transfer_due=cal.add_workdays(day, lim[Step.TRANSFER]),
        answer_due=cal.add_workdays(day, lim[Step.ANSWER]),
        public_search=fold(title),
    )
    fb = None
    for _attempt in range(5):
        try:
            with transaction.atomic():
                fb = Feedback.objects.create(code=_new_code(day), **fields)
            break
        except IntegrityError:
            continue
    if fb is None:
        raise Conflict("Không cấp được mã phản ánh, kiến nghị; vui lòng thử lại.")
    for f, name in files:
        Attachment.objects.create(
            feedback=fb,
            file=f,
            original_name=name,
            content_type=core_files.ATTACHMENT_TYPES[Path(name.lower()).suffix],
            size=f.size or 0,
        )
    FeedbackEvent.objects.create(
        feedback=fb,
        at=now,
        actor=actor if getattr(actor, "pk", None) else None,
        action="receive",
        from_status="",
        to_status=Status.RECEIVED,
    )
    audit.record(
        actor=actor,
        obj=fb,
        action="feedback.receive",
        changes={"status": [None, fb.status], "channel": [None, fb.channel]},
    )
    pk = fb.pk
    transaction.on_commit(lambda: notify_sender(pk, "receive"))
    return fb


@dataclass(frozen=True)
class Transition:
    """One step of the procedure: the one table the services check, the detail page offers as
    forms and the API accepts, so that a button is never shown for a step the service refuses."""

    sources: tuple[str, ...]
    target: str
    what: str  # the step in a refusal: «Không thể {what} khi …»
    texts: tuple[str, ...] = ()  # the free-text arguments a form or the API passes on
    due: str | None = None  # the Feedback date that judges the step on time
    notify: str | None = None  # the message sent to the sender after commit


TRANSITIONS: dict[str, Transition] = {
    "classify": Transition((Status.RECEIVED,), Status.PROCESSING, "phân loại", ("note",)),
    "reject": Transition(
        (Status.RECEIVED, Status.PROCESSING),
        Status.REJECTED,
        "từ chối",
        ("reason",),
        due="reject_due",
        notify="reject",
    ),
    "request-info": Transition(
        (Status.RECEIVED, Status.PROCESSING),
        Status.INFO_REQUESTED,
        "đề nghị bổ sung thông tin",
        ("reason",),
        due="request_info_due",
        notify="request_info",
    ),
    "info-received": Transition(
        (Status.INFO_REQUESTED,), Status.PROCESSING, "ghi nhận thông tin bổ sung", ("note",)
    ),
    "transfer": Transition(
        (Status.RECEIVED, Status.PROCESSING),
        Status.TRANSFERRED,
        "chuyển",
        ("to", "reason"),
        due="transfer_due",
        notify="transfer",
    ),
    "answer": Transition(
        (Status.PROCESSING,),
        Status.ANSWERED,
        "trả lời",
        ("answer",),
        due="answer_due",
        notify="answer",
    ),
    "publish": Transition(
        (Status.ANSWERED,), Status.PUBLISHED, "công khai", ("public_question",), due="publish_due"
    ),
}


def allowed_actions(fb: Feedback) -> list[str]:
    """The steps the case's state allows, in the table's order (rights are checked apart)."""
    return [name for name, t in TRANSITIONS.items() if fb.status in t.sources]


@dataclass
class _Step:
    fb: Feedback
    transition: Transition
    action: str
    before: dict[str, Any]
    from_status: str
    at: dt.datetime

    @property
    def day(self) -> dt.date:
        return _local_date(self.at)


def _lock(feedback: Feedback | int | str, actor: Any, expected_version: int | None) -> Feedback:
    qs = Feedback.objects.select_for_update()
    if isinstance(feedback, Feedback):
        fb = qs.get(pk=feedback.pk)
    elif isinstance(feedback, int):
        fb = qs.get(pk=feedback)
    else:
        found = qs.filter(code=feedback).first()
        if found is None:
            from cchc.core.errors import NotFound

            raise NotFound("Không có phản ánh, kiến nghị này.")
        fb = found
    if not rights.can_handle(actor, fb):
        raise Forbidden(NO_RIGHT)
    if expected_version is not None and fb.version != expected_version:
        raise Conflict("Phản ánh, kiến nghị vừa được người khác cập nhật; vui lòng tải lại.")
    return fb


def _begin(
    action: str, feedback: Feedback | int | str, actor: Any, expected_version: int | None
) -> _Step:
    """Lock the row, check the right, the version and the state the table allows."""
    t = TRANSITIONS[action]
    fb = _lock(feedback, actor, expected_version)
    if fb.status not in t.sources:
        raise Conflict(
            f"Không thể {t.what} khi phản ánh, kiến nghị đang ở trạng thái "
            f"«{fb.get_status_display()}».",
            code="wrong_state",
        )
    return _Step(fb, t, action, audit.snapshot(fb, TRACKED), fb.status, timezone.now())


def _finish(step: _Step, *, actor: Any, note: str = "") -> Feedback:
    """Move to the table's target state, judge the step against its due date, write the event
    and the audit row, and queue the sender's message for after commit."""
    fb, t = step.fb, step.transition
    fb.status = t.target
    on_time: bool | None = None
    if t.due is not None:
        due = getattr(fb, t.due)
        on_time = due is not None and step.day <= due
    fb.version += 1
    fb.public_search = _public_search(fb)
    fb.save()
    event = step.action.replace("-", "_")
    FeedbackEvent.objects.create(
        feedback=fb,
        at=step.at,
        actor=actor if getattr(actor, "pk", None) else None,
        action=event,
        from_status=step.from_status,
        to_status=fb.status,
        note=note,
        on_time=on_time,
    )
    audit.record(
        actor=actor,
        obj=fb,
        action=f"feedback.{event}",
        changes=audit.diff(step.before, audit.snapshot(fb, TRACKED)),
        reason=note,
        at=step.at,
    )
    if t.notify:
        pk, kind = fb.pk, t.notify
        transaction.on_commit(lambda: notify_sender(pk, kind))
    return fb


def _reason(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(f"Phải ghi {what}.", code="reason")
    return text


@transaction.atomic
def feedback_classify(
    *,
    actor: Any,
    feedback: Feedback | int | str,
    agency: Agency | None = None,
    field: Any = None,
    about_official: bool = False,
    official: Any = None,
    dossier: Any = None,
    note: str = "",
    expected_version: int | None = None,
) -> Feedback:
    """Accept the case for handling. A case about an official's conduct goes to the agency of
    that official (the competent one) and is linked to the person and the dossier."""
    step = _begin("classify", feedback, actor, expected_version)
    fb = step.fb
    if official is not None:
        about_official = True
        if getattr(official, "agency_id", None):
            agency = official.agency
    if agency is not None:
        if not rights.can_read(actor, Feedback(agency=agency)):
            raise Forbidden("Bạn không thể giao phản ánh, kiến nghị cho cơ quan ngoài phạm vi.")
        fb.agency = agency
    if dossier is not None:
        fb.dossier = dossier
    fb.field = field if field is not None else fb.field
    fb.about_official = about_official
    fb.official = official
    return _finish(step, actor=actor, note=note)


@transaction.atomic
def feedback_reject(
    *,
    actor: Any,
    feedback: Feedback | int | str,
    reason: str,
    expected_version: int | None = None,
) -> Feedback:
    """Decree 20/2008: an incomplete or out-of-scope case (a complaint, a denunciation) is
    refused with a reason within the reject limit."""
    step = _begin("reject", feedback, actor, expected_version)
    fb = step.fb
    fb.reason = _reason(reason, "lý do từ chối")
    fb.closed_date = step.day
    return _finish(step, actor=actor, note=fb.reason)


@transaction.atomic
def feedback_request_info(
    *,
    actor: Any,
    feedback: Feedback | int | str,
    reason: str,
    expected_version: int | None = None,
) -> Feedback:
    step = _begin("request-info", feedback, actor, expected_version)
    step.fb.reason = _reason(reason, "nội dung cần bổ sung")
    return _finish(step, actor=actor, note=step.fb.reason)


@transaction.atomic
def feedback_info_received(
    *,
    actor: Any,
    feedback: Feedback | int | str,
    note: str = "",
    expected_version: int | None = None,
) -> Feedback:
    step = _begin("info-received", feedback, actor, expected_version)
    return _finish(step, actor=actor, note=note)


@transaction.atomic
def feedback_transfer(
    *,
    actor: Any,
    feedback: Feedback | int | str,
    to: str,
    reason: str = "",
    expected_version: int | None = None,
) -> Feedback:
    """Outside the province's competence: sent on to the competent body (≤ 5 working days)."""
    step = _begin("transfer", feedback, actor, expected_version)
    fb = step.fb
    fb.transferred_to = _reason(to, "cơ quan có thẩm quyền nhận")[:300]
    fb.reason = (reason or "").strip()
    fb.closed_date = step.day
    return _finish(step, actor=actor, note=f"{fb.transferred_to}. {fb.reason}".strip(". "))


@transaction.atomic
def feedback_answer(
    *,
    actor: Any,
    feedback: Feedback | int | str,
    answer: str,
    expected_version: int | None = None,
) -> Feedback:
    step = _begin("answer", feedback, actor, expected_version)
    fb, day = step.fb, step.day
    text = _reason(answer, "nội dung trả lời")
    if len(text) > 20000:
        raise DomainError("Nội dung trả lời dài quá 20.000 ký tự.")
    _code, cal = _calendar(fb.agency)
    fb.answer = text
    fb.answered_at = step.at
    fb.answered_date = day
    fb.answered_by = actor
    fb.publish_due = cal.add_workdays(day, limits()[Step.PUBLISH])
    fb.closed_date = day
    return _finish(step, actor=actor)


@transaction.atomic
def feedback_publish(
    *,
    actor: Any,
    feedback: Feedback | int | str,
    public_question: str = "",
    expected_version: int | None = None,
) -> Feedback:
    """Publish the question and the answer on "Dân hỏi – Chính quyền trả lời". The public
    question is the content as edited by staff: names, phones and addresses are left out."""
    step = _begin("publish", feedback, actor, expected_version)
    fb = step.fb
    question = (public_question or "").strip() or fb.content
    for personal in (fb.sender_phone, fb.sender_email, fb.sender_address):
        if personal and personal in question:
            raise DomainError(
                "Câu hỏi công khai còn thông tin cá nhân của người gửi (điện thoại, thư điện "
                "tử hoặc địa chỉ); hãy bỏ đi trước khi công khai.",
                code="personal_data",
            )
    fb.public_question = question
    fb.published_at = step.at
    return _finish(step, actor=actor)


ACTIONS: dict[str, Callable[..., Feedback]] = {
    "classify": feedback_classify,
    "reject": feedback_reject,
    "request-info": feedback_request_info,
    "info-received": feedback_info_received,
    "transfer": feedback_transfer,
    "answer": feedback_answer,
    "publish": feedback_publish,
}
assert ACTIONS.keys() == TRANSITIONS.keys(), "every step has one service and one table row"


# -- messages -------------------------------------------------------------------------------


def lookup_url() -> str:
    return settings.SITE_URL.rstrip("/") + "/feedback/tra-cuu/"


def message(fb: Feedback, kind: str) -> str:
    texts = {
        "receive": f"Đã tiếp nhận phản ánh, kiến nghị mã {fb.code}; hạn trả lời "
        f"{vn_date(fb.answer_due)}.",
        "reject": f"Phản ánh, kiến nghị {fb.code} không được tiếp nhận: {fb.reason[:120]}",
        "request_info": f"Phản ánh, kiến nghị {fb.code} cần bổ sung thông tin: {fb.reason[:120]}",
        "transfer": f"Phản ánh, kiến nghị {fb.code} đã được chuyển đến {fb.transferred_to}.",
        "answer": f"Phản ánh, kiến nghị {fb.code} đã được trả lời.",
    }
    return f"{texts[kind]} Tra cứu: {lookup_url()} (mã và 4 số cuối điện thoại)."


def notify_sender(feedback_id: int, kind: str) -> None:
    """SMS through the outbox (``core.sms``) and e-mail; called after commit."""
    fb = Feedback.objects.filter(pk=feedback_id).first()
    if fb is None:
        return
    body = message(fb, kind)
    if fb.sender_phone:
        send_sms(fb.sender_phone, body)
    if fb.sender_email:
        send_mail(
            f"[{settings.SITE_NAME}] Phản ánh, kiến nghị {fb.code}",
            body,
            None,
            [fb.sender_email],
            fail_silently=True,
        )
