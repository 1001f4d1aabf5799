from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from cchc.core.errors import DomainError
from cchc.procedures.importer import commit_catalogue, read_catalogue
from cchc.procedures.models import Procedure, ProcedureField

HEADER = [
    "STT",
    "MÃ THỦ TỤC",
    "Ten thu tuc",
    "Lĩnh vực",
    "Cấp thực hiện",
    "Cơ quan thực hiện",
    "Thời hạn giải quyết",
    "Phí, lệ phí",
    "Mức độ DVC",
]
GOOD_ROWS = [
    [
        1,
        "1.001193",
        "Đăng ký khai sinh",
        "Hộ tịch",
        "Cấp Xã",
        "UBND cấp xã",
        "Trong ngày",
        "Miễn lệ phí",
        "Toàn trình",
    ],
    [
        2,
        "2.000488",
        "Cấp Phiếu lý lịch tư pháp",
        "Lý lịch tư pháp",
        "Cấp Tỉnh",
        "Sở Tư pháp",
        "10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
        "200.000 đồng/lần/người",
        "Mức độ 4",
    ],
    [
        3,
        "1.009994",
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        "Hoạt động xây dựng",
        "Cấp xã",
        "Ủy ban nhân dân cấp xã",
        "15 ngày",
        "75.000 đồng/giấy phép",
        "Một phần",
    ],
    [
        4,
        "1.004227",
        "Đăng ký biến động đất đai",
        "Đất đai",
        "Cấp Tỉnh",
        "Văn phòng đăng ký đất đai",
        "Theo quy định",
        "Theo Nghị quyết HĐND",
        "Mức độ 3",
    ],
]


def xlsx(rows, header=HEADER, title_rows=2) -> bytes:
    wb = Workbook()
    ws = wb.active
    for i in range(title_rows):
        ws.append([f"DANH MỤC THỦ TỤC HÀNH CHÍNH (dòng tiêu đề phụ {i + 1})"])
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def preview_of(data: bytes):
    return read_catalogue(io.BytesIO(data), "danh-muc.xlsx")


def test_good_file_preview_then_commit(province):
    pv = preview_of(xlsx(GOOD_ROWS))
    assert pv.ok and pv.header_line == 3
    assert [r.line for r in pv.rows] == [4, 5, 6, 7]
    assert pv.count("new") == 4
    review = {r.code: r.warnings for r in pv.review}
    assert set(review) == {"1.009994", "1.004227"}
    assert "Không ghi rõ ngày làm việc" in review["1.009994"][0]
    assert not Procedure.objects.exists()  # preview writes nothing
    result = commit_catalogue(pv, actor=province.noivu)
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    khai_sinh = Procedure.objects.get(code="1.001193")
    assert (khai_sinh.time_unit, khai_sinh.resolving_agency_kind) == ("same_day", "commune")
    assert khai_sinh.online_level == "full" and khai_sinh.fee_amount == 0
    lltp = Procedure.objects.get(code="2.000488")
    assert lltp.resolving_agency == province.justice
    assert (lltp.time_amount, lltp.legacy_online_level) == (Decimal(10), 4)
    dat = Procedure.objects.get(code="1.004227")
    assert (dat.time_unit, dat.time_text) == ("none", "Theo quy định")
    assert dat.resolving_agency is None and dat.resolving_agency_text == "Văn phòng đăng ký đất đai"


def test_reimport_is_unchanged_then_versioned(province):
    commit_catalogue(preview_of(xlsx(GOOD_ROWS)), actor=None)
    again = preview_of(xlsx(GOOD_ROWS))
    assert again.count("same") == 4
    rows = [list(r) for r in GOOD_ROWS]
    rows[1][6] = "07 ngày làm việc"
    changed = preview_of(xlsx(rows))
    assert changed.count("update") == 1 and changed.count("same") == 3
    result = commit_catalogue(changed, actor=None)
    assert result.updated == 1
    assert list(
        Procedure.objects.filter(code="2.000488")
        .order_by("version")
        .values_list("version", "is_current", "time_amount")
    ) == [(1, False, Decimal(10)), (2, True, Decimal(7))]


def test_row_errors_have_line_numbers_and_nothing_is_written(province):
    rows = [list(r) for r in GOOD_ROWS]
    rows[1][1] = "2-000488"  # bad code, line 5
    rows[2][2] = ""  # no name, line 6
    rows.append([5, "1.001193", "Trùng mã", "Hộ tịch", "Cấp xã", "", "1 ngày làm việc", "", ""])
    rows.append([6, "1.000999", "Không rõ cấp", "Hộ tịch", "Liên bang", "", "1 ngày", "", ""])
    pv = preview_of(xlsx(rows))
    assert not pv.ok
    errors = pv.row_errors
    assert any(e.startswith("Dòng 5: Mã thủ tục «2-000488»") for e in errors)
    assert "Dòng 6: Thiếu tên thủ tục." in errors
    assert "Dòng 8: Mã thủ tục 1.001193 trùng với dòng 4." in errors
    assert any(e.startswith("Dòng 9: Cấp thực hiện") for e in errors)
    with pytest.raises(DomainError, match="chưa nhập gì"):
        commit_catalogue(pv, actor=None)
    assert not Procedure.objects.exists() and not ProcedureField.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        (b"this is not a spreadsheet", "không phải tệp Excel"),
        (b"PK\x03\x04broken zip", "không phải tệp Excel"),
        (xlsx(GOOD_ROWS, header=["Mã thủ tục", "Tên thủ tục", "Ghi chú"]), "thiếu cột"),
        (xlsx([]), "không có dòng thủ tục"),
    ],
)
def test_broken_files_are_refused(db, data, message):
    try:
        pv = preview_of(data)
    except DomainError as exc:
        assert message in exc.message
    else:
        assert not pv.ok and message in " ".join(pv.errors)
    assert not Procedure.objects.exists()


def test_command_dry_run_and_import(province, tmp_path):
    path = tmp_path / "danh-muc.xlsx"
    path.write_bytes(xlsx(GOOD_ROWS))
    out = io.StringIO()
    call_command("procedures", "import", str(path), "--dry-run", stdout=out)
    assert "4 thủ tục (mới 4" in out.getvalue() and "Cần rà soát — dòng 6" in out.getvalue()
    assert not Procedure.objects.exists()
    out = io.StringIO()
    call_command("procedures", "import", str(path), stdout=out)
    assert "Đã nhập: thêm mới 4" in out.getvalue()
    assert Procedure.objects.count() == 4


@pytest.mark.parametrize(
    "content, message",
    [
        (b"not xlsx", "không phải tệp Excel"),
        (xlsx([[1, "x", "Tên", "Hộ tịch", "Cấp xã", "", "1 ngày", "", ""]]), "Dòng 4"),
    ],
)
def test_command_broken_file_exits_2(db, tmp_path, content, message):
    path = tmp_path / "hong.xlsx"
    path.write_bytes(content)
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("procedures", "import", str(path), stdout=io.StringIO(), stderr=err)
    assert exc.value.code == 2 and message in err.getvalue()
    assert not Procedure.objects.exists()


def test_command_missing_file_exits_2(db, tmp_path):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("procedures", "import", str(tmp_path / "khong-co.xlsx"), stderr=err)
    assert exc.value.code == 2 and "Không tìm thấy tệp" in err.getvalue()


def test_nonsense_values_are_line_numbered_errors_in_the_preview(province):
    """Issue 14, finding 6: a fee of 10^20 and "-5 ngày" are refused in the preview with their
    line (not at confirmation, not as 5 days); NFD text is stored NFC."""
    import unicodedata

    base = GOOD_ROWS[1]
    nfd_name = unicodedata.normalize("NFD", "Cấp Phiếu lý lịch tư pháp số 2")
    rows = [
        [
            1,
            "2.000001",
            "Thủ tục A",
            "Hộ tịch",
            "Cấp tỉnh",
            "Sở Tư pháp",
            "10 ngày làm việc",
            "100.000.000.000.000.000.000 đồng",
            "Toàn trình",
        ],
        [
            2,
            "2.000002",
            "Thủ tục B",
            "Hộ tịch",
            "Cấp tỉnh",
            "Sở Tư pháp",
            "-5 ngày làm việc",
            "Miễn lệ phí",
            "Toàn trình",
        ],
        [3, "2.000003", nfd_name, *base[3:]],
    ]
    pv = preview_of(xlsx(rows))
    errors = pv.row_errors
    assert any(e.startswith("Dòng 4: Phí, lệ phí") and "vượt quá giới hạn" in e for e in errors)
    assert any(e.startswith("Dòng 5: Thời hạn «-5 ngày làm việc» phải lớn hơn 0") for e in errors)
    assert not pv.ok
    good = preview_of(xlsx([rows[2]]))
    assert good.ok
    commit_catalogue(good, actor=None)
    stored = Procedure.objects.get(code="2.000003").name
    assert stored == unicodedata.normalize("NFC", stored) == "Cấp Phiếu lý lịch tư pháp số 2"
