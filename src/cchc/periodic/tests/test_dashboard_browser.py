"""In Chromium: the leader opens the dashboard, follows a chart's drill-down, downloads the
province's DOCX; the focal point fills the department's report. Screenshots for the guide."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from django.utils import timezone
from docx import Document

from cchc.demo.synth import insert, make_catalogue, synth
from cchc.periodic import services as periodic
from cchc.periodic.models import PeriodType
from cchc.statistics import rollups
from cchc.testing.fixtures import screenshot

from .test_periodic import SECTIONS, fill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene(province):
    from cchc.periodic.models import ReportKind, ReportSectionTemplate

    today = timezone.localdate()
    procs = make_catalogue(procedures=5)
    batch = synth(
        3_000,
        agencies=[
            (province.justice.pk, "province"),
            (province.construction.pk, "province"),
            (province.commune_a.pk, "commune"),
            (province.commune_b.pk, "commune"),
        ],
        procedures=procs,
        start=today - timedelta(days=330),
        end=today,
        today=today,
        seed=11,
    )
    insert(batch, code_prefix="B")
    rollups.rebuild()
    kind = ReportKind.objects.create(
        code="CCHC-QUY",
        name="Báo cáo CCHC quý",
        period_type=PeriodType.QUARTER,
        province=province.province,
        agency_kinds=["department"],
        signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        signer_name="Nguyễn Văn Hòa",
        recipients="Bộ Nội vụ;\nLưu: VT, NC.",
    )
    for order, (level, code, title, tables) in enumerate(SECTIONS, start=1):
        ReportSectionTemplate.objects.create(
            kind=kind,
            order=order,
            level=level,
            code=code,
            title=title,
            tables=tables,
            narrative=code != "results",
        )
    year, number = periodic.period_for_date(PeriodType.QUARTER, today)
    period = periodic.period_open(kind=kind, year=year, number=number, actor=None)
    report = periodic.agency_report_start(
        period=period, agency=province.home_affairs, actor=province.noivu
    )
    fill(report, province.noivu, text="Sở Nội vụ đã ban hành kế hoạch kiểm tra CCHC")
    periodic.report_submit(report=report, actor=province.noivu)
    periodic.report_accept(report=report, actor=province.noivu)
    return period


def test_leader_dashboard_drill_down_and_docx(page, login_page, province, scene):
    login_page(province.lanhdao)
    page.goto(page.base_url + "/dashboard/")
    page.wait_for_selector("#chart-volume svg.chart")
    assert page.locator("svg.chart").count() == 8  # with plan targets and SIPAS sections
    assert "%" in page.locator("#kpi-ontime").inner_text()
    screenshot(page, "dashboard-overview")
    # Drill down from the reporting-completeness chart to the period behind it.
    page.locator("#chart-reporting svg a").first.click()
    page.wait_for_url(f"**/reports/periods/{scene.pk}/")
    assert "Sở Nội vụ" in page.locator("#agencies").inner_text()
    screenshot(page, "reports-period")
    with page.expect_download() as info:
        page.click("#download-docx")
    data = Path(info.value.path()).read_bytes()
    text = "\n".join(p.text for p in Document(BytesIO(data)).paragraphs)
    assert f"Kết quả thực hiện công tác cải cách hành chính {scene.label}" in text
    # The agencies' accounts are summarised per section, the units named in footnotes.
    assert "- Sở Nội vụ đã ban hành kế hoạch kiểm tra CCHC" in text
    # The late-dossiers chart drills down to the dossiers behind its figure.
    page.goto(page.base_url + "/dashboard/")
    href = page.locator("#chart-agencies svg a").first.get_attribute("href") or ""
    assert "figure=late_or_overdue" in href and "agency=" in href
    # Narrow screens: the charts stack in one column and stay inside the page.
    page.set_viewport_size({"width": 420, "height": 900})
    box = page.locator("#chart-volume").bounding_box()
    assert box is not None and box["width"] <= 420
    screenshot(page, "dashboard-mobile")


def test_focal_point_fills_report(page, login_page, province, scene):
    login_page(province.daumoi)
    page.goto(page.base_url + "/reports/")
    page.click(f"form[action='/reports/periods/{scene.pk}/start/'] button")
    page.wait_for_selector(".report-section")
    textarea = page.locator(".report-section textarea").first
    textarea.fill("Sở Tư pháp ban hành kế hoạch CCHC năm và phân công từng nhiệm vụ.")
    textarea.locator("xpath=ancestor::form").locator("button").click()
    page.wait_for_selector(".report-section .badge.ok")
    screenshot(page, "reports-agency-report")
