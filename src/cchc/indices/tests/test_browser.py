"""Browser story (issue 12, "Done when"): Home Affairs imports a set and opens the year; Justice
and a ward self-score with evidence; the council appraises; the ward answers; the ranking is
published; the province report carries the band table. Screenshots illustrate the guide."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from docx import Document

from cchc.indices.models import CriteriaSet, Cycle, CycleUnit, UnitStatus
from cchc.indices.standard import SMALL_SET
from cchc.testing.fixtures import screenshot
from cchc.testing.personas import PASSWORD, build_province

from .sample_files import write_docx

PDF = b"%PDF-1.4\n% minutes of the meeting\n%%EOF\n"


def sign_in(browser, base_url, user):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(20000)
    page.goto(base_url + "/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def self_score(page, unit, points, tmp_path):
    page.goto(page.base_url + f"/indices/units/{unit.pk}/")
    for score in unit.scores.select_related("criterion").order_by("criterion__order"):
        c = score.criterion
        if c.method not in ("self", "bonus"):
            continue
        row = page.locator(f"#leaf-{c.pk}")
        row.locator("input[name=points]").fill(points.get(c.title, "0"))
        row.locator("input[name=evidence_number]").fill(f"{c.pk}/KH-{unit.agency.code}")
        row.locator("input[name=evidence_date]").fill("15/01/2025")
        row.locator("input[name=evidence_issuer]").fill(unit.agency.name)
        row.locator("input[name=evidence_location]").fill("Mục II, trang 3")
        pdf = tmp_path / f"minh-chung-{c.pk}.pdf"
        pdf.write_bytes(PDF)
        row.locator("input[name=evidence_file]").set_input_files(str(pdf))
        row.locator("button[type=submit]").click()
        page.locator(f"#leaf-{c.pk} .evidence").wait_for()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_par_index_cycle(browser, live_server, tmp_path):
    from cchc.periodic import services as periodic
    from cchc.periodic.models import PeriodType, ReportKind, ReportSectionTemplate

    p = build_province()
    base = live_server.url
    path = write_docx(SMALL_SET, tmp_path / "bo-tieu-chi-2025.docx")

    # 1. Home Affairs imports the set through the preview, then opens the year.
    ha = sign_in(browser, base, p.noivu)
    ha.base_url = base
    ha.goto(base + "/indices/import/")
    ha.set_input_files("#id_file", str(path))
    ha.fill("#id_year", "2025")
    ha.fill("#id_title", "Bộ tiêu chí Chỉ số CCHC sở, ngành và xã, phường năm 2025")
    ha.click("#import-form button[type=submit]")
    ha.wait_for_selector("#preview-tree")
    assert "2 lĩnh vực" in ha.inner_text("#summary")
    screenshot(ha, "indices-import-preview")
    ha.click("#commit")
    ha.wait_for_selector("#criteria")
    cs = CriteriaSet.objects.get()
    ha.click("#open-cycle")
    for code in ("STP", "X31117"):
        ha.check(f'tr[data-code="{code}"] input[name^=unit_]')
    ha.check(f'input[name=council][data-username="{p.noivu.username}"]')
    ha.click("#open-submit")
    ha.wait_for_selector("#cycle-status")
    cycle = Cycle.objects.get(criteria_set=cs)
    stp = CycleUnit.objects.get(cycle=cycle, agency=p.justice)
    ward = CycleUnit.objects.get(cycle=cycle, agency=p.commune_a)

    # 2. Two units self-score every leaf with evidence and submit once.
    justice = sign_in(browser, base, p.daumoi)
    justice.base_url = base
    self_score(
        justice,
        stp,
        {
            "Ban hành kế hoạch CCHC năm đúng thời hạn": "6",
            "Tham mưu xây dựng văn bản quy phạm pháp luật": "4",
            "Công khai thủ tục hành chính đầy đủ, đúng quy định": "4",
            "Sáng kiến CCHC được công nhận": "1",
        },
        tmp_path,
    )
    justice.reload()
    assert justice.inner_text("#unit-points") == "15"  # 6 + 4 + 4 + 1 bonus
    screenshot(justice, "indices-self-score")
    justice.click("#submit-unit")
    justice.wait_for_selector(".msg-success")
    # Trying to score another unit's page is refused.
    assert justice.goto(base + f"/indices/units/{ward.pk}/").status == 403

    xa = sign_in(browser, base, p.daumoi_xa)
    xa.base_url = base
    self_score(
        xa,
        ward,
        {
            "Ban hành kế hoạch CCHC năm đúng thời hạn": "6",
            "Công khai thủ tục hành chính đầy đủ, đúng quy định": "3",
        },
        tmp_path,
    )
    xa.click("#submit-unit")
    xa.wait_for_selector(".msg-success")
    assert CycleUnit.objects.get(pk=ward.pk).status == UnitStatus.SUBMITTED

    # 3. The council re-scores each leaf (a comment where it differs) and closes appraisal.
    for unit, cut in (
        (stp, ("Tham mưu xây dựng văn bản quy phạm pháp luật", "3")),
        (ward, ("Ban hành kế hoạch CCHC năm đúng thời hạn", "4")),
    ):
        ha.goto(base + f"/indices/units/{unit.pk}/")
        for score in unit.scores.select_related("criterion").order_by("criterion__order"):
            c = score.criterion
            if c.method not in ("self", "bonus"):
                continue
            row = ha.locator(f"#leaf-{c.pk}")
            if c.title == cut[0]:
                row.locator(".appraise-form input[name=points]").fill(cut[1])
                row.locator(".appraise-form input[name=comment]").fill(
                    "Văn bản ban hành sau thời hạn kế hoạch"
                )
            with ha.expect_response(lambda r: "/appraise/" in r.url):
                row.locator(".appraise-form button").click()
        ha.wait_for_load_state("networkidle")
        if unit is ward:
            screenshot(ha, "indices-appraisal")
        ha.click("#finish-appraisal")
        ha.wait_for_selector(".msg-success")

    # 4. The ward sees the difference and answers once.
    xa.goto(base + f"/indices/units/{ward.pk}/")
    assert "khác tự chấm" in xa.inner_text("#scores")
    xa.locator("textarea[name^=answer_]").first.fill(
        "Kế hoạch ban hành ngày 10/01/2025 theo văn bản 05/KH-UBND, gửi kèm."
    )
    screenshot(xa, "indices-answer")
    xa.click("#send-answer")
    xa.wait_for_selector(".msg-success")
    assert CycleUnit.objects.get(pk=ward.pk).status == UnitStatus.ANSWERED

    # 5. Final scores (Justice's answer window is over), then publication.
    CycleUnit.objects.filter(pk=stp.pk).update(
        answer_deadline=dt.date.today() - dt.timedelta(days=1)
    )
    for unit in (ward, stp):
        ha.goto(base + f"/indices/units/{unit.pk}/")
        if unit is ward:
            ha.locator("input[name^=final_]").first.fill("5")
            ha.locator("input[name^=reason_]").first.fill("Chấp nhận một phần giải trình")
        ha.click("#finalise")
        ha.wait_for_selector(".msg-success")
    ha.goto(base + f"/indices/cycles/{cycle.pk}/")
    ha.fill("#id_decision_number", "125/QĐ-UBND")
    ha.click("#publish")
    ha.wait_for_selector(".msg-success")
    assert ha.inner_text("#cycle-status") == "Đã công bố"
    assert ha.inner_text('tr[data-agency="STP"] .band') == "Rất tốt"
    assert ha.inner_text('tr[data-agency="X31117"] .rank') == "1"
    screenshot(ha, "indices-ranking")
    decision = ha.request.get(base + f"/indices/cycles/{cycle.pk}/decision.docx")
    assert decision.status == 200
    text = "\n".join(
        c.text for t in Document(BytesIO(decision.body())).tables for r in t.rows for c in r.cells
    )
    assert "Sở Tư pháp" in text and "Rất tốt" in text
    ha.goto(base + f"/indices/results/{cycle.pk}/")
    screenshot(ha, "indices-public-results")

    # 6. The province report shows seed 003's band table from these scores.
    kind = ReportKind.objects.create(
        code="CCHC-NAM", name="Báo cáo CCHC năm", period_type=PeriodType.YEAR, province=p.province
    )
    ReportSectionTemplate.objects.create(
        kind=kind,
        order=1,
        level=1,
        code="direction",
        title="Công tác chỉ đạo, điều hành",
        tables=["par_index"],
    )
    period = periodic.period_open(kind=kind, year=2025, number=1, actor=None)
    report = ha.request.get(base + f"/reports/periods/{period.pk}/province.docx")
    assert report.status == 200
    doc = Document(BytesIO(report.body()))
    cells = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    band_rows = {r[2]: r for r in cells if len(r) > 3 and r[2] in ("Rất tốt", "Tốt")}
    assert band_rows["Rất tốt"][1] == "Chỉ số CCHC trên 90%"
    assert "chưa có số liệu" not in "\n".join(p.text for p in doc.paragraphs)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_service_index_dashboard_drill_down(browser, live_server, province, march):
    """The 766 dashboard for Justice in March 2025 (the hand-built dossiers of
    test_service_index): 12 of 20 progress points, and the two dossiers that lost the rest."""
    page = sign_in(browser, live_server.url, province.noivu)
    page.goto(
        live_server.url
        + f"/indices/service/?kind=month&year=2025&number=3&agency={province.justice.pk}"
    )
    row = page.locator("tr[data-measure=on_time]")
    assert "3 / 5" in row.inner_text() and "12" in row.inner_text()
    assert "chưa có dữ liệu" in page.inner_text("tr[data-measure=satisfaction]")
    screenshot(page, "indices-service")
    row.locator("a.lost-link").click()
    page.wait_for_selector("#lost")
    text = page.inner_text("#lost")
    assert march[2].code in text and march[3].code in text
    assert "Yêu cầu bổ sung quá 1 lần" in text
    screenshot(page, "indices-service-lost")
