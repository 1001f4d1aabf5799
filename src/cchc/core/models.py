"""The audit trail: every write through a service leaves an AuditEvent.

One table for all objects (pretix's LogEntry, Zulip's RealmAuditLog): who, when, which object,
what changed (a JSON of field: [old, new]), why. Domain apps keep their own typed history rows
where statistics are computed from them (dossier transitions); those services write here too so
that one page can show any object's history.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("tên người thực hiện"), max_length=200, blank=True)
    # No index of its own: the (content_type, object_id, at) index begins with it, and a
    # second b-tree would be written on every audited change (issue 14).
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("đối tượng"), max_length=300)
    action = models.CharField(_("hành động"), max_length=64)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        verbose_name = _("sự kiện lịch sử")
        verbose_name_plural = _("lịch sử thay đổi")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name} {self.action} {self.object_repr}"


class SmsMessage(models.Model):
    """The default SMS gateway: messages wait here, visible to administrators."""

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    phone = models.CharField(_("số điện thoại"), max_length=20)
    body = models.TextField(_("nội dung"))
    sent_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, default="queued")

    class Meta:
        verbose_name = _("tin nhắn SMS")
        verbose_name_plural = _("hộp thư SMS")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.phone}: {self.body[:40]}"


class PersonalDataAccess(models.Model):
    """Who saw a citizen's personal data (ID number, phone, e-mail, address) unmasked, when and
    through what (Decree 13/2023/NĐ-CP on personal data protection, art. 26-27: the controller
    keeps a record of processing). Written by ``cchc.core.privacy.record_access``."""

    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(_("tên đăng nhập"), max_length=150)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("đối tượng"), max_length=300)
    channel = models.CharField(_("kênh"), max_length=16)  # "web", "api", "export"

    class Meta:
        verbose_name = _("lượt xem dữ liệu cá nhân")
        verbose_name_plural = _("nhật ký xem dữ liệu cá nhân")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.username} {self.object_repr}"


class ImportState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ xử lý")
    RUNNING = "running", _("Đang đọc tệp")
    READY = "ready", _("Đã có bản xem trước")
    CONFIRMING = "confirming", _("Đang ghi vào hệ thống")
    CONFIRMED = "confirmed", _("Đã nhập")
    FAILED = "failed", _("Không nhập được")
    CANCELLED = "cancelled", _("Đã hủy")
    EXPIRED = "expired", _("Hết hạn")


#: States in which the stored upload may still be needed; in every other state it is gone.
IMPORT_OPEN_STATES = (
    ImportState.QUEUED,
    ImportState.RUNNING,
    ImportState.READY,
    ImportState.CONFIRMING,
)


class ImportJob(models.Model):
    """One uploaded file on its way into the system: read (preview) in the background when it is
    large, confirmed by the person who uploaded it, the stored upload removed as soon as it is
    no longer needed. ``kind`` names the importer an app registered (``cchc.core.imports``).

    The random primary key keeps job addresses unguessable; the rights check (uploader or an
    administrator) is what protects them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("loại dữ liệu"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), default=0)
    # Private: under MEDIA_ROOT, which is never served as such; only a rights-checked view sends
    # it. Empty once removed.
    upload = models.FileField(max_length=255, blank=True)
    params = models.JSONField(default=dict, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=ImportState.choices, default=ImportState.QUEUED
    )
    background = models.BooleanField(default=False)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    preview = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("thời điểm tải lên"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Refreshed by every progress report: a running job whose heartbeat stopped was abandoned
    # by a worker that died, and the cleanup fails it.
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lượt nhập tệp")
        verbose_name_plural = _("các lượt nhập tệp")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.filename} ({self.kind})"

    @property
    def is_active(self) -> bool:
        """Work is under way: the status page keeps polling."""
        return self.state in (ImportState.QUEUED, ImportState.RUNNING, ImportState.CONFIRMING)

    @property
    def percent(self) -> int | None:
        if not self.rows_total:
            return None
        return min(100, round(100 * self.rows_done / self.rows_total))

    def history_visible_to(self, user) -> bool:  # noqa: ANN001
        from . import imports

        return imports.can_see(user, self)


class RateCounter(models.Model):
    """A fixed-window counter per key (the public lookup's limit per client address), counted
    by one statement (``core.ratelimit``) where the database cache took ten. Unlogged on
    PostgreSQL (migration 0005): a counter lost in a crash costs nothing, and its write then
    waits for no WAL flush."""

    key = models.CharField(max_length=200, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("bộ đếm giới hạn")
        verbose_name_plural = _("bộ đếm giới hạn")

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
