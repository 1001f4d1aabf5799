"""The worker's heartbeat: ``/readyz`` enqueues it now and then and reads when it last ran."""

from __future__ import annotations

from django.core.cache import caches
from django.utils import timezone
from django_tasks import task

HEARTBEAT_KEY = "worker-heartbeat"


@task()
def heartbeat() -> None:
    caches["limits"].set(HEARTBEAT_KEY, timezone.now().isoformat(), None)
