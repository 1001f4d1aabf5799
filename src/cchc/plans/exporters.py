"""Writing a plan's appendix table back to DOCX (official format) and XLSX.

``plan_dict`` = ``{"title", "number", "date", "agency", "sections": [{"title", "tasks": [{
"number", "title", "products", "lead", "coordinators", "deadline_text"}]}]}`` (a task may also
carry ``"subsection"``, the heading row it sits under). ``date`` is a ``date`` or a string.
An optional ``"targets"``: ``[{"sentence", "goal", "actual", "verdict", "source"}]`` (texts,
from ``selectors.target_rows``) adds the targets with their actuals after the appendix: a
second table in the DOCX, a sheet "Chỉ tiêu" in the XLSX; the appendix reader skips both.

The DOCX follows Decree 30/2020/NĐ-CP Appendix I as plans' appendices use it: A4 landscape
(a wide table is allowed its own landscape section), Times New Roman, margins top/bottom 20 mm,
left 30 mm, right 15 mm, "PHỤ LỤC" and the title in bold capitals, the reference to the plan in
italics, the header row repeated on every page, section rows (I, II, ...) merged across the
table in bold, page numbers centred at the top from the second page. Both files read back with
``cchc.plans.tables`` to the same rows.
"""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from cchc.core import files

HEADERS = (
    "TT",
    "Nội dung, nhiệm vụ",
    "Sản phẩm",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian hoàn thành",
)
_FONT = "Times New Roman"
_WIDTHS_CM = (1.2, 8.0, 4.6, 4.0, 4.4, 3.0)  # 25.2 cm = 29.7 − 30 mm − 15 mm
_XLSX_WIDTHS = (7, 60, 36, 30, 34, 22)
TARGET_HEADERS = ("TT", "Nội dung chỉ tiêu", "Mục tiêu", "Thực tế", "Đánh giá", "Nguồn số liệu")
_TARGET_WIDTHS_CM = (1.2, 9.6, 2.8, 2.8, 2.6, 6.2)
_TARGET_XLSX_WIDTHS = (7, 70, 14, 14, 16, 50)


def _target_rows(plan: dict[str, Any]) -> list[list[str]]:
    return [
        [
            str(i),
            str(t.get("sentence") or ""),
            str(t.get("goal") or ""),
            str(t.get("actual") or ""),
            str(t.get("verdict") or ""),
            str(t.get("source") or ""),
        ]
        for i, t in enumerate(plan.get("targets") or [], start=1)
    ]


_ROMANS = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(n: int) -> str:
    out = []
    for value, letters in _ROMANS:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _date_text(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value or "")


def _reference(plan: dict[str, Any]) -> str:
    parts = ["(Kèm theo"]
    number = str(plan.get("number") or "").strip()
    parts.append(f"Kế hoạch số {number}" if number else "Kế hoạch")
    date = _date_text(plan.get("date"))
    if date:
        parts.append(f"ngày {date}")
    agency = str(plan.get("agency") or "").strip()
    if agency:
        parts.append(f"của {agency}")
    return " ".join(parts) + ")"


def _products_text(products: list[str]) -> str:
    items = [p for p in (products or []) if p]
    if len(items) <= 1:
        return items[0] if items else ""
    return "\n".join(f"- {p}" for p in items)


def _rows(plan: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """("section" | "subsection" | "task", six cell texts) in table order."""
    out: list[tuple[str, list[str]]] = []
    for s_index, section in enumerate(plan.get("sections") or [], start=1):
        out.append(("section", [roman(s_index), str(section.get("title") or "")] + [""] * 4))
        current_sub = ""
        for task in section.get("tasks") or []:
            sub = str(task.get("subsection") or "")
            if sub and sub != current_sub:
                number, _, title = sub.partition(". ")
                out.append(("subsection", [number, title] + [""] * 4))
            current_sub = sub
            out.append(
                (
                    "task",
                    [
                        str(task.get("number") or ""),
                        str(task.get("title") or ""),
                        _products_text(list(task.get("products") or [])),
                        "\n".join(task.get("lead") or []),
                        "\n".join(task.get("coordinators") or []),
                        str(task.get("deadline_text") or ""),
                    ],
                )
            )
    return out


# --------------------------------------------------------------------------------------- DOCX


def write_docx(plan_dict: dict[str, Any], fileobj: IO[bytes] | Any) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = _FONT
    normal.font.size = Pt(13)
    r_fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        r_fonts.set(qn(attr), _FONT)

    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(1.5)
    # Decree 30/2020: pages numbered from the second one, centred in the top margin.
    section.different_first_page_header_footer = True
    header_par = section.header.paragraphs[0]
    header_par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(header_par, OxmlElement, qn)

    def para(text: str, *, bold: bool = False, italic: bool = False, size: int = 13) -> None:
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(text)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)

    para("PHỤ LỤC", bold=True, size=14)
    para(str(plan_dict.get("title") or "").upper(), bold=True, size=14)
    para(_reference(plan_dict), italic=True)
    document.add_paragraph()

    table = document.add_table(rows=0, cols=len(HEADERS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False

    def fill(cell, text: str, *, bold: bool = False, center: bool = False) -> None:  # noqa: ANN001
        lines = text.split("\n") if text else [""]
        for i, line in enumerate(lines):
            p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            p.paragraph_format.space_after = Pt(0)
            if center:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(line)
            run.bold = bold
            run.font.size = Pt(12)

    header = table.add_row()
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for cell, text in zip(header.cells, HEADERS, strict=True):
        fill(cell, text, bold=True, center=True)

    for kind, texts in _rows(plan_dict):
        row = table.add_row()
        cells = row.cells
        if kind in ("section", "subsection"):
            fill(cells[0], texts[0], bold=True, center=True)
            target = cells[1].merge(cells[-1]) if kind == "section" else cells[1]
            fill(target, texts[1], bold=True)
            continue
        fill(cells[0], texts[0], center=True)
        for i in range(1, 6):
            fill(cells[i], texts[i], center=(i == 5))
    _widths(table, _WIDTHS_CM, Cm)
    targets = _target_rows(plan_dict)
    if targets:
        document.add_paragraph()
        para("CHỈ TIÊU VÀ KẾT QUẢ THỰC HIỆN", bold=True)
        document.add_paragraph()
        ttable = document.add_table(rows=0, cols=len(TARGET_HEADERS))
        ttable.style = "Table Grid"
        ttable.alignment = WD_TABLE_ALIGNMENT.CENTER
        ttable.autofit = False
        head = ttable.add_row()
        for cell, text in zip(head.cells, TARGET_HEADERS, strict=True):
            fill(cell, text, bold=True, center=True)
        for texts in targets:
            cells = ttable.add_row().cells
            for i, text in enumerate(texts):
                fill(cells[i], text, center=i in (0, 2, 3, 4))
        _widths(ttable, _TARGET_WIDTHS_CM, Cm)
    document.save(fileobj)


def _widths(table, widths_cm, Cm) -> None:  # noqa: ANN001, N803
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)  # the grid Word lays out from; cells repeat it for LibreOffice
    for row in table.rows:
        for i, width in enumerate(widths_cm):
            if i < len(row.cells):
                row.cells[i].width = Cm(width)


def _page_field(paragraph, OxmlElement, qn) -> None:  # noqa: ANN001, N803
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = "PAGE"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(instr)
    run._r.append(end)


# --------------------------------------------------------------------------------------- XLSX


def write_xlsx(plan_dict: dict[str, Any], fileobj: IO[bytes] | Any) -> None:
    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    ncols = len(HEADERS)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    center = Alignment(wrap_text=True, vertical="center", horizontal="center")
    font = Font(name=_FONT, size=12)
    bold = Font(name=_FONT, size=12, bold=True)

    for r, (text, f) in enumerate(
        (
            ("PHỤ LỤC", Font(name=_FONT, size=14, bold=True)),
            (str(plan_dict.get("title") or "").upper(), Font(name=_FONT, size=14, bold=True)),
            (_reference(plan_dict), Font(name=_FONT, size=13, italic=True)),
        ),
        start=1,
    ):
        cell = ws.cell(r, 1, text)
        cell.font, cell.alignment = f, center
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)

    header_row = 5
    for c, text in enumerate(HEADERS, start=1):
        cell = ws.cell(header_row, c, text)
        cell.font, cell.alignment, cell.border = bold, center, border
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    for c, width in enumerate(_XLSX_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width

    r = header_row + 1
    for kind, texts in _rows(plan_dict):
        if kind == "section":
            ws.cell(r, 1, texts[0])
            ws.cell(r, 2, texts[1])
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=ncols)
            for c in range(1, ncols + 1):
                cell = ws.cell(r, c)
                cell.font, cell.border = bold, border
                cell.alignment = center if c == 1 else wrap
        else:
            for c, text in enumerate(texts, start=1):
                cell = ws.cell(r, c, text or None)
                cell.font = bold if kind == "subsection" and c <= 2 else font
                cell.border = border
                cell.alignment = center if c in (1, ncols) else wrap
        r += 1
    targets = _target_rows(plan_dict)
    if targets:
        ts = wb.create_sheet("Chỉ tiêu")
        for c, text in enumerate(TARGET_HEADERS, start=1):
            cell = ts.cell(1, c, text)
            cell.font, cell.alignment, cell.border = bold, center, border
        for r, texts in enumerate(targets, start=2):
            for c, text in enumerate(texts, start=1):
                cell = ts.cell(r, c, text or None)
                cell.font, cell.border = font, border
                cell.alignment = center if c in (1, 3, 4, 5) else wrap
        for c, width in enumerate(_TARGET_XLSX_WIDTHS, start=1):
            ts.column_dimensions[get_column_letter(c)].width = width
        ts.freeze_panes = ts.cell(2, 1)
    files.xlsx_save(wb, fileobj)  # task titles are typed by people: never formulas
