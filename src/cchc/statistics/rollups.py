"""Keeping the dossier rollups (``models.DossierRollup`` and ``DossierProcedureRollup``) exact.

* ``apply(before, after)`` — called by the ``dossier_changed`` receiver inside the dossier
  service's transaction: the net change of the nine counters (``stats.delta``) is added to
  the day, month and year buckets of both tables with ``INSERT ... ON CONFLICT DO UPDATE SET
  c = c + excluded.c``. The addition happens in the database under the row lock of the upsert,
  so concurrent services never lose an update (PostgreSQL and SQLite alike), and a change that
  moves no statistic (most hand-offs) writes nothing.
* ``rebuild()`` — recomputes both tables from the dossier rows with set-based SQL (one
  ``INSERT ... SELECT`` for the days, then months and years from the days): used after bulk
  imports and by ``cchc report rebuild``.
* ``prefix_q(day)`` — the buckets whose sum is the prefix up to ``day``: whole years before
  its year, whole months before its month, then its days (a month or year ending on ``day``
  is taken whole), so a period's query reads a handful of rows per group.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Q

from cchc.core import rows

from . import stats
from .models import COUNTERS, DossierProcedureRollup, DossierRollup, Grain

assert COUNTERS == stats.COUNTERS


def buckets(day: date) -> tuple[tuple[str, date], ...]:
    return (
        (Grain.DAY.value, day),
        (Grain.MONTH.value, day.replace(day=1)),
        (Grain.YEAR.value, day.replace(month=1, day=1)),
    )


def prefix_q(day: date) -> Q:
    """Rollup rows whose sum over a group is the prefix sum up to ``day`` included."""
    nxt = day + timedelta(days=1)
    y0 = date(nxt.year, 1, 1)
    m0 = date(nxt.year, nxt.month, 1)
    return (
        Q(grain=Grain.YEAR, day__lt=y0)
        | Q(grain=Grain.MONTH, day__gte=y0, day__lt=m0)
        | Q(grain=Grain.DAY, day__gte=m0, day__lte=day)
    )


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _upsert_sql(model: Any, keys: list[str], count: int = 1) -> str:
    """The statement adding ``count`` rows, built once per table, vendor and row count: every
    dossier change runs it, and building it costs more than running it (issue 14, the
    receipt's speed)."""
    return _upsert_sql_for(model, tuple(keys), connection.vendor, count)


@functools.cache
def _upsert_sql_for(model: Any, keys: tuple[str, ...], vendor: str, count: int = 1) -> str:
    table = _q(model._meta.db_table)
    cols = ", ".join(_q(c) for c in [*keys, *COUNTERS])
    marks = ", ".join(["(" + ", ".join(["%s"] * (len(keys) + len(COUNTERS))) + ")"] * count)
    conflict = ", ".join(_q(c) for c in keys)
    sets = ", ".join(f"{_q(c)} = {table}.{_q(c)} + excluded.{_q(c)}" for c in COUNTERS)
    return (
        f"INSERT INTO {table} ({cols}) VALUES {marks} ON CONFLICT ({conflict}) DO UPDATE SET {sets}"
    )


@functools.cache
def _pg_upsert_sql(model: Any, keys: tuple[str, ...]) -> str:
    """PostgreSQL: the table's rows passed as one JSON array. One parameter whatever the number
    of buckets (psycopg splits the text of a statement of over 50 again on every run, and the
    ``VALUES`` lists took 16 per row) and one text, which PostgreSQL prepares once per
    connection. Measured on a receipt (``benchmarks/dossiers.py``), both tables: 0,66 ms with
    ``VALUES`` lists, 0,53 ms with a typed array per column (psycopg's list dumper is Python),
    0,44 ms with JSON. Kept short (the table's row type, an alias): the change's statement
    (``rows.Writes``) must stay under psycopg's 4.096 characters, past which it is split
    anew on every run too."""
    table = _q(model._meta.db_table)
    names = ", ".join(_q(c) for c in [*keys, *COUNTERS])
    sets = ", ".join(f"{_q(c)} = t.{_q(c)} + excluded.{_q(c)}" for c in COUNTERS)
    return (
        f"INSERT INTO {table} AS t ({names}) "
        f"SELECT {names} FROM jsonb_populate_recordset(NULL::{table}, %s::jsonb) "
        f"ON CONFLICT ({', '.join(_q(c) for c in keys)}) DO UPDATE SET {sets}"
    )


COARSE_KEYS = ["grain", "day", "agency_id", "level", "channel"]
FINE_KEYS = [*COARSE_KEYS, "procedure_id"]


def apply(
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    writes: rows.Writes | None = None,
) -> int:
    """Add one dossier change to the rollups; returns the number of rows touched. With
    ``writes`` (the change's, from ``dossier_changed``) the statements go with its others."""
    changes = stats.delta(before, after)
    if not changes:
        return 0
    fine: dict[tuple, list[int]] = {}
    coarse: dict[tuple, list[int]] = {}
    idx = {c: i for i, c in enumerate(COUNTERS)}
    for ((agency_id, procedure_id, level, channel), day, counter), n in changes.items():
        for grain, bucket in buckets(day):
            for store, key in (
                (fine, (grain, bucket, agency_id, level, channel, procedure_id)),
                (coarse, (grain, bucket, agency_id, level, channel)),
            ):
                row = store.setdefault(key, [0] * len(COUNTERS))
                row[idx[counter]] += n
    adapt = connection.ops.adapt_datefield_value
    touched = 0
    with rows.gathered(writes) as gathered:
        for model, keys, store in (
            (DossierRollup, COARSE_KEYS, coarse),
            (DossierProcedureRollup, FINE_KEYS, fine),
        ):
            # Sorted so two transactions always lock rows in the same order (no deadlock);
            # the keys are distinct, as one statement upserting them needs. A change of
            # procedure alone nets to zero in the coarse rows.
            table = [
                [k[0], adapt(k[1]), *k[2:], *v]
                for k, v in sorted(store.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2:]))
                if any(v)
            ]
            if not table:
                continue
            touched += len(table)
            if connection.vendor == "postgresql":
                names = [*keys, *COUNTERS]
                gathered.execute(
                    _pg_upsert_sql(model, tuple(keys)),
                    [json.dumps([dict(zip(names, r, strict=True)) for r in table], default=str)],
                )
            else:  # one statement for all the buckets: a round trip each cost more
                gathered.execute(
                    _upsert_sql(model, keys, len(table)), [v for r in table for v in r]
                )
    return touched


# -- rebuild --------------------------------------------------------------------------------


def _sql_dialect() -> dict[str, str]:
    if connection.vendor == "postgresql":
        return {
            "next_day": "({col} + 1)",
            "greatest": "GREATEST({a}, {b})",
            "month": "CAST(date_trunc('month', {col}) AS date)",
            "year": "CAST(date_trunc('year', {col}) AS date)",
        }
    return {
        "next_day": "date({col}, '+1 day')",
        "greatest": "max({a}, {b})",
        "month": "date({col}, 'start of month')",
        "year": "date({col}, 'start of year')",
    }


def _daily_select_sql() -> str:
    """Per (day, agency, level, channel, procedure) counters from the dossier rows, the same
    rules as ``stats.contributions`` in SQL."""
    from cchc.dossiers.models import Dossier

    d = _sql_dialect()
    t = _q(Dossier._meta.db_table)
    keys = "agency_id, procedure_id, level, channel"
    counted = (
        "received_date IS NOT NULL AND status <> 'desk_supplement' "
        "AND NOT (status = 'refused' AND finished_date IS NULL)"
    )
    kind = (
        "CASE WHEN timeliness IN ('early', 'on_time', 'late') THEN timeliness "
        "WHEN due_date IS NULL OR finished_date = due_date THEN 'on_time' "
        "WHEN finished_date < due_date THEN 'early' ELSE 'late' END"
    )
    rep = "CASE WHEN supplement_count >= 2 THEN 1 ELSE 0 END"
    desk = "CASE WHEN desk_supplement_count >= 2 THEN 1 ELSE 0 END"
    late_after_due = "(due_date IS NOT NULL AND finished_date > due_date)"
    start = d["greatest"].format(a=d["next_day"].format(col="due_date"), b="received_date")
    sums = ", ".join(f"SUM({c}) AS {c}" for c in COUNTERS)
    # Columns in COUNTERS order: received, received_repeated, finished_early,
    # finished_on_time, finished_late, finished_late_apology, finished_repeated, overdue_start,
    # overdue_end, received_desk_repeated, finished_desk_repeated.
    return f"""
SELECT {keys}, day, {sums} FROM (
  SELECT {keys}, received_date AS day, 1 AS received, {rep} AS received_repeated,
         0 AS finished_early, 0 AS finished_on_time, 0 AS finished_late,
         0 AS finished_late_apology, 0 AS finished_repeated, 0 AS overdue_start,
         0 AS overdue_end, {desk} AS received_desk_repeated, 0 AS finished_desk_repeated
    FROM {t} WHERE {counted}
  UNION ALL
  SELECT {keys}, finished_date, 0, 0,
         CASE WHEN k = 'early' THEN 1 ELSE 0 END,
         CASE WHEN k = 'on_time' THEN 1 ELSE 0 END,
         CASE WHEN k = 'late' THEN 1 ELSE 0 END,
         CASE WHEN k = 'late' AND apologized_at IS NOT NULL AND NOT apology_late
              THEN 1 ELSE 0 END,
         rep, 0, CASE WHEN {late_after_due} AND status <> 'supplement' THEN 1 ELSE 0 END,
         0, desk
    FROM (SELECT {keys}, finished_date, due_date, apologized_at, apology_late, status,
                 {kind} AS k, {rep} AS rep, {desk} AS desk
            FROM {t} WHERE {counted} AND finished_date IS NOT NULL) f
  UNION ALL
  SELECT {keys}, {start}, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0
    FROM {t}
   WHERE {counted} AND due_date IS NOT NULL AND status <> 'supplement'
     AND (finished_date IS NULL OR finished_date > due_date)
) e
GROUP BY {keys}, day"""


def rebuild() -> dict[str, int]:
    """Recompute every rollup row from the dossier rows; returns row counts per table.

    Runs in one transaction, so readers see the old rollups until the new ones are complete.
    """
    d = _sql_dialect()
    fine = _q(DossierProcedureRollup._meta.db_table)
    coarse = _q(DossierRollup._meta.db_table)
    counters = ", ".join(COUNTERS)
    sums = ", ".join(f"SUM({c})" for c in COUNTERS)
    with transaction.atomic(), connection.cursor() as cur:
        if connection.vendor == "postgresql":
            # One big hash aggregate: keep it in memory rather than spilling to disk.
            cur.execute("SET LOCAL work_mem = '512MB'")
        cur.execute(f"DELETE FROM {fine}")
        cur.execute(f"DELETE FROM {coarse}")
        cur.execute(
            f"INSERT INTO {fine} (grain, day, agency_id, procedure_id, level, channel, {counters}) "
            f"SELECT 'D', day, agency_id, procedure_id, level, channel, {counters} "
            f"FROM ({_daily_select_sql()}) s"
        )
        for grain, fn in (("M", d["month"]), ("Y", d["year"])):
            bucket = fn.format(col="day")
            cur.execute(
                f"INSERT INTO {fine} (grain, day, agency_id, procedure_id, level, channel, "
                f"{counters}) SELECT '{grain}', {bucket}, agency_id, procedure_id, level, "
                f"channel, {sums} FROM {fine} WHERE grain = 'D' "
                f"GROUP BY {bucket}, agency_id, procedure_id, level, channel"
            )
        cur.execute(
            f"INSERT INTO {coarse} (grain, day, agency_id, level, channel, {counters}) "
            f"SELECT grain, day, agency_id, level, channel, {sums} FROM {fine} "
            f"GROUP BY grain, day, agency_id, level, channel"
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(f"ANALYZE {fine}")
            cur.execute(f"ANALYZE {coarse}")
    return {
        "coarse": DossierRollup.objects.count(),
        "procedure": DossierProcedureRollup.objects.count(),
    }


# -- recount (the reference the tests and `cchc report check` compare with) ---------------


def table_state(model: Any) -> dict[tuple, tuple[int, ...]]:
    """Every non-zero rollup row as {key: counters}: two states are equal iff they give the
    same statistics for every period and filter."""
    keys = FINE_KEYS if model is DossierProcedureRollup else COARSE_KEYS
    out: dict[tuple, tuple[int, ...]] = {}
    for row in model.objects.values_list(*keys, *COUNTERS):
        k, v = tuple(row[: len(keys)]), tuple(row[len(keys) :])
        if any(v):
            out[k] = v
    return out


def recount_state() -> tuple[dict[tuple, tuple[int, ...]], dict[tuple, tuple[int, ...]]]:
    """The rollup rows a full recount of the dossier rows gives, computed in Python from the
    same contributions the receiver applies (the SQL rebuild is checked against it too)."""
    from cchc.dossiers.models import Dossier
    from cchc.dossiers.signals import stat_snapshot

    fine: dict[tuple, list[int]] = {}
    coarse: dict[tuple, list[int]] = {}
    idx = {c: i for i, c in enumerate(COUNTERS)}
    for dossier in Dossier.objects.all().iterator():
        rec = stats.Record.from_snapshot(stat_snapshot(dossier))
        for day, counter, n in stats.contributions(rec):
            for grain, bucket in buckets(day):
                for store, key in (
                    (
                        fine,
                        (grain, bucket, rec.agency_id, rec.level, rec.channel, rec.procedure_id),
                    ),
                    (coarse, (grain, bucket, rec.agency_id, rec.level, rec.channel)),
                ):
                    store.setdefault(key, [0] * len(COUNTERS))[idx[counter]] += n
    clean = lambda s: {k: tuple(v) for k, v in s.items() if any(v)}  # noqa: E731
    return clean(coarse), clean(fine)
