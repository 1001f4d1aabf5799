"""A receipt's database round trips (issue 14: a receipt through the service reaches at least
0.3× a bare insert, ``benchmarks/dossiers.py``): every rule kept (the daily code sequence under
a row lock, the history row, the audit row, the statistics rollups in the transaction) in a
bounded number of queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.core import rows
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


def test_the_drain_check_reads_only_waiting_tasks(db):
    """The check after every notifying change reads the queue's partial index of READY tasks,
    not the history of finished ones: with the status a parameter, SQLite read the backend's
    index (every task ever run) and PostgreSQL's generic plan of the prepared statement could
    not use the partial index either."""
    from django_tasks_db.models import DBTaskResult

    job = services.send_queued_notifications
    sql = services._drain_waiting_sql("default")
    params = [job.module_path, job.queue_name, job.backend]
    index = "tasks_db_new_ordering_idx"
    assert DBTaskResult._meta.indexes[0].name == index  # the queue's own partial index
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row[-1]) for row in cur.fetchall())
        else:  # the plan a prepared statement settles on, with an index preferred to a scan
            cur.execute("SET plan_cache_mode = force_generic_plan")
            cur.execute("SET enable_seqscan = off")
            cur.execute(f"PREPARE drain_check(text, text, text) AS {rows._native(sql)}")
            # EXPLAIN takes no parameters: the values written out.
            values = ", ".join("'{}'".format(p.replace("'", "''")) for p in params)
            cur.execute(f"EXPLAIN EXECUTE drain_check({values})")
            plan = " ".join(row[0] for row in cur.fetchall())
            cur.execute("DEALLOCATE drain_check")
            cur.execute("RESET plan_cache_mode")
            cur.execute("RESET enable_seqscan")
    assert index in plan, plan
