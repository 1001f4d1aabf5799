"""PAR index (Chỉ số CCHC, DOMAIN 8): criteria sets, the yearly cycle, scores with evidence.

A ``CriteriaSet`` is a tree of ``Criterion`` rows for a year and a province; a ``Cycle`` runs
it for the units in scope (``CycleUnit``, each with its ranking group as data); a ``Score`` row
per unit and leaf carries the self-assessed points and evidence, the council's appraisal, the
unit's answer and the final points. Every change goes through ``services`` and leaves an audit
row. The Decision 766 service index keeps its per-province rule table in ``ServiceRules`` and
its monthly rollup in ``ServiceRollup``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import scoring


class Method(models.TextChoices):
    SELF = scoring.SELF, _("Tự chấm, thẩm định")
    SURVEY = scoring.SURVEY, _("Điều tra xã hội học")
    INDICATOR = scoring.INDICATOR, _("Tính từ chỉ số")
    BONUS = scoring.BONUS, _("Điểm thưởng")
    PENALTY = scoring.PENALTY, _("Điểm trừ")


class CriteriaSet(models.Model):
    province = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("tỉnh, thành phố"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên bộ tiêu chí"), max_length=300)
    source = models.CharField(_("văn bản ban hành"), max_length=300, blank=True)
    max_points = models.DecimalField(_("tổng điểm tối đa"), max_digits=7, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("bộ tiêu chí Chỉ số CCHC")
        verbose_name_plural = _("bộ tiêu chí Chỉ số CCHC")
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year", "title"], name="indices_set_unique_title"
            ),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="indices_set_max_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def tree(self) -> scoring.Tree:
        return scoring.Tree.of(c.node() for c in self.criteria.all())


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    order = models.PositiveIntegerField(default=0)
    depth = models.PositiveSmallIntegerField(default=0)
    number = models.CharField(_("số thứ tự"), max_length=32)
    title = models.TextField(_("tiêu chí"))
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=7, decimal_places=2)
    method = models.CharField(
        _("cách chấm"), max_length=16, choices=Method.choices, default=Method.SELF
    )
    evidence_required = models.BooleanField(_("cần tài liệu kiểm chứng"), default=True)
    evidence_hint = models.TextField(_("tài liệu kiểm chứng"), blank=True)
    groups = models.JSONField(
        _("áp dụng cho nhóm"), default=list, blank=True, help_text=_("Trống: áp dụng cho mọi nhóm.")
    )
    indicator = models.CharField(_("chỉ số nguồn"), max_length=64, blank=True)
    rule = models.JSONField(_("cách quy đổi điểm"), default=dict, blank=True)
    needs_check = models.BooleanField(
        _("cần kiểm tra lại [check]"),
        default=False,
        help_text=_("Điểm hoặc cách chấm chưa đối chiếu được với văn bản gốc."),
    )

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["criteria_set", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "parent", "number"], name="indices_criterion_number"
            ),
            models.CheckConstraint(
                condition=Q(max_points__gte=0), name="indices_criterion_max_nonnegative"
            ),
            models.CheckConstraint(
                condition=Q(method__in=scoring.METHODS), name="indices_criterion_method"
            ),
            models.CheckConstraint(
                condition=~Q(method=scoring.INDICATOR) | ~Q(indicator=""),
                name="indices_indicator_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title[:80]}"

    def node(self) -> scoring.Node:
        return scoring.Node(
            id=self.pk,
            parent=self.parent_id,
            number=self.number,
            title=self.title,
            maximum=self.max_points,
            method=self.method,
            groups=tuple(self.groups or ()),
            order=self.order,
        )


class CycleStatus(models.TextChoices):
    OPEN = "open", _("Đang tự chấm")
    PUBLISHED = "published", _("Đã công bố")


class Cycle(models.Model):
    """One year's scoring of a criteria set, opened by Home Affairs."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="cycles")
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=CycleStatus.choices, default=CycleStatus.OPEN
    )
    self_deadline = models.DateField(_("hạn tự chấm"))
    answer_days = models.PositiveSmallIntegerField(
        _("số ngày được giải trình"), default=5, help_text=_("Tính từ khi hội đồng thẩm định xong.")
    )
    bands = models.JSONField(_("xếp loại"), default=list)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    council = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hội đồng thẩm định"),
        related_name="index_councils",
        blank=True,
    )
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định công bố"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("kỳ đánh giá Chỉ số CCHC")
        verbose_name_plural = _("kỳ đánh giá Chỉ số CCHC")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "year"], name="indices_cycle_unique"),
        ]

    def __str__(self) -> str:
        return f"Chỉ số CCHC năm {self.year}"

    def band_list(self) -> tuple[scoring.Band, ...]:
        return scoring.bands_from_json(self.bands) if self.bands else scoring.DEFAULT_BANDS


class UnitStatus(models.TextChoices):
    DRAFT = "draft", _("Đang tự chấm")
    SUBMITTED = "submitted", _("Đã gửi, chờ thẩm định")
    APPRAISED = "appraised", _("Đã thẩm định, chờ giải trình")
    ANSWERED = "answered", _("Đã giải trình")
    FINAL = "final", _("Đã chốt điểm")


class CycleUnit(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="units")
    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("cơ quan, đơn vị"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    group = models.CharField(_("nhóm xếp hạng"), max_length=32)
    ranked = models.BooleanField(
        _("xếp hạng"),
        default=True,
        help_text=_("Bỏ chọn với đơn vị đặc thù: vẫn chấm điểm nhưng không xếp hạng."),
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=UnitStatus.choices, default=UnitStatus.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    appraised_at = models.DateTimeField(null=True, blank=True)
    answer_deadline = models.DateField(_("hạn giải trình"), null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    points = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    maximum = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    index = models.DecimalField(_("chỉ số (%)"), max_digits=5, decimal_places=2, null=True)
    rank = models.PositiveSmallIntegerField(_("xếp hạng"), null=True, blank=True)
    band = models.CharField(_("xếp loại"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("đơn vị được đánh giá")
        verbose_name_plural = _("đơn vị được đánh giá")
        ordering = ["cycle", "group", "agency__path"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "agency"], name="indices_unit_once"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="indices_unit_submitted_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.cycle}"

    @property
    def group_label(self) -> str:
        from cchc.organizations.models import AgencyGroup

        try:
            return str(AgencyGroup(self.group).label)
        except ValueError:
            return self.group


def evidence_path(instance: Score, filename: str) -> str:
    return f"indices/{instance.unit.cycle_id}/{instance.unit_id}/{filename}"


class Score(models.Model):
    unit = models.ForeignKey(CycleUnit, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    self_points = models.DecimalField(
        _("điểm tự chấm"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    explanation = models.TextField(_("giải thích (khi không có tài liệu)"), blank=True)
    evidence_number = models.CharField(_("số văn bản"), max_length=64, blank=True)
    evidence_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    evidence_issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    evidence_location = models.CharField(_("mục, trang"), max_length=255, blank=True)
    evidence_file = models.FileField(_("tệp đính kèm"), upload_to=evidence_path, blank=True)
    appraised_points = models.DecimalField(
        _("điểm thẩm định"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    appraisal_comment = models.TextField(_("nhận xét của hội đồng"), blank=True)
    answer = models.TextField(_("giải trình của đơn vị"), blank=True)
    final_points = models.DecimalField(
        _("điểm cuối cùng"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    measured_value = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        constraints = [
            models.UniqueConstraint(fields=["unit", "criterion"], name="indices_score_once"),
            models.CheckConstraint(
                condition=Q(self_points__isnull=True) | Q(self_points__gte=0),
                name="indices_self_nonnegative",
            ),
            models.CheckConstraint(
                condition=Q(appraised_points__isnull=True) | Q(appraised_points__gte=0),
                name="indices_appraised_nonnegative",
            ),
            models.CheckConstraint(
                condition=Q(final_points__isnull=True) | Q(final_points__gte=0),
                name="indices_final_nonnegative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.agency} · {self.criterion.number}"

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_number and self.evidence_date and self.evidence_issuer)

    @property
    def counted_points(self):
        """The points that count now: final, else appraised, else self-assessed."""
        for value in (self.final_points, self.appraised_points, self.self_points):
            if value is not None:
                return value
        return None


class CriteriaImport(models.Model):
    """A parsed file waiting for a person to check the preview and commit it."""

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    province = models.ForeignKey("organizations.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    filename = models.CharField(max_length=255)
    preview = models.JSONField(default=dict)
    criteria_set = models.ForeignKey(
        CriteriaSet, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("lần nhập bộ tiêu chí")
        verbose_name_plural = _("lần nhập bộ tiêu chí")


class ServiceRules(models.Model):
    """A province's own Decision 766 measure table (``service_index.measures_to_json``
    shape); without a row the default transcription applies."""

    province = models.OneToOneField(
        "organizations.Agency", on_delete=models.CASCADE, related_name="+"
    )
    measures = models.JSONField(_("các chỉ tiêu thành phần"), default=list)

    class Meta:
        verbose_name = _("cách tính Chỉ số phục vụ (QĐ 766)")
        verbose_name_plural = _("cách tính Chỉ số phục vụ (QĐ 766)")


class ServiceRollup(models.Model):
    """Dossier counts the 766 index reads, per month, agency, procedure and channel. Kept
    exact from the ``dossier_changed`` signal (``rollup.apply``) and rebuilt set-based
    (``rollup.rebuild``)."""

    month = models.DateField()
    # No index of its own: the (agency, month) index begins with it (issue 14).
    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    channel = models.CharField(max_length=16)
    received = models.IntegerField(default=0)
    finished = models.IntegerField(default=0)
    finished_ok = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "agency", "procedure", "channel"], name="indices_rollup_key"
            )
        ]
        indexes = [models.Index(fields=["agency", "month"])]
