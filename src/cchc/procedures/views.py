from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import files
from cchc.core.errors import DomainError
from cchc.organizations.models import Agency

from . import importer, selectors
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
        "can_manage": selectors.can_manage(request.user),
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
            "can_manage": selectors.can_manage(request.user),
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


def _upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "procedure-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _require_manager(request) -> None:
    if not selectors.can_manage(request.user):
        raise PermissionDenied


@login_required
def import_page(request):
    """Upload → preview (errors by line, texts to review) → confirm. The uploaded file waits
    under MEDIA_ROOT with a random name until confirmed."""
    _require_manager(request)
    ctx: dict = {"form": ImportForm()}
    if request.method == "POST" and "token" in request.POST:
        path = files.kept_path(_upload_dir(), request.POST["token"], "xlsx")
        if path is None:
            messages.error(request, _("Tệp xem trước đã hết hạn; hãy tải lên lại."))
            return redirect("procedures:import")
        try:
            with path.open("rb") as fh:
                preview = importer.read_catalogue(fh, request.POST.get("filename", path.name))
            result = importer.commit_catalogue(preview, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("procedures:import")
        finally:
            path.unlink(missing_ok=True)
        messages.success(
            request,
            _("Đã nhập: thêm mới %(c)d, cập nhật %(u)d, không đổi %(s)d.")
            % {"c": result.created, "u": result.updated, "s": result.unchanged},
        )
        return redirect("procedures:index")
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        ctx["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                accepted = files.load_upload(upload, upload.name, kinds=("xlsx",))
                preview = importer.read_catalogue(accepted.data, upload.name)
            except DomainError as exc:
                form.add_error("file", exc.message)
                return render(request, "procedures/import.html", ctx, status=400)
            # kept (under a random name, swept after a few hours) only for the confirmation
            token = files.keep_upload(accepted, _upload_dir()) if preview.ok else ""
            ctx.update(
                preview=preview,
                token=token,
                filename=upload.name,
                preview_new=preview.count("new"),
                preview_update=preview.count("update"),
                preview_same=preview.count("same"),
            )
        else:
            return render(request, "procedures/import.html", ctx, status=400)
    return render(request, "procedures/import.html", ctx)
