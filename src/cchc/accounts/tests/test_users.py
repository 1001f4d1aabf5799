"""User management: administrators manage their province's accounts; everyone else is refused."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse

from cchc.accounts.models import ApiToken, Role, User
from cchc.accounts.services import user_create, user_deactivate, user_update
from cchc.core.errors import DomainError, Forbidden
from cchc.core.models import AuditEvent
from cchc.organizations.models import AgencyKind
from cchc.organizations.services import agency_create

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def usernames(response):
    return {tr.select("td")[1].get_text(strip=True) for tr in soup(response).select("tbody tr")}


@pytest.fixture
def other_province(province):
    root = agency_create(
        actor=None, parent=None, code="P96", kind=AgencyKind.PROVINCE, name="UBND tỉnh Cà Mau"
    )
    user = user_create(
        actor=None, username="camau", agency=root, role=Role.HOME_AFFAIRS, password="x"
    )
    return root, user


def test_home_affairs_lists_only_their_province(province, other_province, client_as):
    response = client_as(province.noivu).get(reverse("accounts:users"))
    assert response.status_code == 200
    names = usernames(response)
    assert {"noivu", "daumoi", "motcua_xa"} <= names
    assert "camau" not in names and "admin" not in names


def test_system_admin_lists_everyone(province, other_province, client_as):
    assert {"camau", "admin", "noivu"} <= usernames(
        client_as(province.admin).get(reverse("accounts:users"))
    )


def test_users_list_query_count(province, client_as, django_assert_max_num_queries):
    client = client_as(province.noivu)
    for i in range(20):
        user_create(actor=None, username=f"u{i}", agency=province.justice, role=Role.PROCESSING)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("accounts:users"))
    assert len(soup(response).select("tbody tr")) == User.objects.count() - 1  # not admin


def test_users_filter_by_role_and_search(province, client_as):
    client = client_as(province.noivu)
    assert usernames(client.get(reverse("accounts:users"), {"role": "leader"})) == {
        "lanhdao",
        "lanhdao_xa",
    }
    assert "daumoi" in usernames(client.get(reverse("accounts:users"), {"q": "tu phap"}))


@pytest.mark.parametrize("who", ["daumoi", "lanhdao", "motcua", "motcua_xa", "xuly"])
def test_user_pages_refused_to_non_administrators(province, client_as, who):
    client = client_as(getattr(province, who))
    target = province.xuly.pk
    for url in (
        reverse("accounts:users"),
        reverse("accounts:user_create"),
        reverse("accounts:user_edit", args=[target]),
        reverse("accounts:user_deactivate", args=[target]),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("accounts:user_deactivate", args=[target])).status_code == 403
    assert client.post(reverse("accounts:user_set_password", args=[target]), {}).status_code == 403
    assert client.post(reverse("accounts:user_send_reset", args=[target])).status_code == 403
    assert User.objects.get(pk=target).is_active


def test_home_affairs_cannot_touch_another_province(province, other_province, client_as):
    _, camau = other_province
    client = client_as(province.noivu)
    assert client.get(reverse("accounts:user_edit", args=[camau.pk])).status_code == 403
    assert client.post(reverse("accounts:user_deactivate", args=[camau.pk])).status_code == 403
    assert client.get(reverse("accounts:user_edit", args=[province.admin.pk])).status_code == 403


def test_create_user_with_password(province, client_as):
    response = client_as(province.noivu).post(
        reverse("accounts:user_create"),
        {
            "username": "tiepnhan2",
            "last_name": "Trương Thị",
            "first_name": "Hoa",
            "email": "hoa@cchc.test",
            "agency": province.centre.pk,
            "role": Role.ONE_STOP,
            "password1": "Mot-cua-2026!",
            "password2": "Mot-cua-2026!",
        },
    )
    user = User.objects.get(username="tiepnhan2")
    assert response.status_code == 302
    assert str(user) == "Trương Thị Hoa"
    assert user.check_password("Mot-cua-2026!") and user.agency == province.centre
    assert AuditEvent.objects.filter(object_id=str(user.pk), action="create").exists()
    assert not mail.outbox


def test_create_user_without_password_sends_a_reset_email(
    province, client_as, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(province.noivu).post(
            reverse("accounts:user_create"),
            {
                "username": "moi",
                "last_name": "Lý Văn",
                "first_name": "Tâm",
                "email": "tam@cchc.test",
                "agency": province.justice.pk,
                "role": Role.PROCESSING,
            },
        )
    assert response.status_code == 302
    user = User.objects.get(username="moi")
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["tam@cchc.test"]
    assert "/reset/" in mail.outbox[0].body


def test_user_without_agency_is_refused_in_vietnamese(province, client_as):
    response = client_as(province.noivu).post(
        reverse("accounts:user_create"),
        {
            "username": "khongcoquan",
            "last_name": "A",
            "first_name": "B",
            "role": Role.PROCESSING,
            "password1": "Mot-cua-2026!",
            "password2": "Mot-cua-2026!",
        },
    )
    assert response.status_code == 200
    assert "phải thuộc một cơ quan" in response.content.decode()
    assert not User.objects.filter(username="khongcoquan").exists()
    with pytest.raises(DomainError, match="phải thuộc một cơ quan"):
        user_create(actor=province.admin, username="x", agency=None, role=Role.LEADER)


def test_home_affairs_cannot_grant_system_admin(province):
    with pytest.raises(Forbidden):
        user_create(
            actor=province.noivu, username="x", agency=province.home_affairs, role=Role.SYSTEM_ADMIN
        )
    with pytest.raises(Forbidden):
        user_update(actor=province.noivu, user=province.daumoi, role=Role.SYSTEM_ADMIN)
    province.daumoi.refresh_from_db()
    assert province.daumoi.role == Role.FOCAL_POINT


def test_edit_user_moves_agency_and_records_it(province, client_as):
    client = client_as(province.noivu)
    u = province.xuly
    response = client.post(
        reverse("accounts:user_edit", args=[u.pk]),
        {
            "username": u.username,
            "last_name": u.last_name,
            "first_name": u.first_name,
            "email": u.email,
            "agency": province.construction.pk,
            "role": Role.PROCESSING,
        },
    )
    assert response.status_code == 302
    u.refresh_from_db()
    assert u.agency == province.construction
    event = AuditEvent.objects.get(object_id=str(u.pk), action="update")
    assert event.changes["agency"] == ["Sở Tư pháp", "Sở Xây dựng"]
    history = client.get(reverse("core:history", args=["accounts", "user", u.pk]))
    assert "Sở Xây dựng" in history.content.decode()


def test_user_history_refused_to_others(province, client_as):
    url = reverse("core:history", args=["accounts", "user", province.xuly.pk])
    assert client_as(province.daumoi).get(url).status_code == 403
    assert client_as(province.xuly).get(url).status_code == 200


def test_set_password_and_send_reset(province, client_as, django_capture_on_commit_callbacks):
    client = client_as(province.noivu)
    u = province.xuly
    client.post(
        reverse("accounts:user_set_password", args=[u.pk]),
        {"password1": "Xu-ly-moi-2026!", "password2": "Xu-ly-moi-2026!"},
    )
    u.refresh_from_db()
    assert u.check_password("Xu-ly-moi-2026!")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:user_send_reset", args=[u.pk]))
    assert mail.outbox[-1].to == [u.email]
    assert AuditEvent.objects.filter(object_id=str(u.pk), action="password_reset_sent").exists()


def test_deactivate_locks_login_and_revokes_tokens(province, client_as):
    u = province.xuly
    ApiToken.issue(u)
    response = client_as(province.noivu).post(
        reverse("accounts:user_deactivate", args=[u.pk]), {"reason": "Nghỉ hưu"}
    )
    assert response.status_code == 302
    u.refresh_from_db()
    assert not u.is_active
    assert not ApiToken.objects.filter(user=u, revoked_at__isnull=True).exists()
    assert AuditEvent.objects.get(object_id=str(u.pk), action="deactivate").reason == "Nghỉ hưu"


def test_cannot_deactivate_yourself(province):
    with pytest.raises(DomainError, match="tự khóa"):
        user_deactivate(actor=province.noivu, user=province.noivu)


def test_users_nav_link_only_for_administrators(province, client_as):
    url = reverse("accounts:users")
    assert soup(client_as(province.noivu).get("/")).select_one(f"nav a[href='{url}']")
    assert not soup(client_as(province.daumoi).get("/")).select_one(f"nav a[href='{url}']")


def test_add_user_from_an_agency_page_preselects_it(province, client_as):
    client = client_as(province.noivu)
    detail = soup(client.get(reverse("organizations:detail", args=[province.justice.pk])))
    link = detail.select_one("a[href*='/users/new/?agency=']")["href"]
    form = soup(client.get(link))
    assert form.select_one("#id_agency option[selected]").get_text() == "Sở Tư pháp"
