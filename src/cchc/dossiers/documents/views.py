"""Printable forms (HTML with print CSS, DOCX) and the tracking book (HTML, XLSX).

Thin views: the access check is ``selectors.dossier_for_forms`` (scope), the content is
``forms.build``; a user outside the dossier's desk and agency gets 403.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from typing import cast

from django import forms as djforms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.core.refusals import refusal_shown
from cchc.core.text import vn_date

from . import book, forms, selectors
from .qr import qr_svg
from .render import form_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOOK_PAGE_LIMIT = 2000


def _dossier(request, code: str):
    return selectors.dossier_for_forms(request.user, code)  # Forbidden: the 403 page


def _render_form(request, code: str, form_no: str):
    dossier = _dossier(request, code)
    form = forms.build(dossier, form_no)
    if form is None:
        raise Http404("Bộ biểu mẫu của hồ sơ này không có mẫu số này.")
    if request.GET.get("format") == "docx":
        response = HttpResponse(form_docx(form), content_type=DOCX)
        filename = f"{dossier.code}-mau-{form_no}.docx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    context = {
        "dossier": dossier,
        "form": form,
        "qr": qr_svg(form.qr_url) if form.qr_url else "",
        "set": forms.forms_for(dossier.rule_set),
    }
    return render(request, "dossiers_documents/form.html", context)


@login_required
def receipt(request, code: str):
    return _render_form(request, code, "01")


@login_required
def form(request, code: str, form_no: str):
    if form_no == "07":
        dossier = _dossier(request, code)
        day = timezone.localtime(dossier.received_at).date().isoformat()
        url = reverse("dossiers_documents:tracking_book")
        return redirect(f"{url}?from={day}&to={day}&desk={dossier.desk_id}")
    return _render_form(request, code, form_no)


@login_required
def control_sheet(request, code: str):
    return _render_form(request, code, "06")


class BookFilter(djforms.Form):
    start = djforms.DateField(label=_("Từ ngày"), required=False)
    end = djforms.DateField(label=_("Đến ngày"), required=False)
    desk: djforms.ModelChoiceField = djforms.ModelChoiceField(
        label=_("Nơi tiếp nhận"), queryset=None, required=False, empty_label=_("Tất cả")
    )

    def __init__(self, *args, desks, **kwargs):
        super().__init__(*args, **kwargs)
        cast(djforms.ModelChoiceField, self.fields["desk"]).queryset = desks


@login_required
def tracking_book(request):
    desks = selectors.visible_desks(request.user)  # Forbidden: the 403 page
    today = timezone.localdate()
    data = {
        "start": request.GET.get("from") or today.replace(day=1).strftime("%d/%m/%Y"),
        "end": request.GET.get("to") or today.strftime("%d/%m/%Y"),
        "desk": request.GET.get("desk") or "",
    }
    filt = BookFilter(data, desks=desks)
    qs = None
    start = end = desk = None
    if filt.is_valid():
        start = filt.cleaned_data["start"] or today.replace(day=1)
        end = filt.cleaned_data["end"] or today
        desk = filt.cleaned_data["desk"]
        with refusal_shown(filt):
            qs = selectors.tracking_book(request.user, start=start, end=end, desk=desk)
    error = "; ".join(str(e) for errs in filt.errors.values() for e in errs)
    title = "Sổ theo dõi hồ sơ"
    subtitle = _period_text(start, end, desk)
    if qs is not None and request.GET.get("format") == "xlsx":
        shown = selectors.shown_to(request.user, qs.iterator(chunk_size=2000), channel="export")
        return _xlsx(shown, title, subtitle, start, end)
    if qs is not None and request.GET.get("format") == "docx":
        shown = selectors.shown_to(
            request.user, qs[:BOOK_PAGE_LIMIT].iterator(chunk_size=500), channel="export"
        )
        return _docx(request.user, shown, desk, subtitle, start, end)
    rows = []
    truncated = False
    if qs is not None:
        # The database stops at the limit; one row more tells the page to say so.
        found = list(qs[: BOOK_PAGE_LIMIT + 1].iterator(chunk_size=500))
        truncated = len(found) > BOOK_PAGE_LIMIT
        rows = list(
            book.rows(selectors.shown_to(request.user, found[:BOOK_PAGE_LIMIT], channel="web"))
        )
    context = {
        "filter": filt,
        "rows": rows,
        "header": book.HEADER,
        "truncated": truncated,
        "limit": BOOK_PAGE_LIMIT,
        "error": error,
        "title": title,
        "subtitle": subtitle,
        "desk": desk,
        "query": request.GET.urlencode(),
    }
    return render(request, "dossiers_documents/tracking_book.html", context)


def _period_text(start: dt.date | None, end: dt.date | None, desk) -> str:
    if start is None or end is None:
        return ""
    text = f"Từ ngày {vn_date(start)} đến ngày {vn_date(end)}"
    if desk is not None:
        text += f" – {desk.name}"
    return text


def _xlsx(rows, title: str, subtitle: str, start, end):
    # A temporary file, not memory: a year of a busy desk is hundreds of thousands of rows.
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    book.write_xlsx(rows, handle, title=title, subtitle=subtitle)
    handle.seek(0)
    filename = f"so-theo-doi-ho-so-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)


def _docx(user, rows, desk, subtitle: str, start, end):
    issuer = desk or user.agency
    if issuer is None:  # a system administrator without an agency: the whole province
        issuer = selectors.visible_desks(user).order_by("depth", "path").first()
    parent = issuer.parent if issuer is not None else None
    data = book.write_docx(
        rows,
        agency=issuer.name if issuer is not None else "",
        parent=parent.name if parent is not None else "",
        place=forms.place_of(issuer.province) if issuer is not None else "",
        subtitle=subtitle,
    )
    response = HttpResponse(data, content_type=DOCX)
    filename = f"so-theo-doi-ho-so-{start:%Y%m%d}-{end:%Y%m%d}.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
