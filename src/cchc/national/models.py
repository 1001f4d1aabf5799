from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportBatch(models.Model):
    """A batch this province wrote to a lake; the last one's ``until`` is the watermark the
    next incremental export starts from."""

    province = models.CharField(_("tỉnh"), max_length=16)
    batch = models.PositiveIntegerField(_("lô"))
    uri = models.CharField(_("nơi ghi"), max_length=500)
    since = models.DateTimeField(_("từ (không gồm)"), null=True, blank=True)
    until = models.DateTimeField(_("đến"))
    rows = models.JSONField(_("số dòng"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lô xuất số liệu")
        verbose_name_plural = _("lô xuất số liệu")
        ordering = ["province", "batch"]
        constraints = [
            models.UniqueConstraint(
                fields=["uri", "province", "batch"], name="national_export_batch_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.province} #{self.batch}"


class ReceivedBatch(models.Model):
    """On the national instance: a batch a province sent, verified against its manifest."""

    province = models.CharField(_("tỉnh"), max_length=16, db_index=True)
    batch = models.PositiveIntegerField(_("lô"))
    until = models.DateTimeField(_("số liệu đến"))
    rows = models.JSONField(_("số dòng"), default=dict)
    received_at = models.DateTimeField(_("thời điểm nhận"), auto_now_add=True)
    received_via = models.CharField(_("kênh nhận"), max_length=16)  # upload | location

    class Meta:
        verbose_name = _("lô số liệu đã nhận")
        verbose_name_plural = _("lô số liệu đã nhận")
        ordering = ["province", "batch"]
        constraints = [
            models.UniqueConstraint(fields=["province", "batch"], name="national_received_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.province} #{self.batch}"


class Sender(models.Model):
    """A province allowed to upload batches to this national instance, with its key (only
    the digest is kept; the key is printed once by ``cchc national senders add``)."""

    province = models.CharField(_("tỉnh"), max_length=16, unique=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tỉnh gửi số liệu")
        verbose_name_plural = _("tỉnh gửi số liệu")

    def __str__(self) -> str:
        return self.province

    @staticmethod
    def hash(raw: str) -> str:
        import hashlib

        return hashlib.sha256(raw.encode()).hexdigest()
