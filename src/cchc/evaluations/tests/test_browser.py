"""Browser story: a citizen rates at the desk's tablet; the thank-you page goes back to the list
by itself after a visible countdown that the citizen can stop (WCAG 2.2.1)."""

from __future__ import annotations

import pytest

from cchc.evaluations import services
from cchc.evaluations.models import Rating
from cchc.evaluations.views import KIOSK_RETURN_SECONDS
from cchc.testing.fixtures import screenshot
from cchc.testing.voice import returned_dossier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _rate_on_kiosk(page, province, procs) -> tuple[str, str, str]:
    first = returned_dossier(province, procs.days)
    second = returned_dossier(province, procs.days)
    _kiosk, token = services.kiosk_issue(actor=province.noivu, desk=province.centre, name="Quầy 1")
    page.clock.install()
    page.goto(f"{page.base_url}/danh-gia/kiosk/{token}/")
    page.click(f"a[data-code='{first.code}']")
    page.check("label[data-level='satisfied'] input")
    page.click("#rate-submit")
    page.wait_for_selector("#rate-thanks")
    # kiosk.js (deferred) shows the countdown once the page has loaded
    page.wait_for_selector("#kiosk-return", state="visible")
    assert Rating.objects.get(dossier=first).channel == "kiosk"
    return token, first.code, second.code


def test_kiosk_thanks_counts_down_back_to_the_list(province, procs, page):
    token, _rated, waiting = _rate_on_kiosk(page, province, procs)
    assert page.text_content("#kiosk-return-seconds") == str(KIOSK_RETURN_SECONDS)
    screenshot(page, "evaluations-kiosk-thanks")
    page.clock.run_for(5_000)
    assert page.text_content("#kiosk-return-seconds") == str(KIOSK_RETURN_SECONDS - 5)
    page.clock.run_for((KIOSK_RETURN_SECONDS - 5) * 1000)
    page.wait_for_url(f"{page.base_url}/danh-gia/kiosk/{token}/")
    # The next citizen sees the list, with the rated dossier gone and theirs still there.
    assert page.locator(f"a[data-code='{waiting}']").count() == 1
    assert page.locator("#rate-thanks").count() == 0


def test_kiosk_thanks_stays_when_the_citizen_asks(province, procs, page):
    token, rated, _waiting = _rate_on_kiosk(page, province, procs)
    page.click("#kiosk-return-stop")
    assert not page.locator("#kiosk-return").is_visible()
    page.clock.run_for((KIOSK_RETURN_SECONDS + 10) * 1000)
    assert page.locator("#rate-thanks").is_visible()
    assert page.url == f"{page.base_url}/danh-gia/kiosk/{token}/{rated}/"
