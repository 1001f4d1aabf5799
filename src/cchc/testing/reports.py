"""A report kind with one section naming the tables a test looks at, and its period: the
setting every higher app's province-report test starts from."""

from __future__ import annotations

from typing import Any

from cchc.organizations.models import AgencyKind
from cchc.periodic import services as periodic
from cchc.periodic.models import PeriodType, ReportKind, ReportSectionTemplate


def report_period(
    province: Any,
    tables: list[str],
    *,
    year: int,
    period_type: str = PeriodType.YEAR,
    section: str = "section",
    number: int = 1,
) -> Any:
    kind = ReportKind.objects.create(
        code=f"CCHC-{period_type}".upper(),
        name="Báo cáo CCHC",
        period_type=period_type,
        province=province.province,
        agency_kinds=[AgencyKind.DEPARTMENT.value],
        signer_title="CHỦ TỊCH",
        signer_name="Nguyễn Văn Hòa",
    )
    ReportSectionTemplate.objects.create(
        kind=kind, order=1, level=2, code=section, title="Mục", tables=tables
    )
    return periodic.period_open(kind=kind, year=year, number=number, actor=None)
