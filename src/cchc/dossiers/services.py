"""Dossier transitions (DOMAIN 5), one service each.

Every service runs in one transaction, locks the dossier row (``select_for_update``), checks
the optimistic ``version`` when the caller read one (a stale form changes nothing), checks the
right (``rights``) and the state, writes the change, a ``DossierEvent`` (the control sheet and
timeline), an audit row and sends ``dossier_changed`` for the statistics; citizens are told by
SMS and e-mail after commit. Histories imported from an older system pass explicit times
(``received_at``/``at``), which needs the import right, and send no notification.

Lifecycle::

    (desk) request_supplement_at_desk → desk_supplement ─ receive ─┐
    receive ──────────────────────────────────────────────→ received ─ transfer → in_progress
    received/in_progress ─ request_supplement → supplement ─ supplement_received → in_progress
                           (the clock pauses; once per agency unless the procedure allows more)
    received/in_progress ─ result_ready → result_ready ─ return → returned
    desk_supplement/received/in_progress/supplement ─ refuse → refused
    received/in_progress/supplement ─ stop (applicant's request, Decree 118/2025) → stopped

A dossier the desk finds incomplete gets a code and form 02 at once (status desk_supplement,
no appointment, not counted as received); when the applicant brings the missing papers the
desk calls ``dossier_receive(dossier=...)``, which completes it: received now, clock started,
appointment set. If the papers are still incomplete, whichever officer of the desk sees the
applicant again adds a request to the same dossier (``desk_supplement_count`` + 1): seed 000's
"sent back two or more times" is one dossier with a count, never several dossiers.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import connections, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from cchc.calendars.selectors import (
    default_calendar,
    get_work_calendar,
    work_calendar_for_agency,
)
from cchc.calendars.workdays import WorkCalendar
from cchc.core import audit, rows
from cchc.core.errors import Conflict, DomainError, Forbidden
from cchc.core.sms import send_sms
from cchc.core.text import fold, vn_date
from cchc.organizations.models import Agency, AgencyKind
from cchc.procedures.models import Procedure, ProcedureStatus

from . import codes, rights, rules
from .models import (
    ACTION_LABELS,
    ApplicantKind,
    Channel,
    Dossier,
    DossierEvent,
    Notification,
    Status,
    SupplementRequest,
    Timeliness,
)
from .signals import dossier_changed, stat_snapshot
from .tasks import send_notification, send_queued_notifications
from .transitions import Arg, ArgKind, Transition

if TYPE_CHECKING:
    from cchc.accounts.models import User

logger = logging.getLogger(__name__)

STALE = "Hồ sơ đã được người khác cập nhật; vui lòng tải lại trang trước khi thao tác."
NO_RIGHT = rights.NO_RIGHT
OVERDUE_NEEDS_APOLOGY = (
    "Hồ sơ đã quá hạn hẹn trả: phải có văn bản xin lỗi và hẹn lại ngày trả kết quả trước khi "
    "thực hiện thao tác này."
)

TRACKED = (
    "status",
    "received_at",
    "due_date",
    "apology_due_date",
    "current_step",
    "current_agency",
    "current_owner",
    "supplement_count",
    "desk_supplement_count",
    "apology_late",
    "finished_date",
    "timeliness",
    "returned_at",
)


@dataclass(frozen=True)
class Applicant:
    name: str
    kind: str = ApplicantKind.PERSON
    id_number: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Applicant:
        return cls(
            name=str(data.get("name") or "").strip(),
            kind=str(data.get("kind") or ApplicantKind.PERSON),
            id_number=str(data.get("id_number") or "").strip(),
            address=str(data.get("address") or "").strip(),
            phone=str(data.get("phone") or "").strip(),
            email=str(data.get("email") or "").strip(),
        )


# -- settings and time ------------------------------------------------------------------------


def cutoff_hour() -> int:
    return int(getattr(settings, "DOSSIER_CUTOFF_HOUR", 15))


def apology_lead_days() -> int:
    """Working days before the appointment by which the apology (form 04) is due (DOMAIN 5:
    one working day [check]); a setting because provinces read the decree differently."""
    return int(getattr(settings, "DOSSIER_APOLOGY_LEAD_DAYS", 1))


def office_hours() -> rules.OfficeHours:
    spec = getattr(settings, "DOSSIER_WORKING_HOURS", None)
    return rules.OfficeHours.parse(spec) if spec else rules.DEFAULT_HOURS


def calendar_for(dossier: Dossier) -> WorkCalendar:
    """The dossier's calendar; a receipt already read it with the resolving agency's and
    left it on the new instance (``_new_dossier``), which saves the query."""
    read = getattr(dossier, "_work_calendar", None)
    if read is not None and read[0] == dossier.calendar_code:
        return read[1]
    return get_work_calendar(dossier.calendar_code or None)


def local(at: dt.datetime) -> dt.datetime:
    """Aware → naive Asia/Ho_Chi_Minh wall time, what the legal clock reads."""
    return timezone.localtime(at).replace(tzinfo=None)


def aware(naive: dt.datetime | None) -> dt.datetime | None:
    return None if naive is None else timezone.make_aware(naive)


def _when(actor: User | None, at: dt.datetime | None) -> dt.datetime:
    """Now, or an explicit time for histories imported from an older system."""
    if at is None:
        return timezone.now()
    if not rights.can_import(actor):  # type: ignore[arg-type]
        raise Forbidden(
            "Chỉ người có quyền nhập dữ liệu lịch sử mới được ghi thời điểm khác thời điểm hiện tại."
        )
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > timezone.now() + dt.timedelta(minutes=5):
        raise DomainError("Thời điểm không được ở tương lai.")
    return at


def _digits(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())


def _search_text(d: Dossier) -> str:
    parts = [d.code, d.applicant_name, d.applicant_id_number, _digits(d.applicant_phone)]
    return fold(" ".join(p for p in parts if p))[:600]


def _unit(d: Dossier) -> str:
    return d.procedure.time_unit


def is_overdue(d: Dossier, as_of: dt.date | None = None) -> bool:
    """Is the dossier overdue (the one definition, ``rules.is_overdue_on``)? A supplement wait
    stops the clock; a dossier still at the desk waiting for its file was never received."""
    if d.status == Status.DESK_SUPPLEMENT:
        return False
    return rules.is_overdue_on(
        as_of or timezone.localdate(),
        d.due_date,
        received_date=d.received_date,
        finished_date=d.finished_date,
        waiting_for_citizen=d.status == Status.SUPPLEMENT,
    )


def appointment_passed(d: Dossier, now: dt.datetime) -> bool:
    """The appointment has passed to the minute (procedures in hours), the clock running: a
    result after it needs the apology first."""
    if d.status == Status.SUPPLEMENT:
        return False
    return rules.is_overdue(local(now), local(d.due_at) if d.due_at else None, d.due_date, _unit(d))


def apology_deadline(d: Dossier) -> dt.date | None:
    """Last day the apology meets the duty for the appointment that counts now."""
    return rules.apology_deadline(d.due_date, apology_lead_days(), calendar_for(d))


def needs_apology_warning(d: Dossier, today: dt.date | None = None) -> bool:
    """The queue's warning: open, clock running, no apology yet, and the apology's deadline is
    today or the next working day (there is still time to apologise on time)."""
    if d.status not in (Status.RECEIVED, Status.IN_PROGRESS) or d.apologized_at is not None:
        return False
    return rules.needs_apology_warning(
        today or timezone.localdate(), apology_deadline(d), calendar_for(d)
    )


# -- the common write -------------------------------------------------------------------------


def _lock(dossier: Dossier | int | str, expected_version: int | None) -> Dossier:
    qs = Dossier.objects.select_for_update()
    if isinstance(dossier, Dossier):
        d = qs.get(pk=dossier.pk)
    elif isinstance(dossier, int):
        d = qs.get(pk=dossier)
    else:
        d = qs.get(code=dossier)
    if expected_version is not None and d.version != expected_version:
        raise Conflict(STALE, code="stale")
    return d


def _require_state(d: Dossier, allowed: Sequence[str], action: str) -> None:
    if d.status not in allowed:
        raise Conflict(
            f"Không thể «{ACTION_LABELS[action].lower()}» khi hồ sơ đang ở trạng thái "
            f"«{d.get_status_display()}».",
            code="wrong_state",
        )


def _check(actor: User, d: Dossier, action: str, *, importing: bool) -> None:
    """The state and the right the action's row in ``TRANSITIONS`` asks for."""
    t = TRANSITIONS[action]
    _require_state(d, t.sources, action)
    refusal = t.right(actor, d, importing)
    if refusal is not None:
        raise Forbidden(refusal)


def _not_before_receipt(d: Dossier, at: dt.datetime) -> None:
    if at < d.received_at:
        raise DomainError("Thời điểm thao tác không được trước thời điểm tiếp nhận hồ sơ.")


class _Change:
    """Collects the before-state of a locked dossier and writes everything after the change."""

    def __init__(self, d: Dossier) -> None:
        self.d = d
        # A new dossier has no before (``save(new=True)``).
        self.stat: dict[str, Any] | None = None if d._state.adding else stat_snapshot(d)
        self.fields = {} if d._state.adding else audit.snapshot(d, TRACKED)
        self.status = d.status
        self.agency_id = d.current_agency_id
        self.owner_id = d.current_owner_id

    def save(
        self,
        *,
        actor: User | None,
        action: str,
        at: dt.datetime,
        note: str = "",
        notify: str | None = None,
        data: dict[str, Any] | None = None,
        new: bool = False,
    ) -> Dossier:
        d = self.d
        row = TRANSITIONS.get(action)
        if row is not None and not new:
            # The table and the service must agree on where the action leads.
            assert d.status == (row.target or self.status), (action, d.status)
        d.version += 1
        d.search_text = _search_text(d)
        if d._state.adding:
            rows.insert(d)
        else:
            d.save()
        # Written with statements built once (``core.rows``): a receipt's inserts cost more
        # to compile through save() than to run (issue 14). The history, audit and
        # notification rows and the receivers' counters go in one statement on PostgreSQL.
        writes = rows.Writes()
        writes.insert(
            DossierEvent(
                dossier=d,
                at=at,
                actor=actor if getattr(actor, "pk", None) else None,
                action=action,
                from_status="" if new else self.status,
                to_status=d.status,
                from_agency_id=None if new else self.agency_id,
                to_agency_id=d.current_agency_id,
                from_user_id=None if new else self.owner_id,
                to_user_id=d.current_owner_id,
                step=d.current_step,
                note=note,
                data=data or {},
            )
        )
        writes.insert(
            audit.event(
                actor=actor,
                obj=d,
                action=f"dossier.{action}",
                changes=audit.diff({} if new else self.fields, audit.snapshot(d, TRACKED)),
                reason=note,
                at=at,
            )
        )
        dossier_changed.send(
            sender=Dossier,
            dossier=d,
            before=None if new else self.stat,
            after=stat_snapshot(d),
            writes=writes,
        )
        kind = notify if d.applicant_phone or d.applicant_email else None
        if kind:
            # The row is the outbox: written in the change's transaction, sent by a drain task
            # woken once the change has committed (a rollback leaves no row and wakes nothing).
            writes.insert(Notification(dossier=d, kind=kind))
        writes.flush()
        if kind:
            transaction.on_commit(wake_notification_drain)
        return d


def _finish(d: Dossier, at: dt.datetime) -> None:
    """Fix the finishing date and timeliness against the appointment that counts (DOMAIN 7):
    the one set at receipt or when the clock restarted, never the apology's new date."""
    d.finished_at = at
    d.finished_date = local(at).date()
    d.timeliness = rules.timeliness_at(
        local(at), local(d.due_at) if d.due_at else None, d.due_date, _unit(d)
    )


def _set_appointment(d: Dossier, start: dt.datetime) -> None:
    """Appointment from ``start`` for what the clock holds: the procedure's statutory time, or
    after a paused supplement the time that was left (``time_budget``)."""
    cal = calendar_for(d)
    proc = d.procedure
    amount = proc.time_amount if d.time_budget is None else d.time_budget
    appt = rules.appointment(
        local(start), amount, proc.time_unit, cal, cutoff_hour(), office_hours()
    )
    d.clock_start = aware(appt.clock_start)
    d.due_at = aware(appt.due_at)
    d.due_date = appt.due_date
    _set_step_due(d)


def _set_first_appointment(d: Dossier, start: dt.datetime) -> None:
    """At receipt: the appointment written on the receipt (form 01) is kept apart for
    reprints, whatever happens to the clock later."""
    d.time_budget = None
    _set_appointment(d, start)
    d.first_due_at = d.due_at
    d.first_due_date = d.due_date


def step_deadlines_at(
    d: Dossier,
    at: dt.datetime | None = None,
    supplements: Sequence[SupplementRequest] | None = None,
) -> list[dt.datetime]:
    """Each internal step's deadline B1…Bn (naive local, allowances cumulated, DOMAIN 4) as it
    stood at ``at`` (now when None), after the supplements whose complete file was back by
    then. The step allowances follow the statutory time's rule, per request: under ``pause``
    the steps keep their deadlines from the receipt, moved by the office time the dossier
    waited; under ``restart`` (a specialised law, cited on the procedure) the whole time runs
    again from the return of the complete file, so the steps are counted afresh from there,
    exactly as the new appointment is. ``supplements`` saves a query per call (form 06)."""
    steps = list(d.procedure.steps.order_by("order").values_list("allowance", "allowance_unit"))
    if not steps or d.received_at is None:
        return []
    cal = calendar_for(d)
    hours = office_hours()
    if supplements is None:
        supplements = list(d.supplements.all())
    back = sorted(
        (
            sr
            for sr in supplements
            if sr.stage == SupplementRequest.Stage.PROCESSING
            and sr.received_at is not None
            and (at is None or sr.received_at <= at)
        ),
        key=lambda sr: (sr.received_at, sr.pk or 0),
    )
    anchor = local(d.received_at)
    paused = 0
    for sr in back:
        assert sr.received_at is not None
        if (sr.rule or d.procedure.supplement_rule) == rules.SUPPLEMENT_RESTART:
            anchor, paused = local(sr.received_at), 0
        else:
            paused += rules.working_minutes_between(
                local(sr.requested_at), local(sr.received_at), cal, hours
            )
    times = rules.step_deadlines(anchor, d.procedure.time_unit, steps, cal, cutoff_hour(), hours)
    if paused:
        times = [rules.add_working_minutes(t, paused, cal, hours) for t in times]
    return times


def _set_step_due(d: Dossier) -> None:
    if not d.current_step or d.clock_start is None:
        d.step_due_at = None
        return
    times = step_deadlines_at(d)
    if not times or d.current_step > len(times):
        d.step_due_at = d.due_at
        return
    d.step_due_at = aware(times[d.current_step - 1])


# -- receipt ----------------------------------------------------------------------------------


def resolving_agency_for(procedure: Procedure, desk: Agency) -> Agency:
    """The procedure's agency, or for procedures every commune resolves (kind only) the
    desk's own agency of that kind; a one-stop desk belongs to the agency above it."""
    if procedure.resolving_agency_id:
        return procedure.resolving_agency  # type: ignore[return-value]
    chain = [desk, *reversed(desk.ancestors())]
    if procedure.resolving_agency_kind:
        for a in chain:
            if a.kind == procedure.resolving_agency_kind:
                return a
    if desk.kind == AgencyKind.ONE_STOP_DESK and desk.parent_id:
        return desk.parent  # type: ignore[return-value]
    return desk


def needs_resolving_agency(procedure: Procedure, desk: Agency) -> bool:
    """A procedure every commune resolves (its kind only) received at a desk outside any
    commune, e.g. the city's Centre: the officer must say which commune resolves it."""
    if procedure.resolving_agency_id or not procedure.resolving_agency_kind:
        return False
    return not any(a.kind == procedure.resolving_agency_kind for a in [desk, *desk.ancestors()])


def _kind_label(kind: str) -> str:
    return str(AgencyKind(kind).label) if kind in AgencyKind.values else kind


def _chosen_resolving_agency(procedure: Procedure, desk: Agency, chosen: Agency | None) -> Agency:
    """The resolving agency: the one the officer chose where the procedure needs a choice (it
    must be of the procedure's kind, in the desk's province), never the receiving desk."""
    if not needs_resolving_agency(procedure, desk):
        if chosen is not None and chosen != resolving_agency_for(procedure, desk):
            raise DomainError("Thủ tục này do cơ quan đã định sẵn giải quyết; không chọn nơi khác.")
        return resolving_agency_for(procedure, desk)
    if chosen is None:
        raise DomainError(
            f"Thủ tục {procedure.code} do {_kind_label(procedure.resolving_agency_kind)} "
            "giải quyết: phải chọn nơi giải quyết hồ sơ (theo địa chỉ của người nộp)."
        )
    if chosen.kind != procedure.resolving_agency_kind or not chosen.is_within(desk.province):
        raise DomainError("Nơi giải quyết đã chọn không đúng cấp của thủ tục hoặc ngoài tỉnh.")
    return chosen


def _level(procedure: Procedure, agency: Agency) -> str:
    by_kind = {AgencyKind.COMMUNE: "commune", AgencyKind.DISTRICT: "district"}
    level = by_kind.get(agency.kind, "province")  # type: ignore[call-overload]
    levels = list(procedure.levels or [])
    if levels and level not in levels:
        return str(levels[0])
    return level


def _validate_applicant(applicant: Applicant, channel: str) -> None:
    if not applicant.name:
        raise DomainError("Phải nhập họ tên người nộp hoặc tên tổ chức.")
    if channel not in Channel.values:
        raise DomainError("Hình thức nộp hồ sơ không hợp lệ.")
    if applicant.kind not in ApplicantKind.values:
        raise DomainError("Loại người nộp không hợp lệ.")
    if applicant.phone and not 8 <= len(_digits(applicant.phone)) <= 15:
        raise DomainError("Số điện thoại không hợp lệ.")


def _new_dossier(
    *,
    actor: User | None,
    procedure: Procedure,
    applicant: Applicant,
    channel: str,
    desk: Agency,
    components: Sequence[Any],
    sets: int,
    return_by_post: bool,
    at: dt.datetime,
    status: str,
    resolving_agency: Agency | None = None,
    code: str = "",
) -> Dossier:
    agency = _chosen_resolving_agency(procedure, desk, resolving_agency)
    calendar_code, work_calendar = work_calendar_for_agency(agency)
    day = local(at).date()
    phone = applicant.phone
    if code:  # kept from the older system: a line in the book, no number of the day
        book_number, book_line = codes.next_book_line(desk, day.year)
    else:
        book_number, book_line, code = codes.next_book_line_and_code(desk, day)
    d = Dossier(
        code=code,
        book_number=book_number,
        book_line=book_line,
        procedure=procedure,
        desk=desk,
        agency=agency,
        level=_level(procedure, agency),
        calendar_code=calendar_code,
        rule_set=rules.rule_set_for(day),
        applicant_kind=applicant.kind,
        applicant_name=applicant.name,
        applicant_id_number=applicant.id_number,
        applicant_address=applicant.address,
        applicant_phone=phone,
        applicant_email=applicant.email,
        phone_last4=_digits(phone)[-4:],
        channel=channel,
        return_by_post=return_by_post,
        components=list(components),
        sets=max(1, sets),
        received_at=at,
        received_date=day,
        received_by=actor if getattr(actor, "pk", None) else None,
        status=status,
        current_agency=desk,
    )
    d._work_calendar = (calendar_code, work_calendar)  # type: ignore[attr-defined]
    return d


def _new_checked_dossier(*, importing: bool, original_code: str = "", **fields: Any) -> Dossier:
    """A new, unsaved dossier once its procedure and applicant pass the checks every way in
    (receipt, supplement request at the desk) makes; the caller has checked the desk's right."""
    _check_procedure(fields["procedure"], importing)
    _validate_applicant(fields["applicant"], fields["channel"])
    d = _new_dossier(**fields, code=original_code)
    d.code_imported = bool(original_code)
    d.version = 0
    return d


def _check_procedure(procedure: Procedure, importing: bool) -> None:
    if not importing and (
        not procedure.is_current
        or procedure.status in (ProcedureStatus.ABOLISHED, ProcedureStatus.DRAFT)
    ):
        raise DomainError(
            f"Thủ tục {procedure.code} không còn hiệu lực (hoặc chưa công bố); "
            "không thể tiếp nhận hồ sơ."
        )


@transaction.atomic
def dossier_receive(
    *,
    actor: User,
    procedure: Procedure | None = None,
    applicant: Applicant | None = None,
    channel: str = Channel.DESK,
    desk: Agency | None = None,
    components: Sequence[Any] = (),
    sets: int = 1,
    return_by_post: bool = False,
    received_at: dt.datetime | None = None,
    note: str = "",
    dossier: Dossier | int | str | None = None,
    expected_version: int | None = None,
    resolving_agency: Agency | None = None,
    original_code: str = "",
) -> Dossier:
    """Receive a complete dossier at ``desk`` (the actor's agency by default) and give it its
    code and appointment. With ``dossier`` (one waiting for a supplement at the desk), complete
    it: it counts as received now. A history imported from an older system may pass the
    ``original_code`` it had there: it is kept as the dossier's code (DOMAIN 5)."""
    importing = received_at is not None
    at = _when(actor, received_at)
    original_code = original_code.strip()
    if original_code and not importing:
        raise DomainError("Chỉ hồ sơ nhập từ hệ thống cũ mới giữ mã hồ sơ cũ.")
    if original_code and Dossier.objects.filter(code=original_code).exists():
        raise Conflict(f"Mã hồ sơ «{original_code}» đã có trong hệ thống.", code="duplicate_code")
    if dossier is not None:
        d = _lock(dossier, expected_version)
        _check(actor, d, "receive", importing=importing)
        _not_before_receipt(d, at)
        change = _Change(d)
        d.status = Status.RECEIVED
        d.received_at = at
        d.received_date = local(at).date()
        d.rule_set = rules.rule_set_for(d.received_date)
        d.received_by = actor
        if components:
            d.components = list(components)
        _set_first_appointment(d, at)
        SupplementRequest.objects.filter(
            dossier=d, stage=SupplementRequest.Stage.DESK, received_at__isnull=True
        ).update(received_at=at)
        # Statistics count the dossier as received only now (DOMAIN 7): new=True sends
        # before=None exactly as for a first receipt.
        change.stat = None
        return change.save(
            actor=actor,
            action="receive",
            at=at,
            note=note,
            notify=None if importing else "receive",
            data={"completed_desk_supplement": True},
        )
    if procedure is None or applicant is None:
        raise DomainError("Phải chọn thủ tục và nhập thông tin người nộp.")
    desk = desk or actor.agency
    if desk is None:
        raise DomainError("Phải chọn nơi tiếp nhận hồ sơ.")
    if not rights.can_receive_at(actor, desk, importing=importing):
        raise Forbidden("Bạn không có quyền tiếp nhận hồ sơ tại nơi này.")
    d = _new_checked_dossier(
        actor=actor,
        procedure=procedure,
        applicant=applicant,
        channel=channel,
        desk=desk,
        components=components,
        sets=sets,
        return_by_post=return_by_post,
        at=at,
        status=Status.RECEIVED,
        importing=importing,
        resolving_agency=resolving_agency,
        original_code=original_code,
    )
    _set_first_appointment(d, at)
    return _Change(d).save(
        actor=actor,
        action="receive",
        at=at,
        note=note,
        notify=None if importing else "receive",
        new=True,
    )


def waiting_at_desk(desk: Agency, procedure: Procedure, applicant: Applicant) -> Dossier | None:
    """The dossier this applicant already has waiting for a supplement at this desk for this
    procedure (same identity number, else same name and phone): what the officer who sees the
    applicant again is offered, so that a return is one dossier with a count whichever officer
    handles it. Never merged silently: the same person may file twice (two children's birth
    registrations), so the services act only on the dossier the officer picks."""
    from .selectors import waiting_for

    return waiting_for(desk, procedure, applicant).filter(status=Status.DESK_SUPPLEMENT).first()


@transaction.atomic
def dossier_request_supplement_at_desk(
    *,
    actor: User,
    procedure: Procedure | None = None,
    applicant: Applicant | None = None,
    items: str,
    reason: str = "",
    channel: str = Channel.DESK,
    desk: Agency | None = None,
    components: Sequence[Any] = (),
    sets: int = 1,
    at: dt.datetime | None = None,
    resolving_agency: Agency | None = None,
    dossier: Dossier | int | str | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """The desk finds the dossier incomplete: it gets a code and a supplement request (form
    02), no appointment; complete it later with ``dossier_receive(dossier=...)``. When the
    applicant comes back still incomplete (``dossier``, or found by ``waiting_at_desk``), the
    request is added to the same dossier and counted (seed 000: two or more returns at the desk
    are a known failure), whichever officer of the desk handles it (``waiting_at_desk`` finds
    the candidate; the officer confirms it)."""
    importing = at is not None
    when = _when(actor, at)
    if not items.strip():
        raise DomainError("Phải ghi rõ nội dung cần bổ sung, hoàn thiện.")
    if dossier is None:
        if procedure is None or applicant is None:
            raise DomainError("Phải chọn thủ tục và nhập thông tin người nộp.")
        desk = desk or actor.agency
        if desk is None or not rights.can_receive_at(actor, desk, importing=importing):
            raise Forbidden("Bạn không có quyền tiếp nhận hồ sơ tại nơi này.")
    if dossier is not None:
        return _desk_supplement_again(
            actor=actor,
            dossier=dossier,
            items=items,
            reason=reason,
            components=components,
            when=when,
            importing=importing,
            expected_version=expected_version,
        )
    assert procedure is not None and applicant is not None and desk is not None
    d = _new_checked_dossier(
        actor=actor,
        procedure=procedure,
        applicant=applicant,
        channel=channel,
        desk=desk,
        components=components,
        sets=sets,
        return_by_post=False,
        at=when,
        status=Status.DESK_SUPPLEMENT,
        importing=importing,
        resolving_agency=resolving_agency,
    )
    d.desk_supplement_count = 1
    change = _Change(d)
    d.save()
    SupplementRequest.objects.create(
        dossier=d,
        stage=SupplementRequest.Stage.DESK,
        agency=desk,
        requested_at=when,
        requested_by=actor,
        items=items,
        reason=reason,
    )
    return change.save(
        actor=actor,
        action="desk_supplement",
        at=when,
        note=items,
        notify=None if importing else "desk_supplement",
        new=True,
        data={"count": 1},
    )


def _desk_supplement_again(
    *,
    actor: User,
    dossier: Dossier | int | str,
    items: str,
    reason: str,
    components: Sequence[Any],
    when: dt.datetime,
    importing: bool,
    expected_version: int | None,
) -> Dossier:
    d = _lock(dossier, expected_version)
    if not rights.can_receive_at(actor, d.desk, importing=importing):
        raise Forbidden(NO_RIGHT)
    _require_state(d, [Status.DESK_SUPPLEMENT], "desk_supplement")
    _not_before_receipt(d, when)
    change = _Change(d)
    d.desk_supplement_count += 1
    if components:
        d.components = list(components)
    SupplementRequest.objects.filter(
        dossier=d, stage=SupplementRequest.Stage.DESK, received_at__isnull=True
    ).update(received_at=when)
    SupplementRequest.objects.create(
        dossier=d,
        stage=SupplementRequest.Stage.DESK,
        agency=d.desk,
        requested_at=when,
        requested_by=actor,
        items=items,
        reason=reason,
    )
    return change.save(
        actor=actor,
        action="desk_supplement",
        at=when,
        note=items,
        notify=None if importing else "desk_supplement",
        data={"count": d.desk_supplement_count, "repeated": d.desk_supplement_count >= 2},
    )


# -- processing -------------------------------------------------------------------------------


@transaction.atomic
def dossier_transfer(
    *,
    actor: User,
    dossier: Dossier | int | str,
    to_agency: Agency | None = None,
    to_user: User | None = None,
    step: int | None = None,
    note: str = "",
    at: dt.datetime | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """Hand the dossier on: from the desk to the resolving agency, between steps B1…Bn or
    between agencies (inter-agency one-stop). One row of the control sheet (form 06)."""
    when = _when(actor, at)
    d = _lock(dossier, expected_version)
    if (
        d.status == Status.IN_PROGRESS
        and rights.is_desk_officer(actor, d, importing=at is not None)
        and not rights.is_processing_officer(actor, d, importing=at is not None)
    ):
        # the desk had the right until someone transferred it: a lost race, not a missing right
        raise Conflict(
            "Hồ sơ đã được chuyển sang cơ quan giải quyết: cán bộ Một cửa chỉ chuyển hồ sơ vừa "
            "tiếp nhận.",
            code="moved",
        )
    _check(actor, d, "transfer", importing=at is not None)
    _not_before_receipt(d, when)
    target = to_agency
    if target is None:
        target = to_user.agency if to_user is not None and to_user.agency_id else None
    if target is None:
        target = d.agency if d.current_agency_id in (None, d.desk_id) else d.current_agency
    assert target is not None
    if not target.is_within(d.agency.province):
        raise DomainError("Cơ quan nhận không thuộc tỉnh của hồ sơ.")
    if to_user is not None and (
        not to_user.is_active or to_user.agency is None or not to_user.agency.is_within(target)
    ):
        raise DomainError("Người nhận phải là cán bộ đang làm việc tại cơ quan nhận hồ sơ.")
    n_steps = d.procedure.steps.count()
    if step is None:
        step = (d.current_step or 0) + 1 if n_steps else None
        if step is not None and step > n_steps:
            step = n_steps
    elif n_steps and not 1 <= step <= n_steps:
        raise DomainError(f"Bước xử lý phải từ B1 đến B{n_steps}.")
    change = _Change(d)
    d.status = Status.IN_PROGRESS
    d.current_agency = target
    d.current_owner = to_user
    d.current_step = step
    _set_step_due(d)
    return change.save(actor=actor, action="transfer", at=when, note=note)


def _requesting_agency(d: Dossier) -> Agency:
    """The agency asking for the supplement: the one holding the dossier, or the resolving
    agency while the dossier is still at the desk."""
    if d.current_agency_id and d.current_agency_id != d.desk_id:
        return d.current_agency  # type: ignore[return-value]
    return d.agency


def second_request_refusal(d: Dossier, agency: Agency) -> str | None:
    """Why this agency may not ask again, or None. Decree 61/2018 Art. 19 as amended by
    Decree 107/2021 (DOMAIN 5 [check the article]): the resolving agency asks once, in writing,
    with everything that is missing; only a procedure whose rule allows it (with its source)
    may ask again."""
    if d.procedure.supplement_repeat_allowed:
        return None
    earlier = (
        SupplementRequest.objects.filter(
            dossier=d, stage=SupplementRequest.Stage.PROCESSING, agency=agency
        )
        .order_by("requested_at")
        .first()
    )
    if earlier is None:
        return None
    return (
        f"{agency.name} đã yêu cầu bổ sung, hoàn thiện hồ sơ này ngày "
        f"{vn_date(local(earlier.requested_at))}. Theo quy định, cơ quan giải quyết chỉ được "
        "yêu cầu bổ sung, hoàn thiện hồ sơ một lần, nêu đầy đủ mọi nội dung còn thiếu; không "
        "thể yêu cầu bổ sung lần thứ hai."
    )


@transaction.atomic
def dossier_request_supplement(
    *,
    actor: User,
    dossier: Dossier | int | str,
    items: str,
    reason: str = "",
    at: dt.datetime | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """Ask the applicant to supplement the dossier during processing: the clock pauses (or,
    where the procedure's rule says so, will restart), the time already used is recorded. A
    second request by the same agency is refused unless the procedure allows it; histories
    imported from an older system keep what happened there (and are counted as repeats)."""
    when = _when(actor, at)
    d = _lock(dossier, expected_version)
    _check(actor, d, "request_supplement", importing=at is not None)
    _not_before_receipt(d, when)
    if not items.strip():
        raise DomainError("Phải ghi rõ nội dung cần bổ sung, hoàn thiện.")
    agency = _requesting_agency(d)
    refusal = second_request_refusal(d, agency)
    if refusal and at is None:
        raise Conflict(refusal, code="second_supplement")
    proc = d.procedure
    used = (
        rules.time_used(
            local(d.clock_start),
            local(when),
            proc.time_unit,
            calendar_for(d),
            cutoff_hour(),
            office_hours(),
        )
        if d.clock_start is not None
        else Decimal(0)
    )
    budget = proc.time_amount if d.time_budget is None else d.time_budget
    left = rules.time_left(budget, used, proc.supplement_rule)
    if left is not None and proc.supplement_rule == rules.SUPPLEMENT_RESTART:
        left = proc.time_amount
    change = _Change(d)
    d.status = Status.SUPPLEMENT
    d.supplement_count += 1
    d.supplement_started_at = when
    SupplementRequest.objects.create(
        dossier=d,
        stage=SupplementRequest.Stage.PROCESSING,
        agency=agency,
        requested_at=when,
        requested_by=actor,
        items=items,
        reason=reason,
        rule=proc.supplement_rule,
        time_used=used.quantize(Decimal("0.001")),
        time_left=None if left is None else Decimal(left).quantize(Decimal("0.001")),
    )
    return change.save(
        actor=actor,
        action="request_supplement",
        at=when,
        note=items,
        notify=None if at else "request_supplement",
        data={
            "repeated": d.supplement_count >= 2,
            "count": d.supplement_count,
            "rule": proc.supplement_rule,
            "time_used": str(used.quantize(Decimal("0.001")).normalize()),
            "time_left": None if left is None else str(Decimal(left).normalize()),
        },
    )


@transaction.atomic
def dossier_supplement_received(
    *,
    actor: User,
    dossier: Dossier | int | str,
    note: str = "",
    at: dt.datetime | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """The complete dossier is back. Under the default rule the clock resumes: the
    appointment is the day of return (not counted) plus the working days that were left
    (DOMAIN 5); where the procedure's rule restarts the time it runs again from zero."""
    when = _when(actor, at)
    d = _lock(dossier, expected_version)
    _check(actor, d, "supplement_received", importing=at is not None)
    if d.supplement_started_at and when < d.supplement_started_at:
        raise DomainError("Thời điểm nhận bổ sung phải sau thời điểm yêu cầu bổ sung.")
    pending = (
        SupplementRequest.objects.filter(
            dossier=d, stage=SupplementRequest.Stage.PROCESSING, received_at__isnull=True
        )
        .order_by("-requested_at", "-id")
        .first()
    )
    change = _Change(d)
    old_due = d.due_date
    d.status = Status.IN_PROGRESS
    d.supplement_started_at = None
    rule = (pending.rule if pending else "") or d.procedure.supplement_rule
    if rule == rules.SUPPLEMENT_RESTART or pending is None or pending.time_left is None:
        d.time_budget = None
    else:
        d.time_budget = pending.time_left
    # The request is closed first: the step deadlines count the wait that ends now.
    SupplementRequest.objects.filter(dossier=d, received_at__isnull=True).update(received_at=when)
    _set_appointment(d, when)
    return change.save(
        actor=actor,
        action="supplement_received",
        at=when,
        note=note,
        notify=None if at else "supplement_received",
        data={
            "old_due_date": old_due.isoformat() if old_due else None,
            "new_due_date": d.due_date.isoformat() if d.due_date else None,
            "rule": rule,
            "time_left": None if d.time_budget is None else str(d.time_budget.normalize()),
        },
    )


@transaction.atomic
def dossier_apologize(
    *,
    actor: User,
    dossier: Dossier | int | str,
    reason: str,
    new_due_date: dt.date,
    at: dt.datetime | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """Apology and new appointment (form 04). Only once (Lai Châu 88/2025 [check]) and only
    before the result is returned. The new date never changes ``due_date``: a dossier finished
    after its appointment stays late in the statistics (DOMAIN 7). The apology is due
    ``apology_lead_days()`` working days before the appointment; one recorded later is kept,
    marked late ("xin lỗi muộn"), and does not count as the duty met."""
    when = _when(actor, at)
    d = _lock(dossier, expected_version)
    _check(actor, d, "apologize", importing=at is not None)
    if d.apologized_at is not None:
        raise Conflict(
            "Hồ sơ đã có văn bản xin lỗi và hẹn lại; chỉ được hẹn lại một lần.", code="apologized"
        )
    if not reason.strip():
        raise DomainError("Phải ghi rõ lý do chậm trễ.")
    today = local(when).date()
    if new_due_date < today or (d.due_date and new_due_date <= d.due_date):
        raise DomainError("Ngày hẹn lại phải sau ngày hẹn trả cũ và không trước hôm nay.")
    if not calendar_for(d).is_working_day(new_due_date):
        raise DomainError("Ngày hẹn lại phải là ngày làm việc.")
    deadline = apology_deadline(d)
    late = rules.is_apology_late(today, deadline)
    change = _Change(d)
    d.apologized_at = when
    d.apology_late = late
    d.apology_reason = reason.strip()
    d.apology_due_date = new_due_date
    d.apology_due_at = aware(dt.datetime.combine(new_due_date, office_hours().closing))
    return change.save(
        actor=actor,
        action="apologize",
        at=when,
        note=reason,
        notify=None if at else "apologize",
        data={
            "new_due_date": new_due_date.isoformat(),
            "deadline": deadline.isoformat() if deadline else None,
            "late": late,
        },
    )


@transaction.atomic
def dossier_stop(
    *,
    actor: User,
    dossier: Dossier | int | str,
    reason: str,
    at: dt.datetime | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """Stop at the applicant's request (Decree 118/2025; notice form 05)."""
    when = _when(actor, at)
    d = _lock(dossier, expected_version)
    _check(actor, d, "stop", importing=at is not None)
    _not_before_receipt(d, when)
    if not reason.strip():
        raise DomainError("Phải ghi rõ lý do dừng giải quyết (theo đề nghị của người nộp).")
    change = _Change(d)
    d.status = Status.STOPPED
    d.stop_reason = reason.strip()
    _finish(d, when)
    d.current_agency = d.desk
    d.current_owner = None
    return change.save(
        actor=actor, action="stop", at=when, note=reason, notify=None if at else "stop"
    )


@transaction.atomic
def dossier_refuse(
    *,
    actor: User,
    dossier: Dossier | int | str,
    reason: str,
    at: dt.datetime | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """Refuse (form 03): at the desk, a dossier waiting for a supplement there or received and
    not yet handed on; during processing, the resolving agency's officers."""
    when = _when(actor, at)
    d = _lock(dossier, expected_version)
    at_desk = d.status == Status.DESK_SUPPLEMENT or (
        d.status == Status.RECEIVED and d.current_agency_id == d.desk_id
    )
    if (
        d.status in (Status.RECEIVED, Status.IN_PROGRESS, Status.SUPPLEMENT)
        and not at_desk
        and rights.is_desk_officer(actor, d, importing=at is not None)
        and not rights.is_processing_officer(actor, d, importing=at is not None)
    ):
        # the desk had the right until someone transferred it: a lost race, not a missing right
        raise Conflict(
            "Hồ sơ đã chuyển đi giải quyết: chỉ cơ quan giải quyết được từ chối.", code="moved"
        )
    _check(actor, d, "refuse", importing=at is not None)
    _not_before_receipt(d, when)
    if not reason.strip():
        raise DomainError("Phải ghi rõ lý do từ chối.")
    change = _Change(d)
    was_received = d.status != Status.DESK_SUPPLEMENT
    d.status = Status.REFUSED
    d.refusal_reason = reason.strip()
    if was_received:
        _finish(d, when)
    d.current_agency = d.desk
    d.current_owner = None
    return change.save(
        actor=actor, action="refuse", at=when, note=reason, notify=None if at else "refuse"
    )


@transaction.atomic
def dossier_result_ready(
    *,
    actor: User,
    dossier: Dossier | int | str,
    result: str = "",
    note: str = "",
    at: dt.datetime | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """The result is ready: the dossier is finished and goes back to the desk. Once the
    appointment has passed this needs the apology first (seed 000: 100% of late dossiers
    carry one)."""
    when = _when(actor, at)
    d = _lock(dossier, expected_version)
    _check(actor, d, "result_ready", importing=at is not None)
    _not_before_receipt(d, when)
    if appointment_passed(d, when) and d.apologized_at is None:
        raise Conflict(OVERDUE_NEEDS_APOLOGY, code="apology_required")
    change = _Change(d)
    d.status = Status.RESULT_READY
    d.result_text = result.strip()
    _finish(d, when)
    d.current_agency = d.desk
    d.current_owner = None
    d.current_step = None
    d.step_due_at = None
    return change.save(
        actor=actor,
        action="result_ready",
        at=when,
        note=note or result,
        notify=None if at else "result_ready",
    )


@transaction.atomic
def dossier_return(
    *,
    actor: User,
    dossier: Dossier | int | str,
    note: str = "",
    at: dt.datetime | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """Return the result to the applicant (at the desk or by post). A late dossier is not
    returned without its apology. An applicant collecting an on-time result after the
    appointment does not make it late: the result was ready on time."""
    when = _when(actor, at)
    d = _lock(dossier, expected_version)
    _check(actor, d, "return", importing=at is not None)
    if d.finished_at and when < d.finished_at:
        raise DomainError("Thời điểm trả kết quả không được trước thời điểm có kết quả.")
    if d.timeliness == Timeliness.LATE and d.apologized_at is None:
        raise Conflict(OVERDUE_NEEDS_APOLOGY, code="apology_required")
    change = _Change(d)
    d.status = Status.RETURNED
    d.returned_at = when
    return change.save(
        actor=actor, action="return", at=when, note=note, notify=None if at else "return"
    )


def dossier_complete_at_desk(
    *,
    actor: User,
    dossier: Dossier | int | str,
    note: str = "",
    at: dt.datetime | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """The applicant brought what the desk asked for: the dossier is received now (the
    transition-table form of ``dossier_receive(dossier=...)``)."""
    return dossier_receive(
        actor=actor, dossier=dossier, note=note, received_at=at, expected_version=expected_version
    )


# -- the transition table ---------------------------------------------------------------------

_NOTE = Arg("note", gettext_noop("Ghi chú"), ArgKind.LONG_TEXT)
_REASON = Arg("reason", gettext_noop("Lý do"), ArgKind.LONG_TEXT, required=True)
_WORKING = (Status.RECEIVED, Status.IN_PROGRESS)

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            action="receive",
            label=gettext_noop("Tiếp nhận (đã bổ sung đủ)"),
            sources=(Status.DESK_SUPPLEMENT,),
            target=Status.RECEIVED,
            args=(_NOTE,),
            right=rights.receiving_desk,
            service=dossier_complete_at_desk,
        ),
        Transition(
            action="transfer",
            label=gettext_noop("Chuyển xử lý"),
            sources=_WORKING,
            target=Status.IN_PROGRESS,
            args=(
                Arg("to_agency", gettext_noop("Chuyển đến cơ quan"), ArgKind.AGENCY),
                Arg("to_user", gettext_noop("Người nhận"), ArgKind.USER),
                Arg("step", gettext_noop("Bước"), ArgKind.STEP),
                _NOTE,
            ),
            right=rights.transfer,
            service=dossier_transfer,
        ),
        Transition(
            action="request_supplement",
            label=gettext_noop("Yêu cầu bổ sung"),
            sources=_WORKING,
            target=Status.SUPPLEMENT,
            args=(
                Arg(
                    "items", gettext_noop("Nội dung cần bổ sung"), ArgKind.LONG_TEXT, required=True
                ),
                Arg("reason", gettext_noop("Lý do"), ArgKind.LONG_TEXT),
            ),
            right=rights.processing,
            service=dossier_request_supplement,
        ),
        Transition(
            action="supplement_received",
            label=gettext_noop("Nhận hồ sơ bổ sung"),
            sources=(Status.SUPPLEMENT,),
            target=Status.IN_PROGRESS,
            args=(_NOTE,),
            right=rights.desk_or_processing,
            service=dossier_supplement_received,
        ),
        Transition(
            action="apologize",
            label=gettext_noop("Xin lỗi, hẹn lại"),
            sources=(*_WORKING, Status.SUPPLEMENT, Status.RESULT_READY),
            target=None,
            args=(
                Arg("new_due_date", gettext_noop("Ngày hẹn lại"), ArgKind.DATE, required=True),
                _REASON,
            ),
            right=rights.processing,
            service=dossier_apologize,
            offer=lambda d: d.apologized_at is None,
        ),
        Transition(
            action="result_ready",
            label=gettext_noop("Đã có kết quả"),
            sources=_WORKING,
            target=Status.RESULT_READY,
            args=(Arg("result", gettext_noop("Kết quả")), _NOTE),
            right=rights.processing,
            service=dossier_result_ready,
        ),
        Transition(
            action="return",
            label=gettext_noop("Trả kết quả"),
            sources=(Status.RESULT_READY,),
            target=Status.RETURNED,
            args=(_NOTE,),
            right=rights.desk,
            service=dossier_return,
        ),
        Transition(
            action="stop",
            label=gettext_noop("Dừng giải quyết"),
            sources=(*_WORKING, Status.SUPPLEMENT),
            target=Status.STOPPED,
            args=(_REASON,),
            right=rights.desk_or_processing,
            service=dossier_stop,
        ),
        Transition(
            action="refuse",
            label=gettext_noop("Từ chối"),
            sources=(Status.DESK_SUPPLEMENT, *_WORKING, Status.SUPPLEMENT),
            target=Status.REFUSED,
            args=(_REASON,),
            right=rights.refuse,
            service=dossier_refuse,
        ),
    )
}
BY_SLUG: dict[str, Transition] = {t.slug: t for t in TRANSITIONS.values()}


def available_transitions(user: User, dossier: Dossier) -> list[Transition]:
    """What the page offers this user on this dossier now, in the table's order."""
    return [t for t in TRANSITIONS.values() if t.available(user, dossier)]


# -- calendar changes -------------------------------------------------------------------------


def recompute_due_dates(
    calendar: Any = None, changed_dates: Sequence[dt.date] | None = None
) -> int:
    """A calendar changed (an extra day off, a swapped Saturday): re-set the appointments of
    open dossiers on that calendar from their clock start, with a history row each. Returns how
    many changed. ``calendar`` is a Calendar, its code, or None for every calendar; with
    ``changed_dates`` only dossiers whose clock runs over one of those days are looked at.
    Registered with ``cchc.calendars.recompute`` (``fn(calendar_code, changed_dates)``)."""
    code = getattr(calendar, "code", calendar)
    qs = Dossier.objects.filter(status__in=[Status.RECEIVED, Status.IN_PROGRESS])
    if code:
        default = default_calendar()
        if default is not None and default.code == code:
            qs = qs.filter(calendar_code__in=[code, ""])
        else:
            qs = qs.filter(calendar_code=code)
    if changed_dates:
        first, last = min(changed_dates), max(changed_dates)
        qs = qs.filter(received_date__lte=last).filter(
            models.Q(due_date__gte=first) | models.Q(due_date__isnull=True)
        )
    changed = 0
    for pk in qs.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            d = _lock(pk, None)
            if d.status not in (Status.RECEIVED, Status.IN_PROGRESS) or d.clock_start is None:
                continue
            old = d.due_date
            change = _Change(d)
            _set_appointment(d, d.clock_start)
            if d.due_date == old:
                continue
            change.save(
                actor=None,
                action="recompute",
                at=timezone.now(),
                note="Lịch làm việc thay đổi.",
                data={
                    "old_due_date": old.isoformat() if old else None,
                    "new_due_date": d.due_date.isoformat() if d.due_date else None,
                },
            )
            changed += 1
    return changed


# -- notifications ----------------------------------------------------------------------------


def _message(d: Dossier, kind: str) -> str:
    lookup = settings.SITE_URL.rstrip("/") + "/dossiers/lookup/"
    due = vn_date(d.due_date)
    texts = {
        "receive": f"Hồ sơ {d.code} đã được tiếp nhận; hẹn trả kết quả ngày {due}.",
        "desk_supplement": f"Hồ sơ {d.code} cần bổ sung, hoàn thiện trước khi tiếp nhận.",
        "request_supplement": f"Hồ sơ {d.code} cần bổ sung, hoàn thiện; thời hạn giải quyết "
        "tạm dừng đến khi nhận đủ hồ sơ.",
        "supplement_received": f"Đã nhận hồ sơ bổ sung của hồ sơ {d.code}; hẹn trả kết quả "
        f"ngày {due}.",
        "apologize": f"Cơ quan giải quyết xin lỗi vì hồ sơ {d.code} chậm trễ; hẹn lại ngày "
        f"{vn_date(d.apology_due_date)}.",
        "stop": f"Hồ sơ {d.code} đã được dừng giải quyết theo đề nghị của người nộp.",
        "refuse": f"Hồ sơ {d.code} bị từ chối: {d.refusal_reason[:120]}",
        "result_ready": f"Hồ sơ {d.code} đã có kết quả; mời Ông/Bà nhận kết quả.",
        "return": f"Đã trả kết quả hồ sơ {d.code}. Xin cảm ơn.",
    }
    return f"{texts[kind]} Tra cứu: {lookup}"


def notify_attempts() -> int:
    return max(1, int(getattr(settings, "DOSSIER_NOTIFY_ATTEMPTS", 3)))


def _retry_delay(attempts: int) -> dt.timedelta:
    """1, 5, 25… minutes after the n-th failed attempt."""
    return dt.timedelta(minutes=5 ** max(0, attempts - 1))


def _queue_database() -> str | None:
    """The database alias holding the task queue's rows when the queue is ``django_tasks_db``
    (as deployed), else None (the immediate queue of the tests, a broker)."""
    from django.db import DEFAULT_DB_ALIAS, router
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(send_queued_notifications.get_backend(), DatabaseBackend):
        return None
    return router.db_for_write(DBTaskResult) or DEFAULT_DB_ALIAS


@functools.cache
def _drain_waiting_sql(alias: str) -> str:
    """The check, built once: it runs after every change that notifies, and compiling it
    through the ORM cost more than the database answering it (issue 14, as ``core.rows``).
    It reads only READY rows, the ones the queue's partial index (``tasks_db_new_ordering_idx``)
    holds, never the history of finished tasks."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    q = connections[alias].ops.quote_name
    where = " AND ".join(
        f"{q(column)} = %s" for column in ("task_path", "queue_name", "backend_name")
    )
    # The status written out, not a parameter: a planner chooses the partial index only when
    # the statement's text implies its condition (SQLite always; PostgreSQL's generic plan
    # for a prepared statement). With a parameter, SQLite read the backend's index, the
    # whole history of tasks (a test holds the plan).
    ready = TaskResultStatus.READY.value
    assert ready.isalpha(), ready  # written into SQL: a constant word, never user input
    return (
        f"SELECT 1 FROM {q(DBTaskResult._meta.db_table)} "
        f"WHERE {q('status')} = '{ready}' AND {where} LIMIT 1"
    )


def wake_notification_drain() -> None:
    """Make sure a ``send_queued_notifications`` task will run after this commit. Called on
    commit of every change that wrote a notification; never raises (the change is done: a
    notification a failed wake leaves queued goes with the next drain, and the SMS outbox page
    lists it meanwhile).

    With the database queue, a drain task still READY (not yet claimed) is enough and none is
    written: a worker claims it after our commit, so its run reads our notification. One that
    is RUNNING may have read the queue before our commit, so then a new one is written. A
    receipt thus costs one indexed read after its commit instead of a task row (random UUID
    key, four indexes) inside its transaction, and a burst of receipts leaves one task."""
    job = send_queued_notifications
    try:
        alias = _queue_database()
        if alias is not None:
            with rows.cursor(connections[alias]) as cursor:
                cursor.execute(
                    _drain_waiting_sql(alias), [job.module_path, job.queue_name, job.backend]
                )
                if cursor.fetchone() is not None:
                    return
        job.enqueue()
    except Exception:  # noqa: BLE001 - logged; the notification waits for the next drain
        logger.exception("Không đánh thức được tác vụ gửi thông báo")


DRAIN_BATCH = 100


def deliver_queued_notifications(*, task_id: str = "") -> int:
    """Send every QUEUED notification, oldest first, a batch of ids at a time; returns how many
    were tried. Each goes through ``deliver_notification``, which locks the row and skips a
    sent one, so two drains running at once never send a message twice. An unexpected error on
    one (a gateway's error is handled there) is logged and the others still go; the keyset
    (ids after the last tried) keeps such a row from being tried again in the same run."""
    tried, after = 0, 0
    while True:
        ids = list(
            Notification.objects.filter(state=Notification.State.QUEUED, pk__gt=after)
            .order_by("pk")
            .values_list("pk", flat=True)[:DRAIN_BATCH]
        )
        if not ids:
            return tried
        for pk in ids:
            try:
                deliver_notification(pk, task_id=task_id)
            except Exception:  # noqa: BLE001 - one notification's failure never stops the rest
                logger.exception("Gửi thông báo %s lỗi ngoài dự kiến", pk)
            tried += 1
        after = ids[-1]


def queue_notification(notification_id: int, *, delay: dt.timedelta | None = None) -> None:
    """Hand one notification to the task queue on its own: the next attempt after a failed
    one (with its delay) or a resend by hand; a change's first attempt goes with the drain
    (``wake_notification_drain``). Never raises: the officer's action is done whatever the
    queue or the gateway does; a failure to enqueue is logged and recorded on the row."""
    job = send_notification
    if delay is not None and job.get_backend().supports_defer:
        job = job.using(run_after=timezone.now() + delay)
    try:
        job.enqueue(notification_id)
    except Exception as exc:  # noqa: BLE001 - logged and recorded; the action stands
        logger.exception("Không đưa được thông báo %s vào hàng đợi", notification_id)
        Notification.objects.filter(pk=notification_id).update(
            state=Notification.State.FAILED, last_error=f"{type(exc).__name__}: {exc}"[:2000]
        )


def deliver_notification(notification_id: int, *, task_id: str = "") -> str:
    """Send a notification by SMS (``core.sms``) and e-mail; one attempt, recorded on the row
    under its lock (two workers never send it twice). A failed attempt is logged and, while
    attempts remain, queued again later; the last one leaves the row ``failed``."""
    with transaction.atomic():
        n = (
            Notification.objects.select_for_update()
            .select_related("dossier", "dossier__procedure")
            .filter(pk=notification_id)
            .first()
        )
        if n is None or n.state in (Notification.State.SENT, Notification.State.FAILED):
            return n.state if n is not None else "missing"
        d = n.dossier
        n.attempts += 1
        n.task_id = task_id
        try:
            body = _message(d, n.kind)
            if d.applicant_phone:
                send_sms(d.applicant_phone, body)
            if d.applicant_email:
                send_mail(f"[{settings.SITE_NAME}] Hồ sơ {d.code}", body, None, [d.applicant_email])
        except Exception as exc:  # noqa: BLE001 - any gateway error: logged, recorded, retried
            n.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            n.state = (
                Notification.State.RETRYING
                if n.attempts < notify_attempts()
                else Notification.State.FAILED
            )
            logger.warning(
                "Gửi thông báo %s (hồ sơ %s, %s) lỗi lần %s/%s: %s",
                n.pk,
                d.code,
                n.kind,
                n.attempts,
                notify_attempts(),
                n.last_error,
                exc_info=True,
            )
        else:
            n.state = Notification.State.SENT
            n.sent_at = timezone.now()
            n.last_error = ""
        n.save(update_fields=["attempts", "task_id", "state", "sent_at", "last_error"])
    if n.state == Notification.State.RETRYING:
        queue_notification(n.pk, delay=_retry_delay(n.attempts))
    return n.state
