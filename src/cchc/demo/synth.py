"""Dossier rows in bulk for statistics tests and the benchmark (numpy, no services).

Rows made here bypass the dossier services (they are history, as an import would bring),
so callers run ``rollups.rebuild()`` afterwards, exactly as the bulk importers do.
The columns statistics read are generated; every other NOT NULL column gets its default.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

ESSENTIAL = (
    "code",
    "agency_id",
    "desk_id",
    "procedure_id",
    "level",
    "channel",
    "received_at",
    "received_date",
    "due_date",
    "finished_date",
    "timeliness",
    "status",
    "apologized_at",
    "supplement_count",
)

CHANNELS = np.array(["desk", "online_full", "online_partial", "post"])
TIMELINESS = np.array(["", "early", "on_time", "late"])  # index 0: open


@dataclass
class Batch:
    """Columns of N dossiers; dates as ``datetime64[D]`` (NaT = none)."""

    agency_id: np.ndarray
    procedure_id: np.ndarray
    level: np.ndarray
    channel: np.ndarray  # index into CHANNELS
    received: np.ndarray
    due: np.ndarray
    finished: np.ndarray
    timeliness: np.ndarray  # index into TIMELINESS
    apologized: np.ndarray  # bool
    supplements: np.ndarray
    status: np.ndarray | None = None  # str; derived from ``finished`` when None

    def __len__(self) -> int:
        return len(self.received)

    def statuses(self) -> np.ndarray:
        if self.status is not None:
            return self.status
        return np.where(np.isnat(self.finished), "in_progress", "returned")

    @staticmethod
    def concat(parts: Sequence[Batch]) -> Batch:
        def cat(name: str) -> np.ndarray:
            return np.concatenate([getattr(p, name) for p in parts])

        out = Batch(
            *(
                cat(n)
                for n in (
                    "agency_id",
                    "procedure_id",
                    "level",
                    "channel",
                    "received",
                    "due",
                    "finished",
                    "timeliness",
                    "apologized",
                    "supplements",
                )
            )
        )
        out.status = np.concatenate([p.statuses() for p in parts])
        return out


def classify(received: np.ndarray, due: np.ndarray, finished: np.ndarray) -> np.ndarray:
    """Timeliness index (TIMELINESS) from dates, as the services fix it at finishing."""
    t = np.zeros(len(received), dtype=np.int8)
    done = ~np.isnat(finished)
    t[done & (finished < due)] = 1
    t[done & (finished == due)] = 2
    t[done & (finished > due)] = 3
    return t


def synth(
    n: int,
    *,
    agencies: Sequence[tuple[int, str]],
    procedures: Sequence[int],
    start: date,
    end: date,
    today: date,
    seed: int = 0,
    per_agency: int = 0,
) -> Batch:
    """N dossiers received uniformly in [start, end] at agencies ((id, level) pairs):
    statutory time 1–20 days, most finished early, a few late, some still open on ``today``."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, len(agencies), n)
    agency_ids = np.array([x[0] for x in agencies], dtype=np.int64)[a]
    levels = np.array([x[1] for x in agencies])[a]
    procs = np.array(procedures, dtype=np.int64)
    if per_agency and per_agency < len(procs):
        # Each agency resolves its own few dozen procedures, as in a real catalogue.
        own = np.stack([rng.choice(procs, per_agency, replace=False) for _ in agencies])
        proc = own[a, rng.integers(0, per_agency, n)]
    else:
        proc = procs[rng.integers(0, len(procs), n)]
    channel = rng.choice(4, n, p=[0.55, 0.25, 0.15, 0.05]).astype(np.int8)
    days = (np.datetime64(end) - np.datetime64(start)).astype(int) + 1
    received = np.datetime64(start) + rng.integers(0, days, n).astype("timedelta64[D]")
    statutory = rng.integers(1, 21, n)
    due = received + statutory.astype("timedelta64[D]")
    # Time taken: mostly within the statutory time, 0.5% beyond it.
    taken = np.floor(statutory * rng.random(n) ** 0.7).astype(np.int64)
    late = rng.random(n) < 0.005
    taken[late] = statutory[late] + rng.integers(1, 15, late.sum())
    finished = received + taken.astype("timedelta64[D]")
    finished[finished > np.datetime64(today)] = np.datetime64("NaT")
    supplements = rng.choice(4, n, p=[0.9, 0.07, 0.025, 0.005]).astype(np.int16)
    timeliness = classify(received, due, finished)
    apologized = (timeliness == 3) & (rng.random(n) < 0.9)
    return Batch(
        agency_ids,
        proc,
        levels,
        channel,
        received,
        due,
        finished,
        timeliness,
        apologized,
        supplements,
    )


def _dates(arr: np.ndarray) -> np.ndarray:
    out = np.datetime_as_string(arr, unit="D").astype(object)
    out[np.isnat(arr)] = None
    return out


def rows(batch: Batch, *, code_prefix: str = "G", first: int = 0) -> Iterator[tuple]:
    """Tuples in ``ESSENTIAL`` order (dates as ISO strings, None for none)."""
    n = len(batch)
    received = _dates(batch.received)
    received_at = [f"{d}T02:00:00+00:00" for d in received]  # 09:00 in Vietnam
    due = _dates(batch.due)
    finished = _dates(batch.finished)
    apologized = [
        r if a else None for a, r in zip(batch.apologized.tolist(), received_at, strict=True)
    ]
    timeliness = TIMELINESS[batch.timeliness]
    channel = CHANNELS[batch.channel]
    status = batch.statuses()
    return zip(
        (f"{code_prefix}{first + i:09d}" for i in range(n)),
        batch.agency_id.tolist(),
        batch.agency_id.tolist(),
        batch.procedure_id.tolist(),
        batch.level.tolist(),
        channel.tolist(),
        received_at,
        received.tolist(),
        due.tolist(),
        finished.tolist(),
        timeliness.tolist(),
        status.tolist(),
        apologized,
        batch.supplements.tolist(),
        strict=True,
    )


def _constants() -> tuple[list[str], list]:
    """The other NOT NULL columns of the dossier table and their defaults."""
    from cchc.dossiers.models import Dossier

    now = timezone.now()
    names: list[str] = []
    values: list = []
    for f in Dossier._meta.concrete_fields:
        if f.primary_key or f.null or f.attname in ESSENTIAL:
            continue
        value = (
            now
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            else (f.get_default())
        )
        assert f.column is not None  # concrete fields always have a column
        names.append(f.column)
        values.append(f.get_db_prep_save(value, connection))
    return names, values


def insert(batch: Batch, *, code_prefix: str = "G", chunk: int = 200_000) -> int:
    """Insert the batch into the dossier table: COPY on PostgreSQL, executemany elsewhere."""
    from cchc.dossiers.models import Dossier

    table = connection.ops.quote_name(Dossier._meta.db_table)
    const_names, const_values = _constants()
    cols = ", ".join(connection.ops.quote_name(c) for c in (*ESSENTIAL, *const_names))
    n = len(batch)
    with transaction.atomic(), connection.cursor() as cur:
        if connection.vendor == "postgresql":
            ess = ", ".join(ESSENTIAL)
            cur.execute(
                f"CREATE TEMP TABLE dossier_load ON COMMIT DROP AS "
                f"SELECT {ess} FROM {table} WITH NO DATA"
            )
            for lo in range(0, n, chunk):
                part = _slice(batch, lo, lo + chunk)
                buf = io.StringIO()
                for r in rows(part, code_prefix=code_prefix, first=lo):
                    buf.write("\t".join("\\N" if v is None else str(v) for v in r))
                    buf.write("\n")
                with cur.cursor.copy(f"COPY dossier_load ({ess}) FROM STDIN") as cp:
                    cp.write(buf.getvalue())
            marks = ", ".join(["%s"] * len(const_values))
            cur.execute(
                f"INSERT INTO {table} ({cols}) SELECT {ess}, {marks} FROM dossier_load",
                const_values,
            )
        else:
            marks = ", ".join(["%s"] * (len(ESSENTIAL) + len(const_values)))
            sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"
            tail = tuple(const_values)
            for lo in range(0, n, chunk):
                part = _slice(batch, lo, lo + chunk)
                cur.executemany(
                    sql, [r + tail for r in rows(part, code_prefix=code_prefix, first=lo)]
                )
    return n


def _slice(batch: Batch, lo: int, hi: int) -> Batch:
    out = Batch(
        batch.agency_id[lo:hi],
        batch.procedure_id[lo:hi],
        batch.level[lo:hi],
        batch.channel[lo:hi],
        batch.received[lo:hi],
        batch.due[lo:hi],
        batch.finished[lo:hi],
        batch.timeliness[lo:hi],
        batch.apologized[lo:hi],
        batch.supplements[lo:hi],
    )
    if batch.status is not None:
        out.status = batch.status[lo:hi]
    return out


SEED003_FROM, SEED003_TO = date(2020, 1, 1), date(2020, 6, 30)
SEED003 = {
    "date_from": SEED003_FROM,
    "date_to": SEED003_TO,
    "received": 178_770,
    "carried": 2_159,
    "new": 176_611,
    "resolved": 175_256,
    "early_or_on_time": 175_191,
    "late": 65,
    "in_progress": 3_514,
    "not_yet_due": 3_494,
    "overdue": 20,
}


def seed003(
    *, agencies: Sequence[tuple[int, str]], procedures: Sequence[int], seed: int = 3
) -> Batch:
    """Dossiers whose first half of 2020 gives exactly seed 003's figures (section g), plus
    rows that must not count: finished before the period, received after it, still waiting
    at the desk."""
    rng = np.random.default_rng(seed)
    f, t = np.datetime64(SEED003_FROM), np.datetime64(SEED003_TO)
    dec = np.datetime64("2019-12-01")
    nat = np.datetime64("NaT")
    parts: list[Batch] = []

    def part(n: int, r_lo, r_hi, kind: str, *, f_lo=None, f_hi=None, status=None) -> None:
        span = (r_hi - r_lo).astype(int) + 1
        received = r_lo + rng.integers(0, span, n).astype("timedelta64[D]")
        if kind in ("early", "on_time", "late"):
            lo = np.maximum(received, f_lo) if f_lo is not None else received
            if kind == "late":  # a late dossier needs a due date before its finishing day
                lo = np.maximum(lo, received + np.timedelta64(1, "D"))
            gap = (f_hi - lo).astype(int) + 1
            finished = lo + np.floor(rng.random(n) * gap).astype("timedelta64[D]")
            if kind == "early":
                due = finished + rng.integers(1, 10, n).astype("timedelta64[D]")
            elif kind == "on_time":
                due = finished.copy()
            else:
                back = (finished - received).astype(int)
                due = finished - (1 + np.floor(rng.random(n) * back)).astype("timedelta64[D]")
        else:  # open at the end of the period; some finished in July (still "in progress")
            finished = np.where(rng.random(n) < 0.3, t + rng.integers(1, 20, n), nat).astype(
                "datetime64[D]"
            )
            if kind == "not_yet_due":
                due = t + rng.integers(0, 15, n).astype("timedelta64[D]")
            else:  # overdue: due before the last day of the period, after receipt
                back = (t - received).astype(int)
                due = t - (1 + np.floor(rng.random(n) * back)).astype("timedelta64[D]")
            if kind == "overdue":
                finished[:] = nat
        finished = np.maximum(finished, received)  # NaT stays NaT
        a = rng.integers(0, len(agencies), n)
        b = Batch(
            np.array([x[0] for x in agencies], dtype=np.int64)[a],
            np.array(procedures, dtype=np.int64)[rng.integers(0, len(procedures), n)],
            np.array([x[1] for x in agencies])[a],
            rng.choice(4, n, p=[0.6, 0.2, 0.15, 0.05]).astype(np.int8),
            received,
            due.astype("datetime64[D]"),
            finished.astype("datetime64[D]"),
            np.full(n, {"early": 1, "on_time": 2, "late": 3}.get(kind, 0), dtype=np.int8),
            (rng.random(n) < 0.8) if kind == "late" else np.zeros(n, dtype=bool),
            rng.choice(3, n, p=[0.93, 0.05, 0.02]).astype(np.int16),
        )
        if status is not None:
            b.status = np.full(n, status)
        elif kind in ("not_yet_due", "overdue"):
            b.status = np.where(np.isnat(b.finished), "in_progress", "returned")
            b.timeliness = classify(b.received, b.due, b.finished)
        parts.append(b)

    last_dec = np.datetime64("2019-12-31")
    # Carried over: 2,159 = 1,800 resolved in the period + 359 still in progress.
    part(1_000, dec, last_dec, "early", f_lo=f, f_hi=t)
    part(780, dec, last_dec, "on_time", f_lo=f, f_hi=t)
    part(20, dec, last_dec, "late", f_lo=f, f_hi=t)
    part(351, dec, last_dec, "not_yet_due")
    part(8, dec, last_dec, "overdue")
    # New: 176,611 = 173,456 resolved + 3,155 in progress.
    part(120_000, f, t, "early", f_lo=f, f_hi=t)
    part(53_411, f, t, "on_time", f_lo=f, f_hi=t)
    part(45, f, t, "late", f_lo=f, f_hi=t)
    part(3_143, f, t, "not_yet_due")
    part(12, f, t, "overdue")
    # Not counted: finished before the period, received after it, waiting at the desk.
    part(
        700,
        np.datetime64("2019-10-01"),
        np.datetime64("2019-12-20"),
        "early",
        f_hi=np.datetime64("2019-12-31"),
    )
    part(400, np.datetime64("2020-07-01"), np.datetime64("2020-07-31"), "not_yet_due")
    part(60, f, t, "open", status="desk_supplement")
    return Batch.concat(parts)


def make_catalogue(*, fields: int = 3, procedures: int = 6, prefix: str = "T") -> list[int]:
    """Fields and current procedure versions for generated dossiers; returns procedure ids."""
    from cchc.procedures.models import Procedure, ProcedureField

    made = []
    for i in range(fields):
        f, _ = ProcedureField.objects.get_or_create(
            code=f"{prefix}LV{i + 1}", defaults={"name": f"Lĩnh vực thử {i + 1}"}
        )
        made.append(f)
    ids = []
    for j in range(procedures):
        p, _ = Procedure.objects.get_or_create(
            code=f"{prefix}1.{j + 1:06d}",
            version=1,
            defaults={"name": f"Thủ tục thử {j + 1}", "field": made[j % fields]},
        )
        ids.append(p.pk)
    return ids
