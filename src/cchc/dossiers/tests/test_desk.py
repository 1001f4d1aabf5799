"""A desk that flows (issue 10, 12–14): the desk officer's day on the home page, a message
after every action, the stopped clock, form 02 from the dossier page, the commune that
resolves a commune procedure received at the Centre, the receipt's QR and the lookups."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from cchc.core.errors import DomainError
from cchc.dossiers import services as s
from cchc.dossiers.checks import site_url_problem
from cchc.dossiers.documents.qr import lookup_url

from .conftest import at
from .test_views import soup

pytestmark = pytest.mark.django_db
APPLICANT = s.Applicant(
    name="Lê Văn Cường", phone="0987654321", address="12 Nguyễn Trãi, phường Ninh Kiều"
)
MONDAY = at(2024, 3, 4, 9)


def receive(p, proc, **kw):
    return s.dossier_receive(actor=p.motcua, procedure=proc, applicant=APPLICANT, **kw)


@time_machine.travel(MONDAY, tick=False)
def test_desk_home_shows_receive_button_today_and_the_next_days(province, procs, client_as):
    p = province
    due_fri = receive(p, procs.days)  # 5 working days → Monday 11/3
    same_day = receive(p, procs.same_day)
    waiting = s.dossier_request_supplement(
        actor=p.xuly, dossier=s.dossier_transfer(actor=p.motcua, dossier=receive(p, procs.days)),
        items="Tờ khai",
    )  # fmt: skip
    page = soup(client_as(p.motcua).get("/"))
    assert page.select_one("#desk-receive")["href"] == reverse("dossiers:receive")
    today = page.select_one("#due-today").text
    soon = page.select_one("#due-soon")
    assert (same_day.due_date, due_fri.due_date) == (dt.date(2024, 3, 4), dt.date(2024, 3, 11))
    assert same_day.code in today and due_fri.code not in today
    # 11/3 is five working days ahead: beyond the three shown.
    assert due_fri.code not in soon.text and waiting.code not in soon.text + today
    with time_machine.travel(at(2024, 3, 7, 9), tick=False):
        soon = soup(client_as(p.motcua).get("/")).select_one("#due-soon")
    row = next(li for li in soon.select("li") if due_fri.code in li.text)
    assert "d2" in row.select_one(".days-left")["class"] and "còn 2 ngày" in row.text
    assert "st-received" in row.select_one(".badge")["class"]


@time_machine.travel(MONDAY, tick=False)
def test_message_after_action_clock_stopped_and_form_02(province, procs, client_as):
    p = province
    d = s.dossier_transfer(actor=p.motcua, dossier=receive(p, procs.days))
    hx = {"HTTP_HX_REQUEST": "true"}
    url = reverse("dossiers:action", args=[d.code, "request-supplement"])
    r = client_as(p.xuly).post(url, {"version": d.version, "items": "Bản sao CCCD"}, **hx)
    panel = soup(r)
    assert "Yêu cầu bổ sung" in panel.select_one("#action-ok").text
    assert "Chờ bổ sung, hoàn thiện" in panel.select_one("#action-ok").text
    assert "tạm dừng tính thời hạn từ 09:00 04/03/2024" in panel.select_one("#clock-stopped").text
    form02 = panel.select_one("#form02-link")["href"]
    assert form02 == reverse("dossiers_documents:form", args=[d.code, "02"])
    assert client_as(p.motcua).get(form02).status_code == 200


@time_machine.travel(MONDAY, tick=False)
def test_commune_procedure_at_the_centre_asks_which_commune(province, procs, client_as):
    p = province
    with pytest.raises(DomainError, match="phải chọn nơi giải quyết"):
        receive(p, procs.commune)
    with pytest.raises(DomainError, match="không đúng cấp"):
        receive(p, procs.commune, resolving_agency=p.justice)
    d = receive(p, procs.commune, resolving_agency=p.commune_b)
    assert (d.agency, d.desk, d.level) == (p.commune_b, p.centre, "commune")
    # The page asks, with the commune the applicant's address names already chosen.
    c = client_as(p.motcua)
    data = {
        "procedure_code": procs.commune.code,
        "applicant_kind": "person",
        "applicant_name": "Lê Văn Cường",
        "applicant_address": "12 Nguyễn Trãi, phường Ninh Kiều",
        "applicant_phone": "0987654321",
        "channel": "desk",
        "sets": 1,
    }
    page = soup(c.post(reverse("dossiers:receive"), data))
    chosen = page.select_one("#id_resolving_agency option[selected]")
    assert chosen["value"] == str(p.commune_a.pk)
    assert "kiểm tra nơi giải quyết" in page.select_one("#resolving-agency").text
    r = c.post(reverse("dossiers:receive"), {**data, "resolving_agency": p.commune_a.pk})
    assert r.status_code == 302
    assert s.Dossier.objects.latest("id").agency == p.commune_a
    # A commune's own desk needs no choice.
    own = s.dossier_receive(actor=p.motcua_xa, procedure=procs.commune, applicant=APPLICANT)
    assert own.agency == p.commune_a


@time_machine.travel(at(2026, 3, 2, 9), tick=False)  # Circular 04/2025 codes: 27 characters
def test_qr_staff_search_and_public_lookup(province, procs, client_as, client, settings):
    settings.SITE_URL = "https://dichvucong.cantho.gov.vn"
    p = province
    d = s.dossier_request_supplement_at_desk(
        actor=p.motcua, procedure=procs.days, applicant=APPLICANT, items="Bản sao sổ hộ khẩu"
    )
    assert len(d.code) == 27
    url = lookup_url(d.code)
    assert url == f"https://dichvucong.cantho.gov.vn/dossiers/lookup/?code={d.code}"
    receipt = client_as(p.motcua).get(reverse("dossiers_documents:receipt", args=[d.code]))
    assert url.replace("&", "&amp;") in receipt.content.decode()
    # Typing or scanning the code or the address into the staff search opens the dossier.
    staff = client_as(p.motcua)
    for typed in (d.code, d.code.lower(), url):
        r = staff.get(reverse("dossiers:index"), {"q": typed})
        assert r.status_code == 302 and r["Location"] == reverse("dossiers:detail", args=[d.code])
    # The QR opens the public lookup with the code filled in; letter case does not matter.
    client.logout()
    page = soup(client.get(reverse("dossiers:lookup"), {"code": d.code}))
    assert page.select_one("#id_code")["value"] == d.code and not page.select(".errorlist")
    page = soup(client.get(reverse("dossiers:lookup"), {"code": d.code.lower(), "phone": "4321"}))
    nxt = page.select_one("#lookup-next").text
    assert "Bản sao sổ hộ khẩu" in page.select_one("#lookup-bring").text
    assert p.centre.name in nxt


def test_site_url_must_be_public_in_production(settings):
    assert site_url_problem("http://127.0.0.1:8000") is not None
    assert site_url_problem("https://cchc.example.vn:8000") is not None
    assert site_url_problem("https://dichvucong.cantho.gov.vn") is None
    settings.PRODUCTION = True
    settings.SITE_URL = "http://127.0.0.1:8000"
    with pytest.raises(SystemCheckError, match="dossiers.E001"):
        call_command("check")
