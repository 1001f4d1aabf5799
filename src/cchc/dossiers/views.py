"""Pages: thin views over the services and selectors; htmx fragments for in-page actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts import scope
from cchc.accounts.models import Role, User
from cchc.accounts.throttle import client_ip
from cchc.core import keyset
from cchc.core.errors import DomainError, Forbidden, NotFound
from cchc.core.models import SmsMessage
from cchc.core.text import fold
from cchc.core.views import within_site
from cchc.organizations.models import Agency
from cchc.procedures.models import Procedure

from . import lookup_cache, rights, selectors, services
from .forms import LookupForm, ReceiveForm, transition_form
from .models import Channel, Dossier, Notification, Status
from .transitions import Transition

PAGE_SIZE = 50

TABS = [
    ("queue", gettext_noop("Việc của tôi")),
    ("open", gettext_noop("Đang giải quyết")),
    ("late", gettext_noop("Quá hạn")),
    ("repeated", gettext_noop("Bổ sung từ 2 lần")),
    ("all", gettext_noop("Tất cả")),
]


def _dossier(request, code: str) -> Dossier:
    try:
        return selectors.get_for_user(request.user, code)
    except NotFound as exc:
        raise Http404 from exc
    except Forbidden as exc:
        raise PermissionDenied from exc


def _panel_context(
    request, d: Dossier, error: str = "", forms: dict | None = None, done: str = ""
) -> dict[str, Any]:
    """The dossier panel: its facts, its history and one form per transition the user may
    take now (from ``services.TRANSITIONS``); ``forms`` carries a refused form back."""
    sent = forms or {}
    ctx: dict[str, Any] = {
        "d": d,
        "events": selectors.timeline(d),
        "actions": [
            (t, sent.get(t.slug) or transition_form(t, d))
            for t in services.available_transitions(request.user, d)
        ],
        "overdue": services.is_overdue(d),
        "apology_warning": services.needs_apology_warning(d),
        "apology_deadline": services.apology_deadline(d),
        "error": error,
        "done": done,
        "supplements": d.supplements.all(),
        # after an action the panel shows the applicant as the detail page did (no new record)
        "applicant": selectors.applicant_for(request.user, d, channel="web", record=False),
    }
    return ctx


FIGURE_PARAMS = ("figure", "from", "to", "agency", "level", "field", "procedure", "channel")


def _figure_filter(request) -> dict[str, Any] | None:
    """``?figure=overdue&from=…&to=…&agency=…``: the list behind a figure of the dashboard or
    the home page (``selectors.figure_dossiers``); bad parameters are a 404, never a silently
    unfiltered list."""
    import datetime as dt

    name = request.GET.get("figure", "")
    if not name:
        return None
    if name not in selectors.FIGURES:
        raise Http404
    try:
        date_from = dt.date.fromisoformat(request.GET.get("from", ""))
        date_to = dt.date.fromisoformat(request.GET.get("to", ""))
    except ValueError:
        raise Http404 from None
    agency = None
    if request.GET.get("agency"):
        agency = Agency.objects.filter(code=request.GET["agency"]).first()
        if agency is None:
            raise Http404
    return {
        "figure": name,
        "date_from": date_from,
        "date_to": date_to,
        "agency": agency,
        "level": request.GET.get("level", ""),
        "field": request.GET.get("field", ""),
        "procedure": request.GET.get("procedure", ""),
        "channel": request.GET.get("channel", ""),
    }


def _figure_query(request) -> str:
    from urllib.parse import urlencode

    return urlencode({k: request.GET[k] for k in FIGURE_PARAMS if request.GET.get(k)})


@login_required
def index(request):
    user = request.user
    default = "queue" if user.role in (Role.ONE_STOP, Role.PROCESSING) else "open"
    tab = request.GET.get("tab") or default
    q = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    channel = request.GET.get("channel", "")
    found = selectors.find_by_code(user, q) if q else None
    if found is not None:
        return redirect("dossiers:detail", code=found.code)
    if selectors.code_in(q) != q:
        q = selectors.code_in(q)
    figure = _figure_filter(request)
    if figure is not None:
        tab = "figure"
        qs = selectors.figure_dossiers(user, **figure)
    elif tab == "queue":
        qs = selectors.my_queue(user)
    elif tab == "open":
        qs = selectors.agency_open(user)
    elif tab == "late":
        qs = selectors.agency_late(user)
    elif tab == "repeated":
        qs = selectors.repeated_supplements(user)
    else:
        tab = "all"
        qs = None
    qs = selectors.search(user, selectors.Filters(q=q, status=status, channel=channel), within=qs)
    if tab in ("repeated", "all", "figure"):
        qs = selectors.with_urgency(qs)
    order = selectors.QUEUE_ORDER if tab in ("queue", "open", "late") else selectors.NEWEST_FIRST
    page = keyset.from_request(request, qs, order=order, size=PAGE_SIZE)
    # The list behind a figure shows exactly the figure (from the figure's own rollups, with
    # the search box's narrowing counted); a browse list shows an estimate past 10.000.
    narrowed = q or status or (channel and figure is not None and channel != figure["channel"])
    if figure is not None and not narrowed:
        count = keyset.Count(selectors.figure_count(user, **figure), exact=True)
    else:
        count = selectors.count(qs, exact=figure is not None)
    can_bulk = user.role in (Role.PROCESSING, Role.ONE_STOP) or rights.is_admin(user)
    ctx = {
        "tab": tab,
        "tabs": TABS,
        "page": page,
        "pager": keyset.pager_links(request, page),
        "count": count,
        "q": q,
        "status": status,
        "channel": channel,
        "statuses": Status.choices,
        "channels": Channel.choices,
        "can_receive": user.role == Role.ONE_STOP or rights.is_admin(user),
        "can_bulk": can_bulk,
        "today": selectors.today(),
        "figure": figure,
        "figure_query": _figure_query(request) if figure is not None else "",
        "figure_params": FIGURE_PARAMS,
    }
    if can_bulk:
        ctx["agencies"] = Agency.objects.filter(scope.agency_q(user, "")).active().order_by("path")
    return render(request, "dossiers/index.html", ctx)


def _documents(proc: Procedure | None) -> list[str]:
    if proc is None:
        return []
    return [d.name for d in proc.documents.all()]


def _find_procedure(code: str) -> Procedure | None:
    return Procedure.objects.filter(code=code.strip(), is_current=True).first()


def _resolving_choices(proc: Procedure | None, user: User):
    """Agencies to choose from when the procedure is resolved by every commune and the
    user's desk is not one (the city's Centre); None when there is nothing to choose."""
    if proc is None or user.agency is None:
        return None
    if not services.needs_resolving_agency(proc, user.agency):
        return None
    return selectors.resolving_choices(proc, user.agency)


@login_required
def receive(request):
    user = request.user
    if not (user.role == Role.ONE_STOP or rights.is_admin(user)):
        raise PermissionDenied
    proc = None
    if request.method == "POST":
        proc = _find_procedure(request.POST.get("procedure_code", ""))
        choices = _resolving_choices(proc, user)
        form = ReceiveForm(request.POST, documents=_documents(proc), resolving_choices=choices)
        valid = form.is_valid()
        if proc is None:
            form.add_error("procedure_code", _("Không có thủ tục đang hiệu lực với mã này."))
        elif choices is not None and not request.POST.get("resolving_agency"):
            # Ask, with the commune the applicant's address names already chosen.
            guess = selectors.guess_resolving_agency(
                proc, user.agency, request.POST.get("applicant_address", "")
            )
            data = request.POST.copy()
            data["resolving_agency"] = str(guess.agency.pk) if guess.agency else ""
            form = ReceiveForm(data, documents=_documents(proc), resolving_choices=choices)
            form.is_valid()
            form.errors.pop("resolving_agency", None)
            if guess.agency:
                ask = _(
                    "Thủ tục này do cấp xã giải quyết: kiểm tra nơi giải quyết rồi tiếp nhận lại."
                )
            elif guess.candidates:
                ask = _(
                    "Địa chỉ người nộp có thể thuộc nhiều nơi: %(names)s. Chọn xã, phường giải "
                    "quyết hồ sơ."
                ) % {"names": "; ".join(a.name for a in guess.candidates)}
            else:
                ask = _("Thủ tục này do cấp xã giải quyết: chọn xã, phường giải quyết hồ sơ.")
            form.add_error("resolving_agency", ask)
        elif valid:
            data = form.cleaned_data
            applicant = services.Applicant(
                kind=data["applicant_kind"],
                name=data["applicant_name"],
                id_number=data["applicant_id_number"],
                address=data["applicant_address"],
                phone=data["applicant_phone"],
                email=data["applicant_email"],
            )
            returning = (
                list(selectors.waiting_for(user.agency, proc, applicant)[:5])
                if user.agency_id and not data["new_dossier"]
                else []
            )
            if returning:
                # The citizen is coming back with the papers: take them in on the dossier they
                # already have (the clock resumes), unless the officer says it is another one.
                form.add_error(
                    None,
                    _(
                        "Người nộp này đang có hồ sơ chờ bổ sung cho thủ tục này: nhận giấy tờ bổ "
                        "sung vào hồ sơ đó (không lập hồ sơ mới). Nếu đây là một hồ sơ khác, đánh "
                        "dấu «Đây là hồ sơ mới» rồi tiếp nhận lại."
                    ),
                )
                return _receive_page(request, form, proc, returning=returning)
            try:
                if data["supplement_items"].strip():
                    d = services.dossier_request_supplement_at_desk(
                        actor=user,
                        procedure=proc,
                        applicant=applicant,
                        items=data["supplement_items"],
                        channel=data["channel"],
                        components=data["components"],
                        sets=data["sets"],
                        resolving_agency=data.get("resolving_agency"),
                    )
                    messages.warning(
                        request,
                        _("Hồ sơ %(code)s chưa đầy đủ: đã lập phiếu yêu cầu bổ sung.")
                        % {"code": d.code},
                    )
                else:
                    d = services.dossier_receive(
                        actor=user,
                        procedure=proc,
                        applicant=applicant,
                        channel=data["channel"],
                        components=data["components"],
                        sets=data["sets"],
                        return_by_post=data["return_by_post"],
                        resolving_agency=data.get("resolving_agency"),
                    )
                    messages.success(
                        request,
                        _("Đã tiếp nhận hồ sơ %(code)s, hẹn trả ngày %(due)s.")
                        % {
                            "code": d.code,
                            "due": d.due_date.strftime("%d/%m/%Y") if d.due_date else "—",
                        },
                    )
                return redirect("dossiers:detail", code=d.code)
            except DomainError as exc:
                form.add_error(None, exc.message)
    else:
        form = ReceiveForm(initial={"channel": Channel.DESK, "sets": 1})
    return _receive_page(request, form, proc)


def _waiting_rows(user: User, dossiers: list[Dossier]) -> list[dict[str, Any]]:
    """Each waiting dossier with what its citizen was asked to bring and the transition that
    takes the complete file in on it (``receive`` at the desk, ``supplement_received`` during
    processing), offered only where the user holds the right."""
    items = selectors.pending_items(dossiers)
    rows = []
    for d in dossiers:
        action = "receive" if d.status == Status.DESK_SUPPLEMENT else "supplement_received"
        t = services.TRANSITIONS[action]
        rows.append(
            {"d": d, "items": items.get(d.pk, []), "take_in": t if t.available(user, d) else None}
        )
    return rows


def _waiting_context(request, q: str) -> dict[str, Any]:
    qs = selectors.desk_waiting(request.user, q)
    found = list(qs[: selectors.DESK_WAITING_LIMIT + 1])
    return {
        "waiting": _waiting_rows(request.user, found[: selectors.DESK_WAITING_LIMIT]),
        "waiting_more": len(found) > selectors.DESK_WAITING_LIMIT,
        "waiting_q": q,
    }


def _receive_page(request, form, proc, *, returning: list[Dossier] | None = None):
    """The receive page: the form for a new dossier and, first, what waits at the desk for a
    citizen coming back (a returning citizen's papers go into their dossier, not a new one)."""
    ctx: dict[str, Any] = {"form": form, "procedure": proc}
    ctx.update(_waiting_context(request, request.GET.get("waiting_q", "").strip()))
    if returning:
        ctx["returning"] = _waiting_rows(request.user, returning)
    return render(request, "dossiers/receive.html", ctx)


@login_required
def desk_waiting(request):
    """The receive page's search among the desk's waiting dossiers (an htmx fragment)."""
    user = request.user
    if not (user.role == Role.ONE_STOP or rights.is_admin(user)):
        raise PermissionDenied
    ctx = _waiting_context(request, request.GET.get("waiting_q", "").strip())
    return render(request, "dossiers/_desk_waiting.html", ctx)


@login_required
def procedure_search(request):
    q = request.GET.get("q", "") or request.GET.get("procedure_code", "")
    qs = Procedure.objects.filter(is_current=True)
    terms = fold(q).split()
    if not terms:
        results: list[Procedure] = []
    else:
        exact = qs.filter(code=q.strip())
        for term in terms:
            qs = qs.filter(Q(search_text__contains=term) | Q(code__startswith=term))
        results = list(exact) + [
            p for p in qs.select_related("resolving_agency")[:15] if p.code != q.strip()
        ]
    return render(request, "dossiers/_procedure_results.html", {"results": results[:15]})


@login_required
def procedure_checklist(request, pk: int):
    proc = Procedure.objects.filter(pk=pk).select_related("resolving_agency").first()
    if proc is None:
        raise Http404
    form = ReceiveForm(
        documents=_documents(proc), resolving_choices=_resolving_choices(proc, request.user)
    )
    return render(
        request, "dossiers/_checklist.html", {"procedure": proc, "form": form, "oob": True}
    )


@login_required
def detail(request, code: str):
    d = _dossier(request, code)
    ctx = _panel_context(request, d)
    ctx["applicant"] = selectors.applicant_for(request.user, d, channel="web")
    return render(request, "dossiers/detail.html", ctx)


@login_required
@require_POST
def action(request, code: str, action: str):
    t = services.BY_SLUG.get(action)
    if t is None:
        raise Http404
    posted = request.POST.get("version", "")
    try:
        d = selectors.get_for_action(request.user, code, int(posted) if posted.isdigit() else None)
    except NotFound as exc:
        raise Http404 from exc
    except Forbidden as exc:
        raise PermissionDenied from exc
    form = transition_form(t, d, request.POST)
    error = ""
    if not form.is_valid():
        error = _("Dữ liệu nhập không hợp lệ: %(e)s") % {"e": form.errors.as_text()}
    else:
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            t.service(actor=request.user, dossier=d, expected_version=version, **data)
        except DomainError as exc:
            error = exc.message
    d = selectors.get_for_user(request.user, code)
    if request.htmx:
        # htmx swaps only 2xx responses: the refusal comes back as a panel showing the
        # message (a header tells scripts and tests which it was).
        response = render(
            request,
            "dossiers/_panel.html",
            _panel_context(
                request, d, error, {t.slug: form} if error else None, "" if error else _done(t, d)
            ),
        )
        response["X-Dossier-Result"] = "error" if error else "ok"
        return response
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _done(t, d))
    return redirect("dossiers:detail", code=d.code)


def _done(t: Transition, d: Dossier) -> str:
    """The message after an action: what was done, and where the dossier is now."""
    return _("Đã thực hiện «%(action)s» cho hồ sơ %(code)s: %(status)s.") % {
        "action": _(t.label),
        "code": d.code,
        "status": d.get_status_display(),
    }


@login_required
@require_POST
def bulk_transfer(request):
    codes = request.POST.getlist("codes")
    to_agency = Agency.objects.filter(pk=request.POST.get("to_agency") or 0).first()
    ok, failed = 0, []
    for code in codes[:500]:
        try:
            d = selectors.get_for_user(request.user, code)
            services.dossier_transfer(
                actor=request.user,
                dossier=d,
                to_agency=to_agency,
                note=request.POST.get("note", ""),
            )
            ok += 1
        except DomainError as exc:
            failed.append(f"{code}: {exc.message}")
    if ok:
        messages.success(request, _("Đã chuyển %(n)s hồ sơ.") % {"n": ok})
    for line in failed[:20]:
        messages.error(request, line)
    return redirect(within_site(request, request.POST.get("next") or "", reverse("dossiers:index")))


def lookup(request):
    """Public: no login. Code + last four phone digits; one answer for every miss. A found
    dossier's page, as an anonymous visitor sees it, is kept with the lookup's cached answer
    (``lookup_cache``) and served again until the dossier changes: the province's busiest
    page then costs one round trip to Redis and no form (issue 14). It holds no CSRF token
    (the language switch is a link), so it is the same for every visitor and sets no cookie;
    a page whose rendering took a token is the visitor's own and is not kept."""
    query = LookupForm.query(request.GET) if "phone" in request.GET else None
    result = None
    error = ""
    page, stamp = None, ""
    if query is not None:
        code, phone = query
        page = _kept_page_key(request, code)
        try:
            found = selectors.public_lookup_found(code, phone, page, client=client_ip(request))
        except selectors.RateLimited as limited:
            error, page = limited.message, None
        else:
            if found.facts is None:
                error = selectors.NOT_FOUND
            elif found.page is not None and page is not None:
                return HttpResponse(found.page)
            result = selectors.lookup_answer(found)
            stamp = found.stamp
    if "phone" in request.GET:
        form = LookupForm(request.GET)
        form.is_valid()  # its errors shown when the query was not valid
    else:
        # From the receipt's QR: the code is filled in, the citizen adds the phone digits.
        form = LookupForm(initial={"code": request.GET.get("code", "")})
    html = render_to_string(
        "dossiers/lookup.html", {"form": form, "result": result, "error": error}, request
    )
    if page is not None and stamp and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        lookup_cache.keep_page(page, stamp, html)
    response = HttpResponse(html)
    if error and error != selectors.NOT_FOUND:
        response.status_code = 429
    return response


def _kept_page_key(request, code: str) -> str | None:
    """Where this lookup's page is kept, or None when it is not the same for every visitor:
    a signed-in officer sees the menu, a message waits for the visitor."""
    if lookup_cache.cache() is None or request.user.is_authenticated:
        return None
    if len(messages.get_messages(request)):
        return None
    return lookup_cache.page_key(code, f"{get_language()}|{request.get_full_path()}")


@login_required
def sms_outbox(request):
    if not scope.can_administer(request.user):
        raise PermissionDenied
    page = keyset.from_request(request, SmsMessage.objects.order_by("-created_at", "-id"), size=100)
    undelivered = (
        Notification.objects.exclude(state=Notification.State.SENT)
        .select_related("dossier")
        .order_by("-created_at")[:100]
    )
    return render(
        request,
        "dossiers/sms_outbox.html",
        {"page": page, "pager": keyset.pager_links(request, page), "undelivered": undelivered},
    )
