"""Stories of the registry, the knowledge tests and their consequences (seed 000, III.3)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from cchc.core.audit import history_for
from cchc.core.errors import Conflict, DomainError, Forbidden
from cchc.staff import selectors, services
from cchc.staff.models import (
    AttemptAnswer,
    AttemptStatus,
    Proposal,
    Question,
    TestAttempt,
)

pytestmark = pytest.mark.django_db


def _round(province, half=1, year=None, **kw):
    now = timezone.now()
    return services.round_create(
        actor=province.noivu,
        agency=province.commune_a,
        year=year or now.year,
        half=half,
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=3),
        question_count=kw.pop("question_count", 5),
        pass_mark=kw.pop("pass_mark", 60),
        **kw,
    )


def _answer_all(user, attempt, right: bool) -> None:
    for qid in attempt.question_ids:
        key = Question.objects.get(pk=qid).answer
        services.attempt_answer(
            actor=user, attempt=attempt, question_id=qid, choice=key if right else (key + 1) % 4
        )


def _take(user, rnd, right: bool) -> TestAttempt:
    attempt = services.attempt_start(actor=user, round=rnd)
    _answer_all(user, attempt, right)
    return services.attempt_submit(actor=user, attempt=attempt)


def test_focal_point_keeps_own_list_home_affairs_sees_province(province, desk):
    assert {m.full_name for m in selectors.staff_for(province.daumoi_xa)} == {
        "Trần Thị Lan",
        "Lê Văn Minh",
    }
    assert list(selectors.staff_for(province.daumoi)) == []  # Justice's focal point
    assert selectors.staff_for(province.noivu).count() == 2
    with pytest.raises(Forbidden):
        selectors.get_staff_for(province.daumoi, desk.lan.pk)
    with pytest.raises(Forbidden):
        services.staff_register(
            actor=province.daumoi,
            agency=province.commune_a,
            full_name="Người Ngoài",
            position="Công chức",
            date_from=dt.date(2025, 1, 1),
        )
    assert history_for(desk.lan).filter(action="staff_register").exists()


def test_history_across_desks(province, desk):
    services.staff_move(
        actor=province.noivu,
        staff=desk.lan,
        agency=province.centre,
        desk=province.centre,
        position="Chuyên viên tiếp nhận",
        date_from=dt.date(2025, 7, 1),
    )
    rows = list(desk.lan.assignments.order_by("date_from"))
    assert [(r.agency_id, r.date_to) for r in rows] == [
        (province.commune_a.pk, dt.date(2025, 6, 30)),
        (province.centre.pk, None),
    ]
    desk.lan.refresh_from_db()
    assert desk.lan.agency == province.centre
    # Now on the centre's list, off the ward's.
    assert desk.lan not in selectors.staff_for(province.daumoi_xa)
    with pytest.raises(DomainError, match="phải sau ngày"):
        services.staff_move(
            actor=province.noivu,
            staff=desk.lan,
            agency=province.centre,
            position="X",
            date_from=dt.date(2025, 1, 1),
        )


def test_account_linked_once(province, desk):
    with pytest.raises(Conflict, match="đã gắn"):
        services.staff_register(
            actor=province.daumoi_xa,
            agency=province.commune_a,
            full_name="Trần Thị Lan",
            position="Công chức",
            date_from=dt.date(2025, 1, 1),
            user=desk.lan_user,
        )


def test_form_is_drawn_per_person_and_repeatable(province, desk, bank):
    rnd = _round(province)
    a = services.attempt_start(actor=desk.lan_user, round=rnd, seed=42)
    assert len(a.question_ids) == 5 and len(set(a.question_ids)) == 5
    assert services.draw_questions(rnd, 42) == a.question_ids
    assert services.draw_questions(rnd, 43) != a.question_ids


def test_one_attempt_and_server_clock(province, desk, bank):
    rnd = _round(province)
    attempt = services.attempt_start(actor=desk.minh_user, round=rnd)
    with pytest.raises(Conflict, match="chỉ được làm một lần"):
        services.attempt_start(actor=desk.minh_user, round=rnd)
    qid = attempt.question_ids[0]
    services.attempt_answer(actor=desk.minh_user, attempt=attempt, question_id=qid, choice=1)
    # Reload: the saved answer is there.
    assert selectors.attempt_questions(attempt)[0][2] == 1
    with pytest.raises(Forbidden):
        services.attempt_answer(actor=desk.lan_user, attempt=attempt, question_id=qid, choice=0)
    # Time runs out on the server's clock.
    past = timezone.now() - dt.timedelta(minutes=1)
    TestAttempt.objects.filter(pk=attempt.pk).update(
        started_at=past - dt.timedelta(minutes=30), deadline_at=past
    )
    attempt.refresh_from_db()
    with pytest.raises(Conflict, match="Đã hết thời gian làm bài"):
        services.attempt_submit(actor=desk.minh_user, attempt=attempt)
    with pytest.raises(Conflict, match="Đã hết thời gian làm bài"):
        services.attempt_answer(actor=desk.minh_user, attempt=attempt, question_id=qid, choice=0)
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.STARTED and attempt.score is None
    assert AttemptAnswer.objects.get(attempt=attempt).choice == 1  # nothing changed
    # The system scores what was saved.
    assert services.close_expired_attempts(round=rnd) == 1
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.EXPIRED and attempt.total == 5
    assert attempt.submitted_at == attempt.deadline_at


def test_scoring_and_consequences(province, desk, bank):
    year = timezone.localdate().year
    first = _round(province, half=1, year=year - 1)
    _take(desk.lan_user, first, right=True)
    assert not Proposal.objects.filter(staff=desk.lan).exists()  # one pass is not enough
    second = _round(province, half=2, year=year - 1)
    passed = _take(desk.lan_user, second, right=True)
    assert passed.passed and passed.score == Decimal("100.00") and passed.correct == 5
    failed = _take(desk.minh_user, second, right=False)
    assert failed.passed is False and failed.score == 0
    praise = Proposal.objects.get(staff=desk.lan)
    assert praise.kind == "commendation" and "2 đợt" in praise.basis
    move = Proposal.objects.get(staff=desk.minh)
    assert move.kind == "reassignment" and "Không đạt" in move.basis
    assert [p.staff for p in selectors.proposals_for(province.lanhdao_xa, "commendation")] == [
        desk.lan
    ]
    # Only a leader decides; each decision is audited.
    with pytest.raises(Forbidden):
        services.proposal_decide(actor=province.daumoi_xa, proposal=move, approve=True)
    with pytest.raises(DomainError, match="lý do"):
        services.proposal_decide(actor=province.lanhdao_xa, proposal=praise, approve=False)
    services.proposal_decide(actor=province.lanhdao_xa, proposal=move, approve=True)
    desk.minh.refresh_from_db()
    assert not desk.minh.active and desk.minh.current_assignment() is None
    assert history_for(move).filter(action="proposal_decide").exists()
    with pytest.raises(Conflict):
        services.proposal_decide(
            actor=province.lanhdao_xa, proposal=move, approve=False, reason="x"
        )
    today = timezone.localdate()
    assert selectors.moved_count(province.commune_a, today, today) == 1
    assert selectors.passed_share(None, today, today) == Decimal("66.67")
    assert selectors.tested_count(province.commune_a, today, today) == 3


def test_round_rules(province, desk, bank):
    now = timezone.now()
    with pytest.raises(Forbidden):
        services.round_create(
            actor=province.daumoi_xa,
            agency=province.commune_a,
            year=2026,
            half=1,
            opens_at=now,
            closes_at=now + dt.timedelta(days=1),
        )
    with pytest.raises(DomainError, match="không đủ 50"):
        services.round_create(
            actor=province.noivu,
            agency=province.commune_a,
            year=2026,
            half=1,
            opens_at=now,
            closes_at=now + dt.timedelta(days=1),
            question_count=50,
        )
    _round(province, half=1, year=2026)
    with pytest.raises(Conflict, match="đã có đợt"):
        _round(province, half=1, year=2026)


def test_trained_share(province, desk):
    course = services.course_create(
        actor=province.noivu, agency=province.province, title="Kỹ năng giao tiếp", hours=8
    )
    session = services.session_create(
        actor=province.noivu,
        course=course,
        date=dt.date(2025, 5, 10),
        place="Hội trường Sở Nội vụ",
        trainer="ThS. Nguyễn Văn Giảng",
    )
    services.attendance_set(
        actor=province.daumoi_xa,
        session=session,
        staff=desk.lan,
        attended=True,
        certificate_number="CN-01",
    )
    with pytest.raises(DomainError, match="chứng nhận"):
        services.attendance_set(
            actor=province.daumoi_xa,
            session=session,
            staff=desk.minh,
            attended=False,
            certificate_number="CN-02",
        )
    share = selectors.trained_share(province.commune_a, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert share == Decimal("50.00")
    from cchc.statistics import indicators

    got = indicators.get("staff_trained_share").compute(
        province.commune_a, dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    )
    assert got == share
