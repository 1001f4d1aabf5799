"""Writes on the staff registry, trainings and knowledge tests. Each is one business step:
rights asked of ``cchc.accounts.scope``, one transaction, the row locked where two writers
could meet, an audit row via ``cchc.core.audit``."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from cchc.accounts import scope
from cchc.accounts.models import User
from cchc.core import audit
from cchc.core.errors import Conflict, DomainError, Forbidden
from cchc.core.text import fold
from cchc.organizations.models import Agency, AgencyKind

from . import questionbank, rights
from .models import (
    Assignment,
    AttemptAnswer,
    AttemptStatus,
    Attendance,
    Course,
    Proposal,
    ProposalKind,
    ProposalStatus,
    Question,
    QuestionImport,
    QuestionTopic,
    StaffMember,
    TestAttempt,
    TestRound,
    TrainingSession,
)

# Seconds a submit may arrive after the deadline and still count: the time a request takes on
# a slow line, not extra time to answer.
SUBMIT_GRACE = dt.timedelta(seconds=5)
COMMENDATION_PASSES = 2  # seed 000, III.3: "đạt yêu cầu năng lực từ 02 lần trở lên"


def _actor(user: Any) -> User | None:
    return user if getattr(user, "pk", None) else None


# -- registry ---------------------------------------------------------------------------------


def _check_desk(agency: Agency, desk: Agency | None) -> None:
    if desk is None:
        return
    if desk.kind not in (AgencyKind.ONE_STOP_DESK, AgencyKind.SERVICE_CENTRE):
        raise DomainError(f"«{desk.name}» không phải Bộ phận Một cửa hoặc Trung tâm Phục vụ HCC.")
    if not (desk.is_within(agency) or agency.is_within(desk) or desk.parent_id == agency.parent_id):
        raise DomainError(f"Bộ phận «{desk.name}» không thuộc «{agency.name}».")


def staff_register(
    *,
    actor: Any,
    agency: Agency,
    full_name: str,
    position: str,
    date_from: dt.date,
    desk: Agency | None = None,
    user: User | None = None,
    phone: str = "",
    email: str = "",
) -> StaffMember:
    rights.require_manage(actor, agency)
    full_name = " ".join(full_name.split())
    if not full_name:
        raise DomainError("Họ và tên cán bộ không được để trống.")
    if not position.strip():
        raise DomainError("Vị trí, chức vụ không được để trống.")
    _check_desk(agency, desk)
    if user is not None and not (
        user.agency is not None and user.agency.is_within(agency.province)
    ):
        raise DomainError("Tài khoản được gắn phải thuộc một cơ quan trong tỉnh.")
    with transaction.atomic():
        if user is not None and StaffMember.objects.filter(user=user).exists():
            raise Conflict(
                f"Tài khoản «{user.username}» đã gắn với một cán bộ khác trong danh sách."
            )
        member = StaffMember.objects.create(
            full_name=full_name,
            agency=agency,
            user=user,
            phone=phone.strip(),
            email=email.strip(),
            search_text=fold(f"{full_name} {phone}")[:400],
        )
        Assignment.objects.create(
            staff=member, agency=agency, desk=desk, position=position.strip(), date_from=date_from
        )
        audit.record(
            actor=actor,
            obj=member,
            action="staff_register",
            changes={"agency": [None, agency], "desk": [None, desk], "position": [None, position]},
        )
    return member


def staff_move(
    *,
    actor: Any,
    staff: StaffMember,
    agency: Agency,
    position: str,
    date_from: dt.date,
    desk: Agency | None = None,
    note: str = "",
) -> Assignment:
    """Close the open stretch the day before ``date_from`` and open the new one."""
    rights.require_manage(actor, staff.agency)
    rights.require_manage(actor, agency)
    if not position.strip():
        raise DomainError("Vị trí, chức vụ không được để trống.")
    _check_desk(agency, desk)
    with transaction.atomic():
        member = StaffMember.objects.select_for_update().get(pk=staff.pk)
        current = member.assignments.filter(date_to__isnull=True).first()
        if current is not None:
            if date_from <= current.date_from:
                raise DomainError(
                    f"Ngày nhận nhiệm vụ mới phải sau ngày {current.date_from:%d/%m/%Y} "
                    "(ngày bắt đầu vị trí hiện tại)."
                )
            current.date_to = date_from - dt.timedelta(days=1)
            current.save(update_fields=["date_to"])
        new = Assignment.objects.create(
            staff=member,
            agency=agency,
            desk=desk,
            position=position.strip(),
            date_from=date_from,
            note=note.strip(),
        )
        before = audit.snapshot(member, ["agency", "active"])
        member.agency = agency
        member.active = True
        member.save(update_fields=["agency", "active"])
        audit.record(
            actor=actor,
            obj=member,
            action="staff_move",
            changes={
                **audit.diff(before, audit.snapshot(member, ["agency", "active"])),
                "desk": [current.desk if current else None, desk],
                "position": [current.position if current else None, position],
            },
            reason=note,
        )
    return new


def staff_leave(*, actor: Any, staff: StaffMember, date_to: dt.date, note: str = "") -> None:
    """The person leaves one-stop work (other work, retirement): the stretch ends, the record
    and its history stay."""
    rights.require_manage(actor, staff.agency)
    with transaction.atomic():
        member = StaffMember.objects.select_for_update().get(pk=staff.pk)
        current = member.assignments.filter(date_to__isnull=True).first()
        if current is not None:
            if date_to < current.date_from:
                raise DomainError("Ngày thôi nhiệm vụ không được trước ngày bắt đầu.")
            current.date_to = date_to
            current.save(update_fields=["date_to"])
        member.active = False
        member.save(update_fields=["active"])
        audit.record(
            actor=actor,
            obj=member,
            action="staff_leave",
            changes={"active": [True, False]},
            reason=note,
        )


# -- trainings --------------------------------------------------------------------------------


def course_create(
    *, actor: Any, agency: Agency, title: str, topic: str = "", hours: int = 0
) -> Course:
    rights.require_manage(actor, agency)
    if not title.strip():
        raise DomainError("Tên khóa bồi dưỡng không được để trống.")
    with transaction.atomic():
        course = Course.objects.create(agency=agency, title=title.strip(), topic=topic, hours=hours)
        audit.record(actor=actor, obj=course, action="create")
    return course


def session_create(
    *, actor: Any, course: Course, date: dt.date, place: str, trainer: str
) -> TrainingSession:
    rights.require_manage(actor, course.agency)
    if not place.strip() or not trainer.strip():
        raise DomainError("Cần ghi địa điểm và giảng viên của lớp bồi dưỡng.")
    with transaction.atomic():
        session = TrainingSession.objects.create(
            course=course, date=date, place=place.strip(), trainer=trainer.strip()
        )
        audit.record(actor=actor, obj=session, action="create")
    return session


def attendance_set(
    *,
    actor: Any,
    session: TrainingSession,
    staff: StaffMember,
    attended: bool,
    certificate_number: str = "",
    certificate_date: dt.date | None = None,
) -> Attendance:
    rights.require_manage(actor, staff.agency)
    if certificate_number and not attended:
        raise DomainError("Chỉ cấp chứng nhận cho học viên có mặt.")
    with transaction.atomic():
        row, created = Attendance.objects.select_for_update().get_or_create(
            session=session, staff=staff, defaults={"attended": attended}
        )
        before = audit.snapshot(row, ["attended", "certificate_number"])
        row.attended = attended
        row.certificate_number = certificate_number.strip()
        row.certificate_date = certificate_date
        row.save()
        audit.record(
            actor=actor,
            obj=staff,
            action="attendance",
            changes={
                "session": [None, session],
                **audit.diff(
                    {} if created else before,
                    audit.snapshot(row, ["attended", "certificate_number"]),
                ),
            },
        )
    return row


# -- question bank ----------------------------------------------------------------------------


QUESTION_IMPORT_KIND = "staff.questions"


def question_import_preview(
    *,
    actor: Any,
    file: IO[bytes],
    filename: str,
    size: int | None = None,
    progress: Any = None,
) -> QuestionImport:
    """Read the file and keep what was read; nothing enters the bank until the commit.
    ``progress`` (a background import) hears of every question read."""
    scope.require(rights.can_run_tests(actor), "Chỉ Sở Nội vụ quản lý ngân hàng câu hỏi.")
    preview = questionbank.read_bank(file, filename=filename, size=size, progress=progress)
    with transaction.atomic():
        imp = QuestionImport.objects.create(
            filename=filename[:255], uploaded_by=_actor(actor), preview=preview
        )
    return imp


def question_import_job_read(job: Any, upload: Any, progress: Any) -> dict[str, Any]:
    """The reading step of a bank uploaded through core's import jobs; the person then checks
    and commits it on the question import page, as for a short file."""
    import io

    imp = question_import_preview(
        actor=job.created_by,
        file=io.BytesIO(upload.data),
        filename=upload.name,
        progress=progress,
    )
    return {"question_import": imp.pk, "questions": len(imp.preview.get("questions", []))}


def question_import_commit(*, actor: Any, imp: QuestionImport) -> int:
    """All or nothing: a bank with any line-numbered error is refused whole."""
    scope.require(rights.can_run_tests(actor), "Chỉ Sở Nội vụ quản lý ngân hàng câu hỏi.")
    with transaction.atomic():
        locked = QuestionImport.objects.select_for_update().get(pk=imp.pk)
        if locked.status != QuestionImport.Status.PREVIEW:
            raise Conflict("Tệp này đã được nhập.")
        errors = locked.preview.get("errors") or []
        if errors:
            raise DomainError(
                f"Tệp còn {len(errors)} lỗi, chưa nhập câu hỏi nào. Sửa tệp rồi tải lên lại. "
                + errors[0]
            )
        topics: dict[str, QuestionTopic] = {}
        created = 0
        for q in locked.preview["questions"]:
            topic = topics.get(q["topic"])
            if topic is None:
                topic, _ = QuestionTopic.objects.get_or_create(name=q["topic"])
                topics[q["topic"]] = topic
            Question.objects.create(
                topic=topic, text=q["text"], options=q["options"], answer=q["answer"]
            )
            created += 1
        locked.status = QuestionImport.Status.COMMITTED
        locked.save(update_fields=["status"])
        audit.record(
            actor=actor, obj=locked, action="question_import", changes={"questions": [0, created]}
        )
    return created


# -- test rounds ------------------------------------------------------------------------------


def round_create(
    *,
    actor: Any,
    agency: Agency,
    year: int,
    half: int,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    title: str = "",
    duration_minutes: int = 30,
    question_count: int = 10,
    pass_mark: Decimal | int = 50,
    topics: Sequence[QuestionTopic] = (),
) -> TestRound:
    scope.require(rights.can_run_tests(actor, agency), "Chỉ Sở Nội vụ tổ chức kiểm tra kiến thức.")
    if half not in (1, 2):
        raise DomainError("Đợt kiểm tra là 6 tháng đầu năm (1) hoặc 6 tháng cuối năm (2).")
    if closes_at <= opens_at:
        raise DomainError("Thời điểm đóng phải sau thời điểm mở.")
    if not 0 <= Decimal(pass_mark) <= 100:
        raise DomainError("Điểm đạt phải từ 0 đến 100%.")
    if duration_minutes <= 0 or question_count <= 0:
        raise DomainError("Thời gian làm bài và số câu hỏi phải lớn hơn 0.")
    pool = Question.objects.filter(active=True)
    if topics:
        pool = pool.filter(topic__in=topics)
    available = pool.count()
    if available < question_count:
        raise DomainError(
            f"Ngân hàng chỉ có {available} câu hỏi phù hợp, không đủ {question_count} câu cho "
            "mỗi đề."
        )
    with transaction.atomic():
        if TestRound.objects.filter(agency=agency, year=year, half=half).exists():
            raise Conflict(f"«{agency.name}» đã có đợt kiểm tra {half}/{year}.")
        rnd = TestRound.objects.create(
            agency=agency,
            year=year,
            half=half,
            title=title.strip() or f"Kiểm tra kiến thức {half}/{year} · {agency.display_short}",
            opens_at=opens_at,
            closes_at=closes_at,
            duration_minutes=duration_minutes,
            question_count=question_count,
            pass_mark=Decimal(pass_mark),
            created_by=_actor(actor),
        )
        if topics:
            rnd.topics.set(topics)
        audit.record(actor=actor, obj=rnd, action="create")
    return rnd


def _staff_of(user: Any) -> StaffMember:
    pk = getattr(user, "pk", None)
    member = StaffMember.objects.filter(user_id=pk).first() if pk is not None else None
    if member is None:
        raise Forbidden("Tài khoản của bạn chưa có trong danh sách cán bộ Một cửa.")
    return member


def draw_questions(rnd: TestRound, seed: int) -> list[int]:
    """The person's form: ``question_count`` questions drawn from the pool with their seed, so
    the same seed always gives the same form (and a reload shows the same questions)."""
    pool = Question.objects.filter(active=True)
    if rnd.topics.exists():
        pool = pool.filter(topic__in=rnd.topics.all())
    ids = sorted(pool.values_list("id", flat=True))
    if len(ids) < rnd.question_count:
        raise DomainError("Ngân hàng câu hỏi không đủ câu để tạo đề; liên hệ Sở Nội vụ.")
    return random.Random(seed).sample(ids, rnd.question_count)


def attempt_start(*, actor: Any, round: TestRound, seed: int | None = None) -> TestAttempt:
    member = _staff_of(actor)
    if not member.agency.is_within(round.agency):
        raise Forbidden("Đợt kiểm tra này không dành cho cơ quan của bạn.")
    now = timezone.now()
    if now < round.opens_at:
        raise Conflict(
            f"Đợt kiểm tra chưa mở (mở lúc {timezone.localtime(round.opens_at):%H:%M %d/%m/%Y})."
        )
    if now >= round.closes_at:
        raise Conflict("Đợt kiểm tra đã đóng.")
    if seed is None:
        seed = random.SystemRandom().randrange(1, 2**62)
    with transaction.atomic():
        if TestAttempt.objects.filter(round=round, staff=member).exists():
            raise Conflict(
                "Bạn đã làm bài kiểm tra đợt này; mỗi người chỉ được làm một lần.",
                code="second_attempt",
            )
        deadline = min(now + dt.timedelta(minutes=round.duration_minutes), round.closes_at)
        try:
            with transaction.atomic():
                attempt = TestAttempt.objects.create(
                    round=round,
                    staff=member,
                    seed=seed,
                    question_ids=draw_questions(round, seed),
                    started_at=now,
                    deadline_at=deadline,
                )
        except IntegrityError as exc:  # a double click from two tabs
            raise Conflict(
                "Bạn đã làm bài kiểm tra đợt này; mỗi người chỉ được làm một lần.",
                code="second_attempt",
            ) from exc
        audit.record(actor=actor, obj=attempt, action="test_start")
    return attempt


def _owned_open(actor: Any, attempt: TestAttempt, *, grace: dt.timedelta) -> TestAttempt:
    locked = (
        TestAttempt.objects.select_for_update().select_related("round", "staff").get(pk=attempt.pk)
    )
    if locked.staff.user_id != getattr(actor, "pk", None):
        raise Forbidden("Đây không phải bài làm của bạn.")
    if locked.status != AttemptStatus.STARTED:
        raise Conflict("Bài đã nộp; không thể sửa hoặc nộp lại.", code="closed")
    if timezone.now() > locked.deadline_at + grace:
        raise Conflict(
            "Đã hết thời gian làm bài lúc "
            f"{timezone.localtime(locked.deadline_at):%H:%M:%S ngày %d/%m/%Y}; "
            "bài nộp sau thời gian không được nhận. Bài được chấm theo các câu đã lưu.",
            code="time_over",
        )
    return locked


def attempt_answer(*, actor: Any, attempt: TestAttempt, question_id: int, choice: int) -> None:
    with transaction.atomic():
        locked = _owned_open(actor, attempt, grace=SUBMIT_GRACE)
        if question_id not in locked.question_ids:
            raise DomainError("Câu hỏi không thuộc đề của bạn.")
        question = Question.objects.get(pk=question_id)
        if not 0 <= choice < len(question.options):
            raise DomainError("Phương án không hợp lệ.")
        AttemptAnswer.objects.update_or_create(
            attempt=locked,
            question=question,
            defaults={"choice": choice, "answered_at": timezone.now()},
        )


def _score(attempt: TestAttempt, status: str, at: dt.datetime) -> None:
    answers = dict(attempt.answers.values_list("question_id", "choice"))
    keys = dict(Question.objects.filter(pk__in=attempt.question_ids).values_list("id", "answer"))
    correct = sum(1 for qid in attempt.question_ids if answers.get(qid) == keys.get(qid))
    total = len(attempt.question_ids)
    score = (Decimal(correct * 100) / Decimal(total)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    attempt.correct, attempt.total, attempt.score = correct, total, score
    attempt.passed = score >= attempt.round.pass_mark
    attempt.status = status
    attempt.submitted_at = at
    attempt.save(update_fields=["correct", "total", "score", "passed", "status", "submitted_at"])
    _propose(attempt)


def _propose(attempt: TestAttempt) -> None:
    """Seed 000, III.3: failing → proposed for other work; passing for the second time or more
    → proposed for commendation. A leader decides (``proposal_decide``)."""
    rnd = attempt.round
    if attempt.passed:
        passes = list(
            TestAttempt.objects.filter(staff=attempt.staff, passed=True)
            .select_related("round")
            .order_by("round__year", "round__half")
        )
        if len(passes) < COMMENDATION_PASSES:
            return
        kind = ProposalKind.COMMENDATION
        basis = "Đạt yêu cầu {n} đợt kiểm tra kiến thức ({rounds}).".format(
            n=len(passes), rounds=", ".join(a.round.label for a in passes)
        )
    else:
        kind = ProposalKind.REASSIGNMENT
        basis = (
            f"Không đạt đợt kiểm tra {rnd.label}: {attempt.score}% (điểm đạt {rnd.pass_mark}%)."
        ).replace(".00%", "%")
    proposal, created = Proposal.objects.get_or_create(
        staff=attempt.staff, kind=kind, round=rnd, defaults={"basis": basis}
    )
    if created:
        audit.record(actor=None, obj=proposal, action="proposal_create", reason=basis)


def attempt_submit(*, actor: Any, attempt: TestAttempt) -> TestAttempt:
    with transaction.atomic():
        locked = _owned_open(actor, attempt, grace=SUBMIT_GRACE)
        _score(locked, AttemptStatus.SUBMITTED, timezone.now())
        audit.record(
            actor=actor,
            obj=locked,
            action="test_submit",
            changes={"score": [None, locked.score], "passed": [None, locked.passed]},
        )
    return locked


def attempt_close_expired(*, attempt: TestAttempt) -> bool:
    """Score an attempt whose time ran out with the answers saved so far (the system acts:
    nobody submitted). Returns whether it closed one."""
    with transaction.atomic():
        locked = (
            TestAttempt.objects.select_for_update()
            .select_related("round", "staff")
            .get(pk=attempt.pk)
        )
        if locked.status != AttemptStatus.STARTED:
            return False
        if timezone.now() <= locked.deadline_at + SUBMIT_GRACE:
            return False
        _score(locked, AttemptStatus.EXPIRED, locked.deadline_at)
        audit.record(
            actor=None,
            obj=locked,
            action="test_expired",
            changes={"score": [None, locked.score], "passed": [None, locked.passed]},
        )
    return True


def close_expired_attempts(*, round: TestRound | None = None) -> int:
    qs = TestAttempt.objects.filter(
        status=AttemptStatus.STARTED, deadline_at__lt=timezone.now() - SUBMIT_GRACE
    )
    if round is not None:
        qs = qs.filter(round=round)
    return sum(attempt_close_expired(attempt=a) for a in qs)


def proposal_decide(*, actor: Any, proposal: Proposal, approve: bool, reason: str = "") -> Proposal:
    """A leader's decision. Approving other work ends the person's one-stop stretch today."""
    scope.require(
        rights.can_decide(actor, proposal.staff.agency),
        "Chỉ lãnh đạo cơ quan quyết định biểu dương hoặc bố trí công việc khác.",
    )
    if not approve and not reason.strip():
        raise DomainError("Cần ghi lý do khi không đồng ý đề nghị.")
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().select_related("staff").get(pk=proposal.pk)
        if locked.status != ProposalStatus.PROPOSED:
            raise Conflict("Đề nghị này đã được quyết định.")
        locked.status = ProposalStatus.APPROVED if approve else ProposalStatus.REJECTED
        locked.decided_by = _actor(actor)
        locked.decided_at = timezone.now()
        locked.reason = reason.strip()
        locked.save(update_fields=["status", "decided_by", "decided_at", "reason"])
        audit.record(
            actor=actor,
            obj=locked,
            action="proposal_decide",
            changes={"status": [ProposalStatus.PROPOSED, locked.status]},
            reason=reason,
        )
        if approve and locked.kind == ProposalKind.REASSIGNMENT:
            member = StaffMember.objects.select_for_update().get(pk=locked.staff_id)
            current = member.assignments.filter(date_to__isnull=True).first()
            today = timezone.localdate()
            if current is not None:
                current.date_to = max(today, current.date_from)
                current.note = (current.note + " · Bố trí công việc khác sau kiểm tra").strip(" ·")
                current.save(update_fields=["date_to", "note"])
            member.active = False
            member.save(update_fields=["active"])
            audit.record(
                actor=actor,
                obj=member,
                action="staff_reassigned",
                changes={"active": [True, False]},
                reason=locked.basis,
            )
    return locked
