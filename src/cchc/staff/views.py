"""Pages of the staff app. Thin: a form or a selector, a service, a template. Domain errors
that escape become their Vietnamese page (``cchc.core.middleware``)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts import scope
from cchc.core import files, imports
from cchc.core.errors import DomainError, Forbidden, NotFound
from cchc.core.models import ImportState
from cchc.core.refusals import refusal_shown
from cchc.core.text import fold

from . import questionbank, rights, selectors, services
from .forms import (
    CourseForm,
    DecideForm,
    MoveForm,
    QuestionImportForm,
    RoundForm,
    SessionForm,
    StaffForm,
)
from .models import AttemptStatus, ProposalKind, QuestionImport, TestRound


def _year_bounds() -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    return today.replace(month=1, day=1), today.replace(month=12, day=31)


# -- registry ---------------------------------------------------------------------------------


@login_required
def index(request):
    members = selectors.staff_for(request.user)
    q = request.GET.get("q", "").strip()
    if q:
        for term in fold(q).split():
            members = members.filter(search_text__contains=term)
    if request.GET.get("all") != "1":
        members = members.filter(active=True)
    agency = request.user.agency
    can_add = agency is not None and rights.can_manage_staff(request.user, agency)
    ctx = {"members": members[:500], "q": q, "can_add": can_add}
    if request.htmx:
        return render(request, "staff/_member_rows.html", ctx)
    return render(request, "staff/index.html", ctx)


@login_required
def register(request):
    form = StaffForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with refusal_shown(form):
            member = services.staff_register(actor=request.user, **d)
            messages.success(request, _("Đã thêm cán bộ %(name)s.") % {"name": member.full_name})
            return redirect("staff:index")
    return render(request, "staff/register.html", {"form": form})


@login_required
def card(request, pk: int):
    member = selectors.get_staff_for(request.user, pk)
    date_from, date_to = _year_bounds()
    date_from = date_from.replace(year=date_from.year - 2)
    can_manage = rights.can_manage_staff(request.user, member.agency)
    move_form = MoveForm(request.POST or None, user=request.user, member=member)
    if request.method == "POST":
        scope.require(can_manage)
        if move_form.is_valid():
            with refusal_shown(move_form):
                services.staff_move(actor=request.user, staff=member, **move_form.cleaned_data)
                messages.success(request, _("Đã ghi nhận vị trí công tác mới."))
                return redirect("staff:card", pk=member.pk)
    ctx = {
        "member": member,
        "can_manage": can_manage,
        "move_form": move_form,
        **selectors.staff_card(member, date_from, date_to),
        "period": (date_from, date_to),
    }
    return render(request, "staff/card.html", ctx)


@login_required
@require_POST
def leave(request, pk: int):
    member = selectors.get_staff_for(request.user, pk)
    try:
        day = dt.date.fromisoformat(request.POST.get("date_to", ""))
    except ValueError:
        messages.error(request, _("Cần ghi ngày thôi làm việc tại Bộ phận Một cửa."))
        return redirect("staff:card", pk=pk)
    with refusal_shown(request):
        services.staff_leave(
            actor=request.user, staff=member, date_to=day, note=request.POST.get("note", "")
        )
        messages.success(request, _("Đã ghi nhận thôi làm việc tại Bộ phận Một cửa."))
    return redirect("staff:card", pk=pk)


# -- trainings --------------------------------------------------------------------------------


@login_required
def trainings(request):
    agency = request.user.agency
    can_add = agency is not None and rights.can_manage_staff(request.user, agency)
    form = CourseForm(request.POST or None)
    if request.method == "POST":
        scope.require(can_add)
        if form.is_valid():
            issuing = agency.province if request.user.is_province_wide else agency
            course = services.course_create(actor=request.user, agency=issuing, **form.cleaned_data)
            messages.success(request, _("Đã tạo khóa bồi dưỡng."))
            return redirect("staff:course", pk=course.pk)
    courses = selectors.courses_for(request.user)
    return render(
        request, "staff/trainings.html", {"courses": courses, "form": form, "can_add": can_add}
    )


@login_required
def course(request, pk: int):
    obj = selectors.courses_for(request.user).filter(pk=pk).first()
    if obj is None:
        raise NotFound("Không tìm thấy khóa bồi dưỡng.")
    can_add = rights.can_manage_staff(request.user, obj.agency)
    form = SessionForm(request.POST or None)
    if request.method == "POST":
        scope.require(can_add)
        if form.is_valid():
            with refusal_shown(form):
                session = services.session_create(
                    actor=request.user, course=obj, **form.cleaned_data
                )
                return redirect("staff:session", pk=session.pk)
    sessions = obj.sessions.all()
    return render(
        request,
        "staff/course.html",
        {"course": obj, "sessions": sessions, "form": form, "can_add": can_add},
    )


@login_required
def session(request, pk: int):
    obj = selectors.get_session_for(request.user, pk)
    roster = selectors.session_roster(request.user, obj)
    return render(request, "staff/session.html", {"session": obj, "roster": roster})


@login_required
@require_POST
def attendance(request, pk: int, staff_pk: int):
    obj = selectors.get_session_for(request.user, pk)
    member = selectors.get_staff_for(request.user, staff_pk)
    try:
        row = services.attendance_set(
            actor=request.user,
            session=obj,
            staff=member,
            attended=request.POST.get("attended") == "on",
            certificate_number=request.POST.get("certificate_number", ""),
            certificate_date=obj.date if request.POST.get("certificate_number") else None,
        )
    except Forbidden:
        raise
    except DomainError as exc:
        return HttpResponse(exc.message, status=400)
    return render(
        request, "staff/_attendance_row.html", {"session": obj, "member": member, "mark": row}
    )


# -- question bank ----------------------------------------------------------------------------


@login_required
def questions(request):
    scope.require(rights.can_run_tests(request.user), _("Chỉ Sở Nội vụ quản lý ngân hàng câu hỏi."))
    form = QuestionImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with refusal_shown(form, field="file"):
            if upload.size > questionbank.MAX_BYTES:
                raise DomainError("Tệp quá lớn: ngân hàng câu hỏi tối đa 5 MB.")
            accepted = files.load_upload(
                upload, upload.name, kinds=("xlsx", "docx"), limits=questionbank.LIMITS
            )
            # through core's import jobs: read here when short, by the worker when large
            job = imports.import_start(
                actor=request.user, kind=services.QUESTION_IMPORT_KIND, upload=accepted
            )
            if job.state == ImportState.FAILED:
                raise DomainError(job.error)
            if job.state == ImportState.READY:
                return redirect("staff:question_import", pk=job.preview["question_import"])
            return redirect("core:import_job", pk=job.pk)
    return render(
        request,
        "staff/questions.html",
        {
            "form": form,
            "topics": selectors.topics_with_counts(),
            "questions": selectors.questions()[:200],
        },
    )


@login_required
def question_import(request, pk: int):
    scope.require(rights.can_run_tests(request.user), _("Chỉ Sở Nội vụ quản lý ngân hàng câu hỏi."))
    imp = QuestionImport.objects.filter(pk=pk).first()
    if imp is None:
        raise NotFound("Không tìm thấy lần nhập.")
    # A preview shows an unpublished bank (answers included): its uploader's and the admins'.
    if imp.uploaded_by_id != request.user.pk and not imports.is_admin(request.user):
        raise Forbidden("Chỉ người tải tệp lên hoặc quản trị viên xem được lần nhập này.")
    error = ""
    if request.method == "POST":
        try:
            n = services.question_import_commit(actor=request.user, imp=imp)
        except Forbidden:
            raise
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("Đã nhập %(n)s câu hỏi.") % {"n": n})
            return redirect("staff:questions")
    return render(request, "staff/question_import.html", {"imp": imp, "error": error})


# -- test rounds ------------------------------------------------------------------------------


@login_required
def rounds(request):
    can_add = rights.can_run_tests(request.user) and request.user.agency_id is not None
    form = RoundForm(request.POST or None, user=request.user)
    if request.method == "POST":
        scope.require(can_add, _("Chỉ Sở Nội vụ tổ chức kiểm tra kiến thức."))
        if form.is_valid():
            with refusal_shown(form):
                rnd = services.round_create(actor=request.user, **form.cleaned_data)
                messages.success(request, _("Đã tạo đợt kiểm tra."))
                return redirect("staff:round", pk=rnd.pk)
    mine = selectors.open_rounds_for_me(request.user)
    return render(
        request,
        "staff/rounds.html",
        {
            "rounds": selectors.rounds_for(request.user).order_by("-year", "-half"),
            "form": form,
            "can_add": can_add,
            "mine": mine,
        },
    )


@login_required
def round_detail(request, pk: int):
    rnd = selectors.get_round_for(request.user, pk)
    services.close_expired_attempts(round=rnd)
    rows = selectors.round_progress(request.user, rnd)
    pending = [r for r in rows if r.attempt is None]
    return render(request, "staff/round.html", {"round": rnd, "rows": rows, "pending": pending})


@login_required
@require_POST
def attempt_start(request, pk: int):
    rnd: TestRound = selectors.get_round_for(request.user, pk)
    try:
        attempt = services.attempt_start(actor=request.user, round=rnd)
    except Forbidden:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("staff:rounds")
    return redirect("staff:attempt", pk=attempt.pk)


@login_required
def attempt(request, pk: int):
    obj = selectors.get_attempt_for(request.user, pk)
    if obj.status == AttemptStatus.STARTED:
        services.attempt_close_expired(attempt=obj)
        obj.refresh_from_db()
    own = obj.staff.user_id == request.user.pk
    remaining = max(0, int((obj.deadline_at - timezone.now()).total_seconds()))
    return render(
        request,
        "staff/attempt.html",
        {
            "attempt": obj,
            "own": own,
            "items": selectors.attempt_questions(obj),
            "remaining": remaining,
            # The key is shown to the person only once the round has closed, so it does not
            # travel to colleagues still taking the test.
            "show_key": obj.status != AttemptStatus.STARTED
            and (not own or timezone.now() >= obj.round.closes_at),
        },
    )


@login_required
@require_POST
def attempt_answer(request, pk: int):
    obj = selectors.get_attempt_for(request.user, pk)
    try:
        question_id = int(request.POST.get("question", ""))
        choice = int(request.POST.get("choice", ""))
    except ValueError:
        return HttpResponse(_("Dữ liệu gửi lên không hợp lệ."), status=400)
    try:
        services.attempt_answer(
            actor=request.user, attempt=obj, question_id=question_id, choice=choice
        )
    except Forbidden:
        raise
    except DomainError as exc:
        return render(
            request,
            "staff/_saved.html",
            {"error": exc.message, "question_id": question_id},
            status=409,
        )
    return render(
        request, "staff/_saved.html", {"at": timezone.localtime(), "question_id": question_id}
    )


@login_required
@require_POST
def attempt_submit(request, pk: int):
    obj = selectors.get_attempt_for(request.user, pk)
    try:
        services.attempt_submit(actor=request.user, attempt=obj)
    except (Forbidden, NotFound):
        raise
    except DomainError as exc:  # time up is the usual case: said on the attempt's own page
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã nộp bài."))
    return redirect("staff:attempt", pk=obj.pk)


# -- proposals --------------------------------------------------------------------------------


@login_required
def proposals(request):
    kind = request.GET.get("kind", ProposalKind.COMMENDATION)
    if kind not in ProposalKind.values:
        kind = ProposalKind.COMMENDATION
    rows = selectors.proposals_for(request.user, kind)
    return render(
        request,
        "staff/proposals.html",
        {
            "rows": rows,
            "kind": kind,
            "kinds": ProposalKind.choices,
            "form": DecideForm(),
            "can_decide": request.user.is_superuser
            or request.user.role in ("leader", "system_admin"),
        },
    )


@login_required
@require_POST
def proposal_decide(request, pk: int):
    proposal = selectors.get_proposal_for(request.user, pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần chọn đồng ý hoặc không đồng ý."))
    else:
        with refusal_shown(request):
            services.proposal_decide(
                actor=request.user,
                proposal=proposal,
                approve=form.cleaned_data["approve"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Đã ghi nhận quyết định."))
    return redirect(reverse("staff:proposals") + f"?kind={proposal.kind}")
