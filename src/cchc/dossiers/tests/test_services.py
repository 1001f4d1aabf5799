"""Every transition and every refusal, told as stories about the personas."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.management import call_command

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
    # Received before 25/01/2026: the code of the period, without Circular 04/2025's system
    # number (DOMAIN 5).
    assert re.fullmatch(r"000\.00\.20\.H10-240207-0001", d.code)
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
    assert d.code.endswith("-240207-0001")


def test_sequence_per_agency_and_day(province, procs):
    p = province
    a = receive(p, procs.days)
    b = receive(p, procs.days)
    c = receive(p, procs.days, when=at(2024, 3, 5))
    xa = receive(p, procs.commune, actor=p.motcua_xa)
    assert [a.code[-5:], b.code[-5:], c.code[-5:]] == ["-0001", "-0002", "-0001"]
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
    last = d.events.last()
    assert last is not None and last.at == at(2023, 5, 17, 14)
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
    # the desk officer had the right to transfer until the dossier moved on: a 409, not a 403
    expected = {("motcua", "dossier_transfer"): Conflict}.get((who, action), Forbidden)
    with pytest.raises(expected):
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
    # Recorded on 12/3, after the appointment of 11/3 had passed: the apology is kept but is a
    # late one ("xin lỗi muộn") and does not meet the duty in the statistics (DOMAIN 5, 7).
    assert d.apologized_at is not None and d.apology_late and not d.apology_in_time
    ev = d.events.get(action="apologize")
    assert ev.data["late"] is True and ev.data["deadline"] == "2024-03-08"
    assert signals[-2][2]["timeliness"] == "late" and not signals[-2][2]["apologized"]


def test_apology_on_time_is_due_one_working_day_before_the_appointment(province, procs, signals):
    """Due Monday 11/3/2024: the apology meets the duty up to Friday 8/3 (one working day
    before, the default lead time), and the queue warns from the day before while there is
    time."""
    p = province
    d = full_path(p, procs)
    assert s.apology_deadline(d) == dt.date(2024, 3, 8)
    assert not s.needs_apology_warning(d, dt.date(2024, 3, 6))
    assert s.needs_apology_warning(d, dt.date(2024, 3, 7))
    assert s.needs_apology_warning(d, dt.date(2024, 3, 8))
    assert not s.needs_apology_warning(d, dt.date(2024, 3, 11))  # only a late one is left
    with time_machine.travel(at(2024, 3, 8, 16), tick=False):
        d = s.dossier_apologize(
            actor=p.xuly, dossier=d, reason="Chờ xác minh", new_due_date=dt.date(2024, 3, 15)
        )
    assert d.apology_in_time and not d.apology_late
    assert not s.needs_apology_warning(d, dt.date(2024, 3, 8))
    with time_machine.travel(at(2024, 3, 13, 9), tick=False):
        d = s.dossier_result_ready(actor=p.xuly, dossier=d)
    assert d.timeliness == "late" and signals[-1][2]["apologized"]


def test_apology_on_the_appointment_day_is_late_unless_the_lead_time_is_zero(
    province, procs, settings
):
    p = province
    d = full_path(p, procs)
    with time_machine.travel(at(2024, 3, 11, 9), tick=False):
        d = s.dossier_apologize(
            actor=p.xuly, dossier=d, reason="Chờ xác minh", new_due_date=dt.date(2024, 3, 15)
        )
    assert d.apology_late
    settings.DOSSIER_APOLOGY_LEAD_DAYS = 0
    d2 = full_path(p, procs)
    assert s.apology_deadline(d2) == dt.date(2024, 3, 11)
    with time_machine.travel(at(2024, 3, 11, 9), tick=False):
        d2 = s.dossier_apologize(
            actor=p.xuly, dossier=d2, reason="Chờ xác minh", new_due_date=dt.date(2024, 3, 15)
        )
    assert not d2.apology_late


def test_apology_not_after_return(province, procs):
    p = province
    d = s.dossier_result_ready(actor=p.xuly, dossier=receive(p, procs.days))
    d = s.dossier_return(actor=p.motcua, dossier=d)
    with pytest.raises(Conflict):
        s.dossier_apologize(actor=p.xuly, dossier=d, reason="x", new_due_date=dt.date(2030, 1, 2))


def _workdays_add(start: dt.date, n: int) -> str:
    """What ``cchc workdays add`` prints (the command scripts and officers use)."""
    out = io.StringIO()
    call_command("workdays", "add", start.isoformat(), str(n), stdout=out)
    return out.getvalue().strip()


def test_supplement_pauses_the_clock_and_resumes_with_the_days_left(province, procs, calendar):
    """Received Mon 4/3/2024 (5 working days, due Mon 11/3). Supplement asked Wed 6/3: Tue 5/3
    and Wed 6/3 are used, three are left. The file is back Wed 20/3: the appointment is the
    third working day after 20/3, exactly what ``cchc workdays add 2024-03-20 3`` prints."""
    p = province
    d = full_path(p, procs)
    assert d.due_date == dt.date(2024, 3, 11) and d.first_due_date == dt.date(2024, 3, 11)
    with time_machine.travel(at(2024, 3, 6, 9), tick=False):
        d = s.dossier_request_supplement(actor=p.xuly, dossier=d, items="Bản sao hộ khẩu")
    assert d.status == Status.SUPPLEMENT and d.supplement_count == 1
    sr = d.supplements.get()
    assert (sr.rule, sr.time_used, sr.time_left) == ("pause", 2, 3) and sr.agency == p.justice
    assert not d.is_repeated_supplement
    with time_machine.travel(at(2024, 3, 20, 9), tick=False):
        assert not s.is_overdue(d)  # the clock is stopped
        d = s.dossier_supplement_received(actor=p.motcua, dossier=d)
    assert d.status == Status.IN_PROGRESS
    assert str(d.due_date) == _workdays_add(dt.date(2024, 3, 20), 3) == "2024-03-25"
    assert d.first_due_date == dt.date(2024, 3, 11)  # the receipt's appointment stays
    ev = d.events.get(action="supplement_received")
    assert ev.data["rule"] == "pause" and ev.data["time_left"] == "3"


def test_supplement_back_after_the_cutoff_counts_from_the_next_working_day(
    province, procs, calendar
):
    p = province
    d = full_path(p, procs)
    with time_machine.travel(at(2024, 3, 7, 9), tick=False):  # Tue, Wed, Thu used: 2 left
        d = s.dossier_request_supplement(actor=p.xuly, dossier=d, items="Tờ khai")
    with time_machine.travel(at(2024, 3, 15, 16), tick=False):  # Friday after 15:00
        d = s.dossier_supplement_received(actor=p.motcua, dossier=d)
    # Counted as back on Monday 18/3, plus the two days left.
    assert str(d.due_date) == _workdays_add(dt.date(2024, 3, 18), 2) == "2024-03-20"


def test_supplement_asked_after_the_appointment_leaves_no_time(province, procs, calendar):
    p = province
    d = full_path(p, procs)  # due 11/3
    with time_machine.travel(at(2024, 3, 12, 9), tick=False):
        d = s.dossier_apologize(
            actor=p.xuly, dossier=d, reason="Chờ xác minh", new_due_date=dt.date(2024, 3, 20)
        )
        d = s.dossier_request_supplement(actor=p.xuly, dossier=d, items="Tờ khai")
    assert d.supplements.get().time_left == 0
    with time_machine.travel(at(2024, 3, 14, 9), tick=False):
        d = s.dossier_supplement_received(actor=p.motcua, dossier=d)
    assert d.due_date == dt.date(2024, 3, 14)


def test_second_supplement_request_by_the_same_agency_is_refused(province, procs):
    p = province
    d = full_path(p, procs)
    with time_machine.travel(at(2024, 3, 6, 9), tick=False):
        d = s.dossier_request_supplement(actor=p.xuly, dossier=d, items="Bản sao hộ khẩu")
    with time_machine.travel(at(2024, 3, 20, 9), tick=False):
        d = s.dossier_supplement_received(actor=p.motcua, dossier=d)
    version = d.version
    once = "chỉ được yêu cầu bổ sung, hoàn thiện hồ sơ một lần"
    with time_machine.travel(at(2024, 3, 21, 9), tick=False), pytest.raises(Conflict, match=once):
        s.dossier_request_supplement(actor=p.xuly, dossier=d, items="Lần hai")
    d.refresh_from_db()
    assert d.version == version and d.status == Status.IN_PROGRESS and d.supplement_count == 1
    assert d.supplements.count() == 1


def test_restart_rule_and_repeat_allowed_come_from_the_procedure(province, procs, calendar):
    """A specialised law may restart the time and allow a second request: the procedure says
    so, with its source; the time then runs from zero when the file is back."""
    p = province
    procs.days.supplement_rule = "restart"
    procs.days.supplement_repeat_allowed = True
    procs.days.supplement_rule_source = "Luật chuyên ngành (ví dụ)"
    procs.days.save()
    d = full_path(p, procs)
    with time_machine.travel(at(2024, 3, 6, 9), tick=False):
        d = s.dossier_request_supplement(actor=p.xuly, dossier=d, items="Bản sao hộ khẩu")
    with time_machine.travel(at(2024, 3, 20, 9), tick=False):
        d = s.dossier_supplement_received(actor=p.motcua, dossier=d)
    assert str(d.due_date) == _workdays_add(dt.date(2024, 3, 20), 5) == "2024-03-27"
    with time_machine.travel(at(2024, 3, 21, 9), tick=False):
        d = s.dossier_request_supplement(actor=p.xuly, dossier=d, items="Lần hai")
    assert d.supplement_count == 2 and d.is_repeated_supplement
    ev = d.events.filter(action="request_supplement").last()
    assert ev is not None and ev.data["repeated"] is True
    assert d.supplements.count() == 2


def test_restart_without_a_source_is_refused_by_the_database(province, procs):
    from django.db import IntegrityError, transaction

    procs.days.supplement_rule = "restart"
    with pytest.raises(IntegrityError), transaction.atomic():
        procs.days.save()


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
    with pytest.raises(Conflict):  # it moved on to the resolving agency (issue 14, finding 7)
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
    assert ev is not None
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


def test_returns_at_the_desk_are_one_dossier_with_a_count_whoever_handles_them(
    province, procs, signals
):
    """Seed 000: citizens sent back two or more times before their file was accepted. The
    second visit goes to another officer of the same desk: still one dossier, counted twice;
    the third visit (complete) receives that same dossier."""
    from cchc.accounts.models import Role
    from cchc.testing.personas import _user

    p = province
    other = _user("motcua2", Role.ONE_STOP, p.centre, "Lê Thị Một Cửa Hai")
    with time_machine.travel(at(2024, 3, 4, 9), tick=False):
        d = s.dossier_request_supplement_at_desk(
            actor=p.motcua, procedure=procs.days, applicant=APPLICANT, items="Thiếu tờ khai"
        )
    with time_machine.travel(at(2024, 3, 5, 9), tick=False):
        # The other officer is offered the applicant's waiting dossier and adds to it.
        waiting = s.waiting_at_desk(p.centre, procs.days, APPLICANT)
        assert waiting == d
        again = s.dossier_request_supplement_at_desk(
            actor=other, dossier=waiting, items="Thiếu ảnh 4x6"
        )
    assert again.pk == d.pk and again.code == d.code
    assert again.desk_supplement_count == 2 and again.is_repeated_desk_supplement
    assert again.supplement_count == 0  # processing repeats are counted apart
    assert Dossier.objects.filter(applicant_id_number=APPLICANT.id_number).count() == 1
    assert signals[-1][2]["desk_supplement_count"] == 2
    with time_machine.travel(at(2024, 3, 6, 9), tick=False):
        done = s.dossier_receive(
            actor=p.motcua, dossier=s.waiting_at_desk(p.centre, procs.days, APPLICANT)
        )
    assert done.pk == d.pk and done.status == Status.RECEIVED
    assert done.received_date == dt.date(2024, 3, 6) and done.desk_supplement_count == 2
    assert d.supplements.filter(stage="desk").count() == 2
    assert d.supplements.filter(received_at__isnull=True).count() == 0


def test_imported_dossier_keeps_its_original_code(province, procs):
    from cchc.dossiers import selectors

    p = province
    p.noivu.user_permissions.add(Permission.objects.get(codename="import_history"))
    with time_machine.travel(at(2024, 3, 5, 9), tick=False):
        d = s.dossier_receive(
            actor=p.noivu,
            procedure=procs.days,
            applicant=APPLICANT,
            desk=p.centre,
            received_at=at(2023, 5, 17, 9),
            original_code="000.00.15.H29-230517-0003",
        )
        with pytest.raises(DomainError, match="hệ thống cũ"):
            s.dossier_receive(
                actor=p.motcua,
                procedure=procs.days,
                applicant=APPLICANT,
                original_code="000.00.15.H29-230517-0004",
            )
    assert d.code == "000.00.15.H29-230517-0003" and d.code_imported
    found = selectors.search(p.noivu, selectors.Filters(q="230517-0003"))
    assert list(found) == [d]


def test_circular_04_2025_code_from_25_01_2026(province, procs):
    p = province
    before = receive(p, procs.days, when=at(2026, 1, 23, 9))
    after = receive(p, procs.days, when=at(2026, 1, 26, 9))
    assert re.fullmatch(r"000\.00\.20\.H10-260123-0001", before.code)
    assert re.fullmatch(r"000\.00\.20\.H10-260126-010001", after.code)
