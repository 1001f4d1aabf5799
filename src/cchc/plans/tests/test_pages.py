"""Pages: what each persona sees, what another agency is refused, query counts on lists."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.plans import services
from cchc.plans.models import Milestone, ProgressReport, ReviewStatus

from .conftest import task_of

pytestmark = pytest.mark.django_db
JUNE = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)


def soup(resp):
    assert resp.status_code == 200, resp.status_code
    return BeautifulSoup(resp.content.decode(), "html.parser")


def test_plan_list_and_overview_for_the_leader(plan, province, client_as):
    c = client_as(province.lanhdao)
    s = soup(c.get(reverse("plans:index")))
    assert plan.title in s.select_one("#plans").get_text()
    s = soup(c.get(reverse("plans:plan", args=[plan.pk])))
    rows = s.select("#areas tbody tr")
    assert [r.select("td")[0].get_text(strip=True) for r in rows] == [
        "Cải cách thể chế",
        "Cải cách thủ tục hành chính",
    ]
    assert not s.select("form[action$='/issue/']")  # leaders only read


def test_overview_refused_to_an_agency_outside(plan, province, client_as):
    own = services.plan_create(
        actor=province.daumoi, agency=province.justice, title="Kế hoạch Sở Tư pháp", year=2026
    )
    c = client_as(province.motcua_xa)
    assert c.get(reverse("plans:plan", args=[own.pk])).status_code == 403
    assert c.get(reverse("plans:tasks", args=[own.pk])).status_code == 403
    assert c.get(reverse("plans:targets", args=[own.pk])).status_code == 403
    assert c.get(reverse("plans:year_end", args=[own.pk])).status_code == 403
    assert c.get(reverse("plans:export", args=[own.pk, "xlsx"])).status_code == 403
    # ...while Justice and the province see it.
    assert client_as(province.daumoi).get(reverse("plans:plan", args=[own.pk])).status_code == 200


def test_task_page_refused_to_another_agency(plan, province, client_as):
    task = task_of(plan, "1.", "thủ tục")  # Construction's
    c = client_as(province.daumoi)  # Justice
    assert c.get(reverse("plans:task", args=[task.pk])).status_code == 403
    assert c.get(reverse("plans:report", args=[task.pk])).status_code == 403
    assert c.post(reverse("plans:comment", args=[task.pk]), {"body": "x"}).status_code == 403
    m = task.milestones.get()
    assert (
        c.post(reverse("plans:milestone_due", args=[m.pk]), {"due": "2026-05-01"}).status_code
        == 403
    )
    assert client_as(province.noivu).get(reverse("plans:task", args=[task.pk])).status_code == 200


def test_task_list_search_without_diacritics_and_filters(plan, province, client_as):
    c = client_as(province.noivu)
    url = reverse("plans:tasks", args=[plan.pk])
    s = soup(c.get(url, {"q": "ra soat van ban"}))
    rows = s.select("#task-rows tr.task-row")
    assert len(rows) == 1 and "rà soát văn bản" in rows[0].get_text()
    area = plan.areas.get(key="procedures")
    s = soup(c.get(url, {"area": area.pk}))
    assert len(s.select("#task-rows tr.task-row")) == 1
    s = soup(c.get(url, {"lead": province.justice.pk}))
    assert len(s.select("#task-rows tr.task-row")) == 2
    s = soup(c.get(url, {"due_from": "2026-03-01", "due_to": "2026-04-30"}))
    assert len(s.select("#task-rows tr.task-row")) == 1
    # htmx asks for the rows only
    resp = c.get(url, {"q": "cong bo"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in resp.content and "Công bố thủ tục".encode() in resp.content


@time_machine.travel(JUNE, tick=False)
def test_overdue_filter_and_my_tasks(plan, province, client_as):
    c = client_as(province.noivu)
    s = soup(c.get(reverse("plans:tasks", args=[plan.pk]), {"overdue": "on"}))
    texts = [r.get_text() for r in s.select("#task-rows tr.task-row")]
    assert len(texts) == 2 and all("quá hạn" in t for t in texts)
    s = soup(client_as(province.daumoi).get(reverse("plans:mine")))
    assert len(s.select("#task-rows tr.task-row")) == 2


def _add_tasks(plan, province, n):
    from cchc.plans.models import Product, Task, TaskLead

    area = plan.areas.first()
    for i in range(n):
        t = Task.objects.create(
            plan=plan, area=area, order=100 + i, number=f"{i}.", content=f"Nhiệm vụ {i}"
        )
        TaskLead.objects.create(task=t, agency=province.justice)
        Product.objects.create(task=t, name="Báo cáo")
        Milestone.objects.create(task=t, due=dt.date(2026, 12, 31))


def test_task_list_query_count_does_not_grow(plan, province, client_as):
    c = client_as(province.noivu)
    url = reverse("plans:tasks", args=[plan.pk])
    c.get(url)
    with CaptureQueriesContext(connection) as few:
        c.get(url)
    _add_tasks(plan, province, 25)
    with CaptureQueriesContext(connection) as many:
        resp = c.get(url)
    assert len(soup(resp).select("#task-rows tr.task-row")) == 28
    assert len(many) == len(few) <= 14, [q["sql"] for q in many.captured_queries]


@time_machine.travel(JUNE, tick=False)
def test_report_form_with_evidence_then_review(plan, province, client_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    task = task_of(plan, "1.", "thể chế")
    m = task.milestones.get(label="Kế hoạch")
    c = client_as(province.daumoi)
    s = soup(c.get(reverse("plans:report", args=[task.pk]), {"milestone": m.pk}))
    assert s.select_one("select[name=agency] option").get_text() == "Sở Tư pháp"
    resp = c.post(
        reverse("plans:report", args=[task.pk]),
        {
            "milestone": m.pk,
            "agency": province.justice.pk,
            "status": "done",
            "percent": 100,
            "done_at": "2026-01-28",
            "note": "Đã ban hành",
            "evidence_number": "12/KH-UBND",
            "evidence_date": "2026-01-28",
            "files": [SimpleUploadedFile("kh.pdf", b"%PDF minh chung")],
        },
    )
    assert resp.status_code == 302
    m.refresh_from_db()
    assert m.status == "done"
    s = soup(c.get(reverse("plans:task", args=[task.pk])))
    link = s.select_one("#reports a[href*='/evidence/']")
    assert link.get_text() == "kh.pdf"
    assert c.get(link["href"]).status_code == 200
    assert client_as(province.motcua_xa).get(link["href"]).status_code == 403
    # Home Affairs' queue
    report = ProgressReport.objects.get()
    noivu = client_as(province.noivu)
    s = soup(noivu.get(reverse("plans:reviews")))
    assert s.select_one(f"#report-{report.pk}")
    resp = noivu.post(reverse("plans:review_action", args=[report.pk, "return"]), {"comment": ""})
    report.refresh_from_db()
    assert report.review_status == ReviewStatus.PENDING  # a comment is required to return
    noivu.post(reverse("plans:review_action", args=[report.pk, "return"]), {"comment": "Bổ sung"})
    report.refresh_from_db()
    assert report.review_status == ReviewStatus.RETURNED


def test_review_queue_refused_to_agencies_and_leaders(province, client_as):
    assert client_as(province.daumoi).get(reverse("plans:reviews")).status_code == 403
    assert client_as(province.lanhdao).get(reverse("plans:reviews")).status_code == 403


def test_report_refused_to_leader(plan, province, client_as):
    task = task_of(plan, "1.", "thể chế")
    c = client_as(province.lanhdao)
    assert c.get(reverse("plans:report", args=[task.pk])).status_code == 403
    s = soup(c.get(reverse("plans:task", args=[task.pk])))
    assert not s.select("#comments form")


def test_comment_htmx_and_event(plan, province, client_as):
    task = task_of(plan, "2.", "thể chế")
    c = client_as(province.daumoi)
    resp = c.post(
        reverse("plans:comment", args=[task.pk]),
        {"body": "Chờ Luật có hiệu lực"},
        HTTP_HX_REQUEST="true",
    )
    assert "Chờ Luật có hiệu lực" in resp.content.decode()
    m = task.milestones.get()
    s = soup(c.get(reverse("plans:task", args=[task.pk])))
    assert "chờ sự kiện" in s.select_one("#milestones").get_text()
    c.post(reverse("plans:milestone_event", args=[m.pk]), {"event_date": "2026-07-01"})
    m.refresh_from_db()
    assert m.due is not None and m.due > dt.date(2026, 7, 1)
    s = soup(c.get(reverse("plans:task", args=[task.pk])))
    assert m.due.strftime("%d/%m/%Y") in s.select_one("#milestones").get_text()
    assert "milestone_set_event" not in s.select_one("#timeline").get_text()  # on the milestone


def test_targets_actual_against_target(plan, province, client_as, monkeypatch):
    """The reports app's registry measures; a key it does not know shows "chưa đo"."""
    import sys
    import types

    class OnTime:
        def compute(self, agency, start, end):
            assert agency == province.province and start == dt.date(2026, 1, 1)
            return 98.6

    fake = types.ModuleType("cchc.reports.indicators")
    fake.get = lambda key: {"on_time_rate": OnTime()}.get(key)
    monkeypatch.setitem(sys.modules, "cchc.reports.indicators", fake)
    import cchc.reports

    monkeypatch.setattr(cchc.reports, "indicators", fake, raising=False)
    for sentence, value, comparison, indicator in [
        ("98% hồ sơ được giải quyết đúng hạn", 98, ">=", "on_time_rate"),
        ("Trên 99% hồ sơ đúng hạn", 99, ">", "on_time_rate"),
        ("Trên 50% hồ sơ trực tuyến", 50, ">", "no_such_indicator"),
    ]:
        services.target_create(
            actor=province.noivu,
            plan=plan,
            sentence=sentence,
            value=value,
            unit="%",
            comparison=comparison,
            indicator=indicator,
            responsible=[province.ppc_office],
        )
    s = soup(client_as(province.lanhdao).get(reverse("plans:targets", args=[plan.pk])))
    rows = [r.get_text(" ", strip=True) for r in s.select("#targets tbody tr")]
    assert "98,60%" in rows[0] and "đạt" in rows[0] and "chưa đạt" not in rows[0]
    assert "chưa đạt" in rows[1]
    assert "chưa đo" in rows[2]


@time_machine.travel(JUNE, tick=False)
def test_year_end_view(plan, province, client_as):
    task = task_of(plan, "1.", "thể chế")
    services.progress_report(
        actor=province.daumoi,
        task=task,
        agency=province.justice,
        milestone=task.milestones.get(label="Kế hoạch"),
        status="done",
        percent=100,
        done_at=dt.date(2026, 2, 10),
    )
    s = soup(client_as(province.lanhdao).get(reverse("plans:year_end", args=[plan.pk])))
    assert "Kế hoạch" in s.select_one("#ye-done_late").get_text()
    assert len(s.select("#ye-open tbody tr")) == 3


def test_import_upload_refused_to_leader_and_bad_file_message(province, client_as):
    assert client_as(province.lanhdao).get(reverse("plans:import")).status_code == 403
    c = client_as(province.noivu)
    resp = c.post(
        reverse("plans:import"),
        {"file": SimpleUploadedFile("phu-luc.docx", b"not a zip"), "year": 2026},
    )
    s = soup(resp)
    assert s.select_one(".errorlist").get_text().strip()
    from cchc.plans.models import Plan, PlanImport

    assert PlanImport.objects.count() == 0 and Plan.objects.count() == 0


def test_home_widget(plan, province, client_as):
    s = soup(client_as(province.daumoi).get(reverse("core:home")))
    assert "Nhiệm vụ CCHC quá hạn" in s.get_text()


def test_pages_in_english(plan, province, client_as):
    from django.conf import settings

    c = client_as(province.lanhdao)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    s = soup(c.get(reverse("plans:plan", args=[plan.pk])))
    assert "Overall progress" in s.get_text() and "By area" in s.get_text()
