"""Pages of the PAR index and the 766 service index. Thin: an access helper, a service or a
selector, a template; htmx posts of one leaf swap that leaf's row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cchc.accounts import scope
from cchc.accounts.models import Role, User
from cchc.core import files, imports
from cchc.core.audit import history_for
from cchc.core.errors import DomainError, NotFound
from cchc.core.models import ImportState
from cchc.core.refusals import refusal_shown
from cchc.organizations.models import KIND_GROUP, Agency, AgencyGroup, AgencyKind

from . import exporting, rights, scoring, selectors, service, services
from .models import CriteriaImport, CycleStatus, UnitStatus

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
UNIT_KINDS = (
    AgencyKind.DEPARTMENT,
    AgencyKind.PPC_OFFICE,
    AgencyKind.CENTRAL,
    AgencyKind.PUBLIC_SERVICE,
    AgencyKind.DISTRICT,
    AgencyKind.COMMUNE,
)


# -- forms ----------------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp phụ lục (DOCX hoặc XLSX)"))
    year = forms.IntegerField(label=gettext_lazy("Năm"), min_value=2000, max_value=2100)
    title = forms.CharField(label=gettext_lazy("Tên bộ tiêu chí"), max_length=300, required=False)


class ScoreForm(forms.Form):
    points = forms.CharField(label=gettext_lazy("Điểm tự chấm"), max_length=12)
    evidence_number = forms.CharField(
        label=gettext_lazy("Số văn bản"), max_length=64, required=False
    )
    evidence_date = forms.DateField(
        label=gettext_lazy("Ngày"), input_formats=DATE_FORMATS, required=False
    )
    evidence_issuer = forms.CharField(
        label=gettext_lazy("Cơ quan ban hành"), max_length=255, required=False
    )
    evidence_location = forms.CharField(
        label=gettext_lazy("Mục, trang"), max_length=255, required=False
    )
    evidence_file = forms.FileField(label=gettext_lazy("Tệp"), required=False)
    explanation = forms.CharField(
        label=gettext_lazy("Giải thích"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AppraiseForm(forms.Form):
    points = forms.CharField(label=gettext_lazy("Điểm thẩm định"), max_length=12)
    comment = forms.CharField(label=gettext_lazy("Nhận xét"), required=False)


# -- index ----------------------------------------------------------------------------------


@login_required
def index(request):
    user = request.user
    ctx: dict[str, Any] = {
        "cycles": selectors.cycles(user),
        "my_units": selectors.units(user).order_by("-cycle__year")[:50],
        "home_affairs": rights.is_home_affairs(user),
        "sees_service": rights.sees_service(user),
    }
    if ctx["home_affairs"]:
        ctx["sets"] = selectors.criteria_sets(user)
    return render(request, "indices/index.html", ctx)


# -- import ---------------------------------------------------------------------------------


def _province_of(user: User) -> Agency:
    root = scope.scope_root(user)
    if root is None:
        found = Agency.objects.filter(parent__isnull=True).first()
        if found is None:
            raise NotFound("Chưa có tỉnh, thành phố nào.")
        return found
    return root.province


@login_required
def import_upload(request):
    if not rights.is_home_affairs(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with refusal_shown(form, field="file"):
            accepted = files.load_upload(
                upload, upload.name, kinds=("xlsx", "docx"), limits=services.IMPORT_LIMITS
            )
            # through core's import jobs: read here when short, by the worker when large
            job = imports.import_start(
                actor=request.user,
                kind=services.CRITERIA_IMPORT_KIND,
                upload=accepted,
                params={
                    "year": form.cleaned_data["year"],
                    "title": form.cleaned_data["title"],
                    "province": _province_of(request.user).pk,
                },
            )
            if job.state == ImportState.FAILED:
                raise DomainError(job.error)
            if job.state == ImportState.READY:
                return redirect("indices:import_preview", pk=job.preview["criteria_import"])
            return redirect("core:import_job", pk=job.pk)
    return render(request, "indices/import_upload.html", {"form": form})


@login_required
def import_preview(request, pk: int):
    if not rights.is_home_affairs(request.user):
        raise PermissionDenied
    pending = get_object_or_404(CriteriaImport, pk=pk, created_by=request.user)
    if request.method == "POST":
        try:
            cs = services.criteria_import_commit(actor=request.user, pending=pending.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã nhập bộ tiêu chí."))
            return redirect("indices:set", pk=cs.pk)
    return render(
        request, "indices/import_preview.html", {"pending": pending, "preview": pending.preview}
    )


@login_required
def set_detail(request, pk: int):
    cs = get_object_or_404(selectors.criteria_sets(request.user), pk=pk)
    criteria = list(cs.criteria.all())
    return render(
        request,
        "indices/set_detail.html",
        {"set": cs, "criteria": criteria, "home_affairs": rights.is_home_affairs(request.user)},
    )


# -- the cycle ------------------------------------------------------------------------------


@login_required
def cycle_open(request, pk: int):
    if not rights.is_home_affairs(request.user) or scope.is_read_only(request.user):
        raise PermissionDenied
    cs = get_object_or_404(selectors.criteria_sets(request.user), pk=pk)
    agencies = list(
        Agency.objects.active()
        .filter(path__startswith=cs.province.path, kind__in=UNIT_KINDS)
        .order_by("kind", "name")
    )
    council_choices = list(
        User.objects.filter(
            agency__path__startswith=cs.province.path,
            role__in=(Role.HOME_AFFAIRS, Role.LEADER, Role.SYSTEM_ADMIN),
            is_active=True,
        ).order_by("last_name", "first_name")
    )
    error = ""
    if request.method == "POST":
        units = []
        for a in agencies:
            if request.POST.get(f"unit_{a.pk}"):
                group = request.POST.get(f"group_{a.pk}", "")
                units.append((a, group, bool(request.POST.get(f"ranked_{a.pk}"))))
        council = [u for u in council_choices if str(u.pk) in request.POST.getlist("council")]
        # dd/mm/yyyy as officials write it; ISO still accepted from scripts
        raw_deadline = request.POST.get("self_deadline", "").strip()
        deadline = None
        for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                deadline = dt.datetime.strptime(raw_deadline, fmt)
                break
            except ValueError:
                continue
        if deadline is None:
            error = _("Hạn tự chấm không hợp lệ.")
        else:
            try:
                cycle = services.cycle_open(
                    actor=request.user,
                    criteria_set=cs,
                    units=units,
                    self_deadline=deadline.date(),
                    council=council,
                    answer_days=int(request.POST.get("answer_days") or 5),
                )
            except DomainError as exc:
                error = exc.message
            else:
                messages.success(request, _("Đã mở kỳ đánh giá."))
                return redirect("indices:cycle", pk=cycle.pk)
    rows = [(a, a.group or KIND_GROUP.get(AgencyKind(a.kind), "")) for a in agencies]
    return render(
        request,
        "indices/cycle_open.html",
        {
            "set": cs,
            "rows": rows,
            "groups": [g for g in AgencyGroup if g.value],
            "council_choices": council_choices,
            "error": error,
            "default_deadline": dt.date(cs.year + 1, 1, 15),
        },
    )


@login_required
def cycle_detail(request, pk: int):
    cycle = get_object_or_404(selectors.cycles(request.user), pk=pk)
    units = list(
        selectors.units(request.user).filter(cycle=cycle).order_by("group", "agency__name")
    )
    rows = []
    tree = cycle.criteria_set.tree()
    for u in units:
        total = services.unit_totals(u, tree)[None] if cycle.status == CycleStatus.OPEN else None
        rows.append((u, total))
    return render(
        request,
        "indices/cycle_detail.html",
        {
            "cycle": cycle,
            "rows": rows,
            "home_affairs": rights.is_home_affairs(request.user),
            "council": rights.is_council(request.user, cycle),
            "band_rows": _band_rows(cycle),
        },
    )


def _bands_posted(post) -> list[dict[str, Any]]:
    """Rows band_name_N / band_min_N / band_inclusive_N; empty rows are dropped."""
    rows = []
    for i in range(10):
        name = post.get(f"band_name_{i}", "").strip()
        raw = post.get(f"band_min_{i}", "").strip().replace(",", ".")
        if not name and not raw:
            continue
        rows.append({"name": name, "min": raw, "inclusive": bool(post.get(f"band_inclusive_{i}"))})
    return rows


def _band_rows(cycle) -> list[tuple[int, Any, str]]:
    bands = cycle.band_list()
    labels = [scoring.band_label(b, bands[i - 1] if i else None) for i, b in enumerate(bands)]
    rows: list[tuple[int, Any, str]] = [(i, b, labels[i]) for i, b in enumerate(bands)]
    rows.append((len(bands), None, ""))  # one empty row to add a band
    return rows


@login_required
@require_POST
def cycle_bands(request, pk: int):
    cycle = get_object_or_404(selectors.cycles(request.user), pk=pk)
    with refusal_shown(request):
        services.cycle_set_bands(actor=request.user, cycle=cycle, bands=_bands_posted(request.POST))
        messages.success(request, _("Đã lưu thang xếp loại."))
    return redirect("indices:cycle", pk=cycle.pk)


@login_required
@require_POST
def cycle_publish(request, pk: int):
    cycle = get_object_or_404(selectors.cycles(request.user), pk=pk)
    try:
        services.cycle_publish(
            actor=request.user,
            cycle=cycle,
            decision_number=request.POST.get("decision_number", ""),
            force=bool(request.POST.get("force")),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã công bố kết quả."))
    return redirect("indices:cycle", pk=cycle.pk)


def _unit_context(request, unit) -> dict[str, Any]:
    rows, total = selectors.unit_rows(unit)
    user = request.user
    return {
        "unit": unit,
        "rows": rows,
        "total": total,
        "can_self": rights.can_self_score(user, unit) and unit.status == UnitStatus.DRAFT,
        "can_appraise": rights.is_council(user, unit.cycle) and unit.status == UnitStatus.SUBMITTED,
        "can_answer": rights.can_self_score(user, unit) and unit.status == UnitStatus.APPRAISED,
        "can_finalise": rights.is_council(user, unit.cycle)
        and unit.status in (UnitStatus.APPRAISED, UnitStatus.ANSWERED),
        "missing": services.missing(unit) if unit.status == UnitStatus.DRAFT else [],
        "losses": selectors.losses(unit) if unit.status == UnitStatus.FINAL else [],
        "last_year": selectors.last_year_unit(unit),
        "unit_scored": scoring.UNIT_SCORED,
    }


@login_required
def unit_detail(request, pk: int):
    unit = selectors.unit_for(request.user, pk)
    return render(request, "indices/unit.html", _unit_context(request, unit))


def _leaf_response(request, unit, criterion_id: int, error: str = "") -> HttpResponse:
    ctx = _unit_context(request, unit)
    row = next(r for r in ctx["rows"] if r.node.id == criterion_id)
    ctx.update(row=row, error=error)
    response = render(request, "indices/_leaf.html", ctx)
    response["HX-Trigger"] = "indices-total"
    return response


@login_required
@require_POST
def score_self(request, pk: int):
    s = selectors.score_for(request.user, pk)
    form = ScoreForm(request.POST, request.FILES)
    error = ""
    if form.is_valid():
        d = form.cleaned_data
        with refusal_shown(form):
            services.score_self(
                actor=request.user,
                unit=s.unit,
                criterion=s.criterion,
                points=d["points"],
                evidence_number=d["evidence_number"],
                evidence_date=d["evidence_date"],
                evidence_issuer=d["evidence_issuer"],
                evidence_location=d["evidence_location"],
                evidence_file=d["evidence_file"],
                explanation=d["explanation"],
            )
    error = "; ".join(str(e) for errs in form.errors.values() for e in errs)
    if request.htmx:
        return _leaf_response(request, s.unit, s.criterion_id, error)
    if error:
        messages.error(request, error)
    return redirect("indices:unit", pk=s.unit_id)


@login_required
@require_POST
def score_appraise(request, pk: int):
    s = selectors.score_for(request.user, pk)
    form = AppraiseForm(request.POST)
    error = ""
    if form.is_valid():
        with refusal_shown(form):
            services.score_appraise(
                actor=request.user,
                unit=s.unit,
                criterion=s.criterion,
                points=form.cleaned_data["points"],
                comment=form.cleaned_data["comment"],
            )
        error = "; ".join(str(e) for errs in form.errors.values() for e in errs)
    else:
        error = _("Điểm thẩm định không hợp lệ.")
    if request.htmx:
        return _leaf_response(request, s.unit, s.criterion_id, error)
    if error:
        messages.error(request, error)
    return redirect("indices:unit", pk=s.unit_id)


@login_required
@require_POST
def unit_action(request, pk: int, action: str):
    unit = selectors.unit_for(request.user, pk)
    if action not in ("submit", "appraised", "answer", "finalise"):
        raise Http404
    with refusal_shown(request):
        if action == "submit":
            services.unit_submit(actor=request.user, unit=unit)
            messages.success(request, _("Đã gửi kết quả tự chấm."))
        elif action == "appraised":
            services.appraisal_finish(actor=request.user, unit=unit)
            messages.success(request, _("Đã kết thúc thẩm định; đơn vị được giải trình."))
        elif action == "answer":
            answers = {
                int(k.removeprefix("answer_")): v
                for k, v in request.POST.items()
                if k.startswith("answer_") and k.removeprefix("answer_").isdigit()
            }
            services.unit_answer(actor=request.user, unit=unit, answers=answers)
            messages.success(request, _("Đã gửi giải trình."))
        elif action == "finalise":
            changes: dict[int, tuple[Any, str]] = {}
            for k, v in request.POST.items():
                if k.startswith("final_") and v.strip():
                    cid = int(k.removeprefix("final_"))
                    changes[cid] = (v, request.POST.get(f"reason_{cid}", ""))
            services.unit_finalise(actor=request.user, unit=unit, changes=changes)
            messages.success(request, _("Đã chốt điểm."))
    return redirect("indices:unit", pk=unit.pk)


@login_required
def unit_history(request, pk: int):
    unit = selectors.unit_for(request.user, pk)
    events: list[tuple[Any, Any]] = []
    for s in unit.scores.select_related("criterion"):
        events.extend((s.criterion, e) for e in history_for(s))
    events.extend((None, e) for e in history_for(unit))
    events.sort(key=lambda ce: ce[1].at, reverse=True)
    return render(request, "indices/history.html", {"unit": unit, "events": events})


@login_required
def evidence(request, pk: int):
    """Evidence files are served only here, after the rights check, as attachments."""
    s = selectors.score_for(request.user, pk)
    if not s.evidence_file:
        raise Http404
    name = (s.evidence_file.name or "").rsplit("/", 1)[-1]
    return FileResponse(s.evidence_file.open("rb"), as_attachment=True, filename=name)


@login_required
def cycle_export(request, pk: int, fmt: str):
    cycle = get_object_or_404(selectors.cycles(request.user), pk=pk, status=CycleStatus.PUBLISHED)
    _c, units = selectors.published_results(cycle.pk)
    if fmt == "docx":
        data = exporting.decision_docx(cycle, units)
        ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif fmt == "xlsx":
        data = exporting.decision_xlsx(cycle, units)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    response = HttpResponse(data, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="chi-so-cchc-{cycle.year}.{fmt}"'
    return response


def public_results(request, pk: int):
    """The published ranking, readable without signing in."""
    try:
        cycle, units = selectors.published_results(pk)
    except NotFound as exc:
        raise Http404 from exc
    groups: dict[str, list[Any]] = {}
    for u in units:
        groups.setdefault(selectors.group_label(u.group), []).append(u)
    return render(request, "indices/public.html", {"cycle": cycle, "groups": groups})


# -- the 766 service index ------------------------------------------------------------------


class ServiceForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kỳ"),
        choices=[
            ("month", gettext_lazy("Tháng")),
            ("quarter", gettext_lazy("Quý")),
            ("year", gettext_lazy("Năm")),
        ],
        initial="quarter",
    )
    number = forms.IntegerField(label=gettext_lazy("Số"), min_value=1, max_value=12, initial=1)
    year = forms.IntegerField(label=gettext_lazy("Năm"), min_value=2000, max_value=2100)
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Cơ quan"), queryset=Agency.objects.none(), required=False
    )


def _service_params(request) -> tuple[ServiceForm, Agency | None, dt.date, dt.date]:
    today = timezone.localdate()
    data = request.GET.copy()
    data.setdefault("kind", "quarter")
    data.setdefault("year", str(today.year))
    data.setdefault("number", str((today.month - 1) // 3 + 1))
    form = ServiceForm(data)
    root = scope.scope_root(request.user)
    qs = Agency.objects.filter(kind__in=(*UNIT_KINDS, AgencyKind.PROVINCE)).order_by("path")
    agency_field: Any = form.fields["agency"]
    agency_field.queryset = qs.filter(path__startswith=root.path) if root else qs
    if not form.is_valid():
        raise DomainError(_("Kỳ không hợp lệ."))
    d = form.cleaned_data
    number = min(d["number"], 12 if d["kind"] == "month" else 4)
    f, t = service.period_bounds(d["kind"], d["year"], number)
    agency = d["agency"] or root
    return form, agency, f, t


@login_required
def service_dashboard(request):
    if not rights.sees_service(request.user):
        raise PermissionDenied
    try:
        form, agency, f, t = _service_params(request)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("indices:service")
    result, _counts = service.compute(agency, f, t)
    query = request.GET.urlencode()
    units: list[tuple[Agency, Any]] = []
    if agency is not None and agency.parent_id is None:
        # The province: every ranked unit's own index beside it, in a few queries.
        children = list(
            Agency.objects.active()
            .filter(parent=agency, kind__in=UNIT_KINDS)
            .order_by("kind", "name")[:300]
        )
        many = service.compute_many(children, f, t, province=agency)
        units = [(a, many[a.pk][0]) for a in children]
    return render(
        request,
        "indices/service.html",
        {
            "form": form,
            "result": result,
            "agency": agency,
            "from": f,
            "to": t,
            "query": query,
            "units": units,
        },
    )


@login_required
def service_lost(request, key: str):
    if not (
        rights.is_home_affairs(request.user) or request.user.role in (Role.LEADER, Role.FOCAL_POINT)
    ):
        raise PermissionDenied
    _form, agency, f, t = _service_params(request)
    kind, rows = service.lost(key, agency, f, t)
    return render(
        request,
        "indices/service_lost.html",
        {
            "kind": kind,
            "rows": rows,
            "key": key,
            "agency": agency,
            "from": f,
            "to": t,
            "back": reverse("indices:service") + "?" + request.GET.urlencode(),
        },
    )


def _decimal(value: str) -> Decimal | None:
    try:
        return Decimal(value)
    except ArithmeticError:
        return None
