from __future__ import annotations

import pytest

from cchc.calendars.models import Calendar
from cchc.organizations.models import AgencyKind
from cchc.organizations.services import agency_create


def test_list_and_days(province, api_client):
    api = api_client(province.motcua_xa)
    r = api.get("/api/v1/calendars/")
    assert r.status_code == 200 and r.json()[0]["code"] == "vn"
    days = api.get("/api/v1/calendars/vn/days?year=2026").json()
    by_date = {d["date"]: d for d in days}
    assert by_date["2026-01-02"]["kind"] == "override_off"
    assert by_date["2026-01-02"]["source"].startswith("12729/VPCP-KGVX")
    assert by_date["2026-01-10"] == {**by_date["2026-01-10"], "working": True}
    assert by_date["2026-02-17"]["kind"] == "holiday"
    assert len(api.get("/api/v1/calendars/vn/days?year=2026&all=true").json()) == 365


def test_add_and_between(province, api_client):
    api = api_client(province.motcua)
    r = api.get("/api/v1/calendars/vn/add?start=2024-02-07&n=5")
    assert r.json()["result"] == "2024-02-21"
    r = api.get("/api/v1/calendars/vn/between?a=2024-02-07&b=2024-02-21")
    assert r.json()["workdays"] == 5


@pytest.mark.parametrize(
    "url, status",
    [
        ("/api/v1/calendars/vn/add?start=2024-02-30&n=5", 422),
        ("/api/v1/calendars/vn/add?start=2024-02-07&n=-1", 422),
        ("/api/v1/calendars/vn/add?start=1990-02-07&n=1", 400),
        ("/api/v1/calendars/vn/days", 422),
        ("/api/v1/calendars/khong-co/add?start=2024-02-07&n=5", 404),
    ],
)
def test_bad_requests(province, api_client, url, status):
    r = api_client(province.motcua).get(url)
    assert r.status_code == status
    assert r.json()["message"]


def test_other_province_calendar_is_404(province, api_client):
    other = agency_create(
        actor=None, parent=None, code="P01", kind=AgencyKind.PROVINCE, name="UBND tỉnh Khác"
    )
    Calendar.objects.create(code="khac", name="Lịch tỉnh khác", agency=other)
    api = api_client(province.motcua_xa)
    assert api.get("/api/v1/calendars/khac/days?year=2026").status_code == 404


def test_anonymous_is_401(client, db):
    assert client.get("/api/v1/calendars/").status_code == 401
