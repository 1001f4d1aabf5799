"""Accessibility: axe-core checks every main page in Chromium, and the keyboard reaches main.

The pages are found, not listed: the demo province is loaded and, as each account (and as a
citizen without one), the Django test client follows the links, htmx fetches and GET forms from
the home page like ``tests/test_vietnamese_ui.py`` does, keeping one full page per view. A new
page linked from anywhere is therefore checked without touching this file. The public pages a
citizen reaches from a receipt or an SMS (lookup result, rating, survey, kiosk) are added by
their real links.

What a crawl cannot reach is then walked through as people do it (``walk``): forms sent with
mistakes and sent right (the pages that answer a POST), the fragments htmx loads when someone
types or clicks, an action form opened on a dossier, and the kiosk's thank-you page.

Each page is opened once, by the first account (in the order of ``PERSONAS``: the one whose work
the page serves) that reaches it; the home page by every account. axe-core runs at 1280 px and
again at 390 px on the same load, with the WCAG 2.0/2.1 A and AA rules; any serious or critical
violation fails the test, listed with its rule, help text and the offending elements.

axe-core is vendored in ``tests/vendor/axe-core`` (from its npm package; see the README there):
the run needs no network.
"""

from __future__ import annotations

import io
import re
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from cchc.testing.voice import seed_reference_data
from tests.test_vietnamese_ui import _get_form_url, _internal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
FAILING_IMPACTS = {"serious", "critical"}
WIDTHS = {"desktop": (1280, 860), "390px": (390, 844)}
# The order decides who checks a page that several reach: the one whose daily work it is.
PERSONAS = ["motcua", "xuly", "daumoi", "lanhdao", "noivu", "admin"]
MAX_PAGES_PER_PERSONA = 400
MAIN_PAGES = {
    "accounts:login",
    "core:home",
    "dossiers:receive",
    "dossiers:index",
    "dossiers:detail",
    "dossiers:lookup_vi",
    "procedures:index",
    "plans:index",
    "plans:task",
    "reports:index",
    "reports:report",
    "dashboard:index",
    "feedback:submit",
    "feedback:queue",
    "evaluations:rate",
    "evaluations:kiosk",
    "surveys:answer",
    "surveys:public_index",
    "indices:index",
    "indices:service",
    "staff:index",
    "inspections:index",
    "national:index",
    "calendars:year",
    "accounts:users",
}
DOWNLOAD = re.compile(r"\.[a-z]{2,5}$")


def _view(url: str) -> str | None:
    """The view a page URL opens; None for what is not a page to check: an unknown path, and a
    download (``.docx``, ``.xlsx``, ``.csv``…: costly to make, not HTML)."""
    path = urlsplit(url).path
    if DOWNLOAD.search(path):
        return None
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def discover(client: Client, starts: list[str]) -> dict[str, str]:
    """One full HTML page per view a persona reaches: view name → URL. Fragments (htmx answers
    without ``<html>``) are checked inside the page that loads them, not alone."""
    pages: dict[str, str] = {}
    queued_views: set[str] = set()
    queue: deque[str] = deque()

    def add(url: str | None) -> None:
        view = _view(url) if url else None
        if url and view and view not in queued_views:
            queued_views.add(view)
            queue.append(url)

    for start in starts:
        add(start)
    fetched = 0
    while queue and fetched < MAX_PAGES_PER_PERSONA:
        url = queue.popleft()
        fetched += 1
        response = client.get(url)
        if response.status_code in (301, 302):
            target = _internal(url, response.headers.get("Location"))
            if target and _view(target) not in queued_views:
                add(target)
            continue
        if response.status_code != 200:
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        content = response.content.decode()
        if "<html" not in content[:500]:
            continue
        pages[str(_view(url))] = url
        soup = BeautifulSoup(content, "html.parser")
        found = [_internal(url, str(a.get("href") or "")) for a in soup.select("a[href]")]
        found += [_internal(url, str(e.get("hx-get") or "")) for e in soup.select("[hx-get]")]
        found += [
            _get_form_url(url, f)
            for f in soup.select("form")
            if str(f.get("method", "get")).lower() != "post"
        ]
        for target in found:
            add(target)
    return pages


def axe_violations(page) -> list[str]:
    """axe-core's serious and critical WCAG A/AA violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("options => window.axe.run(document, options)", AXE_OPTIONS)
    lines = []
    for v in result["violations"]:
        if v["impact"] not in FAILING_IMPACTS:
            continue
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} elements)")
        for node in v["nodes"][:5]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"      {target}  {node['html'][:140]}")
    return lines


def check(page, url: str) -> list[str]:
    """Open the page once and run axe at each width (the layout answers to the resize)."""
    page.set_viewport_size({"width": WIDTHS["desktop"][0], "height": WIDTHS["desktop"][1]})
    response = page.goto(page.base_url + url)
    # What htmx loads on arrival (hx-trigger="load") is part of the page axe reads.
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
    status = response.status if response else "?"
    failures = []
    for name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        found = axe_violations(page)
        if found:
            failures.append(f"{url} ({name}, HTTP {status}):\n" + "\n".join(found))
    return failures


def public_pages() -> list[str]:
    """What a citizen opens from a receipt, an SMS or a desk tablet: real links, made the way
    the product makes them."""
    from cchc.accounts.models import User
    from cchc.dossiers.models import Dossier
    from cchc.evaluations import services as evaluations
    from cchc.organizations.models import Agency, AgencyKind
    from cchc.surveys.models import Respondent

    dossier = Dossier.objects.exclude(phone_last4="").order_by("pk").first()
    assert dossier is not None
    # The lookup with its answer (status and timeline) before the empty form: one per view.
    urls = [f"/dossiers/tra-cuu/?code={dossier.code}&phone={dossier.phone_last4}", "/login/"]
    unrated = Dossier.objects.filter(rating__isnull=True).order_by("pk").first()
    assert unrated is not None
    urls.append(urlsplit(evaluations.rating_url(unrated)).path)
    respondent = Respondent.objects.filter(answered_at=None).order_by("pk").first()
    assert respondent is not None, "the demo draws a survey sample"
    urls.append(f"/khao-sat/s/{respondent.token}/")
    desk = Agency.objects.filter(kind=AgencyKind.ONE_STOP_DESK).order_by("pk").first()
    admin = User.objects.get(username="admin")
    _kiosk, token = evaluations.kiosk_issue(actor=admin, desk=desk, name="Máy tính bảng A11Y")
    urls.append(f"/danh-gia/kiosk/{token}/")
    return urls


@pytest.mark.slow
def test_every_main_page_passes_axe_at_desktop_and_phone_width(
    browser, live_server, settings, tmp_path
):
    from cchc.accounts.models import User
    from cchc.demo import national_lake

    seed_reference_data()  # migration rows an earlier transactional test flushed
    call_command("demo", "--no-serve", "--dossiers", "40", stdout=io.StringIO())
    # A national instance too, so the national page is among the pages checked.
    national_lake.generate(str(tmp_path / "lake"), total=2_000, months=12, seed=5)
    settings.NATIONAL_LAKE = str(tmp_path / "lake")

    plan: list[tuple[str | None, list[str]]] = []
    checked: set[str] = set()
    anonymous = discover(Client(), public_pages() + ["/"])
    plan.append((None, [*anonymous.values(), "/khong-co-trang-nay/"]))  # and the 404 page
    checked.update(anonymous)
    for username in PERSONAS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        pages = discover(client, ["/"])
        plan.append((username, ["/"] + [u for v, u in pages.items() if v not in checked]))
        checked.update(pages)

    failures: list[str] = []
    for username, urls in plan:
        # One context per account, signed in once through the login form and reused.
        context, page = _context(browser, live_server.url, username)
        for url in dict.fromkeys(urls):
            failures += [f"{username or 'citizen'} {line}" for line in check(page, url)]
        context.close()
    settings.FEEDBACK_MIN_FILL_SECONDS = 0  # the walk types faster than people do
    failures += walk(browser, live_server.url)
    # The crawl still reaches the pages people work on every day (a renamed link would
    # otherwise quietly drop a page from the check).
    assert not MAIN_PAGES - checked, f"not reached: {sorted(MAIN_PAGES - checked)}"
    assert not failures, f"{len(failures)} pages with serious or critical violations:\n" + (
        "\n".join(failures)
    )


def _context(browser, base_url: str, username: str | None):
    """A browser page signed in (through the login form) as ``username``, or a citizen's."""
    from cchc.demo.organizations import PASSWORD

    # The page's CSP would refuse axe's injected script: this context ignores it.
    context = browser.new_context(locale="vi-VN", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = base_url
    if username:
        page.goto(base_url + "/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(base_url + "/")
    return context, page


def walk(browser, base_url: str) -> list[str]:
    """axe on the states of pages that only acting reaches; each step asserts it got there, so
    a changed form fails here instead of leaving a state unchecked."""
    from cchc.accounts.models import User
    from cchc.dossiers import selectors
    from cchc.dossiers.models import Dossier
    from cchc.evaluations import services as evaluations
    from cchc.evaluations.models import Rating
    from cchc.organizations.models import Agency, AgencyKind

    failures: list[str] = []

    def axe(page, what: str) -> None:
        page.wait_for_function("() => !document.querySelector('.htmx-request')")
        for name, (width, height) in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            found = axe_violations(page)
            if found:
                failures.append(f"{what} ({name}):\n" + "\n".join(found))
        page.set_viewport_size({"width": WIDTHS["desktop"][0], "height": WIDTHS["desktop"][1]})

    # A citizen: a wrong password, the feedback form with mistakes then sent, ratings sent.
    context, page = _context(browser, base_url, None)
    page.goto(base_url + "/login/")
    page.fill("#id_username", "motcua")
    page.fill("#id_password", "sai-mat-khau")
    page.click("main button[type=submit]")
    page.wait_for_selector(".errorlist, .msg-error")
    axe(page, "citizen login with a wrong password")

    page.goto(base_url + "/feedback/gui/")
    page.click("#feedback-submit")
    page.wait_for_selector(".field.has-error")
    axe(page, "citizen feedback form sent empty")
    page.fill("#id_title", "Hỏi về thời hạn cấp phiếu lý lịch")
    page.fill("#id_content", "Tôi nộp hồ sơ đã 10 ngày, xin hỏi bao giờ có kết quả?")
    page.fill("#id_sender_name", "Nguyễn Thị Hoa")
    page.fill("#id_sender_address", "12 Trần Phú, phường Ninh Kiều")
    page.fill("#id_sender_phone", "0912 345 678")
    page.click("#feedback-submit")
    page.wait_for_selector("#feedback-submitted")
    axe(page, "citizen feedback sent")

    # Two returned dossiers of the first desk, their demo ratings taken back so a citizen can
    # rate them: one through the SMS link, one on the desk's tablet.
    desk = Agency.objects.filter(kind=AgencyKind.ONE_STOP_DESK).order_by("pk").first()
    assert desk is not None
    returned = list(
        Dossier.objects.filter(status="returned", desk__path__startswith=desk.path).order_by("pk")[
            :2
        ]
    )
    assert len(returned) == 2, "the demo returns dossiers at its first desk"
    Rating.objects.filter(dossier__in=returned).delete()
    online, at_desk = returned
    page.goto(base_url + urlsplit(evaluations.rating_url(online)).path)
    page.evaluate("() => { document.getElementById('rate-form').noValidate = true; }")
    page.click("#rate-submit")
    page.wait_for_selector("#rate-error")
    axe(page, "citizen rating sent without a level")
    page.check("label[data-level='unsatisfied'] input")
    page.fill("#id_reason", "Phải đi lại hai lần.")
    page.click("#rate-submit")
    page.wait_for_selector("#rate-thanks")
    axe(page, "citizen rating sent")

    admin = User.objects.get(username="admin")
    _kiosk, token = evaluations.kiosk_issue(actor=admin, desk=desk, name="Máy A11Y 2")
    page.goto(f"{base_url}/danh-gia/kiosk/{token}/{at_desk.code}/")
    page.check("label[data-level='satisfied'] input")
    page.click("#rate-submit")
    page.wait_for_selector("#kiosk-return:not([hidden])")
    axe(page, "kiosk thank-you page with its countdown")
    context.close()

    # The desk: the fragments typing loads, then the receipt form sent with mistakes.
    context, page = _context(browser, base_url, "motcua")
    page.goto(base_url + "/dossiers/receive/")
    page.fill("#id_procedure_code", "khai sinh")
    page.wait_for_selector("#procedure-results button[data-code]")
    axe(page, "desk procedure search results")
    page.click("#procedure-results button[data-code] >> nth=0")
    page.wait_for_selector("#checklist .checklist")
    axe(page, "desk checklist of the chosen procedure")
    page.evaluate("() => { document.getElementById('receive-form').noValidate = true; }")
    page.fill("#id_procedure_code", "không-có-thủ-tục-này")
    page.click("#receive-submit")
    page.wait_for_selector("#receive-form .errorlist")
    axe(page, "desk receipt sent with an unknown procedure and no name")
    page.goto(base_url + "/dossiers/receive/")
    page.evaluate("() => { document.getElementById('desk-waiting').open = true; }")
    page.fill("#id_waiting_q", "nguyen")
    page.wait_for_selector("#waiting-list")
    axe(page, "desk search among dossiers waiting for a supplement")
    context.close()

    # A processing officer opens an action on a dossier of the queue.
    xuly = User.objects.get(username="xuly")
    queued = selectors.my_queue(xuly).first()
    assert queued is not None, "the demo gives xuly a queue"
    context, page = _context(browser, base_url, "xuly")
    page.goto(f"{base_url}/dossiers/d/{queued.code}/")
    page.click("#dossier-panel details[data-action] summary >> nth=0")
    axe(page, f"an action form opened on dossier {queued.code}")
    context.close()
    return failures


def test_tab_reaches_the_skip_link_first_and_enter_moves_to_main(province, login_page):
    page = login_page(province.motcua)
    page.goto(page.base_url + "/dossiers/")
    skip = page.locator("a.skip-link")
    hidden = skip.bounding_box()
    assert hidden and hidden["y"] + hidden["height"] <= 0, "out of sight until focused"
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.className, document.activeElement.textContent.trim()]"
    )
    assert focused == ["skip-link", "Bỏ qua đến nội dung chính"]
    shown = skip.bounding_box()
    assert shown and shown["y"] >= 0 and shown["width"] > 40, "visible while focused"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    # The next Tab goes on inside main, not back to the top bar.
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('main')")
