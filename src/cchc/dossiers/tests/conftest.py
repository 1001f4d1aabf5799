"""Small procedure fixtures built directly with the models (the catalogue's demo data belongs
to the procedures app)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from cchc.calendars.models import Calendar, CalendarOverride, OverrideKind
from cchc.calendars.selectors import clear_cache
from cchc.procedures.models import (
    Procedure,
    ProcedureField,
    ProcedureStep,
    RequiredDocument,
    TimeUnit,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")

# Public-sector schedules confirmed in DOMAIN 6 (Tết 2024: 8–14/2; Tết 2025: 25/1–2/2 and the
# Saturday 26/4/2025 swapped to a working day).
OFF = [dt.date(2024, 2, 8) + dt.timedelta(days=i) for i in range(7)] + [
    dt.date(2025, 1, 25) + dt.timedelta(days=i) for i in range(9)
]
WORK = [dt.date(2024, 5, 4), dt.date(2025, 4, 26)]


def at(y, m, d, hh=9, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=VN)


@dataclass
class Procs:
    days: Procedure
    commune: Procedure
    hours: Procedure
    same_day: Procedure


def _proc(code, name, field, amount, unit, **kw):
    p = Procedure.objects.create(
        code=code,
        name=name,
        field=field,
        time_amount=Decimal(amount) if amount is not None else None,
        time_unit=unit,
        search_text=f"{code} {name}",
        **kw,
    )
    return p


@pytest.fixture
def calendar(db):
    cal = Calendar.objects.create(code="vn", name="Lịch làm việc khu vực công", is_default=True)
    for d in OFF:
        CalendarOverride.objects.create(calendar=cal, date=d, kind=OverrideKind.DAY_OFF)
    for d in WORK:
        CalendarOverride.objects.create(calendar=cal, date=d, kind=OverrideKind.WORKING_DAY)
    clear_cache()
    yield cal
    clear_cache()


@pytest.fixture
def procs(province, calendar):
    from cchc.core.text import fold

    field = ProcedureField.objects.create(code="HT", name="Hộ tịch")
    days = _proc(
        "1.000001",
        "Cấp phiếu lý lịch tư pháp",
        field,
        "5",
        TimeUnit.WORKING_DAYS,
        resolving_agency=province.justice,
        levels=["province"],
    )
    days.search_text = fold("1.000001 Cấp phiếu lý lịch tư pháp")
    days.save()
    for i, (name, amount) in enumerate(
        [("Tiếp nhận, chuyển hồ sơ", "0.5"), ("Thẩm định", "3.5"), ("Ký duyệt", "1")], 1
    ):
        ProcedureStep.objects.create(procedure=days, order=i, name=name, allowance=Decimal(amount))
    RequiredDocument.objects.create(procedure=days, order=1, name="Tờ khai yêu cầu cấp phiếu")
    RequiredDocument.objects.create(procedure=days, order=2, name="Bản chụp căn cước công dân")
    commune = _proc(
        "1.000002",
        "Đăng ký khai sinh",
        field,
        "3",
        TimeUnit.WORKING_DAYS,
        resolving_agency_kind="commune",
        levels=["commune"],
    )
    hours = _proc(
        "1.000003",
        "Chứng thực bản sao",
        field,
        "4",
        TimeUnit.WORKING_HOURS,
        resolving_agency=province.justice,
    )
    same = _proc(
        "1.000004",
        "Cấp bản sao trích lục",
        field,
        None,
        TimeUnit.SAME_DAY,
        resolving_agency=province.justice,
    )
    return Procs(days=days, commune=commune, hours=hours, same_day=same)
