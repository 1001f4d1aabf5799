"""Reform inspections (DOMAIN 9; seeds 002–004): a yearly plan that must cover a share of the
departments and communes, the inspections it schedules, their findings and the remedies the
inspected units owe, followed up until done, and the ISO 9001 systems checked every year.

Coverage targets, checklists and remedy deadlines are data: a province changes them in the
back office, never in code.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.plans.models import AreaKey


class InspectionPlan(models.Model):
    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    number = models.CharField(_("số, ký hiệu"), max_length=64, blank=True)
    target_share = models.DecimalField(
        _("tỷ lệ tối thiểu được kiểm tra"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.300"),
        help_text=_("Áp dụng cho cả sở, ngành và UBND cấp xã (mặc định 0,3 = 30%)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("kế hoạch kiểm tra CCHC")
        verbose_name_plural = _("kế hoạch kiểm tra CCHC")
        ordering = ["-year", "agency__path"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="inspection_plan_per_year"),
            models.CheckConstraint(
                condition=Q(target_share__gte=0) & Q(target_share__lte=1),
                name="inspection_target_share_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("inspections:plan", args=[self.pk])


class Checklist(models.Model):
    """The content checked for one reform area; items are data."""

    area = models.CharField(_("lĩnh vực CCHC"), max_length=32, choices=AreaKey.choices)
    name = models.CharField(_("tên bảng kiểm"), max_length=300)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("bảng kiểm")
        verbose_name_plural = _("bảng kiểm theo lĩnh vực")
        ordering = ["area", "name"]

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = models.CharField(_("nội dung kiểm tra"), max_length=500)

    class Meta:
        verbose_name = _("nội dung kiểm tra")
        verbose_name_plural = _("nội dung kiểm tra")
        ordering = ["checklist", "order", "id"]

    def __str__(self) -> str:
        return self.text


class InspectionKind(models.TextChoices):
    REFORM = "reform", _("Kiểm tra công tác CCHC")
    ISO = "iso9001", _("Kiểm tra việc áp dụng, duy trì ISO 9001")
    REINSPECTION = "reinspection", _("Tái kiểm tra việc khắc phục tồn tại")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Theo kế hoạch")
    CONCLUDED = "concluded", _("Đã kết luận")


class Inspection(models.Model):
    plan = models.ForeignKey(InspectionPlan, on_delete=models.PROTECT, related_name="inspections")
    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("đơn vị được kiểm tra"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(
        _("loại kiểm tra"), max_length=16, choices=InspectionKind.choices, default="reform"
    )
    date_from = models.DateField(_("từ ngày"))
    date_to = models.DateField(_("đến ngày"))
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trưởng đoàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("thành viên đoàn"), blank=True, related_name="+"
    )
    checklists = models.ManyToManyField(Checklist, verbose_name=_("nội dung kiểm tra"), blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("lần kiểm tra trước"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followups",
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=InspectionStatus.choices, default="planned"
    )
    concluded_on = models.DateField(_("ngày kết luận"), null=True, blank=True)
    conclusion_number = models.CharField(_("số thông báo kết luận"), max_length=64, blank=True)
    conclusion_summary = models.TextField(_("nhận xét chung"), blank=True)

    class Meta:
        verbose_name = _("cuộc kiểm tra")
        verbose_name_plural = _("cuộc kiểm tra")
        ordering = ["date_from", "agency__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "agency", "kind"], name="inspection_once_per_plan"
            ),
            models.CheckConstraint(
                condition=Q(date_to__gte=F("date_from")), name="inspection_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(status="planned") | Q(concluded_on__isnull=False),
                name="inspection_concluded_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.agency}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("inspections:inspection", args=[self.pk])

    def history_visible_to(self, user) -> bool:
        from cchc.accounts import scope

        return scope.can_see_agency(user, self.agency) or scope.can_see_agency(
            user, self.plan.agency
        )


class CheckResult(models.TextChoices):
    MET = "met", _("Đạt")
    PARTLY = "partly", _("Đạt một phần")
    NOT_MET = "not_met", _("Không đạt")
    NA = "na", _("Không áp dụng")


class ChecklistResult(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(_("kết quả"), max_length=16, choices=CheckResult.choices)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item"], name="checklist_result_once")
        ]


class Severity(models.TextChoices):
    MINOR = "minor", _("Nhẹ")
    MODERATE = "moderate", _("Trung bình")
    SERIOUS = "serious", _("Nghiêm trọng")


class Finding(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    area = models.CharField(_("lĩnh vực CCHC"), max_length=32, choices=AreaKey.choices)
    severity = models.CharField(_("mức độ"), max_length=16, choices=Severity.choices)
    text = models.TextField(_("tồn tại, hạn chế"))
    staff = models.ForeignKey(
        "staff.StaffMember",
        verbose_name=_("cán bộ liên quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    follows = models.ForeignKey(
        "self",
        verbose_name=_("tồn tại năm trước được tái kiểm tra"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rechecks",
    )
    resolved = models.BooleanField(_("đã khắc phục (khi tái kiểm tra)"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tồn tại, hạn chế")
        verbose_name_plural = _("tồn tại, hạn chế")
        ordering = ["inspection", "id"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="finding_text")]

    def __str__(self) -> str:
        return self.text[:80]


class RemedyStatus(models.TextChoices):
    OPEN = "open", _("Đang khắc phục")
    DONE = "done", _("Đã khắc phục")


class Remedy(models.Model):
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="remedies")
    text = models.TextField(_("biện pháp khắc phục"))
    owner = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("đơn vị chịu trách nhiệm"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_person = models.CharField(_("người phụ trách"), max_length=200, blank=True)
    working_days = models.PositiveSmallIntegerField(
        _("thời hạn (ngày làm việc)"), null=True, blank=True
    )
    due_date = models.DateField(_("hạn khắc phục"), db_index=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=RemedyStatus.choices, default="open"
    )
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)

    class Meta:
        verbose_name = _("biện pháp khắc phục")
        verbose_name_plural = _("biện pháp khắc phục")
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="remedy_text"),
            models.CheckConstraint(
                condition=Q(status="open", done_on__isnull=True)
                | Q(status="done", done_on__isnull=False),
                name="remedy_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def overdue(self) -> bool:
        return self.status == RemedyStatus.OPEN and self.due_date < timezone.localdate()

    @property
    def on_time(self) -> bool | None:
        if self.done_on is None:
            return None
        return self.done_on <= self.due_date


class RemedyUpdate(models.Model):
    """Follow-up of one remedy: what the unit reported, who recorded it, when."""

    remedy = models.ForeignKey(Remedy, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("nội dung theo dõi"))
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["remedy", "at", "id"]


class QualitySystem(models.Model):
    """An agency's ISO 9001 quality management system (seed 001: applied, maintained, checked
    yearly); its yearly check is an inspection of kind ``iso9001``."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Đang áp dụng, duy trì")
        LAPSED = "lapsed", _("Chưa duy trì, cần khắc phục")

    agency = models.OneToOneField(
        "organizations.Agency",
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    standard = models.CharField(_("tiêu chuẩn"), max_length=100, default="TCVN ISO 9001:2015")
    announced_on = models.DateField(_("ngày công bố phù hợp"), null=True, blank=True)
    announcement_number = models.CharField(_("số quyết định công bố"), max_length=64, blank=True)
    scope_text = models.TextField(_("phạm vi áp dụng"), blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=16, choices=Status.choices, default="applied"
    )

    class Meta:
        verbose_name = _("hệ thống quản lý chất lượng ISO 9001")
        verbose_name_plural = _("hệ thống quản lý chất lượng ISO 9001")
        ordering = ["agency__path"]

    def __str__(self) -> str:
        return f"{self.agency} · {self.standard}"
