"""The appendix readers on seeds 001 and 002 typed into real DOCX and XLSX files, on the other
layouts provinces use, and on files that are not plan tables."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import openpyxl
import pytest

from cchc.plans.deadlines import DeadlineKind, parse_deadline
from cchc.plans.tables import (
    PlanTable,
    TableError,
    read_any,
    read_docx,
    read_xlsx,
    split_agencies,
)
from cchc.plans.tests.seed_tables import (
    SeedRow,
    seed_001_rows,
    seed_002_rows,
    seed_sections,
    write_seed_docx,
    write_seed_xlsx,
)

SEEDS = {"001": seed_001_rows, "002": seed_002_rows}
FORMATS = {"docx": (write_seed_docx, read_docx), "xlsx": (write_seed_xlsx, read_xlsx)}


def _expected(row: SeedRow) -> dict:
    return {
        "section": row.section,
        "number": row.number,
        "title": row.title,
        "products": list(row.products),
        "lead": list(row.lead),
        "coordinators": list(row.coordinators),
        "deadline_text": row.deadline_text,
        "subsection": row.subsection,
    }


def _got(table: PlanTable) -> list[dict]:
    return [
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


@pytest.fixture(params=[(s, f) for s in SEEDS for f in FORMATS], ids=lambda p: f"{p[0]}-{p[1]}")
def seed_file(request, tmp_path: Path):  # noqa: ANN001, ANN201
    seed, fmt = request.param
    rows = SEEDS[seed]()
    writer, reader = FORMATS[fmt]
    path = writer(rows, tmp_path / f"phu-luc-{seed}.{fmt}")
    return rows, path, reader


def test_every_row_comes_back(seed_file) -> None:  # noqa: ANN001
    rows, path, reader = seed_file
    table = reader(path)
    assert len(table.tasks) == len(rows)
    for expected, got in zip(rows, _got(table), strict=True):
        assert got == _expected(expected)
    assert table.sections == seed_sections(rows)
    assert table.warnings == []


def test_every_deadline_of_the_seed_is_read(seed_file) -> None:  # noqa: ANN001
    rows, path, reader = seed_file
    kinds = [parse_deadline(t.deadline_text).kind for t in reader(path).tasks]
    assert DeadlineKind.UNSPECIFIED not in kinds


def test_rows_point_at_their_place_in_the_file(tmp_path: Path) -> None:
    docx_table = read_docx(write_seed_docx(seed_002_rows(), tmp_path / "a.docx"))
    # Table 1 is the letterhead; the task table is table 2, row 1 its header, row 2 section I.
    assert docx_table.tasks[0].source == "Bảng 2, dòng 3"
    xlsx_table = read_xlsx(write_seed_xlsx(seed_002_rows(), tmp_path / "a.xlsx"))
    assert xlsx_table.tasks[0].source == "Phụ lục!A6"


def test_seed_counts_and_layout_facts(tmp_path: Path) -> None:
    t1 = read_docx(write_seed_docx(seed_001_rows(), tmp_path / "1.docx"))
    t2 = read_docx(write_seed_docx(seed_002_rows(), tmp_path / "2.docx"))
    assert (len(t1.tasks), len(t1.sections)) == (28, 7)
    assert (len(t2.tasks), len(t2.sections)) == (50, 7)
    # The sub-row of seed 001 shares the merged products and agencies of the row above.
    sub = t1.tasks[1]
    assert (sub.number, sub.lead, sub.products) == (
        "-",
        ["Sở Tư pháp"],
        ["Kế hoạch của UBND tỉnh", "Báo cáo kết quả thực hiện"],
    )
    # Rows broken by a page come back whole.
    assert t2.tasks[3].products[0].endswith("Trang thông tin điện tử của Sở Kế hoạch và Đầu tư.")
    assert [t.number for t in t2.tasks if t.subsection] == ["a)", "b)", "c)"]


def test_read_any_and_file_objects(tmp_path: Path) -> None:
    path = write_seed_xlsx(seed_001_rows(), tmp_path / "k.xlsx")
    with open(path, "rb") as fh:
        assert len(read_any(fh, "K.XLSX").tasks) == 28
    data = io.BytesIO(write_seed_docx(seed_002_rows(), tmp_path / "k.docx").read_bytes())
    assert len(read_any(data, "ke-hoach.docx").tasks) == 50


# --------------------------------------------------------------------- other layouts


def _docx(
    rows: list[list[str]], path: Path, *, spans: dict[int, tuple[int, int]] | None = None
) -> Path:
    document = docx.Document()
    table = document.add_table(rows=0, cols=len(rows[0]))
    for r, values in enumerate(rows):
        cells = table.add_row().cells
        for c, value in enumerate(values):
            if value:
                cells[c].text = value
        if spans and r in spans:
            a, b = spans[r]
            cells[a].merge(cells[b])
    document.save(str(path))
    return path


def test_two_row_header_column_numbers_and_section_rows(tmp_path: Path) -> None:
    rows = [
        ["STT", "Nhiệm vụ", "Kết quả/sản phẩm", "Cơ quan thực hiện", "", "Tiến độ"],
        ["", "", "", "Chủ trì", "Phối hợp", ""],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
        ["A", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "", "", "", ""],
        [
            "1",
            "Ban hành Kế hoạch CCHC năm 2023",
            "Kế hoạch\nBáo cáo",
            "Sở Nội vụ (chủ trì)",
            "Các sở, ban, ngành",
            "Tháng 01/2023",
        ],
        ["", "II. CẢI CÁCH THỂ CHẾ", "", "", "", ""],
        ["1.1", "Rà soát văn bản", "• Báo cáo", "Sở Tư pháp", "", "Quý II/2023"],
    ]
    path = _docx(rows, tmp_path / "x.docx", spans={0: (3, 4), 5: (0, 5)})
    table = read_docx(path)
    assert table.sections == ["CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "CẢI CÁCH THỂ CHẾ"]
    assert [(t.section, t.number, t.lead, t.coordinators, t.products) for t in table.tasks] == [
        (
            "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
            "1",
            ["Sở Nội vụ (chủ trì)"],
            ["Các sở, ban, ngành"],
            ["Kế hoạch", "Báo cáo"],
        ),
        ("CẢI CÁCH THỂ CHẾ", "1.1", ["Sở Tư pháp"], [], ["Báo cáo"]),
    ]


def test_heading_without_children_is_a_task_with_a_warning(tmp_path: Path) -> None:
    rows = [
        ["TT", "Nội dung", "Cơ quan chủ trì", "Thời hạn"],
        ["I", "CẢI CÁCH CÔNG VỤ", "", ""],
        ["1", "Tổng kết công tác năm", "", ""],
        ["2", "Tuyển dụng công chức", "Sở Nội vụ", "Quý III/2023"],
    ]
    table = read_docx(_docx(rows, tmp_path / "h.docx"))
    assert [(t.number, t.subsection) for t in table.tasks] == [("1", ""), ("2", "")]
    assert table.warnings == ["Bảng 1, dòng 3: nhiệm vụ «1» chưa có cơ quan chủ trì."]


def test_dotted_children_of_a_heading(tmp_path: Path) -> None:
    rows = [
        ["TT", "Nội dung", "Cơ quan chủ trì", "Thời hạn"],
        ["1", "Cải cách thể chế", "", ""],
        ["1.1", "Rà soát văn bản", "Sở Tư pháp", "Quý I/2023"],
        ["1.2", "Kiểm tra văn bản", "Sở Tư pháp", "Quý II/2023"],
        ["2", "Tuyên truyền", "Sở Nội vụ", "Năm 2023"],
    ]
    table = read_docx(_docx(rows, tmp_path / "d.docx"))
    assert [(t.number, t.subsection) for t in table.tasks] == [
        ("1.1", "1. Cải cách thể chế"),
        ("1.2", "1. Cải cách thể chế"),
        ("2", ""),
    ]


def test_table_split_by_a_page_break_continues(tmp_path: Path) -> None:
    document = docx.Document()
    first = document.add_table(rows=0, cols=4)
    for values in (
        ["TT", "Nội dung", "Cơ quan chủ trì", "Thời gian hoàn thành"],
        ["1", "Việc một", "Sở Nội vụ", "Năm 2023"],
    ):
        for cell, value in zip(first.add_row().cells, values, strict=True):
            cell.text = value
    document.add_paragraph("")
    second = document.add_table(rows=0, cols=4)
    for cell, value in zip(
        second.add_row().cells, ["2", "Việc hai", "Sở Tư pháp", "Quý I/2023"], strict=True
    ):
        cell.text = value
    other = document.add_table(rows=1, cols=2)  # a signature block: not part of the appendix
    other.cell(0, 0).text = "Nơi nhận"
    path = tmp_path / "split.docx"
    document.save(str(path))
    assert [t.number for t in read_docx(path).tasks] == ["1", "2"]


def test_xlsx_merged_lead_gives_its_value_to_every_row(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"])
    ws.append([1, "Việc một", "Sở Nội vụ", "Sở Tư pháp", "Quý I/2023"])
    ws.append([2, "Việc hai", None, None, "Quý II/2023"])
    ws.merge_cells("C2:C3")
    ws.merge_cells("D2:D3")
    path = tmp_path / "m.xlsx"
    wb.save(path)
    table = read_xlsx(path)
    assert [(t.number, t.lead, t.coordinators) for t in table.tasks] == [
        ("1", ["Sở Nội vụ"], ["Sở Tư pháp"]),
        ("2", ["Sở Nội vụ"], ["Sở Tư pháp"]),
    ]


# --------------------------------------------------------------------- bad files


def test_not_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.docx"
    path.write_text("đây không phải tệp Word")
    with pytest.raises(TableError) as err:
        read_docx(path)
    assert "ke-hoach.docx" in err.value.message and "DOCX" in err.value.message


def test_not_an_xlsx(tmp_path: Path) -> None:
    with pytest.raises(TableError) as err:
        read_xlsx(io.BytesIO(b"PK\x03\x04 broken zip"))
    assert "Excel" in err.value.message


def test_docx_without_tables(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Kế hoạch")
    path = tmp_path / "p.docx"
    document.save(str(path))
    with pytest.raises(TableError) as err:
        read_docx(path)
    assert "không có bảng nào" in err.value.message


def test_table_without_header(tmp_path: Path) -> None:
    path = _docx([["a", "b", "c"], ["1", "2", "3"]], tmp_path / "n.docx")
    with pytest.raises(TableError) as err:
        read_docx(path)
    assert "Không tìm thấy dòng tiêu đề" in err.value.message and "n.docx" in err.value.message


def test_header_without_tasks(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["TT", "Nội dung", "Cơ quan chủ trì", "Thời hạn"])
    path = tmp_path / "e.xlsx"
    wb.save(path)
    with pytest.raises(TableError) as err:
        read_xlsx(path)
    assert "không có nhiệm vụ nào" in err.value.message


def test_other_formats_are_refused(tmp_path: Path) -> None:
    with pytest.raises(TableError) as err:
        read_any(io.BytesIO(b"%PDF-1.4"), "ke-hoach.pdf")
    assert "ke-hoach.pdf" in err.value.message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(TableError):
        read_docx(tmp_path / "khong-co.docx")


# --------------------------------------------------------------------- agency cells


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Sở Tư pháp", ["Sở Tư pháp"]),
        (
            "Sở, ban, ngành; UBND cấp huyện và các cơ quan có liên quan",
            ["Sở, ban, ngành", "UBND cấp huyện", "các cơ quan có liên quan"],
        ),
        (
            "Sở Thông tin và Truyền thông phối hợp với Văn phòng UBND tỉnh",
            ["Sở Thông tin và Truyền thông", "Văn phòng UBND tỉnh"],
        ),
        (
            "Các Sở: Nội vụ, Thông tin và Truyền thông",
            ["Sở Nội vụ", "Sở Thông tin và Truyền thông"],
        ),
        (
            "Sở Nội vụ, Sở Lao động, Thương binh và Xã hội, Công an tỉnh",
            ["Sở Nội vụ", "Sở Lao động, Thương binh và Xã hội", "Công an tỉnh"],
        ),
        (
            "Sở Văn hóa, Thể thao và Du lịch; Sở Y tế",
            ["Sở Văn hóa, Thể thao và Du lịch", "Sở Y tế"],
        ),
        ("UBND cấp huyện, cấp xã", ["UBND cấp huyện", "UBND cấp xã"]),
        (
            "Các sở, ban, ngành; UBND cấp huyện, cấp xã Các đơn vị sự nghiệp công lập",
            [
                "Các sở, ban, ngành",
                "UBND cấp huyện",
                "UBND cấp xã",
                "Các đơn vị sự nghiệp công lập",
            ],
        ),
        ("- Sở Y tế;\n- Sở Giáo dục và Đào tạo", ["Sở Y tế", "Sở Giáo dục và Đào tạo"]),
        ("Sở Nội vụ (chủ trì), Sở Tài chính", ["Sở Nội vụ (chủ trì)", "Sở Tài chính"]),
        ("Sở Kế hoạch và Đầu tư", ["Sở Kế hoạch và Đầu tư"]),
        ("Sở Nông nghiệp và Phát triển nông thôn", ["Sở Nông nghiệp và Phát triển nông thôn"]),
        ("", []),
    ],
)
def test_split_agencies(cell: str, expected: list[str]) -> None:
    assert split_agencies(cell) == expected
