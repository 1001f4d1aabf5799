"""The province report's one-stop staff paragraph (seed 003 "4.4. Về công tác đào tạo, bồi
dưỡng"): the staff, the trained share and the knowledge tests, from the indicators' figures."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc.periodic import province_report as pr
from cchc.staff import services
from cchc.testing.reports import report_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2025(province):
    return report_period(province, ["staff"], year=2025)


def _text(period) -> str:
    return "\n".join(b.text for b in pr.build(period).blocks)


def test_staff_paragraph_without_staff(province, year_2025):
    assert "Bộ phận Một cửa: chưa có số liệu." in _text(year_2025)


def test_staff_paragraph_counts_and_trained_share(province, desk, year_2025):
    course = services.course_create(
        actor=province.noivu, agency=province.province, title="Kỹ năng giao tiếp", hours=8
    )
    session = services.session_create(
        actor=province.noivu,
        course=course,
        date=dt.date(2025, 5, 10),
        place="Hội trường Sở Nội vụ",
        trainer="ThS. Nguyễn Văn Giảng",
    )
    services.attendance_set(
        actor=province.daumoi_xa, session=session, staff=desk.lan, attended=True
    )
    text = _text(year_2025)
    assert (
        "Trong kỳ, toàn tỉnh có 2 cán bộ, công chức, viên chức làm việc tại Bộ phận Một cửa "
        "các cấp; 50,00% đã tham gia tập huấn, bồi dưỡng." in text
    )
