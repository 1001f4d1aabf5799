"""Seed the national default calendar ``vn`` with the 2023–2026 overrides of DOMAIN.md section 6
the ``holidays`` package misses. A frozen copy of ``calendars/national.py`` as it was when this
migration was written (migrations never import app code); a test keeps both equal."""

import datetime as dt

from django.db import migrations

OVERRIDES = [
    (dt.date(2024, 5, 4), "work", "Thứ Bảy làm việc bù cho ngày nghỉ thứ Hai 29/4/2024",
     "2450/VPCP-KGVX", None,
     "Hoán đổi ngày làm việc dịp 30/4–1/5/2024: nghỉ 27/4–1/5, làm bù thứ Bảy 04/5/2024."),
    (dt.date(2025, 4, 26), "work", "Thứ Bảy làm việc bù cho ngày nghỉ thứ Sáu 02/5/2025",
     "6150/TB-LĐTBXH", None, "Nghỉ 30/4–4/5/2025, làm bù thứ Bảy 26/4/2025."),
    (dt.date(2026, 1, 2), "off", "Nghỉ hoán đổi dịp Tết Dương lịch 2026",
     "12729/VPCP-KGVX", dt.date(2025, 12, 25), "Nghỉ 01–04/01/2026; làm bù thứ Bảy 10/01/2026."),
    (dt.date(2026, 1, 10), "work", "Thứ Bảy làm việc bù cho ngày nghỉ thứ Sáu 02/01/2026",
     "12729/VPCP-KGVX", dt.date(2025, 12, 25), "Nghỉ 01–04/01/2026; làm bù thứ Bảy 10/01/2026."),
    (dt.date(2026, 8, 22), "work", "Thứ Bảy làm việc bù cho ngày nghỉ thứ Hai 31/8/2026",
     "", None, "Nghỉ Quốc khánh 29/8–2/9/2026. Cần bổ sung số, ngày văn bản hoán đổi."),
]


def seed(apps, schema_editor):
    Calendar = apps.get_model("calendars", "Calendar")
    CalendarOverride = apps.get_model("calendars", "CalendarOverride")
    cal = Calendar.objects.filter(code="vn").first()
    if cal is None:
        cal = Calendar.objects.create(
            code="vn",
            name="Lịch làm việc quốc gia (khu vực hành chính nhà nước)",
            is_default=not Calendar.objects.filter(is_default=True).exists(),
        )
    for day, kind, name, number, doc_date, note in OVERRIDES:
        CalendarOverride.objects.get_or_create(
            calendar=cal,
            date=day,
            defaults=dict(
                kind=kind, name=name, document_number=number, document_date=doc_date, note=note
            ),
        )


class Migration(migrations.Migration):
    dependencies = [("calendars", "0002_calendar_base_and_revision")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
