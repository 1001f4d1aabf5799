"""The one writer of downloads: text never becomes a formula, CSV the Vietnamese way."""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from cchc.core import files


@pytest.mark.parametrize(
    "text", ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("x","y")']
)
def test_csv_cells_that_would_be_formulas_get_an_apostrophe(text):
    out = io.StringIO()
    files.write_csv(out, ["Tên"], [[text]])
    rows = list(csv.reader(io.StringIO(out.getvalue().lstrip("\ufeff")), delimiter=";"))
    assert rows[1] == ["'" + text]


def test_csv_numbers_dates_and_separator():
    out = io.StringIO()
    files.write_csv(
        out,
        ["Cơ quan", "Số", "Tỷ lệ", "Ngày"],
        [["Sở Tư pháp", 178770, Decimal("82.03"), dt.date(2026, 2, 28)], ["-", -5, 1.5, None]],
    )
    text = out.getvalue()
    assert text.startswith("\ufeffCơ quan;Số;Tỷ lệ;Ngày\r\n")
    assert "Sở Tư pháp;178770;82,03;28/02/2026\r\n" in text
    assert "'-;-5;1,5;\r\n" in text  # a number stays a number, a text dash is escaped


def test_xlsx_writers_store_formula_text_as_strings():
    from openpyxl import Workbook

    hostile = '=HYPERLINK("http://x","y")'
    buffer = io.BytesIO()
    files.write_xlsx(buffer, [("Bảng", ["Tên", "Số"], [[hostile, 3], ["a\x01b", 4]])])
    ws = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert ws["A2"].value == hostile and ws["A2"].data_type == "s"
    assert ws["A3"].value == "ab" and ws["B3"].value == 4

    wb = Workbook()
    wb.active.append([hostile, 1])
    buffer = io.BytesIO()
    files.xlsx_save(wb, buffer)
    cell = load_workbook(io.BytesIO(buffer.getvalue())).active["A1"]
    assert cell.value == hostile and cell.data_type == "s"


def test_reader_normalises_to_nfc_and_refuses_wrong_types():
    from openpyxl import Workbook

    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    wb = Workbook()
    wb.active.append([decomposed])
    buffer = io.BytesIO()
    wb.save(buffer)
    upload = files.load_upload(buffer.getvalue(), "a.xlsx", kinds=("xlsx",))
    with files.open_xlsx(upload) as book:
        assert list(book.sheets[0].rows()) == [(1, ("Nguyễn Thị Ánh",))]
    with pytest.raises(files.FileRejected, match="không được nhận"):
        files.load_upload(b"<svg/>", "a.svg", kinds=("xlsx",))
    with pytest.raises(files.FileRejected, match="không phải"):
        files.load_upload(buffer.getvalue(), "a.csv", kinds=("csv",))
    with pytest.raises(files.FileRejected, match="quá lớn"):
        files.load_upload(b"a" * 20, "a.csv", kinds=("csv",), limits=files.Limits(max_bytes=10))


def test_csv_reader_limits_and_separator():
    upload = files.load_upload("Mã;Tên\n1;Hộ tịch\n".encode(), "a.csv", kinds=("csv",))
    assert list(files.read_csv(upload)) == [(1, ["Mã", "Tên"]), (2, ["1", "Hộ tịch"])]
    many = files.load_upload(
        b"a,b\n" * 30, "a.csv", kinds=("csv",), limits=files.Limits(max_rows=10)
    )
    with pytest.raises(files.FileRejected, match="quá nhiều dòng"):
        list(files.read_csv(many))
