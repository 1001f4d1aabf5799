"""A receipt's database round trips (issue 14: a receipt through the service reaches at least
0.3× a bare insert, ``benchmarks/dossiers.py``): every rule kept (the daily code sequence under
a row lock, the history row, the audit row, the statistics rollups in the transaction) in a
bounded number of queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.dossiers import services
from cchc.dossiers.models import BookSequence, DailySequence, Dossier, DossierEvent

# 10 statements and the savepoint pair of the nested transaction. 13 while the notification's
# task row was written in the transaction (the database queue, as deployed): the notification
# row is now the outbox and a drain task is woken after the commit. PostgreSQL: 4 and the
# savepoint pair, the calendar's stamps, the book line with the code's number, the dossier,
# then its history, audit and notification rows with the statistics' counters (``rows.Writes``).
RECEIPT_QUERIES = {"sqlite": 12, "postgresql": 6}
# After the commit: one read, is a drain task already waiting (``wake_notification_drain``);
# with one waiting, as here after the first receipt, nothing is written.
AFTER_COMMIT_QUERIES = 1


def _receive(province, procs):
    return services.dossier_receive(
        actor=province.motcua,
        procedure=procs.days,
        applicant=services.Applicant(name="Nguyễn Văn An", phone="0901234567"),
    )


def test_a_receipt_takes_few_queries_and_keeps_every_rule(
    province, procs, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The first one fills the per-process caches (calendar) and wakes the drain task.
    with django_capture_on_commit_callbacks(execute=True):
        _receive(province, procs)
    with CaptureQueriesContext(connection) as ctx:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            d = _receive(province, procs)
        in_transaction = len(ctx.captured_queries)
        for callback in callbacks:
            callback()
    assert in_transaction <= RECEIPT_QUERIES[connection.vendor], ctx.captured_queries
    after_commit = len(ctx.captured_queries) - in_transaction
    assert after_commit == AFTER_COMMIT_QUERIES, ctx.captured_queries[in_transaction:]
    assert DBTaskResult.objects.count() == 1
    assert DossierEvent.objects.filter(dossier=d, action="receive").count() == 1
    assert DailySequence.objects.get(agency=province.centre).last == 2
    assert BookSequence.objects.get(desk=province.centre).last == 2
    assert (d.book_line, d.code[-4:]) == (2, "0002")
    assert Dossier.objects.get(pk=d.pk).due_date == d.due_date
