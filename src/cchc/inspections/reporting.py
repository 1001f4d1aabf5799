"""Inspections in the province's periodic report (section template code ``inspections``): seed
003's "3. Về kiểm tra cải cách hành chính" ("Theo kế hoạch, tỉnh thực hiện kiểm tra 10 sở,
ngành …"), from the year's plan and the same figure functions the indicators use. The only
module of this app that imports the periodic report (``cchc.periodic``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from cchc.core.text import format_int, format_percent
from cchc.periodic.province_report import Block, register_table

from .models import InspectionPlan
from .selectors import (
    GroupCoverage,
    coverage,
    findings_count,
    remedies_on_time_rate,
    units_concluded,
    units_inspected,
)


def _group(g: GroupCoverage, name: str) -> str:
    return (
        f"{format_int(g.planned)}/{format_int(g.total)} {name} (đạt {format_percent(g.share_pct)})"
    )


def inspection_blocks(period: Any, day: date) -> list[Block]:
    province = period.kind.province
    plan = (
        InspectionPlan.objects.filter(year=period.year, agency__path__startswith=province.path)
        .order_by("agency__depth", "pk")
        .first()
    )
    if plan is None:
        return [
            Block(
                "paragraph",
                text=f"Kế hoạch kiểm tra công tác cải cách hành chính năm {period.year}: "
                "chưa ban hành.",
                italic=True,
            )
        ]
    cov = coverage(plan)
    planned = cov.departments.planned + cov.communes.planned
    text = (
        f"{plan.agency.name} đã ban hành {plan.title}"
        f"{f' (số {plan.number})' if plan.number else ''}. Theo kế hoạch, tỉnh thực hiện kiểm "
        f"tra {format_int(planned)} cơ quan, đơn vị: "
        f"{_group(cov.departments, 'sở, ngành')}; {_group(cov.communes, 'UBND cấp xã')}; "
        f"chỉ tiêu tối thiểu {format_percent(cov.target_pct)}."
    )
    if not cov.ok:
        text += " Kế hoạch chưa đạt tỷ lệ tối thiểu được kiểm tra."
    scheduled = units_inspected(province, period.start, period.end) or 0
    concluded = units_concluded(province, period.start, period.end) or 0
    findings = findings_count()(province, period.start, period.end) or 0
    on_time = remedies_on_time_rate(province, period.start, period.end)
    result = (
        f"Trong kỳ, kiểm tra {format_int(int(scheduled))} cơ quan, đơn vị, trong đó đã có kết "
        f"luận {format_int(int(concluded))}; phát hiện {format_int(int(findings))} tồn tại, "
        "hạn chế"
    )
    if on_time is not None:
        result += f"; tỷ lệ khắc phục đúng hạn {format_percent(float(on_time))}"
    return [Block("paragraph", text=text), Block("paragraph", text=result + ".")]


def register() -> None:
    register_table("inspections", inspection_blocks)
