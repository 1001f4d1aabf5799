from __future__ import annotations

import pytest

from cchc.calendars.models import CalendarOverride
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
def test_year_view_and_adding_an_override(province, page):
    from cchc.calendars.services import calendar_seed_national

    calendar_seed_national()  # transactional tests flush the migration's rows
    sign_in(page, province.noivu)
    page.goto(page.base_url + "/calendars/vn/2026/")
    cell = page.locator('td[data-date="2026-01-02"]')
    assert "12729/VPCP-KGVX" in cell.get_attribute("title")
    screenshot(page, "calendars-year")
    page.fill("#id_date", "2026-12-31")
    page.select_option("#id_kind", "off")
    page.fill("#id_name", "Nghỉ thử nghiệm")
    page.fill("#id_document_number", "99/TB-UBND")
    page.click("#override-form button[type=submit]")
    page.wait_for_selector('td[data-date="2026-12-31"].day-override_off')
    assert CalendarOverride.objects.filter(name="Nghỉ thử nghiệm").exists()
    page.locator('td[data-date="2026-12-31"]').scroll_into_view_if_needed()
    screenshot(page, "calendars-override-added")
