"""The monthly dossier counts the Decision 766 index reads (``ServiceRollup``).

``contributions`` says what one dossier adds (received in the month it was received; finished
and finished-on-time-for-766 in the month it finished); ``apply`` adds the net change of one
dossier change with an upsert that adds in the database (no lost update under concurrency);
``rebuild`` recomputes the table from the dossier rows with one set-based statement. The same
``on_time_766`` decides "on time" in Python and, transcribed, in the SQL below; the tests hold
the two equal.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import connection, transaction

from cchc.core import rows

from .models import ServiceRollup
from .service_index import on_time_766
from .upstream import NOT_RECEIVED_STATUSES

Key = tuple[date, int, int, str]
COUNTERS = ("received", "finished", "finished_ok")


def counted(snap: Mapping[str, Any]) -> bool:
    """The same dossiers the statistics count (DOMAIN 7): received, not a desk refusal."""
    if snap.get("received_date") is None or snap.get("status") in NOT_RECEIVED_STATUSES:
        return False
    return not (snap.get("status") == "refused" and snap.get("finished_date") is None)


def contributions(snap: Mapping[str, Any]) -> dict[Key, list[int]]:
    out: dict[Key, list[int]] = {}
    if not counted(snap):
        return out
    base = (snap["agency_id"], snap["procedure_id"], snap["channel"])
    received: date = snap["received_date"]
    out.setdefault((received.replace(day=1), *base), [0, 0, 0])[0] += 1
    finished: date | None = snap.get("finished_date")
    if finished is not None:
        row = out.setdefault((finished.replace(day=1), *base), [0, 0, 0])
        row[1] += 1
        if on_time_766(
            finished=finished,
            due=snap.get("due_date"),
            timeliness=snap.get("timeliness") or "",
            supplement_count=int(snap.get("supplement_count") or 0),
        ):
            row[2] += 1
    return out


def delta(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> dict[Key, list[int]]:
    out: dict[Key, list[int]] = {}
    for snap, sign in ((before, -1), (after, 1)):
        if snap is None:
            continue
        for key, values in contributions(snap).items():
            row = out.setdefault(key, [0, 0, 0])
            for i, v in enumerate(values):
                row[i] += sign * v
    return {k: v for k, v in out.items() if any(v)}


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


KEYS = ("month", "agency_id", "procedure_id", "channel")


@functools.cache
def _upsert_sql(vendor: str, count: int) -> str:
    """Built once per vendor and row count: every dossier change that moves a count runs it."""
    table = _q(ServiceRollup._meta.db_table)
    cols = ", ".join(_q(c) for c in [*KEYS, *COUNTERS])
    # An alias keeps the text short: on PostgreSQL it goes into the change's one statement.
    sets = ", ".join(f"{_q(c)} = t.{_q(c)} + excluded.{_q(c)}" for c in COUNTERS)
    marks = ", ".join([f"({', '.join(['%s'] * 7)})"] * count)
    return (
        f"INSERT INTO {table} AS t ({cols}) VALUES {marks} "
        f"ON CONFLICT ({', '.join(_q(k) for k in KEYS)}) DO UPDATE SET {sets}"
    )


def apply(
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    writes: rows.Writes | None = None,
) -> int:
    """Add one dossier change; with ``writes`` (the change's, from ``dossier_changed``) the
    statement goes with its others."""
    changes = delta(before, after)
    if not changes:
        return 0
    adapt = connection.ops.adapt_datefield_value
    # Sorted so two transactions lock rows in the same order (no deadlock); one statement for
    # all the rows (distinct keys, as one VALUES list needs).
    params = [
        v for k, row in sorted(changes.items()) for v in (adapt(k[0]), k[1], k[2], k[3], *row)
    ]
    with rows.gathered(writes) as gathered:
        gathered.execute(_upsert_sql(connection.vendor, len(changes)), params)
    return len(changes)


def _month(col: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('month', {col}) AS date)"
    return f"date({col}, 'start of month')"


def rebuild() -> int:
    """Recompute the table from the dossier rows in one transaction; returns its row count."""
    from cchc.dossiers.models import Dossier

    d = _q(Dossier._meta.db_table)
    table = _q(ServiceRollup._meta.db_table)
    not_received = ", ".join(f"'{s}'" for s in sorted(NOT_RECEIVED_STATUSES))
    counted_sql = (
        f"received_date IS NOT NULL AND status NOT IN ({not_received}) "
        f"AND NOT (status = 'refused' AND finished_date IS NULL)"
    )
    # on_time_766, transcribed.
    ok_sql = (
        "CASE WHEN supplement_count <= 1 AND (timeliness IN ('early', 'on_time') OR "
        "(timeliness NOT IN ('early', 'on_time', 'late') AND "
        "(due_date IS NULL OR finished_date <= due_date))) THEN 1 ELSE 0 END"
    )
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"DELETE FROM {table}")
        cur.execute(
            f"INSERT INTO {table} (month, agency_id, procedure_id, channel, received, finished, "
            f"finished_ok) SELECT m, agency_id, procedure_id, channel, SUM(r), SUM(f), SUM(ok) "
            f"FROM (SELECT {_month('received_date')} AS m, agency_id, procedure_id, channel, "
            f"1 AS r, 0 AS f, 0 AS ok FROM {d} WHERE {counted_sql} "
            f"UNION ALL SELECT {_month('finished_date')}, agency_id, procedure_id, channel, 0, 1, "
            f"{ok_sql} FROM {d} WHERE {counted_sql} AND finished_date IS NOT NULL) s "
            f"GROUP BY m, agency_id, procedure_id, channel"
        )
    return ServiceRollup.objects.count()
