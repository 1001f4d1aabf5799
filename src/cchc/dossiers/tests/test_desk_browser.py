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
from playwright.sync_api import expect

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
    page.wait_for_load_state("networkidle")  # htmx listens before the officer types
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


def _workdays_before(day: dt.date, n: int) -> dt.date:
    cal = get_work_calendar()
    while n:
        day -= dt.timedelta(days=1)
        n -= cal.is_working_day(day)
    return day


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_citizen_comes_back_with_the_papers(province, procs, morning, page, login_page, size):
    """Two citizens owe the desk papers: Bình was sent back at the desk three working days
    ago; Cường's dossier went to Sở Tư pháp, which asked for a supplement the next day. Both
    come back: the officer opens the receive page, finds each by phone or unaccented name and
    takes the papers in on the same dossier: Bình's counts as received today, Cường's clock
    resumes with the working days that were left."""
    p = province
    cal = get_work_calendar()
    vn = ZoneInfo("Asia/Ho_Chi_Minh")
    received = _workdays_before(morning, 3)
    asked_on = cal.add_workdays(received, 1)
    with time_machine.travel(dt.datetime.combine(received, dt.time(9), tzinfo=vn), tick=False):
        binh = s.dossier_request_supplement_at_desk(
            actor=p.motcua,
            procedure=procs.days,
            applicant=s.Applicant(name="Trần Thị Bình", phone="0912345678"),
            items="Bản chụp căn cước công dân",
        )
        cuong = s.dossier_transfer(
            actor=p.motcua,
            dossier=s.dossier_receive(
                actor=p.motcua,
                procedure=procs.days,
                applicant=s.Applicant(name="Lê Văn Cường", phone="0987654321"),
            ),
        )
    with time_machine.travel(dt.datetime.combine(asked_on, dt.time(9), tzinfo=vn), tick=False):
        cuong = s.dossier_request_supplement(actor=p.xuly, dossier=cuong, items="Tờ khai")
    left = 5 - cal.workdays_between(received, asked_on)  # the pause rule: 4 days left
    count = Dossier.objects.count()
    page.set_viewport_size(SIZES[size])

    login_page(p.motcua)
    page.goto(page.base_url + "/")
    page.click("#desk-receive")
    page.wait_for_selector("#desk-waiting[open] #waiting-list")
    listed = page.locator("#waiting-list li[data-code]").evaluate_all(
        "els => els.map(e => e.dataset.code)"
    )
    assert listed == [binh.code, cuong.code]
    assert "Bản chụp căn cước công dân" in page.text_content(f"li[data-code='{binh.code}']")
    fits(page)
    shot(page, "desk-waiting", size)

    # Bình: found by her phone as she says it, received today on the same dossier.
    page.fill("#id_waiting_q", "0912 345 678")
    expect(page.locator("#waiting-list li[data-code]")).to_have_count(1)
    assert page.locator("#waiting-list li[data-code]").get_attribute("data-code") == binh.code
    fits(page)
    page.click(f"li[data-code='{binh.code}'] button")
    page.wait_for_selector("#dossier-code")
    assert page.text_content("#dossier-code") == binh.code
    assert "Đã thực hiện" in page.text_content(".messages")
    binh.refresh_from_db()
    assert (binh.status, binh.received_date) == (Status.RECEIVED, morning)
    assert binh.due_date == cal.add_workdays(morning, 5)
    fits(page)

    # Cường: found by his name typed without diacritics; the clock resumes.
    page.goto(page.base_url + "/dossiers/receive/")
    page.fill("#id_waiting_q", "le van cuong")
    expect(page.locator("#waiting-list li[data-code]")).to_have_count(1)
    page.click(f"li[data-code='{cuong.code}'] button")
    page.wait_for_selector("#dossier-code")
    assert page.text_content("#dossier-code") == cuong.code
    cuong.refresh_from_db()
    assert cuong.status == Status.IN_PROGRESS and cuong.received_date == received
    assert cuong.due_date == cal.add_workdays(morning, left)
    assert Dossier.objects.count() == count  # nobody got a second dossier
    fits(page)
    shot(page, "desk-waiting-taken-in", size)
