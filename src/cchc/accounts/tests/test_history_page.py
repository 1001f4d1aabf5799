"""The history page (core) with the reading rules accounts registers: any audited object's events,
readable by those who may see the object."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from cchc.organizations.services import agency_update

pytestmark = pytest.mark.django_db


def test_history_lists_events_with_labels(province, client_as):
    agency_update(
        actor=province.noivu,
        agency=province.justice,
        short_name="STP CT",
        reason="Theo Quyết định 12/QĐ-UBND",
    )
    url = reverse("core:history", args=["organizations", "agency", province.justice.pk])
    page = BeautifulSoup(client_as(province.daumoi).get(url).content, "html.parser")
    rows = [
        [td.get_text(" ", strip=True) for td in tr.select("td")] for tr in page.select("tbody tr")
    ]
    # Newest first: the update, then the creation by the system (personas are built by it).
    assert rows[0][1] == "Nguyễn Thị Nội Vụ"
    assert rows[0][2] == "Cập nhật"
    assert rows[0][3] == "Tên viết tắt : STP → STP CT"
    assert rows[0][4] == "Theo Quyết định 12/QĐ-UBND"
    assert rows[1][1:3] == ["Hệ thống", "Tạo mới"]
    assert page.select_one(f"a[href='/agencies/{province.justice.pk}/']")


def test_history_of_unknown_objects_is_404(province, client_as):
    client = client_as(province.noivu)
    assert client.get("/history/nope/agency/1/").status_code == 404
    assert client.get("/history/organizations/agency/999999/").status_code == 404


def test_history_needs_login(province, client):
    url = reverse("core:history", args=["organizations", "agency", province.justice.pk])
    assert client.get(url).status_code == 302


def test_healthz(client):
    assert client.get("/healthz").content == b"ok"


def test_readyz_reports_database_cache_and_worker(client, settings):
    """Issue 14, operations: readiness checks what the service needs, liveness does not."""
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200 and body["ready"] is True
    assert set(body["checks"]) == {"database", "cache", "worker"}
    assert response["X-Request-ID"]


def test_readyz_fails_when_the_worker_left_a_task_waiting(client, settings):
    import datetime as dt

    from django.core.cache import caches
    from django.utils import timezone
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from cchc.core.tasks import heartbeat

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    caches["limits"].add("worker-heartbeat-enqueued", 1, 60)  # readyz enqueues nothing more
    DatabaseBackend("default", {}).enqueue(heartbeat, (), {})  # type: ignore[arg-type]  # django-tasks-db is typed against django.tasks
    assert client.get("/readyz").status_code == 200  # waiting for a moment: fine
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=30))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["ok"] is False


def test_request_id_in_json_logs_and_in_the_500_page(rf, settings):
    import json
    import logging

    from cchc.core.logs import JsonFormatter, RequestIdFilter, request_id
    from cchc.core.views import server_error

    token = request_id.set("abc12345")
    try:
        record = logging.LogRecord("cchc", logging.ERROR, __file__, 1, "hỏng %s", ("x",), None)
        RequestIdFilter().filter(record)
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id.reset(token)
    assert line["request_id"] == "abc12345" and line["message"] == "hỏng x"
    request = rf.get("/")
    request.request_id = "abc12345"
    page = server_error(request)
    assert page.status_code == 500
    assert "Lỗi hệ thống" in page.content.decode() and "abc12345" in page.content.decode()
