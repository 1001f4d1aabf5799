"""Agency pages: the tree, its unaccented live filter, detail, and the administrators' forms."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from cchc.core.models import AuditEvent
from cchc.organizations.models import Agency, AgencyKind
from cchc.organizations.services import agency_archive

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def names(response):
    return [a.get_text(strip=True) for a in soup(response).select(".tree .agency-name")]


def test_tree_shows_the_whole_province_to_home_affairs(province, client_as):
    response = client_as(province.noivu).get(reverse("organizations:tree"))
    assert response.status_code == 200
    assert "Sở Tư pháp" in names(response)
    assert "Bộ phận Một cửa phường Ninh Kiều" in names(response)
    assert reverse("organizations:index") == reverse("organizations:tree")


def test_tree_shows_a_commune_officer_only_their_commune(province, client_as):
    response = client_as(province.motcua_xa).get(reverse("organizations:tree"))
    assert names(response) == [
        "Ủy ban nhân dân phường Ninh Kiều",
        "Bộ phận Một cửa phường Ninh Kiều",
    ]
    assert not soup(response).select("a[href$='/agencies/new/']")


def test_unaccented_search_finds_the_department_with_its_ancestors(province, client_as):
    client = client_as(province.noivu)
    response = client.get(reverse("organizations:tree"), {"q": "so noi vu"})
    matches = [li.select_one(".agency-name").get_text() for li in soup(response).select("li.match")]
    assert matches == ["Sở Nội vụ"]
    # The province is shown as context, greyed, not as a match.
    assert "Ủy ban nhân dân thành phố Cần Thơ" in names(response)


def test_htmx_filter_returns_only_the_fragment(province, client_as):
    response = client_as(province.noivu).get(
        reverse("organizations:tree"),
        {"q": "tu phap"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="agency-tree",
    )
    assert b"<html" not in response.content
    assert [
        li.select_one(".agency-name").get_text() for li in soup(response).select("li.match")
    ] == ["Sở Tư pháp"]


def test_kind_filter(province, client_as):
    response = client_as(province.noivu).get(reverse("organizations:tree"), {"kind": "commune"})
    matches = {li.select_one(".agency-name").get_text() for li in soup(response).select("li.match")}
    assert matches == {"Ủy ban nhân dân phường Ninh Kiều", "Ủy ban nhân dân phường Cái Khế"}


def test_archived_agencies_are_greyed_and_hidden_unless_asked(province, client_as):
    agency_archive(
        actor=province.noivu,
        agency=province.commune_b,
        valid_to=timezone.localdate() - dt.timedelta(days=1),
        successor=province.commune_a,
        reason="Nghị quyết sáp nhập",
    )
    client = client_as(province.noivu)
    assert "Ủy ban nhân dân phường Cái Khế" not in names(client.get(reverse("organizations:tree")))
    response = client.get(reverse("organizations:tree"), {"archived": "on"})
    archived = soup(response).select("li.archived .agency-name")
    assert [a.get_text() for a in archived] == ["Ủy ban nhân dân phường Cái Khế"]


def test_tree_query_count_does_not_grow_with_agencies(
    province, client_as, django_assert_max_num_queries
):
    client = client_as(province.noivu)
    client.get(reverse("organizations:tree"))
    for i in range(30):
        Agency.objects.create(
            code=f"T{i}",
            kind=AgencyKind.OTHER,
            name=f"Đơn vị {i}",
            parent=province.province,
            path=f"{province.province.path}9{i:05d}/",
            depth=1,
        )
    with django_assert_max_num_queries(6):
        response = client.get(reverse("organizations:tree"))
    assert len(names(response)) == Agency.objects.count()


def test_detail_lists_members_children_and_history_link(province, client_as):
    response = client_as(province.daumoi).get(
        reverse("organizations:detail", args=[province.justice.pk])
    )
    page = soup(response)
    assert response.status_code == 200
    text = page.get_text()
    assert "Lê Thị Đầu Mối" in text and "Hoàng Thị Xử Lý" in text
    assert page.select_one(f"a[href='/history/organizations/agency/{province.justice.pk}/']")
    # A focal point reads, but does not administer.
    assert not page.select_one(f"a[href='/agencies/{province.justice.pk}/edit/']")


def test_detail_of_another_agency_is_refused(province, client_as):
    client = client_as(province.motcua_xa)
    response = client.get(reverse("organizations:detail", args=[province.justice.pk]))
    assert response.status_code == 403
    assert "không có quyền" in response.content.decode()


def test_detail_shows_successor_and_predecessors(province, client_as):
    agency_archive(
        actor=None,
        agency=province.commune_b,
        valid_to=dt.date(2025, 6, 30),
        successor=province.commune_a,
        reason="Sáp nhập 2025",
    )
    client = client_as(province.noivu)
    old = soup(client.get(reverse("organizations:detail", args=[province.commune_b.pk])))
    assert "Ủy ban nhân dân phường Ninh Kiều" in old.get_text()
    new = soup(client.get(reverse("organizations:detail", args=[province.commune_a.pk])))
    assert new.select_one(f"a[href='/agencies/{province.commune_b.pk}/']")


@pytest.mark.parametrize("who", ["daumoi", "lanhdao", "motcua_xa", "motcua", "xuly"])
def test_only_province_administrators_may_create_edit_archive(province, client_as, who):
    client = client_as(getattr(province, who))
    pk = province.justice.pk
    for url in (
        reverse("organizations:create"),
        reverse("organizations:edit", args=[pk]),
        reverse("organizations:archive", args=[pk]),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, {"name": "X", "code": "X", "reason": "x"}).status_code == 403
    assert Agency.objects.get(pk=pk).name == "Sở Tư pháp"
    assert not Agency.objects.filter(code="X").exists()


def test_home_affairs_creates_an_agency_with_an_audit_event(province, client_as):
    client = client_as(province.noivu)
    response = client.post(
        reverse("organizations:create"),
        {
            "code": "SYT",
            "kind": "department",
            "name": "Sở Y tế",
            "short_name": "SYT",
            "electronic_id": "000.00.08.H10",
            "parent": province.province.pk,
            "sort_order": 0,
        },
    )
    agency = Agency.objects.get(code="SYT")
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:detail", args=[agency.pk])
    assert agency.is_within(province.province) and agency.group == "departments"
    event = AuditEvent.objects.get(object_id=str(agency.pk), action="create")
    assert event.actor == province.noivu and event.changes["name"] == "Sở Y tế"
    assert Agency.objects.search("so y te").get() == agency


def test_create_with_missing_fields_writes_nothing(province, client_as):
    before = Agency.objects.count()
    response = client_as(province.noivu).post(
        reverse("organizations:create"), {"code": "", "name": "", "parent": province.province.pk}
    )
    assert response.status_code == 200
    assert soup(response).select(".has-error")
    assert Agency.objects.count() == before


def test_edit_records_what_changed_and_why(province, client_as):
    client = client_as(province.noivu)
    a = province.construction
    response = client.post(
        reverse("organizations:edit", args=[a.pk]),
        {
            "code": a.code,
            "kind": a.kind,
            "name": "Sở Xây dựng thành phố Cần Thơ",
            "short_name": a.short_name,
            "electronic_id": a.electronic_id,
            "parent": province.province.pk,
            "sort_order": 0,
            "group": a.group,
            "reason": "Đổi tên theo quyết định",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(object_id=str(a.pk), action="update").get()
    assert event.changes["name"] == ["Sở Xây dựng", "Sở Xây dựng thành phố Cần Thơ"]
    assert event.reason == "Đổi tên theo quyết định"
    history = client.get(reverse("core:history", args=["organizations", "agency", a.pk]))
    assert "Sở Xây dựng thành phố Cần Thơ" in history.content.decode()


def test_archive_page_sets_end_date_and_successor(province, client_as):
    client = client_as(province.noivu)
    b = province.commune_b
    response = client.post(
        reverse("organizations:archive", args=[b.pk]),
        {"valid_to": "2025-06-30", "successor": province.commune_a.pk, "reason": "Sáp nhập"},
    )
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.is_archived and b.successor == province.commune_a
    assert Agency.objects.filter(pk=b.pk).exists()  # archived, never deleted


def test_history_of_an_agency_is_refused_outside_scope(province, client_as):
    url = reverse("core:history", args=["organizations", "agency", province.justice.pk])
    assert client_as(province.motcua_xa).get(url).status_code == 403
    assert client_as(province.daumoi).get(url).status_code == 200


def test_siblings_are_ordered_by_their_order_then_name(province, client_as):
    from cchc.organizations.services import agency_update

    agency_update(actor=None, agency=province.commune_a, sort_order=1000)
    agency_update(actor=None, agency=province.commune_b, sort_order=1000)
    agency_update(actor=None, agency=province.justice, sort_order=1)
    shown = names(client_as(province.noivu).get(reverse("organizations:tree")))
    assert shown[:6] == [
        "Ủy ban nhân dân thành phố Cần Thơ",
        "Sở Nội vụ",
        "Sở Xây dựng",
        "Trung tâm Phục vụ hành chính công thành phố",
        "Văn phòng Ủy ban nhân dân thành phố",
        "Sở Tư pháp",
    ]
    # A subtree follows its parent, whatever its order among all agencies.
    assert shown[-3:] == [
        "Ủy ban nhân dân phường Cái Khế",
        "Ủy ban nhân dân phường Ninh Kiều",
        "Bộ phận Một cửa phường Ninh Kiều",
    ]
