"""The published results: the decision DOCX (Decree 30/2020 layout through
``core.officialdoc``, with its appendix tables) and an XLSX with the same rows."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.utils import timezone

from cchc.core import files
from cchc.core.officialdoc import OfficialDocument
from cchc.core.text import format_percent

from . import scoring
from .models import Cycle, CycleUnit
from .selectors import group_label

HEADER = ["STT", "Cơ quan, đơn vị", "Điểm đạt", "Điểm tối đa", "Chỉ số (%)", "Xếp hạng", "Xếp loại"]


def result_rows(units: list[CycleUnit]) -> dict[str, list[list[Any]]]:
    """Rows per group label, ranked first; unranked units last with "Không xếp hạng"."""
    out: dict[str, list[list[Any]]] = {}
    for u in units:
        rows = out.setdefault(group_label(u.group), [])
        rows.append(
            [
                len(rows) + 1,
                u.agency.name,
                scoring.fmt(u.points) if u.points is not None else "",
                scoring.fmt(u.maximum) if u.maximum is not None else "",
                format_percent(u.index) if u.index is not None else "",
                u.rank if u.rank is not None else "Không xếp hạng",
                u.band,
            ]
        )
    return out


def decision_docx(cycle: Cycle, units: list[CycleUnit]) -> bytes:
    province = cycle.criteria_set.province
    place = province.name.split("tỉnh")[-1].split("thành phố")[-1].strip() or province.name
    day = timezone.localdate(cycle.published_at) if cycle.published_at else timezone.localdate()
    doc = OfficialDocument(
        agency=f"ỦY BAN NHÂN DÂN {province.short_name or province.name}".upper()
        if not province.name.upper().startswith("ỦY BAN")
        else province.name.upper(),
        number=f"Số: {cycle.decision_number}" if cycle.decision_number else "Số:      /QĐ-UBND",
        place=place,
        date=day,
        kind="QUYẾT ĐỊNH",
        summary=f"Công bố Chỉ số cải cách hành chính năm {cycle.year} của các cơ quan, đơn vị",
    )
    doc.paragraph(
        f"Căn cứ bộ tiêu chí «{cycle.criteria_set.title}»"
        + (f" ({cycle.criteria_set.source})" if cycle.criteria_set.source else "")
        + f"; kết quả tự đánh giá, thẩm định của Hội đồng thẩm định Chỉ số CCHC năm {cycle.year};"
    )
    doc.paragraph("Theo đề nghị của Giám đốc Sở Nội vụ.")
    doc.heading("QUYẾT ĐỊNH:", numbered=False)
    doc.paragraph(
        f"Điều 1. Công bố Chỉ số cải cách hành chính năm {cycle.year} của các cơ quan, đơn vị "
        f"(chi tiết tại Phụ lục kèm theo)."
    )
    doc.paragraph("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.")
    doc.paragraph(
        "Điều 3. Chánh Văn phòng Ủy ban nhân dân, Giám đốc Sở Nội vụ và Thủ trưởng các cơ quan, "
        "đơn vị có tên tại Phụ lục chịu trách nhiệm thi hành Quyết định này."
    )
    doc.signature(authority="TM. ỦY BAN NHÂN DÂN", deputy="KT. CHỦ TỊCH", title="PHÓ CHỦ TỊCH")
    doc.recipients(["Như Điều 3;", "Bộ Nội vụ;", "Lưu: VT, SNV."])
    doc.page_break()
    doc.paragraph(f"PHỤ LỤC: KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {cycle.year}")
    for label, rows in result_rows(units).items():
        doc.heading(label, level=2, numbered=False)
        doc.table(rows, header=HEADER, widths=[12, 62, 18, 18, 18, 18, 20], size=11)
    return doc.to_bytes()


def safe(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula is written as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def decision_xlsx(cycle: Cycle, units: list[CycleUnit]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = f"Chỉ số CCHC {cycle.year}"
    ws.append([f"Kết quả Chỉ số cải cách hành chính năm {cycle.year}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(["Nhóm", *HEADER])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for u in units:
        ws.append(
            [
                safe(group_label(u.group)),
                u.rank or "",
                safe(u.agency.name),
                float(u.points) if u.points is not None else None,
                float(u.maximum) if u.maximum is not None else None,
                float(u.index) if u.index is not None else None,
                u.rank if u.rank is not None else "Không xếp hạng",
                safe(u.band),
            ]
        )
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["C"].width = 50
    buffer = BytesIO()
    files.xlsx_save(wb, buffer)  # names and answers typed by people are never formulas
    return buffer.getvalue()
