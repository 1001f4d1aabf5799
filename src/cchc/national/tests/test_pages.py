"""The national page and the upload endpoint, as a national instance's users and the
provinces' senders would meet them."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from cchc.demo import national_lake
from cchc.national import services
from cchc.national.models import ReceivedBatch
from cchc.national.selectors import national_statistics
from cchc.testing import html


@pytest.fixture(scope="module")
def synthetic_lake(tmp_path_factory):
    uri = str(tmp_path_factory.mktemp("lake"))
    national_lake.generate(uri, total=20_000, start=date(2025, 1, 1), months=12, seed=3)
    return uri


@pytest.fixture
def national(settings, synthetic_lake):
    settings.NATIONAL_LAKE = synthetic_lake
    return synthetic_lake


@pytest.mark.django_db
def test_leader_sees_provinces_ranked_and_drills_into_one(province, client_as, national, settings):
    c = client_as(province.lanhdao)
    page = c.get("/national/?year=2025&period=h1")
    assert page.status_code == 200
    soup = BeautifulSoup(page.content, "html.parser")
    rows = soup.select("#provinces tbody tr")
    assert len(rows) == 34
    assert rows[0].find_all("td")[0].text.strip() == "1"
    assert "Thành phố Hà Nội" in page.content.decode()
    assert "Toàn quốc" in html.text(soup, "nav")  # the nav offers the page
    figures = national_statistics(source=national, date_from=date(2025, 1, 1),
                                  date_to=date(2025, 6, 30), by="province")  # fmt: skip
    total = figures[-1]
    from cchc.core.text import format_int

    assert html.text(soup, "#kpi-received").strip() == format_int(total.received)
    # drill-down: the province's units add up to the province's row
    link = html.attr(html.one(rows[0], "a"), "href")
    code = link.split("/")[2]
    sub = c.get(link)
    assert sub.status_code == 200
    sub_soup = BeautifulSoup(sub.content, "html.parser")
    units = sub_soup.select("#units tbody tr")
    by_unit = national_statistics(source=national, date_from=date(2025, 1, 1),
                                  date_to=date(2025, 6, 30), by="agency")  # fmt: skip
    assert len(units) == len([r for r in by_unit[:-1] if r.extra["province"] == code]) > 10
    mine = next(r for r in figures[:-1] if r.key == code)
    received_cell = sub_soup.select("#units tfoot th")[2].text.strip()
    assert received_cell == format_int(mine.received)

    # published PAR and SIPAS results, ranked, beside each other; the unit's in the drill-down
    from cchc.core.text import format_percent
    from cchc.national.selectors import national_results

    results, _elements = national_results(source=national, year=2025)
    means = {r.key: r.par.mean for r in results if r.par is not None and r.par.mean is not None}
    assert 0 < len(means) < 34  # some provinces have not published
    result_rows = soup.select("#results tbody tr")
    assert len(result_rows) == 34
    best = max(means, key=lambda k: means[k])
    first = result_rows[0].find_all("td")
    assert first[1].text.strip() == format_percent(means[best]) and first[2].text.strip() == "1"
    assert "chưa công bố" in soup.select("#results tbody")[0].text
    drill = BeautifulSoup(c.get(f"/national/{best}/?year=2025&period=h1").content, "html.parser")
    assert len(drill.select("#unit-results tbody tr")) == 40
    assert format_percent(means[best]) in html.text(drill, "#province-result")
    # a unit with fewer SIPAS responses than the province's threshold shows no index
    settings.SURVEY_MIN_GROUP_RESPONSES = 10**6
    few = BeautifulSoup(c.get(f"/national/{best}/?year=2025&period=h1").content, "html.parser")
    hidden = few.select("#unit-results td[data-suppressed]")
    assert len(hidden) == len(few.select("#unit-results tbody tr")) == 40
    assert "dưới 1.000.000 phiếu: không công bố" in hidden[0].text
    settings.SURVEY_MIN_GROUP_RESPONSES = 5
    res = c.get("/national/export.xlsx?year=2025&period=h1&table=results")
    ws_results = load_workbook(BytesIO(res.content), read_only=True).active
    assert ws_results is not None
    sheet = list(ws_results.iter_rows(values_only=True))
    assert len(sheet) == 35 and sheet[0][1] == "Chỉ số CCHC (%)"
    assert sheet[1][1] == float(means[best])
    unit_csv = c.get(f"/national/export.csv?year=2025&period=h1&table=results&province={best}")
    assert len(unit_csv.content.decode("utf-8-sig").splitlines()) == 41

    xlsx = c.get("/national/export.xlsx?year=2025&period=h1")
    assert xlsx.status_code == 200 and "attachment" in xlsx["Content-Disposition"]
    ws = load_workbook(BytesIO(xlsx.content), read_only=True).active
    data = list(ws.iter_rows(values_only=True))
    assert len(data) == 35 and data[1][0] == 1
    csv = c.get(f"/national/export.csv?year=2025&period=h1&province={code}")
    assert csv.content.decode("utf-8-sig").splitlines()[0].startswith("Hạng;Đơn vị;")


@pytest.mark.django_db
def test_only_national_roles_and_only_on_a_national_instance(province, client_as, settings,
                                                             synthetic_lake):  # fmt: skip
    settings.NATIONAL_LAKE = ""
    assert client_as(province.lanhdao).get("/national/").status_code == 404
    settings.NATIONAL_LAKE = synthetic_lake
    assert client_as(province.motcua).get("/national/").status_code == 403
    assert "Toàn quốc" not in client_as(province.motcua).get("/").content.decode()


@pytest.mark.django_db
def test_a_province_uploads_its_batch_with_its_key(generated, client, settings, tmp_path):
    settings.NATIONAL_LAKE = str(tmp_path / "national")
    src = str(tmp_path / "province")
    b = services.national_export(out=src)
    archive = services.pack_batch(src, b.province, b.batch)
    key = services.sender_add(province=b.province)

    def post(token, data=archive):
        return client.post(
            "/api/v1/national/batches",
            {"archive": SimpleUploadedFile("b.tar.gz", data)},
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    assert post("wrong-key").status_code == 401
    r = post(key)
    assert r.status_code == 201, r.content
    assert r.json()["rows"]["dossiers"] == b.rows["dossiers"]
    assert post(key).status_code == 409
    bad = post(key, b"garbage")
    assert bad.status_code == 400 and "không phải gói" in bad.json()["message"]
    other = services.sender_add(province="01")
    assert post(other).status_code == 403
    assert ReceivedBatch.objects.filter(province=b.province).count() == 1
