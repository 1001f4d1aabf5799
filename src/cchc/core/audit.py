"""Recording audit events. Call inside the service's transaction so history and change land
together or not at all."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from . import rows
from .models import AuditEvent


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Field values, for diffing before and after a change."""
    return {name: _jsonable(getattr(obj, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def event(
    *,
    actor: Any,
    obj: models.Model,
    action: str,
    changes: dict[str, Any] | None = None,
    reason: str = "",
    at: Any = None,
) -> AuditEvent:
    """The audit row ``record`` writes, unsaved: for a caller that writes it with others in
    one statement (``rows.Writes``). ``actor`` may be None for the system (imports,
    tasks)."""
    user = actor if getattr(actor, "pk", None) else None
    name = ""
    if user is not None:
        name = user.get_full_name() or user.get_username()
    row = AuditEvent(
        actor=user,
        actor_name=name or "Hệ thống",
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        action=action,
        changes=_jsonable(changes or {}),
        reason=reason or "",
    )
    if at is not None:
        row.at = at
    return row


def record(
    *,
    actor: Any,
    obj: models.Model,
    action: str,
    changes: dict[str, Any] | None = None,
    reason: str = "",
    at: Any = None,
) -> AuditEvent:
    """Write one audit row."""
    # Every service writes one: a statement built once.
    return rows.insert(
        event(actor=actor, obj=obj, action=action, changes=changes, reason=reason, at=at)
    )


def history_for(obj: models.Model):
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return AuditEvent.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor")
