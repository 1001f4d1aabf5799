"""Type a criteria set into a DOCX or XLSX laid out like a province's decision appendix:
area rows merged across, a "(1) (2) (3)" row, the header repeated where a page starts, a row a
page break split, bonus and penalty blocks, and a "Tổng cộng" row."""

from __future__ import annotations

from pathlib import Path

from cchc.indices.standard import Row

HEADER = (
    "STT",
    "Tiêu chí, tiêu chí thành phần",
    "Điểm tối đa",
    "Cách chấm",
    "Tài liệu kiểm chứng",
    "Áp dụng",
)
GROUP_TEXT = {("departments",): "Sở, ban, ngành", ("communes",): "UBND cấp xã", (): ""}


def _pts(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _method(row: Row) -> str:
    _n, _t, _m, method, _g, indicator, rule, _c = row
    if method == "indicator":
        return f"Tính từ chỉ số: {indicator}, ≥ {rule.get('full_at', rule.get('at', 100)):g}% đạt điểm tối đa"
    if method == "survey":
        return "Điều tra xã hội học"
    return "Tự chấm, thẩm định" if method == "self" else ""


def cells(
    rows: list[Row], *, split_at: int = 5, repeat_header_at: int = 12
) -> list[tuple[str, list[str], bool]]:
    """(kind, cells, merged-across) in table order."""
    out: list[tuple[str, list[str], bool]] = [("header", list(HEADER), False)]
    out.append(("numbers", [f"({i})" for i in range(1, 7)], False))
    total = sum(r[2] for r in rows if r[0] and "." not in r[0] and r[3] not in ("bonus", "penalty"))
    for i, row in enumerate(rows):
        number, title, maximum, _method_, groups, *_ = row
        if i == repeat_header_at:
            out.append(("header", list(HEADER), False))
        is_area = number == "" or "." not in number
        if is_area:
            text = f"{number}. {title.upper()}" if number else title
            out.append(("area", [text, text, _pts(maximum), "", "", ""], True))
            continue
        if i == split_at:  # a page break cuts the title in two rows
            head, tail = title.split(" ", 2)[:2], title.split(" ", 2)[2]
            out.append(
                (
                    "row",
                    [
                        number,
                        " ".join(head),
                        _pts(maximum),
                        _method(row),
                        "Văn bản",
                        GROUP_TEXT[tuple(groups)],
                    ],
                    False,
                )
            )
            out.append(("row", ["", tail, "", "", "", ""], False))
            continue
        out.append(
            (
                "row",
                [number, title, _pts(maximum), _method(row), "Văn bản", GROUP_TEXT[tuple(groups)]],
                False,
            )
        )
    out.append(("total", ["", "Tổng cộng", _pts(total), "", "", ""], False))
    return out


def write_docx(rows: list[Row], path: Path, **kw) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("PHỤ LỤC: BỘ TIÊU CHÍ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH")
    table = document.add_table(rows=0, cols=6)
    table.style = "Table Grid"
    for _kind, values, merged in cells(rows, **kw):
        r = table.add_row().cells
        for j, v in enumerate(values):
            if merged and j == 1:
                continue
            r[j].text = v
        if merged:
            r[0].merge(r[1])
            r[0].text = values[0]
    document.add_paragraph("KT. CHỦ TỊCH")
    document.save(str(path))
    return path


def write_xlsx(rows: list[Row], path: Path, **kw) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    ws.append(["BỘ TIÊU CHÍ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH"])
    for _kind, values, merged in cells(rows, **kw):
        ws.append(values)
        if merged:
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=2)
    wb.save(str(path))
    return path
