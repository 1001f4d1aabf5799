"""Forms read the legal clock: a reprinted receipt (01) keeps the appointment given at receipt
and writes a later one apart; the supplement request (02) states the rule that applies; the
control sheet (06) judges each hand-off against its step's allowance."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse

from cchc.dossiers import services as s

from .conftest import at

APPLICANT = s.Applicant(name="Nguyễn Văn An", id_number="092090001234", phone="0901234567")


def soup(client, code, no):
    response = client.get(reverse("dossiers_documents:form", args=[code, no]))
    assert response.status_code == 200, response.content[:300]
    return BeautifulSoup(response.content, "html.parser")


def field(page, key):
    return page.select_one(f"[data-field={key}]").get_text(" ", strip=True)


@pytest.fixture
def paused(province, procs):
    """Received Mon 4/3/2024 9:00 (5 working days, due 11/3), handed to Sở Tư pháp, supplement
    asked Wed 6/3 (two days used), file back Wed 20/3: due 25/3."""
    p = province
    with time_machine.travel(at(2024, 3, 4, 9), tick=False):
        d = s.dossier_receive(actor=p.motcua, procedure=procs.days, applicant=APPLICANT)
    with time_machine.travel(at(2024, 3, 4, 10), tick=False):
        d = s.dossier_transfer(actor=p.motcua, dossier=d)
    with time_machine.travel(at(2024, 3, 6, 9), tick=False):
        d = s.dossier_request_supplement(
            actor=p.xuly,
            dossier=d,
            items="Bản sao giấy khai sinh\nẢnh 4x6",
            reason="Thiếu giấy tờ",
        )
    return d


def test_form_02_states_the_pause_rule_and_everything_missing(province, client_as, paused):
    page = soup(client_as(province.xuly), paused.code, "02")
    items = [li.get_text(strip=True) for li in page.select("[data-field=items] li")]
    assert items == ["Bản sao giấy khai sinh", "Ảnh 4x6"]
    text = page.get_text(" ", strip=True)
    assert "yêu cầu bổ sung, hoàn thiện hồ sơ một lần" in text
    assert "Thời gian mà cơ quan đã giải quyết lần đầu được tính trong thời gian giải quyết" in text
    assert "2 ngày làm việc đã giải quyết, còn lại 3 ngày làm việc" in text
    assert "Nghị định số 61/2018/NĐ-CP" in text and "107/2021/NĐ-CP" in text


def test_form_02_states_a_restart_rule_with_its_source(province, client_as, procs):
    p = province
    procs.days.supplement_rule = "restart"
    procs.days.supplement_rule_source = "Điều 5 Luật chuyên ngành X"
    procs.days.save()
    with time_machine.travel(at(2024, 3, 4, 9), tick=False):
        d = s.dossier_receive(actor=p.motcua, procedure=procs.days, applicant=APPLICANT)
        d = s.dossier_transfer(actor=p.motcua, dossier=d)
        d = s.dossier_request_supplement(actor=p.xuly, dossier=d, items="Tờ khai")
    text = soup(client_as(p.xuly), d.code, "02").get_text(" ", strip=True)
    assert "được tính lại từ đầu" in text and "Điều 5 Luật chuyên ngành X" in text


def test_reprinted_receipt_keeps_the_first_appointment_and_shows_the_later_one(
    province, client_as, paused
):
    with time_machine.travel(at(2024, 3, 20, 9), tick=False):
        d = s.dossier_supplement_received(actor=province.motcua, dossier=paused)
    page = soup(client_as(province.motcua), d.code, "01")
    assert field(page, "due_at").endswith("ngày 11/03/2024")
    later = field(page, "due_later")
    assert "25/03/2024" in later and "tạm dừng chờ bổ sung" in later


def test_control_sheet_judges_each_hand_off_against_its_step(province, client_as, procs):
    """Steps: B1 0,5 day (due Tue 5/3 11:15), B2 3,5 days (due Fri 8/3 closing), B3 1 day."""
    p = province
    with time_machine.travel(at(2024, 3, 4, 9), tick=False):
        d = s.dossier_receive(actor=p.motcua, procedure=procs.days, applicant=APPLICANT)
    with time_machine.travel(at(2024, 3, 4, 10), tick=False):
        d = s.dossier_transfer(actor=p.motcua, dossier=d)  # → B1
    with time_machine.travel(at(2024, 3, 6, 9), tick=False):
        d = s.dossier_transfer(actor=p.xuly, dossier=d, to_user=p.xuly)  # B1 late → B2
    with time_machine.travel(at(2024, 3, 8, 14), tick=False):
        d = s.dossier_transfer(actor=p.xuly, dossier=d, to_user=p.xuly)  # B2 on its day → B3
    with time_machine.travel(at(2024, 3, 11, 9), tick=False):
        d = s.dossier_result_ready(actor=p.xuly, dossier=d)  # B3 due 11/3: on time
    response = client_as(p.motcua).get(reverse("dossiers_documents:control_sheet", args=[d.code]))
    rows = BeautifulSoup(response.content, "html.parser").select("[data-field=events] tbody tr")
    results = [r.select("td")[5].get_text(strip=True) for r in rows]
    assert results == ["", "Trước hạn", "Quá hạn", "Đúng hạn", "Đúng hạn"]
    notes = [r.select("td")[6].get_text(" ", strip=True) for r in rows]
    assert "hạn bước B1: 11 giờ 15 phút, ngày 05/03/2024" in notes[2]
    assert "hạn bước B3" in notes[4]


def test_dossier_waiting_keeps_its_receipt_date_on_the_sheet(province, client_as, paused):
    assert paused.first_due_date == dt.date(2024, 3, 11)
