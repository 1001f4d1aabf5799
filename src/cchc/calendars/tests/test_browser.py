from __future__ import annotations

import pytest

from cchc.calendars.models import CalendarOverride
from cchc.testing.fixtures import screenshot


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_year_view_and_adding_an_override(province, page, login_page):
    from cchc.calendars.services import calendar_seed_national

    calendar_seed_national()  # transactional tests flush the migration's rows
    login_page(province.noivu)
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
