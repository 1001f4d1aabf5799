"""The six ways to get a 500 from the API (issue 14, finding 5) answer a 4xx JSON error now, and
an unexpected failure still answers the API's JSON, never Django's HTML page."""

from __future__ import annotations

import json

import pytest

from cchc.accounts.models import ApiToken

pytestmark = pytest.mark.django_db
HUGE = "9" * 30


@pytest.fixture
def api(province, client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    _, raw = ApiToken.issue(province.admin, name="errors")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


def _json_4xx(response) -> dict:
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["message"] and body["code"]
    return body


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/plans/tasks?offset=-5",
        f"/api/v1/plans/tasks?offset={HUGE}",
        f"/api/v1/plans/tasks?limit={HUGE}",
        "/api/v1/dossiers?page=-1",
        f"/api/v1/dossiers?page={HUGE}",
        f"/api/v1/procedures/?page={HUGE}",
        "/api/v1/dossiers?q=%00",
        "/api/v1/procedures/?q=a%00b",
        "/api/v1/procedures/%00",
        "/api/v1/dossiers/%00",
        "/api/v1/lookup?code=%00&phone=1234",
        f"/api/v1/agencies/{HUGE}",
        f"/api/v1/plans/tasks/{HUGE}",
    ],
)
def test_bad_queries_and_paths_are_4xx_json(api, url):
    _json_4xx(api.get(url))


def _post(client, url, body, method="post"):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_bad_bodies_are_4xx_json(api, province):
    proc = {"code": "1.000001", "name": "Thủ tục", "field": "Hộ tịch", "levels": ["commune"]}
    proc.update(time_amount=5, steps=[{"name": "Xử lý", "allowance": 5}])
    body = _json_4xx(_post(api, "/api/v1/procedures/", {**proc, "fee_amount": 1e20}))
    assert "fee_amount" in json.dumps(body["errors"])
    _json_4xx(_post(api, "/api/v1/procedures/", {**proc, "name": "Thủ\u0000tục"}))
    _json_4xx(_post(api, "/api/v1/procedures/", {**proc, "resolving_agency_id": int(HUGE)}))
    agency = {"code": "X\u0000", "kind": "department", "name": "X"}
    _json_4xx(_post(api, "/api/v1/agencies/", {**agency, "parent_id": province.province.pk}))
    url = f"/api/v1/agencies/{province.justice.pk}"
    _json_4xx(_post(api, url, {"name": None}, method="patch"))
    _json_4xx(_post(api, url, {"kind": None, "parent_id": int(HUGE)}, method="patch"))
    created = _post(api, "/api/v1/procedures/", proc)
    assert created.status_code == 201, created.content
    _json_4xx(_post(api, "/api/v1/procedures/1.000001", {"name": None}, method="patch"))
    _json_4xx(_post(api, "/api/v1/procedures/1.000001", {"levels": None}, method="patch"))


def test_an_unexpected_failure_answers_json(rf):
    from cchc.api import api

    request = rf.get("/api/v1/dossiers")
    response = api.on_exception(request, RuntimeError("a bug"))
    assert response.status_code == 500
    assert json.loads(response.content)["code"] == "server_error"


def test_web_nul_in_query_is_a_400_page(province, client_as):
    c = client_as(province.motcua)
    response = c.get("/dossiers/?q=%00")
    assert response.status_code == 400
    assert "không hợp lệ" in response.content.decode()
    form = "code=%00&phone=1234"
    posted = c.post("/dossiers/lookup/", form, content_type="application/x-www-form-urlencoded")
    assert posted.status_code == 400


def test_openapi_documents_errors_and_limits(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            assert {"400", "403", "404", "409", "422"} <= set(op["responses"]), (method, path)
    params = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/v1/dossiers"]["get"]["parameters"]
    }
    assert params["page"]["minimum"] == 1 and params["page"]["maximum"] == 100_000
