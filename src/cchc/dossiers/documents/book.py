"""Form 07, the tracking book (sổ theo dõi hồ sơ), as rows, and its XLSX export.

The export streams: rows come from the database in chunks and go to an openpyxl write-only
workbook, so a year of a busy centre does not sit in memory twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from cchc.core import files
from cchc.core.text import vn_date
from cchc.dossiers.models import Status, Timeliness

HEADER = [
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Số lượng hồ sơ (bộ)",
    "Tên người nộp hồ sơ",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Ngày, tháng, năm nhận hồ sơ",
    "Ngày, tháng, năm hẹn trả kết quả",
    "Chuyển hồ sơ đến cơ quan giải quyết",
    "Ngày, tháng, năm có kết quả/yêu cầu trả lại",
    "Ngày, tháng, năm trả kết quả",
    "Ghi chú",
]
WIDTHS = [6, 28, 40, 9, 24, 32, 28, 14, 14, 28, 16, 14, 32]


def _moment(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    value = timezone.localtime(value)
    return f"{value:%H:%M} {vn_date(value)}"


def notes(d: Mapping[str, Any]) -> str:
    """Apologies and supplement requests, the two things the book must show (seed 000)."""
    parts = []
    if d["apologized_at"]:
        parts.append(f"Đã xin lỗi, hẹn lại ngày {vn_date(d['apology_due_date'])}")
    if d["supplement_count"]:
        text = f"Yêu cầu bổ sung {d['supplement_count']} lần"
        if d["supplement_count"] >= 2:
            text += " (từ 2 lần trở lên)"
        parts.append(text)
    if d["status"] == Status.REFUSED:
        parts.append("Từ chối")
    elif d["status"] == Status.STOPPED:
        parts.append("Dừng giải quyết")
    if d["timeliness"] == Timeliness.LATE:
        parts.append("Quá hạn")
    return "; ".join(parts)


def row(n: int, d: Mapping[str, Any]) -> list[str | int]:
    """One line of the book from a ``selectors.tracking_book`` values row."""
    contact = ", ".join(x for x in (d["applicant_address"], d["applicant_phone"]) if x)
    transfer = ""
    if d.get("transferred_at"):
        transfer = f"{d.get('transferred_to') or ''} ({_moment(d['transferred_at'])})".strip()
    return [
        d["book_line"] or n,
        d["code"],
        d["procedure__name"],
        d["sets"],
        d["applicant_name"],
        contact,
        d["agency__name"],
        _moment(d["received_at"]),
        _moment(d["due_at"]) if d["due_at"] else vn_date(d["due_date"]),
        transfer,
        vn_date(d["finished_date"]),
        _moment(d["returned_at"]),
        notes(d),
    ]


def rows(dossiers: Iterable[Mapping[str, Any]]) -> Iterator[list[str | int]]:
    for n, d in enumerate(dossiers, start=1):
        yield row(n, d)


def write_xlsx(
    dossiers: Iterable[Mapping[str, Any]], target: IO[bytes], *, title: str, subtitle: str = ""
) -> int:
    """Write the book to ``target``; returns the number of dossiers written."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("So theo doi ho so")
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[_col(i)].width = width
    ws.freeze_panes = "A4"
    bold = Font(name="Times New Roman", bold=True, size=12)
    plain = Font(name="Times New Roman", size=11)
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(wrap_text=True, vertical="center", horizontal="center")

    def cell(value, font=plain, align=wrap, border=box):
        style = {"font": font, "alignment": align}
        if border is not None:
            style["border"] = border
        return files.xlsx_cell(ws, value, **style)

    ws.append([cell(title.upper(), bold, Alignment(horizontal="left"), None)])
    ws.append([cell(subtitle, Font(name="Times New Roman", italic=True), wrap, None)])
    ws.append([cell(h, bold, centre) for h in HEADER])
    count = 0
    # Data rows go in as plain values: a styled cell costs a style lookup each, which made a
    # 20,000-row book take close to a minute instead of a few seconds.
    for values in rows(dossiers):
        count += 1
        ws.append(files.xlsx_row(ws, values))  # an applicant typed "=HYPERLINK(…)": text
    wb.save(target)
    return count


def _col(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


def write_docx(
    dossiers: Iterable[Mapping[str, Any]], *, agency: str, parent: str, place: str, subtitle: str
) -> bytes:
    """The book as a landscape DOCX in the official format (for a signed paper copy)."""
    from cchc.core.officialdoc import OfficialDocument

    doc = OfficialDocument(
        agency=agency,
        parent_agency=parent,
        place=place,
        date=timezone.localdate(),
        kind="Sổ theo dõi hồ sơ",
        summary=subtitle,
        landscape=True,
    )
    widths = [9, 30, 38, 12, 22, 30, 24, 17, 17, 24, 17, 17, 25]
    doc.table(list(rows(dossiers)), header=HEADER, widths=widths, size=9)
    return doc.to_bytes()
