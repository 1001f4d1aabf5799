"""Background work after a calendar change."""

from __future__ import annotations

from django_tasks import task

from . import recompute


@task()
def recompute_open_deadlines(calendar_code: str, changed_dates: list[str] | None = None) -> dict:
    """Recompute every open deadline counted with ``calendar_code`` (ids and ISO dates only:
    task arguments are JSON)."""
    from . import selectors

    selectors.clear_cache(calendar_code)
    return recompute.run_all(calendar_code, changed_dates or [])
