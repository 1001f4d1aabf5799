"""Reads for the periodic reports: scoped lists, pre-filled indicators, reporting rates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from cchc.accounts import scope
from cchc.statistics.dashboard import stat_value
from cchc.statistics.selectors import dossier_stats

from . import services as periodic
from .models import AgencyReport, ReportKind, ReportPeriod, ReportStatus

if TYPE_CHECKING:
    from cchc.accounts.models import User
    from cchc.organizations.models import Agency

# The dossier table of seed 003 (DOMAIN.md 7), in the order the report reads it.
DOSSIER_FIGURES: list[tuple[str, str, str]] = [
    ("received", "Tổng số hồ sơ tiếp nhận", "int"),
    ("carried", "Từ kỳ trước chuyển qua", "int"),
    ("new", "Mới tiếp nhận trong kỳ", "int"),
    ("new_online", "Trong đó: tiếp nhận trực tuyến", "int"),
    ("resolved", "Đã giải quyết", "int"),
    ("early_or_on_time", "Giải quyết trước hạn, đúng hạn", "int"),
    ("late", "Giải quyết quá hạn", "int"),
    ("in_progress", "Đang giải quyết", "int"),
    ("not_yet_due", "Chưa đến hạn", "int"),
    ("overdue", "Quá hạn", "int"),
    ("on_time_rate", "Tỷ lệ giải quyết đúng hạn", "pct"),
]
PROCEDURE_FIGURES: list[tuple[str, str, str]] = [
    ("procedures_total", "Thủ tục hành chính đang thực hiện", "int"),
    ("procedures_online_full", "Dịch vụ công trực tuyến toàn trình", "int"),
    ("procedures_online_partial", "Dịch vụ công trực tuyến một phần", "int"),
]
TABLES = {"dossiers": DOSSIER_FIGURES, "procedures": PROCEDURE_FIGURES}


def procedure_counts(agency: Agency | None = None) -> dict[str, Any]:
    """Procedures in force, by level and online service, from the catalogue (current versions);
    for an agency, those it resolves."""
    from cchc.procedures.models import Procedure, ProcedureStatus

    qs = Procedure.objects.filter(is_current=True, status=ProcedureStatus.ACTIVE)
    if agency is not None:
        qs = qs.filter(resolving_agency__path__startswith=agency.path)
    by_level: dict[str, int] = {}
    online = {"full": 0, "partial": 0}
    legacy = {3: 0, 4: 0}  # the old online levels 3 and 4, where the catalogue records them
    total = 0
    rows = qs.values_list("levels", "online_level", "legacy_online_level")
    for levels, online_level, old in rows:
        total += 1
        for level in levels or []:
            by_level[level] = by_level.get(level, 0) + 1
        if online_level in online:
            online[online_level] += 1
        if old in legacy:
            legacy[old] += 1
    return {"total": total, "by_level": by_level, "online": online, "legacy": legacy}


def indicator_figures(
    tables: list[str], agency: Agency, period: ReportPeriod
) -> list[tuple[str, str, str, float | int | None]]:
    result: list[tuple[str, str, str, float | int | None]] = []
    if "dossiers" in tables:
        rows = dossier_stats(None, date_from=period.start, date_to=period.end, agency=agency)
        row = rows[-1] if rows else None
        for key, label, unit in DOSSIER_FIGURES:
            result.append((key, label, unit, stat_value(row, key)))
    if "procedures" in tables:
        counts = procedure_counts(agency)
        values = {
            "procedures_total": counts["total"],
            "procedures_online_full": counts["online"]["full"],
            "procedures_online_partial": counts["online"]["partial"],
        }
        for key, label, unit in PROCEDURE_FIGURES:
            result.append((key, label, unit, values[key]))
    return result


# --- lists ----------------------------------------------------------------------------------


def kinds_for(user: User) -> QuerySet:
    root = scope.scope_root(user)
    qs = ReportKind.objects.filter(is_active=True)
    if root is not None:
        qs = qs.filter(province=root.province)
    return qs


def periods_for(user: User) -> QuerySet:
    return (
        ReportPeriod.objects.filter(kind__in=kinds_for(user))
        .select_related("kind")
        .order_by("-end", "kind__name")
    )


def reports_for(user: User, period: ReportPeriod | None = None) -> QuerySet:
    qs = scope.scoped(AgencyReport.objects.all(), user).select_related(
        "agency", "period", "period__kind"
    )
    if period is not None:
        qs = qs.filter(period=period)
    return qs


@dataclass
class AgencyRate:
    agency: Agency
    report: AgencyReport | None

    @property
    def received(self) -> bool:
        return self.report is not None and self.report.first_submitted_at is not None

    @property
    def status(self) -> str:
        return self.report.status if self.report else ""


@dataclass
class Completeness:
    """DHIS2's reporting rates: received ÷ expected, on time ÷ expected."""

    period: ReportPeriod
    expected: int = 0
    received: int = 0
    on_time: int = 0
    accepted: int = 0
    rows: list[AgencyRate] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return 100 * self.received / self.expected if self.expected else None

    @property
    def on_time_rate(self) -> float | None:
        return 100 * self.on_time / self.expected if self.expected else None

    @property
    def missing(self) -> list[Agency]:
        return [r.agency for r in self.rows if not r.received]


def completeness(
    period: ReportPeriod, user: User | None = None, *, rows: bool = True
) -> Completeness:
    agencies = periodic.expected_agencies(period.kind, on=period.end)
    if user is not None:
        agencies = scope.scoped(agencies, user, field="")
    result = Completeness(period=period)
    if not rows:
        counts = AgencyReport.objects.filter(period=period, agency__in=agencies).aggregate(
            received=Count("pk", filter=Q(first_submitted_at__isnull=False)),
            on_time=Count("pk", filter=Q(on_time=True)),
            accepted=Count("pk", filter=Q(status=ReportStatus.ACCEPTED)),
        )
        result.expected = agencies.count()
        result.received, result.on_time = counts["received"], counts["on_time"]
        result.accepted = counts["accepted"]
        return result
    reports = {
        r.agency_id: r for r in AgencyReport.objects.filter(period=period, agency__in=agencies)
    }
    for agency in agencies:
        rate = AgencyRate(agency=agency, report=reports.get(agency.pk))
        result.rows.append(rate)
        result.expected += 1
        result.received += rate.received
        result.on_time += bool(rate.report and rate.report.on_time)
        result.accepted += bool(rate.report and rate.report.status == ReportStatus.ACCEPTED)
    return result


def latest_periods(user: User, limit: int = 6) -> list[ReportPeriod]:
    return list(periods_for(user)[:limit])
