"""The procedure (TTHC) catalogue. A row is one *version* of a procedure: an amendment makes a
new row with the same code and ``version + 1`` and closes the old one, so a dossier keeps the
version it was received under (FK to the row) and a procedure's history is its rows."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "days", _("ngày làm việc")
    WORKING_HOURS = "hours", _("giờ làm việc")
    SAME_DAY = "same_day", _("trong ngày")
    UNSPECIFIED = "none", _("không quy định")


def format_time(amount, unit: str) -> str:
    """5, days → "5 ngày làm việc"; 0.5 → "0,5 ngày làm việc"; same day → "Trong ngày"."""
    if unit == TimeUnit.SAME_DAY:
        return str(_("Trong ngày"))
    if unit == TimeUnit.UNSPECIFIED or amount is None:
        return str(_("Không quy định"))
    text = (
        f"{amount.normalize():f}".replace(".", ",") if hasattr(amount, "normalize") else str(amount)
    )
    return f"{text} {TimeUnit(unit).label}"


def supplement_rule_text(rule: str, source: str = "") -> str:
    if rule == SupplementRule.RESTART:
        text = str(
            _(
                "Thời hạn giải quyết được tính lại từ đầu kể từ ngày nhận đủ hồ sơ bổ sung, "
                "hoàn thiện"
            )
        )
    else:
        text = str(
            _(
                "Thời gian đã giải quyết lần đầu được tính trong thời hạn giải quyết; thời hạn "
                "tạm dừng trong thời gian chờ bổ sung và tính tiếp số ngày làm việc còn lại kể "
                "từ ngày nhận đủ hồ sơ bổ sung, hoàn thiện"
            )
        )
    return f"{text} ({source})." if source else f"{text}."


class OnlineLevel(models.TextChoices):
    FULL = "full", _("Toàn trình")
    PARTIAL = "partial", _("Một phần")
    NONE = "none", _("Không")


class SupplementRule(models.TextChoices):
    """What a supplement requested during processing does to the clock (DOMAIN 5)."""

    PAUSE = "pause", _("Tạm dừng, tính tiếp thời gian còn lại")
    RESTART = "restart", _("Tính lại từ đầu")


class ProcedureStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ACTIVE = "active", _("Đang hiệu lực")
    SUPERSEDED = "superseded", _("Đã được sửa đổi, thay thế")
    ABOLISHED = "abolished", _("Đã bãi bỏ")


class ProcedureField(models.Model):
    """Lĩnh vực: đất đai, hộ tịch, đăng ký kinh doanh..."""

    code = models.CharField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=255)
    search_text = models.CharField(max_length=300, default="", editable=False)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    code = models.CharField(_("mã thủ tục"), max_length=32, db_index=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    is_current = models.BooleanField(_("phiên bản hiện hành"), default=True)
    name = models.TextField(_("tên thủ tục"))
    field = models.ForeignKey(
        ProcedureField,
        verbose_name=_("lĩnh vực"),
        on_delete=models.PROTECT,
        related_name="procedures",
    )
    levels = models.JSONField(_("cấp thực hiện"), default=list, blank=True)
    resolving_agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("cơ quan giải quyết"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="procedures",
    )
    resolving_agency_kind = models.CharField(
        _("loại cơ quan giải quyết"),
        max_length=32,
        blank=True,
        help_text=_("Với thủ tục mọi UBND cấp xã cùng giải quyết: để trống cơ quan, chọn loại."),
    )
    resolving_agency_text = models.TextField(_("cơ quan thực hiện (nguyên văn)"), blank=True)
    time_amount = models.DecimalField(
        _("thời hạn giải quyết"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    time_unit = models.CharField(
        _("đơn vị thời hạn"), max_length=16, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAYS
    )
    time_text = models.TextField(_("thời hạn (nguyên văn)"), blank=True)
    fees_text = models.TextField(_("phí, lệ phí"), blank=True)
    fee_amount = models.DecimalField(
        _("mức phí (đồng)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    result = models.TextField(_("kết quả thực hiện"), blank=True)
    online_level = models.CharField(
        _("mức độ dịch vụ công trực tuyến"),
        max_length=16,
        choices=OnlineLevel.choices,
        default=OnlineLevel.NONE,
    )
    legacy_online_level = models.PositiveSmallIntegerField(
        _("mức độ DVC cũ (1–4)"), null=True, blank=True
    )
    supplement_rule = models.CharField(
        _("thời hạn khi yêu cầu bổ sung"),
        max_length=8,
        choices=SupplementRule.choices,
        default=SupplementRule.PAUSE,
        help_text=_(
            "Mặc định thời gian đã giải quyết được tính trong thời hạn (Nghị định 61/2018, "
            "sửa đổi bởi Nghị định 107/2021). Chỉ chọn «tính lại từ đầu» khi luật chuyên ngành "
            "quy định, và ghi rõ căn cứ."
        ),
    )
    supplement_rule_source = models.CharField(
        _("căn cứ quy định về thời hạn khi bổ sung"), max_length=300, blank=True
    )
    supplement_repeat_allowed = models.BooleanField(
        _("cho phép yêu cầu bổ sung nhiều lần"),
        default=False,
        help_text=_(
            "Mặc định cơ quan giải quyết chỉ được yêu cầu bổ sung một lần; chỉ đánh dấu khi văn "
            "bản chuyên ngành cho phép, và ghi căn cứ."
        ),
    )
    is_one_stop = models.BooleanField(_("thực hiện qua một cửa"), default=True)
    is_inter_agency = models.BooleanField(_("liên thông"), default=False)
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=ProcedureStatus.choices,
        default=ProcedureStatus.ACTIVE,
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    search_text = models.TextField(default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="procedure_code_version"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(is_current=True), name="one_current_procedure_version"
            ),
            models.CheckConstraint(
                condition=Q(time_amount__isnull=True) | Q(time_amount__gte=0),
                name="procedure_time_not_negative",
            ),
            # Anything but the default rule needs the source that says so (DOMAIN 5).
            models.CheckConstraint(
                condition=(Q(supplement_rule="pause") & Q(supplement_repeat_allowed=False))
                | ~Q(supplement_rule_source=""),
                name="procedure_supplement_rule_has_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    @property
    def time_display(self) -> str:
        return format_time(self.time_amount, self.time_unit)

    @property
    def supplement_rule_text(self) -> str:
        """The rule as the procedure page and form 02 state it."""
        return supplement_rule_text(self.supplement_rule, self.supplement_rule_source)

    @property
    def levels_display(self) -> str:
        labels = dict(Level.choices)
        return ", ".join(str(labels.get(lv, lv)) for lv in self.levels)

    @property
    def fee_display(self) -> str:
        if self.fees_text:
            return self.fees_text
        if self.fee_amount is None:
            return ""
        if self.fee_amount == 0:
            return str(_("Không"))
        return f"{int(self.fee_amount):,} đồng".replace(",", ".")

    @property
    def agency_display(self) -> str:
        if self.resolving_agency_id:
            return str(self.resolving_agency)
        return self.resolving_agency_text or self.resolving_agency_kind


class CopyType(models.TextChoices):
    ORIGINAL = "original", _("Bản chính")
    COPY = "copy", _("Bản sao")
    CERTIFIED = "certified", _("Bản sao chứng thực")
    ORIGINAL_OR_CERTIFIED = "original_or_certified", _("Bản chính hoặc bản sao chứng thực")
    PRESENT = "present", _("Xuất trình bản chính")


class RequiredDocument(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="documents")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.TextField(_("tên giấy tờ"))
    copy_type = models.CharField(
        _("loại bản"), max_length=32, choices=CopyType.choices, default=CopyType.ORIGINAL
    )
    copies = models.PositiveSmallIntegerField(_("số bản"), default=1)
    is_optional = models.BooleanField(_("không bắt buộc"), default=False)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["procedure", "order", "id"]

    def __str__(self) -> str:
        return self.name


class ProcedureStep(models.Model):
    """Internal step B1…Bn; allowances together must not exceed the statutory time."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("bước"))
    name = models.CharField(_("nội dung công việc"), max_length=300)
    owner_role = models.CharField(_("vai trò thực hiện"), max_length=32, blank=True)
    owner_agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("cơ quan thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_text = models.CharField(_("người/bộ phận thực hiện"), max_length=300, blank=True)
    allowance = models.DecimalField(_("thời gian"), max_digits=6, decimal_places=1, default=0)
    allowance_unit = models.CharField(
        _("đơn vị"), max_length=16, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAYS
    )

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("các bước xử lý")
        ordering = ["procedure", "order"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "order"], name="procedure_step_order")
        ]

    @property
    def code(self) -> str:
        return f"B{self.order}"

    @property
    def allowance_display(self) -> str:
        return format_time(self.allowance, self.allowance_unit)

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"


class PublicationDecision(models.Model):
    """The chairman's decision publishing new, amended, replaced and abolished procedures."""

    number = models.CharField(_("số quyết định"), max_length=64)
    date = models.DateField(_("ngày ban hành"))
    signer = models.CharField(_("người ký"), max_length=200, blank=True)
    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("cơ quan ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.TextField(_("trích yếu"), blank=True)

    class Meta:
        verbose_name = _("quyết định công bố")
        verbose_name_plural = _("quyết định công bố")
        ordering = ["-date", "number"]

    def __str__(self) -> str:
        return f"{self.number} ({self.date:%d/%m/%Y})"


class ChangeKind(models.TextChoices):
    NEW = "new", _("Ban hành mới")
    AMENDED = "amended", _("Sửa đổi, bổ sung")
    REPLACED = "replaced", _("Thay thế")
    ABOLISHED = "abolished", _("Bãi bỏ")


class PublicationItem(models.Model):
    decision = models.ForeignKey(
        PublicationDecision, on_delete=models.CASCADE, related_name="items"
    )
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="publications")
    change = models.CharField(_("nội dung công bố"), max_length=16, choices=ChangeKind.choices)
    effective_date = models.DateField(_("ngày có hiệu lực"))

    class Meta:
        verbose_name = _("thủ tục được công bố")
        verbose_name_plural = _("thủ tục được công bố")
        ordering = ["decision", "id"]

    def __str__(self) -> str:
        return f"{self.decision} {self.get_change_display()} {self.procedure.code}"
