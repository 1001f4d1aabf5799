from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts.models import User
from cchc.accounts.throttle import client_ip
from cchc.core import files as core_files
from cchc.core import keyset
from cchc.core.errors import DomainError
from cchc.dossiers.models import Dossier

from . import rights, selectors, services
from .forms import (
    LookupForm,
    PublicFeedbackForm,
    PublicSearchForm,
    StaffFeedbackForm,
    started_token,
)
from .models import Attachment, Channel, Status


def _sender(data) -> services.Sender:
    return services.Sender(
        name=data["sender_name"],
        phone=data.get("sender_phone") or "",
        address=data.get("sender_address") or "",
        email=data.get("sender_email") or "",
    )


def submit(request):
    """Public: the citizen's web form, no account."""
    form = PublicFeedbackForm(
        request.POST or None, request.FILES or None, initial={"started": started_token()}
    )
    if request.method == "POST" and form.is_valid():
        if not selectors.submit_allowed(client_ip(request)):
            form.add_error(None, selectors.RateLimited().message)
        else:
            d = form.cleaned_data
            try:
                fb = services.feedback_receive(
                    kind=d["kind"],
                    title=d["title"],
                    content=d["content"],
                    sender=_sender(d),
                    channel=Channel.WEB,
                    agency=d.get("agency"),
                    field=d.get("field"),
                    attachments=d.get("attachments") or [],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                return render(request, "feedback/submitted.html", {"fb": fb})
    if request.method == "POST":
        # A fresh start time for the corrected form; the user keeps what was typed.
        data = request.POST.copy()
        data["started"] = started_token()
        form.data = data
    return render(request, "feedback/submit.html", {"form": form}, status=200)


def lookup(request):
    """Public: code + last four phone digits; one answer for every miss; rate-limited."""
    form = LookupForm(request.GET or None)
    result, error = None, ""
    if form.is_valid():
        if not selectors.lookup_allowed(client_ip(request)):
            error = selectors.RateLimited().message
        else:
            result = selectors.public_lookup(form.cleaned_data["code"], form.cleaned_data["phone"])
            if result is None:
                error = selectors.NOT_FOUND
    return render(request, "feedback/lookup.html", {"form": form, "result": result, "error": error})


def public(request):
    """Public "Dân hỏi – Chính quyền trả lời"; htmx swaps the results as the citizen types."""
    form = PublicSearchForm(request.GET or None)
    rows = selectors.published()
    if form.is_valid():
        rows = selectors.published(
            q=form.cleaned_data.get("q") or "",
            agency=form.cleaned_data.get("agency"),
            field=form.cleaned_data.get("field"),
        )
    page = keyset.from_request(request, rows, size=20)
    items = [selectors.public_item(fb) for fb in page]
    template = "feedback/_public_results.html" if request.htmx else "feedback/public.html"
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "pager": keyset.pager_links(request, page),
            "count": keyset.count(rows, exact=True),
            "items": items,
        },
    )


@login_required
def queue(request):
    if not rights.can_open_queue(request.user):
        raise PermissionDenied
    status = request.GET.get("status", "")
    overdue = request.GET.get("overdue") == "1"
    q = request.GET.get("q", "")
    qs = selectors.search(request.user, q=q, status=status, overdue=overdue)
    page = keyset.from_request(request, qs, order=("-received_at", "-id"), size=50)
    today = timezone.localdate()
    for fb in page:
        fb.due = selectors.current_due(fb)  # type: ignore[attr-defined]
        fb.overdue = selectors.is_overdue(fb, today)  # type: ignore[attr-defined]
    return render(
        request,
        "feedback/queue.html",
        {
            "page": page,
            "pager": keyset.pager_links(request, page),
            "q": q,
            "status": status,
            "overdue": overdue,
            "statuses": Status.choices,
            "can_enter": rights.can_enter(request.user),
        },
    )


@login_required
def new(request):
    if not rights.can_enter(request.user):
        raise PermissionDenied
    form = StaffFeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            fb = services.feedback_receive(
                kind=d["kind"],
                title=d["title"],
                content=d["content"],
                sender=_sender(d),
                channel=d["channel"],
                agency=d.get("agency"),
                field=d.get("field"),
                actor=request.user,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            if rights.can_read(request.user, fb):
                return redirect("feedback:detail", code=fb.code)
            return redirect("feedback:queue")
    return render(request, "feedback/new.html", {"form": form})


def _detail_context(request, code: str) -> dict:
    fb = selectors.get_for_user(request.user, code)
    return {
        "fb": fb,
        "can_handle": rights.can_handle(request.user, fb),
        "events": fb.events.select_related("actor"),
        "attachments": fb.attachments.all(),
        "due": selectors.current_due(fb),
        "overdue": selectors.is_overdue(fb),
        "officials": User.objects.filter(agency__path__startswith=fb.agency.path).order_by(
            "last_name", "first_name"
        )[:200],
        "Status": Status,
        "allowed": services.allowed_actions(fb),
        "agencies": _agencies_for(request.user),
    }


def _agencies_for(user):
    from cchc.accounts import scope
    from cchc.organizations.models import Agency

    return scope.scoped(Agency.objects.filter(valid_to__isnull=True), user, "").order_by("path")


@login_required
def detail(request, code: str):
    return render(request, "feedback/detail.html", _detail_context(request, code))


@login_required
@require_POST
def action(request, code: str, action: str):
    transition = services.TRANSITIONS.get(action)
    if transition is None:
        raise Http404
    fb = selectors.get_for_user(request.user, code)
    p = request.POST
    kwargs: dict = {name: p.get(name, "") for name in transition.texts}
    if action == "classify":
        from cchc.procedures.models import ProcedureField

        if p.get("agency"):
            kwargs["agency"] = _agencies_for(request.user).filter(pk=p["agency"]).first()
        if p.get("field"):
            kwargs["field"] = ProcedureField.objects.filter(pk=p["field"]).first()
        if p.get("official"):
            kwargs["official"] = User.objects.filter(pk=p["official"]).first()
        if p.get("dossier"):
            dossier = Dossier.objects.filter(code=p["dossier"].strip()).first()
            if dossier is None:
                error = _("Không có hồ sơ mã «%(code)s».") % {"code": p["dossier"].strip()}
                return _render_detail(request, code, error)
            kwargs["dossier"] = dossier
        kwargs["about_official"] = p.get("about_official") == "1"
    version = p.get("version")
    try:
        services.ACTIONS[action](
            actor=request.user,
            feedback=fb,
            expected_version=int(version) if version and version.isdigit() else None,
            **kwargs,
        )
    except DomainError as exc:
        return _render_detail(request, code, exc.message)
    if request.htmx:
        return _render_detail(request, code, "")
    return redirect("feedback:detail", code=code)


def _render_detail(request, code: str, error: str):
    ctx = _detail_context(request, code)
    ctx["error"] = error
    template = "feedback/_panel.html" if request.htmx else "feedback/detail.html"
    return render(request, template, ctx, status=400 if error and not request.htmx else 200)


@login_required
def attachment(request, pk: int):
    """Files are private: served only to staff who may read the case, always as a download."""
    att = get_object_or_404(Attachment.objects.select_related("feedback__agency"), pk=pk)
    if not rights.can_read(request.user, att.feedback):
        raise PermissionDenied
    return core_files.serve_attachment(att.file, att.original_name)
