"""Dossier statistics rollups (DOMAIN.md section 7).

Every statistic of section 7 for a period [from, to] is a difference of *prefix sums* of nine
per-day counters (see ``stats.py``): new = R(to) − R(from−1), carried over = R(from−1) −
F(from−1), in progress = R(to) − F(to), overdue = S(to) − E(to)... So a rollup row holds the
counters of one bucket — a day, a month or a year (``grain``) — and a prefix up to any day is
at most (years + 11 months + 30 days) rows per group, usually a handful. Two tables: one
without the procedure (the province report and the tables by agency, level, channel touch
only it) and one per procedure (fields and procedures).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Grain(models.TextChoices):
    DAY = "D", _("Ngày")
    MONTH = "M", _("Tháng")
    YEAR = "Y", _("Năm")


#: The counters (columns) every rollup row carries, in a fixed order used by raw SQL.
COUNTERS = (
    "received",
    "received_repeated",
    "finished_early",
    "finished_on_time",
    "finished_late",
    "finished_late_apology",
    "finished_repeated",
    "overdue_start",
    "overdue_end",
    "received_desk_repeated",
    "finished_desk_repeated",
)


class RollupBase(models.Model):
    grain = models.CharField(max_length=1, choices=Grain.choices)
    day = models.DateField(help_text="Ngày đầu của ô thời gian (ngày, tháng hoặc năm).")
    agency = models.ForeignKey(
        "organizations.Agency", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    level = models.CharField(max_length=16, blank=True, default="")
    channel = models.CharField(max_length=16)
    # Counters may be negative in a bucket only transiently inside a transaction.
    received = models.IntegerField(default=0)
    received_repeated = models.IntegerField(default=0)
    finished_early = models.IntegerField(default=0)
    finished_on_time = models.IntegerField(default=0)
    finished_late = models.IntegerField(default=0)
    finished_late_apology = models.IntegerField(default=0)
    finished_repeated = models.IntegerField(default=0)
    overdue_start = models.IntegerField(default=0)
    overdue_end = models.IntegerField(default=0)
    # Sent back two or more times at the desk before acceptance (seed 000), apart from the
    # repeated requests during processing.
    received_desk_repeated = models.IntegerField(default=0)
    finished_desk_repeated = models.IntegerField(default=0)

    class Meta:
        abstract = True


class DossierRollup(RollupBase):
    """Counters per (bucket, agency, level, channel): what province and agency tables read."""

    class Meta:
        db_table = "reports_dossierrollup"  # the table of the former reports app
        verbose_name = _("số liệu tổng hợp hồ sơ")
        verbose_name_plural = _("số liệu tổng hợp hồ sơ")
        constraints = [
            models.UniqueConstraint(
                fields=["grain", "day", "agency", "level", "channel"],
                name="dossier_rollup_key",
            )
        ]


class DossierProcedureRollup(RollupBase):
    """The same counters per procedure version: tables by field and by procedure."""

    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )

    class Meta:
        db_table = "reports_dossierprocedurerollup"  # the table of the former reports app
        verbose_name = _("số liệu tổng hợp hồ sơ theo thủ tục")
        verbose_name_plural = _("số liệu tổng hợp hồ sơ theo thủ tục")
        constraints = [
            models.UniqueConstraint(
                fields=["grain", "day", "agency", "level", "channel", "procedure"],
                name="dossier_procedure_rollup_key",
            )
        ]
