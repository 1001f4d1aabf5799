"""Two-step verification (issue 14, item 13): enrolment, the login's second step, backup
codes, the account lock, required roles, the admin site, rights and the audit trail."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from bs4 import BeautifulSoup
from django.core.checks import run_checks
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from cchc.accounts import services
from cchc.accounts.models import LoginFailure
from cchc.core.errors import DomainError, Forbidden
from cchc.core.models import AuditEvent
from cchc.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
CODE = reverse("accounts:login_code")
SECURITY = reverse("accounts:security")


def code(device: TOTPDevice, ahead: int = 0) -> str:
    """What the phone shows ``ahead`` steps from now (the device accepts one step ahead)."""
    device.refresh_from_db()
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + ahead)
    return f"{value:0{device.digits}d}"


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    device = services.second_factor_start(actor=user, user=user)
    codes = services.second_factor_confirm(actor=user, user=user, token=code(device))
    device.refresh_from_db()
    return device, codes


def actions(user) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(user.pk), action__startswith="otp_")
        .order_by("id")
        .values_list("action", flat=True)
    )


def later(time_machine, seconds: int) -> None:
    """The clock moves on (the next TOTP step, the library's back-off after a failure)."""
    time_machine.move_to(timezone.now() + dt.timedelta(seconds=seconds), tick=True)


def password_step(client, user):
    return client.post(LOGIN, {"username": user.username, "password": PASSWORD})


def errors(response) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(e.get_text(" ", strip=True) for e in soup.select(".errorlist, .msg-error"))


def test_without_a_second_factor_the_password_signs_in(province, client):
    response = password_step(client, province.daumoi)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_enrolment_page_shows_a_qr_code_and_the_secret_then_backup_codes_once(province, client_as):
    client = client_as(province.daumoi)
    off = BeautifulSoup(client.get(SECURITY).content, "html.parser")
    assert off.select_one("#second-factor-off") is not None
    assert client.post(reverse("accounts:security_enrol")).status_code == 302
    page = BeautifulSoup(client.get(SECURITY).content, "html.parser")
    svg = page.select_one(".totp-qr svg")
    assert svg is not None and svg.find("path") is not None  # drawn here, no image fetched
    secret = str(page.select("#totp-secret")[0]["data-secret"])
    device = TOTPDevice.objects.get(user=province.daumoi)
    assert not device.confirmed and re.fullmatch(r"[A-Z2-7]{32}", secret)
    # Still optional until confirmed: the login is one step.
    assert TOTPDevice.objects.filter(user=province.daumoi, confirmed=True).count() == 0

    wrong = client.post(reverse("accounts:security_enrol"), {"code": "000000"})
    assert "Mã xác thực không đúng" in errors(wrong)
    assert actions(province.daumoi) == ["otp_failed"]
    device.throttling_failure_count = 0  # the library's back-off: not what this test is about
    device.save()

    done = client.post(reverse("accounts:security_enrol"), {"code": code(device)})
    soup = BeautifulSoup(done.content, "html.parser")
    shown = [c.get_text() for c in soup.select("#backup-codes code")]
    assert len(shown) == 10 and len(set(shown)) == 10
    assert actions(province.daumoi) == ["otp_failed", "otp_enrol"]
    # The session that enrolled gave a code: it stays open, and the codes are not shown again.
    page = client.get(SECURITY)
    assert page.status_code == 200
    assert not any(c in page.content.decode() for c in shown)
    assert "Còn 10 mã dự phòng" in page.content.decode()


def test_with_a_second_factor_the_login_asks_for_the_code(province, client, time_machine):
    user = province.daumoi
    device, _ = enrol(user)
    response = password_step(client, user)
    assert response.status_code == 302 and response["Location"] == CODE
    # The password alone signed nobody in.
    assert client.get("/")["Location"].startswith(LOGIN)
    page = client.get(CODE)
    assert page.status_code == 200 and "Xác thực hai bước" in page.content.decode()

    wrong = client.post(CODE, {"code": "123456" if code(device, 1) != "123456" else "654321"})
    assert "Mã xác thực không đúng" in errors(wrong)
    assert LoginFailure.objects.filter(username=user.username).count() == 1
    # Straight after a failure the library waits a second before looking at another code.
    waiting = client.post(CODE, {"code": code(device, 1)})
    assert "chờ vài giây" in errors(waiting)
    later(time_machine, 2)
    response = client.post(CODE, {"code": code(device, 1)})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert not LoginFailure.objects.filter(username=user.username).exists()
    assert actions(user) == ["otp_enrol", "otp_failed"]
    failed = AuditEvent.objects.get(object_id=str(user.pk), action="otp_failed")
    assert failed.reason == "Khi đăng nhập" and failed.actor_id == user.pk


def test_a_code_is_accepted_once(province, client):
    user = province.daumoi
    device, _ = enrol(user)
    given = code(device, 1)
    password_step(client, user)
    assert client.post(CODE, {"code": given})["Location"] == "/"
    client.post(reverse("accounts:logout"))
    password_step(client, user)
    replayed = client.post(CODE, {"code": given})
    assert replayed.status_code == 200 and "đã được dùng" in errors(replayed)
    # Nobody was signed in by the replayed code.
    assert client.get("/")["Location"].startswith(LOGIN)


def test_a_backup_code_signs_in_once(province, client):
    user = province.daumoi
    _, codes = enrol(user)
    password_step(client, user)
    response = client.post(CODE, {"code": codes[0].upper()}, follow=True)
    assert "còn 9 mã" in response.content.decode()
    assert actions(user)[-1] == "otp_backup_used"
    assert StaticDevice.objects.get(user=user).token_set.count() == 9
    client.post(reverse("accounts:logout"))
    password_step(client, user)
    again = client.post(CODE, {"code": codes[0]})
    assert again.status_code == 200 and "Mã xác thực không đúng" in errors(again)


def test_failed_codes_lock_the_account_like_failed_passwords(province, client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the account lock alone, without the back-off
    user = province.daumoi
    device, _ = enrol(user)
    right = code(device, 1)
    wrong = "000000" if right != "000000" else "111111"
    password_step(client, user)
    client.post(CODE, {"code": wrong})
    # The right password again does not reset the count of wrong codes.
    assert password_step(client, user)["Location"] == CODE
    client.post(CODE, {"code": wrong})
    client.post(CODE, {"code": wrong})
    locked = client.post(CODE, {"code": right})
    assert "quá nhiều lần" in errors(locked)
    assert client.get("/")["Location"].startswith(LOGIN)
    # And the password form says the same while the lock lasts.
    assert "quá nhiều lần" in password_step(client, user).content.decode()


def test_the_pending_login_expires(province, client, settings, time_machine):
    user = province.daumoi
    device, _ = enrol(user)
    password_step(client, user)
    later(time_machine, settings.TOTP_LOGIN_TIMEOUT + 1)
    response = client.post(CODE, {"code": code(device, 1)})
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert client.get("/")["Location"].startswith(LOGIN)


def test_the_next_page_is_kept_across_the_second_step(province, client):
    user = province.daumoi
    device, _ = enrol(user)
    client.post(
        LOGIN + "?next=/agencies/",
        {"username": user.username, "password": PASSWORD, "next": "/agencies/"},
    )
    assert client.post(CODE, {"code": code(device, 1)})["Location"] == "/agencies/"


def test_required_roles_are_sent_to_enrol(province, client_as, settings):
    settings.TOTP_REQUIRED_ROLES = ["system_admin", "home_affairs"]
    client = client_as(province.noivu)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == SECURITY
    assert client.get(reverse("organizations:tree"))["Location"] == SECURITY
    page = client.get(SECURITY)
    assert page.status_code == 200 and "bắt buộc" in page.content.decode()
    assert client.post(reverse("accounts:security_enrol")).status_code == 302
    device = TOTPDevice.objects.get(user=province.noivu)
    client.post(reverse("accounts:security_enrol"), {"code": code(device)})
    assert client.get("/").status_code == 200
    # Roles not listed stay free to choose; a superuser counts as a system administrator.
    assert client_as(province.daumoi).get("/").status_code == 200
    assert client_as(province.admin).get("/")["Location"] == SECURITY


def test_an_unknown_required_role_fails_the_checks(settings):
    settings.TOTP_REQUIRED_ROLES = ["home_afairs"]
    found = [m for m in run_checks() if m.id == "cchc.accounts.E001"]
    assert len(found) == 1 and "home_afairs" in found[0].msg


def test_the_admin_site_requires_the_code(province, client):
    admin = province.admin
    device, _ = enrol(admin)
    # Its own login page is not a door: it leads to ours.
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"] == LOGIN + "?next=/admin/"
    # A session without the code (as the admin's own form would open) is closed.
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert client.get("/")["Location"].startswith(LOGIN)
    client.post(LOGIN, {"username": admin.username, "password": PASSWORD, "next": "/admin/"})
    assert client.post(CODE, {"code": code(device, 1)})["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_session_opened_before_the_enrolment_must_give_the_code(province, client_as, client):
    other = client_as(province.daumoi)
    assert other.get("/").status_code == 200
    enrol(province.daumoi)
    assert other.get("/")["Location"].startswith(LOGIN)


def test_a_user_cannot_manage_another_users_second_factor(province):
    daumoi, xuly = province.daumoi, province.xuly
    enrol(xuly)
    with pytest.raises(Forbidden):
        services.second_factor_start(actor=daumoi, user=xuly)
    with pytest.raises(Forbidden):
        services.second_factor_confirm(actor=daumoi, user=xuly, token="000000")
    with pytest.raises(Forbidden):
        services.second_factor_new_backup_codes(actor=daumoi, user=xuly, token="0", ip="")
    with pytest.raises(Forbidden):
        services.second_factor_disable(
            actor=daumoi, user=xuly, password=PASSWORD, token="000000", ip=""
        )
    # Nor may a focal point remove it; an administrator who manages the account may.
    with pytest.raises(Forbidden):
        services.second_factor_reset(actor=daumoi, user=xuly)
    with pytest.raises(Forbidden):
        services.second_factor_reset(actor=xuly, user=xuly)
    assert TOTPDevice.objects.filter(user=xuly, confirmed=True).exists()
    services.second_factor_reset(actor=province.noivu, user=xuly, reason="Mất điện thoại")
    assert not TOTPDevice.objects.filter(user=xuly).exists()
    assert not StaticDevice.objects.filter(user=xuly).exists()
    event = AuditEvent.objects.get(object_id=str(xuly.pk), action="otp_reset")
    assert event.actor_id == province.noivu.pk and event.reason == "Mất điện thoại"
    with pytest.raises(DomainError, match="chưa bật"):
        services.second_factor_reset(actor=province.noivu, user=xuly)


def test_the_reset_button_on_the_account_page(province, client_as):
    enrol(province.xuly)
    client = client_as(province.noivu)
    page = BeautifulSoup(
        client.get(reverse("accounts:user_edit", args=[province.xuly.pk])).content, "html.parser"
    )
    assert page.select_one("#second-factor form") is not None
    client.post(
        reverse("accounts:user_second_factor_reset", args=[province.xuly.pk]),
        {"reason": "Mất điện thoại"},
    )
    assert not TOTPDevice.objects.filter(user=province.xuly).exists()
    # A one-stop officer has no such page.
    other = client_as(province.motcua)
    url = reverse("accounts:user_second_factor_reset", args=[province.xuly.pk])
    assert other.post(url).status_code == 403


def test_disabling_needs_the_password_and_a_code(province, client, time_machine):
    user = province.daumoi
    device, _ = enrol(user)
    password_step(client, user)
    client.post(CODE, {"code": code(device, 1)})
    url = reverse("accounts:security_disable")
    later(time_machine, 65)  # past the step of the code that signed in
    bad_password = client.post(url, {"password": "sai", "code": code(device)})
    assert "Mật khẩu không đúng" in errors(bad_password)
    bad_code = client.post(url, {"password": PASSWORD, "code": "12345678"})
    assert "Mã xác thực không đúng" in errors(bad_code)
    assert TOTPDevice.objects.filter(user=user).exists()
    later(time_machine, 2)  # the library's back-off after the wrong code
    response = client.post(url, {"password": PASSWORD, "code": code(device)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert actions(user) == ["otp_enrol", "otp_failed", "otp_disable"]
    client.post(reverse("accounts:logout"))
    assert password_step(client, user)["Location"] == "/"


def test_new_backup_codes_replace_the_old(province, client):
    user = province.daumoi
    device, old = enrol(user)
    password_step(client, user)
    client.post(CODE, {"code": old[0]})
    response = client.post(reverse("accounts:security_backup"), {"code": code(device, 1)})
    new = [c.get_text() for c in BeautifulSoup(response.content, "html.parser").select("code")]
    assert len(new) == 10 and not set(new) & set(old)
    assert actions(user)[-1] == "otp_backup_codes"
    client.post(reverse("accounts:logout"))
    password_step(client, user)
    assert client.post(CODE, {"code": old[1]}).status_code == 200  # refused: replaced


def test_the_back_office_has_no_page_for_devices(province, client):
    """A superuser cannot read or change someone's secret in the Django admin (unaudited)."""
    from django.contrib import admin

    assert not admin.site.is_registered(TOTPDevice)
    assert not admin.site.is_registered(StaticDevice)


def test_the_pending_login_is_forgotten_once_signed_in(province, client):
    user = province.daumoi
    device, _ = enrol(user)
    password_step(client, user)
    client.post(CODE, {"code": code(device, 1)})
    assert "cchc_login_pending" not in client.session
