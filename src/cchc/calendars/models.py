"""A working-day calendar = the ``holidays`` package's days off for Vietnam + dated overrides
(an extra day off, or a Saturday made a working day by a swap), each with its legal source."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Calendar(models.Model):
    code = models.SlugField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name=_("tỉnh áp dụng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calendars",
        help_text=_("Để trống với lịch quốc gia."),
    )
    is_default = models.BooleanField(_("mặc định"), default=False)
    base = models.ForeignKey(
        "self",
        verbose_name=_("kế thừa lịch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="derived",
        help_text=_("Lịch của tỉnh kế thừa các ngày điều chỉnh của lịch quốc gia."),
    )
    revision = models.PositiveIntegerField(_("lần sửa"), default=0, editable=False)

    class Meta:
        verbose_name = _("lịch làm việc")
        verbose_name_plural = _("lịch làm việc")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_calendar",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def history_visible_to(self, user) -> bool:
        """A calendar is public information: any signed-in user may read its history."""
        return bool(user.is_authenticated)


class OverrideKind(models.TextChoices):
    DAY_OFF = "off", _("Ngày nghỉ thêm")
    WORKING_DAY = "work", _("Ngày làm việc bù")


class CalendarOverride(models.Model):
    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="overrides")
    date = models.DateField(_("ngày"))
    kind = models.CharField(_("loại"), max_length=8, choices=OverrideKind.choices)
    name = models.CharField(_("tên ngày"), max_length=200, blank=True)
    document_number = models.CharField(_("số văn bản"), max_length=100, blank=True)
    document_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("ngày điều chỉnh")
        verbose_name_plural = _("ngày điều chỉnh")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="one_override_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}"
