from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cchc.demo import procedures as demo
from cchc.testing.fixtures import screenshot


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_catalogue_search_without_diacritics(province, page, login_page):
    demo.load({"agencies": {"STP": province.justice, "SXD": province.construction}})
    login_page(province.motcua_xa)
    page.goto(page.base_url + "/procedures/")
    page.fill("#id_q", "dang ky khai sinh")
    page.press("#id_q", "Enter")  # htmx swaps the results; without JavaScript the form submits
    rows = page.locator("#procedure-list tbody tr")
    # a locator assertion, not a string predicate: the page's CSP forbids eval, rightly
    expect(rows).to_have_count(3)
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
