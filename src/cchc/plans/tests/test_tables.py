"""The appendix readers on seeds 001 and 002 typed into real DOCX and XLSX files, on the other
layouts provinces use, and on files that are not plan tables."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.demo.data.plan_seeds import (
    SeedRow,
    seed_001_rows,
    seed_002_rows,
    seed_sections,
    write_seed_docx,
    write_seed_xlsx,
)
from cchc.plans.deadlines import DeadlineKind, parse_deadline
from cchc.plans.tables import (
    PlanTable,
    TableError,
    read_any,
    read_docx,
    read_xlsx,
    split_agencies,
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


@pytest.mark.parametrize("seed", SEEDS)
def test_pdf_converted_layout_reads_the_same(seed: str, tmp_path: Path) -> None:
    """No merged cells, one paragraph per cell, repeated headers, broken rows: what the seeds'
    own text shows and what a hold-out converted from PDF will look like."""
    rows = SEEDS[seed]()
    table = read_docx(write_seed_docx(rows, tmp_path / "flat.docx", flat=True))
    assert table.sections == seed_sections(rows)
    assert len(table.tasks) == len(rows)
    for row, got in zip(rows, _got(table), strict=True):
        expected = _expected(row)
        expected["deadline_text"] = row.deadline_text.replace("\n", " ")
        if row.merged_above:
            # The merged agency cells came out empty: a "- ..." sub-row takes the row above's.
            expected["products"] = []
        assert got == expected
    inherited = [w for w in table.warnings if "lấy cơ quan chủ trì" in w]
    assert len(inherited) == sum(1 for r in rows if r.merged_above)


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


def test_xlsx_two_line_header_repeated_on_each_page(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "PHỤ LỤC"
    ws.merge_cells("A1:F1")
    for top in (3, 7):
        for col, text in (
            (1, "STT"),
            (2, "Lĩnh vực/Nhiệm vụ"),
            (3, "Cơ quan thực hiện"),
            (5, "Thời gian hoàn thành"),
            (6, "Ghi chú"),
        ):
            ws.cell(top, col, text)
        ws.cell(top + 1, 3, "Chủ trì")
        ws.cell(top + 1, 4, "Phối hợp")
        for col in (1, 2, 5, 6):
            ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
        ws.merge_cells(start_row=top, start_column=3, end_row=top, end_column=4)
    ws.append([])
    rows: dict[int, list[object]] = {
        5: ["I", "CẢI CÁCH THỂ CHẾ"],
        6: [1, "Rà soát văn bản", "Sở Tư pháp", "Các sở, ban, ngành", "Quý I/2023", "Mới"],
        9: [2, "Kiểm tra văn bản", "Sở Tư pháp", None, "Quý II/2023"],
    }
    for r, values in rows.items():
        for c, value in enumerate(values, start=1):
            ws.cell(r, c, value)
    ws.merge_cells("B5:F5")
    path = tmp_path / "two.xlsx"
    wb.save(path)
    table = read_xlsx(path)
    assert table.sections == ["CẢI CÁCH THỂ CHẾ"]
    assert [(t.number, t.title, t.lead, t.coordinators, t.deadline_text) for t in table.tasks] == [
        ("1", "Rà soát văn bản", ["Sở Tư pháp"], ["Các sở, ban, ngành"], "Quý I/2023"),
        ("2", "Kiểm tra văn bản", ["Sở Tư pháp"], [], "Quý II/2023"),
    ]
    assert table.tasks[1].source == "Sheet!A9"


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
        ["I", "Nhiệm vụ trọng tâm", "", ""],
        ["1", "Cải cách thể chế", "", ""],
        ["1.1", "Rà soát văn bản", "Sở Tư pháp", "Quý I/2023"],
        ["1.2", "Kiểm tra văn bản", "Sở Tư pháp", "Quý II/2023"],
        ["2", "Tuyên truyền", "Sở Nội vụ", "Năm 2023"],
    ]
    table = read_docx(_docx(rows, tmp_path / "d.docx"))
    assert [(t.section, t.number, t.subsection) for t in table.tasks] == [
        ("Nhiệm vụ trọng tâm", "1.1", "1. Cải cách thể chế"),
        ("Nhiệm vụ trọng tâm", "1.2", "1. Cải cách thể chế"),
        ("Nhiệm vụ trọng tâm", "2", ""),
    ]


def test_numbered_headings_without_sections_become_the_sections(tmp_path: Path) -> None:
    rows = [
        ["STT", "Tên nhiệm vụ", "Đơn vị thực hiện", "Nguồn kinh phí thực hiện", "Thời gian"],
        ["1", "Cải cách thể chế", "", "", ""],
        ["1.1", "Rà soát văn bản", "Sở Tư pháp", "Ngân sách tỉnh", "Quý I/2023"],
        ["2", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "", "", ""],
        ["2.1", "Công bố thủ tục", "Văn phòng UBND tỉnh", "", "Thường xuyên"],
    ]
    table = read_docx(_docx(rows, tmp_path / "s.docx"))
    assert table.sections == ["Cải cách thể chế", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"]
    assert [(t.section, t.number, t.lead, t.deadline_text) for t in table.tasks] == [
        ("Cải cách thể chế", "1.1", ["Sở Tư pháp"], "Quý I/2023"),
        ("CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "2.1", ["Văn phòng UBND tỉnh"], "Thường xuyên"),
    ]


def test_area_column_named_like_a_task_column(tmp_path: Path) -> None:
    rows = [
        ["Nội dung", "Nhiệm vụ cụ thể", "Hình thức sản phẩm", "Cơ quan chủ trì", "Thời hạn"],
        ["Cải cách công vụ", "1. Tuyển dụng công chức", "Quyết định", "Sở Nội vụ", "Quý II/2023"],
        ["", "2. Đánh giá công chức", "Báo cáo", "Sở Nội vụ", "Tháng 12/2023"],
    ]
    table = read_docx(_docx(rows, tmp_path / "c.docx"))
    assert table.sections == ["Cải cách công vụ"]
    assert [(t.section, t.number, t.title, t.products) for t in table.tasks] == [
        ("Cải cách công vụ", "1.", "Tuyển dụng công chức", ["Quyết định"]),
        ("Cải cách công vụ", "2.", "Đánh giá công chức", ["Báo cáo"]),
    ]


def test_one_agency_column_with_roles(tmp_path: Path) -> None:
    rows = [
        ["STT", "Nội dung", "Cơ quan thực hiện", "Thời gian"],
        [
            "1",
            "Rà soát",
            "Chủ trì: Sở Tư pháp\nPhối hợp: Sở Nội vụ, Văn phòng UBND tỉnh",
            "Quý I/2023",
        ],
        ["2", "Kiểm tra", "Sở Nội vụ (chủ trì); Sở Tài chính (phối hợp)", "Quý II/2023"],
        ["3", "Tổng kết", "Sở Nội vụ", "Tháng 12/2023"],
    ]
    table = read_docx(_docx(rows, tmp_path / "roles.docx"))
    assert [(t.lead, t.coordinators) for t in table.tasks] == [
        (["Sở Tư pháp"], ["Sở Nội vụ", "Văn phòng UBND tỉnh"]),
        (["Sở Nội vụ (chủ trì)"], ["Sở Tài chính (phối hợp)"]),
        (["Sở Nội vụ"], []),
    ]


def test_start_and_end_columns_under_one_header(tmp_path: Path) -> None:
    rows = [
        ["TT", "Nội dung", "Cơ quan chủ trì", "Thời gian thực hiện", ""],
        ["", "", "", "Bắt đầu", "Hoàn thành"],
        ["1", "Khảo sát", "Sở Nội vụ", "01/3/2023", "30/6/2023"],
    ]
    table = read_docx(_docx(rows, tmp_path / "t.docx", spans={0: (3, 4)}))
    assert [t.deadline_text for t in table.tasks] == ["30/6/2023"]


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
    targets = document.add_table(rows=0, cols=4)  # another appendix: targets, same width
    for values in (["STT", "Chỉ tiêu", "Cơ quan chủ trì", "Năm 2023"], ["1", "98% hồ sơ", "", ""]):
        for cell, value in zip(targets.add_row().cells, values, strict=True):
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


def test_old_office_formats_get_a_way_out() -> None:
    with pytest.raises(TableError) as err:
        read_any(io.BytesIO(b"\xd0\xcf\x11\xe0"), "ke-hoach.doc")
    assert ".docx" in err.value.message and "LibreOffice" in err.value.message


def test_content_decides_when_the_name_does_not(tmp_path: Path) -> None:
    path = write_seed_xlsx(seed_001_rows(), tmp_path / "k.xlsx")
    assert len(read_any(io.BytesIO(path.read_bytes()), "tai-len").tasks) == 28
    path = write_seed_docx(seed_002_rows(), tmp_path / "k.docx")
    assert len(read_any(io.BytesIO(path.read_bytes()), "tai-len.bin").tasks) == 50


def test_number_typed_twice(tmp_path: Path) -> None:
    rows = [
        ["TT", "Nội dung", "Cơ quan chủ trì", "Thời hạn"],
        ["1", "1. Rà soát văn bản", "Sở Tư pháp", "Quý I/2023"],
        ["2", "10 giải pháp nâng cao chất lượng", "Sở Nội vụ", "Năm 2023"],
    ]
    table = read_docx(_docx(rows, tmp_path / "n2.docx"))
    assert [(t.number, t.title) for t in table.tasks] == [
        ("1", "Rà soát văn bản"),
        ("2", "10 giải pháp nâng cao chất lượng"),
    ]


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
        ("Sở Nội vụ - Sở Tài chính", ["Sở Nội vụ", "Sở Tài chính"]),
        ("Sở Lao động - Thương binh và Xã hội", ["Sở Lao động - Thương binh và Xã hội"]),
        ("Sở Nội vụ và Ban Dân tộc", ["Sở Nội vụ", "Ban Dân tộc"]),
        ("", []),
    ],
)
def test_split_agencies(cell: str, expected: list[str]) -> None:
    assert split_agencies(cell) == expected


def _auto_numbered(cell, num_id: int, ilvl: int = 0) -> None:  # noqa: ANN001
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p_pr = cell.paragraphs[0]._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    lvl = OxmlElement("w:ilvl")
    lvl.set(qn("w:val"), str(ilvl))
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), str(num_id))
    num_pr.append(lvl)
    num_pr.append(nid)
    p_pr.append(num_pr)


def test_word_automatic_numbers_are_read(tmp_path: Path) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="%1."/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
            '<w:lvlText w:val="%2)"/></w:lvl></w:abstractNum>'
        )
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    table = document.add_table(rows=0, cols=4)
    data = [
        (None, "Nội dung", "Cơ quan chủ trì", "Thời gian hoàn thành"),
        (0, "Tổng kết", "Sở Nội vụ", "Tháng 12/2023"),
        (0, "Tuyên truyền", "", ""),
        (1, "Trên báo", "Báo tỉnh", "Thường xuyên"),
        (1, "Trên đài", "Đài tỉnh", "Thường xuyên"),
        (0, "Kiểm tra", "Sở Nội vụ", "Quý III/2023"),
    ]
    for level, title, lead, deadline in data:
        cells = table.add_row().cells
        if level is None:
            cells[0].text = "STT"
        else:
            _auto_numbered(cells[0], 90, level)
        cells[1].text, cells[2].text, cells[3].text = title, lead, deadline
    path = tmp_path / "auto.docx"
    document.save(str(path))
    result = read_docx(path)
    assert [(t.number, t.title, t.subsection) for t in result.tasks] == [
        ("1.", "Tổng kết", ""),
        ("a)", "Trên báo", "2. Tuyên truyền"),
        ("b)", "Trên đài", "2. Tuyên truyền"),
        ("3.", "Kiểm tra", ""),
    ]


# Seed 000 (Sóc Trăng 1354/QĐ-UBND, 2017): a third layout, products after the agencies and no
# sections. Not a yearly plan, but the same family: the reader must not need tuning for it.
SEED_000 = [
    (
        "1",
        "Tổ chức tập huấn, bồi dưỡng cho cán bộ, công chức, viên chức thực hiện công tác cải "
        "cách hành chính và cán bộ, công chức, viên chức làm việc tại Bộ phận tiếp nhận hồ sơ và trả "
        "kết quả trên địa bàn tỉnh",
        "Sở Nội vụ",
        "Cơ sở đào tạo",
        "Các lớp bồi dưỡng",
        "Hàng năm",
    ),
    (
        "2",
        "Nâng cao trách nhiệm, kỷ luật, kỷ cương hành chính và thực thi các chuẩn mực đạo đức "
        "công vụ của cán bộ, công chức, viên chức",
        "Các cơ quan, đơn vị",
        "Sở Nội vụ",
        "Kế hoạch kiểm tra; Báo cáo kết quả",
        "Hàng năm",
    ),
    (
        "4",
        "Tổ chức Hội thảo, tọa đàm để thông tin, chia sẻ kinh nghiệm công tác cải cách hành chính",
        "Sở Nội vụ",
        "Các cơ quan, đơn vị",
        "Hội thảo",
        "Tùy theo tình hình thực tế, xét thấy cần thiết, Sở Nội vụ trình xin ý kiến UBND tỉnh",
    ),
    (
        "6",
        "Phỏng vấn nhanh ý kiến của cá nhân, tổ chức, doanh nghiệp khi tham gia giải quyết thủ "
        "tục hành chính",
        "Sở Nội vụ",
        "Cơ quan truyền thông, các cơ quan, đơn vị",
        "Sử dụng tổng đài",
        "Thường xuyên",
    ),
    (
        "8",
        "Giám sát hoạt động của Bộ phận tiếp nhận hồ sơ và trả kết quả của các cơ quan, đơn vị",
        "Sở Nội vụ",
        "Sở Thông tin và Truyền thông",
        "Hệ thống camera giám sát",
        "Năm 2018",
    ),
]
SEED_000_HEADER = [
    "TT",
    "Nội dung công việc",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Các hoạt động/sản phẩm",
    "Thời gian thực hiện/hoàn thành",
]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_third_layout_without_tuning(fmt: str, tmp_path: Path) -> None:
    rows = [SEED_000_HEADER, *[list(r) for r in SEED_000]]
    if fmt == "docx":
        table = read_docx(_docx(rows, tmp_path / "000.docx"))
    else:
        wb = openpyxl.Workbook()
        for r in rows:
            wb.active.append([int(v) if v.isdigit() else v for v in r])
        wb.save(tmp_path / "000.xlsx")
        table = read_xlsx(tmp_path / "000.xlsx")
    assert table.sections == []
    assert [(t.number, t.lead, t.coordinators, t.products) for t in table.tasks] == [
        ("1", ["Sở Nội vụ"], ["Cơ sở đào tạo"], ["Các lớp bồi dưỡng"]),
        ("2", ["Các cơ quan, đơn vị"], ["Sở Nội vụ"], ["Kế hoạch kiểm tra", "Báo cáo kết quả"]),
        ("4", ["Sở Nội vụ"], ["Các cơ quan, đơn vị"], ["Hội thảo"]),
        ("6", ["Sở Nội vụ"], ["Cơ quan truyền thông", "các cơ quan, đơn vị"], ["Sử dụng tổng đài"]),
        ("8", ["Sở Nội vụ"], ["Sở Thông tin và Truyền thông"], ["Hệ thống camera giám sát"]),
    ]
    kinds = [parse_deadline(t.deadline_text).kind for t in table.tasks]
    assert kinds == [
        DeadlineKind.RECURRING,
        DeadlineKind.RECURRING,
        DeadlineKind.CONDITIONAL,
        DeadlineKind.RECURRING,
        DeadlineKind.PERIOD,
    ]


_CELLS = [
    "",
    "TT",
    "STT",
    "Nội dung",
    "Nhiệm vụ",
    "Cơ quan chủ trì",
    "Phối hợp",
    "Thời gian",
    "Sản phẩm",
    "I",
    "II",
    "1",
    "1.1",
    "a)",
    "-",
    "(1)",
    "CẢI CÁCH THỂ CHẾ",
    "Sở Nội vụ",
    "Quý II/2023",
    "Các sở, ban, ngành",
    "x" * 70,
    "Sở A; Sở B\n- Sở C",
    "Năm 2023",
]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_CELLS), min_size=1, max_size=7), min_size=1, max_size=8))
def test_any_grid_gives_a_table_or_a_message(grid: list[list[str]]) -> None:
    wb = openpyxl.Workbook()
    for row in grid:
        wb.active.append([v or None for v in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    try:
        table = read_xlsx(buffer)
    except TableError as err:
        assert err.message
    else:
        assert table.tasks


def test_an_impossible_date_is_a_warning_in_the_preview(tmp_path: Path) -> None:
    """Issue 14, finding 6: 31/02/2026 does not become "no deadline" without a word."""
    from cchc.plans.importing import build_preview

    rows = [
        ["TT", "Nội dung", "Cơ quan chủ trì", "Thời hạn"],
        ["1", "Rà soát văn bản", "Sở Tư pháp", "31/02/2026"],
        ["2", "Kiểm tra công vụ", "Sở Nội vụ", "Quý IV/2026"],
    ]
    table = read_docx(_docx(rows, tmp_path / "bad-date.docx"))
    preview = build_preview(table, year=2026, agencies=[])
    assert len(preview["warnings"]) == 1
    assert "31/02/2026" in preview["warnings"][0] and "dòng 2" in preview["warnings"][0]
