"""Services of the periodic reports: open a period, fill, submit, accept, return.

Rights (asked in ``cchc.accounts.scope`` terms): the reform focal point of an agency fills and
submits its report; Home Affairs (province-wide) reviews every report and fills its own
department's; leaders read; one-stop and processing officers have no business here.
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from cchc.accounts import scope
from cchc.core import audit, files
from cchc.core.errors import Conflict, DomainError, Forbidden

from . import rights
from .models import (
    AgencyReport,
    AgencyReportSection,
    PeriodType,
    ReportAttachment,
    ReportFigure,
    ReportKind,
    ReportPeriod,
    ReportStatus,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from cchc.accounts.models import User
    from cchc.organizations.models import Agency

ROMAN = ("I", "II", "III", "IV")
ROMAN_NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


# --- periods: pure date arithmetic ---------------------------------------------------------


def period_months(period_type: str, number: int) -> tuple[int, int]:
    """First and last calendar month of a period."""
    if period_type == PeriodType.QUARTER:
        if not 1 <= number <= 4:
            raise DomainError("Quý phải từ 1 đến 4.")
        return 3 * number - 2, 3 * number
    if period_type == PeriodType.HALF_YEAR:
        if number not in (1, 2):
            raise DomainError("Kỳ 6 tháng chỉ có 6 tháng đầu năm (1) và 6 tháng cuối năm (2).")
        return (1, 6) if number == 1 else (7, 12)
    if period_type == PeriodType.NINE_MONTHS:
        if number != 1:
            raise DomainError("Kỳ 9 tháng chỉ có một kỳ mỗi năm.")
        return 1, 9
    if period_type == PeriodType.YEAR:
        if number != 1:
            raise DomainError("Kỳ năm chỉ có một kỳ mỗi năm.")
        return 1, 12
    raise DomainError("Loại kỳ báo cáo không hợp lệ.")


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _day(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def period_bounds(
    period_type: str, year: int, number: int = 1, cutoff_day: int | None = None
) -> tuple[date, date]:
    """The data range of a period. With a cut-off day (Decree 09/2019/NĐ-CP, art. 12: the
    15th of the month before the period to the 14th of its last month) the range is shifted;
    without one it is the calendar months."""
    first, last = period_months(period_type, number)
    if cutoff_day:
        sy, sm = _shift_month(year, first, -1)
        return _day(sy, sm, cutoff_day + 1), _day(year, last, cutoff_day)
    return date(year, first, 1), _day(year, last, 31)


def period_label(period_type: str, year: int, number: int = 1) -> str:
    if period_type == PeriodType.QUARTER:
        return f"quý {ROMAN[number - 1]} năm {year}"
    if period_type == PeriodType.HALF_YEAR:
        return f"6 tháng {'đầu' if number == 1 else 'cuối'} năm {year}"
    if period_type == PeriodType.NINE_MONTHS:
        return f"9 tháng đầu năm {year}"
    return f"năm {year}"


def due_date_for(period_type: str, year: int, number: int, due_day: int, offset: int) -> date:
    """The ``due_day`` of the period's last month, shifted by ``offset`` months."""
    _, last = period_months(period_type, number)
    y, m = _shift_month(year, last, offset)
    return _day(y, m, due_day)


def period_for_date(period_type: str, day: date) -> tuple[int, int]:
    """(year, number) of the period of that type containing ``day``."""
    if period_type == PeriodType.QUARTER:
        return day.year, (day.month - 1) // 3 + 1
    if period_type == PeriodType.HALF_YEAR:
        return day.year, 1 if day.month <= 6 else 2
    return day.year, 1


# --- who must report -------------------------------------------------------------------------


def expected_agencies(kind: ReportKind, on: date | None = None) -> QuerySet:
    """Agencies named on the kind, plus those of its kinds and groups, inside its province and
    in force on ``on`` (an archived department is no longer expected to report)."""
    from cchc.organizations.models import Agency

    cond = Q(pk__in=kind.agencies.values("pk"))
    if kind.agency_kinds:
        cond |= Q(kind__in=kind.agency_kinds)
    if kind.agency_groups:
        cond |= Q(group__in=kind.agency_groups)
    return (
        Agency.objects.subtree_of(kind.province).active(on).filter(cond).order_by("path").distinct()
    )


# --- services --------------------------------------------------------------------------------


@transaction.atomic
def period_open(
    *, kind: ReportKind, year: int, number: int = 1, actor: User | None
) -> ReportPeriod:
    """Open a period of a kind (idempotent: an open period is returned as it is)."""
    if actor is not None:
        scope.require(rights.can_review(actor, kind.province), "Chỉ Sở Nội vụ được mở kỳ báo cáo.")
    existing = ReportPeriod.objects.filter(kind=kind, year=year, number=number).first()
    if existing:
        return existing
    start, end = period_bounds(kind.period_type, year, number, kind.cutoff_day)
    period = ReportPeriod.objects.create(
        kind=kind,
        year=year,
        number=number,
        label=period_label(kind.period_type, year, number),
        start=start,
        end=end,
        due_date=due_date_for(kind.period_type, year, number, kind.due_day, kind.due_month_offset),
    )
    audit.record(
        actor=actor,
        obj=period,
        action="period_open",
        changes={"start": start, "end": end, "due_date": period.due_date},
    )
    return period


@transaction.atomic
def period_set_issue(
    *, period: ReportPeriod, doc_number: str, doc_date: date | None, actor: User
) -> ReportPeriod:
    """Number and date of the province's report (Decree 30/2020: leading zero below 10)."""
    scope.require(
        rights.can_review(actor, period.kind.province), "Chỉ Sở Nội vụ được cấp số báo cáo."
    )
    number = doc_number.strip()
    if number and not number.isdigit():
        raise DomainError("Số văn bản chỉ gồm chữ số, ví dụ 05.")
    if number and len(number) < 2:
        number = number.zfill(2)
    locked = ReportPeriod.objects.select_for_update().get(pk=period.pk)
    before = audit.snapshot(locked, ["doc_number", "doc_date"])
    locked.doc_number, locked.doc_date = number, doc_date
    locked.save(update_fields=["doc_number", "doc_date"])
    audit.record(
        actor=actor,
        obj=locked,
        action="period_issue",
        changes=audit.diff(before, audit.snapshot(locked, ["doc_number", "doc_date"])),
    )
    return locked


def _fill_figures(report: AgencyReport, section: AgencyReportSection) -> None:
    from .selectors import indicator_figures

    now = timezone.now()
    existing = {f.key: f for f in section.figures.all()}
    for order, (key, label, unit, value) in enumerate(
        indicator_figures(section.template.tables, report.agency, report.period)
    ):
        fig = existing.get(key)
        computed = None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))
        if fig is None:
            ReportFigure.objects.create(
                section=section,
                key=key,
                label=label,
                unit=unit,
                order=order,
                computed_value=computed,
                computed_at=now,
            )
        else:
            fig.computed_value, fig.computed_at, fig.label, fig.unit, fig.order = (
                computed,
                now,
                label,
                unit,
                order,
            )
            fig.save(update_fields=["computed_value", "computed_at", "label", "unit", "order"])


@transaction.atomic
def agency_report_start(*, period: ReportPeriod, agency: Agency, actor: User) -> AgencyReport:
    """The agency's report for the period, created on first use with one section per template
    heading and the numbers pre-filled from the indicators."""
    scope.require(rights.can_fill(actor, agency), "Bạn không được lập báo cáo của cơ quan này.")
    if not expected_agencies(period.kind).filter(pk=agency.pk).exists():
        raise DomainError(f"{agency.name} không thuộc danh sách cơ quan phải gửi báo cáo này.")
    report, created = AgencyReport.objects.get_or_create(period=period, agency=agency)
    if not created:
        return report
    for template in period.kind.sections.all():
        section = AgencyReportSection.objects.create(report=report, template=template)
        if template.tables:
            _fill_figures(report, section)
    audit.record(actor=actor, obj=report, action="report_start")
    return report


def _lock(report: AgencyReport) -> AgencyReport:
    return (
        AgencyReport.objects.select_for_update()
        .select_related("agency", "period")
        .get(pk=report.pk)
    )


def _require_editable(report: AgencyReport, actor: User) -> None:
    scope.require(
        rights.can_fill(actor, report.agency), "Bạn không được sửa báo cáo của cơ quan này."
    )
    if not report.is_editable:
        raise Conflict(
            f"Báo cáo đang ở trạng thái “{report.get_status_display()}”, không sửa được nữa."
        )


@transaction.atomic
def section_save(*, section: AgencyReportSection, text: str, actor: User) -> AgencyReportSection:
    report = _lock(section.report)
    _require_editable(report, actor)
    locked = AgencyReportSection.objects.select_for_update().get(pk=section.pk)
    before = locked.text
    new = text.strip()
    if new == before:
        return locked
    locked.text = new
    locked.save(update_fields=["text", "updated_at"])
    audit.record(
        actor=actor,
        obj=report,
        action="section_save",
        changes={locked.template.code: [len(before), len(new)]},
    )
    return locked


def parse_number(raw: Any) -> Decimal | None:
    """'178.770' or '82,03' as typed by an official → Decimal; '' → None."""
    if raw is None:
        return None
    text = str(raw).strip().replace(" ", "").replace("%", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") >= 1 and all(len(p) == 3 for p in text.split(".")[1:]):
        text = text.replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise DomainError(f"“{raw}” không phải là một số.") from None
    if value < 0:
        raise DomainError("Số liệu không được âm.")
    return value


@transaction.atomic
def figure_override(
    *, figure: ReportFigure, value: Decimal | None, reason: str, actor: User
) -> ReportFigure:
    """The agency disagrees with a computed number: keep both and the reason (or clear it)."""
    report = _lock(figure.section.report)
    _require_editable(report, actor)
    locked = ReportFigure.objects.select_for_update().get(pk=figure.pk)
    reason = reason.strip()
    if value is not None and value == locked.computed_value:
        value, reason = None, ""
    if value is not None and not reason:
        raise DomainError(f"Cần nêu lý do điều chỉnh số liệu “{locked.label}”.")
    before = audit.snapshot(locked, ["override_value", "override_reason"])
    locked.override_value, locked.override_reason = value, reason if value is not None else ""
    locked.save(update_fields=["override_value", "override_reason"])
    after = audit.snapshot(locked, ["override_value", "override_reason"])
    if before != after:
        audit.record(
            actor=actor,
            obj=report,
            action="figure_override",
            changes={locked.key: [before["override_value"], after["override_value"]]},
            reason=reason,
        )
    return locked


@transaction.atomic
def report_refresh(*, report: AgencyReport, actor: User) -> AgencyReport:
    """Recompute the pre-filled numbers (overrides and their reasons stay)."""
    locked = _lock(report)
    _require_editable(locked, actor)
    for section in locked.sections.select_related("template"):
        if section.template.tables:
            _fill_figures(locked, section)
    audit.record(actor=actor, obj=locked, action="report_refresh")
    return locked


@transaction.atomic
def attachment_add(*, report: AgencyReport, upload: UploadedFile, actor: User) -> ReportAttachment:
    locked = _lock(report)
    _require_editable(locked, actor)
    name = files.check_attachment(upload, max_bytes=MAX_ATTACHMENT_BYTES)
    assert upload.size is not None  # check_attachment has measured it
    att = ReportAttachment(report=locked, name=name, size=upload.size, uploaded_by=actor)
    att.file.save(name, upload, save=False)
    att.save()
    audit.record(actor=actor, obj=locked, action="attachment_add", changes={"file": name})
    return att


@transaction.atomic
def attachment_remove(*, attachment: ReportAttachment, actor: User) -> None:
    locked = _lock(attachment.report)
    _require_editable(locked, actor)
    name, stored = attachment.name, attachment.file.name or ""
    storage = attachment.file.storage
    attachment.delete()
    audit.record(actor=actor, obj=locked, action="attachment_remove", changes={"file": name})
    transaction.on_commit(lambda: storage.delete(stored))


@transaction.atomic
def report_submit(*, report: AgencyReport, actor: User) -> AgencyReport:
    """Send to Home Affairs. Timeliness is fixed by the first submission: a report sent on time
    and returned for completion stays on time (DHIS2 counts it the same way)."""
    locked = _lock(report)
    _require_editable(locked, actor)
    missing = [
        s.template.title
        for s in locked.sections.select_related("template")
        if s.template.narrative and not s.text.strip()
    ]
    if missing:
        raise DomainError("Chưa viết nội dung các mục: " + "; ".join(missing) + ".")
    now = timezone.now()
    before = locked.status
    locked.status = ReportStatus.SUBMITTED
    locked.submitted_at, locked.submitted_by = now, actor
    if locked.first_submitted_at is None:
        locked.first_submitted_at = now
        locked.on_time = timezone.localdate(now) <= locked.period.due_date
    locked.save(
        update_fields=[
            "status",
            "submitted_at",
            "submitted_by",
            "first_submitted_at",
            "on_time",
            "updated_at",
        ]
    )
    audit.record(
        actor=actor,
        obj=locked,
        action="report_submit",
        changes={"status": [before, locked.status], "on_time": locked.on_time},
    )
    return locked


def _review(report: AgencyReport, actor: User, status: str, comment: str) -> AgencyReport:
    locked = _lock(report)
    scope.require(rights.can_review(actor, locked.agency), "Chỉ Sở Nội vụ được xem xét báo cáo.")
    if locked.status != ReportStatus.SUBMITTED:
        raise Conflict("Chỉ xem xét được báo cáo đã gửi.")
    before = locked.status
    locked.status = status
    locked.reviewed_at, locked.reviewed_by, locked.review_comment = timezone.now(), actor, comment
    locked.save(
        update_fields=["status", "reviewed_at", "reviewed_by", "review_comment", "updated_at"]
    )
    audit.record(
        actor=actor,
        obj=locked,
        action="report_accept" if status == ReportStatus.ACCEPTED else "report_return",
        changes={"status": [before, status]},
        reason=comment,
    )
    return locked


@transaction.atomic
def report_accept(*, report: AgencyReport, actor: User, comment: str = "") -> AgencyReport:
    return _review(report, actor, ReportStatus.ACCEPTED, comment.strip())


@transaction.atomic
def report_return(*, report: AgencyReport, actor: User, comment: str) -> AgencyReport:
    comment = comment.strip()
    if not comment:
        raise DomainError("Cần ghi rõ nội dung yêu cầu bổ sung khi trả lại báo cáo.")
    return _review(report, actor, ReportStatus.RETURNED, comment)


def require_read(user: User, agency: Agency) -> None:
    if not rights.can_read(user, agency):
        raise Forbidden("Bạn không được xem báo cáo của cơ quan này.")
