"""The periodic report pages: the focal point fills and submits, Home Affairs reviews, the
leader reads, officers of other agencies and other roles are refused (403)."""

from __future__ import annotations

from io import BytesIO
from typing import TypeVar

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from cchc.periodic import services as periodic
from cchc.periodic.models import AgencyReport, ReportFigure, ReportStatus

from . import test_periodic as periodic_fixtures

# Fixtures shared with test_periodic (pytest finds them as module attributes).
fill = periodic_fixtures.fill
kind = periodic_fixtures.kind
period = periodic_fixtures.period
fresh_cache = periodic_fixtures.fresh_cache

T = TypeVar("T")


def present(value: T | None) -> T:
    """The value, failing the test when the page has none."""
    assert value is not None
    return value


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.content[:400]
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def report(period, province):
    return periodic.agency_report_start(
        period=period, agency=province.justice, actor=province.daumoi
    )


def test_focal_point_fills_and_submits_through_the_pages(client_as, province, period, report):
    client = client_as(province.daumoi)
    page = soup(client.get("/reports/"))
    assert present(page.select_one("#periods")).find("a", string="Báo cáo CCHC 6 tháng")
    page = soup(client.get(f"/reports/r/{report.pk}/"))
    forms = page.select("form[action*='/sections/']")
    assert len(forms) == 3  # the narrative sections
    for section in report.sections.select_related("template"):
        if section.template.narrative:
            r = client.post(
                f"/reports/r/{report.pk}/sections/{section.pk}/",
                {"text": f"Nội dung {section.template.code}"},
            )
            assert r.status_code == 302
    # htmx save answers with the section fragment.
    section = report.sections.get(template__code="digital")
    r = client.post(
        f"/reports/r/{report.pk}/sections/{section.pk}/",
        {"text": "Sửa qua htmx"},
        HTTP_HX_REQUEST="true",
    )
    fragment = soup(r)
    assert present(fragment.select_one(f"#section-{section.pk} textarea")).text == "Sửa qua htmx"
    # An override without a reason is refused with a message, nothing stored.
    fig = ReportFigure.objects.get(section__report=report, key="received")
    r = client.post(
        f"/reports/r/{report.pk}/figures/{fig.pk}/", {"value": "1.234", "reason": ""}, follow=True
    )
    assert "Cần nêu lý do" in r.content.decode()
    fig.refresh_from_db()
    assert fig.override_value is None
    client.post(
        f"/reports/r/{report.pk}/figures/{fig.pk}/",
        {"value": "1.234", "reason": "Hồ sơ giấy chưa nhập"},
    )
    fig.refresh_from_db()
    assert fig.override_value == 1234 and fig.computed_value == 0
    r = client.post(
        f"/reports/r/{report.pk}/attachments/",
        {"file": SimpleUploadedFile("phu-luc.pdf", b"%PDF-1.4 phu luc")},
    )
    assert r.status_code == 302
    att = report.attachments.get()
    assert client.get(f"/reports/r/{report.pk}/attachments/{att.pk}/").status_code == 200
    r = client.post(f"/reports/r/{report.pk}/submit/", follow=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    page = BeautifulSoup(r.content, "html.parser")
    assert present(page.select_one("#report-status")).text == "Đã gửi"
    assert not page.select("form[action*='/sections/']")  # no longer editable


def test_home_affairs_reviews_through_the_pages(client_as, province, period, report):
    fill(report, province.daumoi)
    periodic.report_submit(report=report, actor=province.daumoi)
    client = client_as(province.noivu)
    page = soup(client.get("/reports/"))
    assert present(page.select_one("#to-review")).find("a", string="Sở Tư pháp")
    page = soup(client.get(f"/reports/r/{report.pk}/"))
    assert page.select_one("#review")
    r = client.post(f"/reports/r/{report.pk}/return/", {"comment": ""}, follow=True)
    assert "Cần ghi rõ" in r.content.decode()
    client.post(f"/reports/r/{report.pk}/return/", {"comment": "Bổ sung mục 2."})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    periodic.report_submit(report=report, actor=province.daumoi)
    client.post(f"/reports/r/{report.pk}/accept/", {"comment": ""})
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    history = client.get(f"/history/periodic/agencyreport/{report.pk}/")
    assert history.status_code == 200


def test_leader_reads_and_downloads_but_cannot_act(client_as, province, period, report):
    fill(report, province.daumoi)
    periodic.report_submit(report=report, actor=province.daumoi)
    client = client_as(province.lanhdao)
    page = soup(client.get(f"/reports/r/{report.pk}/"))
    assert not page.select("form[action*='/accept/'], form[action*='/sections/']")
    assert client.post(f"/reports/r/{report.pk}/accept/").status_code == 403
    page = soup(client.get(f"/reports/periods/{period.pk}/"))
    assert page.select_one("#download-docx")
    response = client.get(f"/reports/periods/{period.pk}/province.docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    assert "6 tháng đầu năm 2026" in text
    assert client.get(f"/reports/periods/{period.pk}/province.xlsx").status_code == 200
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


@pytest.mark.parametrize("who", ["motcua", "xuly", "motcua_xa"])
def test_other_roles_are_refused_everywhere(client_as, province, period, report, who):
    client = client_as(getattr(province, who))
    for url in (
        "/reports/",
        "/reports/completeness/",
        f"/reports/periods/{period.pk}/",
        f"/reports/periods/{period.pk}/province.docx",
        f"/reports/r/{report.pk}/",
    ):
        assert client.get(url).status_code == 403, url


def test_officers_of_another_agency_are_refused(client_as, province, period, report):
    section = report.sections.first()
    for user in (province.daumoi_xa, province.lanhdao_xa):
        client = client_as(user)
        assert client.get(f"/reports/r/{report.pk}/").status_code == 403
        r = client.post(f"/reports/r/{report.pk}/sections/{section.pk}/", {"text": "x"})
        assert r.status_code == 403
        # The province's report is not theirs to read either.
        assert client.get(f"/reports/periods/{period.pk}/province.docx").status_code == 403
    section.refresh_from_db()
    assert section.text == ""


def test_focal_point_starts_from_the_hub(client_as, province, period):
    client = client_as(province.daumoi)
    page = soup(client.get("/reports/"))
    form = page.select_one(f"form[action='/reports/periods/{period.pk}/start/']")
    assert form is not None
    r = client.post(form["action"])
    created = AgencyReport.objects.get(period=period, agency=province.justice)
    assert r.status_code == 302 and r["Location"] == f"/reports/r/{created.pk}/"
    # A commune focal point's agency is not expected: no button, and the service refuses.
    r = client_as(province.daumoi_xa).post(f"/reports/periods/{period.pk}/start/", follow=True)
    assert "không thuộc danh sách" in r.content.decode()


def test_completeness_page_and_query_counts(
    client_as,
    province,
    period,
    report,
    django_assert_max_num_queries,
):
    fill(report, province.daumoi)
    periodic.report_submit(report=report, actor=province.daumoi)
    client = client_as(province.noivu)
    page = soup(client.get("/reports/completeness/"))
    cells = [td.text.strip() for td in page.select("#completeness tbody tr")[0].select("td")]
    assert cells[3:6] == ["3", "1", "33,33%"]
    with django_assert_max_num_queries(12):
        client.get("/reports/completeness/")
    with django_assert_max_num_queries(14):
        client.get(f"/reports/periods/{period.pk}/")
    with django_assert_max_num_queries(20):
        client.get("/reports/")
    with django_assert_max_num_queries(16):
        client.get(f"/reports/r/{report.pk}/")


def test_issue_number_form(client_as, province, period):
    client = client_as(province.noivu)
    client.post(
        f"/reports/periods/{period.pk}/issue/", {"doc_number": "5", "doc_date": "2026-06-20"}
    )
    period.refresh_from_db()
    assert period.doc_number == "05" and str(period.doc_date) == "2026-06-20"
    r = client_as(province.lanhdao).post(
        f"/reports/periods/{period.pk}/issue/", {"doc_number": "7"}
    )
    assert r.status_code == 403


def test_system_administrator_without_agency_sees_everything(client_as, province, period, report):
    client = client_as(province.admin)
    for url in (
        "/reports/",
        "/reports/completeness/",
        f"/reports/periods/{period.pk}/",
        "/dashboard/",
    ):
        assert client.get(url).status_code == 200, url
    page = soup(client.get(f"/reports/periods/{period.pk}/"))
    assert len(page.select("#agencies tbody tr")) == 3
