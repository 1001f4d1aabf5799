"""Two-step verification in a real browser: a user enrols by typing the secret the page shows
into an "app" (``django_otp.oath.totp`` here), then signs in with the password and a code."""

from __future__ import annotations

from base64 import b32decode

import pytest
from django_otp.oath import totp

from cchc.testing.fixtures import screenshot
from cchc.testing.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone(secret: str, ahead: int = 0) -> str:
    """What an authenticator app shows for the secret typed in by hand."""
    return f"{totp(b32decode(secret), drift=ahead):06d}"


def test_enrol_then_sign_in_with_a_code(province, login_page):
    page = login_page(province.daumoi)
    page.goto(page.base_url + "/account/password/")
    page.click("main >> text=Xác thực hai bước")
    page.wait_for_selector("#second-factor-off")
    page.click("#start-enrolment")
    page.wait_for_selector("#enrolment .totp-qr svg")
    secret = page.get_attribute("#totp-secret", "data-secret")
    assert secret and secret.replace(" ", "") in page.inner_text("#totp-secret").replace(" ", "")
    screenshot(page, "accounts-second-factor-enrol")
    page.fill("#id_code", "000000" if phone(secret) != "000000" else "111111")
    page.click("#enrolment button[type=submit]")
    page.wait_for_selector(".errorlist")
    assert "Mã xác thực không đúng" in page.inner_text("main")
    page.wait_for_timeout(1100)  # the library's back-off after a wrong code
    page.fill("#id_code", phone(secret))
    page.click("#enrolment button[type=submit]")
    page.wait_for_selector("#backup-codes")
    codes = page.locator("#backup-codes code").all_inner_texts()
    assert len(codes) == 10
    assert "Đã bật xác thực hai bước" in page.inner_text("main")
    screenshot(page, "accounts-second-factor-codes")
    page.click("text=Tôi đã lưu các mã")
    page.wait_for_selector("#second-factor-on")

    page.click("header button:has-text('Đăng xuất')")
    page.wait_for_url("**/login/")
    page.fill("#id_username", "daumoi")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/login/code/")
    screenshot(page, "accounts-second-factor-login")
    page.fill("#id_code", phone(secret, ahead=1))  # the enrolment spent this step's code
    page.click("main button[type=submit]")
    page.wait_for_url(page.base_url + "/")
    assert "Lê Thị Đầu Mối" in page.inner_text("header")
