from __future__ import annotations

import pytest

from cchc.procedures import demo
from cchc.testing.fixtures import screenshot


@pytest.fixture(autouse=True)
def _project_static(settings):
    # The project's own static folder (base CSS, htmx) until settings serve it on main.
    from pathlib import Path

    import cchc

    folder = Path(cchc.__file__).parent / "static"
    if folder not in [Path(p) for p in getattr(settings, "STATICFILES_DIRS", [])]:
        settings.STATICFILES_DIRS = [*getattr(settings, "STATICFILES_DIRS", []), folder]


def sign_in(page, user):
    """Through the real login form. (The shared ``login_page`` fixture clicks the first
    submit button of the page, which is the language switch in the top bar.)"""
    from cchc.testing.personas import PASSWORD

    page.goto(page.base_url + "/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_catalogue_search_without_diacritics(province, page):
    demo.load({"agencies": {"STP": province.justice, "SXD": province.construction}})
    sign_in(page, province.motcua_xa)
    page.goto(page.base_url + "/procedures/")
    page.fill("#id_q", "dang ky khai sinh")
    page.press("#id_q", "Enter")  # htmx swaps the results; without JavaScript the form submits
    page.wait_for_function("document.querySelectorAll('#procedure-list tbody tr').length === 3")
    rows = page.locator("#procedure-list tbody tr")
    assert "Đăng ký khai sinh" in rows.first.inner_text()
    assert all("khai sinh" in t for t in rows.all_inner_texts())
    from urllib.parse import parse_qs, urlparse

    # the search is bookmarkable (htmx pushes the address; without JavaScript the form GETs it)
    assert parse_qs(urlparse(page.url).query)["q"] == ["dang ky khai sinh"]
    screenshot(page, "procedures-search")
    rows.first.locator("a").click()
    page.wait_for_selector("#documents")
    assert "Tờ khai đăng ký khai sinh" in page.locator("#documents").inner_text()
    screenshot(page, "procedures-detail")
    page.goto(page.base_url + "/procedures/stats/?date_from=2025-01-01&date_to=2025-12-31")
    assert page.locator("#by-level").is_visible()
    screenshot(page, "procedures-stats")
