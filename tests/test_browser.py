"""Browser tests on Debian's Chromium: log in, find an agency without accents, switch language.
Each takes the screenshots the user guide shows (docs/img)."""

import pytest

from cchc.testing.fixtures import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_log_in(province, page):
    page.goto(page.base_url + "/login/")
    screenshot(page, "getting-started-login")
    page.fill("#id_username", "daumoi")
    page.fill("#id_password", "sai-mat-khau")
    page.click("main button[type=submit]")
    page.wait_for_selector(".errorlist")
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page.inner_text("main")
    from cchc.testing.personas import PASSWORD

    page.fill("#id_username", "daumoi")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(page.base_url + "/")
    assert "Lê Thị Đầu Mối" in page.inner_text("header")
    screenshot(page, "getting-started-home")


def test_find_an_agency_by_an_unaccented_search(province, login_page):
    page = login_page(province.noivu)
    page.click("nav.mainnav >> text=Cơ quan")
    page.wait_for_selector("#agency-tree .tree")
    screenshot(page, "organizations-tree")
    page.fill("#id_q", "so noi vu")
    # The htmx live filter swaps the tree without reloading the page.
    page.wait_for_selector("#agency-tree li.match")
    matches = page.locator("#agency-tree li.match .agency-name").all_inner_texts()
    assert matches == ["Sở Nội vụ"]
    assert "q=so%20noi%20vu" in page.url  # the filtered view has its own address
    screenshot(page, "organizations-search")
    page.click("#agency-tree li.match .agency-name")
    page.wait_for_selector("h1:has-text('Sở Nội vụ')")
    assert "Nguyễn Thị Nội Vụ" in page.inner_text("main")
    screenshot(page, "organizations-detail")


def test_switch_language_to_english_and_back(province, login_page):
    page = login_page(province.noivu)
    page.goto(page.base_url + "/agencies/")
    page.click(".lang-switch [data-lang=en]")
    page.wait_for_selector("h1:has-text('Agencies')")
    assert page.get_attribute("html", "lang") == "en"
    nav = page.inner_text("nav.mainnav")
    assert "Agencies" in nav and "Users" in nav
    screenshot(page, "getting-started-english")
    page.click("nav.mainnav >> text=Users")
    page.wait_for_selector("h1:has-text('Users')")
    screenshot(page, "users-list-en")
    page.click(".lang-switch [data-lang=vi]")
    page.wait_for_selector("h1:has-text('Người dùng')")
    assert page.get_attribute("html", "lang") == "vi"
    screenshot(page, "users-list")


def test_user_form(province, login_page):
    page = login_page(province.noivu)
    page.goto(page.base_url + f"/users/{province.xuly.pk}/")
    page.wait_for_selector("h1:has-text('Hoàng Thị Xử Lý')")
    screenshot(page, "users-edit")
    page.goto(page.base_url + f"/agencies/{province.commune_b.pk}/archive/")
    screenshot(page, "organizations-archive")
