"""Who must recompute when a calendar changes. Apps that keep deadlines computed with a
calendar (dossiers: appointments of open dossiers) register a recomputer here, usually in their
``AppConfig.ready``; the calendars app never imports them.

A recomputer is ``fn(calendar_code: str, changed_dates: list[datetime.date]) -> int | None``
(the number of rows it changed, when it knows)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable

Recomputer = Callable[[str, list[dt.date]], "int | None"]

_registry: list[Recomputer] = []
log = logging.getLogger(__name__)


def register(fn: Recomputer) -> Recomputer:
    """Add a recomputer (idempotent; usable as a decorator)."""
    if fn not in _registry:
        _registry.append(fn)
    return fn


def unregister(fn: Recomputer) -> None:
    if fn in _registry:
        _registry.remove(fn)


def registered() -> list[Recomputer]:
    return list(_registry)


def run_all(calendar_code: str, changed_dates: Iterable[dt.date | str]) -> dict[str, int | None]:
    """Call every recomputer; returns ``{name: result}``. One failing recomputer does not stop
    the others (it is logged and re-raised at the end, so the task is marked failed)."""
    dates = sorted(
        {d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)) for d in changed_dates}
    )
    results: dict[str, int | None] = {}
    errors: list[BaseException] = []
    for fn in list(_registry):
        name = f"{fn.__module__}.{getattr(fn, '__qualname__', repr(fn))}"
        try:
            results[name] = fn(calendar_code, dates)
        except Exception as exc:  # noqa: BLE001
            log.exception("recomputer %s failed for calendar %s", name, calendar_code)
            errors.append(exc)
    if errors:
        raise errors[0]
    return results
