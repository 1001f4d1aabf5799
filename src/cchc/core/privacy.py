"""Personal data of citizens: shown whole only to those whose work needs it, every such view
recorded (Decree 13/2023/NĐ-CP). Apps decide who needs it; this module masks and records."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType


def mask(value: str, keep: int = 3) -> str:
    """``0912345678`` → ``*******678``: enough to confirm with the citizen, not to call them."""
    value = value or ""
    if len(value) <= keep:
        return "*" * len(value)
    return "*" * (len(value) - keep) + value[-keep:]


def mask_email(value: str) -> str:
    name, at, domain = (value or "").partition("@")
    return (name[:1] + "***" + at + domain) if at else mask(value)


def record_access(*, user: Any, obj: Any, channel: str) -> None:
    record_accesses(user=user, model=type(obj), objects=[(obj.pk, str(obj))], channel=channel)


def record_accesses(
    *, user: Any, model: type[Any], objects: Iterable[tuple[Any, str]], channel: str
) -> int:
    """One row per object seen, written together: an export shows thousands of citizens at
    once and a query each would double its time. ``objects`` are (pk, text) pairs, the text
    being what ``str(obj)`` gives, so exports of plain rows need not build the objects."""
    from .models import PersonalDataAccess

    account = user if getattr(user, "pk", None) else None
    username = getattr(user, "username", "")[:150]
    content_type = ContentType.objects.get_for_model(model)
    rows = [
        PersonalDataAccess(
            user=account,
            username=username,
            content_type=content_type,
            object_id=str(pk),
            object_repr=text[:300],
            channel=channel,
        )
        for pk, text in objects
    ]
    PersonalDataAccess.objects.bulk_create(rows, batch_size=500)
    return len(rows)
