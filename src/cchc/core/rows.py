"""``insert(obj)``: write one new model row with a statement built once per model and vendor.

``Model.save()`` compiles its INSERT anew for every row (the SQL compiler walks every field,
every time): on a dossier receipt, which writes a history row, an audit row and a notification
beside the dossier, that compiling cost more than the statements themselves (issue 14,
``benchmarks/dossiers.py``). Field values still go through each field's ``pre_save`` and
``get_db_prep_save``, so defaults, ``auto_now_add`` and JSON are written exactly as ``save()``
writes them, and ``pre_save``/``post_save`` are sent as ``save()`` sends them (``created``
true), so a receiver (the public lookup's cache follows every dossier) is never skipped. A
model that overrides ``save()`` must not come here: ``insert`` refuses it.

Columns left NULL are not named: the column takes NULL all the same (a field with a database
default is always named), and a new dossier, with its eleven empty dates and owners, goes from
54 parameters to 43. Under 50, psycopg keeps its parse of the statement; over, it splits the
text again on every execution, a tenth of a receipt's Python time on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import re
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

import psycopg
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.backends.sqlite3.base import FORMAT_QMARK_REGEX, SQLiteCursorWrapper
from django.db.models.signals import post_save, pre_save

M = TypeVar("M", bound=models.Model)


@functools.cache
def _fields(model: type[models.Model]) -> tuple[Any, tuple[Any, ...]]:
    """The generated primary key (None when the caller gives it) and the fields to write."""
    pk: Any = model._meta.pk
    generated: Any = pk if getattr(pk, "db_returning", False) else None
    fields = tuple(
        f
        for f in model._meta.concrete_fields
        if f is not generated and not getattr(f, "generated", False)
    )
    return generated, fields


@functools.cache
def _omittable(model: type[models.Model]) -> frozenset[int]:
    """Positions of the fields whose NULL the column takes when it is not named: nullable,
    without a database default."""
    return frozenset(
        i for i, f in enumerate(_fields(model)[1]) if f.null and f.db_default is models.NOT_PROVIDED
    )


@functools.cache
def _plan(model: type[models.Model], left_null: frozenset[int]) -> str:
    """The statement for one set of fields left NULL, built once: a model has a handful."""
    fields = [f for i, f in enumerate(_fields(model)[1]) if i not in left_null]
    q = connections[DEFAULT_DB_ALIAS].ops.quote_name
    return (
        f"INSERT INTO {q(model._meta.db_table)} ({', '.join(q(str(f.column)) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )


@functools.cache
def _plan_all(plans: tuple[tuple[str, str | None], ...]) -> str:
    """PostgreSQL: several statements (each with the generated column it returns, if any) as
    one, every one but the last a data-modifying ``WITH`` (run to completion whether read or
    not), the last returning its own generated key, then the others' in order."""
    q = connections[DEFAULT_DB_ALIAS].ops.quote_name
    heads, keys = [], []
    for i, (sql, column) in enumerate(plans[:-1]):
        heads.append(f"r{i} AS ({sql} RETURNING {q(column)})" if column else f"r{i} AS ({sql})")
        if column:
            keys.append(f"(SELECT {q(column)} FROM r{i})")
    sql, column = plans[-1]
    if column:
        keys.insert(0, q(column))
    returning = f" RETURNING {', '.join(keys)}" if keys else ""
    return f"WITH {', '.join(heads)} {sql}{returning}" if heads else f"{sql}{returning}"


def _prepare(obj: models.Model, connection: Any) -> tuple[str, list[Any], Any] | None:
    """The statement, its parameters and the generated primary key field of ``obj``, once its
    ``pre_save`` receivers have run; None when only ``save()`` can write it."""
    model = type(obj)
    if model.save is not models.Model.save:
        raise TypeError(f"{model.__name__} overrides save(): insert it with save()")
    generated, fields = _fields(model)
    values = [f.pre_save(obj, True) for f in fields]
    if any(hasattr(v, "resolve_expression") for v in values):  # a database default, F()…
        return None
    if pre_save.has_listeners(model):
        pre_save.send(
            sender=model, instance=obj, raw=False, using=connection.alias, update_fields=None
        )
        values = [f.pre_save(obj, True) for f in fields]  # as the receivers left the instance
    omittable = _omittable(model)
    left_null = frozenset(i for i in omittable if values[i] is None) if omittable else omittable
    plain = _plain(model)
    params = [
        v if type(v) is plain[i] else f.get_db_prep_save(v, connection)
        for i, (f, v) in enumerate(zip(fields, values, strict=True))
        if i not in left_null
    ]
    return _plan(model, left_null), params, generated


# Django's own fields whose preparation returns a value of this exact type unchanged on every
# database: text as text, a flag as a flag, a foreign key's number as it is (not the integer
# fields: PostgreSQL's server-side binding wraps theirs in a sized type). The preparation (three
# calls per field) was a tenth of a receipt's Python for the 84 fields of its four rows; a value
# of any other type, or any other field, is prepared as save() prepares it. A test holds the
# list to what every field of every model prepares, on both databases.
_PLAIN_TYPES: dict[type, type] = {
    models.CharField: str,
    models.TextField: str,
    models.SlugField: str,
    models.EmailField: str,
    models.BooleanField: bool,
    models.ForeignKey: int,
}


@functools.cache
def _plain(model: type[models.Model]) -> tuple[type | None, ...]:
    """Per field to write, the type of value written as it is (None: always prepared)."""
    out: list[type | None] = []
    for f in _fields(model)[1]:
        plain = _PLAIN_TYPES.get(type(f))
        if type(f) is models.ForeignKey and type(f.target_field) not in (
            models.AutoField,
            models.BigAutoField,
        ):
            plain = None  # a key to a text or UUID column: prepared as save() prepares it
        out.append(plain)
    return tuple(out)


def _inserted(obj: models.Model, connection: Any) -> None:
    obj._state.adding = False
    obj._state.db = connection.alias
    model = type(obj)
    if post_save.has_listeners(model):
        post_save.send(
            sender=model,
            instance=obj,
            created=True,
            update_fields=None,
            raw=False,
            using=connection.alias,
        )


def insert(obj: M) -> M:
    """Insert ``obj`` (a new instance) and set its generated primary key; returns it."""
    # The wrapper itself, not the ``connection`` proxy: every field's preparation reads it,
    # and each read through the proxy is a context-local lookup.
    connection = connections[DEFAULT_DB_ALIAS]
    prepared = _prepare(obj, connection)
    if prepared is None:
        obj.save(force_insert=True)
        return obj
    sql, params, generated = prepared
    returning = generated is not None and connection.features.can_return_columns_from_insert
    if returning:
        sql = f"{sql} RETURNING {connection.ops.quote_name(generated.column)}"
    with cursor(connection) as cur:
        cur.execute(sql, params)
        if generated is not None:
            setattr(obj, generated.attname, cur.fetchone()[0] if returning else cur.lastrowid)
    _inserted(obj, connection)
    return obj


@functools.lru_cache(maxsize=1024)
def _native(sql: str) -> str:
    """``%s`` as PostgreSQL's ``$1``, ``$2``…, once per text."""
    numbers = itertools.count(1)
    return re.sub(r"%([s%])", lambda m: f"${next(numbers)}" if m[1] == "s" else "%", sql)


@functools.lru_cache(maxsize=1024)
def _qmark(sql: str) -> str:
    """``%s`` as SQLite's ``?``, once per text: Django's cursor converts with a regular
    expression on every execution, the tenth of a receipt's time on SQLite for its long
    INSERTs (issue 14)."""
    return FORMAT_QMARK_REGEX.sub("?", sql).replace("%%", "%")


class _NativeCursor(psycopg.RawCursor):
    """psycopg's ``RawCursor`` takes ``$n`` placeholders and leaves the text alone: psycopg
    splits the text of any statement of over 4.096 characters or 50 parameters anew on every
    run, and a change's gathered statement is both. Django still sees ``%s`` (its query log
    renders them)."""

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
        return super().execute(_native(query), params, **kwargs)


class _QmarkCursor(SQLiteCursorWrapper):
    """Django's SQLite cursor with the placeholders of a text converted once."""

    def convert_query(self, query: str, *, param_names: Any = None) -> str:
        if param_names is not None:  # %(name)s: not among the statements built here
            return super().convert_query(query, param_names=param_names)
        return _qmark(query)


def cursor(connection: Any = None) -> Any:
    """A Django cursor (its logging, its error wrapping) for statements whose text is built
    once and run many times (``%s`` placeholders, as any Django cursor takes): the conversion
    of their placeholders is done once per text, not on every run."""
    connection = connection or connections[DEFAULT_DB_ALIAS]
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        raw = _NativeCursor(connection.connection)
    else:  # SQLite, the only other database the project runs on
        raw = connection.connection.cursor(factory=_QmarkCursor)
    return connection._prepare_cursor(raw)


class Writes:
    """The writes of one change that nobody reads back before it commits and that do not
    depend on each other (its history and audit rows, its notification, the counters kept
    from it): on PostgreSQL gathered and sent by ``flush`` as one statement, each a
    data-modifying ``WITH`` (run to completion, all on one snapshot), one round trip where a
    dossier receipt took four; elsewhere run at once (SQLite has no round trip to save).
    ``flush`` inside the change's transaction."""

    def __init__(self) -> None:
        self._connection = connections[DEFAULT_DB_ALIAS]
        self._gather = self._connection.vendor == "postgresql"
        self._plans: list[tuple[str, str | None]] = []
        self._params: list[Any] = []
        self._objs: dict[int, tuple[models.Model, Any]] = {}

    def execute(self, sql: str, params: Sequence[Any]) -> None:
        """A statement that returns nothing."""
        if not self._gather:
            with cursor(self._connection) as cur:
                cur.execute(sql, params)
            return
        self._plans.append((sql, None))
        self._params.extend(params)

    def insert(self, obj: models.Model) -> None:
        """``insert(obj)``; its generated key is set by ``flush``."""
        if not self._gather:
            insert(obj)
            return
        prepared = _prepare(obj, self._connection)
        if prepared is None:  # a database default or an expression: only save() writes it
            obj.save(force_insert=True)
            return
        sql, params, key = prepared
        self._objs[len(self._plans)] = (obj, key)
        self._plans.append((sql, key.column if key is not None else None))
        self._params.extend(params)

    def flush(self) -> None:
        if not self._plans:
            return
        plans, params, objs = tuple(self._plans), self._params, self._objs
        self._plans, self._params, self._objs = [], [], {}
        last = len(plans) - 1
        # The keys come back as ``_plan_all`` returns them: the last statement's first.
        keyed = [i for i in [last, *range(last)] if plans[i][1] is not None]
        with cursor(self._connection) as cur:
            cur.execute(_plan_all(plans), params)
            if keyed:
                for i, value in zip(keyed, cur.fetchone(), strict=True):
                    obj, key = objs[i]
                    setattr(obj, key.attname, value)
        for obj, _key in objs.values():
            _inserted(obj, self._connection)


@contextlib.contextmanager
def gathered(writes: Writes | None = None) -> Iterator[Writes]:
    """``writes`` (a change's, handed over by its service), or writes of one's own sent when
    the block ends; either way within the caller's transaction, without a savepoint of its own:
    a failure undoes the caller's change with it."""
    with transaction.atomic(savepoint=False):
        if writes is not None:
            yield writes
            return
        own = Writes()
        yield own
        own.flush()
