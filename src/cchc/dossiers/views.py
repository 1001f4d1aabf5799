"""Pages: thin views over the services and selectors; htmx fragments for in-page actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from cchc.accounts import scope
from cchc.accounts.models import Role, User
from cchc.accounts.throttle import client_ip
from cchc.core.errors import DomainError, Forbidden, NotFound
from cchc.core.models import SmsMessage
from cchc.core.text import fold
from cchc.organizations.models import Agency
from cchc.procedures.models import Procedure

from . import rights, selectors, services
from .forms import ActionForm, LookupForm, ReceiveForm
from .models import Channel, Dossier, Status

PAGE_SIZE = 50

TABS = [
    ("queue", gettext_noop("Việc của tôi")),
    ("open", gettext_noop("Đang giải quyết")),
    ("late", gettext_noop("Quá hạn")),
    ("repeated", gettext_noop("Bổ sung từ 2 lần")),
    ("all", gettext_noop("Tất cả")),
]

# Action (url name) → (form fields shown, button label)
ACTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "transfer": (("to_agency", "to_user", "step", "note"), gettext_noop("Chuyển xử lý")),
    "request-supplement": (("items", "reason"), gettext_noop("Yêu cầu bổ sung")),
    "supplement-received": (("note",), gettext_noop("Nhận hồ sơ bổ sung")),
    "apologize": (("new_due_date", "reason"), gettext_noop("Xin lỗi, hẹn lại")),
    "result-ready": (("result", "note"), gettext_noop("Đã có kết quả")),
    "return": (("note",), gettext_noop("Trả kết quả")),
    "stop": (("reason",), gettext_noop("Dừng giải quyết")),
    "refuse": (("reason",), gettext_noop("Từ chối")),
    "receive": ((), gettext_noop("Tiếp nhận (đã bổ sung đủ)")),
}


def _dossier(request, code: str) -> Dossier:
    try:
        return selectors.get_for_user(request.user, code)
    except NotFound:
        raise Http404
    except Forbidden:
        raise PermissionDenied


def available_actions(user: User, d: Dossier) -> list[str]:
    """Actions to offer: the state allows them and the user holds the right. The services
    check again (and the appointment rule) when the form is sent."""
    desk = rights.is_desk_officer(user, d)
    proc = rights.is_processing_officer(user, d)
    at_desk = d.current_agency_id == d.desk_id
    st = d.status
    result = []
    if st == Status.DESK_SUPPLEMENT and desk:
        result += ["receive", "refuse"]
    if st == Status.RECEIVED and (proc or (desk and at_desk)):
        result.append("transfer")
    if st == Status.IN_PROGRESS and proc:
        result.append("transfer")
    if st in (Status.RECEIVED, Status.IN_PROGRESS) and proc:
        result += ["request-supplement", "result-ready"]
    if st == Status.SUPPLEMENT and (proc or desk):
        result.append("supplement-received")
    if (
        st in (Status.RECEIVED, Status.IN_PROGRESS, Status.SUPPLEMENT, Status.RESULT_READY)
        and proc
        and d.apologized_at is None
    ):
        result.append("apologize")
    if st == Status.RESULT_READY and desk:
        result.append("return")
    if st in (Status.RECEIVED, Status.IN_PROGRESS, Status.SUPPLEMENT) and (proc or desk):
        result.append("stop")
    if st in (Status.RECEIVED, Status.IN_PROGRESS, Status.SUPPLEMENT) and (
        proc or (desk and st == Status.RECEIVED and at_desk)
    ):
        result.append("refuse")
    return result


def _transfer_choices(user: User, d: Dossier) -> dict[str, Any]:
    province = d.agency.province
    agencies = Agency.objects.filter(path__startswith=province.path).active().order_by("path")
    users = (
        User.objects.filter(
            is_active=True,
            role__in=[Role.PROCESSING, Role.ONE_STOP],
            agency__path__startswith=province.path,
        )
        .select_related("agency")
        .order_by("agency__path", "username")
    )
    return {"agencies": agencies, "users": users, "steps": d.procedure.steps.all()}


def _panel_context(request, d: Dossier, error: str = "") -> dict[str, Any]:
    actions = available_actions(request.user, d)
    ctx: dict[str, Any] = {
        "d": d,
        "events": selectors.timeline(d),
        "actions": [(name, ACTIONS[name][0], ACTIONS[name][1]) for name in actions],
        "overdue": services.is_overdue(d),
        "error": error,
        "supplements": d.supplements.all(),
    }
    if "transfer" in actions:
        ctx.update(_transfer_choices(request.user, d))
    return ctx


@login_required
def index(request):
    user = request.user
    default = "queue" if user.role in (Role.ONE_STOP, Role.PROCESSING) else "open"
    tab = request.GET.get("tab") or default
    q = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    channel = request.GET.get("channel", "")
    if tab == "queue":
        qs = selectors.my_queue(user)
    elif tab == "open":
        qs = selectors.agency_open(user)
    elif tab == "late":
        qs = selectors.agency_late(user)
    elif tab == "repeated":
        qs = selectors.repeated_supplements(user)
    else:
        tab = "all"
        qs = selectors.search(user, selectors.Filters())
    for term in fold(q).split():
        qs = qs.filter(search_text__contains=term)
    if status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    if tab in ("repeated", "all"):
        qs = selectors.with_urgency(qs)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    can_bulk = user.role in (Role.PROCESSING, Role.ONE_STOP) or rights.is_admin(user)
    ctx = {
        "tab": tab,
        "tabs": TABS,
        "page": page,
        "q": q,
        "status": status,
        "channel": channel,
        "statuses": Status.choices,
        "channels": Channel.choices,
        "can_receive": user.role == Role.ONE_STOP or rights.is_admin(user),
        "can_bulk": can_bulk,
        "today": selectors.today(),
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


@login_required
def receive(request):
    user = request.user
    if not (user.role == Role.ONE_STOP or rights.is_admin(user)):
        raise PermissionDenied
    proc = None
    if request.method == "POST":
        proc = _find_procedure(request.POST.get("procedure_code", ""))
        form = ReceiveForm(request.POST, documents=_documents(proc))
        valid = form.is_valid()
        if proc is None:
            form.add_error("procedure_code", _("Không có thủ tục đang hiệu lực với mã này."))
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
    return render(request, "dossiers/receive.html", {"form": form, "procedure": proc})


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
    form = ReceiveForm(documents=_documents(proc))
    return render(
        request, "dossiers/_checklist.html", {"procedure": proc, "form": form, "oob": True}
    )


@login_required
def detail(request, code: str):
    d = _dossier(request, code)
    return render(request, "dossiers/detail.html", _panel_context(request, d))


@login_required
@require_POST
def action(request, code: str, action: str):
    if action not in ACTIONS:
        raise Http404
    posted = request.POST.get("version", "")
    try:
        d = selectors.get_for_action(request.user, code, int(posted) if posted.isdigit() else None)
    except NotFound:
        raise Http404
    except Forbidden:
        raise PermissionDenied
    form = ActionForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("Dữ liệu nhập không hợp lệ: %(e)s") % {"e": form.errors.as_text()}
    else:
        data = form.cleaned_data
        common = {"actor": request.user, "dossier": d, "expected_version": data["version"]}
        try:
            if action == "receive":
                services.dossier_receive(**common)
            elif action == "transfer":
                services.dossier_transfer(
                    **common,
                    to_agency=Agency.objects.filter(pk=data["to_agency"]).first()
                    if data["to_agency"]
                    else None,
                    to_user=User.objects.filter(pk=data["to_user"]).first()
                    if data["to_user"]
                    else None,
                    step=data["step"],
                    note=data["note"],
                )
            elif action == "request-supplement":
                services.dossier_request_supplement(
                    **common, items=data["items"], reason=data["reason"]
                )
            elif action == "supplement-received":
                services.dossier_supplement_received(**common, note=data["note"])
            elif action == "apologize":
                if not data["new_due_date"]:
                    raise DomainError(_("Phải chọn ngày hẹn lại."))
                services.dossier_apologize(
                    **common, reason=data["reason"], new_due_date=data["new_due_date"]
                )
            elif action == "result-ready":
                services.dossier_result_ready(**common, result=data["result"], note=data["note"])
            elif action == "return":
                services.dossier_return(**common, note=data["note"])
            elif action == "stop":
                services.dossier_stop(**common, reason=data["reason"])
            elif action == "refuse":
                services.dossier_refuse(**common, reason=data["reason"])
        except DomainError as exc:
            error = exc.message
    d = selectors.get_for_user(request.user, code)
    if request.htmx:
        # htmx swaps only 2xx responses: the refusal comes back as a panel showing the
        # message (a header tells scripts and tests which it was).
        response = render(request, "dossiers/_panel.html", _panel_context(request, d, error))
        response["X-Dossier-Result"] = "error" if error else "ok"
        return response
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Đã cập nhật hồ sơ %(code)s.") % {"code": d.code})
    return redirect("dossiers:detail", code=d.code)


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
    # only a page of this site: an attacker's form must not bounce officers to a look-alike
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/"):
        target = reverse("dossiers:index")
    return redirect(target)


def lookup(request):
    """Public: no login. Code + last four phone digits; one answer for every miss."""
    form = LookupForm(request.GET or None)
    result = None
    error = ""
    if form.is_valid():
        if not selectors.lookup_allowed(client_ip(request)):
            error = selectors.RateLimited().message
        else:
            result = selectors.public_lookup(form.cleaned_data["code"], form.cleaned_data["phone"])
            if result is None:
                error = selectors.NOT_FOUND
    response = render(
        request, "dossiers/lookup.html", {"form": form, "result": result, "error": error}
    )
    if error and error != selectors.NOT_FOUND:
        response.status_code = 429
    return response


@login_required
def sms_outbox(request):
    if not scope.can_administer(request.user):
        raise PermissionDenied
    page = Paginator(SmsMessage.objects.order_by("-created_at", "-id"), 100).get_page(
        request.GET.get("page")
    )
    return render(request, "dossiers/sms_outbox.html", {"page": page})
