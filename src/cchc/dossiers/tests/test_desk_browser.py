"""The desk day in a real browser, on a 390 px phone and on a desktop: the officer's home,
a receipt, hand-offs with a message after each, a supplement that stops the clock, the queue
(cards on the phone), the staff search by code and the citizen's lookup. On the phone no page
scrolls sideways. The pictures are the user guide's (docs/*/dossiers.md)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from cchc.calendars.selectors import get_work_calendar
from cchc.dossiers import services as s
from cchc.dossiers.models import Dossier, Status
from cchc.testing.fixtures import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 860}}


@pytest.fixture
def morning(db):
    """9:00 on the latest working day up to today, the clock running: a desk day whose
    same-day dossiers fall due today (and whose session cookies the real browser accepts)."""
    cal = get_work_calendar()
    day = timezone.localdate()
    while not cal.is_working_day(day):
        day -= dt.timedelta(days=1)
    start = dt.datetime.combine(day, dt.time(9), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(start, tick=True):
        yield day


def fits(page) -> None:
    """Nothing wider than the screen: the page never scrolls sideways."""
    width = page.viewport_size["width"]
    got = page.evaluate("document.documentElement.scrollWidth")
    assert got <= width, f"{page.url} is {got}px wide on a {width}px screen"


def shot(page, name: str, size: str) -> None:
    screenshot(page, f"dossiers-{name}" + ("-phone" if size == "phone" else ""))


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_desk_day(province, procs, morning, page, login_page, size):
    p = province
    page.set_viewport_size(SIZES[size])
    today = s.dossier_receive(
        actor=p.motcua,
        procedure=procs.same_day,
        applicant=s.Applicant(name="Trần Thị Bình", phone="0912345678"),
    )
    s.dossier_result_ready(actor=p.xuly, dossier=today)

    # Morning: the home page shows the receive button and what falls due.
    login_page(p.motcua)
    page.goto(page.base_url + "/")
    page.wait_for_selector("#desk-day")
    assert today.code in page.text_content("#due-today")
    fits(page)
    shot(page, "desk-home", size)

    # A citizen at the counter: receive a complete dossier.
    page.click("#desk-receive")
    page.fill("#id_procedure_code", "ly lich")
    page.click(".procedure-results button[data-code='1.000001']")
    page.wait_for_selector(".checklist[data-procedure='1.000001']")
    page.check("text=Tờ khai yêu cầu cấp phiếu")
    page.fill("#id_applicant_name", "Lê Văn Cường")
    page.fill("#id_applicant_address", "12 Nguyễn Trãi, phường Ninh Kiều")
    page.fill("#id_applicant_phone", "0987 654 321")
    fits(page)
    page.click("#receive-submit")
    page.wait_for_selector("#dossier-code")
    d = Dossier.objects.get(applicant_name="Lê Văn Cường")
    assert "Đã tiếp nhận hồ sơ" in page.text_content(".messages")
    fits(page)

    # Hand it on to the Department of Justice: a message in the panel says what happened.
    page.click("details[data-action='transfer'] summary")
    page.click("details[data-action='transfer'] button")
    page.wait_for_selector("#action-ok")
    assert "Chuyển xử lý" in page.text_content("#action-ok")
    fits(page)

    # The officer there asks for a supplement: the clock stops, form 02 prints from the page.
    page.context.clear_cookies()
    login_page(p.xuly)
    page.goto(page.base_url + f"/dossiers/d/{d.code}/")
    page.click("details[data-action='request-supplement'] summary")
    page.fill("details[data-action='request-supplement'] textarea[name=items]", "Bản sao CCCD")
    page.click("details[data-action='request-supplement'] button")
    page.wait_for_selector("#clock-stopped")
    assert "tạm dừng" in page.text_content("#clock-stopped")
    assert page.is_visible("#form02-link")
    fits(page)
    shot(page, "desk-supplement", size)

    # Back at the desk: the queue (cards on a phone) and the search by code.
    page.context.clear_cookies()
    login_page(p.motcua)
    page.goto(page.base_url + "/dossiers/?tab=all")
    page.wait_for_selector("#dossier-list")
    assert page.is_visible("#dossier-list thead") == (size == "desktop")
    fits(page)
    shot(page, "desk-queue", size)
    page.fill("#q", d.code.lower())
    page.press("#q", "Enter")
    page.wait_for_selector("#dossier-code")
    assert page.text_content("#dossier-code") == d.code

    # The applicant brings the papers; the result is ready; the desk hands it over.
    page.click("details[data-action='supplement-received'] summary")
    page.click("details[data-action='supplement-received'] button")
    page.wait_for_selector("#action-ok")
    s.dossier_result_ready(actor=p.xuly, dossier=d.pk)
    page.reload()
    page.click("details[data-action='return'] summary")
    page.click("details[data-action='return'] button")
    page.wait_for_selector("#dossier-status:has-text('Đã trả kết quả')")
    assert Dossier.objects.get(pk=d.pk).status == Status.RETURNED
    fits(page)

    # The citizen scans the receipt's QR: the code is filled in, the phone digits asked for.
    page.context.clear_cookies()
    page.goto(page.base_url + f"/dossiers/lookup/?code={today.code}")
    assert page.input_value("#id_code") == today.code
    page.fill("#id_phone", "5678")
    page.click("#lookup-form button")
    page.wait_for_selector("#lookup-next")
    assert "mời Ông/Bà đến nhận" in page.text_content("#lookup-next")
    fits(page)
    shot(page, "desk-lookup", size)
