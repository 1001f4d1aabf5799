"""Every transition and every refusal, told as stories about the personas."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth.models import Permission

from cchc.core.errors import Conflict, DomainError, Forbidden
from cchc.core.models import AuditEvent, SmsMessage
from cchc.dossiers import services as s
from cchc.dossiers.models import DailySequence, Dossier, DossierEvent, Status
from cchc.dossiers.signals import dossier_changed

from .conftest import at

APPLICANT = s.Applicant(name="Nguyễn Văn An", id_number="092090001234", phone="0901234567")


def receive(p, proc, when=None, actor=None, **kw):
    with time_machine.travel(when or at(2024, 3, 4, 9), tick=False):
        return s.dossier_receive(actor=actor or p.motcua, procedure=proc, applicant=APPLICANT, **kw)


@pytest.fixture(autouse=True)
def march_2024():
    """Unless a story travels elsewhere, it happens on Tuesday 5/3/2024 at 9:00."""
    with time_machine.travel(at(2024, 3, 5, 9), tick=False):
        yield


@pytest.fixture
def signals():
    got = []

    def listen(sender, dossier, before, after, **kw):
        got.append((dossier.code, before, after))

    dossier_changed.connect(listen)
    yield got
    dossier_changed.disconnect(listen)


def test_receive_sets_code_due_date_history_and_notifies(
    province, procs, signals, django_capture_on_commit_callbacks, mailoutbox
):
    p = province
    with django_capture_on_commit_callbacks(execute=True):
        d = receive(p, procs.days, when=at(2024, 2, 7, 10))
    assert re.fullmatch(r"000\.00\.20\.H10-240207-010001", d.code)
    assert d.status == Status.RECEIVED and d.agency == p.justice and d.desk == p.centre
    assert d.due_date == dt.date(2024, 2, 21)  # 5 working days over Tết 2024
    assert d.rule_set == "2018" and d.level == "province"
    assert d.phone_last4 == "4567" and "nguyen van an" in d.search_text
    ev = DossierEvent.objects.get(dossier=d)
    assert (ev.action, ev.from_status, ev.to_status, ev.actor) == (
        "receive",
        "",
        "received",
        p.motcua,
    )
    assert AuditEvent.objects.filter(action="dossier.receive", object_id=str(d.pk)).exists()
    assert signals == [(d.code, None, signals[0][2])] and signals[0][2]["status"] == "received"
    sms = SmsMessage.objects.get()
    assert sms.phone == "0901234567" and "21/02/2024" in sms.body


def test_receipt_after_cutoff_counts_from_next_working_day(province, procs):
    d = receive(province, procs.days, when=at(2024, 2, 7, 15, 30))
    assert d.due_date == dt.date(2024, 2, 22)
    assert d.code.endswith("-240207-010001")


def test_sequence_per_agency_and_day(province, procs):
    p = province
    a = receive(p, procs.days)
    b = receive(p, procs.days)
    c = receive(p, procs.days, when=at(2024, 3, 5))
    xa = receive(p, procs.commune, actor=p.motcua_xa)
    assert [a.code[-6:], b.code[-6:], c.code[-6:]] == ["010001", "010002", "010001"]
    assert xa.code.startswith("000.31.17.H10-240304-") and xa.agency == p.commune_a
    assert DailySequence.objects.get(agency=p.centre, day=dt.date(2024, 3, 4)).last == 2


def test_commune_desk_and_commune_share_the_sequence_of_their_electronic_id(province, procs):
    p = province
    a = receive(p, procs.commune, actor=p.motcua_xa)
    b = receive(p, procs.commune, actor=p.motcua_xa, desk=p.desk_a)
    assert a.code != b.code and b.agency == p.commune_a


@pytest.mark.parametrize("who", ["lanhdao", "noivu", "xuly", "daumoi", "motcua_xa"])
def test_receive_refused_without_right(province, procs, who):
    with pytest.raises(Forbidden):
        receive(province, procs.days, actor=getattr(province, who), desk=province.centre)
    assert not Dossier.objects.exists()


def test_import_permission_for_received_at(province, procs):
    p = province
    past = at(2023, 5, 17, 10)
    with pytest.raises(Forbidden):
        s.dossier_receive(
            actor=p.motcua, procedure=procs.days, applicant=APPLICANT, received_at=past
        )
    d = s.dossier_receive(
        actor=p.noivu,
        procedure=procs.days,
        applicant=APPLICANT,
        received_at=past,
        desk=p.centre,
    )
    assert d.received_date == dt.date(2023, 5, 17) and "-230517-" in d.code
    assert not SmsMessage.objects.exists()  # history imports do not text citizens
    # Home Affairs replays the history it imports (explicit times), but not live actions.
    with pytest.raises(Forbidden):
        s.dossier_transfer(actor=p.noivu, dossier=d)
    d = s.dossier_transfer(actor=p.noivu, dossier=d, at=at(2023, 5, 17, 14))
    assert d.events.last().at == at(2023, 5, 17, 14)
    p.xuly.user_permissions.add(Permission.objects.get(codename="import_history"))
    xuly = type(p.xuly).objects.get(pk=p.xuly.pk)
    s.dossier_result_ready(actor=xuly, dossier=d, at=at(2023, 5, 20, 10))
    d.refresh_from_db()
    assert d.finished_date == dt.date(2023, 5, 20) and d.timeliness == "early"


def full_path(p, procs):
    d = receive(p, procs.days, when=at(2024, 3, 4, 9))  # due 11/3
    with time_machine.travel(at(2024, 3, 4, 10), tick=False):
        d = s.dossier_transfer(actor=p.motcua, dossier=d, note="Chuyển Sở Tư pháp")
    return d


def test_lifecycle_to_return(province, procs, signals):
    p = province
    d = full_path(p, procs)
    assert d.status == Status.IN_PROGRESS and d.current_agency == p.justice
    assert d.current_step == 1 and d.step_due_at is not None
    with time_machine.travel(at(2024, 3, 5, 10), tick=False):
        d = s.dossier_transfer(actor=p.xuly, dossier=d, to_user=p.xuly)
        assert d.current_step == 2 and d.current_owner == p.xuly
        d = s.dossier_result_ready(actor=p.xuly, dossier=d, result="Phiếu số 12")
    assert (d.status, d.timeliness, d.finished_date) == (
        "result_ready",
        "early",
        dt.date(2024, 3, 5),
    )
    assert d.current_agency == p.centre
    with time_machine.travel(at(2024, 3, 6, 10), tick=False):
        d = s.dossier_return(actor=p.motcua, dossier=d)
    assert d.status == Status.RETURNED and d.version == 5
    actions = list(d.events.values_list("action", flat=True))
    assert actions == ["receive", "transfer", "transfer", "result_ready", "return"]
    assert signals[-1][1]["status"] == "result_ready" and signals[-1][2]["status"] == "returned"


def test_on_time_on_the_due_day(province, procs):
    p = province
    d = full_path(p, procs)
    with time_machine.travel(at(2024, 3, 11, 16, 59), tick=False):
        d = s.dossier_result_ready(actor=p.xuly, dossier=d)
    assert d.timeliness == "on_time"


@pytest.mark.parametrize(
    ("action", "kwargs"),
    [
        ("dossier_result_ready", {}),
        ("dossier_request_supplement", {"items": "Bản sao giấy khai sinh"}),
        ("dossier_apologize", {"reason": "x", "new_due_date": dt.date(2024, 3, 20)}),
        ("dossier_transfer", {}),
    ],
)
@pytest.mark.parametrize("who", ["lanhdao", "noivu", "daumoi", "motcua_xa", "motcua"])
def test_processing_actions_refused_without_right(province, procs, action, kwargs, who):
    p = province
    d = full_path(p, procs)
    before = Dossier.objects.get(pk=d.pk)
    with pytest.raises(Forbidden):
        getattr(s, action)(actor=getattr(p, who), dossier=d, **kwargs)
    after = Dossier.objects.get(pk=d.pk)
    assert (after.status, after.version) == (before.status, before.version)
    assert d.events.count() == 2


def test_wrong_state_is_a_conflict_and_changes_nothing(province, procs):
    p = province
    d = receive(p, procs.days)
    with pytest.raises(Conflict, match="trạng thái"):
        s.dossier_return(actor=p.motcua, dossier=d)
    with pytest.raises(Conflict):
        s.dossier_supplement_received(actor=p.xuly, dossier=d)
    d = s.dossier_result_ready(actor=p.xuly, dossier=d)
    with pytest.raises(Conflict):
        s.dossier_stop(actor=p.motcua, dossier=d, reason="x")
    with pytest.raises(Conflict):
        s.dossier_refuse(actor=p.xuly, dossier=d, reason="x")
    with pytest.raises(Conflict):
        s.dossier_transfer(actor=p.xuly, dossier=d)
    assert Dossier.objects.get(pk=d.pk).version == d.version


def test_return_is_only_for_the_desk(province, procs):
    p = province
    d = s.dossier_result_ready(actor=p.xuly, dossier=receive(p, procs.days))
    with pytest.raises(Forbidden):
        s.dossier_return(actor=p.xuly, dossier=d)
    with pytest.raises(Forbidden):
        s.dossier_return(actor=p.motcua_xa, dossier=d)
    assert s.dossier_return(actor=p.admin, dossier=d).status == Status.RETURNED


def test_stale_version_changes_nothing(province, procs):
    p = province
    d = full_path(p, procs)
    stale = d.version - 1
    with pytest.raises(Conflict, match="người khác cập nhật"):
        s.dossier_result_ready(actor=p.xuly, dossier=d, expected_version=stale)
    assert Dossier.objects.get(pk=d.pk).status == Status.IN_PROGRESS
    assert s.dossier_result_ready(actor=p.xuly, dossier=d, expected_version=d.version)


def test_late_dossier_needs_an_apology_and_stays_late(province, procs, signals):
    p = province
    d = full_path(p, procs)  # due 11/3/2024
    with time_machine.travel(at(2024, 3, 12, 9), tick=False):
        with pytest.raises(Conflict, match="xin lỗi"):
            s.dossier_result_ready(actor=p.xuly, dossier=d)
        with pytest.raises(DomainError):
            s.dossier_apologize(
                actor=p.xuly, dossier=d, reason="Chờ xác minh", new_due_date=dt.date(2024, 3, 16)
            )  # a Saturday
        d = s.dossier_apologize(
            actor=p.xuly, dossier=d, reason="Chờ xác minh", new_due_date=dt.date(2024, 3, 15)
        )
        with pytest.raises(Conflict, match="một lần"):
            s.dossier_apologize(
                actor=p.xuly, dossier=d, reason="lần 2", new_due_date=dt.date(2024, 3, 18)
            )
    with time_machine.travel(at(2024, 3, 14, 9), tick=False):
        d = s.dossier_result_ready(actor=p.xuly, dossier=d)
        d = s.dossier_return(actor=p.motcua, dossier=d)
    # Finished before the apology's date but after the appointment: late (DOMAIN 7).
    assert d.timeliness == "late" and d.due_date == dt.date(2024, 3, 11)
    assert d.apology_due_date == dt.date(2024, 3, 15)
    assert signals[-2][2]["timeliness"] == "late" and signals[-2][2]["apologized"]


def test_apology_not_after_return(province, procs):
    p = province
    d = s.dossier_result_ready(actor=p.xuly, dossier=receive(p, procs.days))
    d = s.dossier_return(actor=p.motcua, dossier=d)
    with pytest.raises(Conflict):
        s.dossier_apologize(actor=p.xuly, dossier=d, reason="x", new_due_date=dt.date(2030, 1, 2))


def test_supplement_stops_and_restarts_the_clock(province, procs):
    p = province
    d = full_path(p, procs)  # due 11/3/2024
    with time_machine.travel(at(2024, 3, 6, 9), tick=False):
        d = s.dossier_request_supplement(actor=p.xuly, dossier=d, items="Bản sao hộ khẩu")
    assert d.status == Status.SUPPLEMENT and d.supplement_count == 1
    assert not d.is_repeated_supplement
    with time_machine.travel(at(2024, 3, 20, 9), tick=False):
        assert not s.is_overdue(d)  # the clock is stopped
        d = s.dossier_supplement_received(actor=p.motcua, dossier=d)
    assert d.status == Status.IN_PROGRESS
    assert d.due_date == dt.date(2024, 3, 27)  # five working days from 20/3, from zero
    with time_machine.travel(at(2024, 3, 21, 9), tick=False):
        d = s.dossier_request_supplement(actor=p.xuly, dossier=d, items="Lần hai")
    assert d.supplement_count == 2 and d.is_repeated_supplement
    ev = d.events.filter(action="request_supplement").last()
    assert ev.data["repeated"] is True
    assert d.supplements.count() == 2


def test_desk_supplement_then_complete(province, procs, signals):
    p = province
    with time_machine.travel(at(2024, 3, 4, 9), tick=False):
        d = s.dossier_request_supplement_at_desk(
            actor=p.motcua, procedure=procs.days, applicant=APPLICANT, items="Thiếu tờ khai"
        )
    assert d.status == Status.DESK_SUPPLEMENT and d.due_date is None
    assert signals[-1][1] is None and signals[-1][2]["status"] == "desk_supplement"
    with pytest.raises(Forbidden):
        s.dossier_receive(actor=p.motcua_xa, dossier=d)
    with time_machine.travel(at(2024, 3, 6, 15, 30), tick=False):
        d = s.dossier_receive(actor=p.motcua, dossier=d)
    assert d.status == Status.RECEIVED and d.received_date == dt.date(2024, 3, 6)
    assert d.due_date == dt.date(2024, 3, 14)  # after the cut-off: from 7/3, +5
    assert signals[-1][1] is None and signals[-1][2]["status"] == "received"
    assert d.supplements.get().received_at is not None


def test_refuse_at_desk_and_in_processing(province, procs):
    p = province
    d = receive(p, procs.days)
    # A received dossier still at the desk: the desk refuses it.
    d = s.dossier_refuse(actor=p.motcua, dossier=d, reason="Không thuộc thẩm quyền")
    assert d.status == Status.REFUSED and d.timeliness == "early" and d.finished_date
    d2 = full_path(p, procs)
    with pytest.raises(Forbidden):
        s.dossier_refuse(actor=p.motcua, dossier=d2, reason="x")
    with pytest.raises(DomainError):
        s.dossier_refuse(actor=p.xuly, dossier=d2, reason=" ")
    d2 = s.dossier_refuse(actor=p.xuly, dossier=d2, reason="Không đủ điều kiện")
    assert d2.status == Status.REFUSED
    with time_machine.travel(at(2024, 3, 4, 9), tick=False):
        d3 = s.dossier_request_supplement_at_desk(
            actor=p.motcua, procedure=procs.days, applicant=APPLICANT, items="Thiếu"
        )
    d3 = s.dossier_refuse(actor=p.motcua, dossier=d3, reason="Không bổ sung")
    assert d3.finished_date is None and d3.timeliness == ""


def test_stop_at_the_applicants_request(province, procs):
    p = province
    d = full_path(p, procs)
    with time_machine.travel(at(2024, 3, 5, 9), tick=False):
        with pytest.raises(Forbidden):
            s.dossier_stop(actor=p.lanhdao, dossier=d, reason="Người nộp rút hồ sơ")
        d = s.dossier_stop(actor=p.motcua, dossier=d, reason="Người nộp rút hồ sơ")
    assert d.status == Status.STOPPED and d.timeliness == "early"
    assert d.finished_date == dt.date(2024, 3, 5)


def test_hours_procedure(province, procs):
    p = province
    d = receive(p, procs.hours, when=at(2024, 3, 4, 16))
    assert s.local(d.due_at) == dt.datetime(2024, 3, 5, 10, 30)
    with time_machine.travel(at(2024, 3, 5, 10, 45), tick=False), pytest.raises(Conflict):
        s.dossier_result_ready(actor=p.xuly, dossier=d)


def test_transfer_validation(province, procs):
    p = province
    d = full_path(p, procs)
    with pytest.raises(DomainError, match="Người nhận"):
        s.dossier_transfer(actor=p.xuly, dossier=d, to_agency=p.justice, to_user=p.motcua)
    with pytest.raises(DomainError, match="B1 đến B3"):
        s.dossier_transfer(actor=p.xuly, dossier=d, step=7)
    d = s.dossier_transfer(actor=p.xuly, dossier=d, to_agency=p.construction, note="Liên thông")
    assert d.current_agency == p.construction
    ev = d.events.last()
    assert (ev.from_agency, ev.to_agency) == (p.justice, p.construction)


def test_recompute_when_calendar_changes(province, procs, calendar):
    from cchc.calendars.models import CalendarOverride, OverrideKind
    from cchc.calendars.selectors import clear_cache

    p = province
    d = receive(p, procs.days, when=at(2024, 3, 4, 9))
    assert d.due_date == dt.date(2024, 3, 11)
    CalendarOverride.objects.create(
        calendar=calendar, date=dt.date(2024, 3, 6), kind=OverrideKind.DAY_OFF
    )
    clear_cache()
    # As the calendars app calls it: (calendar code, changed dates).
    assert s.recompute_due_dates("vn", [dt.date(2024, 4, 2)]) == 0  # after the appointment
    assert s.recompute_due_dates("vn", [dt.date(2024, 3, 6)]) == 1
    d.refresh_from_db()
    assert d.due_date == dt.date(2024, 3, 12)
    assert d.events.last().action == "recompute"


def test_calendar_override_recomputes_through_the_calendars_app(
    province, procs, calendar, django_capture_on_commit_callbacks
):
    from cchc.calendars import recompute
    from cchc.calendars import services as calendar_services

    assert s.recompute_due_dates in recompute.registered()
    p = province
    d = receive(p, procs.days, when=at(2024, 3, 4, 9))
    assert d.due_date == dt.date(2024, 3, 11)
    with django_capture_on_commit_callbacks(execute=True):
        calendar_services.override_set(
            actor=p.admin, calendar=calendar, date=dt.date(2024, 3, 7), kind="off", name="Nghỉ"
        )
    d.refresh_from_db()
    assert d.due_date == dt.date(2024, 3, 12)


def test_receipts_take_the_next_line_of_the_desks_book_for_the_year(province, procs):
    p = province
    first = receive(p, procs.days)
    second = receive(p, procs.days, when=at(2024, 12, 31, 9))
    next_year = receive(p, procs.days, when=at(2025, 1, 2, 9))
    other_desk = receive(p, procs.days, actor=p.motcua_xa)
    assert (first.book_number, first.book_line) == ("2024", 1)
    assert (second.book_number, second.book_line) == ("2024", 2)
    assert (next_year.book_number, next_year.book_line) == ("2025", 1)
    assert (other_desk.book_number, other_desk.book_line) == ("2024", 1)
