"""``rows.insert`` writes the row ``save()`` would write, names only the columns it fills and
sends the model's signals as ``save()`` sends them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection, models
from django.db.models.signals import post_save, pre_save
from django.test.utils import CaptureQueriesContext, isolate_apps
from django.utils import timezone

from cchc.core import rows
from cchc.core.models import SmsMessage

pytestmark = pytest.mark.django_db


def _row(pk: int) -> Any:
    return SmsMessage.objects.filter(pk=pk).values("phone", "body", "sent_at", "status").get()


def test_the_row_is_the_one_save_writes_and_null_columns_are_not_named():
    sent = timezone.make_aware(dt.datetime(2026, 3, 2, 8, 30))
    for sent_at in (None, sent):
        saved = SmsMessage.objects.create(phone="0901234567", body="Hồ sơ", sent_at=sent_at)
        with CaptureQueriesContext(connection) as q:
            inserted = rows.insert(SmsMessage(phone="0901234567", body="Hồ sơ", sent_at=sent_at))
        assert inserted.pk and inserted.pk != saved.pk
        assert not inserted._state.adding
        assert _row(inserted.pk) == _row(saved.pk)
        (statement,) = [x["sql"] for x in q.captured_queries if x["sql"].startswith("INSERT")]
        assert ('"sent_at"' in statement) is (sent_at is not None)


def test_receivers_run_as_for_save_and_see_what_they_changed_written():
    calls: list[tuple[str, bool | None]] = []

    def before(sender, instance, **kwargs):
        calls.append(("pre", None))
        instance.body = instance.body.upper()

    def after(sender, instance, created, **kwargs):
        calls.append(("post", created))
        assert instance.pk is not None

    pre_save.connect(before, sender=SmsMessage, dispatch_uid="test-rows-pre")
    post_save.connect(after, sender=SmsMessage, dispatch_uid="test-rows-post")
    try:
        m = rows.insert(SmsMessage(phone="0901234567", body="đã nhận"))
    finally:
        pre_save.disconnect(sender=SmsMessage, dispatch_uid="test-rows-pre")
        post_save.disconnect(sender=SmsMessage, dispatch_uid="test-rows-post")
    assert calls == [("pre", None), ("post", True)]
    assert _row(m.pk)["body"] == "ĐÃ NHẬN"


@isolate_apps("cchc.core")
def test_a_model_with_its_own_save_is_refused():
    class OwnSave(models.Model):
        def save(self, *args, **kwargs):
            raise AssertionError("insert must not bypass it silently")

    with pytest.raises(TypeError, match="overrides save"):
        rows.insert(OwnSave())


def test_writes_set_every_key_and_go_in_one_round_trip_on_postgresql():
    old = SmsMessage.objects.create(phone="0900000000", body="cũ")
    first, second = SmsMessage(phone="0911111111", body="một"), SmsMessage(phone="0922", body="hai")
    with CaptureQueriesContext(connection) as q:
        writes = rows.Writes()
        writes.insert(first)
        writes.execute(
            f"UPDATE {SmsMessage._meta.db_table} SET status = %s WHERE id = %s", ["sent", old.pk]
        )
        writes.insert(second)
        writes.flush()
    assert len(q.captured_queries) == (1 if connection.vendor == "postgresql" else 3)
    assert first.pk and second.pk and len({first.pk, second.pk, old.pk}) == 3
    assert _row(first.pk)["body"] == "một" and _row(second.pk)["body"] == "hai"
    assert _row(old.pk)["status"] == "sent"
    writes.flush()  # nothing left: no statement
    assert not first._state.adding


def test_values_written_as_they_are_are_what_the_fields_would_prepare():
    """``insert`` skips the preparation of a text, number or key whose field would return it
    unchanged: for every field of every model, on this database, it does."""
    from django.apps import apps

    samples = {str: "Hồ sơ 01", int: 7, bool: True}
    checked = 0
    for model in apps.get_models():
        for field, plain in zip(rows._fields(model)[1], rows._plain(model), strict=True):
            if plain is None:
                continue
            value = samples[plain]
            prepared = field.get_db_prep_save(value, connection)
            assert type(prepared) is plain and prepared == value, (model, field)
            checked += 1
    assert checked > 400


def test_the_cursor_for_statements_built_once_runs_as_django_cursors_do():
    """Placeholders converted once per text (``%%`` a percent sign), every statement in Django's
    query log, and the database's errors as Django's."""
    from django.db import IntegrityError

    sql = "SELECT %s, '100%%'"
    with CaptureQueriesContext(connection) as q:
        for value in ("một", "hai"):
            with rows.cursor() as cur:
                cur.execute(sql, [value])
                assert cur.fetchone() == (value, "100%")
    assert len(q.captured_queries) == 2
    table = SmsMessage._meta.db_table
    first = SmsMessage.objects.create(phone="0900000000", body="một")
    with pytest.raises(IntegrityError), rows.cursor() as cur:
        cur.execute(
            f"INSERT INTO {table} (id, phone, body) VALUES (%s, %s, %s)", [first.pk, "", ""]
        )
