"""The demo loader: report kinds, current periods, a few sent and accepted reports; a second
run changes nothing."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from cchc.demo import DemoContext
from cchc.demo import periodic as demo
from cchc.periodic import province_report as pr
from cchc.periodic.models import AgencyReport, ReportKind, ReportPeriod, ReportStatus


def test_demo_load_is_idempotent(province):
    ctx = DemoContext(
        stdout=io.StringIO(),
        province=province.province,
        users={"admin": province.admin, "noivu": province.noivu},
    )
    with time_machine.travel(datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        demo.load(ctx)
        counts = (
            ReportKind.objects.count(),
            ReportPeriod.objects.count(),
            AgencyReport.objects.count(),
        )
        demo.load(ctx)
    assert counts == (
        ReportKind.objects.count(),
        ReportPeriod.objects.count(),
        AgencyReport.objects.count(),
    )
    half = ReportKind.objects.get(code="CCHC-6T")
    labels = sorted(half.periods.values_list("label", flat=True))
    assert labels == ["6 tháng cuối năm 2026", "6 tháng đầu năm 2026"]
    first = half.periods.get(number=1)
    # Three departments in the personas' province: two reported the past half-year, on time.
    past = AgencyReport.objects.filter(period=first)
    assert past.count() == 2
    assert all(r.status == ReportStatus.ACCEPTED and r.on_time for r in past)
    current = AgencyReport.objects.filter(period=half.periods.get(number=2))
    assert {r.status for r in current} == {ReportStatus.ACCEPTED, ReportStatus.SUBMITTED}
    report = pr.build(first)
    assert report.number == "05/BC-UBND"
    assert report.summary.endswith("6 tháng đầu năm 2026")
