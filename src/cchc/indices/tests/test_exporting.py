"""The publication decision (DOCX, Decree 30/2020 layout) and the XLSX (formula-safe)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from io import BytesIO

from docx import Document
from openpyxl import load_workbook

from cchc.indices import exporting, services, standard
from cchc.indices.models import CycleUnit


def published(province):
    cs = services.criteria_set_create(
        actor=province.noivu,
        province=province.province,
        year=2025,
        title="Bộ",
        nodes=standard.to_nodes(standard.SMALL_SET),
        max_points=D(20),
    )
    cycle = services.cycle_open(
        actor=province.noivu,
        criteria_set=cs,
        units=[(province.justice, "departments", True), (province.commune_a, "communes", False)],
        self_deadline=dt.date(2026, 1, 15),
        council=[province.noivu],
    )
    # A unit name a spreadsheet would run as a formula.
    province.commune_a.name = '=HYPERLINK("http://x")'
    province.commune_a.save(update_fields=["name"])
    services.cycle_publish(
        actor=province.noivu, cycle=cycle, decision_number="125/QĐ-UBND", force=True
    )
    cycle.refresh_from_db()
    units = list(CycleUnit.objects.filter(cycle=cycle).select_related("agency"))
    return cycle, units


def test_decision_docx_layout_and_appendix(province):
    cycle, units = published(province)
    doc = Document(BytesIO(exporting.decision_docx(cycle, units)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "QUYẾT ĐỊNH" in text and "Công bố Chỉ số cải cách hành chính năm 2025" in text
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert "Số: 125/QĐ-UBND" in " ".join(cells)
    assert "Sở Tư pháp" in cells and "Không xếp hạng" in cells
    fonts = {r.font.name for p in doc.paragraphs for r in p.runs if r.text.strip()}
    assert fonts == {"Times New Roman"}
    section = doc.sections[0]
    assert section.left_margin is not None and 30 <= round(section.left_margin.mm) <= 35


def test_xlsx_is_formula_safe(province):
    cycle, units = published(province)
    ws = load_workbook(BytesIO(exporting.decision_xlsx(cycle, units))).active
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert '\'=HYPERLINK("http://x")' in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)
