"""Inspection stories: the persona province grown to ten departments and ten communes, so
that the 30% target means three of each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from cchc.organizations.models import Agency, AgencyKind
from cchc.organizations.services import agency_create

DEPARTMENTS = [
    ("STC", "Sở Tài chính"),
    ("SYT", "Sở Y tế"),
    ("SGDDT", "Sở Giáo dục và Đào tạo"),
    ("SNNMT", "Sở Nông nghiệp và Môi trường"),
    ("SCT", "Sở Công Thương"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
]
COMMUNES = [
    ("X31123", "Ủy ban nhân dân phường An Bình"),
    ("X31126", "Ủy ban nhân dân phường Tân An"),
    ("X31129", "Ủy ban nhân dân xã Phong Điền"),
    ("X31132", "Ủy ban nhân dân xã Nhơn Ái"),
    ("X31135", "Ủy ban nhân dân xã Trường Long"),
    ("X31138", "Ủy ban nhân dân xã Mỹ Khánh"),
    ("X31141", "Ủy ban nhân dân phường Hưng Phú"),
    ("X31144", "Ủy ban nhân dân phường Cái Răng"),
]


@dataclass
class Units:
    departments: list[Agency]  # 10 with SNV, STP, SXD and the PPC office
    communes: list[Agency]  # 10 with Ninh Kiều and Cái Khế


@pytest.fixture(autouse=True)
def checklists(db):
    """The starting checklists: a flushing (transactional) test run earlier may have removed
    the rows the data migration wrote."""
    from cchc.inspections.checklists import ensure_defaults

    ensure_defaults()


@pytest.fixture
def units(province, calendar) -> Units:
    for code, name in DEPARTMENTS:
        agency_create(
            actor=None, parent=province.province, code=code, kind=AgencyKind.DEPARTMENT, name=name
        )
    for code, name in COMMUNES:
        agency_create(
            actor=None, parent=province.province, code=code, kind=AgencyKind.COMMUNE, name=name
        )
    root = province.province.path
    return Units(
        departments=list(Agency.objects.filter(path__startswith=root, group="departments")),
        communes=list(Agency.objects.filter(path__startswith=root, group="communes")),
    )


@pytest.fixture
def calendar(db):
    """The national calendar with the 2026 Tết days off (DOMAIN 6 says: data, never code)."""
    from cchc.calendars.models import Calendar, CalendarOverride, OverrideKind
    from cchc.calendars.selectors import clear_cache

    cal = Calendar.objects.filter(is_default=True).first() or Calendar.objects.create(
        code="vn", name="Lịch làm việc khu vực công", is_default=True
    )
    for i in range(9):
        CalendarOverride.objects.update_or_create(
            calendar=cal,
            date=dt.date(2026, 2, 14) + dt.timedelta(days=i),
            defaults={"kind": OverrideKind.DAY_OFF},
        )
    clear_cache()
    yield cal
    clear_cache()
