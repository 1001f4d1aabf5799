"""``/api/v1/agencies`` and ``/api/v1/me``: scoped reads, administrators' writes, JSON errors."""

import pytest

from cchc.core.models import AuditEvent
from cchc.organizations.models import Agency

pytestmark = pytest.mark.django_db

API = "/api/v1"


def test_me(province, api_client):
    data = api_client(province.daumoi).get(f"{API}/me").json()
    assert data["username"] == "daumoi"
    assert data["full_name"] == "Lê Thị Đầu Mối"
    assert data["agency"]["code"] == "STP"
    assert data["scope_root"]["code"] == "STP"
    assert data["can_administer"] is False
    leader = api_client(province.lanhdao).get(f"{API}/me").json()
    assert leader["read_only"] is True


@pytest.mark.parametrize(
    "headers",
    [{}, {"HTTP_AUTHORIZATION": "Bearer cchc_sai"}, {"HTTP_AUTHORIZATION": "Token abc"}],
)
def test_without_or_with_a_wrong_token_is_401_in_vietnamese(province, client, headers):
    for url in (f"{API}/me", f"{API}/agencies/"):
        response = client.get(url, **headers)
        assert response.status_code == 401
        assert response.json() == {
            "message": "Chưa xác thực: thiếu mã truy cập hoặc mã truy cập không hợp lệ.",
            "code": "unauthenticated",
        }


def test_session_login_also_works(province, client_as):
    assert client_as(province.xuly).get(f"{API}/me").json()["username"] == "xuly"


def test_list_is_scoped_searchable_and_paginated(province, api_client):
    client = api_client(province.motcua_xa)
    data = client.get(f"{API}/agencies/").json()
    assert data["count"] == 2
    assert {a["code"] for a in data["items"]} == {"X31117", "X31117-MC"}
    noivu = api_client(province.noivu)
    found = noivu.get(f"{API}/agencies/", {"q": "so noi vu"}).json()
    assert [a["name"] for a in found["items"]] == ["Sở Nội vụ"]
    communes = noivu.get(f"{API}/agencies/", {"kind": "commune"}).json()
    assert communes["count"] == 2
    assert noivu.get(f"{API}/agencies/", {"kind": "galaxy"}).status_code == 422
    page = noivu.get(f"{API}/agencies/", {"page_size": 2, "page": 2}).json()
    assert page["count"] == Agency.objects.count() and len(page["items"]) == 2


def test_another_agency_is_403(province, api_client):
    response = api_client(province.motcua_xa).get(f"{API}/agencies/{province.justice.pk}")
    assert response.status_code == 403
    assert response.json()["message"] == "Bạn không có quyền xem cơ quan này."
    assert api_client(province.noivu).get(f"{API}/agencies/999999").status_code == 404


def test_home_affairs_creates_and_patches(province, api_client):
    client = api_client(province.noivu)
    response = client.post(
        f"{API}/agencies/",
        {
            "code": "SYT",
            "kind": "department",
            "name": "Sở Y tế",
            "parent_id": province.province.pk,
            "electronic_id": "000.00.08.H10",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["parent_id"] == province.province.pk and created["group"] == "departments"
    response = client.patch(
        f"{API}/agencies/{created['id']}",
        {"short_name": "SYT", "reason": "Bổ sung tên viết tắt"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["short_name"] == "SYT"
    event = AuditEvent.objects.get(object_id=str(created["id"]), action="update")
    assert event.actor == province.noivu and event.reason == "Bổ sung tên viết tắt"


@pytest.mark.parametrize("who", ["daumoi", "lanhdao", "motcua_xa", "xuly"])
def test_writes_are_403_for_non_administrators(province, api_client, who):
    client = api_client(getattr(province, who))
    response = client.post(
        f"{API}/agencies/",
        {"code": "X", "kind": "other", "name": "X", "parent_id": province.province.pk},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "quyền" in response.json()["message"]
    agency = province.commune_a if who == "motcua_xa" else province.justice
    response = client.patch(
        f"{API}/agencies/{agency.pk}", {"name": "Đổi"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not Agency.objects.filter(code="X").exists()
    assert Agency.objects.get(pk=agency.pk).name != "Đổi"


def test_bad_input_is_422_and_nothing_written(province, api_client):
    client = api_client(province.noivu)
    before = Agency.objects.count()
    for body in (
        {"kind": "department", "name": "Thiếu mã"},
        {"code": "A1", "kind": "galaxy", "name": "Sai loại"},
        {"code": "A2", "kind": "department", "name": ""},
    ):
        response = client.post(f"{API}/agencies/", body, content_type="application/json")
        assert response.status_code == 422
        assert response.json()["message"] == "Dữ liệu gửi lên không hợp lệ."
        assert response.json()["errors"]
    response = client.post(f"{API}/agencies/", "{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    # A business rule (duplicate code) is a 400 with its own message.
    response = client.post(
        f"{API}/agencies/",
        {"code": "STP", "kind": "department", "name": "Trùng", "parent_id": province.province.pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and "đã được dùng" in response.json()["message"]
    assert Agency.objects.count() == before


def test_openapi_schema_documents_the_endpoints(client):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/agencies/"])
    assert {"get", "patch"} <= set(paths["/api/v1/agencies/{agency_id}"])
    assert "get" in paths["/api/v1/me"]
    assert "AgencyOut" in schema["components"]["schemas"]
    assert any("bearer" in str(s).lower() for s in schema["components"]["securitySchemes"].values())
