"""Personal data of citizens: shown whole only to those whose work needs it, every such view
recorded (Decree 13/2023/NĐ-CP). Apps decide who needs it; this module masks and records."""

from __future__ import annotations

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
    from .models import PersonalDataAccess

    PersonalDataAccess.objects.create(
        user=user if getattr(user, "pk", None) else None,
        username=getattr(user, "username", "")[:150],
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        channel=channel,
    )
