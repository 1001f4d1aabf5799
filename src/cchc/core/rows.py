"""``insert(obj)``: write one new model row with a statement built once per model and vendor.

``Model.save()`` compiles its INSERT anew for every row (the SQL compiler walks every field,
every time): on a dossier receipt, which writes a history row, an audit row and a notification
beside the dossier, that compiling cost more than the statements themselves (issue 14,
``benchmarks/dossiers.py``). Field values still go through each field's ``pre_save`` and
``get_db_prep_save``, so defaults, ``auto_now_add`` and JSON are written exactly as ``save()``
writes them. A model with ``pre_save``/``post_save`` receivers is saved the ordinary way, so a
receiver added later is never skipped.
"""

from __future__ import annotations

import functools
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models.signals import post_save, pre_save

M = TypeVar("M", bound=models.Model)


@functools.cache
def _plan(
    model: type[models.Model], vendor: str, can_return: bool
) -> tuple[str, tuple[Any, ...], Any, bool]:
    meta = model._meta
    pk: Any = meta.pk
    generated: Any = pk if getattr(pk, "db_returning", False) else None
    returning = generated is not None and can_return
    fields = tuple(
        f for f in meta.concrete_fields if f is not generated and not getattr(f, "generated", False)
    )
    q = connections[DEFAULT_DB_ALIAS].ops.quote_name
    sql = (
        f"INSERT INTO {q(meta.db_table)} ({', '.join(q(str(f.column)) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    if returning:
        sql += f" RETURNING {q(generated.column)}"
    return sql, fields, generated, returning


def insert(obj: M) -> M:
    """Insert ``obj`` (a new instance) and set its generated primary key; returns it."""
    model = type(obj)
    # The wrapper itself, not the ``connection`` proxy: every field's preparation reads it,
    # and each read through the proxy is a context-local lookup.
    connection = connections[DEFAULT_DB_ALIAS]
    if pre_save.has_listeners(model) or post_save.has_listeners(model):
        obj.save(force_insert=True)
        return obj
    sql, fields, generated, returning = _plan(
        model, connection.vendor, connection.features.can_return_columns_from_insert
    )
    values = [f.pre_save(obj, True) for f in fields]
    if any(hasattr(v, "resolve_expression") for v in values):  # a database default, F()…
        obj.save(force_insert=True)
        return obj
    params = [f.get_db_prep_save(v, connection) for f, v in zip(fields, values, strict=True)]
    with connection.cursor() as cur:
        cur.execute(sql, params)
        if generated is not None:
            setattr(obj, generated.attname, cur.fetchone()[0] if returning else cur.lastrowid)
    obj._state.adding = False
    obj._state.db = connection.alias
    return obj
