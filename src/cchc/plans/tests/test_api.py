"""The plans API: scoped like the pages; progress and review through the same services."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from cchc.plans import services
from cchc.plans.models import ProgressReport

from .conftest import task_of

pytestmark = pytest.mark.django_db
JUNE = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)
BASE = "/api/v1/plans"


def test_plans_list_and_detail(plan, province, api_client):
    c = api_client(province.lanhdao)
    data = c.get(f"{BASE}/").json()
    assert [p["title"] for p in data] == ["Kế hoạch CCHC năm 2026"]
    detail = c.get(f"{BASE}/{plan.pk}").json()
    assert [a["key"] for a in detail["areas"]] == ["institutions", "procedures"]
    assert detail["counts"]["tasks"] == 3 and detail["counts"]["milestones"] == 4


def test_plan_of_another_agency_is_refused(plan, province, api_client):
    own = services.plan_create(
        actor=province.daumoi, agency=province.justice, title="Kế hoạch Sở Tư pháp", year=2026
    )
    c = api_client(province.motcua_xa)
    resp = c.get(f"{BASE}/{own.pk}")
    assert resp.status_code == 403 and resp.json()["code"] == "forbidden"
    assert c.get(f"{BASE}/tasks", {"plan": own.pk}).status_code == 403
    assert [p["id"] for p in c.get(f"{BASE}/").json()] == [plan.pk]  # the province's only


@time_machine.travel(JUNE, tick=False)
def test_tasks_filters_and_detail(plan, province, api_client):
    c = api_client(province.noivu)
    rows = c.get(f"{BASE}/tasks", {"plan": plan.pk, "q": "cong bo thu tuc"}).json()
    assert [r["number"] for r in rows] == ["1."]
    assert rows[0]["lead"] == [
        {
            "agency_id": province.construction.pk,
            "name": "Sở Xây dựng",
            "role": "chủ trì phần xây dựng",
        }
    ]
    overdue = c.get(f"{BASE}/tasks", {"plan": plan.pk, "overdue": True}).json()
    assert len(overdue) == 2
    t = task_of(plan, "1.", "thể chế")
    d = c.get(f"{BASE}/tasks/{t.pk}").json()
    assert [m["due"] for m in d["milestones"]] == ["2026-01-30", "2026-12-10"]
    assert d["milestones"][0]["overdue"] is True
    assert d["group_mentions"] == ["UBND cấp huyện"] and d["unresolved_names"] == ["Sở Ma"]


def test_task_of_another_agency_is_refused(plan, province, api_client):
    t = task_of(plan, "1.", "thủ tục")  # Construction's
    c = api_client(province.daumoi)
    assert c.get(f"{BASE}/tasks/{t.pk}").status_code == 403
    resp = c.post(
        f"{BASE}/tasks/{t.pk}/progress",
        {"status": "in_progress", "percent": 10},
        content_type="application/json",
    )
    assert resp.status_code == 403
    assert {r["number"] for r in c.get(f"{BASE}/tasks").json()} == {"1.", "2."}


@time_machine.travel(JUNE, tick=False)
def test_post_progress_then_accept_and_return(plan, province, api_client):
    t = task_of(plan, "1.", "thể chế")
    m = t.milestones.get(label="Báo cáo")
    c = api_client(province.daumoi)
    resp = c.post(
        f"{BASE}/tasks/{t.pk}/progress",
        {"milestone_id": m.pk, "status": "in_progress", "percent": 60, "note": "Đang tổng hợp"},
        content_type="application/json",
    )
    assert resp.status_code == 201, resp.content
    body = resp.json()
    assert body["role"] == "lead" and body["review_status"] == "pending"
    m.refresh_from_db()
    assert (m.status, m.percent) == ("in_progress", 60)
    # the focal point cannot review its own report
    assert (
        c.post(
            f"{BASE}/progress/{body['id']}/accept", {}, content_type="application/json"
        ).status_code
        == 403
    )
    bad = c.post(
        f"{BASE}/tasks/{t.pk}/progress",
        {"milestone_id": m.pk, "status": "cannot_do", "percent": 0},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "lý do" in bad.json()["message"]
    h = api_client(province.noivu)
    resp = h.post(
        f"{BASE}/progress/{body['id']}/return", {"comment": ""}, content_type="application/json"
    )
    assert resp.status_code == 400
    resp = h.post(
        f"{BASE}/progress/{body['id']}/return",
        {"comment": "Cần số liệu"},
        content_type="application/json",
    )
    assert resp.status_code == 200 and resp.json()["review_status"] == "returned"
    m.refresh_from_db()
    assert (m.status, m.percent) == ("not_started", 0)
    assert (
        h.post(
            f"{BASE}/progress/{body['id']}/accept", {}, content_type="application/json"
        ).status_code
        == 409
    )
    assert ProgressReport.objects.count() == 1


def test_task_list_query_count_is_flat(plan, province, api_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .test_pages import _add_tasks

    c = api_client(province.noivu)
    with CaptureQueriesContext(connection) as few:
        assert len(c.get(f"{BASE}/tasks", {"plan": plan.pk}).json()) == 3
    _add_tasks(plan, province, 20)
    with CaptureQueriesContext(connection) as many:
        assert len(c.get(f"{BASE}/tasks", {"plan": plan.pk}).json()) == 23
    assert len(many) == len(few)


def test_record_an_event_through_the_api(plan, province, api_client):
    m = task_of(plan, "2.", "thể chế").milestones.get()
    assert (
        api_client(province.daumoi_xa)
        .post(
            f"{BASE}/milestones/{m.pk}/event",
            {"event_date": "2026-07-01"},
            content_type="application/json",
        )
        .status_code
        == 403
    )
    resp = api_client(province.daumoi).post(
        f"{BASE}/milestones/{m.pk}/event",
        {"event_date": "2026-07-01"},
        content_type="application/json",
    )
    assert resp.status_code == 200 and resp.json()["event_date"] == "2026-07-01"
    assert resp.json()["due"] == "2026-07-08"  # five working days after Wednesday 1/7/2026
