"""The Decree 30/2020 document builder (cchc.core.officialdoc), read back with python-docx."""

from __future__ import annotations

import subprocess
import zipfile
from datetime import date
from io import BytesIO

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm, Pt

from cchc.core.officialdoc import OfficialDocument, document_number, place_date
from cchc.testing.fixtures import soffice_path


def build() -> OfficialDocument:
    doc = OfficialDocument(
        parent_agency="UBND thành phố Cần Thơ",
        agency="Sở Nội vụ",
        number=document_number(5, "BC-SNV"),
        place="Cần Thơ",
        date=date(2026, 1, 5),
        kind="Báo cáo",
        summary="Kết quả công tác cải cách hành chính năm 2025",
    )
    doc.heading("Kết quả đạt được")
    doc.heading("Cải cách thể chế", 2)
    doc.paragraph("Năm 2025, các cơ quan đã hoàn thành các nhiệm vụ được giao.")
    doc.footnote("Theo Kế hoạch số 10/KH-UBND ngày 05/01/2025.")
    doc.table(
        [["Sở Tư pháp", 1250, 98.5], ["Sở Xây dựng", 178770, 82.03]],
        header=["Đơn vị", "Số hồ sơ", "Tỷ lệ (%)"],
        widths=[85, 40, 40],
    )
    with doc.landscape():
        doc.table([[i] * 10 for i in range(3)], header=[f"Cột {i}" for i in range(10)])
    doc.heading("Phương hướng")
    doc.signature(
        authority="TM. ỦY BAN NHÂN DÂN",
        deputy="KT. CHỦ TỊCH",
        title="PHÓ CHỦ TỊCH",
        name="Nguyễn Văn An",
    )
    doc.recipients(["Bộ Nội vụ;", "Lưu: VT, NC."])
    return doc


def reopen(doc: OfficialDocument):
    return Document(BytesIO(doc.to_bytes()))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 5), "Cần Thơ, ngày 05 tháng 01 năm 2026"),
        (date(2026, 2, 15), "Cần Thơ, ngày 15 tháng 02 năm 2026"),
        (date(2026, 3, 9), "Cần Thơ, ngày 09 tháng 3 năm 2026"),
        (date(2025, 12, 31), "Cần Thơ, ngày 31 tháng 12 năm 2025"),
    ],
)
def test_place_date_leading_zeros(day, expected):
    assert place_date("Cần Thơ", day) == expected


def test_document_number_leading_zero():
    assert document_number(5, "BC-UBND") == "05/BC-UBND"
    assert document_number(123, "QĐ-UBND") == "123/QĐ-UBND"


def test_page_setup_margins_and_sections():
    d = reopen(build())
    first = d.sections[0]
    assert abs(first.page_width - Mm(210)) < Mm(1) and abs(first.page_height - Mm(297)) < Mm(1)

    def within(value, low, high):  # Word stores twips: allow a rounding of 0.1 mm
        return Mm(low - 0.1) <= value <= Mm(high + 0.1)

    assert within(first.top_margin, 20, 25) and within(first.bottom_margin, 20, 25)
    assert within(first.left_margin, 30, 35) and within(first.right_margin, 15, 20)
    # No number on the first page; a PAGE field centred in the header of the others.
    assert first.different_first_page_header_footer
    assert not "".join(p.text for p in first.first_page_header.paragraphs).strip()
    header_xml = first.header._element.xml
    assert "PAGE" in header_xml
    assert first.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    # The landscape section for the wide table, then portrait again.
    assert [s.orientation for s in d.sections] == [
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.LANDSCAPE,
        WD_ORIENT.PORTRAIT,
    ]
    assert d.sections[1].page_width > d.sections[1].page_height


def test_header_texts_and_fonts():
    d = reopen(build())
    header = d.tables[0]
    left = [p for p in header.cell(0, 0).paragraphs if p.text]
    right = [p for p in header.cell(0, 1).paragraphs if p.text]
    assert [p.text for p in left] == ["UBND THÀNH PHỐ CẦN THƠ", "SỞ NỘI VỤ"]
    assert not left[0].runs[0].bold and left[1].runs[0].bold
    assert [p.text for p in right] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert right[1].runs[0].bold and Pt(13) <= right[1].runs[0].font.size <= Pt(14)
    assert Pt(12) <= right[0].runs[0].font.size <= Pt(13)
    assert header.cell(1, 0).text.strip() == "Số: 05/BC-SNV"
    date_run = header.cell(1, 1).paragraphs[0].runs[0]
    assert date_run.text == "Cần Thơ, ngày 05 tháng 01 năm 2026" and date_run.italic
    # The header table has no borders (the default table style is borderless).
    assert header.style is None or "Grid" not in (header.style.name or "")
    texts = [p.text for p in d.paragraphs]
    assert "BÁO CÁO" in texts
    kind = d.paragraphs[texts.index("BÁO CÁO")]
    assert kind.runs[0].bold and kind.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "Kết quả công tác cải cách hành chính năm 2025" in texts
    # Every run in the document is Times New Roman in black.
    for p in d.paragraphs:
        for r in p.runs:
            assert r.font.name == "Times New Roman"
            assert r.font.color.rgb is None or str(r.font.color.rgb) == "000000"


def test_body_headings_and_table():
    d = reopen(build())
    texts = [p.text for p in d.paragraphs]
    assert "I. KẾT QUẢ ĐẠT ĐƯỢC" in texts and "II. PHƯƠNG HƯỚNG" in texts
    assert "1. Cải cách thể chế" in texts
    body = next(p for p in d.paragraphs if p.text.startswith("Năm 2025"))
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert Cm(1) <= body.paragraph_format.first_line_indent <= Cm(1.27)
    assert Pt(13) <= body.runs[0].font.size <= Pt(14)
    table = d.tables[1]
    assert table.style.name == "Table Grid"
    assert [c.text for c in table.rows[0].cells] == ["Đơn vị", "Số hồ sơ", "Tỷ lệ (%)"]
    assert [c.text for c in table.rows[2].cells] == ["Sở Xây dựng", "178.770", "82,03"]
    assert table.rows[1].cells[2].text == "98,50"
    assert "w:tblHeader" in table.rows[0]._tr.xml


def test_real_footnote_part():
    raw = build().to_bytes()
    with zipfile.ZipFile(BytesIO(raw)) as z:
        notes = z.read("word/footnotes.xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
        types = z.read("[Content_Types].xml").decode()
        document = z.read("word/document.xml").decode()
    assert "Theo Kế hoạch số 10/KH-UBND ngày 05/01/2025." in notes
    assert "footnotes.xml" in rels and "footnotes+xml" in types
    assert '<w:footnoteReference w:id="1"/>' in document


def test_signature_and_recipients():
    d = reopen(build())
    closing = d.tables[-1]
    left = [p for p in closing.cell(0, 0).paragraphs if p.text]
    right = [p.text for p in closing.cell(0, 1).paragraphs if p.text]
    assert left[0].text == "Nơi nhận:"
    assert left[0].runs[0].bold and left[0].runs[0].italic
    assert left[0].runs[0].font.size == Pt(12)
    assert [p.text for p in left[1:]] == ["- Bộ Nội vụ;", "- Lưu: VT, NC."]
    assert all(p.runs[0].font.size == Pt(11) for p in left[1:])
    assert right == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"]
    name = next(p for p in closing.cell(0, 1).paragraphs if p.text == "Nguyễn Văn An")
    assert name.runs[0].bold


def test_save_to_path(tmp_path):
    target = tmp_path / "baocao.docx"
    build().save(target)
    assert Document(str(target)).tables[0].cell(0, 0).text.strip().endswith("SỞ NỘI VỤ")


@pytest.mark.slow
def test_libreoffice_converts_to_pdf(tmp_path):
    soffice = soffice_path()
    source = tmp_path / "baocao.docx"
    build().save(source)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = (tmp_path / "baocao.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    # Portrait page, landscape page for the wide table, portrait page for the closing.
    import re

    pages = re.findall(rb"/Type\s*/Page[^s]", pdf)
    assert len(pages) >= 3
