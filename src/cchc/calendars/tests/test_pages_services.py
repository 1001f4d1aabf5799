from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from cchc.calendars import recompute, selectors, services
from cchc.calendars.models import Calendar, CalendarOverride, OverrideKind
from cchc.core.audit import history_for
from cchc.core.errors import DomainError, Forbidden, NotFound
from cchc.organizations.models import AgencyKind
from cchc.organizations.services import agency_create
from cchc.testing import html


@pytest.fixture
def calls():
    seen: list[tuple[str, list[dt.date]]] = []

    def recomputer(code, dates):
        seen.append((code, dates))
        return len(dates)

    recompute.register(recomputer)
    recompute.register(recomputer)  # registering twice is harmless
    yield seen
    recompute.unregister(recomputer)


@pytest.fixture
def vn(db):
    return Calendar.objects.get(code="vn")


def test_override_set_audits_invalidates_and_recomputes(
    province, vn, calls, django_capture_on_commit_callbacks
):
    day = dt.date(2027, 2, 1)
    before = selectors.get_work_calendar("vn")
    assert before.is_working_day(day)
    with django_capture_on_commit_callbacks(execute=True):
        services.override_set(
            actor=province.noivu,
            calendar=vn,
            date=day,
            kind=OverrideKind.DAY_OFF,
            name="Nghỉ thêm",
            document_number="1/TB-TEST",
        )
    assert not selectors.get_work_calendar("vn").is_working_day(day)
    assert calls == [("vn", [day])]
    event = history_for(vn).first()
    assert event.action == "override_add" and event.actor == province.noivu
    assert event.changes["document_number"] == "1/TB-TEST"
    # Changing the kind on the same day is an update, seen by the cache as well.
    with django_capture_on_commit_callbacks(execute=True):
        services.override_set(
            actor=province.noivu, calendar=vn, date=day, kind=OverrideKind.WORKING_DAY, name="x"
        )
    assert selectors.get_work_calendar("vn").is_working_day(day)
    assert history_for(vn).first().action == "override_update"
    with django_capture_on_commit_callbacks(execute=True):
        services.override_remove(actor=province.noivu, calendar=vn, date=day)
    assert history_for(vn).first().action == "override_remove"
    assert len(calls) == 3


def test_only_province_administrators_edit(province, vn):
    for user in (province.motcua_xa, province.daumoi, province.lanhdao):
        with pytest.raises(Forbidden):
            services.override_set(
                actor=user, calendar=vn, date=dt.date(2027, 1, 4), kind="off", name="x"
            )
    assert not CalendarOverride.objects.filter(date=dt.date(2027, 1, 4)).exists()


def test_bad_overrides_are_refused(province, vn):
    with pytest.raises(DomainError, match="tên hoặc số văn bản"):
        services.override_set(
            actor=province.noivu, calendar=vn, date=dt.date(2027, 1, 9), kind="work"
        )
    with pytest.raises(DomainError, match="Loại"):
        services.override_set(
            actor=province.noivu, calendar=vn, date=dt.date(2027, 1, 9), kind="??", name="x"
        )
    with pytest.raises(NotFound):
        services.override_remove(actor=province.noivu, calendar=vn, date=dt.date(2027, 1, 9))


def test_province_calendar_inherits_national_overrides(province, vn):
    own = Calendar.objects.create(code="ct", name="Lịch Cần Thơ", agency=province.province, base=vn)
    services.override_set(
        actor=province.noivu, calendar=own, date=dt.date(2026, 3, 2), kind="off", name="Lễ hội"
    )
    cal = selectors.get_work_calendar("ct")
    assert not cal.is_working_day(dt.date(2026, 3, 2))
    assert cal.is_working_day(dt.date(2026, 1, 10))  # national swap inherited
    assert selectors.get_work_calendar("vn").is_working_day(dt.date(2026, 3, 2))
    assert selectors.calendar_for_agency(province.commune_a) == own
    assert selectors.calendar_for_agency(None) == vn


def test_index_and_year_view(province, client_as):
    client = client_as(province.motcua_xa)
    r = client.get("/calendars/")
    assert r.status_code == 200 and "/calendars/vn/" in r.content.decode()
    r = client.get("/calendars/vn/2026/")
    soup = BeautifulSoup(r.content, "html.parser")
    assert len(soup.select("section.month")) == 12
    assert html.text(soup, "h1").endswith("năm 2026")  # a year, not the number 2.026
    cell = html.one(soup, 'td[data-date="2026-01-02"]')
    assert "day-override_off" in cell["class"] and "12729/VPCP-KGVX" in cell["title"]
    assert "day-override_work" in html.one(soup, 'td[data-date="2026-08-22"]')["class"]
    assert "day-holiday" in html.one(soup, 'td[data-date="2026-02-17"]')["class"]
    assert soup.select_one("#override-form") is None  # a commune officer only reads
    assert client.get("/calendars/vn/").status_code == 302


def test_year_view_query_count(province, client_as, django_assert_max_num_queries):
    client = client_as(province.noivu)
    with django_assert_max_num_queries(10):
        assert client.get("/calendars/vn/2025/").status_code == 200


def test_admin_adds_and_removes_with_htmx(province, client_as, vn):
    client = client_as(province.noivu)
    page = BeautifulSoup(client.get("/calendars/vn/2027/").content, "html.parser")
    assert page.select_one("#override-form") is not None
    r = client.post(
        "/calendars/vn/2027/overrides/",
        {"date": "2027-03-05", "kind": "off", "name": "Nghỉ thử", "document_number": "9/QĐ"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200
    frag = BeautifulSoup(r.content, "html.parser")
    assert "day-override_off" in html.one(frag, 'td[data-date="2027-03-05"]')["class"]
    assert frag.select_one("html") is None  # a fragment, not a page
    r = client.post("/calendars/vn/2027/overrides/2027-03-05/delete/", HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    assert not CalendarOverride.objects.filter(date=dt.date(2027, 3, 5)).exists()
    # invalid form → errors shown, nothing written
    r = client.post("/calendars/vn/2027/overrides/", {"date": "31/02/2027", "kind": "off"})
    assert (
        r.status_code == 400
        and not CalendarOverride.objects.filter(calendar=vn).filter(date__year=2027).exists()
    )


def test_other_users_are_refused_to_edit(province, client_as):
    client = client_as(province.motcua_xa)
    r = client.post(
        "/calendars/vn/2027/overrides/", {"date": "2027-03-05", "kind": "off", "name": "x"}
    )
    assert r.status_code == 403
    assert client.post("/calendars/vn/2026/overrides/2026-01-02/delete/").status_code == 403
    assert CalendarOverride.objects.filter(date=dt.date(2026, 1, 2)).exists()


def test_calendar_of_another_province_is_hidden(province, client_as, vn):
    other = agency_create(
        actor=None, parent=None, code="P01", kind=AgencyKind.PROVINCE, name="UBND tỉnh Khác"
    )
    Calendar.objects.create(code="khac", name="Lịch tỉnh khác", agency=other, base=vn)
    client = client_as(province.motcua_xa)
    assert client.get("/calendars/khac/2026/").status_code == 404
    assert "khac" not in client.get("/calendars/").content.decode()
    assert client.get("/calendars/vn/2026/").status_code == 200
    # province-wide users of that province and system administrators see it
    assert client_as(province.admin).get("/calendars/khac/2026/").status_code == 200


def test_anonymous_is_sent_to_login(client, db):
    assert client.get("/calendars/vn/2026/").status_code == 302


def test_index_query_count(province, client_as, vn, django_assert_max_num_queries):
    for i in range(5):
        Calendar.objects.create(code=f"t{i}", name=f"Lịch {i}", agency=province.province, base=vn)
    client = client_as(province.noivu)
    with django_assert_max_num_queries(6):
        r = client.get("/calendars/")
    assert len(BeautifulSoup(r.content, "html.parser").select("#calendars tbody tr")) == 6
