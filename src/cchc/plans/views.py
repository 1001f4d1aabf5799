"""Pages of the plans app. Thin: parse the form, call a selector or a service, render."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cchc.accounts import scope
from cchc.core import audit, files, imports
from cchc.core.errors import DomainError
from cchc.core.models import ImportState
from cchc.core.refusals import refusal_shown
from cchc.core.text import fold, vn_date
from cchc.organizations.models import Agency

from . import exporting, rights, selectors, services
from .forms import (
    AssignForm,
    CommentForm,
    DueForm,
    EventForm,
    ImportForm,
    ProgressForm,
    ReviewForm,
    TargetActualForm,
    TargetForm,
    TaskFilterForm,
    indicator_choices,
)
from .models import (
    DeadlineKind,
    EvidenceFile,
    ImportStatus,
    Milestone,
    MilestoneChange,
    PlanImport,
    ProgressReport,
)


def _plan(request, pk):
    return selectors.get_plan_for(request.user, pk)


def _task(request, pk):
    return selectors.get_task_for(request.user, pk)


# -- lists --------------------------------------------------------------------------------------


@login_required
def index(request):
    plans = list(selectors.plans_for(request.user).order_by("-year", "-id"))
    pending = 0
    if request.user.is_province_wide:
        pending = selectors.review_queue(request.user).count()
    can_import = request.user.agency_id is not None and rights.can_manage_plan(
        request.user, request.user.agency
    )
    return render(
        request,
        "plans/index.html",
        {"plans": plans, "pending_reviews": pending, "can_import": can_import},
    )


@login_required
def plan_detail(request, pk):
    plan = _plan(request, pk)
    areas, total = selectors.plan_overview(request.user, plan)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "areas": areas,
            "total": total,
            "whole": selectors.sees_whole_plan(request.user, plan),
            "can_manage": rights.can_manage_plan(request.user, plan.agency),
        },
    )


def _filters(request, plan=None, mine=False):
    user = request.user
    areas = plan.areas.all() if plan else []
    lead_ids = selectors.tasks_for(user, plan).values("lead_links__agency")
    leads = Agency.objects.filter(pk__in=lead_ids).order_by("path")
    form = TaskFilterForm(request.GET or None, areas=areas, leads=leads)
    f = selectors.TaskFilters(mine=mine)
    if form.is_valid():
        d = form.cleaned_data
        f = selectors.TaskFilters(
            area=d["area"],
            lead=d["lead"],
            status=d["status"],
            overdue=d["overdue"],
            due_from=d["due_from"],
            due_to=d["due_to"],
            q=d["q"],
            mine=mine,
        )
    return form, f


PAGE = 200


@login_required
def plan_tasks(request, pk):
    plan = _plan(request, pk)
    form, f = _filters(request, plan)
    tasks = list(selectors.task_list(request.user, plan, f)[:PAGE])
    ctx = {"plan": plan, "form": form, "tasks": tasks, "today": timezone.localdate(), "page": PAGE}
    if request.headers.get("HX-Request"):
        return render(request, "plans/_task_rows.html", ctx)
    return render(request, "plans/task_list.html", ctx)


@login_required
def my_tasks(request):
    if request.user.agency_id is None:
        raise PermissionDenied
    form, f = _filters(request, None, mine=True)
    tasks = list(selectors.task_list(request.user, None, f)[:PAGE])
    ctx = {"plan": None, "form": form, "tasks": tasks, "today": timezone.localdate(), "mine": True}
    if request.headers.get("HX-Request"):
        return render(request, "plans/_task_rows.html", ctx)
    return render(request, "plans/task_list.html", ctx)


@login_required
def plan_targets(request, pk):
    plan = _plan(request, pk)
    can_manage = rights.can_manage_plan(request.user, plan.agency)
    form = None
    if can_manage:
        agencies = Agency.objects.subtree_of(plan.agency).active()
        form = TargetForm(request.POST or None, agencies=agencies)
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            with refusal_shown(form):
                services.target_create(
                    actor=request.user,
                    plan=plan,
                    sentence=d["sentence"],
                    value=d["value"],
                    unit=d["unit"],
                    comparison=d["comparison"],
                    indicator=d["indicator"],
                    responsible=list(d["responsible"]),
                )
                messages.success(request, _("Đã thêm chỉ tiêu."))
                return redirect("plans:targets", pk=plan.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return _targets_page(request, plan, form=form)


def _targets_page(request, plan, *, form=None, bound=None, status=200):
    """The targets with their actuals; each target the user may enter an actual for gets its
    form (``bound``: the one just posted with its errors)."""
    rows = selectors.targets_for(request.user, plan)
    forms = {}
    for r in rows:
        if not r.target.indicator and rights.can_enter_actual(request.user, r.target):
            prefix = f"t{r.target.pk}"
            if bound is not None and bound.prefix == prefix:
                forms[r.target.pk] = bound
            else:
                forms[r.target.pk] = TargetActualForm(
                    prefix=prefix, initial={"as_of": timezone.localdate()}
                )
    return render(
        request,
        "plans/targets.html",
        {
            "plan": plan,
            "rows": rows,
            "actual_forms": forms,
            "form": form,
            "indicators": indicator_choices(),
            "open_form": bound.prefix if bound is not None else "",
        },
        status=status,
    )


@login_required
@require_POST
def target_actual(request, pk):
    """Enter a target's actual by hand (the form on the targets page)."""
    target = selectors.get_target_for(request.user, pk)
    if not rights.can_enter_actual(request.user, target):
        raise PermissionDenied
    form = TargetActualForm(request.POST, request.FILES, prefix=f"t{target.pk}")
    if form.is_valid():
        d = form.cleaned_data
        with refusal_shown(form):
            services.target_actual_enter(
                actor=request.user,
                target=target,
                value=d["value"],
                as_of=d["as_of"],
                document_ref=d["document_ref"],
                note=d["note"],
                files=d["files"],
            )
            messages.success(request, _("Đã ghi số liệu thực tế của chỉ tiêu."))
            return redirect(f"{reverse('plans:targets', args=[target.plan_id])}#target-{pk}")
    if target.indicator:  # its row has no form (measured meanwhile): the refusal goes on top
        for error in form.non_field_errors():
            messages.error(request, str(error))
    return _targets_page(request, target.plan, bound=form, status=400)


@login_required
def target_history(request, pk):
    """Every hand-entered actual of a target, with its evidence and who entered it."""
    target = selectors.get_target_for(request.user, pk)
    return render(
        request,
        "plans/target_history.html",
        {
            "plan": target.plan,
            "target": target,
            "entries": list(selectors.target_history(target)),
        },
    )


@login_required
def plan_year_end(request, pk):
    plan = _plan(request, pk)
    groups = selectors.year_end(request.user, plan)
    _, total = selectors.plan_overview(request.user, plan)
    return render(request, "plans/year_end.html", {"plan": plan, "groups": groups, "total": total})


# The plan's state changes, each asked for confirmation on its own page (GET) before it is done
# (POST): issuing makes the plan binding for every agency, closing freezes its tasks, reopening
# needs a reason that stays in the history.
TRANSITIONS: dict[str, dict[str, Any]] = {
    "issue": {
        "service": services.plan_issue,
        "title": gettext_lazy("Ban hành kế hoạch"),
        "question": gettext_lazy(
            "Ban hành kế hoạch này? Các cơ quan được giao nhiệm vụ sẽ thấy và báo cáo tiến độ; "
            "kế hoạch không còn là dự thảo."
        ),
        "button": gettext_lazy("Ban hành"),
        "done": gettext_lazy("Đã ban hành kế hoạch."),
    },
    "close": {
        "service": services.plan_close,
        "title": gettext_lazy("Kết thúc kế hoạch"),
        "question": gettext_lazy(
            "Kết thúc kế hoạch này? Nhiệm vụ không còn được sửa hay báo cáo tiến độ; có thể mở "
            "lại sau, kèm lý do."
        ),
        "button": gettext_lazy("Kết thúc kế hoạch"),
        "done": gettext_lazy("Đã kết thúc kế hoạch."),
    },
    "reopen": {
        "service": services.plan_reopen,
        "title": gettext_lazy("Mở lại kế hoạch"),
        "question": gettext_lazy(
            "Mở lại kế hoạch đã kết thúc? Nhiệm vụ lại được sửa và báo cáo tiến độ. Lý do được "
            "ghi vào lịch sử thay đổi."
        ),
        "button": gettext_lazy("Mở lại kế hoạch"),
        "done": gettext_lazy("Đã mở lại kế hoạch."),
        "reason": True,
    },
}


@login_required
def plan_transition(request, pk, action):
    plan = _plan(request, pk)
    step = TRANSITIONS.get(action)
    if step is None:
        raise Http404
    reason = request.POST.get("reason", "")
    if request.method == "POST":
        kwargs = {"reason": reason} if step.get("reason") else {}
        refused = True
        with refusal_shown(request):
            step["service"](actor=request.user, plan=plan, **kwargs)
            messages.success(request, step["done"])
            refused = False
        if refused and step.get("reason"):
            return render(
                request,
                "plans/plan_confirm.html",
                {"plan": plan, "step": step, "action": action, "reason": reason},
                status=400,
            )
        return redirect("plans:plan", pk=plan.pk)
    if not rights.can_manage_plan(request.user, plan.agency):
        raise PermissionDenied
    return render(
        request,
        "plans/plan_confirm.html",
        {"plan": plan, "step": step, "action": action, "reason": reason},
    )


@login_required
def plan_export(request, pk, fmt):
    plan = _plan(request, pk)
    if fmt not in ("docx", "xlsx"):
        raise Http404
    agency = None
    if request.GET.get("agency"):
        agency = get_object_or_404(Agency, pk=request.GET["agency"])
        scope.require(rights.can_read_part(request.user, plan, agency))
    elif not selectors.sees_whole_plan(request.user, plan):
        agency = request.user.agency  # an agency exports its own part of an upper plan
    buf = io.BytesIO()
    name = exporting.export(request.user, plan, fmt, buf, agency=agency)
    buf.seek(0)
    return FileResponse(buf, as_attachment=True, filename=name)


# -- import -------------------------------------------------------------------------------------


@login_required
def import_upload(request):
    agency = request.user.agency
    if agency is None or not rights.can_manage_plan(request.user, agency):
        raise PermissionDenied
    issuing = agency.province if request.user.is_province_wide else agency
    parents = (
        selectors.plans_for(request.user)
        .filter(agency__path__in=selectors._ancestor_paths(issuing.path))
        .exclude(agency=issuing)
    )
    form = ImportForm(request.POST or None, request.FILES or None, parents=parents)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with refusal_shown(form, field="file"):
            rights.require_manage(request.user, issuing)
            accepted = files.load_upload(d["file"], d["file"].name, kinds=("docx", "xlsx"))
            # through core's import jobs: read here when short, by the worker when large
            job = imports.import_start(
                actor=request.user,
                kind=services.PLAN_IMPORT_KIND,
                upload=accepted,
                params={
                    "agency": issuing.pk,
                    "year": d["year"],
                    "title": d["title"],
                    "number": d["number"],
                    "decided_on": d["decided_on"].isoformat() if d["decided_on"] else None,
                    "parent": d["parent"].pk if d["parent"] else None,
                },
            )
            if job.state == ImportState.FAILED:
                raise DomainError(job.error)
            if job.state == ImportState.READY:
                return redirect("plans:import_preview", pk=job.preview["plan_import"])
            return redirect("core:import_job", pk=job.pk)
    return render(request, "plans/import_upload.html", {"form": form})


def _get_import(request, pk) -> PlanImport:
    imp = get_object_or_404(PlanImport.objects.select_related("agency"), pk=pk)
    if not rights.can_manage_plan(request.user, imp.agency):
        raise PermissionDenied
    # A preview shows a file not yet issued: its uploader's, and the administrators'.
    if imp.created_by_id != request.user.pk and not imports.is_admin(request.user):
        raise PermissionDenied
    return imp


@login_required
def import_preview(request, pk):
    imp = _get_import(request, pk)
    preview = imp.preview
    mapping = dict(preview.get("mapping") or {})
    # Sorted: PostgreSQL's jsonb does not keep key order, and the form's "map-<i>" fields must
    # mean the same name on every database and every request.
    names = sorted(preview.get("names", {}).items(), key=lambda kv: (fold(kv[0]), kv[0]))
    if request.method == "POST" and imp.status == ImportStatus.PENDING:
        for i, (name, _info) in enumerate(names):
            raw = request.POST.get(f"map-{i}", "")
            if raw.isdigit():
                mapping[name] = int(raw)
            elif raw == "" and f"map-{i}" in request.POST:
                mapping[name] = None
        with refusal_shown(request):
            plan = services.plan_import_commit(actor=request.user, plan_import=imp, mapping=mapping)
            left = sum(len(t.unresolved_names) for t in plan.tasks.all())
            messages.success(
                request,
                _("Đã nhập kế hoạch: %(n)s nhiệm vụ.") % {"n": plan.tasks.count()}
                + (
                    " " + _("Còn %(k)s tên cơ quan chưa xác định, giữ nguyên văn.") % {"k": left}
                    if left
                    else ""
                ),
            )
            return redirect("plans:plan", pk=plan.pk)
    tree = list(
        Agency.objects.subtree_of(imp.agency.province).active().only("id", "name", "depth", "path")
    )
    by_id = {a.pk: a for a in tree}
    rows = []
    for i, (name, info) in enumerate(names):
        rows.append(
            {
                "i": i,
                "name": name,
                "info": info,
                "chosen": mapping.get(name),
                "candidates": [by_id[c] for c in info.get("candidates", []) if c in by_id],
            }
        )
    open_rows = [
        r for r in rows if r["info"]["status"] in ("ambiguous", "unmatched") and not r["chosen"]
    ]
    kinds = dict(DeadlineKind.choices)
    tasks = [  # the stored preview keeps codes and ISO dates; the page shows words and dd/mm/yyyy
        {
            **t,
            "deadline_kind_label": kinds.get(t["deadline_kind"], t["deadline_kind"]),
            "milestones": [
                {**m, "date": vn_date(dt.date.fromisoformat(m["date"])) if m["date"] else ""}
                for m in t["milestones"]
            ],
        }
        for t in preview.get("tasks", [])
    ]
    return render(
        request,
        "plans/import_preview.html",
        {
            "imp": imp,
            "preview": preview,
            "rows": rows,
            "open_rows": open_rows,
            "tasks": tasks,
            "tree": tree,
            "agency_names": {a.pk: a.name for a in tree},
            "committed": imp.status == ImportStatus.COMMITTED,
        },
    )


# -- tasks --------------------------------------------------------------------------------------


@login_required
def task_detail(request, pk):
    task = _task(request, pk)
    milestones = list(task.milestones.prefetch_related(Prefetch("reports")))
    reports = list(
        task.reports.select_related(
            "agency", "reported_by", "milestone", "reviewer"
        ).prefetch_related("files")
    )
    comments = list(task.comments.select_related("author"))
    events = list(audit.history_for(task)[:100])
    changes = list(
        MilestoneChange.objects.filter(milestone__task=task)
        .exclude(action="report")  # the report itself is listed
        .select_related("actor", "milestone")
    )
    timeline = sorted(
        [("audit", e.at, e) for e in events if e.action not in ("progress_report",)]
        + [("report", r.reported_at, r) for r in reports]
        + [("change", c.at, c) for c in changes],
        key=lambda x: x[1],
        reverse=True,
    )
    return render(
        request,
        "plans/task_detail.html",
        {
            "task": task,
            "plan": task.plan,
            "milestones": milestones,
            "reports": reports,
            "comments": comments,
            "timeline": timeline,
            "action_labels": ACTION_LABELS,
            "comment_form": CommentForm(),
            "can_report": rights.report_agencies(request.user, task),
            "can_manage": rights.can_manage_plan(request.user, task.plan.agency),
            "can_event": rights.can_edit_task(request.user, task),
            "read_only": scope.is_read_only(request.user),
            "today": timezone.localdate(),
        },
    )


ACTION_LABELS = {
    "progress_accept": gettext_lazy("chấp nhận báo cáo tiến độ"),
    "progress_return": gettext_lazy("trả lại báo cáo tiến độ"),
    "comment": gettext_lazy("góp ý"),
    "task_update": gettext_lazy("sửa nhiệm vụ"),
}


@login_required
def task_report(request, pk):
    task = _task(request, pk)
    agencies = rights.report_agencies(request.user, task)
    if not agencies:
        raise PermissionDenied
    milestones = list(task.milestones.all())
    initial = {}
    if request.GET.get("milestone"):
        initial["milestone"] = request.GET["milestone"]
    form = ProgressForm(
        request.POST or None,
        request.FILES or None,
        milestones=milestones,
        agencies=agencies,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        agency = next(a for a in agencies if a.pk == d["agency"])
        milestone = next((m for m in milestones if m.pk == d["milestone"]), None)
        with refusal_shown(form):
            services.progress_report(
                actor=request.user,
                task=task,
                agency=agency,
                milestone=milestone,
                status=d["status"],
                percent=d["percent"],
                note=d["note"],
                reason=d["reason"],
                done_at=d["done_at"],
                evidence_number=d["evidence_number"],
                evidence_date=d["evidence_date"],
                files=d["files"],
            )
            messages.success(request, _("Đã gửi báo cáo tiến độ."))
            return redirect("plans:task", pk=task.pk)
    return render(request, "plans/report_form.html", {"task": task, "form": form})


@login_required
@require_POST
def task_comment(request, pk):
    task = _task(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        with refusal_shown(request):
            services.comment_add(actor=request.user, task=task, body=form.cleaned_data["body"])
    if request.headers.get("HX-Request"):
        return render(
            request,
            "plans/_comments.html",
            {
                "task": task,
                "comments": task.comments.select_related("author"),
                "comment_form": CommentForm(),
            },
        )
    return redirect("plans:task", pk=task.pk)


def _milestone(request, pk) -> Milestone:
    m = get_object_or_404(
        Milestone.objects.select_related("task", "task__plan", "task__plan__agency"), pk=pk
    )
    if not selectors.task_visible(request.user, m.task):
        raise PermissionDenied
    return m


@login_required
@require_POST
def milestone_event(request, pk):
    m = _milestone(request, pk)
    form = EventForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ngày không hợp lệ."))
    else:
        with refusal_shown(request):
            m = services.milestone_set_event(
                actor=request.user,
                milestone=m,
                event_date=form.cleaned_data["event_date"],
                note=form.cleaned_data["note"],
            )
            messages.success(
                request,
                _("Đã ghi nhận sự kiện; hạn mới: %(d)s.") % {"d": vn_date(m.due)},
            )
    return redirect("plans:task", pk=m.task_id)


@login_required
@require_POST
def milestone_due(request, pk):
    m = _milestone(request, pk)
    form = DueForm(request.POST)
    if form.is_valid():
        with refusal_shown(request):
            services.milestone_set_due(
                actor=request.user, milestone=m, due=form.cleaned_data["due"]
            )
            messages.success(request, _("Đã đặt hạn hoàn thành."))
    return redirect("plans:task", pk=m.task_id)


@login_required
def task_assign(request, pk):
    """Assign the names kept as written (unresolved at import) to agencies of the tree."""
    task = _task(request, pk)
    if not rights.can_manage_plan(request.user, task.plan.agency):
        raise PermissionDenied
    tree = list(
        Agency.objects.subtree_of(task.plan.agency.province)
        .active()
        .only("id", "name", "depth", "path")
    )
    form = AssignForm(request.POST or None, mentions=task.mentions, agencies=tree)
    if request.method == "POST" and form.is_valid():
        by_id = {a.pk: a for a in tree}
        leads = [link.agency for link in task.lead_links.all()]
        coordinators = list(task.coordinators.all())
        for i, m in enumerate(task.mentions):
            chosen = form.cleaned_data.get(f"m{i}")
            if not chosen:
                continue
            target = leads if m.get("role") == "lead" else coordinators
            if by_id[chosen] not in target:
                target.append(by_id[chosen])
        with refusal_shown(request):
            services.task_update(
                actor=request.user,
                task=task,
                leads=leads or None,
                coordinators=coordinators,
                reason=_("Gán cơ quan cho tên ghi nguyên văn"),
            )
            messages.success(request, _("Đã gán cơ quan."))
            return redirect("plans:task", pk=task.pk)
    return render(request, "plans/assign.html", {"task": task, "form": form})


@login_required
def evidence_download(request, pk):
    ev = get_object_or_404(
        EvidenceFile.objects.select_related("report__task", "actual__target__plan"), pk=pk
    )
    if ev.report is not None:
        visible = selectors.task_visible(request.user, ev.report.task)
    else:
        assert ev.actual is not None  # the database keeps one of the two
        visible = selectors.plan_visible(request.user, ev.actual.target.plan)
    if not visible:
        raise PermissionDenied
    return files.serve_attachment(ev.file, ev.name)


# -- review -------------------------------------------------------------------------------------


@login_required
def review_queue(request):
    if not rights.can_open_review_queue(request.user):
        raise PermissionDenied
    reports = list(selectors.review_queue(request.user)[:300])
    return render(request, "plans/review_queue.html", {"reports": reports, "form": ReviewForm()})


@login_required
@require_POST
def review_action(request, pk, action):
    report = get_object_or_404(
        ProgressReport.objects.select_related("task__plan__agency", "agency"), pk=pk
    )
    form = ReviewForm(request.POST)
    comment = form.data.get("comment", "")
    if action not in ("accept", "return"):
        raise Http404
    htmx = bool(request.headers.get("HX-Request"))
    with refusal_shown(request):
        if action == "accept":
            services.progress_accept(actor=request.user, report=report, comment=comment)
            messages.success(request, _("Đã chấp nhận báo cáo."))
        else:
            services.progress_return(actor=request.user, report=report, comment=comment)
            messages.success(request, _("Đã trả lại báo cáo."))
        if htmx:
            return HttpResponse("")  # the row leaves the queue
    if htmx:  # refused: the row stays, with the reason
        error = " ".join(str(m) for m in messages.get_messages(request))
        return render(request, "plans/_review_row.html", {"r": report, "error": error})
    return redirect("plans:reviews")
