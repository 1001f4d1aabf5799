"""Pages of the inspections app. Thin: a form or a selector, a service, a template; domain
errors that escape become their Vietnamese page (``cchc.core.middleware``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts import scope
from cchc.core.errors import NotFound
from cchc.core.refusals import refusal_shown
from cchc.core.views import within_site

from . import docx, rights, selectors, services
from .forms import (
    ConcludeForm,
    FindingForm,
    FollowUpForm,
    PlanForm,
    QualitySystemForm,
    RemedyForm,
    ScheduleForm,
)
from .models import ChecklistItem, CheckResult, Finding, InspectionStatus


@login_required
def index(request):
    can_add = request.user.agency_id is not None and rights.can_inspect(request.user)
    form = PlanForm(request.POST or None)
    if request.method == "POST":
        scope.require(can_add, _("Chỉ Sở Nội vụ lập kế hoạch và thực hiện kiểm tra."))
        if form.is_valid():
            with refusal_shown(form):
                plan = services.plan_create(
                    actor=request.user, agency=request.user.agency.province, **form.cleaned_data
                )
                return redirect("inspections:plan", pk=plan.pk)
    overdue = selectors.remedies_for(request.user, overdue=True).count()
    return render(
        request,
        "inspections/index.html",
        {
            "plans": selectors.plans_for(request.user),
            "form": form,
            "can_add": can_add,
            "overdue": overdue,
            "mine": selectors.inspections_for(request.user).order_by("-date_from")[:50],
        },
    )


@login_required
def plan_detail(request, pk: int):
    plan = selectors.get_plan_for(request.user, pk)
    can_edit = rights.can_inspect(request.user, plan.agency)
    form = ScheduleForm(request.POST or None, user=request.user)
    if request.method == "POST":
        scope.require(can_edit, _("Chỉ Sở Nội vụ lập kế hoạch và thực hiện kiểm tra."))
        if form.is_valid():
            with refusal_shown(form):
                services.inspection_schedule(actor=request.user, plan=plan, **form.cleaned_data)
                messages.success(request, _("Đã thêm cuộc kiểm tra vào kế hoạch."))
                return redirect("inspections:plan", pk=plan.pk)
    inspections = plan.inspections.select_related("agency", "lead").order_by("date_from")
    if not request.user.is_province_wide:
        inspections = inspections.filter(scope.agency_q(request.user)) | inspections.filter(
            lead=request.user
        )
    return render(
        request,
        "inspections/plan.html",
        {
            "plan": plan,
            "coverage": selectors.coverage(plan),
            "suggestions": selectors.suggestions(plan) if can_edit else [],
            "inspections": inspections,
            "form": form,
            "can_edit": can_edit,
        },
    )


def _detail_context(request, inspection, **forms):
    can_edit = rights.can_inspect(request.user, inspection.plan.agency) and (
        inspection.status == InspectionStatus.PLANNED
    )
    results = {r.item_id: r for r in inspection.results.all()}
    checklists = [
        (c, [(item, results.get(item.pk)) for item in c.items.all()])
        for c in inspection.checklists.prefetch_related("items")
    ]
    remedy_for = forms.get("remedy_for")
    findings = [
        (
            f,
            forms["remedy_form"]
            if remedy_for == f.pk
            else RemedyForm(inspection=inspection, auto_id=f"r{f.pk}_%s"),
        )
        for f in inspection.findings.select_related(
            "staff", "follows__inspection"
        ).prefetch_related("remedies__owner")
    ]
    return {
        "inspection": inspection,
        "checklists": checklists,
        "findings": findings,
        "results_choices": CheckResult.choices,
        "can_edit": can_edit,
        "finding_form": forms.get("finding_form") or FindingForm(inspection=inspection),
        "remedy_for": remedy_for,
        "conclude_form": forms.get("conclude_form")
        or ConcludeForm(initial={"concluded_on": timezone.localdate()}),
        "error": forms.get("error", ""),
        "today": timezone.localdate(),
    }


@login_required
def inspection_detail(request, pk: int):
    inspection = selectors.get_inspection_for(request.user, pk)
    return render(request, "inspections/inspection.html", _detail_context(request, inspection))


@login_required
@require_POST
def checklist(request, pk: int):
    inspection = selectors.get_inspection_for(request.user, pk)
    items = ChecklistItem.objects.filter(checklist__in=inspection.checklists.all())
    for item in items:
        result = request.POST.get(f"item-{item.pk}")
        if result:
            services.checklist_record(
                actor=request.user,
                inspection=inspection,
                item=item,
                result=result,
                note=request.POST.get(f"note-{item.pk}", ""),
            )
    messages.success(request, _("Đã lưu kết quả kiểm tra."))
    return redirect("inspections:inspection", pk=pk)


@login_required
@require_POST
def finding_add(request, pk: int):
    inspection = selectors.get_inspection_for(request.user, pk)
    form = FindingForm(request.POST, inspection=inspection)
    if form.is_valid():
        with refusal_shown(form):
            services.finding_add(actor=request.user, inspection=inspection, **form.cleaned_data)
            return redirect("inspections:inspection", pk=pk)
    ctx = _detail_context(request, inspection, finding_form=form)
    return render(request, "inspections/inspection.html", ctx, status=400)


@login_required
@require_POST
def remedy_add(request, pk: int):
    finding = Finding.objects.select_related("inspection").filter(pk=pk).first()
    if finding is None:
        raise NotFound("Không tìm thấy tồn tại.")
    inspection = selectors.get_inspection_for(request.user, finding.inspection_id)
    form = RemedyForm(request.POST, inspection=inspection, auto_id=f"r{finding.pk}_%s")
    if form.is_valid():
        with refusal_shown(form):
            services.remedy_add(actor=request.user, finding=finding, **form.cleaned_data)
            return redirect("inspections:inspection", pk=inspection.pk)
    ctx = _detail_context(request, inspection, remedy_form=form, remedy_for=finding.pk)
    return render(request, "inspections/inspection.html", ctx, status=400)


@login_required
@require_POST
def finding_recheck(request, pk: int):
    finding = Finding.objects.filter(pk=pk).first()
    if finding is None:
        raise NotFound("Không tìm thấy tồn tại.")
    selectors.get_inspection_for(request.user, finding.inspection_id)
    services.finding_recheck(
        actor=request.user, finding=finding, resolved=request.POST.get("resolved") == "1"
    )
    return redirect("inspections:inspection", pk=finding.inspection_id)


@login_required
@require_POST
def conclude(request, pk: int):
    inspection = selectors.get_inspection_for(request.user, pk)
    form = ConcludeForm(request.POST)
    if form.is_valid():
        with refusal_shown(form):
            services.inspection_conclude(
                actor=request.user, inspection=inspection, **form.cleaned_data
            )
            messages.success(request, _("Đã kết luận cuộc kiểm tra."))
            return redirect("inspections:inspection", pk=pk)
    ctx = _detail_context(request, inspection, conclude_form=form)
    return render(request, "inspections/inspection.html", ctx, status=400)


@login_required
def conclusion_docx(request, pk: int):
    inspection = selectors.get_inspection_for(request.user, pk)
    data = docx.conclusion_notice(inspection)
    response = HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="thong-bao-ket-luan-kiem-tra-{inspection.pk}.docx"'
    )
    return response


@login_required
def remedies(request):
    overdue = request.GET.get("overdue") == "1"
    rows = selectors.remedies_for(request.user, overdue=overdue)
    return render(
        request,
        "inspections/remedies.html",
        {
            "rows": rows[:500],
            "overdue": overdue,
            "form": FollowUpForm(),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def follow_up(request, pk: int):
    remedy = selectors.get_remedy_for(request.user, pk)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần ghi nội dung theo dõi, khắc phục."))
    else:
        with refusal_shown(request):
            services.remedy_follow_up(actor=request.user, remedy=remedy, **form.cleaned_data)
            messages.success(request, _("Đã ghi nhận kết quả khắc phục."))
    return redirect(
        within_site(request, request.POST.get("next", ""), reverse("inspections:remedies"))
    )


@login_required
def quality_systems(request):
    can_add = rights.can_inspect(request.user) or request.user.role == "focal_point"
    form = QualitySystemForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form):
            services.quality_system_set(actor=request.user, **form.cleaned_data)
            return redirect("inspections:iso")
    systems = list(selectors.quality_systems_for(request.user))
    checks = selectors.last_iso_checks(systems)
    return render(
        request,
        "inspections/iso.html",
        {
            "rows": [(s, checks.get(s.agency_id)) for s in systems],
            "form": form,
            "can_add": can_add,
            "year": timezone.localdate().year,
        },
    )
