"""The Saturday 22/8/2026 worked for the Monday 31/8/2026 off was seeded without its document;
fill it on the ``vn`` calendar where nobody has entered one (a frozen copy of
``calendars/national.py``; a test keeps both equal)."""

import datetime as dt

from django.db import migrations

UPDATES = [
    (dt.date(2026, 8, 22), "12729/VPCP-KGVX", dt.date(2025, 12, 25),
     "Nghỉ Quốc khánh 29/8–2/9/2026; làm bù thứ Bảy 22/8/2026."),
]


def fill(apps, schema_editor):
    CalendarOverride = apps.get_model("calendars", "CalendarOverride")
    for day, number, doc_date, note in UPDATES:
        CalendarOverride.objects.filter(calendar__code="vn", date=day, document_number="").update(
            document_number=number, document_date=doc_date, note=note
        )


class Migration(migrations.Migration):
    dependencies = [("calendars", "0003_seed_national_calendar")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
