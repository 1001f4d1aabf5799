"""Users belong to an agency and hold one role; what they may see follows from both
(see ``cchc.accounts.scope``)."""

from __future__ import annotations

import hashlib
import secrets
from typing import ClassVar, Self

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("Quản trị hệ thống")
    HOME_AFFAIRS = "home_affairs", _("Chuyên viên CCHC Sở Nội vụ (toàn tỉnh)")
    LEADER = "leader", _("Lãnh đạo (xem)")
    FOCAL_POINT = "focal_point", _("Đầu mối CCHC của cơ quan")
    ONE_STOP = "one_stop", _("Cán bộ Một cửa")
    PROCESSING = "processing", _("Cán bộ xử lý hồ sơ")


class User(AbstractUser):
    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=32, blank=True)

    objects: ClassVar[UserManager[Self]] = UserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="system_admin") | models.Q(agency__isnull=False),
                name="user_agency_required_unless_admin",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """Vietnamese order: family and middle names (``last_name``) before the given name."""
        return " ".join(p for p in (self.last_name.strip(), self.first_name.strip()) if p)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("accounts:user_edit", args=[self.pk])

    # The user's rights on the agency tree, asked through the user object by the apps below
    # accounts (organizations), which cannot import it; ``scope.py`` decides.
    def scope_root(self):  # noqa: ANN201 - Agency | None
        from . import scope

        return scope.scope_root(self)

    def agency_q(self, field: str = "agency"):  # noqa: ANN201 - Q
        from . import scope

        return scope.agency_q(self, field)

    def can_see_agency(self, agency) -> bool:  # noqa: ANN001
        from . import scope

        return scope.can_see_agency(self, agency)

    def can_administer(self, agency=None) -> bool:  # noqa: ANN001
        from . import scope

        return scope.can_administer(self, agency)

    def history_visible_to(self, user) -> bool:
        """Who may read this account's audit trail: its owner and the administrators."""
        from . import rights

        return rights.can_read_history(user, self)

    @property
    def is_province_wide(self) -> bool:
        return self.role in (Role.SYSTEM_ADMIN, Role.HOME_AFFAIRS) or self.is_superuser


class ApiToken(models.Model):
    """A bearer token for scripts and other systems. Only a hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=100, blank=True)
    prefix = models.CharField(max_length=8, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str = "") -> tuple[ApiToken, str]:
        raw = "cchc_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=raw[5:13], digest=cls.hash(raw))
        return token, raw


class LoginFailure(models.Model):
    """Failed logins, counted per username and per address to slow guessing."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    username = models.CharField(max_length=150, db_index=True)
    ip = models.CharField(max_length=64, db_index=True)
