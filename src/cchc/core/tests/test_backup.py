"""``cchc backup`` / ``cchc restore``: a round trip gives back every row of every table and every
uploaded file, a deleted seeded day off stays deleted, a database in use is refused (issue 14,
finding 8).

The seeded day off belongs to the calendars app, above core: the test names its model through
the app registry instead of importing it (tests/test_dependencies.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db(transaction=True)

CalendarOverride = apps.get_model("calendars", "CalendarOverride")


def seeded_calendar() -> None:
    """The rows a migration seeds (the national calendar's days off), put back in case an
    earlier transactional test emptied the tables: the seed is idempotent."""
    from importlib import import_module

    import_module("cchc.calendars.migrations.0003_seed_national_calendar").seed(apps, None)


def snapshot() -> dict[str, list]:
    out = {}
    for model in apps.get_models():
        if model._meta.label_lower == "sessions.session":
            continue
        rows = model._base_manager.order_by("pk")
        out[model._meta.label_lower] = [
            (o["pk"], o["fields"]) for o in serializers.serialize("python", rows)
        ]
    return out


def files_of(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_round_trip_restores_every_table_and_file(province, settings, tmp_path):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    (media / "plans" / "evidence").mkdir(parents=True)
    (media / "plans" / "evidence" / "kh.pdf").write_bytes(b"%PDF-1.7 minh chung")
    (media / "reports" / "bao cao.docx").parent.mkdir(parents=True)
    (media / "reports" / "bao cao.docx").write_bytes(b"PK\x03\x04 docx")
    seeded_calendar()
    day_off = CalendarOverride.objects.get(date=dt.date(2026, 1, 2))
    day_off.delete()  # seeded by a migration: must not come back
    before, before_files = snapshot(), files_of(media)
    assert sum(len(rows) for rows in before.values()) > 20

    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive))
    with pytest.raises(CommandError, match="đang có dữ liệu"):
        call_command("restore", str(archive))

    province.admin.delete()  # the database moves on after the backup…
    (media / "plans" / "evidence" / "kh.pdf").unlink()
    (media / "stray.txt").write_text("x")
    call_command("restore", str(archive), force=True)  # …and the backup brings it back exactly

    assert snapshot() == before
    assert files_of(media) == before_files
    assert not CalendarOverride.objects.filter(date=dt.date(2026, 1, 2)).exists()


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    bogus = tmp_path / "x.tar.gz"
    bogus.write_bytes(b"not a tar")
    with pytest.raises(CommandError, match="không phải tệp sao lưu"):
        call_command("restore", str(bogus))
