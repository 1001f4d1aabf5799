"""Pages: each view answers its user and refuses another unit's; HTML asserted."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.indices import services, standard
from cchc.indices.models import Cycle


@pytest.fixture
def cycle(province):
    cs = services.criteria_set_create(
        actor=province.noivu,
        province=province.province,
        year=2025,
        title="Bộ nhỏ",
        nodes=standard.to_nodes(standard.SMALL_SET),
        max_points=D(20),
    )
    return services.cycle_open(
        actor=province.noivu,
        criteria_set=cs,
        units=[(province.justice, "departments", True), (province.commune_a, "communes", True)],
        self_deadline=dt.date(2026, 1, 15),
        council=[province.noivu],
    )


def soup(resp):
    assert resp.status_code == 200, resp.content[:500]
    return BeautifulSoup(resp.content, "html.parser")


def test_unit_page_scoring_by_htmx_and_refusals(province, cycle, client_as):
    stp = cycle.units.get(agency=province.justice)
    c = client_as(province.daumoi)
    page = soup(c.get(f"/indices/units/{stp.pk}/"))
    assert page.select_one("#unit-status").text.strip() == "Đang tự chấm"
    assert len(page.select("tr.leaf")) == 5
    leaf = stp.scores.get(criterion__number="1.", criterion__parent__number="I")
    resp = c.post(
        f"/indices/scores/{leaf.pk}/self/",
        {
            "points": "5,5",
            "evidence_number": "12/KH-STP",
            "evidence_date": "10/01/2025",
            "evidence_issuer": "Sở Tư pháp",
            "evidence_location": "trang 2",
            "evidence_file": SimpleUploadedFile(
                "kh.pdf", b"%PDF-1.4\n", content_type="application/pdf"
            ),
        },
        HTTP_HX_REQUEST="true",
    )
    row = soup(resp).select_one("tr.leaf")
    assert row["id"] == f"leaf-{leaf.criterion_id}" and "12/KH-STP" in row.text
    leaf.refresh_from_db()
    assert leaf.self_points == D("5.5")
    # The evidence is served through the rights check, as an attachment.
    got = c.get(f"/indices/scores/{leaf.pk}/evidence/")
    assert got.status_code == 200 and "attachment" in got["Content-Disposition"]
    # Over the maximum: the row shows the message, nothing changes.
    resp = c.post(f"/indices/scores/{leaf.pk}/self/", {"points": "9"}, HTTP_HX_REQUEST="true")
    assert "vượt điểm tối đa 6" in soup(resp).select_one("[role=alert]").text
    leaf.refresh_from_db()
    assert leaf.self_points == D("5.5")
    # Another unit's officer: refused on the page, the file and the write.
    other = client_as(province.daumoi_xa)
    assert other.get(f"/indices/units/{stp.pk}/").status_code == 403
    assert other.get(f"/indices/scores/{leaf.pk}/evidence/").status_code == 403
    assert other.post(f"/indices/scores/{leaf.pk}/self/", {"points": "1"}).status_code == 403


def test_import_pages_and_index(province, client_as, tmp_path):
    from .sample_files import write_xlsx

    c = client_as(province.noivu)
    assert "Nhập bộ tiêu chí" in soup(c.get("/indices/")).text
    path = write_xlsx(standard.SMALL_SET, tmp_path / "bo.xlsx")
    resp = c.post(
        "/indices/import/",
        {"file": io.BytesIO(path.read_bytes()), "year": "2025", "title": "Bộ nhỏ"},
        follow=False,
    )
    assert resp.status_code == 302
    page = soup(c.get(resp["Location"]))
    assert "2 lĩnh vực" in page.select_one("#summary").text
    resp = c.post(resp["Location"])
    assert resp.status_code == 302
    assert client_as(province.daumoi).get("/indices/import/").status_code == 403


def test_service_dashboard_and_public_page(province, cycle, client_as, client):
    c = client_as(province.noivu)
    page = soup(c.get("/indices/service/?kind=quarter&year=2025&number=1"))
    assert page.select_one("tr[data-measure=satisfaction]").text.count("chưa có dữ liệu") == 1
    names = [tr.select_one("td").text for tr in page.select("#service-units tbody tr")]
    assert "Sở Tư pháp" in names and "Ủy ban nhân dân phường Ninh Kiều" in names
    assert client.get(f"/indices/results/{cycle.pk}/").status_code in (302, 404)  # not published


def test_api(province, cycle, api_client):
    c = api_client(province.daumoi)
    units = c.get(f"/api/v1/indices/cycles/{cycle.pk}/units").json()
    assert [u["agency_code"] for u in units] == ["STP"], units
    stp = cycle.units.get(agency=province.justice)
    scores = c.get(f"/api/v1/indices/units/{stp.pk}/scores").json()
    leaf = next(s for s in scores if s["method"] == "self")
    resp = c.post(
        f"/api/v1/indices/scores/{leaf['id']}/self", {"points": 99}, content_type="application/json"
    )
    assert resp.status_code == 400 and "vượt điểm tối đa" in resp.json()["message"]
    svc = c.get("/api/v1/indices/service?date_from=2025-01-01&date_to=2025-03-31").json()
    assert svc["agency"] == "STP" and len(svc["components"]) == 5
    other = api_client(province.daumoi_xa)  # the same test client, another token
    assert other.get(f"/api/v1/indices/units/{stp.pk}/scores").status_code == 403
    assert Cycle.objects.count() == 1


def test_cycle_page_query_count_does_not_grow_with_units(
    province, cycle, client_as, django_assert_max_num_queries
):
    c = client_as(province.noivu)
    c.get(f"/indices/cycles/{cycle.pk}/")  # warm caches (content types, sessions)
    with django_assert_max_num_queries(14):
        page = soup(c.get(f"/indices/cycles/{cycle.pk}/"))
    assert len(page.select("#units tbody tr")) == 2


def test_bands_edited_on_the_cycle_page_until_published(province, cycle, client_as):
    """The province's decision names its own bands: Home Affairs edits them on the cycle page
    (audited); a bad scale is refused and changes nothing; once published they are read-only."""
    from cchc.core.audit import history_for

    c = client_as(province.noivu)
    page = soup(c.get(f"/indices/cycles/{cycle.pk}/"))
    assert page.select_one("#band_name_0")["value"] == "Rất tốt"
    assert page.select_one("#band_min_1")["value"] == "80,00"
    posted = {
        "band_name_0": "Xuất sắc",
        "band_min_0": "90",
        "band_inclusive_0": "1",
        "band_name_1": "Tốt",
        "band_min_1": "75,5",
        "band_inclusive_1": "1",
        "band_name_2": "Chưa đạt",
        "band_min_2": "0",
        "band_inclusive_2": "1",
    }
    r = c.post(f"/indices/cycles/{cycle.pk}/bands/", posted, follow=True)
    assert "Đã lưu thang xếp loại." in r.content.decode()
    cycle.refresh_from_db()
    assert [(b.name, b.minimum) for b in cycle.band_list()] == [
        ("Xuất sắc", D(90)),
        ("Tốt", D("75.5")),
        ("Chưa đạt", D(0)),
    ]
    event = history_for(cycle).get(action="cycle_bands")
    assert event.actor == province.noivu and event.changes["bands"][1][1]["min"] == 75.5
    # Out of order: refused with a Vietnamese message, nothing changed.
    r = c.post(
        f"/indices/cycles/{cycle.pk}/bands/",
        {**posted, "band_min_1": "95"},
        follow=True,
    )
    assert "Thang xếp loại không hợp lệ" in r.content.decode()
    cycle.refresh_from_db()
    assert cycle.band_list()[1].minimum == D("75.5")
    # A department's officer may not change them.
    assert (
        client_as(province.daumoi).post(f"/indices/cycles/{cycle.pk}/bands/", posted).status_code
        == 403
    )
    services.cycle_publish(actor=province.noivu, cycle=cycle, force=True)
    c = client_as(province.noivu)
    page = soup(c.get(f"/indices/cycles/{cycle.pk}/"))
    assert page.select_one("#bands-form") is None
    assert "Xuất sắc" in page.select_one("#bands").text
    assert c.post(f"/indices/cycles/{cycle.pk}/bands/", posted).status_code == 409
