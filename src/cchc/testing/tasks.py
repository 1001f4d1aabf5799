"""The ``db_worker`` command's loop driven by hand in tests: claim, run and record each ready
task in this process and this test's transaction (the real worker is another process that
would not see the test's uncommitted rows)."""

from __future__ import annotations

from typing import Any


def worker_loop(worker_id: str) -> Any:
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def run_ready_tasks(worker_id: str = "test-worker") -> int:
    """One pass over the ready tasks, oldest first, until none is left; how many ran."""
    from django_tasks_db.models import DBTaskResult

    loop = worker_loop(worker_id)
    ran = 0
    while (task := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        task.claim(loop.worker_id)
        loop.run_task(task)
        ran += 1
    return ran
