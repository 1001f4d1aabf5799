"""Every day off and every swapped working day of DOMAIN.md section 6 (2023–2026), one test
each, on the ``vn`` calendar the migration seeds."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest

from cchc.calendars import national
from cchc.calendars.selectors import get_work_calendar


def _range(y, m1, d1, m2, d2):
    a, b = dt.date(y, m1, d1), dt.date(y, m2, d2)
    return [a + dt.timedelta(days=i) for i in range((b - a).days + 1)]


DAYS_OFF_RANGES = {
    "2023 Tết": _range(2023, 1, 20, 1, 26),
    "2023 Giỗ Tổ, 30/4, 1/5": _range(2023, 4, 29, 5, 3),
    "2023 Quốc khánh": _range(2023, 9, 1, 9, 4),
    "2024 Tết": _range(2024, 2, 8, 2, 14),
    "2024 Giỗ Tổ": [dt.date(2024, 4, 18)],
    "2024 30/4, 1/5": _range(2024, 4, 27, 5, 1),
    "2024 Quốc khánh": _range(2024, 8, 31, 9, 3),
    "2025 Tết": _range(2025, 1, 25, 2, 2),
    "2025 Giỗ Tổ": [dt.date(2025, 4, 7)],
    "2025 30/4, 1/5": _range(2025, 4, 30, 5, 4),
    "2025 Quốc khánh": _range(2025, 8, 30, 9, 2),
    "2026 Tết Dương lịch": _range(2026, 1, 1, 1, 4),
    "2026 Tết": _range(2026, 2, 14, 2, 22),
    "2026 Giỗ Tổ": [dt.date(2026, 4, 26), dt.date(2026, 4, 27)],
    "2026 30/4, 1/5": _range(2026, 4, 30, 5, 3),
    "2026 Quốc khánh": _range(2026, 8, 29, 9, 2),
}
DAYS_OFF = sorted({d for days in DAYS_OFF_RANGES.values() for d in days})
SWAPPED_WORKING = [
    dt.date(2024, 5, 4),
    dt.date(2025, 4, 26),
    dt.date(2026, 1, 10),
    dt.date(2026, 8, 22),
]
# Weekdays just outside each range are worked (catches a range that is too wide).
NEIGHBOURS = sorted(
    {
        d
        for days in DAYS_OFF_RANGES.values()
        for d in (days[0] - dt.timedelta(days=1), days[-1] + dt.timedelta(days=1))
        if d.weekday() < 5 and d not in DAYS_OFF
    }
)


@pytest.fixture
def vn(db):
    return get_work_calendar("vn")


@pytest.mark.parametrize("day", DAYS_OFF, ids=lambda d: d.strftime("%d/%m/%Y"))
def test_listed_day_is_off(vn, day):
    assert not vn.is_working_day(day)


@pytest.mark.parametrize("day", SWAPPED_WORKING, ids=lambda d: d.strftime("%d/%m/%Y"))
def test_swapped_saturday_is_worked(vn, day):
    assert day.weekday() == 5
    assert vn.is_working_day(day)


@pytest.mark.parametrize("day", NEIGHBOURS, ids=lambda d: d.strftime("%d/%m/%Y"))
def test_weekday_next_to_a_holiday_is_worked(vn, day):
    assert vn.is_working_day(day)


def test_default_calendar_is_vn(db):
    from cchc.calendars.models import Calendar

    assert Calendar.objects.get(is_default=True).code == "vn"
    assert get_work_calendar() == get_work_calendar("vn")


def test_overrides_are_only_what_the_package_misses():
    pkg = national.package_days(2023, 2026)
    for o in national.NATIONAL_OVERRIDES:
        if o.kind == "off":
            assert o.date not in pkg and o.date.weekday() < 5
        else:
            assert o.date.weekday() == 5
    # Without the overrides the package alone gets 2/1/2026 and the four Saturdays wrong.
    plain = set(pkg)
    assert dt.date(2026, 1, 2) not in plain
    assert {o.date for o in national.NATIONAL_OVERRIDES} == {dt.date(2026, 1, 2), *SWAPPED_WORKING}


def test_migration_copy_equals_national_module():
    mig = importlib.import_module("cchc.calendars.migrations.0003_seed_national_calendar")
    fix = importlib.import_module("cchc.calendars.migrations.0004_national_day_2026_swap_document")
    updates = {day: (number, doc_date, note) for day, number, doc_date, note in fix.UPDATES}
    frozen = [
        (row[0], row[1], row[2], *updates[row[0]]) if row[0] in updates else tuple(row)
        for row in mig.OVERRIDES
    ]
    current = [
        (o.date, o.kind, o.name, o.document_number, o.document_date, o.note)
        for o in national.NATIONAL_OVERRIDES
    ]
    assert frozen == current


def test_national_calendar_without_database_matches(vn):
    pure = national.national_work_calendar()
    for day in [*DAYS_OFF, *SWAPPED_WORKING, *NEIGHBOURS]:
        assert pure.is_working_day(day) == vn.is_working_day(day)


def test_seed_service_is_idempotent(db):
    from cchc.calendars.models import CalendarOverride
    from cchc.calendars.services import calendar_seed_national

    n = CalendarOverride.objects.count()
    calendar_seed_national()
    calendar_seed_national()
    assert CalendarOverride.objects.count() == n == len(national.NATIONAL_OVERRIDES)


# -- provenance: every day off and swapped day shows its true source (DOMAIN 6) ----------------

LABOUR_CODE_DAYS_2026 = [
    dt.date(2026, 1, 1),
    *_range(2026, 2, 16, 2, 20),
    dt.date(2026, 4, 26),
    dt.date(2026, 4, 30),
    dt.date(2026, 5, 1),
    dt.date(2026, 9, 1),
    dt.date(2026, 9, 2),
]


def _sources(year):
    from cchc.calendars.models import Calendar
    from cchc.calendars.selectors import year_days

    return {d.date: d for d in year_days(Calendar.objects.get(code="vn"), year)}


def test_labour_code_days_cite_article_112(db):
    days = _sources(2026)
    for day in LABOUR_CODE_DAYS_2026:
        assert days[day].source == "Bộ luật Lao động 2019, Điều 112", day
    assert "nghỉ bù" in days[dt.date(2026, 4, 27)].source


def test_24_november_comes_from_the_package_list_not_the_labour_code(db):
    info = _sources(2026)[dt.date(2026, 11, 24)]
    assert not info.working and info.kind == "holiday"
    assert "gói holidays" in info.source and "Nghị quyết số 80-NQ/TW" in info.source
    assert "không có trong Bộ luật Lao động" in info.source
    assert info.source != "Bộ luật Lao động 2019, Điều 112"


@pytest.mark.parametrize(
    "day, working, document",
    [
        (dt.date(2026, 1, 2), False, "12729/VPCP-KGVX ngày 25/12/2025"),
        (dt.date(2026, 1, 10), True, "12729/VPCP-KGVX ngày 25/12/2025"),
        (dt.date(2026, 8, 22), True, "12729/VPCP-KGVX ngày 25/12/2025"),
        (dt.date(2026, 8, 31), False, "12729/VPCP-KGVX ngày 25/12/2025"),
        (dt.date(2025, 4, 26), True, "6150/TB-LĐTBXH"),
        (dt.date(2025, 5, 2), False, "6150/TB-LĐTBXH"),
        (dt.date(2024, 5, 4), True, "2450/VPCP-KGVX"),
        (dt.date(2024, 4, 29), False, "2450/VPCP-KGVX"),
    ],
    ids=lambda v: v.strftime("%d/%m/%Y") if isinstance(v, dt.date) else None,
)
def test_swapped_days_show_their_document(db, day, working, document):
    info = _sources(day.year)[day]
    assert info.working is working
    assert document in info.source and "Điều 112" not in info.source


def test_every_day_off_of_domain_6_has_a_source(db):
    by_year = {y: _sources(y) for y in (2023, 2024, 2025, 2026)}
    for day in [*DAYS_OFF, *SWAPPED_WORKING]:
        info = by_year[day.year][day]
        if info.kind == "weekend":
            continue
        assert info.source, day
