"""Reform plans (DOMAIN 3): a plan, its areas, targets and tasks, each task's milestones and the
progress agencies report on them.

A task's deadline is kept twice: the text as the province wrote it (``deadline_text``, never
rewritten) and what it means (``deadline_kind`` plus ``Milestone`` rows with dates). A relative
deadline ("chậm nhất sau 30 ngày làm việc kể từ ngày văn bản ... có hiệu lực") has no due date
until its event is recorded; we never invent one.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")
    CLOSED = "closed", _("Đã kết thúc")


class AreaKey(models.TextChoices):
    """The areas of the 2021–2030 master programme plus direction; names stay per plan."""

    DIRECTION = "direction", _("Công tác chỉ đạo, điều hành")
    INSTITUTIONS = "institutions", _("Cải cách thể chế")
    PROCEDURES = "procedures", _("Cải cách thủ tục hành chính")
    APPARATUS = "apparatus", _("Cải cách tổ chức bộ máy")
    CIVIL_SERVICE = "civil_service", _("Cải cách chế độ công vụ")
    PUBLIC_FINANCE = "public_finance", _("Cải cách tài chính công")
    DIGITAL_GOVERNMENT = "digital_government", _("Xây dựng chính quyền điện tử, chính quyền số")
    OTHER = "other", _("Khác")


class DeadlineKind(models.TextChoices):
    FIXED_DATE = "fixed_date", _("Ngày cụ thể")
    PERIOD = "period", _("Thời kỳ (tháng, quý, năm)")
    MILESTONES = "milestones", _("Nhiều mốc")
    RECURRING = "recurring", _("Thường xuyên, định kỳ")
    RELATIVE = "relative", _("Tính từ một sự kiện")
    CONDITIONAL = "conditional", _("Có điều kiện")
    UNSPECIFIED = "unspecified", _("Chưa xác định")


class Comparison(models.TextChoices):
    GE = ">=", "≥"
    GT = ">", ">"
    LE = "<=", "≤"
    LT = "<", "<"


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")
    DONE_LATE = "done_late", _("Hoàn thành chậm")
    CANNOT_DO = "cannot_do", _("Không thể thực hiện")


CLOSED_STATUSES = (ProgressStatus.DONE, ProgressStatus.DONE_LATE, ProgressStatus.CANNOT_DO)
DONE_STATUSES = (ProgressStatus.DONE, ProgressStatus.DONE_LATE)


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Chờ thẩm định")
    ACCEPTED = "accepted", _("Đã chấp nhận")
    RETURNED = "returned", _("Trả lại")


class ReportRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    COORDINATOR = "coordinator", _("Phối hợp")


class Plan(models.Model):
    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        related_name="reform_plans",
    )
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    period_start = models.DateField(_("từ ngày"), null=True, blank=True)
    period_end = models.DateField(_("đến ngày"), null=True, blank=True)
    number = models.CharField(_("số kế hoạch/quyết định"), max_length=64, blank=True)
    decided_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.CharField(_("tên kế hoạch"), max_length=500)
    legal_bases = models.TextField(_("căn cứ"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("kế hoạch cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    search_text = models.CharField(max_length=700, default="", editable=False)

    class Meta:
        verbose_name = _("kế hoạch CCHC")
        verbose_name_plural = _("kế hoạch CCHC")
        ordering = ["-year", "-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=False)
                | (Q(period_start__isnull=False) & Q(period_end__isnull=False)),
                name="plan_year_or_period",
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="plan_period_order",
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="plan_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period_label(self) -> str:
        if self.year:
            return str(self.year)
        return f"{self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y}"


class PlanArea(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="areas")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên lĩnh vực"), max_length=300)
    key = models.CharField(_("lĩnh vực chuẩn"), max_length=32, choices=AreaKey.choices, blank=True)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="plan_area_order_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    area = models.ForeignKey(
        PlanArea, null=True, blank=True, on_delete=models.SET_NULL, related_name="targets"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    sentence = models.TextField(_("chỉ tiêu"))
    value = models.DecimalField(
        _("giá trị"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("đơn vị"), max_length=50, blank=True)
    comparison = models.CharField(
        _("so sánh"), max_length=2, choices=Comparison.choices, default=Comparison.GE
    )
    indicator = models.CharField(
        _("chỉ số đo"),
        max_length=64,
        blank=True,
        help_text=_("Khóa chỉ số trong sổ chỉ số của phân hệ báo cáo (ví dụ on_time_rate)."),
    )
    responsible = models.ManyToManyField(
        "organizations.Agency", blank=True, related_name="reform_targets", verbose_name=_("chủ trì")
    )
    monitoring = models.ManyToManyField(
        "organizations.Agency", blank=True, related_name="+", verbose_name=_("theo dõi")
    )

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["plan", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="target_value_non_negative"
            )
        ]

    def __str__(self) -> str:
        return self.sentence[:120]


class TargetActual(models.Model):
    """An actual entered by hand for a target no indicator measures, with its evidence.

    Rows are history, never edited: each entry is a figure as of a date, with the document it
    came from, so the report of a past period still prints the figure it had (the latest entry
    as of the period's end) and a corrected figure keeps the one it replaced beside it. The
    entry that counts is the latest by ``as_of``, then by ``entered_at``. A database trigger
    (migration 0002) refuses a row for a target that an indicator measures."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="actuals")
    value = models.DecimalField(_("số liệu thực tế"), max_digits=12, decimal_places=2)
    as_of = models.DateField(_("số liệu tính đến ngày"))
    document_ref = models.CharField(_("văn bản minh chứng"), max_length=300, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("sửa số liệu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("số liệu thực tế của chỉ tiêu")
        verbose_name_plural = _("số liệu thực tế của chỉ tiêu")
        ordering = ["target", "-as_of", "-entered_at", "-id"]
        indexes = [models.Index(fields=["target", "as_of"], name="target_actual_as_of")]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="target_actual_non_negative"),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(note=""),
                name="target_actual_correction_has_note",
            ),
            models.CheckConstraint(
                condition=~Q(corrects=models.F("id")), name="target_actual_not_own_correction"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} · {self.value} ({self.as_of:%d/%m/%Y})"[:300]

    def history_visible_to(self, user) -> bool:
        from . import selectors

        return selectors.plan_visible(user, self.target.plan)


class Task(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    area = models.ForeignKey(PlanArea, on_delete=models.PROTECT, related_name="tasks")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    number = models.CharField(_("số thứ tự"), max_length=32, blank=True)
    subsection = models.CharField(_("nhóm nhiệm vụ"), max_length=300, blank=True)
    content = models.TextField(_("nội dung nhiệm vụ"))
    leads = models.ManyToManyField(
        "organizations.Agency",
        through="TaskLead",
        related_name="led_reform_tasks",
        verbose_name=_("cơ quan chủ trì"),
    )
    coordinators = models.ManyToManyField(
        "organizations.Agency",
        blank=True,
        related_name="coordinated_reform_tasks",
        verbose_name=_("cơ quan phối hợp"),
    )
    lead_text = models.TextField(_("chủ trì (như văn bản)"), blank=True)
    coordinators_text = models.TextField(_("phối hợp (như văn bản)"), blank=True)
    # Names in the lead/coordinator cells that are not one agency, kept as written:
    # {"text", "role": "lead"|"coordinator", "kind": "group"|"unresolved", "group": key}.
    mentions = models.JSONField(_("cơ quan ghi nguyên văn"), default=list, blank=True)
    # " departments communes ": the agency groups mentioned, so that "Các sở, ban, ngành"
    # shows the task to every department (an indexable substring filter on both databases).
    group_keys = models.CharField(max_length=120, blank=True, default="")
    deadline_text = models.TextField(_("thời gian hoàn thành (như văn bản)"), blank=True)
    deadline_kind = models.CharField(
        _("loại thời hạn"),
        max_length=16,
        choices=DeadlineKind.choices,
        default=DeadlineKind.UNSPECIFIED,
    )
    source = models.CharField(_("nguồn"), max_length=200, blank=True)
    status = models.CharField(
        _("tình trạng"),
        max_length=16,
        choices=ProgressStatus.choices,
        default=ProgressStatus.NOT_STARTED,
    )
    percent = models.PositiveSmallIntegerField(_("tỷ lệ hoàn thành (%)"), default=0)
    search_text = models.TextField(default="", editable=False)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["plan", "area__order", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100), name="task_percent_range"
            )
        ]

    def __str__(self) -> str:
        head = f"{self.number} " if self.number else ""
        return (head + self.content)[:200]

    def history_visible_to(self, user) -> bool:
        from . import selectors

        return selectors.task_visible(user, self)

    @property
    def lead_mentions(self) -> list[dict]:
        return [m for m in self.mentions if m.get("role") == "lead"]

    @property
    def coordinator_mentions(self) -> list[dict]:
        return [m for m in self.mentions if m.get("role") != "lead"]

    @property
    def group_mentions(self) -> list[str]:
        return [m["text"] for m in self.mentions if m.get("kind") == "group"]

    @property
    def unresolved_names(self) -> list[str]:
        return [m["text"] for m in self.mentions if m.get("kind") == "unresolved"]


class TaskLead(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="lead_links")
    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("vai trò"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["task", "order"]
        constraints = [models.UniqueConstraint(fields=["task", "agency"], name="task_lead_unique")]


class Product(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="products")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.TextField(_("sản phẩm"))

    class Meta:
        verbose_name = _("sản phẩm")
        verbose_name_plural = _("sản phẩm")
        ordering = ["task", "order"]

    def __str__(self) -> str:
        return self.name


class Milestone(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones")
    order = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("mốc"), max_length=500, blank=True)
    due = models.DateField(_("hạn"), null=True, blank=True)
    start = models.DateField(_("bắt đầu"), null=True, blank=True)
    relative_days = models.PositiveIntegerField(_("số ngày sau sự kiện"), null=True, blank=True)
    relative_unit = models.CharField(_("đơn vị"), max_length=32, blank=True)
    event = models.CharField(_("sự kiện"), max_length=500, blank=True)
    event_date = models.DateField(_("ngày xảy ra sự kiện"), null=True, blank=True)
    recurrence = models.CharField(_("định kỳ"), max_length=32, blank=True)
    status = models.CharField(
        _("tình trạng"),
        max_length=16,
        choices=ProgressStatus.choices,
        default=ProgressStatus.NOT_STARTED,
    )
    percent = models.PositiveSmallIntegerField(_("tỷ lệ hoàn thành (%)"), default=0)
    reason = models.TextField(_("lý do"), blank=True)
    done_at = models.DateField(_("ngày hoàn thành"), null=True, blank=True)

    class Meta:
        verbose_name = _("mốc thời hạn")
        verbose_name_plural = _("mốc thời hạn")
        ordering = ["task", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100), name="milestone_percent_range"
            ),
            models.CheckConstraint(
                condition=~Q(status="cannot_do") | ~Q(reason=""),
                name="milestone_cannot_do_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["done", "done_late"]) | Q(done_at__isnull=False),
                name="milestone_done_has_date",
            ),
            models.UniqueConstraint(fields=["task", "order"], name="milestone_order_unique"),
        ]

    def __str__(self) -> str:
        return self.label or str(self.task)

    @property
    def is_overdue(self) -> bool:
        return milestone_state(self.status, self.due, self.done_at, timezone.localdate()) == (
            "overdue"
        )

    @property
    def awaits_event(self) -> bool:
        return self.due is None and self.relative_days is not None and self.event_date is None


def milestone_state(
    status: str, due: dt.date | None, done_at: dt.date | None, as_of: dt.date
) -> str:
    """The one classifier of a milestone, as of the end of ``as_of``: 'on_time', 'late',
    'cannot_do', 'overdue' (due passed, not closed) or 'open'. Plan pages, the overdue list
    (``selectors.overdue_q`` is its SQL form for ``as_of`` = today) and the statistics use it."""
    if status in DONE_STATUSES and (done_at is None or done_at <= as_of):
        late = status == ProgressStatus.DONE_LATE or (
            due is not None and done_at is not None and done_at > due
        )
        return "late" if late else "on_time"
    if status == ProgressStatus.CANNOT_DO:
        return "cannot_do"
    if due is not None and due < as_of:
        return "overdue"
    return "open"


class MilestoneChange(models.Model):
    """Typed history of a milestone's status: the year-end view and the on-time counts are
    computed from these rows (who, when, from, to, due at that moment)."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=32)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    percent = models.PositiveSmallIntegerField(default=0)
    due = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]


def evidence_path(instance: EvidenceFile, filename: str) -> str:
    now = timezone.now()
    return f"plans/evidence/{now:%Y/%m}/{filename}"


class ProgressReport(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("cơ quan báo cáo"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=ReportRole.choices)
    status = models.CharField(_("tình trạng"), max_length=16, choices=ProgressStatus.choices)
    percent = models.PositiveSmallIntegerField(_("tỷ lệ hoàn thành (%)"), default=0)
    note = models.TextField(_("nội dung báo cáo"), blank=True)
    reason = models.TextField(_("lý do không thể thực hiện"), blank=True)
    done_at = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    evidence_number = models.CharField(_("số văn bản minh chứng"), max_length=100, blank=True)
    evidence_date = models.DateField(_("ngày văn bản minh chứng"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(default=timezone.now)
    # What the milestone looked like before this report, restored when Home Affairs returns it.
    previous = models.JSONField(default=dict, blank=True)
    review_status = models.CharField(
        _("thẩm định"), max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("ý kiến thẩm định"), blank=True)

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["-reported_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100), name="report_percent_range"
            ),
            models.CheckConstraint(
                condition=~Q(review_status="returned") | ~Q(review_comment=""),
                name="report_returned_has_comment",
            ),
            models.CheckConstraint(
                condition=~Q(status="cannot_do") | ~Q(reason=""),
                name="report_cannot_do_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.get_status_display()} · {self.task}"[:300]

    def history_visible_to(self, user) -> bool:
        from . import selectors

        return selectors.task_visible(user, self.task)


class EvidenceFile(models.Model):
    """A file proving a progress report or a hand-entered target actual (one of the two)."""

    report = models.ForeignKey(
        ProgressReport, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    actual = models.ForeignKey(
        TargetActual, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("tệp minh chứng"), upload_to=evidence_path, max_length=300)
    name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(report__isnull=False) & Q(actual__isnull=True))
                | (Q(report__isnull=True) & Q(actual__isnull=False)),
                name="evidence_of_one_thing",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Comment(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("ý kiến"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="comment_not_empty")]

    def __str__(self) -> str:
        return self.body[:80]


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xác nhận")
    COMMITTED = "committed", _("Đã nhập")


class PlanImport(models.Model):
    """An uploaded appendix waiting for a person to resolve agency names and commit it; the
    preview is stored server-side so the commit imports exactly what was shown."""

    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên kế hoạch"), max_length=500, blank=True)
    number = models.CharField(_("số kế hoạch"), max_length=64, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    parent = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=255)
    preview = models.JSONField(default=dict)
    status = models.CharField(
        max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="imports"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
