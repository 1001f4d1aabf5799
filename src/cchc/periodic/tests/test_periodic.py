"""Periodic reports: periods, who reports, filling with pre-filled numbers, submit, review,
reporting rates; told through the personas (``daumoi`` fills the Department of Justice's
report, ``noivu`` reviews it, ``lanhdao`` reads, one-stop officers are refused)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import numpy as np
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.core.errors import Conflict, DomainError, Forbidden
from cchc.core.models import AuditEvent
from cchc.demo.synth import insert, make_catalogue, synth
from cchc.organizations.models import AgencyKind
from cchc.organizations.services import agency_update
from cchc.periodic import selectors as sel
from cchc.periodic import services as periodic
from cchc.periodic.models import (
    AgencyReport,
    PeriodType,
    ReportFigure,
    ReportKind,
    ReportSectionTemplate,
    ReportStatus,
)
from cchc.statistics import rollups
from cchc.statistics.selectors import dossier_stats

VN = ZoneInfo("Asia/Ho_Chi_Minh")
SECTIONS = [
    (
        1,
        "direction",
        "Công tác chỉ đạo, điều hành cải cách hành chính",
        ["reporting", "plans", "par_index"],
    ),
    (1, "results", "Kết quả thực hiện công tác cải cách hành chính", []),
    (2, "procedures", "Cải cách thủ tục hành chính", ["procedures", "dossiers"]),
    (2, "digital", "Xây dựng chính quyền điện tử, chính quyền số", []),
]


# --- fixtures shared by the other periodic test modules -------------------------------------


@pytest.fixture(autouse=True)
def fresh_cache():
    """The dashboard keeps tables in the cache; tests reuse agency ids with other data."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def kind(province):
    k = ReportKind.objects.create(
        code="CCHC-6T",
        name="Báo cáo CCHC 6 tháng",
        period_type=PeriodType.HALF_YEAR,
        province=province.province,
        agency_kinds=[AgencyKind.DEPARTMENT.value],
        signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        signer_name="Nguyễn Văn Hòa",
        recipients="Bộ Nội vụ;\nSở Nội vụ;\nLưu: VT, NC.",
        closing="Trên đây là báo cáo {period} của {issuer}./.",
    )
    for order, (level, code, title, tables) in enumerate(SECTIONS, start=1):
        ReportSectionTemplate.objects.create(
            kind=k,
            order=order,
            level=level,
            code=code,
            title=title,
            tables=tables,
            narrative=code != "results",
        )
    return k


@pytest.fixture
def period(kind):
    return periodic.period_open(kind=kind, year=2026, number=1, actor=None)


@pytest.fixture
def dossiers(province):
    """1,500 generated dossiers of the first half of 2026 at Justice, Construction and a
    commune, with the rollups rebuilt as a bulk import leaves them."""
    procs = make_catalogue(procedures=4)
    batch = synth(
        1_500,
        agencies=[
            (province.justice.pk, "province"),
            (province.construction.pk, "province"),
            (province.commune_a.pk, "commune"),
        ],
        procedures=procs,
        start=date(2025, 12, 1),
        end=date(2026, 6, 30),
        today=date(2026, 6, 20),
        seed=6,
    )
    # A handful of late dossiers so that the late columns are not all zero.
    batch.finished[:12] = batch.due[:12] + np.timedelta64(3, "D")
    batch.timeliness[:12] = 3
    insert(batch, code_prefix="P")
    rollups.rebuild()
    return procs


def fill(report: AgencyReport, user, text: str = "Đã thực hiện đầy đủ.") -> None:
    for section in report.sections.select_related("template"):
        if section.template.narrative:
            periodic.section_save(
                section=section, text=f"{text} ({section.template.code})", actor=user
            )


def submitted(period, province, agency=None, user=None) -> AgencyReport:
    agency = agency or province.justice
    user = user or province.daumoi
    report = periodic.agency_report_start(period=period, agency=agency, actor=user)
    fill(report, user)
    return periodic.report_submit(report=report, actor=user)


# --- periods: pure date arithmetic ------------------------------------------------------------


@pytest.mark.parametrize(
    "ptype,number,cutoff,start,end,label",
    [
        (PeriodType.QUARTER, 1, None, date(2026, 1, 1), date(2026, 3, 31), "quý I năm 2026"),
        (PeriodType.QUARTER, 4, None, date(2026, 10, 1), date(2026, 12, 31), "quý IV năm 2026"),
        (PeriodType.HALF_YEAR, 1, None, date(2026, 1, 1), date(2026, 6, 30), "6 tháng đầu năm 2026"),
        (PeriodType.HALF_YEAR, 2, None, date(2026, 7, 1), date(2026, 12, 31), "6 tháng cuối năm 2026"),
        (PeriodType.NINE_MONTHS, 1, None, date(2026, 1, 1), date(2026, 9, 30), "9 tháng đầu năm 2026"),
        (PeriodType.YEAR, 1, None, date(2026, 1, 1), date(2026, 12, 31), "năm 2026"),
        # Decree 09/2019 art. 12: from the 15th of the month before to the 14th of the last.
        (PeriodType.HALF_YEAR, 1, 14, date(2025, 12, 15), date(2026, 6, 14), "6 tháng đầu năm 2026"),
        (PeriodType.QUARTER, 1, 14, date(2025, 12, 15), date(2026, 3, 14), "quý I năm 2026"),
        (PeriodType.YEAR, 1, 14, date(2025, 12, 15), date(2026, 12, 14), "năm 2026"),
    ],
)  # fmt: skip
def test_period_bounds_and_labels(ptype, number, cutoff, start, end, label):
    assert periodic.period_bounds(ptype, 2026, number, cutoff) == (start, end)
    assert periodic.period_label(ptype, 2026, number) == label


@pytest.mark.parametrize(
    "ptype,number,day,offset,due",
    [
        (PeriodType.HALF_YEAR, 1, 15, 0, date(2026, 6, 15)),
        (PeriodType.QUARTER, 1, 31, 0, date(2026, 3, 31)),
        (PeriodType.QUARTER, 4, 10, 1, date(2027, 1, 10)),
        (PeriodType.QUARTER, 1, 31, -1, date(2026, 2, 28)),  # clamped to the month's end
        (PeriodType.YEAR, 1, 15, 0, date(2026, 12, 15)),
    ],
)
def test_due_dates(ptype, number, day, offset, due):
    assert periodic.due_date_for(ptype, 2026, number, day, offset) == due


@pytest.mark.parametrize(
    "ptype,number", [(PeriodType.QUARTER, 5), (PeriodType.HALF_YEAR, 3), (PeriodType.YEAR, 2)]
)
def test_impossible_periods_are_refused(ptype, number):
    with pytest.raises(DomainError):
        periodic.period_months(ptype, number)


def test_period_for_date():
    assert periodic.period_for_date(PeriodType.QUARTER, date(2026, 11, 23)) == (2026, 4)
    assert periodic.period_for_date(PeriodType.HALF_YEAR, date(2026, 6, 30)) == (2026, 1)
    assert periodic.period_for_date(PeriodType.HALF_YEAR, date(2026, 7, 1)) == (2026, 2)


def test_parse_number_reads_vietnamese_figures():
    assert periodic.parse_number("178.770") == Decimal("178770")
    assert periodic.parse_number("82,03") == Decimal("82.03")
    assert periodic.parse_number("82,03%") == Decimal("82.03")
    assert periodic.parse_number("") is None
    with pytest.raises(DomainError):
        periodic.parse_number("abc")
    with pytest.raises(DomainError):
        periodic.parse_number("-5")


# --- who reports -----------------------------------------------------------------------------


def test_period_open_is_idempotent_and_audited(kind, province):
    first = periodic.period_open(kind=kind, year=2026, number=1, actor=province.noivu)
    again = periodic.period_open(kind=kind, year=2026, number=1, actor=province.noivu)
    assert first.pk == again.pk
    # A kind carries the data cut-off of Decree 09/2019/NĐ-CP Art. 12 by default (DOMAIN 7):
    # six months from 15/12 of the previous year to 14/6.
    assert (first.start, first.end, first.due_date) == (
        date(2025, 12, 15),
        date(2026, 6, 14),
        date(2026, 6, 15),
    )
    assert first.label == "6 tháng đầu năm 2026"
    assert AuditEvent.objects.filter(action="period_open", object_id=str(first.pk)).count() == 1
    with pytest.raises(Forbidden):
        periodic.period_open(kind=kind, year=2026, number=2, actor=province.daumoi)


def test_expected_agencies_by_kind_list_and_validity(kind, province):
    names = set(periodic.expected_agencies(kind).values_list("code", flat=True))
    assert names == {"SNV", "STP", "SXD"}
    kind.agencies.add(province.commune_a)
    assert "X31117" in set(periodic.expected_agencies(kind).values_list("code", flat=True))
    # An archived department is no longer expected after its end date.
    agency_update(actor=None, agency=province.construction, valid_to=date(2026, 3, 31))
    on_end = periodic.expected_agencies(kind, on=date(2026, 6, 30))
    assert "SXD" not in set(on_end.values_list("code", flat=True))


# --- filling -----------------------------------------------------------------------------------


def test_focal_point_starts_report_with_numbers_from_the_indicators(period, province, dossiers):
    report = periodic.agency_report_start(
        period=period, agency=province.justice, actor=province.daumoi
    )
    assert report.status == ReportStatus.DRAFT
    assert [s.template.code for s in report.sections.all()] == [c for _, c, _, _ in SECTIONS]
    row = dossier_stats(None, date_from=period.start, date_to=period.end, agency=province.justice)[
        -1
    ]
    figures = {
        f.key: f.computed_value
        for f in ReportFigure.objects.filter(
            section__report=report, section__template__code="procedures"
        )
    }
    assert row.received > 0
    assert figures["received"] == row.received
    assert figures["carried"] == row.carried
    assert figures["late"] == row.late
    assert figures["in_progress"] == row.in_progress
    assert figures["on_time_rate"] == row.on_time_rate
    resolved, in_progress = figures["resolved"], figures["in_progress"]
    assert resolved is not None and in_progress is not None
    assert figures["received"] == resolved + in_progress
    assert "procedures_total" in figures
    # Starting again returns the same report.
    again = periodic.agency_report_start(
        period=period, agency=province.justice, actor=province.daumoi
    )
    assert again.pk == report.pk


@pytest.mark.parametrize("who", ["xuly", "motcua", "lanhdao", "daumoi_xa"])
def test_others_cannot_start_justice_report(period, province, who):
    with pytest.raises(Forbidden):
        periodic.agency_report_start(
            period=period, agency=province.justice, actor=getattr(province, who)
        )
    assert not AgencyReport.objects.exists()


def test_home_affairs_fills_only_its_own_department(period, province):
    own = periodic.agency_report_start(
        period=period, agency=province.home_affairs, actor=province.noivu
    )
    assert own.agency == province.home_affairs
    with pytest.raises(Forbidden):
        periodic.agency_report_start(period=period, agency=province.justice, actor=province.noivu)


def test_agency_not_expected_is_refused(period, province):
    with pytest.raises(DomainError, match="không thuộc danh sách"):
        periodic.agency_report_start(
            period=period, agency=province.commune_a, actor=province.daumoi_xa
        )


def test_override_keeps_the_computed_value_and_needs_a_reason(period, province, dossiers):
    report = periodic.agency_report_start(
        period=period, agency=province.justice, actor=province.daumoi
    )
    fig = ReportFigure.objects.get(section__report=report, key="received")
    computed = fig.computed_value
    assert computed is not None
    with pytest.raises(DomainError, match="lý do"):
        periodic.figure_override(figure=fig, value=computed + 5, reason="  ", actor=province.daumoi)
    fig.refresh_from_db()
    assert fig.override_value is None
    fig = periodic.figure_override(
        figure=fig,
        value=computed + 5,
        reason="5 hồ sơ giấy chưa nhập hệ thống",
        actor=province.daumoi,
    )
    assert fig.computed_value == computed and fig.value == computed + 5 and fig.is_overridden
    event = AuditEvent.objects.get(action="figure_override")
    assert event.reason == "5 hồ sơ giấy chưa nhập hệ thống"
    # Refreshing recomputes but keeps the override and its reason.
    periodic.report_refresh(report=report, actor=province.daumoi)
    fig.refresh_from_db()
    assert fig.override_value == computed + 5 and fig.override_reason
    # Typing the computed number back clears the override.
    fig = periodic.figure_override(figure=fig, value=computed, reason="", actor=province.daumoi)
    assert fig.override_value is None and fig.override_reason == ""


# --- submit and review -------------------------------------------------------------------------


def test_submit_needs_every_narrative_section(period, province):
    report = periodic.agency_report_start(
        period=period, agency=province.justice, actor=province.daumoi
    )
    with pytest.raises(DomainError, match="Chưa viết nội dung"):
        periodic.report_submit(report=report, actor=province.daumoi)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.submitted_at is None


def test_submit_on_time_then_return_and_resubmit_late_stays_on_time(period, province):
    with time_machine.travel(datetime(2026, 6, 15, 16, 0, tzinfo=VN), tick=False):
        report = submitted(period, province)
    assert report.status == ReportStatus.SUBMITTED and report.on_time is True
    section = report.sections.first()
    assert section is not None
    with pytest.raises(Conflict):
        periodic.section_save(section=section, text="sửa", actor=province.daumoi)
    with pytest.raises(DomainError, match="yêu cầu bổ sung"):
        periodic.report_return(report=report, actor=province.noivu, comment=" ")
    report = periodic.report_return(
        report=report, actor=province.noivu, comment="Bổ sung số liệu mục 2."
    )
    assert report.status == ReportStatus.RETURNED and report.review_comment
    with time_machine.travel(datetime(2026, 6, 20, 9, 0, tzinfo=VN), tick=False):
        report = periodic.report_submit(report=report, actor=province.daumoi)
    assert report.on_time is True  # fixed by the first submission
    assert report.submitted_at is not None
    assert report.submitted_at.date() == date(2026, 6, 20)
    report = periodic.report_accept(report=report, actor=province.noivu, comment="Đạt yêu cầu.")
    assert report.status == ReportStatus.ACCEPTED
    actions = list(
        AuditEvent.objects.filter(object_id=str(report.pk), content_type__model="agencyreport")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[0] == "report_start"
    assert actions[-4:] == ["report_submit", "report_return", "report_submit", "report_accept"]


def test_submitted_after_the_due_day_is_late(period, province):
    with time_machine.travel(datetime(2026, 6, 16, 8, 0, tzinfo=VN), tick=False):
        report = submitted(period, province)
    assert report.on_time is False


@pytest.mark.parametrize("who", ["daumoi", "lanhdao", "xuly"])
def test_only_home_affairs_reviews(period, province, who):
    report = submitted(period, province)
    with pytest.raises(Forbidden):
        periodic.report_accept(report=report, actor=getattr(province, who))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_cannot_review_a_draft(period, province):
    report = periodic.agency_report_start(
        period=period, agency=province.justice, actor=province.daumoi
    )
    with pytest.raises(Conflict):
        periodic.report_accept(report=report, actor=province.noivu)


def test_attachments_checked_and_audited(period, province, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = periodic.agency_report_start(
        period=period, agency=province.justice, actor=province.daumoi
    )
    with pytest.raises(DomainError, match="Chỉ nhận"):
        periodic.attachment_add(
            report=report, upload=SimpleUploadedFile("virus.exe", b"MZ"), actor=province.daumoi
        )
    att = periodic.attachment_add(
        report=report,
        upload=SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 test"),
        actor=province.daumoi,
    )
    assert att.size == 13 and (tmp_path / att.file.name).exists()
    assert AuditEvent.objects.filter(action="attachment_add").count() == 1


# --- reporting rates -------------------------------------------------------------------------


def test_completeness_counts_expected_received_on_time(period, province):
    with time_machine.travel(datetime(2026, 6, 10, 9, 0, tzinfo=VN), tick=False):
        report = submitted(period, province)
        periodic.report_accept(report=report, actor=province.noivu)
    with time_machine.travel(datetime(2026, 6, 25, 9, 0, tzinfo=VN), tick=False):
        submitted(period, province, agency=province.home_affairs, user=province.noivu)
    periodic.agency_report_start(period=period, agency=province.construction, actor=province.admin)
    rates = sel.completeness(period)
    assert (rates.expected, rates.received, rates.on_time, rates.accepted) == (3, 2, 1, 1)
    assert rates.rate is not None and rates.on_time_rate is not None
    assert round(rates.rate, 2) == 66.67 and round(rates.on_time_rate, 2) == 33.33
    assert [a.code for a in rates.missing] == ["SXD"]
    light = sel.completeness(period, rows=False)
    assert (light.expected, light.received, light.on_time, light.accepted) == (3, 2, 1, 1)
    # A leader of a commune sees only what is in their subtree: nothing expected there.
    assert sel.completeness(period, province.lanhdao_xa).expected == 0


def test_period_issue_number_takes_a_leading_zero(period, province):
    p = periodic.period_set_issue(
        period=period, doc_number="5", doc_date=date(2026, 6, 20), actor=province.noivu
    )
    assert p.doc_number == "05"
    with pytest.raises(DomainError):
        periodic.period_set_issue(
            period=period, doc_number="5a", doc_date=None, actor=province.noivu
        )
    with pytest.raises(Forbidden):
        periodic.period_set_issue(
            period=period, doc_number="6", doc_date=None, actor=province.lanhdao
        )


def test_due_date_passes_midnight_in_vietnam(period, province):
    # 23:30 on the due day in Hà Nội is 16:30 UTC: still on time.
    with time_machine.travel(datetime(2026, 6, 15, 23, 30, tzinfo=VN) - timedelta(0), tick=False):
        report = submitted(period, province)
    assert report.on_time is True


@pytest.mark.parametrize(
    "period_type, number, bounds",
    [
        ("quarter", 1, (date(2025, 12, 15), date(2026, 3, 14))),
        ("quarter", 3, (date(2026, 6, 15), date(2026, 9, 14))),
        ("half_year", 1, (date(2025, 12, 15), date(2026, 6, 14))),
        ("nine_months", 1, (date(2025, 12, 15), date(2026, 9, 14))),
        ("year", 1, (date(2025, 12, 15), date(2026, 12, 14))),
    ],
)
def test_decree_09_2019_cut_off_by_default(province, period_type, number, bounds):
    kind = ReportKind.objects.create(
        code=f"K-{period_type}", name="Báo cáo", period_type=period_type, province=province.province
    )
    assert kind.cutoff_day == 14
    assert periodic.period_bounds(period_type, 2026, number, kind.cutoff_day) == bounds


def test_the_demo_kinds_carry_cut_off_and_due_day(province):
    import io

    from cchc.demo import DemoContext
    from cchc.demo import periodic as demo

    demo.load(DemoContext(stdout=io.StringIO(), province=province.province, users={}))
    kinds = list(ReportKind.objects.all())
    assert kinds and all(k.cutoff_day == 14 and k.due_day == 15 for k in kinds)
    for k in kinds:
        for p in k.periods.all():
            assert p.start.day == 15 and p.end.day == 14
