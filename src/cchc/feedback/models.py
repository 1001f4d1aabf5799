"""Citizen feedback and petitions (phản ánh, kiến nghị — PAKN), DOMAIN.md section 8a.

Decree 20/2008/NĐ-CP (amended by 48/2013 and 92/2017) asks for the sender's name, address and
phone; the national system's limits (reject ≤ 2, ask for more ≤ 5, transfer ≤ 5, answer ≤ 15,
publish ≤ 2 working days) are rows of ``FeedbackLimit`` so a province can follow a new text
without a release. Every change is a ``FeedbackEvent`` row plus an audit event.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PHAN_ANH = "phan_anh", _("Phản ánh")
    KIEN_NGHI = "kien_nghi", _("Kiến nghị")


class Channel(models.TextChoices):
    WEB = "web", _("Cổng thông tin (trực tuyến)")
    HOTLINE = "hotline", _("Đường dây nóng")
    BOX = "box", _("Hòm thư góp ý")
    LETTER = "letter", _("Văn bản, thư")
    RATING = "rating", _("Đánh giá hồ sơ chưa hài lòng")
    API = "api", _("Hệ thống khác (API)")


class Status(models.TextChoices):
    RECEIVED = "received", _("Mới tiếp nhận")
    PROCESSING = "processing", _("Đang xử lý")
    INFO_REQUESTED = "info_requested", _("Chờ người gửi bổ sung")
    TRANSFERRED = "transferred", _("Đã chuyển cơ quan có thẩm quyền")
    REJECTED = "rejected", _("Từ chối tiếp nhận")
    ANSWERED = "answered", _("Đã trả lời")
    PUBLISHED = "published", _("Đã công khai")


OPEN_STATUSES = (Status.RECEIVED, Status.PROCESSING, Status.INFO_REQUESTED)
CLOSED_STATUSES = (Status.TRANSFERRED, Status.REJECTED, Status.ANSWERED, Status.PUBLISHED)


class Step(models.TextChoices):
    REJECT = "reject", _("Từ chối phản ánh, kiến nghị không đủ điều kiện")
    REQUEST_INFO = "request_info", _("Đề nghị bổ sung thông tin")
    TRANSFER = "transfer", _("Chuyển cơ quan có thẩm quyền")
    ANSWER = "answer", _("Trả lời")
    PUBLISH = "publish", _("Công khai kết quả trả lời")


class FeedbackLimit(models.Model):
    """One legal time limit in working days (counted like dossier time: the day the case was
    received, or answered for ``publish``, is not counted)."""

    step = models.CharField(_("bước"), max_length=16, choices=Step.choices, unique=True)
    working_days = models.PositiveSmallIntegerField(_("số ngày làm việc"))
    source = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("thời hạn xử lý phản ánh, kiến nghị")
        verbose_name_plural = _("thời hạn xử lý phản ánh, kiến nghị")
        ordering = ["step"]
        constraints = [
            models.CheckConstraint(
                condition=Q(working_days__gte=1) & Q(working_days__lte=90),
                name="feedback_limit_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()}: {self.working_days}"


class Feedback(models.Model):
    code = models.CharField(_("mã"), max_length=32, unique=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    channel = models.CharField(_("kênh tiếp nhận"), max_length=16, choices=Channel.choices)
    title = models.CharField(_("tiêu đề"), max_length=300)
    content = models.TextField(_("nội dung"))
    sender_name = models.CharField(_("họ tên người gửi"), max_length=200)
    sender_address = models.CharField(_("địa chỉ"), max_length=400, blank=True)
    sender_phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    phone_last4 = models.CharField(max_length=4, blank=True, editable=False)
    sender_email = models.EmailField(_("thư điện tử"), blank=True)
    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("cơ quan xử lý"),
        on_delete=models.PROTECT,
        related_name="feedback_cases",
    )
    field = models.ForeignKey(
        "procedures.ProcedureField",
        verbose_name=_("lĩnh vực"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    about_official = models.BooleanField(_("về hành vi của cán bộ, công chức"), default=False)
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ bị phản ánh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_about",
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ liên quan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_cases",
    )
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices)
    calendar_code = models.CharField(max_length=32, blank=True)
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"), db_index=True)
    received_date = models.DateField(_("ngày tiếp nhận"), db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reject_due = models.DateField(_("hạn từ chối"))
    transfer_due = models.DateField(_("hạn chuyển"))
    request_info_due = models.DateField(_("hạn đề nghị bổ sung"))
    answer_due = models.DateField(_("hạn trả lời"), db_index=True)
    publish_due = models.DateField(_("hạn công khai"), null=True, blank=True)
    closed_date = models.DateField(_("ngày kết thúc"), null=True, blank=True, db_index=True)
    transferred_to = models.CharField(_("chuyển đến"), max_length=300, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_at = models.DateTimeField(_("thời điểm trả lời"), null=True, blank=True)
    answered_date = models.DateField(_("ngày trả lời"), null=True, blank=True, db_index=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    public_question = models.TextField(_("câu hỏi công khai"), blank=True)
    published_at = models.DateTimeField(_("thời điểm công khai"), null=True, blank=True)
    public_search = models.TextField(default="", editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["code", "phone_last4"]),
            models.Index(fields=["agency", "status", "answer_due"]),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(sender_name=""), name="feedback_sender_named"),
            models.CheckConstraint(
                condition=~Q(status__in=["answered", "published"])
                | (~Q(answer="") & Q(answered_date__isnull=False)),
                name="feedback_answered_has_answer",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="feedback_published_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="transferred") | ~Q(transferred_to=""),
                name="feedback_transferred_has_target",
            ),
            models.CheckConstraint(
                condition=Q(answer_due__gte=models.F("received_date")),
                name="feedback_due_after_received",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def history_visible_to(self, user) -> bool:  # noqa: ANN001 - used by core's history page
        from . import rights

        return rights.can_read(user, self)


class FeedbackEvent(models.Model):
    """One transition: who, when, from, to, why (statistics read these rows)."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("thời điểm"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("thao tác"), max_length=32)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    note = models.TextField(_("ghi chú"), blank=True)
    on_time = models.BooleanField(null=True)

    class Meta:
        verbose_name = _("diễn biến xử lý")
        verbose_name_plural = _("diễn biến xử lý")
        ordering = ["at", "id"]

    @property
    def label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))


class PrivateStorage(FileSystemStorage):
    """Attachments live outside MEDIA_ROOT: no URL serves them; a view checks rights first.
    The folder is read from settings on every use so tests can point it elsewhere."""

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(getattr(settings, "PRIVATE_MEDIA_ROOT", None) or (settings.VAR_DIR / "private"))

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)


_storage = PrivateStorage()


def private_storage() -> FileSystemStorage:
    return _storage


class Attachment(models.Model):
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to="feedback/%Y/%m/", max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="feedback_attachment_not_empty")
        ]

    def __str__(self) -> str:
        return self.original_name


ACTION_LABELS = {
    "receive": _("Tiếp nhận"),
    "classify": _("Phân loại, thụ lý"),
    "reject": _("Từ chối tiếp nhận"),
    "request_info": _("Đề nghị bổ sung thông tin"),
    "info_received": _("Nhận thông tin bổ sung"),
    "transfer": _("Chuyển cơ quan có thẩm quyền"),
    "answer": _("Trả lời"),
    "publish": _("Công khai"),
}
