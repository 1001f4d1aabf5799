"""Dossiers for the form tests, written straight to the models (the services live in another
branch); the values follow what the receipt service writes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from cchc.dossiers.models import Dossier, DossierEvent, Status, SupplementRequest
from cchc.procedures.models import Procedure, ProcedureField, ProcedureStep, RequiredDocument
from cchc.testing.fixtures import soffice_path

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def procedure(agency, code="1.001234", days=15) -> Procedure:
    field, _ = ProcedureField.objects.get_or_create(code="HT", defaults={"name": "Hộ tịch"})
    proc, created = Procedure.objects.get_or_create(
        code=code,
        version=1,
        defaults={
            "name": "Thủ tục đăng ký khai sinh có yếu tố nước ngoài",
            "field": field,
            "resolving_agency": agency,
            "time_amount": Decimal(days),
            "time_unit": "days",
        },
    )
    if created:
        RequiredDocument.objects.create(procedure=proc, order=1, name="Tờ khai đăng ký khai sinh")
        ProcedureStep.objects.create(procedure=proc, order=1, name="Thẩm định", allowance=10)
        ProcedureStep.objects.create(procedure=proc, order=2, name="Phê duyệt", allowance=5)
    return proc


def dossier(
    province,
    *,
    code="000.00.20.H10-260105-0001",
    desk=None,
    agency=None,
    rule_set="2025",
    received=dt.datetime(2026, 1, 5, 9, 30, tzinfo=VN),
    due=dt.date(2026, 1, 26),
    status=Status.IN_PROGRESS,
    **extra,
) -> Dossier:
    desk = desk or province.centre
    agency = agency or province.justice
    values = {
        "code": code,
        "procedure": procedure(agency),
        "desk": desk,
        "agency": agency,
        "rule_set": rule_set,
        "applicant_name": "Nguyễn Văn Bình",
        "applicant_id_number": "092080001234",
        "applicant_address": "12 Hòa Bình, phường Ninh Kiều, Cần Thơ",
        "applicant_phone": "0912345678",
        "applicant_email": "binh@example.vn",
        "phone_last4": "5678",
        "channel": "desk",
        "components": [
            "Tờ khai đăng ký khai sinh",
            {"name": "Giấy chứng sinh", "copies": 1},
        ],
        "sets": 1,
        "received_at": received,
        "received_date": received.date(),
        "received_by": province.motcua,
        "due_at": dt.datetime.combine(due, dt.time(16, 30), tzinfo=VN) if due else None,
        "due_date": due,
        "status": status,
        "current_agency": agency,
        "book_number": "01/2026",
        "book_line": 17,
    }
    values.update(extra)
    return Dossier.objects.create(**values)


def history(d: Dossier, province) -> None:
    """Receipt, hand-off to the agency, a supplement request and its answer, the result."""
    at = d.received_at
    rows = [
        ("receive", at, None, d.desk, None, province.motcua, ""),
        (
            "transfer",
            at + dt.timedelta(hours=2),
            d.desk,
            d.agency,
            province.motcua,
            province.xuly,
            "Chuyển thẩm định",
        ),
        (
            "request_supplement",
            at + dt.timedelta(days=3),
            d.agency,
            d.agency,
            province.xuly,
            None,
            "Thiếu bản sao giấy tờ",
        ),
        (
            "result_ready",
            at + dt.timedelta(days=25),
            d.agency,
            d.desk,
            province.xuly,
            province.motcua,
            "",
        ),
    ]
    for action, when, src, dst, giver, taker, note in rows:
        DossierEvent.objects.create(
            dossier=d,
            at=when,
            actor=giver or taker,
            action=action,
            from_agency=src,
            to_agency=dst,
            from_user=giver,
            to_user=taker,
            note=note,
        )
    SupplementRequest.objects.create(
        dossier=d,
        stage=SupplementRequest.Stage.PROCESSING,
        requested_at=at + dt.timedelta(days=3),
        requested_by=province.xuly,
        items="Bản sao giấy đăng ký kết hôn của cha mẹ\nGiấy tờ tùy thân của người đi đăng ký",
        reason="Hồ sơ chưa có giấy tờ chứng minh quan hệ cha mẹ con",
    )


# ---- tests ---------------------------------------------------------------------------------

import io  # noqa: E402
import zipfile  # noqa: E402

import pytest  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402
from django.urls import reverse  # noqa: E402
from docx import Document  # noqa: E402

DOCX_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


def page(client, code, no, **params):
    url = reverse("dossiers_documents:form", args=[code, no])
    return client.get(url, params)


def soup_of(response):
    assert response.status_code == 200, response.content[:500]
    return BeautifulSoup(response.content, "html.parser")


FORMS_2025 = {
    "01": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "02": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "03": "Phiếu từ chối tiếp nhận, giải quyết hồ sơ",
    "04": "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
    "05": "Thông báo dừng giải quyết hồ sơ",
    "06": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
}
FORMS_2018 = {
    "01": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "02": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "03": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    "04": "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
    "06": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
}
SETS = [("2025", no, title) for no, title in FORMS_2025.items()] + [
    ("2018", no, title) for no, title in FORMS_2018.items()
]


@pytest.fixture
def full(province):
    """A dossier that went through every step a form reports on."""
    d = dossier(
        province,
        apology_reason="Phải xác minh thông tin với cơ quan khác",
        apology_due_date=dt.date(2026, 2, 3),
        apologized_at=dt.datetime(2026, 1, 23, 10, 0, tzinfo=VN),
        refusal_reason="Hồ sơ không thuộc thẩm quyền giải quyết",
        stop_reason="Người nộp rút hồ sơ để bổ sung giấy tờ",
        supplement_count=1,
    )
    history(d, province)
    return d


def make_2018(province):
    d = dossier(
        province,
        code="000.00.20.H10-250317-0009",
        rule_set="2018",
        received=dt.datetime(2025, 3, 17, 14, 5, tzinfo=VN),
        due=dt.date(2025, 4, 7),
        apology_reason="Chờ ý kiến cơ quan phối hợp",
        apology_due_date=dt.date(2025, 4, 14),
        apologized_at=dt.datetime(2025, 4, 4, 8, 0, tzinfo=VN),
        refusal_reason="Không đủ điều kiện",
    )
    history(d, province)
    return d


@pytest.mark.parametrize(("rule_set", "no", "title"), SETS)
def test_every_form_html_and_docx(province, client_as, rule_set, no, title):
    d = make_2018(province) if rule_set == "2018" else dossier(province)
    if rule_set == "2025":
        history(d, province)
    client = client_as(province.motcua)
    soup = soup_of(page(client, d.code, no))
    papers = soup.select("article.paper")
    assert papers and all(p["data-form"] == no for p in papers)
    assert papers[0]["data-rule-set"] == rule_set
    assert papers[0].select_one("[data-field=title]").get_text(strip=True) == title
    legal = "03/2025/TT-VPCP" if rule_set == "2025" else "01/2018/TT-VPCP"
    assert legal in papers[0].select_one(".legal").get_text()
    text = papers[0].get_text(" ", strip=True)
    assert d.code in text and "Nguyễn Văn Bình" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    # The DOCX carries the same title and the same filled fields.
    response = page(client, d.code, no, format="docx")
    assert response.status_code == 200 and response["Content-Type"] == DOCX_CT
    assert f"-mau-{no}.docx" in response["Content-Disposition"]
    body = docx_text(response.content)
    assert title.upper() in body
    assert d.code in body and "Nguyễn Văn Bình" in body
    assert "Độc lập - Tự do - Hạnh phúc" in body


def test_receipt_fields_two_copies_and_qr(province, client_as, full, settings):
    settings.SITE_URL = "https://dichvucong.cantho.gov.vn"
    client = client_as(province.motcua)
    response = client.get(reverse("dossiers_documents:receipt", args=[full.code]))
    soup = soup_of(response)
    papers = soup.select("article.paper")
    assert len(papers) == 2  # one copy for the applicant, one travels with the dossier
    assert [p.select_one("[data-field=copy]").get_text() for p in papers] == [
        "(Liên 1: Giao người nộp hồ sơ)",
        "(Liên 2: Lưu kèm hồ sơ tại Bộ phận Một cửa)",
    ]
    first = papers[0]
    assert "A5" in first["class"]
    assert "size: A5" in soup.find("style").get_text()

    def field(key):
        return first.select_one(f"[data-field={key}]").get_text(" ", strip=True)

    assert field("code") == f"Mã hồ sơ: {full.code}"
    assert field("applicant") == "Ông/Bà: Nguyễn Văn Bình"
    assert "12 Hòa Bình" in field("address")
    assert field("phone").endswith("0912345678")
    assert field("email").endswith("binh@example.vn")
    assert "khai sinh có yếu tố nước ngoài" in field("request")
    items = [li.get_text() for li in first.select("[data-field=items] li")]
    assert items == ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh (01 bản)"]
    assert field("sets") == "2. Số lượng hồ sơ: 01 (bộ)"
    assert field("statutory").endswith("15 ngày làm việc")
    assert field("received_at").endswith("09 giờ 30 phút, ngày 05/01/2026")
    assert field("due_at").endswith("16 giờ 30 phút, ngày 26/01/2026")
    assert "Bộ phận Một cửa" in field("return_place")
    assert field("book") == "Vào Sổ theo dõi hồ sơ: Quyển số: 01/2026 – Số thứ tự: 17"
    assert field("place_date") == "Cần Thơ, ngày 05 tháng 01 năm 2026"
    signers = [s.get_text(" ", strip=True) for s in first.select("[data-field=signer]")]
    assert signers[0].startswith("NGƯỜI NỘP HỒ SƠ") and "Nguyễn Văn Bình" in signers[0]
    assert signers[1].startswith("NGƯỜI TIẾP NHẬN HỒ SƠ") and "Phạm Văn Một Cửa" in signers[1]
    qr = first.select_one("[data-field=qr]")
    assert qr.find("svg") is not None and qr.find("svg").find("path") is not None
    url = f"https://dichvucong.cantho.gov.vn/dossiers/lookup/?code={full.code}"
    assert url in qr.get_text()
    # DOCX: both copies, the fields, and the QR code as a PNG picture.
    response = client.get(
        reverse("dossiers_documents:receipt", args=[full.code]), {"format": "docx"}
    )
    body = docx_text(response.content)
    assert body.count("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ") == 2
    for expected in (
        "09 giờ 30 phút, ngày 05/01/2026",
        "16 giờ 30 phút, ngày 26/01/2026",
        "Quyển số: 01/2026 – Số thứ tự: 17",
        "0912345678",
        "binh@example.vn",
        url,
    ):
        assert expected in body
    with zipfile.ZipFile(io.BytesIO(response.content)) as z:
        images = [n for n in z.namelist() if n.startswith("word/media/")]
        assert images and z.read(images[0]).startswith(b"\x89PNG")


def test_receipt_by_post(province, client_as):
    d = dossier(province, channel="post", return_by_post=True)
    soup = soup_of(
        client_as(province.motcua).get(reverse("dossiers_documents:receipt", args=[d.code]))
    )
    where = soup.select_one("[data-field=return_place]").get_text(" ", strip=True)
    assert "bưu chính công ích" in where and "12 Hòa Bình" in where


def test_supplement_request_form(province, client_as, full):
    soup = soup_of(page(client_as(province.xuly), full.code, "02"))
    items = [li.get_text() for li in soup.select("[data-field=items] li")]
    assert items == [
        "Bản sao giấy đăng ký kết hôn của cha mẹ",
        "Giấy tờ tùy thân của người đi đăng ký",
    ]
    assert "quan hệ cha mẹ con" in soup.select_one("[data-field=reason]").get_text()
    # Requested during processing: the resolving agency issues it and the officer signs.
    assert soup.select_one(".issuer").get_text(strip=True) == "SỞ TƯ PHÁP"
    assert "Hoàng Thị Xử Lý" in soup.select_one("[data-field=signer]").get_text()


def test_refusal_apology_and_stop_texts(province, client_as, full):
    client = client_as(province.motcua)
    refusal = soup_of(page(client, full.code, "03")).get_text(" ", strip=True)
    assert "Hồ sơ không thuộc thẩm quyền giải quyết" in refusal
    apology = soup_of(page(client, full.code, "04")).get_text(" ", strip=True)
    assert "Phải xác minh thông tin với cơ quan khác" in apology
    assert "đề nghị ông/bà đồng ý gia hạn thời gian giải quyết hồ sơ đến ngày 03/02/2026" in apology
    assert "Nơi nhận:" in apology and "Lưu: VT, hồ sơ." in apology
    stop = soup_of(page(client, full.code, "05")).get_text(" ", strip=True)
    assert "Người nộp rút hồ sơ để bổ sung giấy tờ" in stop
    assert "dừng giải quyết" in stop


def test_apology_2018_sets_a_new_date(province, client_as):
    d = make_2018(province)
    client = client_as(province.motcua)
    text = soup_of(page(client, d.code, "04")).get_text(" ", strip=True)
    assert "sẽ trả kết quả giải quyết hồ sơ vào ngày 14/04/2025" in text
    assert "gia hạn" not in text
    body = docx_text(page(client, d.code, "04", format="docx").content)
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in body and "14/04/2025" in body


def test_2018_set_has_no_stop_notice(province, client_as):
    d = make_2018(province)
    client = client_as(province.motcua)
    assert page(client, d.code, "05").status_code == 404
    assert page(client, d.code, "05", format="docx").status_code == 404
    assert page(client, d.code, "99").status_code == 404
    links = soup_of(page(client, d.code, "01")).select(".no-print a[href*='/forms/']")
    assert "05" not in [a.get_text() for a in links]


def test_control_sheet_rows(province, client_as, full):
    client = client_as(province.motcua)
    soup = soup_of(client.get(reverse("dossiers_documents:control_sheet", args=[full.code])))
    rows = soup.select("[data-field=events] tbody tr")
    assert len(rows) == 4
    receipt = [td.get_text(strip=True) for td in rows[0].select("td")]
    assert receipt[1] == "Tiếp nhận: Trung tâm Phục vụ hành chính công thành phố"
    assert receipt[3:5] == ["Nguyễn Văn Bình", "Phạm Văn Một Cửa"]
    cells = [td.get_text(strip=True) for td in rows[1].select("td")]
    assert cells[0] == "2"
    assert "Trung tâm Phục vụ hành chính công" in cells[1] and "Sở Tư pháp" in cells[1]
    assert cells[2] == "11 giờ 30 phút, ngày 05/01/2026"
    assert cells[3] == "Phạm Văn Một Cửa" and cells[4] == "Hoàng Thị Xử Lý"
    assert cells[5] == "Trước hạn"
    assert "Chuyển thẩm định" in cells[6]
    # The result came on 30/01, after the appointment of 26/01.
    assert rows[3].select("td")[5].get_text(strip=True) == "Quá hạn"
    body = docx_text(
        client.get(
            reverse("dossiers_documents:control_sheet", args=[full.code]), {"format": "docx"}
        ).content
    )
    assert "Chuyển thẩm định" in body and "Hoàng Thị Xử Lý" in body and "Quá hạn" in body


def test_form_07_from_a_dossier_opens_the_book(province, client_as, full):
    response = page(client_as(province.motcua), full.code, "07")
    assert response.status_code == 302
    assert "tracking-book" in response["Location"] and "from=2026-01-05" in response["Location"]


@pytest.mark.parametrize("no", ["01", "02", "03", "04", "05", "06"])
def test_other_agency_is_refused(province, client_as, full, no):
    # A commune one-stop officer sees neither the centre (desk) nor the Department of Justice.
    client = client_as(province.motcua_xa_b)
    assert page(client, full.code, no).status_code == 403
    assert page(client, full.code, no, format="docx").status_code == 403


def test_refused_on_receipt_and_control_sheet_urls(province, client_as, full):
    client = client_as(province.motcua_xa)
    for name in ("receipt", "control_sheet"):
        assert (
            client.get(reverse(f"dossiers_documents:{name}", args=[full.code])).status_code == 403
        )


def test_desk_or_agency_may_print(province, client_as, full):
    # The desk (centre), the resolving agency (Justice) and the province see the dossier.
    for user in (province.motcua, province.xuly, province.noivu, province.lanhdao):
        assert page(client_as(user), full.code, "01").status_code == 200, user.username


def test_anonymous_goes_to_login(client, full):
    response = client.get(reverse("dossiers_documents:receipt", args=[full.code]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_unknown_code_is_404(province, client_as):
    assert page(client_as(province.motcua), "KHONG-CO", "01").status_code == 404


def test_receipt_without_an_hour_or_a_procedure_time(province, client_as):
    d = dossier(province, code="X-260105-0002", due_at=None, received_by=None, components=[])
    d.procedure.time_unit = "same_day"
    d.procedure.save()
    soup = soup_of(
        client_as(province.motcua).get(reverse("dossiers_documents:receipt", args=[d.code]))
    )
    assert soup.select_one("[data-field=due_at]").get_text(strip=True).endswith("ngày 26/01/2026")
    assert soup.select_one("[data-field=statutory]").get_text(strip=True).endswith("Trong ngày")
    assert [li.get_text() for li in soup.select("[data-field=items] li")][0] == "…………………"


def test_qr_png_matches_the_code_matrix():
    import struct
    import zlib

    import qrcode

    from cchc.dossiers.documents.qr import qr_png

    data = "https://dichvucong.cantho.gov.vn/dossiers/lookup/?code=000.00.20.H10-260105-0001"
    png = qr_png(data, scale=1)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height, depth, colour = struct.unpack(">IIBB", png[16:26])
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    qr.add_data(data)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    assert (width, height, depth, colour) == (len(matrix), len(matrix), 1, 0)
    idat = png.index(b"IDAT")
    length = struct.unpack(">I", png[idat - 4 : idat])[0]
    raw = zlib.decompress(png[idat + 4 : idat + 4 + length])
    stride = 1 + (width + 7) // 8
    for y, line in enumerate(matrix):
        packed = raw[y * stride + 1 : (y + 1) * stride]
        bits = "".join(f"{b:08b}" for b in packed)[:width]
        assert bits == "".join("0" if dark else "1" for dark in line)


def test_system_admin_without_agency_prints_everything(province, client_as, full):
    assert page(client_as(province.admin), full.code, "06").status_code == 200


@pytest.mark.slow
def test_receipt_docx_is_two_a5_sheets(province, client_as, full, tmp_path):
    """One copy per A5 sheet once LibreOffice lays the DOCX out."""
    import re
    import subprocess

    from docx.shared import Mm

    response = client_as(province.motcua).get(
        reverse("dossiers_documents:receipt", args=[full.code]), {"format": "docx"}
    )
    section = Document(io.BytesIO(response.content)).sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert abs(section.page_width - Mm(148)) < Mm(1)
    assert abs(section.page_height - Mm(210)) < Mm(1)
    soffice = soffice_path()
    source = tmp_path / "giay-tiep-nhan.docx"
    source.write_bytes(response.content)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = (tmp_path / "giay-tiep-nhan.pdf").read_bytes()
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 2
