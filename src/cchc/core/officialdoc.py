"""DOCX documents in the official format of Decree 30/2020/NĐ-CP, Appendix I (DOMAIN.md §10).

Every printable paper CCHC produces (the one-stop forms of Circular 01/2018 and 03/2025, the
periodic reports) goes through ``OfficialDocument`` so that the layout rules live in one place:
A4, margins 20/20/30/15 mm (the decree allows 20–25 top and bottom, 30–35 left, 15–20 right),
Times New Roman in black, the two-column header (agency left, national title right), number and
place-date line, document kind and summary, a 14 pt justified body with a 1.27 cm first-line
indent, the signing block beside "Nơi nhận:", and page numbers centred at the top from the
second page on (Appendix I, item 12: the first page carries no number).

Footnotes are real Word footnotes (a ``word/footnotes.xml`` part related to the document), so
Word and LibreOffice number them and place them at the foot of the page themselves.

Example::

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
    doc.paragraph("Năm 2025, ...")
    doc.table([["Sở Tư pháp", 1250, 98.5]], header=["Đơn vị", "Số hồ sơ", "Tỷ lệ (%)"])
    doc.signature(authority="TM. ỦY BAN NHÂN DÂN", deputy="KT. CHỦ TỊCH",
                  title="PHÓ CHỦ TỊCH", name="Nguyễn Văn A")
    doc.recipients(["Bộ Nội vụ;", "Lưu: VT, NC."])
    doc.save(path_or_bytesio)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Length, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from .text import format_decimal, format_int, vn_date

FONT = "Times New Roman"
BLACK = RGBColor(0, 0, 0)
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

PAPER = {"A4": (Mm(210), Mm(297)), "A5": (Mm(148), Mm(210))}
# Decree 30/2020 Appendix I, item 1: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
MARGINS = {"A4": (Mm(20), Mm(20), Mm(30), Mm(15)), "A5": (Mm(12), Mm(12), Mm(18), Mm(10))}

FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV"]


def document_number(number: int, symbol: str) -> str:
    """``document_number(5, "BC-UBND")`` → ``"05/BC-UBND"`` (numbers below 10 take a leading
    zero, Decree 30/2020 Appendix I item 4)."""
    return f"{number:02d}/{symbol}" if symbol else f"{number:02d}"


def place_date(place: str, day: date) -> str:
    """``"Cần Thơ, ngày 05 tháng 01 năm 2026"``: days below 10 and the months 1 and 2 take a
    leading zero (Decree 30/2020 Appendix I item 5), other months do not."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {text}" if place else text.capitalize()


def format_cell(value: Any) -> str:
    """Vietnamese number and date formatting for table cells."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, int):
        return format_int(value)
    if isinstance(value, float | Decimal):
        if value == int(value):
            return format_int(int(value))
        return format_decimal(value, 2)
    if isinstance(value, datetime | date):
        return vn_date(value)
    return str(value)


@dataclass
class Signature:
    """One signing block: ``TM. ỦY BAN NHÂN DÂN`` / ``KT. CHỦ TỊCH`` / ``PHÓ CHỦ TỊCH``,
    an italic note, room for the signature and seal, then the name in bold."""

    title: str
    authority: str = ""
    deputy: str = ""
    name: str = ""
    note: str = ""
    lines: list[str] = field(default_factory=list)


def _set_run_font(run, size: float | None = None, *, bold=None, italic=None) -> None:
    run.font.name = FONT
    run.font.color.rgb = BLACK
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if italic is not None:
        run.font.italic = italic


def _no_spacing(paragraph: Paragraph) -> None:
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing = 1.0


def _rule(paragraph: Paragraph, width: Length, cell_width: Length) -> None:
    """A short solid rule under a heading line: an empty paragraph whose top border is narrowed
    by equal indents so it is centred (Appendix I: 1/3 to 1/2 of the line above)."""
    side = max(0, (int(cell_width) - int(width)) // 2)
    fmt = paragraph.paragraph_format
    fmt.left_indent = Length(side)
    fmt.right_indent = Length(side)
    fmt.first_line_indent = Pt(0)
    # The spacing before sits above the border: it keeps the rule off the descenders.
    fmt.space_before = Pt(3)
    fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(2)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:top w:val="single" w:sz="6" w:space="1" '
            f'w:color="000000"/></w:pBdr>'
        )
    )
    run = paragraph.add_run("")
    _set_run_font(run, 2)


def _cell_margins_zero(table: Table) -> None:
    tblpr = table._tbl.tblPr
    tblpr.append(
        parse_xml(
            f'<w:tblCellMar {nsdecls("w")}><w:left w:w="0" w:type="dxa"/>'
            f'<w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        )
    )


def _set_widths(table: Table, widths: Sequence[Length]) -> None:
    table.autofit = False
    tblpr = table._tbl.tblPr
    layout = parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>')
    tblpr.append(layout)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(int(Length(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


class OfficialDocument:
    """An A4 (or A5) document laid out per Decree 30/2020/NĐ-CP Appendix I."""

    def __init__(
        self,
        *,
        agency: str,
        parent_agency: str = "",
        number: str = "",
        place: str = "",
        date: date | None = None,
        kind: str = "",
        summary: str = "",
        subject: str = "",
        paper: str = "A4",
        body_size: float = 14,
        page_numbers: bool = True,
        header: bool = True,
        landscape: bool = False,
    ) -> None:
        self.document = Document()
        self.paper = paper
        self.body_size = body_size
        # A5 (the receipt) keeps the layout at a smaller scale so that one copy fits a sheet.
        self.spacing = Pt(6) if paper == "A4" else Pt(1)
        self.title_size = 14 if paper == "A4" else 12
        self._heading_counters = [0, 0, 0]
        self._footnotes: Any = None
        self._next_footnote = 1
        self._signature: Signature | None = None
        self._recipients: list[str] | None = None
        self._closed = False
        self._last: Paragraph | None = None
        self._setup_styles()
        self._setup_section(self.document.sections[0], landscape=landscape)
        # Appendix I item 12: no number on the first page, page numbers centred at the top.
        section = self.document.sections[0]
        section.different_first_page_header_footer = True
        if page_numbers:
            self._page_number_header(section)
        # The template's empty first paragraph would push the header table down a line.
        body = self.document.element.body
        for p in body.findall(qn("w:p")):
            body.remove(p)
        self._first_page: dict[str, Any] = {
            "parent_agency": parent_agency,
            "agency": agency,
            "number": number,
            "place": place,
            "day": date,
            "subject": subject,
        }
        self._kind, self._summary = kind, summary
        if header:
            self._write_header(**self._first_page)
        self._write_title(kind, summary)

    def repeat_first_page(self) -> None:
        """Start a new page with the same header and title: the second copy of a form that is
        printed in two copies (liên)."""
        self.page_break()
        self._write_header(**self._first_page)
        self._write_title(self._kind, self._summary)

    def _write_title(self, kind: str, summary: str) -> None:
        if kind:
            p = self._plain(
                kind.upper(), size=self.title_size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
            )
            p.paragraph_format.space_before = Length(int(self.spacing) * 2)
        if summary:
            self._plain(summary, size=self.title_size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        if kind or summary:
            rule = self.document.add_paragraph()
            _rule(rule, Mm(45), self.text_width)
            rule.paragraph_format.space_after = Length(int(self.spacing) * 2)

    # ---- layout helpers -------------------------------------------------------------------

    @property
    def text_width(self) -> Length:
        section = self.document.sections[-1]
        assert section.page_width is not None
        return Length(
            int(section.page_width) - int(section.left_margin or 0) - int(section.right_margin or 0)
        )

    def _setup_styles(self) -> None:
        styles = self.document.styles
        normal: Any = styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(self.body_size)
        normal.font.color.rgb = BLACK
        rpr = normal.element.get_or_add_rPr()
        fonts = rpr.get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
        fmt = normal.paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(6)
        fmt.line_spacing = 1.0
        self.document.core_properties.language = "vi-VN"

    def _setup_section(self, section, *, landscape: bool) -> None:
        width, height = PAPER[self.paper]
        top, bottom, left, right = MARGINS[self.paper]
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = height, width
        else:
            section.orientation = WD_ORIENT.PORTRAIT
            section.page_width, section.page_height = width, height
        section.top_margin, section.bottom_margin = top, bottom
        section.left_margin, section.right_margin = left, right
        section.header_distance = Mm(10)
        section.footer_distance = Mm(10)

    def _page_number_header(self, section) -> None:
        header = section.header
        header.is_linked_to_previous = False
        p = header.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _no_spacing(p)
        for xml in (
            '<w:fldChar {} w:fldCharType="begin"/>',
            '<w:instrText {} xml:space="preserve"> PAGE </w:instrText>',
            '<w:fldChar {} w:fldCharType="separate"/>',
            None,
            '<w:fldChar {} w:fldCharType="end"/>',
        ):
            run = p.add_run("2" if xml is None else "")
            _set_run_font(run, 14)
            if xml is not None:
                run._r.append(parse_xml(xml.format(nsdecls("w"))))
        # The first-page header exists and stays empty.
        first = section.first_page_header
        first.is_linked_to_previous = False

    def _plain(
        self,
        text: str,
        *,
        size: float | None = None,
        bold: bool = False,
        italic: bool = False,
        align=None,
        container=None,
    ) -> Paragraph:
        target = container if container is not None else self.document
        p = target.add_paragraph()
        _no_spacing(p)
        if align is not None:
            p.alignment = align
        run = p.add_run(text)
        _set_run_font(run, size or self.body_size, bold=bold, italic=italic)
        return p

    def _cell_paragraph(
        self, cell: _Cell, text: str, *, size: float, bold=False, italic=False, align=None
    ) -> Paragraph:
        # A fresh cell holds one empty paragraph: use it first.
        paragraphs = cell.paragraphs
        if len(paragraphs) == 1 and not paragraphs[0].text and not paragraphs[0].runs:
            p = paragraphs[0]
        else:
            p = cell.add_paragraph()
        _no_spacing(p)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if align is None else align
        if text:
            run = p.add_run(text)
            _set_run_font(run, size, bold=bold, italic=italic)
        return p

    def _write_header(
        self, *, parent_agency: str, agency: str, number: str, place: str, day, subject: str
    ) -> None:
        width = self.text_width
        left_w = Length(int(width * 0.42))
        right_w = Length(int(width) - int(left_w))
        table = self.document.add_table(rows=2, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _cell_margins_zero(table)
        _set_widths(table, [left_w, right_w])
        small = 12 if self.paper == "A4" else 9
        big = 13 if self.paper == "A4" else 10
        left, right = table.cell(0, 0), table.cell(0, 1)
        if parent_agency:
            self._cell_paragraph(left, parent_agency.upper(), size=small)
        self._cell_paragraph(left, agency.upper(), size=small, bold=True)
        _rule(left.add_paragraph(), Mm(25), left_w)
        self._cell_paragraph(right, NATIONAL_TITLE, size=small, bold=True)
        self._cell_paragraph(right, MOTTO, size=big, bold=True)
        _rule(right.add_paragraph(), Mm(58 if self.paper == "A4" else 45), right_w)
        left, right = table.cell(1, 0), table.cell(1, 1)
        self._cell_paragraph(left, f"Số: {number}" if number else "", size=big)
        if subject:
            self._cell_paragraph(left, f"V/v {subject}", size=small)
        if day is not None or place:
            text = place_date(place, day) if day is not None else place
            p = self._cell_paragraph(right, text, size=big + 1, italic=True)
            p.paragraph_format.space_before = Pt(0)
        for cell in (left, right):
            cell.paragraphs[0].paragraph_format.space_before = self.spacing

    # ---- content ---------------------------------------------------------------------------

    def heading(self, text: str, level: int = 1, *, numbered: bool = True) -> Paragraph:
        """Numbered headings: ``I.`` (bold caps), ``1.`` (bold), ``1.1.`` (bold italic)."""
        level = min(max(level, 1), 3)
        self._heading_counters[level - 1] += 1
        for i in range(level, 3):
            self._heading_counters[i] = 0
        c = self._heading_counters
        if level == 1:
            prefix = ROMAN[(c[0] - 1) % len(ROMAN)] + ". "
            text = text.upper()
        elif level == 2:
            prefix = f"{c[1]}. "
        else:
            prefix = f"{c[1]}.{c[2]}. "
        p = self.document.add_paragraph()
        fmt = p.paragraph_format
        fmt.first_line_indent = Cm(1.27)
        fmt.space_before = Pt(6)
        fmt.space_after = Pt(6)
        fmt.keep_with_next = True
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        run = p.add_run((prefix if numbered else "") + text)
        _set_run_font(run, self.body_size, bold=True, italic=level == 3)
        self._last = p
        return p

    def paragraph(
        self,
        text: str | Iterable[tuple[str, str]] = "",
        *,
        bold: bool = False,
        italic: bool = False,
        align: str = "justify",
        indent: bool = True,
        size: float | None = None,
    ) -> Paragraph:
        """A body paragraph, 14 pt, justified, first-line indent 1.27 cm. ``text`` may be a list
        of ``(text, style)`` runs where style holds ``b`` and/or ``i``."""
        p = self.document.add_paragraph()
        fmt = p.paragraph_format
        fmt.first_line_indent = Cm(1.27) if indent else Pt(0)
        fmt.space_after = self.spacing
        p.alignment = {
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
        }[align]
        runs = [(text, "")] if isinstance(text, str) else list(text)
        for chunk, style in runs:
            run = p.add_run(chunk)
            _set_run_font(
                run,
                size or self.body_size,
                bold=bold or "b" in style,
                italic=italic or "i" in style,
            )
        self._last = p
        return p

    def page_break(self) -> None:
        p = self.document.add_paragraph()
        _no_spacing(p)
        p.add_run().add_break(WD_BREAK.PAGE)

    def table(
        self,
        rows: Iterable[Sequence[Any]],
        header: Sequence[str] | None = None,
        widths: Sequence[float | Length] | None = None,
        *,
        size: float = 12,
        align: Sequence[str] | None = None,
    ) -> Table:
        """A bordered table; numbers and dates are written Vietnamese style (1.250 · 98,50 ·
        05/01/2026) and right-aligned; the header row repeats on every page. ``widths`` in mm
        (numbers) or docx Lengths; by default the text width is shared equally."""
        data = [list(r) for r in rows]
        ncols = len(header) if header else max((len(r) for r in data), default=1)
        table = self.document.add_table(rows=0, cols=ncols)
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        if widths is None:
            each = int(self.text_width) // ncols
            lengths = [Length(each)] * ncols
        else:
            lengths = [Mm(w) if isinstance(w, int | float) else w for w in widths]
        if header:
            cells = table.add_row().cells
            for cell, title in zip(cells, header, strict=False):
                self._cell_paragraph(cell, str(title), size=size, bold=True)
            tr_pr = table.rows[0]._tr.get_or_add_trPr()
            tr_pr.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
        for row in data:
            cells = table.add_row().cells
            for i, (cell, value) in enumerate(zip(cells, row, strict=False)):
                numeric = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
                how = align[i] if align and i < len(align) else ("right" if numeric else "left")
                lines = format_cell(value).split("\n")
                for line in lines:
                    self._cell_paragraph(
                        cell,
                        line,
                        size=size,
                        align={
                            "left": WD_ALIGN_PARAGRAPH.LEFT,
                            "right": WD_ALIGN_PARAGRAPH.RIGHT,
                            "center": WD_ALIGN_PARAGRAPH.CENTER,
                        }[how],
                    )
        _set_widths(table, lengths)
        # Space after a table so the next paragraph does not stick to the border.
        spacer = self.document.add_paragraph()
        _no_spacing(spacer)
        spacer.paragraph_format.space_after = Pt(6)
        return table

    def footnote(self, text: str, paragraph: Paragraph | None = None) -> int:
        """A real Word footnote anchored at the end of ``paragraph`` (the last one written by
        default); returns its number."""
        target = paragraph or self._last
        if target is None:
            raise ValueError("footnote() needs a paragraph to anchor to")
        part = self._footnotes_part()
        fid = self._next_footnote
        self._next_footnote += 1
        run = target.add_run()
        _set_run_font(run, self.body_size)
        run.font.superscript = True
        run._r.append(parse_xml(f'<w:footnoteReference {nsdecls("w")} w:id="{fid}"/>'))
        note = parse_xml(
            f'<w:footnote {nsdecls("w")} w:id="{fid}"><w:p><w:pPr><w:jc w:val="both"/></w:pPr>'
            f'<w:r><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
            f'<w:vertAlign w:val="superscript"/><w:sz w:val="20"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
            f'<w:sz w:val="20"/></w:rPr><w:t xml:space="preserve"> </w:t></w:r></w:p></w:footnote>'
        )
        # Text through lxml so that any character is escaped properly.
        note.findall(".//" + qn("w:t"))[-1].text = " " + text
        part.element.append(note)
        return fid

    def _footnotes_part(self):
        if self._footnotes is None:
            xml = (
                f"<w:footnotes {nsdecls('w')}>"
                '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
                "</w:footnote>"
                '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
                "<w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>"
            )
            doc_part = self.document.part
            part = XmlPart(
                PackURI("/word/footnotes.xml"), FOOTNOTES_CT, parse_xml(xml), doc_part.package
            )
            doc_part.relate_to(part, RT.FOOTNOTES)
            self._footnotes = part
        return self._footnotes

    @contextmanager
    def landscape(self) -> Iterator[None]:
        """A landscape section for wide tables; the page after it is portrait again."""
        self._new_section(landscape=True)
        try:
            yield
        finally:
            self._new_section(landscape=False)

    def _new_section(self, *, landscape: bool) -> None:
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        self._setup_section(section, landscape=landscape)
        # Only the document's first page goes unnumbered.
        section.different_first_page_header_footer = False

    # ---- signing block and recipients ------------------------------------------------------

    def signature(
        self,
        *,
        title: str,
        authority: str = "",
        deputy: str = "",
        name: str = "",
        note: str = "",
    ) -> None:
        """The signer's block (Appendix I item 7): ``TM. ỦY BAN NHÂN DÂN`` / ``KT. CHỦ TỊCH`` /
        ``PHÓ CHỦ TỊCH`` in bold caps, then the name in bold. Written with the recipients."""
        self._signature = Signature(
            title=title, authority=authority, deputy=deputy, name=name, note=note
        )

    def recipients(self, entries: Sequence[str]) -> None:
        """ "Nơi nhận:" entries; the last one should be "Lưu: VT, ..." (Appendix I item 9)."""
        self._recipients = list(entries)

    def signatures(self, *blocks: Signature) -> Table:
        """Several signers side by side (a form's applicant and receiving officer)."""
        width = self.text_width
        table = self.document.add_table(rows=1, cols=len(blocks))
        _cell_margins_zero(table)
        _set_widths(table, [Length(int(width) // len(blocks))] * len(blocks))
        for cell, block in zip(table.rows[0].cells, blocks, strict=False):
            self._signature_cell(cell, block)
        return table

    def _signature_cell(self, cell: _Cell, sig: Signature) -> None:
        size = 14 if self.paper == "A4" else 10
        for line in (sig.authority, sig.deputy, sig.title):
            if line:
                self._cell_paragraph(cell, line.upper(), size=size, bold=True)
        for line in sig.lines:
            self._cell_paragraph(cell, line, size=size - 1)
        if sig.note:
            self._cell_paragraph(cell, sig.note, size=size - 1, italic=True)
        # Room for the hand signature and the seal.
        for _ in range(4 if self.paper == "A4" else 2):
            _no_spacing(cell.add_paragraph())
        if sig.name:
            self._cell_paragraph(cell, sig.name, size=size, bold=True)

    def _write_closing(self) -> None:
        if self._closed or (self._signature is None and self._recipients is None):
            return
        self._closed = True
        width = self.text_width
        table = self.document.add_table(rows=1, cols=2)
        _cell_margins_zero(table)
        left_w = Length(int(width * 0.45))
        _set_widths(table, [left_w, Length(int(width) - int(left_w))])
        left, right = table.rows[0].cells
        if self._recipients is not None:
            p = self._cell_paragraph(
                left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT
            )
            p.paragraph_format.space_before = Pt(6)
            for entry in self._recipients:
                text = entry if entry.startswith("-") else f"- {entry}"
                self._cell_paragraph(left, text, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
        if self._signature is not None:
            self._signature_cell(right, self._signature)
            right.paragraphs[0].paragraph_format.space_before = Pt(6)

    # ---- output ----------------------------------------------------------------------------

    def save(self, target: str | Path | IO[bytes]) -> None:
        self._write_closing()
        if isinstance(target, Path):
            target = str(target)
        self.document.save(target)

    def to_bytes(self) -> bytes:
        buffer = BytesIO()
        self.save(buffer)
        return buffer.getvalue()

    def picture(
        self, data: bytes, width_mm: float, *, align: str = "center", caption: str = ""
    ) -> None:
        """An image (a PNG QR code) on its own line, or beside an italic ``caption``."""
        if caption:
            table = self.document.add_table(rows=1, cols=2)
            _cell_margins_zero(table)
            image_w = Mm(width_mm + 3)
            _set_widths(table, [image_w, Length(int(self.text_width) - int(image_w))])
            p = table.cell(0, 0).paragraphs[0]
            _no_spacing(p)
            p.add_run().add_picture(BytesIO(data), width=Mm(width_mm))
            self._cell_paragraph(
                table.cell(0, 1),
                caption,
                size=self.body_size - 1,
                italic=True,
                align=WD_ALIGN_PARAGRAPH.LEFT,
            )
            table.cell(0, 1).vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            return
        p = self.document.add_paragraph()
        _no_spacing(p)
        p.alignment = {
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
        }[align]
        p.add_run().add_picture(BytesIO(data), width=Mm(width_mm))
