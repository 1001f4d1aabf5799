"""Reads of the staff app, scoped to the user through ``cchc.accounts.scope``: a focal point
sees their own agency's list, Home Affairs the province. The figures the indicators, pages
and API show are computed here, once each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from cchc.accounts import scope
from cchc.core.errors import Forbidden, NotFound

from .models import (
    Assignment,
    AttemptStatus,
    Attendance,
    Course,
    Proposal,
    ProposalKind,
    ProposalStatus,
    Question,
    QuestionTopic,
    StaffMember,
    TestAttempt,
    TestRound,
    TrainingSession,
)


def staff_for(user: Any) -> QuerySet[StaffMember]:
    current = Assignment.objects.filter(date_to__isnull=True).select_related("desk")
    return scope.scoped(
        StaffMember.objects.select_related("agency", "user").prefetch_related(
            Prefetch("assignments", queryset=current, to_attr="open_assignments")
        ),
        user,
    )


def get_staff_for(user: Any, pk: int) -> StaffMember:
    member = StaffMember.objects.select_related("agency", "user").filter(pk=pk).first()
    if member is None:
        raise NotFound("Không tìm thấy cán bộ.")
    own = member.user_id is not None and member.user_id == getattr(user, "pk", None)
    if not own and not scope.can_see_agency(user, member.agency):
        raise Forbidden("Cán bộ này không thuộc phạm vi của bạn.")
    return member


def my_record(user: Any) -> StaffMember | None:
    return StaffMember.objects.select_related("agency").filter(user_id=user.pk).first()


def courses_for(user: Any) -> QuerySet[Course]:
    """Courses organised inside the user's scope, or by an agency above it (a province-wide
    course of Home Affairs is every agency's)."""
    root = scope.scope_root(user)
    qs = Course.objects.select_related("agency").annotate(n_sessions=Count("sessions"))
    if root is None:
        return qs
    ancestors = [p + "/" for p in _prefixes(root.path)]
    return qs.filter(Q(agency__path__startswith=root.path) | Q(agency__path__in=ancestors))


def _prefixes(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


def _ancestor_ids(path: str) -> list[int]:
    """The agency and those above it: a round of the province is everyone's."""
    return [int(p) for p in path.split("/") if p]


def get_session_for(user: Any, pk: int) -> TrainingSession:
    session = TrainingSession.objects.select_related("course__agency").filter(pk=pk).first()
    if session is None or not courses_for(user).filter(pk=session.course_id).exists():
        raise NotFound("Không tìm thấy lớp bồi dưỡng.")
    return session


def session_roster(
    user: Any, session: TrainingSession
) -> list[tuple[StaffMember, Attendance | None]]:
    marks = {a.staff_id: a for a in session.attendances.all()}
    members = list(staff_for(user).filter(Q(active=True) | Q(pk__in=marks)))
    return [(m, marks.get(m.pk)) for m in members]


def topics_with_counts() -> QuerySet[QuestionTopic]:
    return QuestionTopic.objects.annotate(n=Count("questions", filter=Q(questions__active=True)))


def questions() -> QuerySet[Question]:
    return Question.objects.select_related("topic").filter(active=True)


def rounds_for(user: Any) -> QuerySet[TestRound]:
    """Rounds of agencies in the user's scope, and the rounds a person may take themselves."""
    q = scope.agency_q(user)
    mine = my_record(user)
    if mine is not None:
        q |= Q(agency_id__in=_ancestor_ids(mine.agency.path))
    return TestRound.objects.select_related("agency").filter(q)


def get_round_for(user: Any, pk: int) -> TestRound:
    rnd = rounds_for(user).filter(pk=pk).first()
    if rnd is None:
        raise NotFound("Không tìm thấy đợt kiểm tra.")
    return rnd


@dataclass
class RoundRow:
    staff: StaffMember
    attempt: TestAttempt | None


def round_progress(user: Any, rnd: TestRound) -> list[RoundRow]:
    """Everyone the round is for (active one-stop staff of the agency's subtree) with their
    attempt; those without one have not taken it yet."""
    attempts = {a.staff_id: a for a in rnd.attempts.all()}
    members = scope.scoped(
        StaffMember.objects.select_related("agency")
        .filter(agency__path__startswith=rnd.agency.path)
        .filter(Q(active=True) | Q(pk__in=attempts)),
        user,
    )
    return [RoundRow(m, attempts.get(m.pk)) for m in members]


def open_rounds_for_me(user: Any) -> list[tuple[TestRound, TestAttempt | None]]:
    from django.utils import timezone

    mine = my_record(user)
    if mine is None:
        return []
    ids = _ancestor_ids(mine.agency.path)
    now = timezone.now()
    attempts = {a.round_id: a for a in TestAttempt.objects.filter(staff=mine)}
    rounds = TestRound.objects.filter(agency_id__in=ids).filter(
        Q(opens_at__lte=now, closes_at__gt=now) | Q(pk__in=attempts)
    )
    return [(r, attempts.get(r.pk)) for r in rounds.select_related("agency")]


def get_attempt_for(user: Any, pk: int) -> TestAttempt:
    attempt = (
        TestAttempt.objects.select_related("round__agency", "staff__agency").filter(pk=pk).first()
    )
    if attempt is None:
        raise NotFound("Không tìm thấy bài làm.")
    if attempt.staff.user_id != user.pk and not scope.can_see_agency(user, attempt.staff.agency):
        raise Forbidden("Bài làm này không thuộc phạm vi của bạn.")
    return attempt


def attempt_questions(attempt: TestAttempt) -> list[tuple[int, Question, int | None]]:
    """(number, question, saved choice) in the person's order."""
    by_id = Question.objects.in_bulk(attempt.question_ids)
    saved = dict(attempt.answers.values_list("question_id", "choice"))
    return [(i, by_id[q], saved.get(q)) for i, q in enumerate(attempt.question_ids, 1)]


def proposals_for(user: Any, kind: str | None = None) -> QuerySet[Proposal]:
    qs = scope.scoped(
        Proposal.objects.select_related("staff__agency", "round", "decided_by"),
        user,
        "staff__agency",
    )
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("status", "-created_at")


def get_proposal_for(user: Any, pk: int) -> Proposal:
    p = proposals_for(user).filter(pk=pk).first()
    if p is None:
        raise NotFound("Không tìm thấy đề nghị.")
    return p


def staff_card(member: StaffMember, date_from: dt.date, date_to: dt.date) -> dict[str, Any]:
    from . import conduct

    return {
        "assignments": list(member.assignments.select_related("agency", "desk")),
        "attendances": list(
            member.attendances.select_related("session__course").order_by("-session__date")
        ),
        "attempts": list(member.attempts.select_related("round").order_by("-started_at")),
        "proposals": list(member.proposals.select_related("round", "decided_by")),
        "conduct": conduct.records_for(member, date_from, date_to),
    }


# -- figures (one function each; indicators, pages and API use them) ------------------------


def _staff_in(agency: Any, date_from: dt.date, date_to: dt.date) -> QuerySet[StaffMember]:
    """One-stop staff who held a desk at some time in the period (in the agency's subtree)."""
    qs = StaffMember.objects.filter(
        assignments__date_from__lte=date_to,
    ).filter(Q(assignments__date_to__isnull=True) | Q(assignments__date_to__gte=date_from))
    if agency is not None:
        qs = qs.filter(assignments__agency__path__startswith=agency.path)
    return qs.distinct()


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.01"))


def staff_count(agency: Any, date_from: dt.date, date_to: dt.date) -> Decimal | None:
    """The one-stop staff who held a desk in the period: the whole that the shares divide."""
    return Decimal(_staff_in(agency, date_from, date_to).count())


def trained_share(agency: Any, date_from: dt.date, date_to: dt.date) -> Decimal | None:
    """Seed 000, 1.2: "100% công chức, viên chức làm việc tại Bộ phận tiếp nhận … được nâng
    cao trình độ … thông qua các lớp tập huấn": the share who attended a session."""
    staff = _staff_in(agency, date_from, date_to)
    total = staff.count()
    trained = staff.filter(
        attendances__attended=True, attendances__session__date__range=(date_from, date_to)
    ).count()
    return _share(trained, total)


def _attempts(agency: Any, date_from: dt.date, date_to: dt.date) -> QuerySet[TestAttempt]:
    qs = TestAttempt.objects.exclude(status=AttemptStatus.STARTED).filter(
        submitted_at__date__range=(date_from, date_to)
    )
    if agency is not None:
        qs = qs.filter(staff__agency__path__startswith=agency.path)
    return qs


def tested_count(agency: Any, date_from: dt.date, date_to: dt.date) -> Decimal | None:
    return Decimal(_attempts(agency, date_from, date_to).count())


def passed_share(agency: Any, date_from: dt.date, date_to: dt.date) -> Decimal | None:
    qs = _attempts(agency, date_from, date_to)
    return _share(qs.filter(passed=True).count(), qs.count())


def _decided(kind: str):
    def compute(agency: Any, date_from: dt.date, date_to: dt.date) -> Decimal | None:
        qs = Proposal.objects.filter(
            kind=kind,
            status=ProposalStatus.APPROVED,
            decided_at__date__range=(date_from, date_to),
        )
        if agency is not None:
            qs = qs.filter(staff__agency__path__startswith=agency.path)
        return Decimal(qs.count())

    compute.__name__ = f"decided_{kind}"
    return compute


commended_count = _decided(ProposalKind.COMMENDATION)
moved_count = _decided(ProposalKind.REASSIGNMENT)
