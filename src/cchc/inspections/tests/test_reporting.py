"""The province report's inspection paragraph (seed 003 "3. Về kiểm tra cải cách hành chính")
counts the year's plan and what was done with the selectors the indicators use; a section that
names a table no app gives fails loudly, at editing and at printing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from cchc.inspections import services
from cchc.periodic import province_report as pr
from cchc.periodic.models import PeriodType
from cchc.testing.reports import report_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def half_year(province):
    return report_period(
        province, ["inspections"], year=2026, period_type=PeriodType.HALF_YEAR, section="direction"
    )


def _text(period) -> str:
    return "\n".join(b.text for b in pr.build(period).blocks)


def test_inspection_paragraph_from_the_plan(province, units, half_year):
    assert "Kế hoạch kiểm tra công tác cải cách hành chính năm 2026: chưa ban hành." in _text(
        half_year
    )
    plan = services.plan_create(
        actor=province.noivu,
        agency=province.province,
        year=2026,
        title="Kế hoạch kiểm tra công tác cải cách hành chính năm 2026",
        number="17/KH-UBND",
    )
    for unit in units.departments[:3] + units.communes[:2]:
        services.inspection_schedule(
            actor=province.noivu,
            plan=plan,
            agency=unit,
            date_from=dt.date(2026, 3, 2),
            date_to=dt.date(2026, 3, 3),
            lead=province.noivu,
        )
    text = _text(half_year)
    assert "(số 17/KH-UBND)" in text
    assert "Theo kế hoạch, tỉnh thực hiện kiểm tra 5 cơ quan, đơn vị" in text
    assert "3/10 sở, ngành (đạt 30,00%)" in text and "2/10 UBND cấp xã (đạt 20,00%)" in text
    assert "Kế hoạch chưa đạt tỷ lệ tối thiểu được kiểm tra." in text
    assert (
        "Trong kỳ, kiểm tra 5 cơ quan, đơn vị, trong đó đã có kết luận 0; phát hiện 0 tồn tại, "
        "hạn chế." in text
    )


def test_unknown_table_fails_loudly(province, half_year):
    section = half_year.kind.sections.get()
    section.tables = ["inspections", "thanh_tra"]
    with pytest.raises(ValidationError, match="thanh_tra"):
        section.full_clean()
    section.save()
    with pytest.raises(ImproperlyConfigured, match="thanh_tra"):
        pr.build(half_year)
    section.tables = ["inspections", "staff", "sipas", "dossiers"]
    section.full_clean()
