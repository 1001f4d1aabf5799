"""The API exactly as issue 4 writes it."""

from __future__ import annotations

import pytest
import time_machine

from cchc.dossiers.models import Dossier, DossierEvent

from .conftest import at

BODY = {
    "procedure": "1.000001",
    "applicant": {"name": "Trần Thị Bình", "phone": "0912 345 678", "id_number": "0921"},
    "channel": "desk",
}


@pytest.fixture(autouse=True)
def march_2024():
    with time_machine.travel(at(2024, 3, 4, 9), tick=False):
        yield


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def create(api_client, user, **extra):
    r = post(api_client(user), "/api/v1/dossiers", {**BODY, **extra})
    assert r.status_code == 201, r.content
    return r.json()


def test_create_then_act_then_read(province, procs, api_client):
    p = province
    data = create(api_client, p.motcua)
    assert data["status"] == "received" and data["due_date"] == "2024-03-11"
    code = data["code"]
    c = api_client(p.xuly)
    r = post(c, f"/api/v1/dossiers/{code}/actions/transfer", {"to_user": "xuly"})
    assert r.status_code == 200 and r.json()["current_owner"] == "xuly"
    r = post(c, f"/api/v1/dossiers/{code}/actions/request-supplement", {"items": "Tờ khai"})
    assert r.json()["status"] == "supplement"
    r = post(c, f"/api/v1/dossiers/{code}/actions/supplement-received", {})
    assert r.json()["status"] == "in_progress"
    r = post(c, f"/api/v1/dossiers/{code}/actions/result-ready", {"result": "Phiếu LLTP"})
    assert r.json()["timeliness"] == "early"
    r = post(api_client(p.motcua), f"/api/v1/dossiers/{code}/actions/return", {})
    assert r.json()["status"] == "returned"
    r = api_client(p.lanhdao).get(f"/api/v1/dossiers/{code}")
    body = r.json()
    assert r.status_code == 200 and body["applicant"]["name"] == "Trần Thị Bình"
    assert [h["action"] for h in body["history"]] == [
        "receive",
        "transfer",
        "request_supplement",
        "supplement_received",
        "result_ready",
        "return",
    ]


def test_refusals_are_409_and_403_with_vietnamese_messages(province, procs, api_client):
    p = province
    code = create(api_client, p.motcua)["code"]
    r = post(api_client(p.motcua), f"/api/v1/dossiers/{code}/actions/return", {})
    assert r.status_code == 409 and "trạng thái" in r.json()["message"]
    r = post(api_client(p.lanhdao), f"/api/v1/dossiers/{code}/actions/result-ready", {})
    assert r.status_code == 403 and "quyền" in r.json()["message"]
    # Another agency's officer does not even see it.
    r = api_client(p.motcua_xa).get(f"/api/v1/dossiers/{code}")
    assert r.status_code == 403
    r = post(api_client(p.motcua_xa_b), f"/api/v1/dossiers/{code}/actions/stop", {"reason": "x"})
    assert r.status_code == 403
    r = post(api_client(p.xuly), f"/api/v1/dossiers/{code}/actions/fly", {})
    assert r.status_code == 404
    r = post(api_client(p.xuly), f"/api/v1/dossiers/{code}/actions/result-ready", {"version": 0})
    assert r.status_code == 409 and "người khác cập nhật" in r.json()["message"]
    assert Dossier.objects.get(code=code).status == "received"


def test_apologize_via_api_and_late_rule(province, procs, api_client):
    p = province
    code = create(api_client, p.motcua)["code"]  # due 11/3
    c = api_client(p.xuly)
    with time_machine.travel(at(2024, 3, 12, 9), tick=False):
        r = post(c, f"/api/v1/dossiers/{code}/actions/result-ready", {})
        assert r.status_code == 409 and "xin lỗi" in r.json()["message"]
        r = post(
            c,
            f"/api/v1/dossiers/{code}/actions/apologize",
            {"reason": "Chờ xác minh", "new_due_date": "2024-03-15"},
        )
        assert r.status_code == 200 and r.json()["apology_due_date"] == "2024-03-15"
        r = post(c, f"/api/v1/dossiers/{code}/actions/result-ready", {})
        assert r.json()["timeliness"] == "late"


def test_received_at_and_at_need_the_import_permission(province, procs, api_client):
    p = province
    r = post(
        api_client(p.motcua),
        "/api/v1/dossiers",
        {**BODY, "received_at": "2023-05-17T10:00:00+07:00"},
    )
    assert r.status_code == 403
    data = create(api_client, p.noivu, received_at="2023-05-17T10:00:00+07:00", desk="TTPVHCC")
    assert data["received_date"] == "2023-05-17" and "-230517-" in data["code"]
    code = create(api_client, p.motcua)["code"]
    r = post(
        api_client(p.xuly),
        f"/api/v1/dossiers/{code}/actions/result-ready",
        {"at": "2024-03-04T10:00:00+07:00"},
    )
    assert r.status_code == 403
    assert not DossierEvent.objects.filter(dossier__code=code, action="result_ready").exists()


def test_list_filters_and_pagination(province, procs, api_client):
    p = province
    for _ in range(3):
        create(api_client, p.motcua)
    create(api_client, p.motcua_xa, procedure="1.000002")
    c = api_client(p.noivu)
    r = c.get("/api/v1/dossiers?page_size=2")
    body = r.json()
    assert body["count"] == 4 and len(body["results"]) == 2
    assert c.get("/api/v1/dossiers?page=2&page_size=2").json()["results"]
    assert c.get("/api/v1/dossiers?agency=STP").json()["count"] == 3
    assert c.get("/api/v1/dossiers?procedure=1.000002").json()["count"] == 1
    assert c.get("/api/v1/dossiers?q=tran thi binh").json()["count"] == 4
    assert c.get("/api/v1/dossiers?received_from=2024-03-05").json()["count"] == 0
    # Scope: the commune officer sees only their commune's dossier.
    assert api_client(p.motcua_xa).get("/api/v1/dossiers").json()["count"] == 1


def test_public_lookup(province, procs, client, api_client):
    p = province
    code = create(api_client, p.motcua)["code"]
    client.defaults.pop("HTTP_AUTHORIZATION", None)
    r = client.get("/api/v1/lookup", {"code": code, "phone": "5678"})
    body = r.json()
    assert r.status_code == 200 and body["status"] == "received"
    assert "Trần" not in r.content.decode() and "0912" not in r.content.decode()
    wrong_phone = client.get("/api/v1/lookup", {"code": code, "phone": "0000"})
    unknown = client.get("/api/v1/lookup", {"code": "X-000000-010001", "phone": "5678"})
    assert wrong_phone.status_code == unknown.status_code == 404
    assert wrong_phone.json() == unknown.json()


def test_lookup_is_rate_limited(province, procs, client):
    from django.core.cache import cache

    cache.clear()
    codes = [
        client.get("/api/v1/lookup", {"code": "A", "phone": "1234"}).status_code for _ in range(22)
    ]
    assert codes[0] == 404 and codes[-1] == 429
    cache.clear()


def test_lookup_limit_is_per_client_behind_the_proxy_and_shared(province, procs, client, settings):
    """Issue 14, finding 4: the limit counts each citizen (X-Forwarded-For from the trusted
    proxy), not the proxy's address, and lives in the database cache every worker reads."""
    from django.core.cache import caches

    from cchc.core.models import RateCounter

    settings.TRUSTED_PROXY_COUNT = 1
    nginx = {"REMOTE_ADDR": "127.0.0.1"}
    first = [
        client.get(
            "/api/v1/lookup",
            {"code": "A", "phone": "1234"},
            HTTP_X_FORWARDED_FOR="203.0.113.7",
            **nginx,
        ).status_code
        for _ in range(21)
    ]
    assert first[0] == 404 and first[-1] == 429
    other = client.get(
        "/api/v1/lookup",
        {"code": "A", "phone": "1234"},
        HTTP_X_FORWARDED_FOR="198.51.100.2",
        **nginx,
    )
    assert other.status_code == 404
    page = client.get(
        "/dossiers/lookup/",
        {"code": "A", "phone": "1234"},
        HTTP_X_FORWARDED_FOR="198.51.100.3",
        **nginx,
    )
    assert page.status_code == 200 and "quá nhiều lần" not in page.content.decode()
    # Counted in the database every worker shares, one row per client address.
    assert type(caches["limits"]).__name__ == "DatabaseCache"
    counters = RateCounter.objects.filter(key__startswith="dossier-lookup:")
    assert {c.key.split(":", 1)[1] for c in counters} >= {"203.0.113.7", "198.51.100.2"}
    assert counters.get(key="dossier-lookup:203.0.113.7").count == 21


def test_unauthenticated_api_is_refused(province, procs, client):
    assert client.get("/api/v1/dossiers").status_code == 401
    assert post(client, "/api/v1/dossiers", BODY).status_code == 401


@pytest.mark.parametrize(
    ("action", "body", "status"),
    [
        ("refuse", {"reason": "Không đủ điều kiện"}, "refused"),
        ("stop", {"reason": "Rút hồ sơ"}, "stopped"),
    ],
)
def test_refuse_and_stop(province, procs, api_client, action, body, status):
    code = create(api_client, province.motcua)["code"]
    c = api_client(province.xuly)
    r = post(c, f"/api/v1/dossiers/{code}/actions/{action}", {})
    assert r.status_code == 400 and r.json()["message"]  # the reason is required
    r = post(c, f"/api/v1/dossiers/{code}/actions/{action}", body)
    assert r.status_code == 200 and r.json()["status"] == status
    assert r.json()["finished_date"] == "2024-03-04"
    r = post(c, f"/api/v1/dossiers/{code}/actions/{action}", body)
    assert r.status_code == 409


def test_the_loser_of_a_race_gets_409_not_403(province, procs, api_client):
    """Issue 14, finding 7: the desk officer refuses a dossier a colleague has just transferred:
    they had the right, they were late (409), whether or not they sent the version."""
    p = province
    code = create(api_client, p.motcua)["code"]
    c = api_client(p.motcua)
    read = c.get(f"/api/v1/dossiers/{code}").json()
    assert post(c, f"/api/v1/dossiers/{code}/actions/transfer", {}).status_code == 200
    late = post(c, f"/api/v1/dossiers/{code}/actions/refuse", {"reason": "Thiếu giấy tờ"})
    assert late.status_code == 409, late.content
    stale = post(
        c,
        f"/api/v1/dossiers/{code}/actions/transfer",
        {"version": read["version"], "to_agency": p.construction.code},
    )
    assert stale.status_code == 409


def test_personal_data_is_masked_for_those_who_do_not_need_it_and_access_is_logged(
    province, procs, api_client, client_as
):
    """Issue 14 (Decree 13/2023): the leader sees the ID number and phone masked; the desk
    officer sees them whole, and that view is recorded."""
    from cchc.core.models import PersonalDataAccess

    p = province
    code = create(api_client, p.motcua)["code"]
    leader = api_client(p.lanhdao).get(f"/api/v1/dossiers/{code}").json()["applicant"]
    assert leader["masked"] is True
    assert leader["phone"] == "*********678" and leader["id_number"] == "****"
    assert not PersonalDataAccess.objects.exists()
    desk = api_client(p.motcua).get(f"/api/v1/dossiers/{code}").json()["applicant"]
    assert desk["phone"] == "0912 345 678" and desk["masked"] is False
    access = PersonalDataAccess.objects.get()
    assert (access.username, access.channel, access.object_id) == (
        "motcua",
        "api",
        str(Dossier.objects.get(code=code).pk),
    )
    page = client_as(p.lanhdao).get(f"/dossiers/d/{code}/").content.decode()
    assert "0912 345 678" not in page and "*********678" in page
    client_as(p.motcua).get(f"/dossiers/d/{code}/")
    assert PersonalDataAccess.objects.filter(channel="web", username="motcua").count() == 1


def test_public_lookup_reads_a_fixed_number_of_rows(province, procs, client, api_client):
    """The lookup is the province's busiest public address: its own work is a few queries (the
    dossier with its procedure, agency and desk; the timeline; the province's address when the
    desk has none; what to bring only when something is asked for), however long the
    timeline."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cchc.dossiers import selectors

    code = create(api_client, province.motcua)["code"]
    with CaptureQueriesContext(connection) as ctx:
        found = selectors.public_lookup(code.lower(), "0912 345 678")
    assert found is not None and found["code"] == code and found["bring"] == []
    assert len(ctx.captured_queries) <= 3, [q["sql"] for q in ctx.captured_queries]
