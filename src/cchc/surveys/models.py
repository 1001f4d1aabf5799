"""Satisfaction surveys (SIPAS and the province's own), DOMAIN.md section 8.

A survey's design is data: elements, questions with their measure (perception, satisfaction,
expectation), a five-level scale. Answers are anonymous by construction: a ``Response`` keeps
the agency and channel but no link to the sampled citizen (``Respondent`` only records that
its link was used), so no report can name who answered what."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .designs import SCALE


class SurveyKind(models.TextChoices):
    SIPAS = "sipas", _("Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)")
    CUSTOM = "custom", _("Khảo sát của tỉnh")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Đang chuẩn bị")
    OPEN = "open", _("Đang khảo sát")
    CLOSED = "closed", _("Đã kết thúc")


class Measure(models.TextChoices):
    PERCEPTION = "perception", _("Cảm nhận")
    SATISFACTION = "satisfaction", _("Mức độ hài lòng")
    EXPECTATION = "expectation", _("Mong đợi")


class ResponseChannel(models.TextChoices):
    LINK = "link", _("Đường dẫn (tin nhắn, thư điện tử)")
    PAPER = "paper", _("Phiếu giấy")
    PHONE = "phone", _("Phỏng vấn qua điện thoại")


def default_scale() -> list[str]:
    return list(SCALE)


class Survey(models.Model):
    code = models.CharField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên cuộc khảo sát"), max_length=300)
    kind = models.CharField(_("loại"), max_length=16, choices=SurveyKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    province = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("tỉnh, thành phố"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    period_from = models.DateField(_("giao dịch từ ngày"))
    period_to = models.DateField(_("đến ngày"))
    margin = models.DecimalField(
        _("sai số (e)"), max_digits=4, decimal_places=3, default=Decimal("0.05")
    )
    scale = models.JSONField(_("thang đo"), default=default_scale)
    unit_threshold = models.DecimalField(
        _("ngưỡng hài lòng của đơn vị (%)"), max_digits=5, decimal_places=2, default=Decimal(80)
    )
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    published = models.BooleanField(_("công bố kết quả"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cuộc khảo sát")
        verbose_name_plural = _("cuộc khảo sát")
        ordering = ["-year", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_to__gte=F("period_from")), name="survey_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(margin__gt=0) & Q(margin__lt=Decimal("0.5")), name="survey_margin"
            ),
            models.CheckConstraint(
                condition=Q(unit_threshold__gte=0) & Q(unit_threshold__lte=100),
                name="survey_threshold_pct",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class Element(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="elements")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    code = models.CharField(_("mã"), max_length=32)
    name = models.CharField(_("yếu tố"), max_length=300)

    class Meta:
        verbose_name = _("yếu tố")
        verbose_name_plural = _("yếu tố")
        ordering = ["survey", "order"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="survey_element_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    element = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    text = models.CharField(_("câu hỏi"), max_length=500)
    measure = models.CharField(_("đo"), max_length=16, choices=Measure.choices)

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")
        ordering = ["element__order", "order"]

    def __str__(self) -> str:
        return self.text


class Sample(models.Model):
    """One draw: the seed is kept so the same respondents can be drawn again by anyone."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="samples")
    seed = models.BigIntegerField(_("hạt giống ngẫu nhiên"))
    population = models.PositiveIntegerField(_("tổng thể (N)"))
    margin = models.DecimalField(_("sai số (e)"), max_digits=4, decimal_places=3)
    size = models.PositiveIntegerField(_("cỡ mẫu (n)"))
    drawn_at = models.DateTimeField(_("thời điểm chọn mẫu"))
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("mẫu khảo sát")
        verbose_name_plural = _("mẫu khảo sát")
        ordering = ["-drawn_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(size__lte=F("population")), name="sample_not_larger_than_population"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey.code}: {self.size}/{self.population} (seed {self.seed})"


class Respondent(models.Model):
    sample = models.ForeignKey(Sample, on_delete=models.CASCADE, related_name="respondents")
    number = models.PositiveIntegerField(_("số phiếu"))
    dossier = models.ForeignKey(
        "dossiers.Dossier", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("người được khảo sát")
        verbose_name_plural = _("người được khảo sát")
        ordering = ["sample", "number"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "number"], name="respondent_number_unique"),
            models.UniqueConstraint(
                fields=["sample", "dossier"], name="respondent_dossier_once_per_sample"
            ),
        ]


class Response(models.Model):
    """An anonymous filled questionnaire: agency and channel, no respondent."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=8, choices=ResponseChannel.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiếu trả lời")
        verbose_name_plural = _("phiếu trả lời")


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_once"),
            models.CheckConstraint(
                condition=Q(value__gte=1) & Q(value__lte=5), name="answer_value_1_5"
            ),
        ]
