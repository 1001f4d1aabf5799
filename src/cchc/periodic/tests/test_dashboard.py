"""The leaders' dashboard: who may open it, what each chart shows, its drill-down links and
exports, the number of queries it costs, and the home widgets."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import TypeVar
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.http import HttpResponse
from django.urls import NoReverseMatch, include, path, reverse
from openpyxl import load_workbook

from cchc.periodic import services as periodic
from cchc.statistics.selectors import dossier_stats
from cchc.urls import urlpatterns as project_urls

from . import test_periodic as periodic_fixtures

# Fixtures shared with test_periodic (pytest finds them as module attributes).
dossiers = periodic_fixtures.dossiers
fill = periodic_fixtures.fill
kind = periodic_fixtures.kind
period = periodic_fixtures.period
fresh_cache = periodic_fixtures.fresh_cache

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = datetime(2026, 6, 20, 10, 0, tzinfo=VN)
T = TypeVar("T")


def present(value: T | None) -> T:
    """The value, failing the test when the page or query has none."""
    assert value is not None
    return value


def _stub(request):
    return HttpResponse("danh sách")


try:  # the dossier list page belongs to the dossiers app; stand in for it until it lands
    reverse("dossiers:index")
    urlpatterns = project_urls
except NoReverseMatch:
    urlpatterns = [
        *project_urls,
        path(
            "dossiers/",
            include(([path("", _stub, name="index")], "dossiers"), namespace="dossiers"),
        ),
    ]


@pytest.fixture
def urls(settings):
    settings.ROOT_URLCONF = __name__


@pytest.fixture
def now():
    with time_machine.travel(TODAY, tick=False):
        yield TODAY


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.content[:500]
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize("who", ["motcua", "xuly", "daumoi", "motcua_xa"])
def test_dashboard_refuses_other_roles(client_as, province, who):
    client = client_as(getattr(province, who))
    assert client.get("/dashboard/").status_code == 403
    assert client.get("/dashboard/export/agencies.csv").status_code == 403


def test_dashboard_for_the_leader(client_as, province, dossiers, period, now, urls):
    report = periodic.agency_report_start(
        period=period, agency=province.justice, actor=province.daumoi
    )
    fill(report, province.daumoi)
    periodic.report_submit(report=report, actor=province.daumoi)
    page = soup(client_as(province.lanhdao).get("/dashboard/"))
    year = dossier_stats(
        province.lanhdao, date_from=TODAY.date().replace(month=1, day=1), date_to=TODAY.date()
    )[-1]
    assert present(page.select_one("#kpi-received")).text.strip() == f"{year.received:,}".replace(
        ",", "."
    )
    assert present(page.select_one("#kpi-overdue")).text.strip() == str(year.overdue)
    svgs = page.select("section.card svg.chart")
    # Six dossier/plan charts, the plan targets' one and the surveys app's SIPAS section.
    assert len(svgs) == 8
    assert all((t := s.find("title")) and t.text for s in svgs)
    # Late and overdue by agency: the bars link to the dossier list filtered on the agency.
    links = [str(a["href"]) for a in page.select("#chart-agencies svg a")]
    assert links
    agencies_linked = {parse_qs(urlparse(h).query)["agency"][0] for h in links}
    assert province.justice.code in agencies_linked
    assert all(parse_qs(urlparse(h).query)["figure"] == ["late_or_overdue"] for h in links)
    # Procedures with the most late dossiers link by procedure code.
    proc_links = [a["href"] for a in page.select("#chart-procedures svg a")]
    assert proc_links and all("procedure=T1." in h for h in proc_links)
    # Months link to the dossiers received that month.
    month_links = [a["href"] for a in page.select("#chart-volume svg a")]
    assert len(month_links) == 12
    assert "figure=new&from=2026-06-01&to=2026-06-30" in month_links[-1]
    # Reporting completeness: 1 of 3 departments sent theirs.
    reporting = present(page.select_one("#chart-reporting svg"))
    assert "33,33%" in present(reporting.find("desc")).text
    assert present(reporting.find("a"))["href"] == f"/reports/periods/{period.pk}/"
    # Exports are linked from every chart.
    assert len(page.select(".chart-actions a[href$='.csv']")) == 8


def test_dashboard_query_count_does_not_grow_with_data(
    client_as,
    province,
    dossiers,
    now,
    django_assert_max_num_queries,
):
    client = client_as(province.lanhdao)
    # Session and user, whether the user has a second factor, scope, agencies index, 12
    # monthly rollup reads, year, by agency, by procedure, plans, the year plan's targets,
    # reporting periods: 28 today, whatever the number of dossiers.
    with django_assert_max_num_queries(32):
        assert client.get("/dashboard/").status_code == 200


def test_exports_carry_the_numbers(client_as, province, dossiers, now):
    client = client_as(province.lanhdao)
    start = TODAY.date().replace(month=1, day=1)
    rows = dossier_stats(province.lanhdao, date_from=start, date_to=TODAY.date(), by="agency")
    justice = next(r for r in rows if r.key == province.justice.pk)
    response = client.get("/dashboard/export/agencies.csv")
    assert response["Content-Type"].startswith("text/csv")
    data = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert data[0][0] == "Cơ quan"
    line = next(r for r in data if r[0] == "Sở Tư pháp")
    assert (int(line[1]), int(line[2])) == (justice.late, justice.overdue)
    response = client.get("/dashboard/export/volume.xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A2"].value == "Tháng" and ws.max_row == 2 + 12
    june = dossier_stats(
        province.lanhdao, date_from=TODAY.date().replace(day=1), date_to=TODAY.date()
    )[-1]
    assert ws.cell(row=14, column=1).value == "06/2026"
    assert ws.cell(row=14, column=2).value == june.new
    assert client.get("/dashboard/export/nothing.csv").status_code == 404
    assert client.get("/dashboard/export/agencies.pdf").status_code == 404


def test_commune_leader_sees_only_the_commune(client_as, province, dossiers, now):
    page = soup(client_as(province.lanhdao_xa).get("/dashboard/"))
    text = present(page.select_one("#chart-agencies")).get_text(" ")
    assert "Sở Tư pháp" not in text
    exported = client_as(province.lanhdao_xa).get("/dashboard/export/agencies.csv")
    assert "Sở Tư pháp" not in exported.content.decode("utf-8-sig")


def test_home_widgets(client_as, province, dossiers, period, now):
    home = soup(client_as(province.lanhdao).get("/"))
    titles = [h.text for h in home.select(".card h2")]
    assert "Tỷ lệ giải quyết đúng hạn năm nay" in titles
    assert "Hồ sơ đang quá hạn" in titles
    home = soup(client_as(province.daumoi).get("/"))
    card = next(c for c in home.select(".card") if present(c.h2).text == "Báo cáo định kỳ phải gửi")
    assert present(card.select_one(".big")).text.strip() == "1"
    report = periodic.agency_report_start(
        period=period, agency=province.justice, actor=province.daumoi
    )
    fill(report, province.daumoi)
    periodic.report_submit(report=report, actor=province.daumoi)
    home = soup(client_as(province.daumoi).get("/"))
    card = next(c for c in home.select(".card") if present(c.h2).text == "Báo cáo định kỳ phải gửi")
    assert present(card.select_one(".big")).text.strip() == "0"
    home = soup(client_as(province.noivu).get("/"))
    card = next(c for c in home.select(".card") if present(c.h2).text == "Báo cáo chờ xem xét")
    assert present(card.select_one(".big")).text.strip() == "1"
    home = soup(client_as(province.motcua).get("/"))
    assert "Báo cáo chờ xem xét" not in home.text


def test_pages_in_english(client_as, province, period):
    client = client_as(province.lanhdao)
    client.cookies["django_language"] = "en"
    assert present(soup(client.get("/dashboard/")).h1).text == "Dashboard"
    assert present(soup(client.get("/reports/")).h1).text == "Periodic reports"
    assert (
        "Download the report (DOCX)"
        in client.get(f"/reports/periods/{period.pk}/").content.decode()
    )


@pytest.fixture
def plan(province):
    """The city's 2026 reform plan: two areas, three tasks (one done, one overdue)."""
    from datetime import date

    from cchc.plans.models import Milestone, Plan, PlanArea, Task

    p = Plan.objects.create(
        agency=province.province, year=2026, title="Kế hoạch CCHC năm 2026", status="issued"
    )
    tthc = PlanArea.objects.create(
        plan=p, order=1, name="Cải cách thủ tục hành chính", key="procedures"
    )
    digital = PlanArea.objects.create(
        plan=p, order=2, name="Chính quyền số", key="digital_government"
    )
    done = Task.objects.create(
        plan=p, area=tthc, content="Rà soát TTHC", status="done", percent=100
    )
    Milestone.objects.create(
        task=done, due=date(2026, 3, 31), status="done", done_at=date(2026, 3, 20)
    )
    late = Task.objects.create(plan=p, area=tthc, content="Công bố danh mục", status="in_progress")
    Milestone.objects.create(task=late, due=date(2026, 5, 31), status="in_progress")
    Task.objects.create(plan=p, area=digital, content="Số hóa hồ sơ", status="not_started")
    return p


def test_plan_progress_by_area(client_as, province, plan, now, urls):
    from cchc.plans.dashboard import plan_progress

    rows = {r["area"]: r for r in plan_progress(province.lanhdao, province.province, year=2026)}
    assert rows["Cải cách thủ tục hành chính"] == {
        "area": "Cải cách thủ tục hành chính",
        "key": "procedures",
        "total": 2,
        "milestones": 2,
        "done": 1,
        "overdue": 1,
        "rate": 50.0,
    }
    assert rows["Chính quyền số"]["total"] == 1 and rows["Chính quyền số"]["rate"] == 0
    page = soup(client_as(province.lanhdao).get("/dashboard/"))
    chart = present(page.select_one("#chart-plans svg"))
    assert "Cải cách thủ tục hành chính: 50,00%" in present(chart.find("desc")).text
    # A commune leader sees no city plan.
    assert plan_progress(province.lanhdao_xa, province.province, year=2026) == []


def test_an_export_reads_only_its_chart(
    client_as,
    province,
    dossiers,
    now,
    django_assert_max_num_queries,
):
    client = client_as(province.lanhdao)
    # Session, user, scope, agencies index, one rollup read: not the whole dashboard.
    with django_assert_max_num_queries(8):
        assert client.get("/dashboard/export/agencies.csv").status_code == 200


def test_reloading_reads_the_cache_until_a_dossier_changes(
    client_as, province, dossiers, now, django_assert_max_num_queries
):
    from cchc.dossiers.models import Dossier
    from cchc.dossiers.signals import dossier_changed, stat_snapshot

    client = client_as(province.lanhdao)
    first = present(soup(client.get("/dashboard/")).select_one("#chart-volume svg desc")).text
    # Months, by agency and by procedure now come from the cache: only the year's totals,
    # the plans and the reporting periods are read again.
    with django_assert_max_num_queries(14):
        client.get("/dashboard/")
    d = present(Dossier.objects.filter(received_date__range=("2026-06-01", "2026-06-19")).first())
    before = stat_snapshot(d)
    d.channel = "post" if d.channel != "post" else "desk"
    d.save()
    dossier_changed.send(sender=Dossier, dossier=d, before=before, after=stat_snapshot(d))
    again = present(soup(client.get("/dashboard/")).select_one("#chart-volume svg desc")).text
    assert again != first


def test_plan_progress_is_one_figure_on_the_plan_page_dashboard_and_province_report(
    client_as, province, plan, period, now, urls
):
    """A task still "in progress" with one of its three milestones done: the plan page said
    33%, the dashboard and the province report 0% (they counted tasks marked done). One
    definition now: milestones done ÷ milestones (``plans.selectors.progress``)."""
    from datetime import date

    from cchc.periodic import province_report as pr
    from cchc.plans.dashboard import plan_progress
    from cchc.plans.models import Milestone, PlanArea, Task
    from cchc.plans.selectors import plan_overview

    area = PlanArea.objects.create(
        plan=plan, order=3, name="Cải cách tài chính công", key="public_finance"
    )
    task = Task.objects.create(
        plan=plan, area=area, content="Tự chủ tài chính", status="in_progress"
    )
    Milestone.objects.create(
        task=task, order=1, due=date(2026, 2, 28), status="done", done_at=date(2026, 2, 20)
    )
    Milestone.objects.create(task=task, order=2, due=date(2026, 12, 31), status="in_progress")
    Milestone.objects.create(task=task, order=3, due=date(2026, 12, 31), status="not_started")
    areas, _total = plan_overview(province.lanhdao, plan)
    page_rate = next(c.percent_done for a, c in areas if a.pk == area.pk)
    dash = plan_progress(province.lanhdao, province.province, year=2026)
    dash_rate = next(r["rate"] for r in dash if r["area"] == area.name)
    assert period.year == 2026 and period.kind.province == province.province
    rows = present(pr.plan_blocks(period)[0].table).rows
    report_rate = next(float(r[5]) for r in rows if r[1] == area.name)
    assert round(page_rate, 2) == round(dash_rate, 2) == round(report_rate, 2) == 33.33
