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
