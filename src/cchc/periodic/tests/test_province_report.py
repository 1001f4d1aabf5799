"""The province's report: assembled from the indicators and the accepted sections, issued as
an official DOCX (Decree 30/2020) that LibreOffice opens, with an XLSX of every table."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from datetime import date
from io import BytesIO

import pytest
from docx import Document
from openpyxl import load_workbook

from cchc.core.text import format_int, format_percent
from cchc.periodic import province_report as pr
from cchc.periodic import services as periodic
from cchc.statistics.selectors import dossier_stats

from . import test_dashboard as dashboard_fixtures
from . import test_periodic as periodic_fixtures

# Fixtures shared with test_periodic (pytest finds them as module attributes).
dossiers = periodic_fixtures.dossiers
fill = periodic_fixtures.fill
kind = periodic_fixtures.kind
period = periodic_fixtures.period
fresh_cache = periodic_fixtures.fresh_cache
plan = dashboard_fixtures.plan

TITLE = "Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2026"


@pytest.fixture
def issued(period, province, dossiers):
    """Justice's report accepted, Construction's only submitted, number 05 of 20/06/2026."""
    justice = periodic.agency_report_start(
        period=period, agency=province.justice, actor=province.daumoi
    )
    fill(justice, province.daumoi, text="Sở Tư pháp đã rà soát 12 thủ tục")
    periodic.report_submit(report=justice, actor=province.daumoi)
    periodic.report_accept(report=justice, actor=province.noivu)
    construction = periodic.agency_report_start(
        period=period, agency=province.construction, actor=province.admin
    )
    fill(construction, province.admin, text="NỘI DUNG CHƯA TIẾP NHẬN")
    periodic.report_submit(report=construction, actor=province.admin)
    return periodic.period_set_issue(
        period=period, doc_number="5", doc_date=date(2026, 6, 20), actor=province.noivu
    )


def docx_text(data: bytes) -> str:
    doc = Document(BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_report_content_follows_seed_003(issued, province):
    report = pr.build(issued)
    assert report.number == "05/BC-UBND"
    assert report.summary == TITLE
    assert report.place == "Cần Thơ"
    assert report.day == date(2026, 6, 20)
    total = dossier_stats(
        None, date_from=issued.start, date_to=issued.end, agency=province.province
    )[-1]
    assert total.received > 1000
    sentence = pr.dossier_sentence(total, pr.whole_of(province.province))
    assert f"Trong kỳ, toàn thành phố tiếp nhận {format_int(total.received)} hồ sơ TTHC" in sentence
    assert f"quá hạn {format_int(total.late)} hồ sơ" in sentence
    assert total.on_time_rate is not None
    assert format_percent(float(total.on_time_rate)) in sentence
    table = next(t for t in report.tables if t.code == "dossiers")
    assert table.header[-1] == "Toàn thành phố"
    assert "Sở, ban, ngành tỉnh" in table.header and "UBND cấp xã" in table.header
    by_key = {row[1]: row for row in table.rows}
    assert by_key["Tổng số hồ sơ tiếp nhận"][-1] == total.received
    # Group columns add up to the province's total.
    received = by_key["Tổng số hồ sơ tiếp nhận"]
    assert sum(received[2:-1]) == total.received
    text = "\n".join(b.text or "".join(r for r, _ in (b.runs or [])) for b in report.blocks)
    # The agencies' accounts are summarised by section, the units in footnotes.
    assert "- Sở Tư pháp đã rà soát 12 thủ tục (procedures)." in text
    assert "Sở Tư pháp: " not in text
    notes = [n for b in report.blocks for n in b.footnotes]
    assert any(n.startswith("Gồm: ") and "Sở Tư pháp" in n for n in notes)
    assert "NỘI DUNG CHƯA TIẾP NHẬN" not in text  # only accepted sections are compiled
    assert "chưa có số liệu" in text  # no PAR index scores yet


def test_docx_official_layout(issued):
    data = pr.to_docx(pr.build(issued))
    doc = Document(BytesIO(data))
    section = doc.sections[0]
    mm = lambda length: round(length.mm)  # noqa: E731 - Word stores twips
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert 20 <= mm(section.top_margin) <= 25 and 20 <= mm(section.bottom_margin) <= 25
    assert 30 <= mm(section.left_margin) <= 35 and 15 <= mm(section.right_margin) <= 20
    fonts = {r.font.name for p in doc.paragraphs for r in p.runs if r.text.strip()}
    assert fonts == {"Times New Roman"}
    assert doc.styles["Normal"].font.name == "Times New Roman"
    text = docx_text(data)
    assert "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Số: 05/BC-UBND" in text
    assert "Cần Thơ, ngày 20 tháng 6 năm 2026" in text
    assert "BÁO CÁO" in text and TITLE in text
    assert re.search(r"^I\. CÔNG TÁC CHỈ ĐẠO", text, re.M)
    assert re.search(r"^1\. Cải cách thủ tục hành chính", text, re.M)
    assert "Nơi nhận:" in text and "- Lưu: VT, NC." in text
    assert "KT. CHỦ TỊCH" in text and "Nguyễn Văn Hòa" in text
    assert re.search(r"\d{1,3}\.\d{3}", text)  # 1.500-style thousands
    assert re.search(r"\d+,\d{2}%", text)  # 98,50%-style rates
    # Real footnotes (the data source, who has reported).
    assert "word/footnotes.xml" in {p.partname.lstrip("/") for p in doc.part.package.parts}


def test_xlsx_holds_every_table(issued, province):
    report = pr.build(issued)
    wb = load_workbook(BytesIO(pr.to_xlsx(report)))
    assert len(wb.sheetnames) == len(report.tables) >= 2
    ws = wb[wb.sheetnames[[t.code for t in report.tables].index("dossiers")]]
    assert ws["A1"].value == "Kết quả giải quyết hồ sơ thủ tục hành chính"
    header = [c.value for c in ws[3]]
    assert header[-1] == "Toàn thành phố"
    total = dossier_stats(
        None, date_from=issued.start, date_to=issued.end, agency=province.province
    )[-1]
    assert ws.cell(row=4, column=len(header)).value == total.received
    rate_row = [r for r in ws.iter_rows(min_row=4, values_only=True) if r[1].startswith("Tỷ lệ")][0]
    assert total.on_time_rate is not None
    assert abs(rate_row[-1] - float(total.on_time_rate)) < 0.001


@pytest.mark.slow
def test_docx_opens_in_libreoffice(issued, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice is required: scripts/ensure-system-packages.sh installs it")
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(pr.to_docx(pr.build(issued)))
    out = tmp_path / "pdf"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = (out / "bao-cao.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert pages >= 2
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(out / "bao-cao.pdf"), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        flat = " ".join(text.split())
        assert "6 tháng đầu năm 2026" in flat
        assert re.search(r"\d{1,3}\.\d{3}", flat)


def test_plan_progress_table_when_a_plan_exists(period, plan):
    report = pr.build(period)
    table = next(t for t in report.tables if t.code == "plans")
    assert table.rows[0][1:5] == ["Cải cách thủ tục hành chính", 2, 1, 1]
    assert float(table.rows[0][5]) == 50.0
    assert "50,00%" in "\n".join(
        c.text
        for t in __import__("docx").Document(BytesIO(pr.to_docx(report))).tables
        for row in t.rows
        for c in row.cells
    )


def test_targets_with_actuals_and_their_evidence_in_footnotes(period, plan, province):
    """The report's targets table reads the one selector: the same figure as the plan page,
    "đạt"/"chưa đạt"/"chưa có số liệu", a hand-entered figure's source in a footnote."""
    import time_machine

    from cchc.plans import selectors, services

    def target(sentence, value, unit="%", indicator=""):
        return services.target_create(
            actor=province.noivu,
            plan=plan,
            sentence=sentence,
            value=value,
            unit=unit,
            indicator=indicator,
            responsible=[province.justice],
        )

    budget = target("Giải ngân vốn đầu tư công đạt từ 90% trở lên.", 90)
    staff = target("100% công chức cấp xã đạt chuẩn.", 100)
    units = target("Thêm 02 đơn vị sự nghiệp tự bảo đảm chi thường xuyên.", 2, "đơn vị")
    with time_machine.travel(date(2026, 6, 20), tick=False):
        services.target_actual_enter(
            actor=province.daumoi,
            target=budget,
            value="92.4",
            as_of=date(2026, 6, 10),
            document_ref="Báo cáo số 125/BC-STC ngày 10/6/2026",
        )
        services.target_actual_enter(
            actor=province.noivu,
            target=staff,
            value="96",
            as_of=date(2026, 6, 1),
            document_ref="Báo cáo số 88/BC-SNV",
        )
        services.target_actual_enter(  # after the period's cut-off: not in this report
            actor=province.noivu,
            target=units,
            value="3",
            as_of=date(2026, 6, 18),
            document_ref="Quyết định số 7/QĐ-UBND",
        )
        report = pr.build(period)
        rows = selectors.target_rows(plan, as_of=min(period.end, date(2026, 6, 20)))
    table = next(t for t in report.tables if t.code == "plan_targets")
    assert [r[1:] for r in table.rows] == [
        [budget.sentence, "≥ 90%", "92,40%", "đạt"],
        [staff.sentence, "≥ 100%", "96%", "chưa đạt"],
        [units.sentence, "≥ 2 đơn vị", "—", "chưa có số liệu"],
    ]
    assert [r.actual_text or "—" for r in rows] == [r[3] for r in table.rows]
    block = next(b for b in report.blocks if b.table is table)
    assert block.footnotes == [
        "Chỉ tiêu 1: Số liệu tính đến ngày 10/06/2026; theo Báo cáo số 125/BC-STC ngày 10/6/2026.",
        "Chỉ tiêu 2: Số liệu tính đến ngày 01/06/2026; theo Báo cáo số 88/BC-SNV.",
    ]
    sentence = report.blocks[report.blocks.index(block) - 1].text
    assert "đề ra 3 chỉ tiêu" in sentence and "1 chỉ tiêu đạt, 1 chỉ tiêu chưa đạt" in sentence
    text = docx_text(pr.to_docx(report))
    assert "Kết quả thực hiện các chỉ tiêu Kế hoạch CCHC năm 2026" in text
    assert "chưa có số liệu" in text
    footnotes = zipfile.ZipFile(BytesIO(pr.to_docx(report))).read("word/footnotes.xml")
    assert "125/BC-STC" in footnotes.decode()


def test_seed_003_sentence_for_a_province():
    from cchc.statistics.stats import DossierStats

    row = DossierStats(carried=2_159, new_desk=176_611, early=175_000, on_time=191, late=65)
    row.not_yet_due, row.overdue = 3_494, 20
    row.late_with_apology = 60
    assert pr.dossier_sentence(row) == (
        "Trong kỳ, toàn tỉnh tiếp nhận 178.770 hồ sơ TTHC (bao gồm cả hồ sơ giải quyết theo cơ "
        "chế một cửa, một cửa liên thông; theo dịch vụ công trực tuyến), trong đó: 176.611 hồ sơ "
        "mới tiếp nhận; 2.159 hồ sơ từ kỳ trước chuyển qua. Đã giải quyết 175.256 hồ sơ, trước "
        "hạn và đúng hạn 175.191 hồ sơ, đạt 99,96%; quá hạn 65 hồ sơ (có văn bản xin lỗi gửi "
        "trước hạn 60 hồ sơ, đạt 92,31%). Đang giải quyết 3.514 hồ sơ (trong đó: 3.494 hồ sơ "
        "chưa đến hạn, 20 hồ sơ đang giải quyết quá hạn)."
    )


def test_procedures_by_level_and_online_level_with_the_old_levels():
    counts = {
        "total": 1_800,
        "by_level": {"province": 1_200, "commune": 600},
        "online": {"full": 700, "partial": 400},
        "legacy": {3: 571, 4: 193},
    }
    assert pr.procedure_sentence(counts) == (
        "Tổng số TTHC đã được công bố, công khai còn hiệu lực thi hành tính đến thời điểm báo "
        "cáo là 1.800 thủ tục, trong đó: cấp tỉnh 1.200 thủ tục; cấp xã 600 thủ tục. Về dịch vụ "
        "công trực tuyến: 700 thủ tục trực tuyến toàn trình, 400 thủ tục trực tuyến một phần "
        "(theo mức độ trước đây: 571 thủ tục mức độ 3, 193 thủ tục mức độ 4)."
    )


def test_agencies_plans_issued_like_seed_003(period, province):
    from cchc.plans.models import Plan

    Plan.objects.create(agency=province.justice, year=period.year, title="KH CCHC", status="issued")
    Plan.objects.create(
        agency=province.construction, year=period.year, title="KH CCHC", status="draft"
    )
    blocks = pr.plans_issued_blocks(period)
    expected = periodic.expected_agencies(period.kind, period.end).count()
    assert blocks[0].text == (
        f"Đến nay đã có 1/{expected} cơ quan, đơn vị ban hành kế hoạch triển khai thực hiện "
        f"nhiệm vụ CCHC năm {period.year}."
    )
    assert blocks[0].footnotes[0].startswith("Bao gồm: 1/")
    assert "Sở Xây dựng" in blocks[0].footnotes[1]


def test_place_of():
    class A:
        name = "Ủy ban nhân dân tỉnh Sóc Trăng"

    assert pr.place_of(A()) == "Sóc Trăng"  # type: ignore[arg-type]
    A.name = "Ủy ban nhân dân thành phố Cần Thơ"
    assert pr.place_of(A()) == "Cần Thơ"  # type: ignore[arg-type]


def test_units_outside_the_groups_get_their_own_column(period, province):

    from cchc.demo.synth import insert, make_catalogue, synth
    from cchc.statistics import rollups

    procs = make_catalogue(procedures=2, prefix="K")
    batch = synth(
        300,
        agencies=[(province.justice.pk, "province"), (province.centre.pk, "province")],
        procedures=procs,
        start=period.start,  # the period's data range (Decree 09/2019 cut-off by default)
        end=period.end,
        today=period.end,
        seed=2,
    )
    insert(batch, code_prefix="K")
    rollups.rebuild()
    table, total = pr.dossier_table(period)
    assert table.header[-2:] == ["Khác", "Toàn thành phố"]
    received = next(r for r in table.rows if r[1] == "Tổng số hồ sơ tiếp nhận")
    centre = dossier_stats(
        None, date_from=period.start, date_to=period.end, agency=province.centre
    )[-1]
    assert received[-2] == centre.received > 0
    assert sum(received[2:-1]) == received[-1] == total.received == 300
