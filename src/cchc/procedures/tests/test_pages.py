from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.procedures import services
from cchc.procedures.models import Procedure, ProcedureStatus
from cchc.procedures.services import PublicationChange

from .test_importer import GOOD_ROWS, xlsx


def soup(r):
    return BeautifulSoup(r.content, "html.parser")


@pytest.fixture
def catalogue(province, make_procedure):
    a = make_procedure(code="1.001193", name="Đăng ký khai sinh", field="Hộ tịch")
    b = make_procedure(
        code="2.000488",
        name="Cấp Phiếu lý lịch tư pháp",
        field="Lý lịch tư pháp",
        levels=["province"],
        resolving_agency=province.justice,
        online_level="full",
    )
    c = make_procedure(
        code="1.009994",
        name="Cấp giấy phép xây dựng",
        field="Hoạt động xây dựng",
        status=ProcedureStatus.DRAFT,
    )
    return a, b, c


def codes(r):
    return [
        td.get_text(strip=True)
        for td in soup(r).select("#procedure-list tbody td:first-child code")
    ]


def test_catalogue_is_public_and_searched_without_diacritics(client, catalogue):
    r = client.get("/procedures/")
    assert r.status_code == 200
    assert codes(r) == ["1.001193", "2.000488"]  # the draft is hidden
    assert codes(client.get("/procedures/?q=dang+ky+KHAI+sinh")) == ["1.001193"]
    assert codes(client.get("/procedures/?q=phiếu lý lịch")) == ["2.000488"]
    assert codes(client.get("/procedures/?q=so tu phap")) == ["2.000488"]
    assert codes(client.get("/procedures/?q=2.000488")) == ["2.000488"]
    assert codes(client.get("/procedures/?level=commune")) == ["1.001193"]
    assert codes(client.get("/procedures/?field=" + catalogue[1].field.code)) == ["2.000488"]
    assert codes(client.get(f"/procedures/?agency={catalogue[1].resolving_agency_id}")) == [
        "2.000488"
    ]
    assert codes(client.get("/procedures/?q=khong+co+dau")) == []
    assert codes(client.get("/procedures/?q=khai+sinh&field=khong-co")) == []


def test_htmx_search_returns_the_results_fragment(client, catalogue):
    r = client.get("/procedures/?q=khai+sinh", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert r.status_code == 200 and soup(r).select_one("html") is None
    assert codes(r) == ["1.001193"]


def test_catalogue_query_count(client, catalogue, make_procedure, django_assert_max_num_queries):
    for i in range(30):
        make_procedure(code=f"1.1000{i:02d}", name=f"Thủ tục {i}")
    with django_assert_max_num_queries(8):
        r = client.get("/procedures/")
    assert len(codes(r)) == 25


def test_administrators_see_drafts(client_as, catalogue, province):
    r = client_as(province.noivu).get("/procedures/")
    assert "1.009994" in codes(r)
    assert client_as(province.noivu).get("/procedures/1.009994/").status_code == 200


def test_draft_page_is_refused_to_others(client_as, client, catalogue, province):
    assert client.get("/procedures/1.009994/").status_code == 404
    assert client_as(province.motcua_xa).get("/procedures/1.009994/").status_code == 404


def test_procedure_page_shows_what_to_bring_and_versions(client, catalogue, province):
    p = catalogue[0]
    services.procedure_update(
        actor=None, procedure=p, fees_text="Miễn lệ phí", effective_date=dt.date(2030, 1, 1)
    )
    r = client.get("/procedures/1.001193/")
    page = soup(r)
    assert "Tờ khai đăng ký khai sinh" in page.select_one("#documents").get_text()
    assert "3 ngày làm việc" in page.select_one("#procedure-props").get_text()
    # The supplement rule (DOMAIN 5): pause by default, with its legal basis.
    rule = page.select_one("#supplement-rule").get_text(" ", strip=True)
    assert (
        "tính tiếp số ngày làm việc còn lại" in rule and "chỉ được yêu cầu bổ sung một lần" in rule
    )
    assert "Nghị định 61/2018/NĐ-CP" in rule
    assert [s.get_text(strip=True) for s in page.select("#steps td:first-child")] == ["B1", "B2"]
    assert len(page.select("#versions li")) == 2
    old = client.get("/procedures/1.001193/?version=1")
    assert "không còn hiện hành" in old.content.decode()
    assert client.get("/procedures/1.001193/?version=9").status_code == 404
    assert client.get("/procedures/1.001193/?version=x").status_code == 404
    assert client.get("/procedures/9.999999/").status_code == 404


def test_decisions_and_stats(client_as, client, catalogue, province):
    a, b, c = catalogue
    services.publication_decision_record(
        actor=None,
        number="12/QĐ-UBND",
        date=dt.date(2026, 2, 1),
        items=[PublicationChange(c, "new"), PublicationChange(b, "abolished")],
    )
    r = client.get("/procedures/decisions/")
    assert "12/QĐ-UBND" in r.content.decode() and "01/02/2026" in r.content.decode()
    assert client.get("/procedures/stats/").status_code == 302  # staff only
    r = client_as(province.motcua_xa).get(
        "/procedures/stats/?date_from=2026-01-01&date_to=2026-12-31"
    )
    page = soup(r)
    levels = {
        tr.select("td")[0].get_text(): [td.get_text() for td in tr.select("td")[1:6]]
        for tr in page.select("#by-level tbody tr")
    }
    # in force at 31/12/2026: khai sinh (commune) and xây dựng (commune, published 1/2)
    assert levels["Cấp xã"] == ["2", "1", "0", "0", "0"]
    assert levels["Cấp tỉnh"] == ["0", "0", "0", "0", "1"]
    assert "1 quyết định công bố đối với 2 thủ tục" in page.select_one("#summary").get_text()
    bad = client_as(province.motcua_xa).get(
        "/procedures/stats/?date_from=2026-12-01&date_to=2026-01-01"
    )
    assert "Ngày bắt đầu phải trước" in bad.content.decode()


def test_import_page_is_refused_to_non_administrators(client_as, province, client):
    assert client_as(province.motcua_xa).get("/procedures/import/").status_code == 403
    upload = SimpleUploadedFile("danh-muc.xlsx", xlsx(GOOD_ROWS))
    assert (
        client_as(province.daumoi).post("/procedures/import/", {"file": upload}).status_code == 403
    )
    client.logout()
    assert client.get("/procedures/import/").status_code == 302


def test_import_preview_and_confirm(client_as, province, settings, tmp_path):
    """A short file is read in the request: the next page is its job with the preview."""
    settings.MEDIA_ROOT = tmp_path
    client = client_as(province.noivu)
    upload = SimpleUploadedFile("danh-muc.xlsx", xlsx(GOOD_ROWS))
    r = client.post("/procedures/import/", {"file": upload}, follow=True)
    page = soup(r)
    assert r.status_code == 200 and not Procedure.objects.exists()
    assert len(page.select("#preview-rows tbody tr")) == 4
    assert len(page.select("#review tbody tr")) == 2
    assert len(list(tmp_path.rglob("*.xlsx"))) == 1  # kept for the confirmation only
    confirm = page.select_one("#confirm-form")["action"]
    r = client.post(confirm)
    assert r.status_code == 302 and Procedure.objects.count() == 4
    assert not list(tmp_path.rglob("*.xlsx"))
    # a job is confirmed once
    r = client.post(confirm, follow=True)
    assert r.status_code == 409 and Procedure.objects.count() == 4


def test_import_page_rejects_broken_files(client_as, province, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_as(province.noivu)
    r = client.post("/procedures/import/", {"file": SimpleUploadedFile("x.xlsx", b"rubbish")})
    assert r.status_code == 400 and "không phải tệp Excel" in r.content.decode()
    r = client.post("/procedures/import/", {"file": SimpleUploadedFile("x.csv", b"a,b")})
    assert r.status_code == 400
    rows = [list(GOOD_ROWS[0]), list(GOOD_ROWS[0])]
    upload = SimpleUploadedFile("d.xlsx", xlsx(rows))
    r = client.post("/procedures/import/", {"file": upload}, follow=True)
    page = soup(r)
    assert "trùng với dòng 4" in page.select_one("#import-errors").get_text()
    assert page.select_one("#confirm-form") is None
    assert not Procedure.objects.exists()
    assert not list(tmp_path.rglob("*.xlsx"))  # nothing kept for a preview that failed


def test_decisions_query_count(client, make_procedure, django_assert_max_num_queries):
    for d in range(5):
        items = [
            PublicationChange(make_procedure(code=f"1.2000{d}{i}", status="draft"), "new")
            for i in range(4)
        ]
        services.publication_decision_record(
            actor=None, number=f"{d + 1}/QĐ-UBND", date=dt.date(2026, 1, d + 1), items=items
        )
    with django_assert_max_num_queries(6):
        r = client.get("/procedures/decisions/")
    assert len(soup(r).select("#decisions > tbody > tr")) == 5
    assert len(soup(r).select("#decisions li")) == 20
