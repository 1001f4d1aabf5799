from __future__ import annotations

import json

import pytest

from cchc.procedures.models import Procedure

NEW = {
    "code": "1.012345",
    "name": "Đăng ký giám hộ",
    "field": "Hộ tịch",
    "levels": ["commune"],
    "resolving_agency_kind": "commune",
    "time_amount": "3",
    "time_unit": "days",
    "status": "active",
    "online_level": "partial",
    "documents": [{"name": "Tờ khai đăng ký giám hộ", "copy_type": "original"}],
    "steps": [
        {"name": "Tiếp nhận", "allowance": "0.5", "owner_role": "one_stop"},
        {"name": "Xử lý, trình ký", "allowance": "2.5", "owner_role": "processing"},
    ],
}


def post(client, url, data, method="post"):
    return getattr(client, method)(url, data=json.dumps(data), content_type="application/json")


@pytest.fixture
def two(make_procedure, province):
    make_procedure(code="1.001193", name="Đăng ký khai sinh")
    make_procedure(
        code="2.000488",
        name="Cấp Phiếu lý lịch tư pháp",
        field="Lý lịch tư pháp",
        levels=["province"],
        resolving_agency=province.justice,
    )


def test_list_search_and_paginate(province, api_client, two):
    api = api_client(province.motcua_xa)
    r = api.get("/api/v1/procedures/")
    assert r.status_code == 200 and r.json()["count"] == 2
    r = api.get("/api/v1/procedures/?q=ly lich tu phap")
    assert [i["code"] for i in r.json()["items"]] == ["2.000488"]
    assert r.json()["items"][0]["resolving_agency"] == "Sở Tư pháp"
    r = api.get("/api/v1/procedures/?level=commune")
    assert [i["code"] for i in r.json()["items"]] == ["1.001193"]
    r = api.get("/api/v1/procedures/?page=2&page_size=1")
    assert r.json()["count"] == 2 and len(r.json()["items"]) == 1
    assert api.get("/api/v1/procedures/?page_size=1000").status_code == 422


def test_detail_and_versions(province, api_client, two):
    api = api_client(province.noivu)
    r = post(api, "/api/v1/procedures/1.001193", {"name": "Đăng ký khai sinh (sửa)"}, "patch")
    assert r.status_code == 200 and r.json()["version"] == 2
    r = api.get("/api/v1/procedures/1.001193")
    assert r.json()["version"] == 2 and r.json()["versions"] == [1, 2]
    assert [s["code"] for s in r.json()["steps"]] == ["B1", "B2"]
    old = api.get("/api/v1/procedures/1.001193?version=1").json()
    assert old["name"] == "Đăng ký khai sinh" and old["is_current"] is False
    assert api.get("/api/v1/procedures/9.999999").status_code == 404
    assert api.get("/api/v1/procedures/1.001193?version=7").status_code == 404


def test_create_by_an_administrator(province, api_client):
    r = post(api_client(province.noivu), "/api/v1/procedures/", NEW)
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["code"] == "1.012345" and body["version"] == 1
    assert body["documents"][0]["name"] == "Tờ khai đăng ký giám hộ"
    assert Procedure.objects.get(code="1.012345").search_text.startswith("1.012345 dang ky")


def test_write_is_refused_to_others(province, api_client, two):
    for user in (province.daumoi, province.motcua_xa, province.lanhdao):
        api = api_client(user)
        assert post(api, "/api/v1/procedures/", NEW).status_code == 403
        r = post(api, "/api/v1/procedures/1.001193", {"name": "x"}, "patch")
        assert r.status_code == 403 and r.json()["code"] == "forbidden"
    assert not Procedure.objects.filter(code="1.012345").exists()
    assert Procedure.objects.filter(code="1.001193").count() == 1


@pytest.mark.parametrize(
    "change, status",
    [
        ({"code": "1-23"}, 422),
        ({"levels": ["moon"]}, 422),
        ({"time_unit": "weeks"}, 422),
        ({"levels": []}, 422),
        ({"steps": [{"name": "Xử lý", "allowance": "9"}]}, 400),
        ({"time_amount": "0"}, 400),
    ],
)
def test_invalid_payloads(province, api_client, change, status):
    r = post(api_client(province.noivu), "/api/v1/procedures/", {**NEW, **change})
    assert r.status_code == status, r.content
    assert r.json()["message"]
    assert not Procedure.objects.exists()


def test_duplicate_code_conflicts(province, api_client, two):
    r = post(api_client(province.noivu), "/api/v1/procedures/", {**NEW, "code": "1.001193"})
    assert r.status_code == 409


def test_update_unknown_is_404(province, api_client):
    r = post(api_client(province.noivu), "/api/v1/procedures/9.999999", {"name": "x"}, "patch")
    assert r.status_code == 404


def test_anonymous_is_401(client, db):
    assert client.get("/api/v1/procedures/").status_code == 401
