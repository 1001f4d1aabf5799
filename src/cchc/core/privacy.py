"""Personal data of citizens: shown whole only to those whose work needs it, every such view
recorded (Decree 13/2023/NĐ-CP). Apps decide who needs it; this module masks and records."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone


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


BATCH = 500  # rows per INSERT: 3,500 parameters, well under SQLite's and PostgreSQL's limits


def record_accesses(
    *, user: Any, model: type[Any], objects: Iterable[tuple[Any, str]], channel: str
) -> int:
    """One row per object seen, written together at one moment: an export shows thousands of
    citizens at once. ``objects`` are (pk, text) pairs, the text being what ``str(obj)`` gives,
    so exports of plain rows need not build the objects. Plain multi-row INSERTs: the ORM's
    ``bulk_create`` spent more time preparing the rows than the export spent writing them
    (``benchmarks/tracking_book.py``)."""
    from .models import PersonalDataAccess

    account = user.pk if getattr(user, "pk", None) else None
    username = getattr(user, "username", "")[:150]
    content_type = ContentType.objects.get_for_model(model).pk
    at = connection.ops.adapt_datetimefield_value(timezone.now())
    params = [
        (at, account, username, content_type, str(pk), text[:300], channel) for pk, text in objects
    ]
    if not params:
        return 0
    meta = PersonalDataAccess._meta
    fields = {f.name: str(f.column) for f in meta.concrete_fields}
    names = ("at", "user", "username", "content_type", "object_id", "object_repr", "channel")
    columns = [fields[name] for name in names]
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) VALUES "
    row = f"({', '.join(['%s'] * len(columns))})"
    with transaction.atomic(), connection.cursor() as cursor:  # one commit, not one a row
        for start in range(0, len(params), BATCH):
            batch = params[start : start + BATCH]
            cursor.execute(head + ", ".join([row] * len(batch)), [v for r in batch for v in r])
    return len(params)
