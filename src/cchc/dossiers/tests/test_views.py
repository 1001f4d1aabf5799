"""Pages: the desk's receipt, queues, the dossier page with htmx actions, lookup, outbox."""

from __future__ import annotations

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.core.models import SmsMessage
from cchc.dossiers import services as s
from cchc.dossiers.models import Dossier, Status

from .conftest import at
from .test_services import APPLICANT


@pytest.fixture(autouse=True)
def march_2024():
    with time_machine.travel(at(2024, 3, 4, 9), tick=False):
        yield


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def receive(p, proc, actor=None):
    return s.dossier_receive(actor=actor or p.motcua, procedure=proc, applicant=APPLICANT)


RECEIPT = {
    "procedure_code": "1.000001",
    "applicant_kind": "person",
    "applicant_name": "Lê Văn Cường",
    "applicant_phone": "0987654321",
    "channel": "desk",
    "sets": "1",
    "components": ["Tờ khai yêu cầu cấp phiếu"],
}


def test_desk_receipt_page(province, procs, client_as):
    c = client_as(province.motcua)
    page = soup(c.get(reverse("dossiers:receive")))
    assert page.select_one("#id_procedure_code")
    found = c.get(reverse("dossiers:procedure_search"), {"q": "ly lich tu phap"})
    assert "1.000001" in found.content.decode()
    checklist = c.get(reverse("dossiers:procedure_checklist", args=[procs.days.pk]))
    assert "Bản chụp căn cước công dân" in checklist.content.decode()
    r = c.post(reverse("dossiers:receive"), RECEIPT)
    d = Dossier.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("dossiers:detail", args=[d.code])
    assert d.components == ["Tờ khai yêu cầu cấp phiếu"] and d.applicant_name == "Lê Văn Cường"
    detail = c.get(r["Location"])
    assert detail.status_code == 200 and d.code in detail.content.decode()
    if soup(detail).select_one("#receipt-link"):
        assert d.code in soup(detail).select_one("#receipt-link")["href"]


def test_desk_receipt_incomplete_gets_a_supplement_request(province, procs, client_as):
    c = client_as(province.motcua)
    r = c.post(reverse("dossiers:receive"), {**RECEIPT, "supplement_items": "Thiếu tờ khai"})
    d = Dossier.objects.get()
    assert r.status_code == 302 and d.status == Status.DESK_SUPPLEMENT


def test_receipt_page_errors(province, procs, client_as):
    c = client_as(province.motcua)
    r = c.post(reverse("dossiers:receive"), {**RECEIPT, "procedure_code": "9.999"})
    assert r.status_code == 200 and "Không có thủ tục" in r.content.decode()
    assert not Dossier.objects.exists()


@pytest.mark.parametrize("who", ["xuly", "lanhdao", "noivu"])
def test_receipt_page_refused_to_others(province, procs, client_as, who):
    assert client_as(getattr(province, who)).get(reverse("dossiers:receive")).status_code == 403


def test_dossier_page_refused_to_another_agency(province, procs, client_as):
    d = receive(province, procs.days)
    c = client_as(province.motcua_xa)
    assert c.get(reverse("dossiers:detail", args=[d.code])).status_code == 403
    r = c.post(reverse("dossiers:action", args=[d.code, "stop"]), {"reason": "x"})
    assert r.status_code == 403
    assert Dossier.objects.get(pk=d.pk).status == Status.RECEIVED


def test_htmx_actions_through_the_lifecycle(province, procs, client_as):
    p = province
    d = receive(p, procs.days)
    desk = client_as(p.motcua)
    page = soup(desk.get(reverse("dossiers:detail", args=[d.code])))
    offered = {x["data-action"] for x in page.select("details.action")}
    assert offered == {"transfer", "stop", "refuse"}
    hx = {"HTTP_HX_REQUEST": "true"}
    r = desk.post(reverse("dossiers:action", args=[d.code, "transfer"]), {"version": 1}, **hx)
    assert r["X-Dossier-Result"] == "ok" and "Đang giải quyết" in r.content.decode()
    officer = client_as(p.xuly)
    r = officer.post(
        reverse("dossiers:action", args=[d.code, "result-ready"]), {"version": 2}, **hx
    )
    assert r["X-Dossier-Result"] == "ok"
    # A stale form: someone else already moved it.
    r = officer.post(
        reverse("dossiers:action", args=[d.code, "request-supplement"]),
        {"version": 2, "items": "x"},
        **hx,
    )
    assert r["X-Dossier-Result"] == "error"
    assert "người khác cập nhật" in soup(r).select_one("#action-error").text
    desk = client_as(p.motcua)
    r = desk.post(reverse("dossiers:action", args=[d.code, "return"]), {"version": 3})
    assert r.status_code == 302
    assert Dossier.objects.get(pk=d.pk).status == Status.RETURNED


def test_leader_sees_no_actions(province, procs, client_as):
    d = receive(province, procs.days)
    page = soup(client_as(province.lanhdao).get(reverse("dossiers:detail", args=[d.code])))
    assert not page.select("details.action")
    r = client_as(province.lanhdao).post(
        reverse("dossiers:action", args=[d.code, "transfer"]), {}, HTTP_HX_REQUEST="true"
    )
    assert r["X-Dossier-Result"] == "error"


def test_queue_sorted_late_first_with_few_queries(province, procs, client_as):
    p = province
    with time_machine.travel(at(2024, 2, 26, 9), tick=False):
        late = receive(p, procs.days)  # due 4/3... received 26/2 → due 4/3
    late_dossier = s.dossier_transfer(actor=p.motcua, dossier=late)
    for _ in range(5):
        d = receive(p, procs.days)
        s.dossier_transfer(actor=p.motcua, dossier=d)
    with time_machine.travel(at(2024, 3, 5, 9), tick=False):
        c = client_as(p.xuly)
        c.get(reverse("dossiers:index"))  # warm caches (session, calendar)
        with CaptureQueriesContext(connection) as ctx:
            r = c.get(reverse("dossiers:index") + "?tab=queue")
        rows = soup(r).select("#dossier-list tbody tr")
        assert len(rows) == 6
        assert late_dossier.code in rows[0].text and "Quá hạn" in rows[0].text
        assert len(ctx.captured_queries) <= 12, [q["sql"] for q in ctx.captured_queries]


def test_agency_lists_for_leaders(province, procs, client_as):
    p = province
    # Only a procedure whose rule allows it (with its source) may ask twice.
    procs.days.supplement_repeat_allowed = True
    procs.days.supplement_rule_source = "Luật chuyên ngành (ví dụ)"
    procs.days.save()
    d = receive(p, procs.days)
    d = s.dossier_request_supplement(actor=p.xuly, dossier=d, items="a")
    d = s.dossier_supplement_received(actor=p.xuly, dossier=d)
    s.dossier_request_supplement(actor=p.xuly, dossier=d, items="b")
    c = client_as(p.lanhdao)
    r = c.get(reverse("dossiers:index") + "?tab=repeated")
    assert d.code in r.content.decode() and "Bổ sung ×2" in r.content.decode()
    assert c.get(reverse("dossiers:index") + "?tab=open").status_code == 200
    assert c.get(reverse("dossiers:index") + "?tab=late").status_code == 200
    # The commune leader sees none of the province's dossiers.
    r = client_as(p.lanhdao_xa).get(reverse("dossiers:index") + "?tab=all")
    assert d.code not in r.content.decode()


def test_bulk_transfer(province, procs, client_as):
    p = province
    ds = [receive(p, procs.days) for _ in range(3)]
    c = client_as(p.motcua)
    r = c.post(
        reverse("dossiers:bulk_transfer"),
        {"codes": [d.code for d in ds], "to_agency": p.justice.pk},
    )
    assert r.status_code == 302
    assert set(Dossier.objects.values_list("status", flat=True)) == {Status.IN_PROGRESS}


def test_public_lookup_page(province, procs, client):
    d = receive(province, procs.days)
    r = client.get(reverse("dossiers:lookup"), {"code": d.code, "phone": "4567"})
    page = soup(r)
    assert page.select_one("#lookup-status").text == "Đã tiếp nhận"
    assert "Nguyễn Văn An" not in r.content.decode()
    miss1 = client.get(reverse("dossiers:lookup"), {"code": d.code, "phone": "1111"})
    miss2 = client.get(reverse("dossiers:lookup"), {"code": "nope", "phone": "4567"})
    assert (
        soup(miss1).select_one("#lookup-error").text == soup(miss2).select_one("#lookup-error").text
    )
    assert client.get(reverse("dossiers:lookup_vi")).status_code == 200


def test_a_change_of_status_shows_on_the_lookup_at_once(province, procs, client):
    """Issue 14: the lookup is made cheap without a cache, so it can never show a stale
    status; the page and the API read the change made just before."""
    d = receive(province, procs.days)
    query = {"code": d.code.lower(), "phone": "4567"}
    page = client.get(reverse("dossiers:lookup"), query)
    assert soup(page).select_one("#lookup-status").text == "Đã tiếp nhận"
    s.dossier_transfer(actor=province.motcua, dossier=d, note="Chuyển Sở Tư pháp")
    page = client.get(reverse("dossiers:lookup"), query)
    assert soup(page).select_one("#lookup-status").text == str(Status.IN_PROGRESS.label)
    api = client.get("/api/v1/lookup", query).json()
    assert api["status"] == Status.IN_PROGRESS
    assert [t["action"] for t in api["timeline"]] == ["receive", "transfer"]


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"code": "000.00.20.H10-260601-010001"},
        {"code": 'A"<b>', "phone": "4567"},
        {"code": "", "phone": "12"},
    ],
)
def test_lookup_inputs_are_the_forms(province, procs, client, query):
    """The lookup page writes its two inputs out (rendering the widgets cost the page a fifth
    of its time): they must stay what ``LookupForm``'s widgets render."""
    from cchc.dossiers.forms import LookupForm

    r = client.get(reverse("dossiers:lookup"), query)
    page = soup(r)
    form = LookupForm(query) if "phone" in query else LookupForm(initial=query)
    form.is_valid()
    for name in ("code", "phone"):
        widget, written = (
            BeautifulSoup(str(form[name]), "html.parser").input,
            page.select_one(f"#id_{name}"),
        )
        assert widget is not None and written is not None
        expected = dict(widget.attrs)
        expected.pop("aria-describedby", None)  # names an error list the page does not show
        assert written.attrs == expected, name


def test_sms_outbox_for_administrators_only(
    province, procs, client_as, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        receive(province, procs.days)
    assert SmsMessage.objects.count() == 1
    r = client_as(province.noivu).get(reverse("dossiers:sms_outbox"))
    assert "0901234567" in r.content.decode()
    assert client_as(province.motcua).get(reverse("dossiers:sms_outbox")).status_code == 403


def test_home_widgets(province, procs, client_as):
    receive(province, procs.days)
    r = client_as(province.motcua).get("/")
    assert "Hồ sơ chờ tôi xử lý" in r.content.decode()


def test_every_page_action(province, procs, client_as):
    """Each action form of the dossier page, through the htmx endpoint."""
    p = province
    hx = {"HTTP_HX_REQUEST": "true"}

    def act(user, d, name, **data):
        d = Dossier.objects.get(pk=d.pk)
        r = client_as(user).post(
            reverse("dossiers:action", args=[d.code, name]), {"version": d.version, **data}, **hx
        )
        assert r["X-Dossier-Result"] == "ok", soup(r).select_one("#action-error")
        return Dossier.objects.get(pk=d.pk)

    with time_machine.travel(at(2024, 3, 4, 9), tick=False):
        pending = s.dossier_request_supplement_at_desk(
            actor=p.motcua, procedure=procs.days, applicant=APPLICANT, items="Thiếu tờ khai"
        )
    assert act(p.motcua, pending, "receive").status == Status.RECEIVED
    d = act(p.motcua, pending, "transfer", to_user=p.xuly.pk)
    assert d.current_owner == p.xuly
    d = act(p.xuly, d, "request-supplement", items="Bản sao hộ khẩu")
    d = act(p.motcua, d, "supplement-received")
    assert d.status == Status.IN_PROGRESS
    with time_machine.travel(at(2024, 3, 20, 9), tick=False):
        d = act(p.xuly, d, "apologize", reason="Chờ xác minh", new_due_date="2024-03-22")
        d = act(p.xuly, d, "result-ready", result="Phiếu số 3")
    assert d.timeliness == "late" and d.apology_due_date.isoformat() == "2024-03-22"
    other = receive(p, procs.days)
    assert act(p.motcua, other, "stop", reason="Người nộp rút").status == Status.STOPPED
    third = receive(p, procs.days)
    assert act(p.motcua, third, "refuse", reason="Không thuộc thẩm quyền").status == Status.REFUSED


def test_english_catalogue(province, procs, client_as):
    from django.conf import settings

    c = client_as(province.xuly)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    r = c.get(reverse("dossiers:index"))
    page = soup(r)
    assert page.select_one("h1").text == "Administrative procedure dossiers"
    assert "My queue" in r.content.decode()


@pytest.mark.parametrize(
    "target, expected",
    [
        ("https://evil.example/dossiers/", "/dossiers/"),
        ("//evil.example/", "/dossiers/"),
        ("/\\evil.example/", "/dossiers/"),
        ("javascript:alert(1)", "/dossiers/"),
        ("/dossiers/?tab=all", "/dossiers/?tab=all"),
    ],
)
def test_bulk_transfer_next_stays_on_the_site(province, procs, client_as, target, expected):
    """Issue 14, finding 7: ``next`` redirects only to a page of this site."""
    d = receive(province, procs.days)
    c = client_as(province.motcua)
    r = c.post(
        reverse("dossiers:bulk_transfer"),
        {"codes": [d.code], "to_agency": province.justice.pk, "next": target},
    )
    assert r.status_code == 302 and r["Location"] == expected
