"""Agency pages: the tree (htmx live filter), detail, and the administrators' forms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cchc.core.refusals import refusal_shown

from . import rights, selectors, services
from .forms import EDITABLE, AgencyArchiveForm, AgencyFilterForm, AgencyForm
from .models import Agency


@login_required
def tree(request):
    form = AgencyFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    query = filters.get("q", "")
    kind = filters.get("kind", "")
    include_archived = bool(filters.get("archived")) or bool(query)
    agencies = selectors.agency_tree_for(
        request.user, query=query, kind=kind, include_archived=include_archived
    )
    base_depth = min((a.depth for a in agencies), default=0)
    for a in agencies:
        a.indent = a.depth - base_depth
    context = {
        "form": form,
        "agencies": agencies,
        "filtered": bool(query or kind),
        "match_count": sum(1 for a in agencies if getattr(a, "is_match", False)),
        "can_administer": rights.can_administer(request.user),
    }
    if request.htmx and request.htmx.target == "agency-tree":
        return render(request, "organizations/_tree.html", context)
    return render(request, "organizations/tree.html", context)


@login_required
def detail(request, pk: int):
    agency = selectors.get_agency_for(request.user, pk)
    children = list(agency.children.order_by("sort_order", "name").select_related("successor"))
    members = list(agency.members.order_by("-is_active", "last_name", "first_name"))
    predecessors = list(agency.predecessors.order_by("name"))
    successors = services.successors_chain(agency)
    linked = [a for a in [agency.parent, *predecessors, *successors] if a is not None]
    # A neighbour outside the user's scope is named, not linked: its page would answer 403.
    visible = {a.pk for a in linked if request.user.can_see_agency(a)}
    return render(
        request,
        "organizations/detail.html",
        {
            "agency": agency,
            "ancestors": _visible_ancestors(request.user, agency),
            "children": children,
            "members": members,
            "predecessors": predecessors,
            "successors": successors,
            "visible": visible,
            "can_administer": rights.can_administer(request.user, agency),
        },
    )


def _visible_ancestors(user, agency: Agency) -> list[Agency]:
    root = user.scope_root()
    return [a for a in agency.ancestors() if root is None or a.path.startswith(root.path)]


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    rights.require_administer(request.user)
    parent = None
    if request.GET.get("parent"):
        parent = selectors.get_agency_to_administer(request.user, request.GET["parent"])
    form = AgencyForm(request.POST or None, user=request.user, initial={"parent": parent})
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in EDITABLE}
        parent = data.pop("parent")
        if parent is None and rights.must_name_parent(request.user):
            form.add_error("parent", _("Chọn cơ quan cấp trên."))
        else:
            with refusal_shown(form):
                agency = services.agency_create(actor=request.user, parent=parent, **data)
                messages.success(request, _("Đã thêm cơ quan «%s».") % agency.name)
                return redirect("organizations:detail", pk=agency.pk)
    return render(request, "organizations/form.html", {"form": form, "agency": None})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    agency = selectors.get_agency_for(request.user, pk)
    rights.require_administer(request.user, agency)
    form = AgencyForm(request.POST or None, instance=agency, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in EDITABLE}
        fresh = Agency.objects.get(pk=pk)  # the form mutated ``agency``; the service diffs
        with refusal_shown(form):
            services.agency_update(
                actor=request.user, agency=fresh, reason=request.POST.get("reason", ""), **data
            )
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("organizations:detail", pk=pk)
    return render(request, "organizations/form.html", {"form": form, "agency": agency})


@login_required
@require_http_methods(["GET", "POST"])
def archive(request, pk: int):
    agency = selectors.get_agency_for(request.user, pk)
    rights.require_administer(request.user, agency)
    form = AgencyArchiveForm(request.POST or None, user=request.user, agency=agency)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(form):
            services.agency_archive(
                actor=request.user,
                agency=agency,
                valid_to=form.cleaned_data["valid_to"],
                successor=form.cleaned_data["successor"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Đã lưu trữ cơ quan «%s».") % agency.name)
            return redirect("organizations:detail", pk=pk)
    active_children = list(agency.children.active().order_by("name"))
    return render(
        request,
        "organizations/archive.html",
        {"form": form, "agency": agency, "active_children": active_children},
    )
