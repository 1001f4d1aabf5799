"""Background work of the dossiers app: telling applicants about their dossier."""

from __future__ import annotations

from django_tasks import TaskContext, task


@task(takes_context=True)
def send_notification(context: TaskContext, notification_id: int) -> str:
    """Send one ``Notification`` (its id only: task arguments are JSON); the row records the
    attempt, its task id and any error, and a failed attempt queues the next one."""
    from . import services

    return services.deliver_notification(notification_id, task_id=context.task_result.id)
