"""A change of the working-day calendar moves the due dates of relative milestones (DOMAIN 6).

The calendars app knows nothing of plans; plans listen to its override rows and, after the
change commits, enqueue the recomputation (a background task: a province may have hundreds)."""

from __future__ import annotations

from django.db import transaction


def calendar_changed(sender, **kwargs) -> None:
    from .tasks import recompute_relative_deadlines

    transaction.on_commit(recompute_relative_deadlines.enqueue)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from cchc.calendars.models import CalendarOverride

    post_save.connect(calendar_changed, sender=CalendarOverride, dispatch_uid="plans_calendar_save")
    post_delete.connect(
        calendar_changed, sender=CalendarOverride, dispatch_uid="plans_calendar_delete"
    )
