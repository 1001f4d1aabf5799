"""Inspection stories: coverage against the target, the suggestions, findings and remedies on
the working-day clock, the overdue queue, re-inspection, ISO checks, the indicators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from cchc.core.audit import history_for
from cchc.core.errors import Conflict, DomainError, Forbidden
from cchc.inspections import selectors, services
from cchc.inspections.models import Checklist, InspectionKind, Remedy

pytestmark = pytest.mark.django_db


def _plan(province, year=2026, **kw):
    return services.plan_create(actor=province.noivu, agency=province.province, year=year, **kw)


def _schedule(province, plan, agency, day=dt.date(2026, 3, 2), **kw):
    return services.inspection_schedule(
        actor=province.noivu,
        plan=plan,
        agency=agency,
        date_from=day,
        date_to=day + dt.timedelta(days=1),
        lead=province.noivu,
        **kw,
    )


def test_coverage_is_live_against_the_target(province, units):
    plan = _plan(province)
    for unit in units.departments[:2] + units.communes[:3]:
        _schedule(province, plan, unit)
    cov = selectors.coverage(plan)
    assert cov.as_dict() == {
        "departments": {"total": 10, "planned": 2, "share": 0.2},
        "communes": {"total": 10, "planned": 3, "share": 0.3},
        "target": 0.3,
        "ok": False,
    }
    _schedule(province, plan, units.departments[2])
    assert selectors.coverage(plan).ok
    # An ISO check alone does not count the unit as inspected.
    services.quality_system_set(actor=province.noivu, agency=units.departments[3])
    _schedule(province, plan, units.departments[3], kind=InspectionKind.ISO)
    assert selectors.coverage(plan).departments.planned == 3


def test_target_is_data(province, units):
    plan = _plan(province, target_share=Decimal("0.5"))
    for unit in units.departments[:4] + units.communes[:5]:
        _schedule(province, plan, unit)
    cov = selectors.coverage(plan)
    assert cov.target == 0.5 and not cov.ok


def test_suggestions_longest_not_inspected_first(province, units):
    old = _plan(province, year=2024)
    _schedule(province, old, units.departments[0], day=dt.date(2024, 5, 6))
    older = _plan(province, year=2023)
    _schedule(province, older, units.departments[1], day=dt.date(2023, 5, 8))
    plan = _plan(province)
    _schedule(province, plan, units.communes[0])
    rows = selectors.suggestions(plan, limit=100)
    names = [s.agency for s in rows]
    assert units.communes[0] not in names
    never = [s for s in rows if s.last_inspected is None]
    assert rows[: len(never)] == never
    assert [s.agency for s in rows[len(never) :]] == [units.departments[1], units.departments[0]]


def test_findings_remedies_on_the_working_day_clock(province, units):
    plan = _plan(province)
    unit = units.communes[0]
    checklist = Checklist.objects.get(area="procedures")
    inspection = _schedule(province, plan, unit, checklists=[checklist])
    item = checklist.items.all()[0]
    services.checklist_record(
        actor=province.noivu, inspection=inspection, item=item, result="not_met"
    )
    finding = services.finding_add(
        actor=province.noivu,
        inspection=inspection,
        area="procedures",
        severity="moderate",
        text="Chưa công khai đầy đủ thủ tục hành chính tại Bộ phận Một cửa",
    )
    with pytest.raises(DomainError, match="phải có đơn vị chịu trách nhiệm"):
        services.remedy_add(
            actor=province.noivu, finding=finding, text="Niêm yết lại", owner=None, working_days=10
        )
    assert Remedy.objects.count() == 0
    remedy = services.remedy_add(
        actor=province.noivu,
        finding=finding,
        text="Niêm yết đầy đủ, đúng quy định",
        owner=unit,
        working_days=10,
        start=dt.date(2026, 2, 10),
    )
    # 11–13/2, then Tết (14–22/2) skipped, then 23/2 … 3/3 is the tenth working day.
    assert remedy.due_date == dt.date(2026, 3, 3)
    with pytest.raises(Forbidden):
        services.finding_add(
            actor=province.daumoi_xa,
            inspection=inspection,
            area="procedures",
            severity="minor",
            text="x",
        )
    services.inspection_conclude(
        actor=province.noivu,
        inspection=inspection,
        concluded_on=dt.date(2026, 3, 3),
        number="15/TB-SNV",
        summary="Đơn vị thực hiện tương đối tốt công tác CCHC.",
    )
    with pytest.raises(Conflict):
        services.finding_add(
            actor=province.noivu,
            inspection=inspection,
            area="procedures",
            severity="minor",
            text="Muộn",
        )
    assert history_for(inspection).filter(action="inspection_conclude").exists()


def test_conclusion_needs_remedies_for_every_finding(province, units):
    plan = _plan(province)
    inspection = _schedule(province, plan, units.communes[1])
    services.finding_add(
        actor=province.noivu,
        inspection=inspection,
        area="direction",
        severity="minor",
        text="Báo cáo quý I nộp chậm",
    )
    with pytest.raises(DomainError, match="chưa có biện pháp khắc phục"):
        services.inspection_conclude(
            actor=province.noivu,
            inspection=inspection,
            concluded_on=dt.date(2026, 3, 5),
            number="16/TB-SNV",
            summary="",
        )


def test_overdue_remedy_in_unit_and_home_affairs_queues(province, units):
    plan = _plan(province, year=timezone.localdate().year)
    unit = province.commune_a
    day = timezone.localdate().replace(month=1, day=5)
    inspection = _schedule(province, plan, unit, day=day)
    finding = services.finding_add(
        actor=province.noivu,
        inspection=inspection,
        area="civil_service",
        severity="serious",
        text="Công chức Một cửa chưa được kiểm tra kiến thức định kỳ",
    )
    remedy = services.remedy_add(
        actor=province.noivu,
        finding=finding,
        text="Tổ chức kiểm tra kiến thức",
        owner=unit,
        due_date=timezone.localdate() - dt.timedelta(days=1),
    )
    assert list(selectors.remedies_for(province.daumoi_xa, overdue=True)) == [remedy]
    assert list(selectors.remedies_for(province.noivu, overdue=True)) == [remedy]
    assert list(selectors.remedies_for(province.daumoi, overdue=True)) == []  # Justice
    with pytest.raises(Forbidden):
        services.remedy_follow_up(actor=province.daumoi, remedy=remedy, note="x")
    services.remedy_follow_up(actor=province.daumoi_xa, remedy=remedy, note="Đang tổ chức")
    services.remedy_follow_up(
        actor=province.daumoi_xa,
        remedy=remedy,
        note="Đã kiểm tra 2 công chức",
        done_on=timezone.localdate(),
    )
    remedy.refresh_from_db()
    assert remedy.status == "done" and remedy.on_time is False
    assert [u.to_status for u in remedy.updates.all()] == ["open", "done"]
    assert not selectors.remedies_for(province.noivu, overdue=True).exists()
    year = timezone.localdate().year
    rate = selectors.remedies_on_time_rate(None, dt.date(year, 1, 1), dt.date(year, 12, 31))
    assert rate == Decimal("0.00")


def test_reinspection_brings_back_last_years_findings(province, units):
    last = _plan(province, year=2025)
    unit = units.departments[4]
    first = _schedule(province, last, unit, day=dt.date(2025, 6, 2))
    old = services.finding_add(
        actor=province.noivu,
        inspection=first,
        area="digital_government",
        severity="moderate",
        text="Tỷ lệ hồ sơ trực tuyến thấp",
    )
    plan = _plan(province)
    again = _schedule(province, plan, unit, kind=InspectionKind.REINSPECTION)
    assert again.previous == first
    carried = again.findings.get()
    assert carried.follows == old and carried.text == old.text
    services.finding_recheck(actor=province.noivu, finding=carried, resolved=True)
    carried.refresh_from_db()
    assert carried.resolved is True
    with pytest.raises(DomainError, match="chưa có lần kiểm tra nào trước"):
        _schedule(province, plan, units.departments[5], kind=InspectionKind.REINSPECTION)


def test_iso_check_needs_a_system(province, units):
    plan = _plan(province)
    with pytest.raises(DomainError, match="ISO 9001"):
        _schedule(province, plan, units.departments[0], kind=InspectionKind.ISO)
    system = services.quality_system_set(
        actor=province.noivu, agency=units.departments[0], announced_on=dt.date(2020, 5, 1)
    )
    check = _schedule(province, plan, units.departments[0], kind=InspectionKind.ISO)
    services.inspection_conclude(
        actor=province.noivu,
        inspection=check,
        concluded_on=dt.date(2026, 3, 4),
        number="17/TB-SNV",
        summary="Duy trì tốt.",
    )
    assert selectors.last_iso_checks([system]) == {system.agency_id: dt.date(2026, 3, 4)}


def test_only_home_affairs_plans(province, units):
    with pytest.raises(Forbidden):
        services.plan_create(actor=province.daumoi, agency=province.province, year=2026)
    _plan(province)
    with pytest.raises(Conflict, match="đã có kế hoạch"):
        _plan(province)


def test_indicators(province, units):
    from cchc.statistics import indicators

    plan = _plan(province)
    for unit in units.departments[:3]:
        inspection = _schedule(province, plan, unit)
        services.finding_add(
            actor=province.noivu,
            inspection=inspection,
            area="procedures",
            severity="minor",
            text=f"Tồn tại ở {unit.name}",
        )
    year = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert indicators.get("inspections_units").compute(None, *year) == 3
    assert indicators.get("inspections_findings_procedures").compute(None, *year) == 3
    assert indicators.get("inspections_findings_direction").compute(None, *year) == 0
    assert selectors.findings_by_area(None, *year) == {"procedures": 3}
