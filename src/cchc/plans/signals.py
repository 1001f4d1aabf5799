"""A change of the working-day calendar moves the due dates of relative milestones (DOMAIN 6).

The calendars app knows nothing of plans: its override services enqueue one background task
that runs every registered recomputer (``cchc.calendars.recompute``); plans register theirs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable


def recompute_for_calendar(calendar_code: str, changed_dates: Iterable[dt.date] = ()) -> int:
    from .services import relative_milestones_recompute

    return relative_milestones_recompute(actor=None)


def connect() -> None:
    from cchc.calendars import recompute

    recompute.register(recompute_for_calendar)
