"""Two progress reports on different milestones of one task at once (PostgreSQL, real
connections): the task's rollup must read both milestones, never a stale half."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from cchc.plans import services
from cchc.plans.models import ProgressStatus, Task

from .conftest import task_of

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite serialises)"
    ),
]


def _waiting_on_locks() -> int:
    """Backends of this test database waiting for a lock (the statistics snapshot is cleared
    first: inside a transaction PostgreSQL would keep answering from the first one)."""
    with connection.cursor() as cur:
        cur.execute("SELECT pg_stat_clear_snapshot()")
        cur.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return int(cur.fetchone()[0])


def test_two_reports_on_different_milestones_leave_the_task_done(plan, province):
    task = task_of(plan, "1.", "thể chế")
    first, second = task.milestones.order_by("order", "id")
    results: list[object] = [None, None]

    def report(i: int, milestone) -> None:
        try:
            results[i] = services.progress_report(
                actor=province.daumoi,
                task=task,
                agency=province.justice,
                milestone=milestone,
                status=ProgressStatus.DONE,
                percent=100,
            )
        except Exception as exc:  # noqa: BLE001 - the test inspects what happened
            results[i] = exc
        finally:
            connection.close()

    # Hold the task row so both reports have written their milestone before either rolls up;
    # without the lock in the rollup both would read the other's milestone as not done.
    with transaction.atomic():
        Task.objects.select_for_update().get(pk=task.pk)
        threads = [
            threading.Thread(target=report, args=(i, m)) for i, m in enumerate((first, second))
        ]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 60
        while _waiting_on_locks() < 2:
            assert time.monotonic() < deadline, "the two reports never reached the task lock"
            time.sleep(0.05)
    for t in threads:
        t.join(timeout=30)
    assert not any(isinstance(r, Exception) for r in results), results
    task.refresh_from_db()
    assert task.percent == 100
    assert task.status in (ProgressStatus.DONE, ProgressStatus.DONE_LATE)
