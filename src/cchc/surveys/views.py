from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts import scope
from cchc.core.errors import DomainError
from cchc.organizations.models import Agency, AgencyKind

from . import exporting, rights, selectors, services
from .models import Question, Respondent, ResponseChannel, Survey, SurveyStatus


def _may_open(user) -> bool:
    return bool(
        user.is_superuser or user.is_province_wide or user.role in ("leader", "focal_point")
    )


def _survey(user, code: str) -> Survey:
    if not _may_open(user):
        raise PermissionDenied
    survey = selectors.for_user(user).filter(code=code).first()
    if survey is None:
        raise Http404
    return survey


def _questions(survey: Survey):
    return list(
        Question.objects.filter(element__survey=survey)
        .select_related("element")
        .order_by("element__order", "order")
    )


def _answers(post, questions) -> dict[int, str]:
    return {q.pk: (post.get(f"q{q.pk}") or "").strip() for q in questions}


@login_required
def index(request):
    user = request.user
    if not _may_open(user):
        raise PermissionDenied
    error = ""
    if request.method == "POST":
        if not rights.can_manage(user):
            raise PermissionDenied
        try:
            year = int(request.POST.get("year") or 0)
            root = scope.scope_root(user) or Agency.objects.filter(parent__isnull=True).first()
            if root is None:
                raise DomainError(_("Chưa có tỉnh, thành phố."))
            survey = services.survey_create_sipas(actor=user, year=year, province=root.province)
        except (ValueError, DomainError) as exc:
            error = getattr(exc, "message", _("Năm khảo sát không hợp lệ."))
        else:
            return redirect("surveys:detail", code=survey.code)
    return render(
        request,
        "surveys/index.html",
        {
            "surveys": selectors.for_user(user),
            "can_manage": rights.can_manage(user),
            "error": error,
            "year": timezone.localdate().year,
        },
    )


@login_required
def detail(request, code: str):
    survey = _survey(request.user, code)
    r = selectors.results(survey)
    sample = survey.samples.first()
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "r": r,
            "sample": sample,
            "can_manage": rights.can_manage(request.user, survey),
            "can_enter": rights.can_enter(request.user, survey),
            "error": request.GET.get("error", ""),
            "statuses": SurveyStatus,
        },
    )


@login_required
@require_POST
def draw(request, code: str):
    survey = _survey(request.user, code)
    seed_text = (request.POST.get("seed") or "").strip()
    try:
        seed = int(seed_text) if seed_text else None
        services.sample_draw(actor=request.user, survey=survey, seed=seed)
    except ValueError:
        return _detail_error(request, survey, _("Hạt giống phải là số nguyên."))
    except DomainError as exc:
        return _detail_error(request, survey, exc.message)
    return redirect("surveys:detail", code=code)


def _detail_error(request, survey, message):
    from urllib.parse import urlencode

    return redirect(f"/khao-sat/{survey.code}/?{urlencode({'error': message})}")


@login_required
@require_POST
def set_status(request, code: str):
    survey = _survey(request.user, code)
    status = request.POST.get("status") or survey.status
    published = request.POST.get("published")
    try:
        services.survey_set_status(
            actor=request.user,
            survey=survey,
            status=status,
            published=None if published is None else published == "1",
        )
    except DomainError as exc:
        return _detail_error(request, survey, exc.message)
    return redirect("surveys:detail", code=code)


def _entry_agencies(survey: Survey):
    return (
        Agency.objects.filter(path__startswith=survey.province.path, valid_to__isnull=True)
        .exclude(kind__in=[AgencyKind.ONE_STOP_DESK, AgencyKind.DEPARTMENT_UNIT])
        .order_by("path")
    )


@login_required
def entry(request, code: str):
    """Paper forms and phone interviews, typed fast: one digit per question, the cursor moves
    on by itself; Enter saves and the next blank form opens (htmx)."""
    survey = _survey(request.user, code)
    if not rights.can_enter(request.user, survey):
        raise PermissionDenied
    questions = _questions(survey)
    ctx = {
        "survey": survey,
        "questions": questions,
        "agencies": _entry_agencies(survey),
        "channels": [(c.value, c.label) for c in (ResponseChannel.PAPER, ResponseChannel.PHONE)],
        "values": {},
        "saved": 0,
    }
    if request.method == "POST":
        p = request.POST
        values = _answers(p, questions)
        ctx.update(values=values, agency_id=p.get("agency", ""), channel=p.get("channel", ""))
        ctx["number"] = p.get("number", "")
        try:
            respondent = None
            if p.get("number"):
                respondent = Respondent.objects.filter(
                    sample__survey=survey, number=int(p["number"])
                ).first()
                if respondent is None:
                    raise DomainError(_("Không có phiếu số này trong mẫu khảo sát."))
            agency = _entry_agencies(survey).filter(pk=p.get("agency") or 0).first()
            services.response_submit(
                survey=survey,
                answers={k: v for k, v in values.items()},
                channel=p.get("channel") or ResponseChannel.PAPER,
                agency=agency,
                respondent=respondent,
                actor=request.user,
            )
        except ValueError:
            ctx["error"] = _("Số phiếu phải là số.")
        except DomainError as exc:
            ctx["error"] = exc.message
        else:
            ctx.update(
                values={},
                number="",
                saved=int(p.get("saved") or 0) + 1,
                message=_("Đã lưu phiếu."),
            )
    template = "surveys/_entry_form.html" if request.htmx else "surveys/entry.html"
    # htmx swaps only 2xx answers: the refused form comes back as 200 with its message.
    failed = bool(ctx.get("error")) and not request.htmx
    return render(request, template, ctx, status=400 if failed else 200)


def answer(request, token: str):
    """Public: the sampled citizen's personal link (SMS or e-mail)."""
    try:
        respondent = services.respondent_for_token(token)
    except DomainError as exc:
        return render(request, "surveys/answer.html", {"error": exc.message}, status=400)
    survey = respondent.sample.survey
    questions = _questions(survey)
    ctx: dict = {"survey": survey, "questions": questions, "values": {}, "show_form": True}
    if respondent.answered_at is not None:
        ctx.update(error=services.ANSWERED, show_form=False)
        return render(request, "surveys/answer.html", ctx, status=409)
    if request.method == "POST":
        values = _answers(request.POST, questions)
        ctx["values"] = values
        try:
            services.response_submit(
                survey=survey, answers=values, channel=ResponseChannel.LINK, respondent=respondent
            )
        except DomainError as exc:
            ctx["error"] = exc.message
            return render(request, "surveys/answer.html", ctx, status=exc.status)
        return render(request, "surveys/answer.html", {"survey": survey, "done": True})
    return render(request, "surveys/answer.html", ctx)


def public_results(request, code: str):
    survey = Survey.objects.filter(code=code, published=True).select_related("province").first()
    if survey is None:
        raise Http404
    return render(
        request,
        "surveys/public.html",
        {"survey": survey, "r": selectors.results(survey), "public": True},
    )


def public_index(request):
    return render(request, "surveys/public_index.html", {"surveys": selectors.latest_published()})


@login_required
def export(request, code: str, fmt: str):
    survey = _survey(request.user, code)
    r = selectors.results(survey)
    stamp = dt.date.today().strftime("%Y%m%d")
    if fmt == "xlsx":
        data = exporting.to_xlsx(r)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "docx":
        data = exporting.to_docx(r)
        ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        raise Http404
    response = HttpResponse(data, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="{survey.code}-{stamp}.{fmt}"'
    return response
