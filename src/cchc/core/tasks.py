"""Core's background work: the worker's heartbeat and the steps of file imports."""

from __future__ import annotations

from django.core.cache import caches
from django.utils import timezone
from django_tasks import task

HEARTBEAT_KEY = "worker-heartbeat"


@task()
def heartbeat() -> None:
    """``/readyz`` enqueues it now and then and reads when it last ran; it also clears what
    interrupted imports left behind, so the cleanup runs wherever a worker runs."""
    from . import imports

    caches["limits"].set(HEARTBEAT_KEY, timezone.now().isoformat(), None)
    imports.import_cleanup()


@task()
def run_import(job_id: str, step: str) -> str:
    """One step (``read`` or ``confirm``) of an ``ImportJob``; its id only (task arguments are
    JSON)."""
    from . import imports

    return imports.import_run(job_id, step)
