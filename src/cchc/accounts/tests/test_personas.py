"""Stories of the four personas: each sees and changes only what is theirs, on pages and API."""

import pytest
from django.urls import reverse

from cchc.accounts.models import Role
from cchc.accounts.services import user_create
from cchc.organizations.models import Agency, AgencyKind
from cchc.organizations.services import agency_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def ca_mau(province):
    """Another province on the same installation."""
    root = agency_create(
        actor=None, parent=None, code="P96", kind=AgencyKind.PROVINCE, name="UBND tỉnh Cà Mau"
    )
    dept = agency_create(
        actor=None, parent=root, code="CM-STP", kind=AgencyKind.DEPARTMENT, name="Sở Tư pháp Cà Mau"
    )
    user_create(actor=None, username="camau", agency=dept, role=Role.FOCAL_POINT, password="x")
    return dept


def page_status(client, agency):
    return client.get(reverse("organizations:detail", args=[agency.pk])).status_code


def api_status(client, agency):
    return client.get(f"/api/v1/agencies/{agency.pk}").status_code


def test_commune_one_stop_officer_sees_only_their_commune(province, client_as, api_client):
    p = province
    web, api = client_as(p.motcua_xa), api_client(p.motcua_xa)
    assert page_status(web, p.desk_a) == 200 and api_status(api, p.desk_a) == 200
    for other in (p.commune_b, p.justice, p.province, p.centre):
        assert page_status(web, other) == 403
        assert api_status(api, other) == 403
    assert {a["code"] for a in api.get("/api/v1/agencies/?q=uy ban").json()["items"]} == {"X31117"}


def test_department_focal_point_reads_their_department_only(province, client_as, api_client):
    p = province
    web, api = client_as(p.daumoi), api_client(p.daumoi)
    assert page_status(web, p.justice) == 200
    assert page_status(web, p.home_affairs) == 403 and api_status(api, p.commune_a) == 403
    assert web.get(reverse("organizations:edit", args=[p.justice.pk])).status_code == 403
    assert web.get(reverse("accounts:users")).status_code == 403
    response = api.patch(
        f"/api/v1/agencies/{p.justice.pk}", {"short_name": "X"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_home_affairs_manages_the_province_but_not_another(province, ca_mau, client_as, api_client):
    p = province
    web, api = client_as(p.noivu), api_client(p.noivu)
    assert page_status(web, p.commune_b) == 200
    assert web.get(reverse("organizations:edit", args=[p.justice.pk])).status_code == 200
    assert page_status(web, ca_mau) == 403 and api_status(api, ca_mau) == 403
    response = api.patch(
        f"/api/v1/agencies/{ca_mau.pk}", {"short_name": "X"}, content_type="application/json"
    )
    assert response.status_code == 403
    response = api.post(
        "/api/v1/agencies/",
        {"code": "Y", "kind": "other", "name": "Y", "parent_id": ca_mau.pk},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "camau" not in web.get(reverse("accounts:users")).content.decode()
    assert not Agency.objects.filter(code="Y").exists()
    assert Agency.objects.get(pk=ca_mau.pk).short_name == ""


def test_leader_reads_the_province_and_changes_nothing(province, client_as, api_client):
    p = province
    web, api = client_as(p.lanhdao), api_client(p.lanhdao)
    for agency in (p.justice, p.commune_b, p.desk_a):
        assert page_status(web, agency) == 200 and api_status(api, agency) == 200
    assert web.get(reverse("organizations:create")).status_code == 403
    assert web.post(reverse("organizations:archive", args=[p.justice.pk])).status_code == 403
    assert web.get(reverse("accounts:user_edit", args=[p.xuly.pk])).status_code == 403
    assert api.get("/api/v1/me").json()["read_only"] is True
    # The commune leader reads only the commune.
    assert page_status(client_as(p.lanhdao_xa), p.commune_b) == 403
