"""The survey results report: XLSX (formula-safe cells) and DOCX in the official format
(``cchc.core.officialdoc``). Both are built from ``selectors.results``: only aggregates."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils import timezone

from cchc.core.files import xlsx_save
from cchc.core.text import format_int, format_percent

from .selectors import SurveyResults


def _value(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def tables(r: SurveyResults) -> list[tuple[str, list[str], list[list[Any]]]]:
    """(title, header, rows) — the same tables in both formats."""
    elements = r.elements
    head = ["STT", "Cơ quan, đơn vị", "Số phiếu", *[e.name for e in elements], "SIPAS (%)"]
    units = [
        [
            i,
            u.agency.name,
            u.responses,
            *[u.indices.get(e.code) for e in elements],
            u.sipas,
        ]
        for i, u in enumerate(r.units, start=1)
    ]
    groups = [
        [i, g.label, g.responses, *[g.indices.get(e.code) for e in elements], g.sipas]
        for i, g in enumerate(r.groups, start=1)
    ]
    if r.any_suppressed:
        note = [
            "",
            f"Đơn vị, nhóm có dưới {r.min_responses} phiếu không hiển thị chỉ số "
            "(giữ ẩn danh người trả lời).",
        ]
        units.append(note)
        groups.append(list(note))
    summary_head = ["STT", "Yếu tố", f"Năm {r.survey.year} (%)"]
    if r.previous is not None:
        summary_head.append(f"Năm {r.previous.survey.year} (%)")
    summary = []
    for i, e in enumerate(elements, start=1):
        row: list[Any] = [i, e.name, r.indices.get(e.code)]
        if r.previous is not None:
            row.append(r.previous.indices.get(e.code))
        summary.append(row)
    total: list[Any] = ["", "Chỉ số SIPAS", r.sipas]
    if r.previous is not None:
        total.append(r.previous.sipas)
    summary.append(total)
    return [
        ("Chỉ số hài lòng theo yếu tố", summary_head, summary),
        ("Chỉ số hài lòng theo nhóm cơ quan, đơn vị", head, groups),
        ("Chỉ số hài lòng theo cơ quan, đơn vị", head, units),
    ]


def summary_sentence(r: SurveyResults) -> str:
    parts = [
        f"Kết quả khảo sát {format_int(r.responses)} phiếu"
        + (
            f" (mẫu {format_int(r.sample_size)} trên tổng thể {format_int(r.population)} giao dịch)"
            if r.sample_size is not None
            else ""
        )
        + f": Chỉ số SIPAS năm {r.survey.year} đạt {format_percent(r.sipas) or '—'}"
    ]
    if r.previous is not None and r.previous.sipas is not None and r.sipas is not None:
        delta = r.sipas - r.previous.sipas
        word = "tăng" if delta >= 0 else "giảm"
        parts.append(f"{word} {format_percent(abs(delta))} so với năm {r.previous.survey.year}")
    parts.append(
        f"{r.units_label} đơn vị đạt tỷ lệ hài lòng từ "
        f"{format_percent(r.survey.unit_threshold, 0)} trở lên"
    )
    return "; ".join(parts) + "."


def to_xlsx(r: SurveyResults) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    for i, (title, header, rows) in enumerate(tables(r), start=1):
        ws = wb.create_sheet(f"{i}"[:31])
        ws.append([title])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append([f"{r.survey.name} – {r.survey.province.name}"])
        ws.append(list(header))
        for cell in ws[3]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        for row in rows:
            ws.append([_value(v) for v in row])
            for value, cell in zip(row, ws[ws.max_row], strict=False):
                if isinstance(value, Decimal):
                    cell.number_format = '0.00"%"'
        ws.column_dimensions["B"].width = 48
    buffer = BytesIO()
    xlsx_save(wb, buffer)  # every text cell a plain string: nothing typed becomes a formula
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format_percent(value)
    return "—" if value is None else value


def to_docx(r: SurveyResults) -> bytes:
    from cchc.core.officialdoc import OfficialDocument

    province = r.survey.province
    doc = OfficialDocument(
        parent_agency=province.name,
        agency="Sở Nội vụ",
        number="     /BC-SNV",
        place=(province.short_name or province.name).replace("UBND ", "").replace("TP. ", ""),
        date=timezone.localdate(),
        kind="Báo cáo",
        summary=f"Kết quả {r.survey.name[0].lower()}{r.survey.name[1:]}",
    )
    doc.paragraph(summary_sentence(r))
    doc.paragraph(
        "Phiếu trả lời được tổng hợp ẩn danh; báo cáo chỉ nêu số liệu tổng hợp theo yếu tố, "
        "nhóm và cơ quan, đơn vị.",
        italic=True,
    )
    for title, header, rows in tables(r):
        doc.paragraph(title, bold=True, align="center", indent=False, size=13)
        doc.table(
            [[_cell(v) for v in row] for row in rows] or [["—"] * len(header)],
            header=header,
        )
    doc.signature(title="GIÁM ĐỐC", name="")
    doc.recipients(["UBND tỉnh (b/c);", "Bộ Nội vụ;", "Lưu: VT, CCHC."])
    return doc.to_bytes()
