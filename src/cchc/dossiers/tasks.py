"""Background work of the dossiers app: telling applicants about their dossier."""

from __future__ import annotations

from django_tasks import TaskContext, task


@task(takes_context=True)
def send_queued_notifications(context: TaskContext) -> int:
    """Send every notification still waiting (the ``Notification`` rows are the outbox): one
    task row for any number of changes, woken after their commits, instead of one per change
    written inside each change's transaction (``services.wake_notification_drain``)."""
    from . import services

    return services.deliver_queued_notifications(task_id=context.task_result.id)


@task(takes_context=True)
def send_notification(context: TaskContext, notification_id: int) -> str:
    """Send one ``Notification`` (its id only: task arguments are JSON); the row records the
    attempt, its task id and any error. What a failed attempt queues for later, with a delay."""
    from . import services

    return services.deliver_notification(notification_id, task_id=context.task_result.id)
