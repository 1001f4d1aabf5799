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
    # 15 with the signed-in page's check for a second factor.
    assert len(many) == len(few) <= 15, [q["sql"] for q in many.captured_queries]


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
    assert (
        "ghi nhận sự kiện, hạn " + m.due.strftime("%d/%m/%Y")
        in s.select_one("#timeline").get_text()
    )


def test_targets_actual_against_target(plan, province, client_as, monkeypatch):
    """The statistics registry measures; a key nobody registered shows "chưa có số liệu"."""
    from decimal import Decimal

    from cchc.statistics import indicators

    def on_time(agency, start, end):
        assert agency == province.province and start == dt.date(2026, 1, 1)
        return Decimal("98.6")

    monkeypatch.setitem(
        indicators._REGISTRY,
        "on_time_rate",
        indicators.Indicator("on_time_rate", "Tỷ lệ đúng hạn", "%", on_time),
    )
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
    assert "chưa có số liệu" in rows[2] and "Đo tự động" in rows[2]


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


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_export_whole_plan_and_an_agency_own_plan(plan, province, client_as, fmt):
    import io

    from cchc.plans.tables import read_any

    resp = client_as(province.noivu).get(reverse("plans:export", args=[plan.pk, fmt]))
    assert resp.status_code == 200
    table = read_any(io.BytesIO(b"".join(resp.streaming_content)), f"x.{fmt}")
    assert [t.title for t in table.tasks] == [
        "Xây dựng Kế hoạch rà soát văn bản quy phạm pháp luật",
        "Ban hành quy định chi tiết Luật",
        "Công bố thủ tục hành chính mới",
    ]
    assert table.tasks[0].deadline_text.startswith("- Kế hoạch trước ngày 30/01/2026")
    # Construction's own plan: only the task it leads (and nothing of Justice's).
    url = reverse("plans:export", args=[plan.pk, fmt]) + f"?agency={province.construction.pk}"
    resp = client_as(province.noivu).get(url)
    table = read_any(io.BytesIO(b"".join(resp.streaming_content)), f"x.{fmt}")
    assert [t.title for t in table.tasks] == ["Công bố thủ tục hành chính mới"]
    # Justice's focal point exporting the province plan gets Justice's part.
    resp = client_as(province.daumoi).get(reverse("plans:export", args=[plan.pk, fmt]))
    table = read_any(io.BytesIO(b"".join(resp.streaming_content)), f"x.{fmt}")
    assert len(table.tasks) == 2


def test_review_by_htmx_keeps_the_row_with_the_error(plan, province, client_as):
    task = task_of(plan, "1.", "thủ tục")
    report = services.progress_report(
        actor=province.noivu,
        task=task,
        agency=province.construction,
        status="in_progress",
        percent=30,
    )
    c = client_as(province.noivu)
    url = reverse("plans:review_action", args=[report.pk, "return"])
    resp = c.post(url, {"comment": ""}, HTTP_HX_REQUEST="true")
    s = soup(resp)
    assert (
        s.select_one(f"#report-{report.pk} .msg-error").get_text()
        == "Cần ghi ý kiến khi trả lại báo cáo."
    )
    resp = c.post(
        reverse("plans:review_action", args=[report.pk, "accept"]), {}, HTTP_HX_REQUEST="true"
    )
    assert resp.status_code == 200 and resp.content == b""
    report.refresh_from_db()
    assert report.review_status == ReviewStatus.ACCEPTED


def test_assign_an_unresolved_name(plan, province, departments, client_as):
    task = task_of(plan, "1.", "thể chế")  # "Sở Ma" was kept as written among coordinators
    assert (
        client_as(province.daumoi).get(reverse("plans:assign", args=[task.pk])).status_code == 403
    )
    c = client_as(province.noivu)
    s = soup(c.get(reverse("plans:assign", args=[task.pk])))
    select = s.select_one("#assign-form select")
    assert s.select_one(f"label[for={select['id']}]").get_text().startswith("Sở Ma")
    resp = c.post(reverse("plans:assign", args=[task.pk]), {select["name"]: departments["STC"].pk})
    assert resp.status_code == 302
    task.refresh_from_db()
    assert set(task.coordinators.all()) == {province.home_affairs, departments["STC"]}
    assert task.unresolved_names == ["Sở Ma"]  # a different name: still flagged as written
    assert task.group_mentions == ["UBND cấp huyện"]


def test_agency_imports_its_own_plan_under_the_province_plan(plan, province, client_as, tmp_path):
    from cchc.demo.data import plan_seeds as seed_tables
    from cchc.plans.models import Plan

    rows = [r for r in seed_tables.seed_001_rows() if "Sở Tư pháp" in r.lead][:2]
    path = seed_tables.write_seed_xlsx(rows, tmp_path / "stp.xlsx")
    c = client_as(province.daumoi)
    s = soup(c.get(reverse("plans:import")))
    assert [o.get_text() for o in s.select("#id_parent option") if o.get("value")] == [plan.title]
    resp = c.post(
        reverse("plans:import"),
        {
            "file": SimpleUploadedFile("stp.xlsx", path.read_bytes()),
            "year": 2022,
            "parent": plan.pk,
        },
    )
    assert resp.status_code == 302
    c.post(resp["Location"], {})
    own = Plan.objects.exclude(pk=plan.pk).get()
    assert own.agency == province.justice and own.parent == plan and own.tasks.count() == 2


def test_add_target_from_the_page(plan, province, client_as):
    url = reverse("plans:targets", args=[plan.pk])
    data = {
        "sentence": "Trên 50% hồ sơ được tiếp nhận, giải quyết trực tuyến",
        "comparison": ">",
        "value": "50",
        "unit": "%",
        "indicator": "online_share",
        "responsible": [province.ppc_office.pk],
    }
    assert client_as(province.daumoi).post(url, data).status_code == 403
    assert not soup(client_as(province.lanhdao).get(url)).select("#target-form")
    resp = client_as(province.noivu).post(url, data)
    assert resp.status_code == 302
    t = plan.targets.get()
    assert (t.comparison, t.value, t.indicator) == (">", 50, "online_share")
    assert list(t.responsible.all()) == [province.ppc_office]


def test_other_writes_refused_to_another_agency(plan, province, client_as):
    from cchc.plans.models import PlanImport

    from .conftest import small_preview

    imp = PlanImport.objects.create(
        created_by=province.noivu,
        agency=province.province,
        year=2026,
        filename="x.docx",
        preview=small_preview(),
    )
    c = client_as(province.daumoi_xa)  # a commune's focal point
    assert c.get(reverse("plans:import_preview", args=[imp.pk])).status_code == 403
    assert c.post(reverse("plans:import_preview", args=[imp.pk]), {}).status_code == 403
    assert c.post(reverse("plans:transition", args=[plan.pk, "issue"])).status_code == 403
    m = task_of(plan, "2.", "thể chế").milestones.get()
    assert (
        c.post(
            reverse("plans:milestone_event", args=[m.pk]), {"event_date": "2026-07-01"}
        ).status_code
        == 403
    )
    m.refresh_from_db()
    imp.refresh_from_db()
    assert m.due is None and imp.status == "pending" and imp.plan is None


def test_my_tasks_and_review_queue_query_counts(plan, province, client_as):
    c = client_as(province.daumoi)
    c.get(reverse("plans:mine"))
    with CaptureQueriesContext(connection) as few:
        c.get(reverse("plans:mine"))
    _add_tasks(plan, province, 15)
    with CaptureQueriesContext(connection) as many:
        resp = c.get(reverse("plans:mine"))
    assert len(soup(resp).select("#task-rows tr.task-row")) == 17
    assert len(many) == len(few)
    noivu = client_as(province.noivu)
    for t in plan.tasks.filter(number__in=["0.", "1."])[:2]:
        services.progress_report(
            actor=province.noivu,
            task=t,
            agency=t.lead_links.first().agency,
            milestone=t.milestones.first(),
            status="in_progress",
            percent=5,
        )
    with CaptureQueriesContext(connection) as two:
        noivu.get(reverse("plans:reviews"))
    for t in plan.tasks.filter(number__in=["2.", "3.", "4.", "5."]):
        services.progress_report(
            actor=province.noivu,
            task=t,
            agency=t.lead_links.first().agency,
            milestone=t.milestones.first(),
            status="in_progress",
            percent=5,
        )
    with CaptureQueriesContext(connection) as more:
        resp = noivu.get(reverse("plans:reviews"))
    assert len(soup(resp).select("#review-queue tbody tr[id]")) > 2
    assert len(more) == len(two)
