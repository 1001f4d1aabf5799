"""Forms read the legal clock: a reprinted receipt (01) keeps the appointment given at receipt
and writes a later one apart; the supplement request (02) states the rule that applies; the
control sheet (06) judges each hand-off against its step's allowance."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from cchc.calendars.selectors import get_work_calendar
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


def _workdays_add(start: dt.date, n: int) -> dt.date:
    """What ``cchc workdays add`` prints (the command officers and scripts use)."""
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("workdays", "add", start.isoformat(), str(n), stdout=out)
    return dt.date.fromisoformat(out.getvalue().strip())


def _through_a_supplement(p, procs, rule: str):
    """Received Mon 4/3/2024 9:00 (5 working days; B1 0,5 + B2 3,5 + B3 1), B1 from 10:00,
    B2 from Tue 5/3 9:00, supplement asked in B2 on Wed 6/3 9:00, file back Wed 20/3 9:00,
    B2 handed to B3 on Tue 26/3 14:00."""
    procs.days.supplement_rule = rule
    procs.days.supplement_rule_source = "Điều 5 Luật chuyên ngành X" if rule == "restart" else ""
    procs.days.save()
    with time_machine.travel(at(2024, 3, 4, 9), tick=False):
        d = s.dossier_receive(actor=p.motcua, procedure=procs.days, applicant=APPLICANT)
    with time_machine.travel(at(2024, 3, 4, 10), tick=False):
        d = s.dossier_transfer(actor=p.motcua, dossier=d)  # → B1
    with time_machine.travel(at(2024, 3, 5, 9), tick=False):
        d = s.dossier_transfer(actor=p.xuly, dossier=d, to_user=p.xuly)  # → B2
    with time_machine.travel(at(2024, 3, 6, 9), tick=False):
        d = s.dossier_request_supplement(actor=p.xuly, dossier=d, items="Tờ khai")
    with time_machine.travel(at(2024, 3, 20, 9), tick=False):
        d = s.dossier_supplement_received(actor=p.motcua, dossier=d)
    with time_machine.travel(at(2024, 3, 26, 14), tick=False):
        d = s.dossier_transfer(actor=p.xuly, dossier=d, to_user=p.xuly)  # → B3
    return d


def _sheet(client, d):
    response = client.get(reverse("dossiers_documents:control_sheet", args=[d.code]))
    rows = BeautifulSoup(response.content, "html.parser").select("[data-field=events] tbody tr")
    return (
        [r.select("td")[5].get_text(strip=True) for r in rows],
        [r.select("td")[6].get_text(" ", strip=True) for r in rows],
    )


def test_control_sheet_under_a_restart_rule_counts_the_steps_from_the_return(
    province, client_as, procs
):
    """Restart (a specialised law): the whole time runs again from the return on Wed 20/3, so
    B2 (cumulated 4 working days) is due on the 4th working day after 20/3 and B3 (5) on the
    5th, the new appointment; handing B2 on Tue 26/3 and the result on Wed 27/3 are on time.
    The pause arithmetic (the receipt's deadlines moved by the wait) would call both late."""
    p = province
    d = _through_a_supplement(p, procs, "restart")
    back = dt.date(2024, 3, 20)
    b2, b3 = _workdays_add(back, 4), _workdays_add(back, 5)
    assert (b2, b3) == (dt.date(2024, 3, 26), dt.date(2024, 3, 27))
    assert d.due_date == b3  # the appointment restarted too
    assert d.step_due_at is not None and timezone.localtime(d.step_due_at).date() == b3
    with time_machine.travel(at(2024, 3, 27, 9), tick=False):
        d = s.dossier_result_ready(actor=p.xuly, dossier=d)
    results, notes = _sheet(client_as(p.motcua), d)
    # receipt, desk → B1, B1 → B2, supplement asked, file back, B2 → B3, result
    assert results == [
        "",
        "Trước hạn",
        "Đúng hạn",
        "Trước hạn",
        "Trước hạn",
        "Đúng hạn",
        "Đúng hạn",
    ]
    # Before the return the steps count from the receipt: B2 was due Fri 8/3.
    assert (
        f"hạn bước B2: 17 giờ 00 phút, ngày {_workdays_add(dt.date(2024, 3, 4), 4):%d/%m/%Y}"
        in notes[3]
    )
    assert f"hạn bước B2: 17 giờ 00 phút, ngày {b2:%d/%m/%Y}" in notes[5]
    assert f"hạn bước B3: 17 giờ 00 phút, ngày {b3:%d/%m/%Y}" in notes[6]


def test_control_sheet_under_the_pause_rule_moves_the_receipt_deadlines(province, client_as, procs):
    """The same story under the default rule: B2 was due Fri 8/3 and moves by the ten working
    days the dossier waited (Wed 6/3 9:00 → Wed 20/3 9:00), to 22/3: handing it on 26/3 is
    late."""
    p = province
    d = _through_a_supplement(p, procs, "pause")
    waited = get_work_calendar().workdays_between(dt.date(2024, 3, 6), dt.date(2024, 3, 20))
    b2 = _workdays_add(_workdays_add(dt.date(2024, 3, 4), 4), waited)
    assert (waited, b2) == (10, dt.date(2024, 3, 22))
    results, notes = _sheet(client_as(p.motcua), d)
    assert results[5] == "Quá hạn"
    assert f"hạn bước B2: 17 giờ 00 phút, ngày {b2:%d/%m/%Y}" in notes[5]
