"""Periodic reform reports (báo cáo định kỳ: quý, 6 tháng, 9 tháng, năm), DOMAIN.md 7 and 10.

A ``ReportKind`` says who must report, on which period, by which day and with which sections
(policy a province changes, so it is data, editable in the admin). Each ``ReportPeriod`` of a
kind expects one ``AgencyReport`` per reporting agency; agencies fill the sections (narrative
per reform area, numbers pre-filled from the indicators and overridable with a reason), attach
files and submit; Home Affairs accepts or returns them. The province's own report is assembled
from the indicators and the accepted sections (``province_report.py``).

Imported by ``reports/models.py`` so that Django registers these models in the reports app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = [
    "AgencyReport",
    "AgencyReportSection",
    "PeriodType",
    "ReportAttachment",
    "ReportFigure",
    "ReportKind",
    "ReportPeriod",
    "ReportSectionTemplate",
    "ReportStatus",
]


class PeriodType(models.TextChoices):
    QUARTER = "quarter", _("Quý")
    HALF_YEAR = "half_year", _("6 tháng")
    NINE_MONTHS = "nine_months", _("9 tháng")
    YEAR = "year", _("Năm")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    RETURNED = "returned", _("Trả lại để bổ sung")


class ReportKind(models.Model):
    code = models.CharField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên loại báo cáo"), max_length=255)
    period_type = models.CharField(_("kỳ báo cáo"), max_length=16, choices=PeriodType.choices)
    province = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("cơ quan ban hành báo cáo tổng hợp"),
        on_delete=models.PROTECT,
        related_name="report_kinds",
    )
    agencies = models.ManyToManyField(
        "organizations.Agency",
        verbose_name=_("cơ quan phải báo cáo"),
        blank=True,
        related_name="required_report_kinds",
    )
    agency_kinds = models.JSONField(
        _("loại cơ quan phải báo cáo"),
        default=list,
        blank=True,
        help_text=_("Ví dụ: department, commune. Cộng thêm với danh sách cơ quan chọn ở trên."),
    )
    agency_groups = models.JSONField(_("nhóm cơ quan phải báo cáo"), default=list, blank=True)
    due_day = models.PositiveSmallIntegerField(
        _("ngày hạn gửi"), default=15, help_text=_("Ngày trong tháng (tháng cuối kỳ + độ lệch).")
    )
    due_month_offset = models.SmallIntegerField(
        _("độ lệch tháng của hạn gửi"),
        default=0,
        help_text=_("0: trong tháng cuối kỳ; 1: tháng sau kỳ báo cáo."),
    )
    # Decree 09/2019/NĐ-CP Art. 12 (DOMAIN 7 [check]) by default: data from the 15th of the
    # month before the period to the 14th of its last month.
    cutoff_day = models.PositiveSmallIntegerField(
        _("ngày chốt số liệu"),
        null=True,
        blank=True,
        default=14,
        help_text=_(
            "Mặc định 14: kỳ từ ngày 15 tháng trước kỳ đến ngày 14 tháng cuối kỳ (Điều 12 Nghị "
            "định 09/2019/NĐ-CP). Để trống: số liệu theo tháng dương lịch."
        ),
    )
    doc_symbol = models.CharField(_("ký hiệu văn bản"), max_length=32, default="BC-UBND")
    title = models.CharField(
        _("trích yếu"),
        max_length=300,
        default="Kết quả thực hiện công tác cải cách hành chính {period}",
        help_text=_("{period} được thay bằng tên kỳ, ví dụ “6 tháng đầu năm 2026”."),
    )
    opening = models.TextField(
        _("đoạn mở đầu"),
        blank=True,
        default="{issuer} báo cáo kết quả thực hiện công tác cải cách hành chính {period} "
        "với những nội dung chủ yếu như sau:",
    )
    closing = models.TextField(_("đoạn kết"), blank=True)
    signing_capacity = models.CharField(
        _("thẩm quyền ký"), max_length=100, default="TM. ỦY BAN NHÂN DÂN"
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100, default="CHỦ TỊCH")
    signer_name = models.CharField(_("họ tên người ký"), max_length=100, blank=True)
    recipients = models.TextField(
        _("nơi nhận"),
        blank=True,
        help_text=_("Mỗi dòng một nơi nhận; dòng cuối thường là “Lưu: VT, ...”."),
    )
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        db_table = "reports_reportkind"  # the table of the former reports app
        verbose_name = _("loại báo cáo định kỳ")
        verbose_name_plural = _("loại báo cáo định kỳ")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ReportSectionTemplate(models.Model):
    """One heading of the report: level 1 is a Roman part (I., II.), level 2 a numbered area
    (1., 2.) inside the last part, as in seed 003."""

    kind = models.ForeignKey(ReportKind, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    level = models.PositiveSmallIntegerField(
        _("cấp đề mục"), default=2, choices=[(1, "I."), (2, "1.")]
    )
    code = models.SlugField(_("mã"), max_length=40)
    title = models.CharField(_("tiêu đề"), max_length=300)
    area = models.CharField(_("lĩnh vực cải cách"), max_length=64, blank=True)
    guidance = models.TextField(_("hướng dẫn nội dung"), blank=True)
    tables = models.JSONField(
        _("bảng số liệu điền sẵn"),
        default=list,
        blank=True,
        help_text=_('Ví dụ: ["dossiers", "procedures"].'),
    )
    narrative = models.BooleanField(_("đơn vị viết nội dung"), default=True)

    class Meta:
        db_table = "reports_reportsectiontemplate"  # the table of the former reports app
        verbose_name = _("đề mục mẫu báo cáo")
        verbose_name_plural = _("đề mục mẫu báo cáo")
        ordering = ["kind", "order"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="report_section_code"),
            models.UniqueConstraint(fields=["kind", "order"], name="report_section_order"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """A table code no app gives is refused when the template is edited, not found out
        when the chairman's report is printed."""
        from django.core.exceptions import ValidationError

        from .province_report import known_tables

        known = known_tables()
        tables = self.tables if isinstance(self.tables, list) else []
        unknown = [str(t) for t in tables if t not in known]
        if unknown or not isinstance(self.tables, list):
            raise ValidationError(
                {
                    "tables": _("Không có bảng số liệu %(codes)s; các bảng có: %(known)s.")
                    % {"codes": ", ".join(unknown) or "?", "known": ", ".join(sorted(known))}
                }
            )


class ReportPeriod(models.Model):
    kind = models.ForeignKey(ReportKind, on_delete=models.CASCADE, related_name="periods")
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveSmallIntegerField(_("kỳ số"), default=1)
    label = models.CharField(_("tên kỳ"), max_length=100)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    due_date = models.DateField(_("hạn gửi báo cáo"))
    doc_number = models.CharField(_("số văn bản"), max_length=16, blank=True)
    doc_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "reports_reportperiod"  # the table of the former reports app
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-end", "kind__name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "number"], name="report_period_once"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="period_range"),
        ]

    def __str__(self) -> str:
        return f"{self.kind.name} – {self.label}"


class AgencyReport(models.Model):
    period = models.ForeignKey(ReportPeriod, on_delete=models.CASCADE, related_name="reports")
    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("cơ quan báo cáo"),
        on_delete=models.PROTECT,
        related_name="periodic_reports",
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=ReportStatus.choices,
        default=ReportStatus.DRAFT,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    on_time = models.BooleanField(_("đúng hạn"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("xem xét lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_comment = models.TextField(_("ý kiến của Sở Nội vụ"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "reports_agencyreport"  # the table of the former reports app
        verbose_name = _("báo cáo của cơ quan")
        verbose_name_plural = _("báo cáo của cơ quan")
        ordering = ["period", "agency__path"]
        constraints = [
            models.UniqueConstraint(fields=["period", "agency"], name="one_report_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency} – {self.period.label}"

    @property
    def is_editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)

    def history_visible_to(self, user) -> bool:  # noqa: ANN001 - core.views asks this
        from . import rights

        return rights.can_read(user, self.agency)


class AgencyReportSection(models.Model):
    report = models.ForeignKey(AgencyReport, on_delete=models.CASCADE, related_name="sections")
    template = models.ForeignKey(ReportSectionTemplate, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("nội dung"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "reports_agencyreportsection"  # the table of the former reports app
        verbose_name = _("nội dung đề mục")
        verbose_name_plural = _("nội dung đề mục")
        ordering = ["report", "template__order"]
        constraints = [
            models.UniqueConstraint(fields=["report", "template"], name="one_section_per_template")
        ]

    def __str__(self) -> str:
        return self.template.title


class ReportFigure(models.Model):
    """A number pre-filled from the indicators. The computed value is kept beside the agency's
    override and its reason, so Home Affairs sees both where the agency disagrees."""

    section = models.ForeignKey(
        AgencyReportSection, on_delete=models.CASCADE, related_name="figures"
    )
    key = models.CharField(_("chỉ tiêu"), max_length=64)
    label = models.CharField(_("tên chỉ tiêu"), max_length=200)
    unit = models.CharField(_("đơn vị"), max_length=16, default="int")
    order = models.PositiveSmallIntegerField(default=0)
    computed_value = models.DecimalField(
        _("số liệu hệ thống"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    computed_at = models.DateTimeField(_("tính lúc"), null=True, blank=True)
    override_value = models.DecimalField(
        _("số liệu đơn vị báo cáo"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    override_reason = models.TextField(_("lý do điều chỉnh"), blank=True)

    class Meta:
        db_table = "reports_reportfigure"  # the table of the former reports app
        verbose_name = _("số liệu báo cáo")
        verbose_name_plural = _("số liệu báo cáo")
        ordering = ["section", "order"]
        constraints = [
            models.UniqueConstraint(fields=["section", "key"], name="one_figure_per_key"),
            models.CheckConstraint(
                condition=Q(override_value__isnull=True) | ~Q(override_reason=""),
                name="figure_override_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def value(self):
        return self.override_value if self.override_value is not None else self.computed_value

    @property
    def is_overridden(self) -> bool:
        return self.override_value is not None


def _attachment_path(instance: ReportAttachment, filename: str) -> str:
    return f"reports/{instance.report.period_id}/{instance.report.agency_id}/{filename}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(AgencyReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to=_attachment_path, max_length=300)
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "reports_reportattachment"  # the table of the former reports app
        verbose_name = _("tệp đính kèm báo cáo")
        verbose_name_plural = _("tệp đính kèm báo cáo")
        ordering = ["report", "uploaded_at"]

    def __str__(self) -> str:
        return self.name
