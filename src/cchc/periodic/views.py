"""Pages of the periodic reports: the hub, a period's reporting rates, an agency's report
(fill, submit, review) and the province's report downloads. Thin: rights and rules live in
``services.py``; reads in ``selectors.py``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.core import files
from cchc.core.errors import DomainError

from . import province_report as pr
from . import selectors as sel
from . import services as periodic
from .models import (
    AgencyReport,
    AgencyReportSection,
    ReportAttachment,
    ReportFigure,
    ReportPeriod,
    ReportStatus,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_reader(user) -> None:
    if not (user.is_superuser or user.role in periodic.READER_ROLES):
        raise PermissionDenied


def get_period(user, pk: int) -> ReportPeriod:
    """The period if the user may read its kind's province reports, else 403."""
    _require_reader(user)
    period = get_object_or_404(ReportPeriod.objects.select_related("kind__province"), pk=pk)
    if not sel.kinds_for(user).filter(pk=period.kind_id).exists():
        raise PermissionDenied
    return period


def get_report(user, pk: int) -> AgencyReport:
    report = get_object_or_404(
        AgencyReport.objects.select_related("agency", "period__kind__province"), pk=pk
    )
    if not periodic.can_read(user, report.agency):
        raise PermissionDenied
    return report


def _run(request, action: Callable[[], object], success: str = "") -> bool:
    """Call a service; a refused rule becomes a message (nothing was written)."""
    try:
        action()
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
        return False
    if success:
        messages.success(request, success)
    return True


@login_required
def index(request):
    user = request.user
    _require_reader(user)
    periods = list(sel.periods_for(user)[:20])
    rates = {p.pk: sel.completeness(p, user, rows=False) for p in periods}
    own = []
    if user.agency_id:
        own = list(
            AgencyReport.objects.filter(agency=user.agency, period__in=periods).select_related(
                "period__kind"
            )
        )
    own_by_period = {r.period_id: r for r in own}
    to_review = []
    if periodic.can_review(user):
        to_review = list(
            sel.reports_for(user).filter(status=ReportStatus.SUBMITTED).order_by("submitted_at")
        )
    expected_here = set()
    if user.agency_id and periods and periodic.can_fill(user, user.agency):
        kinds = {p.kind_id: p.kind for p in periods}
        mine = {
            k
            for k, kind in kinds.items()
            if periodic.expected_agencies(kind).filter(pk=user.agency_id).exists()
        }
        expected_here = {p.pk for p in periods if p.kind_id in mine}
    rows = [
        {
            "period": p,
            "rate": rates[p.pk],
            "own": own_by_period.get(p.pk),
            "can_start": p.pk in expected_here and p.pk not in own_by_period,
        }
        for p in periods
    ]
    return render(
        request,
        "periodic/index.html",
        {"rows": rows, "to_review": to_review, "today": timezone.localdate()},
    )


@login_required
def completeness(request):
    """Reporting rates per period (DHIS2): expected, received, on time."""
    _require_reader(request.user)
    periods = list(sel.periods_for(request.user)[:40])
    rates = [sel.completeness(p, request.user, rows=False) for p in periods]
    return render(request, "periodic/completeness.html", {"rates": rates})


@login_required
def period_detail(request, pk: int):
    period = get_period(request.user, pk)
    rates = sel.completeness(period, request.user)
    return render(
        request,
        "periodic/period.html",
        {
            "period": period,
            "rates": rates,
            "can_review": periodic.can_review(request.user, period.kind.province),
            "can_province": periodic.can_read(request.user, period.kind.province),
        },
    )


@login_required
@require_POST
def period_start(request, pk: int):
    period = get_period(request.user, pk)
    agency = request.user.agency
    if agency is None:
        raise PermissionDenied
    result: dict[str, AgencyReport] = {}

    def act():
        result["r"] = periodic.agency_report_start(period=period, agency=agency, actor=request.user)

    if _run(request, act):
        return redirect("reports:report", pk=result["r"].pk)
    return redirect("reports:period", pk=period.pk)


@login_required
@require_POST
def period_issue(request, pk: int):
    period = get_period(request.user, pk)
    raw = request.POST.get("doc_date", "").strip()
    try:
        day = date.fromisoformat(raw) if raw else None
    except ValueError:
        messages.error(request, _("Ngày văn bản không hợp lệ."))
        return redirect("reports:period", pk=pk)
    _run(
        request,
        lambda: periodic.period_set_issue(
            period=period,
            doc_number=request.POST.get("doc_number", ""),
            doc_date=day,
            actor=request.user,
        ),
        _("Đã lưu số và ngày báo cáo."),
    )
    return redirect("reports:period", pk=pk)


def _province_report(request, pk: int) -> pr.ProvinceReport:
    period = get_period(request.user, pk)
    if not periodic.can_read(request.user, period.kind.province):
        raise PermissionDenied
    return pr.build(period)


@login_required
def province_docx(request, pk: int):
    report = _province_report(request, pk)
    response = HttpResponse(pr.to_docx(report), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{report.filename}.docx"'
    return response


@login_required
def province_xlsx(request, pk: int):
    report = _province_report(request, pk)
    response = HttpResponse(pr.to_xlsx(report), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{report.filename}.xlsx"'
    return response


def number_sections(sections: list[AgencyReportSection]) -> None:
    """I., II. for parts and 1., 2. for the areas inside a part, as the issued report reads."""
    part = area = 0
    for section in sections:
        if section.template.level == 1:
            part, area = part + 1, 0
            section.number = f"{periodic.ROMAN_NUMERALS[part - 1]}."  # type: ignore[attr-defined]
        else:
            area += 1
            section.number = f"{area}."  # type: ignore[attr-defined]


def _report_context(request, report: AgencyReport) -> dict:
    sections = list(report.sections.select_related("template").prefetch_related("figures").all())
    return {
        "report": report,
        "sections": sections,
        "attachments": list(report.attachments.all()),
        "can_fill": periodic.can_fill(request.user, report.agency) and report.is_editable,
        "can_review": periodic.can_review(request.user, report.agency)
        and report.status == ReportStatus.SUBMITTED,
    }


@login_required
def report_detail(request, pk: int):
    report = get_report(request.user, pk)
    return render(request, "periodic/report.html", _report_context(request, report))


@login_required
@require_POST
def section_save(request, pk: int, section_id: int):
    report = get_report(request.user, pk)
    section = get_object_or_404(AgencyReportSection, pk=section_id, report=report)
    ok = _run(
        request,
        lambda: periodic.section_save(
            section=section, text=request.POST.get("text", ""), actor=request.user
        ),
        "" if request.htmx else _("Đã lưu nội dung."),
    )
    if request.htmx:
        section.refresh_from_db()
        section.number = request.POST.get("number", "")  # type: ignore[attr-defined]
        ctx = _report_context(request, report)
        ctx.update(section=section, saved=ok)
        return render(request, "periodic/_section.html", ctx)
    return redirect("reports:report", pk=pk)


@login_required
@require_POST
def figure_override(request, pk: int, figure_id: int):
    report = get_report(request.user, pk)
    figure = get_object_or_404(ReportFigure, pk=figure_id, section__report=report)

    def act():
        value = periodic.parse_number(request.POST.get("value", ""))
        periodic.figure_override(
            figure=figure, value=value, reason=request.POST.get("reason", ""), actor=request.user
        )

    _run(request, act, _("Đã lưu số liệu."))
    return redirect(f"{report_url(report)}#fig-{figure.pk}")


def report_url(report: AgencyReport) -> str:
    from django.urls import reverse

    return reverse("reports:report", kwargs={"pk": report.pk})


@login_required
@require_POST
def report_refresh(request, pk: int):
    report = get_report(request.user, pk)
    _run(
        request,
        lambda: periodic.report_refresh(report=report, actor=request.user),
        _("Đã cập nhật số liệu từ hệ thống."),
    )
    return redirect("reports:report", pk=pk)


@login_required
@require_POST
def attachment_add(request, pk: int):
    report = get_report(request.user, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Chưa chọn tệp."))
    else:
        _run(
            request,
            lambda: periodic.attachment_add(report=report, upload=upload, actor=request.user),
            _("Đã đính kèm tệp."),
        )
    return redirect("reports:report", pk=pk)


@login_required
def attachment_download(request, pk: int, attachment_id: int):
    report = get_report(request.user, pk)
    att = get_object_or_404(ReportAttachment, pk=attachment_id, report=report)
    return files.serve_attachment(att.file, att.name)


@login_required
@require_POST
def attachment_remove(request, pk: int, attachment_id: int):
    report = get_report(request.user, pk)
    att = get_object_or_404(ReportAttachment, pk=attachment_id, report=report)
    _run(
        request,
        lambda: periodic.attachment_remove(attachment=att, actor=request.user),
        _("Đã xóa tệp."),
    )
    return redirect("reports:report", pk=pk)


@login_required
@require_POST
def report_submit(request, pk: int):
    report = get_report(request.user, pk)
    _run(
        request,
        lambda: periodic.report_submit(report=report, actor=request.user),
        _("Đã gửi báo cáo đến Sở Nội vụ."),
    )
    return redirect("reports:report", pk=pk)


@login_required
@require_POST
def report_accept(request, pk: int):
    report = get_report(request.user, pk)
    _run(
        request,
        lambda: periodic.report_accept(
            report=report, actor=request.user, comment=request.POST.get("comment", "")
        ),
        _("Đã tiếp nhận báo cáo."),
    )
    return redirect("reports:report", pk=pk)


@login_required
@require_POST
def report_return(request, pk: int):
    report = get_report(request.user, pk)
    _run(
        request,
        lambda: periodic.report_return(
            report=report, actor=request.user, comment=request.POST.get("comment", "")
        ),
        _("Đã trả lại báo cáo."),
    )
    return redirect("reports:report", pk=pk)
