"""The citizen comes back to the desk with the papers (issue 10): the receive page offers the
desk's dossiers waiting for the citizen, found by code, name or phone, and takes the complete
file in on the same dossier. Asked at receipt, the dossier counts as received now; asked during
processing, the clock resumes with the working days that were left (DOMAIN 5). Filling the
new-dossier form for someone who is coming back shows their dossier instead of opening a
second one, unless the officer says it is another dossier."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from cchc.dossiers import services as s
from cchc.dossiers.models import Dossier, Status

from .conftest import at
from .test_views import soup

pytestmark = pytest.mark.django_db

BINH = s.Applicant(name="Trần Thị Bình", phone="0912 345 678", address="Phường Cái Khế")
CUONG = s.Applicant(name="Lê Văn Cường", id_number="092090001234", phone="0987654321")


def workdays_add(start: dt.date, n: int) -> dt.date:
    """What ``cchc workdays add`` prints (the command officers and scripts use)."""
    out = io.StringIO()
    call_command("workdays", "add", start.isoformat(), str(n), stdout=out)
    return dt.date.fromisoformat(out.getvalue().strip())


@pytest.fixture
def waiting(province, procs):
    """Mon 4/3/2024: Bình's dossier is sent back at the desk (incomplete); Cường's is received
    and handed to Sở Tư pháp, which asks for a supplement on Wed 6/3 (two of five working days
    used). A commune desk's waiting dossier belongs to another desk."""
    p = province
    with time_machine.travel(at(2024, 3, 4, 9), tick=False):
        sent_back = s.dossier_request_supplement_at_desk(
            actor=p.motcua, procedure=procs.days, applicant=BINH, items="Bản chụp căn cước"
        )
        asked = s.dossier_receive(actor=p.motcua, procedure=procs.days, applicant=CUONG)
        asked = s.dossier_transfer(actor=p.motcua, dossier=asked)
        other_desk = s.dossier_request_supplement_at_desk(
            actor=p.motcua_xa, procedure=procs.commune, applicant=BINH, items="Tờ khai"
        )
    with time_machine.travel(at(2024, 3, 6, 9), tick=False):
        asked = s.dossier_request_supplement(actor=p.xuly, dossier=asked, items="Tờ khai")
    return sent_back, asked, other_desk


def codes_listed(page) -> list[str]:
    return [li["data-code"] for li in page.select("#waiting-list li[data-code]")]


@time_machine.travel(at(2024, 3, 20, 9), tick=False)
def test_receive_page_offers_the_desk_waiting_dossiers(province, waiting, client_as):
    sent_back, asked, other_desk = waiting
    c = client_as(province.motcua)
    # The desk officer's home page counts them and links to exactly this list.
    home = soup(c.get("/"))
    button = home.select_one("#desk-waiting-count")
    assert button.text.strip() == "2 hồ sơ chờ người nộp bổ sung"
    assert button["href"] == reverse("dossiers:receive") + "#desk-waiting"
    page = soup(c.get(reverse("dossiers:receive")))
    assert codes_listed(page) == [sent_back.code, asked.code]  # the longest waiting first
    assert other_desk.code not in page.text  # another desk's
    row = page.select_one(f"#waiting-list li[data-code='{sent_back.code}']")
    assert "Bản chụp căn cước" in row.text and "0912 345 678" in row.text
    assert row.select_one("form")["action"] == reverse(
        "dossiers:action", args=[sent_back.code, "receive"]
    )
    asked_row = page.select_one(f"#waiting-list li[data-code='{asked.code}']")
    assert "chờ bổ sung từ 06/03/2024" in asked_row.text
    assert asked_row.select_one("form")["action"] == reverse(
        "dossiers:action", args=[asked.code, "supplement-received"]
    )
    # Found by code (typed in any case, or scanned from the receipt's QR), name without
    # diacritics, or phone however it is spaced.
    search = reverse("dossiers:desk_waiting")
    for typed, expected in [
        (asked.code.lower(), [asked.code]),
        (f"https://cchc.example.vn/dossiers/lookup/?code={sent_back.code}", [sent_back.code]),
        ("tran thi binh", [sent_back.code]),
        ("0912345678", [sent_back.code]),
        ("0987 654 321", [asked.code]),
        ("0987.654.321", [asked.code]),
        ("nguyen van khong co", []),
    ]:
        assert codes_listed(soup(c.get(search, {"waiting_q": typed}))) == expected, typed
    assert (
        "Không có hồ sơ chờ bổ sung nào khớp"
        in soup(c.get(search, {"waiting_q": "khong co ai"})).text
    )
    # The page's own search (without htmx) lands on the same list.
    page = soup(c.get(reverse("dossiers:receive"), {"waiting_q": "binh"}))
    assert codes_listed(page) == [sent_back.code]
    # Only desk officers: a processing officer and another desk see nothing of it.
    assert client_as(province.xuly).get(search).status_code == 403
    page = soup(client_as(province.motcua_xa).get(reverse("dossiers:receive")))
    assert codes_listed(page) == [other_desk.code]


@time_machine.travel(at(2024, 3, 20, 9), tick=False)
def test_taking_the_file_in_keeps_the_dossier_and_the_clock_rule(province, waiting, client_as):
    sent_back, asked, _ = waiting
    c = client_as(province.motcua)
    count = Dossier.objects.count()
    page = soup(c.get(reverse("dossiers:receive")))
    for d in (sent_back, asked):
        form = page.select_one(f"#waiting-list li[data-code='{d.code}'] form")
        r = c.post(form["action"], {"version": form.select_one("[name=version]")["value"]})
        assert r.status_code == 302 and r["Location"] == reverse("dossiers:detail", args=[d.code])
    assert Dossier.objects.count() == count  # no new dossier
    sent_back.refresh_from_db()
    asked.refresh_from_db()
    # Sent back at the desk: received now, the whole five days from today.
    assert sent_back.status == Status.RECEIVED
    assert sent_back.received_date == dt.date(2024, 3, 20)
    assert sent_back.due_date == workdays_add(dt.date(2024, 3, 20), 5) == dt.date(2024, 3, 27)
    assert sent_back.desk_supplement_count == 1
    # Asked during processing: the clock resumes with the three days left (pause rule).
    assert asked.status == Status.IN_PROGRESS
    assert asked.received_date == dt.date(2024, 3, 4)
    assert asked.due_date == workdays_add(dt.date(2024, 3, 20), 3) == dt.date(2024, 3, 25)
    ev = asked.events.get(action="supplement_received")
    assert ev.actor == province.motcua and ev.data["rule"] == "pause"
    # Both have left the waiting list.
    assert codes_listed(soup(c.get(reverse("dossiers:receive")))) == []


RETURNING = {
    "procedure_code": "1.000001",
    "applicant_kind": "person",
    "applicant_name": "trần thị bình",
    "applicant_phone": "0912345678",
    "channel": "desk",
    "sets": "1",
}


@time_machine.travel(at(2024, 3, 20, 9), tick=False)
def test_new_receipt_for_a_returning_citizen_offers_their_dossier(province, waiting, client_as):
    sent_back, _, _ = waiting
    c = client_as(province.motcua)
    count = Dossier.objects.count()
    page = soup(c.post(reverse("dossiers:receive"), RETURNING))
    assert Dossier.objects.count() == count
    assert "đang có hồ sơ chờ bổ sung" in page.select_one(".errorlist").text
    assert [li["data-code"] for li in page.select("#returning li[data-code]")] == [sent_back.code]
    assert page.select_one("#new-dossier input[name=new_dossier]") is not None
    # A second birth registration for the same person is another dossier: the officer says so.
    r = c.post(reverse("dossiers:receive"), {**RETURNING, "new_dossier": "on"})
    assert r.status_code == 302 and Dossier.objects.count() == count + 1
    new = Dossier.objects.latest("id")
    assert new.code != sent_back.code and new.status == Status.RECEIVED


@time_machine.travel(at(2024, 3, 20, 9), tick=False)
def test_waiting_list_queries_do_not_grow_with_the_dossiers(province, procs, waiting, client_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_as(province.motcua)
    url = reverse("dossiers:desk_waiting")
    c.get(url)  # session and user loaded once
    with CaptureQueriesContext(connection) as two:
        c.get(url)
    for i in range(5):
        s.dossier_request_supplement_at_desk(
            actor=province.motcua,
            procedure=procs.days,
            applicant=s.Applicant(name=f"Người nộp {i}", phone=f"09000000{i:02d}"),
            items="Tờ khai",
        )
    with CaptureQueriesContext(connection) as seven:
        page = soup(c.get(url))
    assert len(codes_listed(page)) == 7
    assert len(seven) == len(two)
