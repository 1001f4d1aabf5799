from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from cchc.core import files, imports
from cchc.core.errors import DomainError
from cchc.core.models import ImportState
from cchc.core.refusals import refusal_shown
from cchc.organizations.models import Agency

from . import importer, rights, selectors
from .forms import ImportForm, SearchForm, StatsForm

PAGE_SIZE = 25


def index(request):
    """The catalogue: public (citizens look procedures up), searched without diacritics."""
    fields = list(selectors.fields_in_use())
    agencies = Agency.objects.filter(procedures__is_current=True).distinct().order_by("name")
    form = SearchForm(request.GET or None, fields=fields, agencies=agencies)
    qs = selectors.catalogue(request.user)
    if form.is_valid():
        d = form.cleaned_data
        qs = selectors.search(
            qs, q=d["q"], field=d["field"], level=d["level"], agency=d["agency"] or None
        )
    elif form.is_bound:  # a hand-edited address with an unknown filter: say nothing matches
        qs = qs.none()
    else:
        qs = qs.order_by("field__name", "code")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    ctx = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_manage": rights.can_manage(request.user),
    }
    if request.htmx and request.htmx.target == "results":
        return render(request, "procedures/_results.html", ctx)
    return render(request, "procedures/index.html", ctx)


def detail(request, code: str):
    version = request.GET.get("version")
    try:
        number = int(version) if version else None
    except ValueError as exc:
        raise Http404 from exc
    p = selectors.procedure_for(request.user, code, number)
    if p is None:
        raise Http404
    return render(
        request,
        "procedures/detail.html",
        {
            "p": p,
            "versions": selectors.versions_of(code),
            "can_manage": rights.can_manage(request.user),
        },
    )


def decisions(request):
    rows = Paginator(selectors.decisions(), 20).get_page(request.GET.get("page"))
    return render(request, "procedures/decisions.html", {"page": rows})


@login_required
def stats(request):
    today = timezone.localdate()
    initial = {"date_from": dt.date(today.year, 1, 1), "date_to": today}
    form = StatsForm(request.GET or initial)
    result = None
    if form.is_valid():
        result = selectors.catalogue_stats(
            form.cleaned_data["date_from"], form.cleaned_data["date_to"]
        )
    return render(request, "procedures/stats.html", {"form": form, "stats": result})


@login_required
def import_page(request):
    """Upload → preview (errors by line, texts to review) → confirm, through core's import jobs:
    a short file is read in this request, a large one by the worker while the job page shows
    the progress. Either way the next page is the job's, with the preview to confirm."""
    if not rights.can_manage(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with refusal_shown(form, field="file"):
            accepted = files.load_upload(upload, upload.name, kinds=("xlsx",))
            job = imports.import_start(actor=request.user, kind=importer.JOB_KIND, upload=accepted)
            if job.state == ImportState.FAILED:
                # read here and refused at once: the message goes where the file was chosen
                raise DomainError(job.error)
            return redirect("core:import_job", pk=job.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "procedures/import.html", {"form": form}, status=status)
