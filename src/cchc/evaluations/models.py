"""Ratings of every dossier (DOMAIN.md section 5; Decree 61/2018 Art. 29–32, Circular 01/2018
Art. 12–15): the citizen's level (Rất hài lòng / Hài lòng / Chưa hài lòng) and, where the desk
uses the full form, the nine indicators scored 2/1/0. Indicators and bands are rows, so a
new circular is a data change."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", _("Rất hài lòng")
    SATISFIED = "satisfied", _("Hài lòng")
    UNSATISFIED = "unsatisfied", _("Chưa hài lòng")


class RatingChannel(models.TextChoices):
    KIOSK = "kiosk", _("Máy tính bảng tại Bộ phận Một cửa")
    ONLINE = "online", _("Trực tuyến (mã QR, tin nhắn)")
    PAPER = "paper", _("Phiếu giấy")


class EvaluationIndicator(models.Model):
    code = models.CharField(_("mã"), max_length=32, unique=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên chỉ số"), max_length=300)
    active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("chỉ số đánh giá giải quyết TTHC")
        verbose_name_plural = _("chỉ số đánh giá giải quyết TTHC")
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class Band(models.Model):
    """A unit's band by its mean score (Circular 01/2018 Art. 15): ≥ 15 xuất sắc … < 6 yếu."""

    name = models.CharField(_("xếp loại"), max_length=64)
    min_score = models.DecimalField(_("điểm tối thiểu"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("mức xếp loại")
        verbose_name_plural = _("mức xếp loại")
        ordering = ["-min_score"]
        constraints = [
            models.UniqueConstraint(fields=["min_score"], name="evaluation_band_unique_min"),
            models.CheckConstraint(condition=Q(min_score__gte=0), name="evaluation_band_min_ge0"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (≥ {self.min_score})"


class Kiosk(models.Model):
    """A tablet at a one-stop desk. It opens its page with a device token (no login); only the
    token's digest is stored, the raw token is shown once when issued."""

    name = models.CharField(_("tên thiết bị"), max_length=100)
    desk = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("Bộ phận Một cửa"),
        on_delete=models.PROTECT,
        related_name="kiosks",
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("máy đánh giá tại quầy")
        verbose_name_plural = _("máy đánh giá tại quầy")

    def __str__(self) -> str:
        return f"{self.name} – {self.desk}"

    @staticmethod
    def digest(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()


class Rating(models.Model):
    dossier = models.OneToOneField(
        "dossiers.Dossier",
        verbose_name=_("hồ sơ"),
        on_delete=models.CASCADE,
        related_name="rating",
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("cơ quan giải quyết"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    desk = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("Bộ phận Một cửa"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ giải quyết"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ratings_received",
    )
    level = models.CharField(_("mức độ hài lòng"), max_length=16, choices=Level.choices)
    channel = models.CharField(_("hình thức"), max_length=8, choices=RatingChannel.choices)
    kiosk = models.ForeignKey(Kiosk, null=True, blank=True, on_delete=models.SET_NULL)
    total_score = models.PositiveSmallIntegerField(_("tổng điểm"), null=True, blank=True)
    reason = models.TextField(_("lý do chưa hài lòng"), blank=True)
    feedback = models.ForeignKey(
        "feedback.Feedback",
        verbose_name=_("phản ánh đã mở"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rated_at = models.DateTimeField(_("thời điểm đánh giá"))
    rated_date = models.DateField(_("ngày đánh giá"), db_index=True)

    class Meta:
        verbose_name = _("đánh giá hồ sơ")
        verbose_name_plural = _("đánh giá hồ sơ")
        ordering = ["-rated_at"]
        indexes = [models.Index(fields=["agency", "rated_date"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(level="unsatisfied") | ~Q(reason=""),
                name="rating_unsatisfied_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(total_score__isnull=True) | Q(total_score__lte=18),
                name="rating_total_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.get_level_display()}"


class RatingScore(models.Model):
    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(EvaluationIndicator, on_delete=models.PROTECT)
    score = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rating", "indicator"], name="rating_score_once"),
            models.CheckConstraint(condition=Q(score__lte=2), name="rating_score_0_2"),
        ]
