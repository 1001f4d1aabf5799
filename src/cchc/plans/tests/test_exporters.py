"""Exporting a plan's appendix and reading it back with the importers gives the same rows."""

from __future__ import annotations

import datetime as dt
import io

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from cchc.demo.data.plan_seeds import SeedRow, seed_001_rows, seed_002_rows, seed_sections
from cchc.plans.exporters import write_docx, write_xlsx
from cchc.plans.tables import read_docx, read_xlsx


def plan_dict(rows: list[SeedRow]) -> dict:
    sections = []
    for title in seed_sections(rows):
        tasks = [
            {
                "number": r.number,
                "title": r.title,
                "products": list(r.products),
                "lead": list(r.lead),
                "coordinators": list(r.coordinators),
                "deadline_text": r.deadline_text,
                "subsection": r.subsection,
            }
            for r in rows
            if r.section == title
        ]
        sections.append({"title": title, "tasks": tasks})
    return {
        "title": "Kế hoạch cải cách hành chính năm 2022",
        "number": "182/KH-UBND",
        "date": dt.date(2021, 12, 28),
        "agency": "UBND tỉnh Sóc Trăng",
        "sections": sections,
        "targets": TARGETS,  # after the appendix: the reader must leave them out
    }


TARGETS = [
    {
        "sentence": "98% số hồ sơ liên quan đến thủ tục hành chính được giải quyết đúng hạn.",
        "goal": "≥ 98%",
        "actual": "97,12%",
        "verdict": "Chưa đạt",
        "source": "Đo tự động: Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn",
    },
    {
        "sentence": "Có thêm 02 đơn vị sự nghiệp công lập tự bảo đảm chi thường xuyên.",
        "goal": "≥ 2 đơn vị",
        "actual": "3 đơn vị",
        "verdict": "Đạt",
        "source": "Nhập tay. Số liệu tính đến ngày 30/06/2026; theo Báo cáo số 215/BC-STC.",
    },
]


def test_targets_follow_the_appendix() -> None:
    """The targets table (DOCX) and sheet (XLSX) carry the texts the selector gave."""
    import docx
    import openpyxl

    buffer = io.BytesIO()
    write_docx(plan_dict(seed_002_rows()), buffer)
    last = docx.Document(io.BytesIO(buffer.getvalue())).tables[-1]
    cells = [[c.text for c in row.cells] for row in last.rows]
    assert cells[0] == [
        "TT",
        "Nội dung chỉ tiêu",
        "Mục tiêu",
        "Thực tế",
        "Đánh giá",
        "Nguồn số liệu",
    ]
    assert cells[2][2:5] == ["≥ 2 đơn vị", "3 đơn vị", "Đạt"]
    buffer = io.BytesIO()
    write_xlsx(plan_dict(seed_002_rows()), buffer)
    ws = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["Chỉ tiêu"]
    assert [c.value for c in ws[2]][1:5] == [TARGETS[0]["sentence"], "≥ 98%", "97,12%", "Chưa đạt"]


def _flat(plan: dict) -> list[dict]:
    return [
        {"section": s["title"], **{k: t[k] for k in t}}
        for s in plan["sections"]
        for t in s["tasks"]
    ]


@pytest.mark.parametrize("rows", [seed_001_rows(), seed_002_rows()], ids=["001", "002"])
@pytest.mark.parametrize(
    ("writer", "reader"), [(write_docx, read_docx), (write_xlsx, read_xlsx)], ids=["docx", "xlsx"]
)
def test_round_trip(rows, writer, reader) -> None:  # noqa: ANN001
    plan = plan_dict(rows)
    buffer = io.BytesIO()
    writer(plan, buffer)
    buffer.seek(0)
    table = reader(buffer)
    assert table.sections == [s["title"] for s in plan["sections"]]
    got = [
        {
            "section": t.section,
            "number": t.number,
            "title": t.title,
            "products": t.products,
            "lead": t.lead,
            "coordinators": t.coordinators,
            "deadline_text": t.deadline_text,
            "subsection": t.subsection,
        }
        for t in table.tasks
    ]
    assert got == _flat(plan)


def test_docx_is_in_the_official_format() -> None:
    buffer = io.BytesIO()
    write_docx(plan_dict(seed_002_rows()), buffer)
    buffer.seek(0)
    document = docx.Document(buffer)
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    width, height = section.page_width, section.page_height
    left, top = section.left_margin, section.top_margin
    assert width is not None and height is not None and left is not None and top is not None
    assert width > height
    assert round(left.cm) == 3 and round(top.cm) == 2
    assert document.styles["Normal"].font.name == "Times New Roman"
    texts = [p.text for p in document.paragraphs]
    assert texts[:3] == [
        "PHỤ LỤC",
        "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2022",
        "(Kèm theo Kế hoạch số 182/KH-UBND ngày 28/12/2021 của UBND tỉnh Sóc Trăng)",
    ]
    table, _targets = document.tables  # the appendix, then the targets
    header = table.rows[0]._tr
    assert header.trPr is not None
    assert header.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    section_row = table.rows[1]
    assert section_row.cells[0].text == "I"
    assert section_row.cells[1]._tc is section_row.cells[5]._tc  # merged across
    assert section_row.cells[1].paragraphs[0].runs[0].bold
    # Page numbers from the second page only.
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml


def test_xlsx_layout() -> None:
    buffer = io.BytesIO()
    write_xlsx(plan_dict(seed_001_rows()), buffer)
    buffer.seek(0)
    ws = openpyxl.load_workbook(buffer).active
    assert ws.freeze_panes == "A6"
    assert ws["A5"].value == "TT" and ws["A5"].font.bold
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:F1", "A2:F2", "A3:F3", "B6:F6"} <= merged
    assert ws["A6"].value == "I" and ws["B6"].value == "Cải cách thể chế"
    assert ws["B7"].alignment.wrap_text
    assert ws.column_dimensions["B"].width == 60
    assert ws.page_setup.orientation == "landscape"


def test_xlsx_task_typed_as_a_formula_stays_text() -> None:
    """Issue 14, finding 2: plan tasks are typed by people; none becomes a live formula."""
    rows = seed_001_rows()
    data = plan_dict(rows)
    hostile = "=cmd|' /C calc'!A0"
    data["sections"][0]["tasks"][0]["title"] = hostile
    data["sections"][0]["tasks"][0]["lead"] = ["@SUM(1+1)*cmd|' /C calc'!A0"]
    buffer = io.BytesIO()
    write_xlsx(data, buffer)
    buffer.seek(0)
    ws = openpyxl.load_workbook(buffer).active
    cells = [c for row in ws.iter_rows() for c in row if c.value == hostile]
    assert cells and all(c.data_type == "s" for c in cells)
    assert not [c for row in ws.iter_rows() for c in row if c.data_type == "f"]
