"""One-stop dossiers (hồ sơ TTHC), DOMAIN.md section 5.

The statistics of seed 003 are read from four dates kept on the row: ``received_date``,
``due_date`` (the appointment that counts: set at receipt, moved by the citizen's waiting time
when a supplement paused the clock, or re-set where the procedure's rule restarts it; an
apology's new date is kept apart in ``apology_due_date`` and never makes a late dossier on
time), ``finished_date`` (result ready, refused or stopped after receipt) and ``timeliness``
fixed at finishing. The appointment given at receipt stays in ``first_due_date`` for reprints
of the receipt. Every change is a ``DossierEvent`` row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    DESK = "desk", _("Trực tiếp tại Bộ phận Một cửa")
    ONLINE_FULL = "online_full", _("Trực tuyến toàn trình")
    ONLINE_PARTIAL = "online_partial", _("Trực tuyến một phần")
    POST = "post", _("Dịch vụ bưu chính công ích")


ONLINE_CHANNELS = (Channel.ONLINE_FULL, Channel.ONLINE_PARTIAL)


class Status(models.TextChoices):
    DESK_SUPPLEMENT = "desk_supplement", _("Chờ bổ sung tại Một cửa")
    RECEIVED = "received", _("Đã tiếp nhận")
    IN_PROGRESS = "in_progress", _("Đang giải quyết")
    SUPPLEMENT = "supplement", _("Chờ bổ sung, hoàn thiện")
    RESULT_READY = "result_ready", _("Đã có kết quả")
    RETURNED = "returned", _("Đã trả kết quả")
    REFUSED = "refused", _("Từ chối")
    STOPPED = "stopped", _("Dừng giải quyết")


OPEN_STATUSES = (Status.RECEIVED, Status.IN_PROGRESS, Status.SUPPLEMENT)
FINISHED_STATUSES = (Status.RESULT_READY, Status.RETURNED, Status.REFUSED, Status.STOPPED)
# What can wait in someone's queue (``selectors.my_queue``): open, at the desk, result ready.
QUEUE_STATUSES = (*OPEN_STATUSES, Status.DESK_SUPPLEMENT, Status.RESULT_READY)


def finished_late_q() -> Q:
    """Finished after its appointment (DOMAIN 7): marked late, or, its timeliness left blank,
    finished after the due date. The one definition behind the "late" figures
    (``selectors.figure_q``) and the condition of the partial index that lists them."""
    return Q(timeliness="late") | Q(
        timeliness="", due_date__isnull=False, finished_date__gt=models.F("due_date")
    )


class OpenUntil(models.Func):
    """``COALESCE(finished_date, '9999-12-31')``: a dossier is open at the end of a day when
    this is after it (``selectors.open_on_q``). One expression, indexed, where the
    ``finished_date IS NULL OR finished_date > day`` it replaces can use no index. The date is
    written out, not a parameter: SQLite matches an indexed expression only on its literal
    text."""

    template = "COALESCE(%(expressions)s, '9999-12-31')"
    output_field = models.DateField()

    def __init__(self) -> None:
        super().__init__(models.F("finished_date"))


class Timeliness(models.TextChoices):
    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("Cá nhân")
    ORGANISATION = "organisation", _("Tổ chức")


class RuleSet(models.TextChoices):
    R2018 = "2018", _("Nghị định 61/2018, Thông tư 01/2018/TT-VPCP")
    R2025 = "2025", _("Nghị định 118/2025, Thông tư 03/2025/TT-VPCP")


class Dossier(models.Model):
    code = models.CharField(_("mã hồ sơ"), max_length=64, unique=True)
    procedure = models.ForeignKey(
        "procedures.Procedure",
        verbose_name=_("thủ tục"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    desk = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("nơi tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="received_dossiers",
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("cơ quan giải quyết"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    level = models.CharField(_("cấp"), max_length=16, blank=True, db_index=True)
    calendar_code = models.CharField(max_length=32, blank=True)
    rule_set = models.CharField(
        _("bộ quy định áp dụng"), max_length=4, choices=RuleSet.choices, default=RuleSet.R2025
    )

    applicant_kind = models.CharField(
        _("loại người nộp"),
        max_length=16,
        choices=ApplicantKind.choices,
        default=ApplicantKind.PERSON,
    )
    applicant_name = models.CharField(_("họ tên người nộp / tổ chức"), max_length=255)
    applicant_id_number = models.CharField(_("số định danh / mã số"), max_length=32, blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=400, blank=True)
    applicant_phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    phone_last4 = models.CharField(max_length=4, blank=True, editable=False)

    channel = models.CharField(_("hình thức nộp"), max_length=16, choices=Channel.choices)
    return_by_post = models.BooleanField(_("nhận kết quả qua bưu chính"), default=False)
    components = models.JSONField(_("thành phần hồ sơ đã nhận"), default=list, blank=True)
    sets = models.PositiveSmallIntegerField(_("số bộ hồ sơ"), default=1)

    received_at = models.DateTimeField(_("thời điểm tiếp nhận"))  # indexed with id below
    received_date = models.DateField(_("ngày tiếp nhận"), db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tiếp nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    clock_start = models.DateTimeField(_("bắt đầu tính thời hạn"), null=True, blank=True)
    # What the clock holds from ``clock_start`` once a supplement paused it (None: the
    # procedure's whole statutory time), in the procedure's unit.
    time_budget = models.DecimalField(
        _("thời hạn còn lại khi tính tiếp"), max_digits=9, decimal_places=3, null=True, blank=True
    )
    first_due_at = models.DateTimeField(
        _("hẹn trả ghi trên phiếu tiếp nhận"), null=True, blank=True
    )
    first_due_date = models.DateField(_("ngày hẹn trả khi tiếp nhận"), null=True, blank=True)
    due_at = models.DateTimeField(_("hẹn trả kết quả"), null=True, blank=True)
    due_date = models.DateField(_("ngày hẹn trả"), null=True, blank=True, db_index=True)
    apology_due_date = models.DateField(_("ngày hẹn lại"), null=True, blank=True)
    apology_due_at = models.DateTimeField(_("thời điểm hẹn lại"), null=True, blank=True)
    apology_reason = models.TextField(_("lý do xin lỗi, gia hạn"), blank=True)
    apologized_at = models.DateTimeField(_("thời điểm xin lỗi"), null=True, blank=True)
    apology_late = models.BooleanField(
        _("xin lỗi muộn"),
        default=False,
        help_text=_("Văn bản xin lỗi ghi nhận sau hạn phải xin lỗi: không tính là đã thực hiện."),
    )

    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, db_index=True)
    current_step = models.PositiveSmallIntegerField(_("bước hiện tại"), null=True, blank=True)
    step_due_at = models.DateTimeField(_("hạn của bước"), null=True, blank=True)
    current_agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("đang ở cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    current_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đang xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_dossiers",
    )
    supplement_count = models.PositiveSmallIntegerField(_("số lần yêu cầu bổ sung"), default=0)
    desk_supplement_count = models.PositiveSmallIntegerField(
        _("số lần yêu cầu bổ sung tại Một cửa"), default=0
    )
    supplement_started_at = models.DateTimeField(null=True, blank=True)

    finished_at = models.DateTimeField(_("thời điểm hoàn thành"), null=True, blank=True)
    finished_date = models.DateField(_("ngày hoàn thành"), null=True, blank=True, db_index=True)
    timeliness = models.CharField(
        _("tiến độ"), max_length=8, choices=Timeliness.choices, blank=True
    )
    result_text = models.TextField(_("kết quả"), blank=True)
    returned_at = models.DateTimeField(_("thời điểm trả kết quả"), null=True, blank=True)
    refusal_reason = models.TextField(_("lý do từ chối"), blank=True)
    stop_reason = models.TextField(_("lý do dừng"), blank=True)

    code_imported = models.BooleanField(
        _("mã từ hệ thống cũ"),
        default=False,
        help_text=_("Hồ sơ nhập từ hệ thống cũ giữ nguyên mã hồ sơ đã cấp."),
    )
    book_number = models.CharField(_("số sổ"), max_length=32, blank=True)
    book_line = models.PositiveIntegerField(_("số thứ tự trong sổ"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    search_text = models.CharField(max_length=600, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-received_at"]
        permissions = [
            ("import_history", _("Nhập hồ sơ lịch sử với thời điểm tiếp nhận, xử lý đã qua")),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "due_date"]),
            models.Index(fields=["agency", "received_date"]),
            models.Index(fields=["agency", "finished_date"]),
            models.Index(fields=["current_owner", "status"]),
            # The public lookup matches the code whatever its case (code__iexact, i.e.
            # UPPER(code)): an index on the bare code cannot serve it, and at 1,000,000
            # dossiers every lookup scanned the whole index (~250 ms; benchmarks/load.py).
            models.Index(Upper("code"), "phone_last4", name="dossier_lookup_code_phone"),
            models.Index(fields=["current_agency", "status"], name="dossier_current_agency_status"),
            # The lists at a million (newest first, keyset pages): the order itself, and each
            # filter the pages and the API offer followed by the order, so a page reads about
            # its own rows whatever the depth.
            models.Index(fields=["received_at", "id"], name="dossier_newest"),
            models.Index(fields=["status", "received_at", "id"], name="dossier_status_newest"),
            models.Index(fields=["channel", "received_at", "id"], name="dossier_channel_newest"),
            models.Index(fields=["agency", "received_at", "id"], name="dossier_agency_newest"),
            models.Index(
                fields=["received_at", "id"],
                condition=Q(supplement_count__gte=2),
                name="dossier_repeated_newest",
            ),
            # The lists of late and overdue dossiers (a few in a thousand): the late figure
            # reads its partial index newest first; "open at the end of a day" (the overdue
            # figures, the late tab) is a range of one indexed expression; the API's
            # ``late=true`` (marked late, or overdue) is the union of two index searches.
            models.Index(
                fields=["received_at", "id"],
                condition=finished_late_q(),
                name="dossier_late_newest",
            ),
            models.Index(
                fields=["timeliness"], condition=Q(timeliness="late"), name="dossier_marked_late"
            ),
            models.Index(OpenUntil(), name="dossier_open_until"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(finished_date__isnull=True)
                | Q(finished_date__gte=models.F("received_date")),
                name="dossier_finished_after_received",
            ),
            models.CheckConstraint(
                condition=~Q(timeliness="late") | Q(finished_date__isnull=False),
                name="dossier_late_only_when_finished",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def history_visible_to(self, user) -> bool:
        """Whoever may read the dossier reads its audit trail (the desk included)."""
        from .rights import can_read

        return can_read(user, self)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_repeated_supplement(self) -> bool:
        """Two or more supplement requests during processing: the failure seed 000 wants
        visible."""
        return self.supplement_count >= 2

    @property
    def is_repeated_desk_supplement(self) -> bool:
        """Sent back from the desk two or more times before the file was accepted (seed 000)."""
        return self.desk_supplement_count >= 2

    @property
    def apology_in_time(self) -> bool:
        """An apology that meets the duty: recorded before its deadline (DOMAIN 5, 7)."""
        return self.apologized_at is not None and not self.apology_late


# What each DossierEvent.action means, for timelines and the public lookup.
ACTION_LABELS = {
    "receive": "Tiếp nhận hồ sơ",
    "desk_supplement": "Yêu cầu bổ sung tại Một cửa",
    "transfer": "Chuyển xử lý",
    "request_supplement": "Yêu cầu bổ sung, hoàn thiện",
    "supplement_received": "Nhận hồ sơ bổ sung",
    "apologize": "Xin lỗi, hẹn lại ngày trả",
    "stop": "Dừng giải quyết",
    "result_ready": "Đã có kết quả",
    "return": "Trả kết quả",
    "refuse": "Từ chối",
    "recompute": "Tính lại hạn do thay đổi lịch làm việc",
}


class DossierEvent(models.Model):
    """One row per change of state or hand-off: the control sheet (form 06) and the timeline."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("thời điểm"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("thao tác"), max_length=32)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    from_agency = models.ForeignKey(
        "organizations.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_agency = models.ForeignKey(
        "organizations.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("diễn biến hồ sơ")
        verbose_name_plural = _("diễn biến hồ sơ")
        ordering = ["dossier", "at", "id"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.action} {self.at:%d/%m/%Y %H:%M}"

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)


class SupplementRequest(models.Model):
    class Stage(models.TextChoices):
        DESK = "desk", _("Tại Bộ phận Một cửa")
        PROCESSING = "processing", _("Trong quá trình giải quyết")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="supplements")
    stage = models.CharField(max_length=16, choices=Stage.choices)
    requested_at = models.DateTimeField(_("thời điểm yêu cầu"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("cơ quan yêu cầu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    items = models.TextField(_("nội dung cần bổ sung"))
    reason = models.TextField(_("lý do"), blank=True)
    received_at = models.DateTimeField(_("thời điểm nhận bổ sung"), null=True, blank=True)
    # The clock's rule at the request (procedures.SupplementRule), the time already used and
    # what is left when the file comes back, in the procedure's unit.
    rule = models.CharField(_("cách tính thời hạn"), max_length=8, blank=True)
    time_used = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    time_left = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)

    class Meta:
        verbose_name = _("yêu cầu bổ sung")
        verbose_name_plural = _("yêu cầu bổ sung")
        ordering = ["dossier", "requested_at"]


class DailySequence(models.Model):
    """Per agency and day, the last number handed out in a dossier code (Circular 04/2025);
    incremented under a row lock so concurrent receipts never share a code."""

    # No index of its own (nor the book's desk): the unique constraint begins with it, and a
    # second b-tree would be written on every receipt (issue 14).
    agency = models.ForeignKey(
        "organizations.Agency", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="one_sequence_per_agency_day")
        ]


class BookSequence(models.Model):
    """Per desk and year, the last line written in the tracking book (sổ theo dõi hồ sơ, form
    07): the receipt (form 01) cites the book and its line."""

    desk = models.ForeignKey(
        "organizations.Agency", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["desk", "year"], name="one_book_per_desk_year")
        ]


class Notification(models.Model):
    """One message (SMS and/or e-mail) telling the applicant about a change of their dossier.
    Written with the change (the rows in state QUEUED are the outbox) and sent after commit by a
    background task (``tasks.send_queued_notifications``, woken on commit, one for any number of
    changes) so a gateway's failure never undoes or fails the officer's action; each attempt is
    counted here and a bounded number are made (``DOSSIER_NOTIFY_ATTEMPTS``), a retry by a task
    of its own (``tasks.send_notification``)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Chờ gửi")
        RETRYING = "retrying", _("Gửi lỗi, sẽ gửi lại")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi không thành công")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("loại thông báo"), max_length=32)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    state = models.CharField(
        _("tình trạng"), max_length=16, choices=State.choices, default=State.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    task_id = models.CharField(_("mã tác vụ"), max_length=64, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo cho người nộp")
        verbose_name_plural = _("thông báo cho người nộp")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "created_at"], name="notification_state_idx")]

    def __str__(self) -> str:
        return f"{self.kind} · {self.get_state_display()}"
