"""Login with throttling, password reset by e-mail, API tokens from the command line."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from cchc.accounts.models import ApiToken
from cchc.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_and_logout(province, client):
    response = client.post(reverse("accounts:login"), {"username": "daumoi", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("organizations:tree"))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_login_is_throttled_after_repeated_failures(province, client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        r = client.post(reverse("accounts:login"), {"username": "daumoi", "password": "sai"})
        assert "không đúng" in r.content.decode()
    # Even the right password is refused while locked.
    r = client.post(reverse("accounts:login"), {"username": "daumoi", "password": PASSWORD})
    assert r.status_code == 200
    assert "quá nhiều lần" in r.content.decode()
    # Another account from another address is not affected.
    r = client.post(
        reverse("accounts:login"),
        {"username": "xuly", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
    )
    assert r.status_code == 302


def test_password_reset_sends_an_email_with_a_working_link(province, client):
    response = client.post(reverse("accounts:password_reset"), {"email": "daumoi@cchc.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["daumoi@cchc.test"]
    assert "Đặt lại mật khẩu" in message.subject
    link = next(line for line in message.body.splitlines() if "/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert "Đặt mật khẩu mới" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Mat-khau-moi-2026", "new_password2": "Mat-khau-moi-2026"},
    )
    assert done.status_code == 302
    province.daumoi.refresh_from_db()
    assert province.daumoi.check_password("Mat-khau-moi-2026")


def test_password_reset_for_unknown_address_sends_nothing(province, client):
    client.post(reverse("accounts:password_reset"), {"email": "khong@co.vn"})
    assert not mail.outbox


def test_tokens_command_prints_a_working_token(province, capsys, client):
    call_command("tokens", "create", "daumoi")
    raw = capsys.readouterr().out.strip()
    assert raw.startswith("cchc_")
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200 and response.json()["username"] == "daumoi"
    call_command("tokens", "revoke", "daumoi")
    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_tokens_command_unknown_user(province):
    with pytest.raises(CommandError, match="Không có người dùng") as exc:
        call_command("tokens", "create", "khongco")
    assert exc.value.returncode == 2
    assert not ApiToken.objects.exists()


def test_everyone_changes_their_own_password(province, client_as):
    from cchc.core.models import AuditEvent

    client = client_as(province.motcua_xa)
    url = reverse("accounts:password_change")
    wrong = client.post(
        url,
        {
            "old_password": "sai",
            "new_password1": "Mot-cua-xa-2026",
            "new_password2": "Mot-cua-xa-2026",
        },
    )
    assert wrong.status_code == 200
    response = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "Mot-cua-xa-2026",
            "new_password2": "Mot-cua-xa-2026",
        },
    )
    assert response.status_code == 302
    province.motcua_xa.refresh_from_db()
    assert province.motcua_xa.check_password("Mot-cua-xa-2026")
    assert client.get("/").status_code == 200  # still logged in
    event = AuditEvent.objects.get(object_id=str(province.motcua_xa.pk), action="set_password")
    assert event.actor == province.motcua_xa


def test_behind_the_proxy_one_visitor_cannot_lock_everyone_out(province, client, settings):
    """Issue 14, finding 4: behind nginx every request has nginx's address; the client is taken
    from X-Forwarded-For (the entry the trusted proxy appended, not what the client sent)."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_FAILURE_LIMIT = 2  # an address is locked after 4 × 2 failures
    nginx = {"REMOTE_ADDR": "127.0.0.1"}
    for i in range(10):  # the attacker spoofs a different address each time: in vain
        client.post(
            reverse("accounts:login"),
            {"username": f"khong-co-{i}", "password": "sai"},
            HTTP_X_FORWARDED_FOR=f"10.9.9.{i}, 203.0.113.7",
            **nginx,
        )
    locked = client.post(
        reverse("accounts:login"),
        {"username": "daumoi", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.7",
        **nginx,
    )
    assert "quá nhiều lần" in locked.content.decode()
    other = client.post(
        reverse("accounts:login"),
        {"username": "daumoi", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.20",
        **nginx,
    )
    assert other.status_code == 302


def test_client_ip_believes_only_the_trusted_hops(rf, settings):
    from cchc.accounts.throttle import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.1.1.1, 2.2.2.2", REMOTE_ADDR="10.0.0.1")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "2.2.2.2"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "1.1.1.1"
    request = rf.get("/", HTTP_X_FORWARDED_FOR="not-an-ip", REMOTE_ADDR="10.0.0.1")
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.1"
