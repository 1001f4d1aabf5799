"""Benchmark: the six-month province dossier report and the by-agency table from our rollups,
against DuckDB computing the same numbers from the same rows held in memory.

    python benchmarks/report.py --rows 1000000 [--rows 10000000] [--repeat 7]

``DATABASE_URL`` picks the database (default: a SQLite file under ``var/``). Dossiers are
generated with numpy (``cchc.demo.synth.synth``, fixed seed, received 2018–2020 at 40
units in four groups, 300 procedures) and loaded in bulk (COPY on PostgreSQL); a database
already holding exactly those rows is reused. Then ``rollups.rebuild()``, then each query is
timed (median of ``--repeat`` warm runs), the numbers compared with DuckDB's, and a table of
times and ratios printed. DuckDB's load time is reported apart from its query time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
os.environ.setdefault("CCHC_VAR_DIR", str(ROOT / "var"))
if not os.environ.get("DATABASE_URL"):
    (ROOT / "var").mkdir(exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench-report.sqlite3'}"

F, T = date(2020, 1, 1), date(2020, 6, 30)
START, END, TODAY = date(2018, 1, 1), date(2020, 12, 31), date(2020, 12, 31)
GROUPS = [  # (group, kind, level, how many): seed 003's 40 units in four groups
    ("departments", "department", "province", 18),
    ("districts", "district", "district", 11),
    ("public_service", "public_service", "province", 6),
    ("central", "central", "province", 5),
]

FIELDS = [
    "carried", "new", "new_desk", "new_online_full", "new_online_partial", "new_post",
    "early", "on_time", "late", "late_with_apology", "not_yet_due", "overdue",
    "repeated_supplement",
]  # fmt: skip


def setup_django():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def universe():
    """The province, its 40 units and the procedure catalogue (idempotent)."""
    from cchc.demo.synth import make_catalogue
    from cchc.organizations.models import Agency
    from cchc.organizations.services import agency_create

    root = Agency.objects.filter(code="BENCH").first() or agency_create(
        actor=None, parent=None, code="BENCH", kind="province", name="UBND tỉnh (benchmark)"
    )
    units = []
    for group, kind, level, n in GROUPS:
        for i in range(n):
            code = f"BENCH-{group[:3].upper()}{i + 1:02d}"
            a = Agency.objects.filter(code=code).first() or agency_create(
                actor=None, parent=root, code=code, kind=kind, name=f"Đơn vị {code}"
            )
            if a.group != group:
                Agency.objects.filter(pk=a.pk).update(group=group)
            units.append((a.pk, level))
    procs = make_catalogue(fields=20, procedures=300, prefix="B")
    return root, units, procs


def load(n: int, units, procs):
    from django.db import connection

    from cchc.demo.synth import insert, synth
    from cchc.dossiers.models import Dossier
    from cchc.statistics import rollups

    t0 = time.perf_counter()
    batch = synth(
        n,
        agencies=units,
        procedures=procs,
        start=START,
        end=END,
        today=TODAY,
        seed=7,
        per_agency=30,
    )
    gen = time.perf_counter() - t0
    have = Dossier.objects.filter(code__startswith="BN").count()
    total = Dossier.objects.count()
    timings = {"generate (numpy)": gen}
    if have != n or total != n:
        print(f"· loading {n:,} dossiers into {connection.vendor} …", flush=True)
        _truncate()
        t0 = time.perf_counter()
        with _without_indexes():
            insert(batch, code_prefix="BN")
        timings["insert (COPY / executemany)"] = time.perf_counter() - t0
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute(f"ANALYZE {Dossier._meta.db_table}")
        t0 = time.perf_counter()
        counts = rollups.rebuild()
        timings["rollups.rebuild()"] = time.perf_counter() - t0
    else:
        print(f"· reusing the {n:,} dossiers already loaded", flush=True)
        from cchc.statistics.models import DossierRollup

        if not DossierRollup.objects.exists():
            t0 = time.perf_counter()
            rollups.rebuild()
            timings["rollups.rebuild()"] = time.perf_counter() - t0
        counts = None
    return batch, timings, counts


def _truncate():
    from django.db import connection

    from cchc.dossiers.models import Dossier

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(f"TRUNCATE {Dossier._meta.db_table} CASCADE")
        else:
            cur.execute(f"DELETE FROM {Dossier._meta.db_table}")


class _without_indexes:
    """On PostgreSQL, drop the dossier table's secondary indexes during the load and build
    them after (what a bulk import does); elsewhere, nothing."""

    def __enter__(self):
        from django.db import connection

        from cchc.dossiers.models import Dossier

        self.defs = []
        if connection.vendor != "postgresql":
            return self
        with connection.cursor() as cur:
            cur.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i "
                "LEFT JOIN pg_constraint c ON c.conname = i.indexname "
                "WHERE i.tablename = %s AND c.conname IS NULL",
                [Dossier._meta.db_table],
            )
            self.defs = cur.fetchall()
            for name, _ in self.defs:
                cur.execute(f'DROP INDEX "{name}"')
        return self

    def __exit__(self, *exc):
        from django.db import connection

        with connection.cursor() as cur:
            for _, definition in self.defs:
                cur.execute(definition)


def duck(batch):
    """DuckDB in memory with the same rows; returns (connection, load seconds)."""
    import duckdb
    import numpy as np

    from cchc.demo.synth import CHANNELS, TIMELINESS

    t0 = time.perf_counter()
    con = duckdb.connect()
    con.register(
        "src",
        {
            "agency_id": batch.agency_id,
            "channel": CHANNELS[batch.channel],
            "received_date": batch.received.astype("datetime64[s]"),
            "due_date": batch.due.astype("datetime64[s]"),
            "finished_date": batch.finished.astype("datetime64[s]"),
            "timeliness": TIMELINESS[batch.timeliness],
            "apologized": batch.apologized,
            "supplement_count": batch.supplements.astype(np.int32),
            "status": batch.statuses(),
        },
    )
    con.execute(
        "CREATE TABLE dossier AS SELECT agency_id, channel, CAST(received_date AS DATE) AS "
        "received_date, CAST(due_date AS DATE) AS due_date, CAST(finished_date AS DATE) AS "
        "finished_date, timeliness, apologized, supplement_count, status FROM src"
    )
    con.unregister("src")
    return con, time.perf_counter() - t0


def duck_sql(group: str | None) -> str:
    f, t = F.isoformat(), T.isoformat()
    fin_in = f"finished_date BETWEEN DATE '{f}' AND DATE '{t}'"
    open_at_t = (
        f"received_date <= DATE '{t}' AND (finished_date IS NULL OR finished_date > DATE '{t}')"
    )
    new = f"received_date BETWEEN DATE '{f}' AND DATE '{t}'"
    sel = [
        f"count(*) FILTER (received_date < DATE '{f}' AND (finished_date IS NULL OR finished_date >= DATE '{f}')) AS carried",
        f"count(*) FILTER ({new}) AS new",
        *(f"count(*) FILTER ({new} AND channel = '{c}') AS new_{c}"
          for c in ("desk", "online_full", "online_partial", "post")),
        *(f"count(*) FILTER ({fin_in} AND timeliness = '{k}') AS {k}"
          for k in ("early", "on_time", "late")),
        f"count(*) FILTER ({fin_in} AND timeliness = 'late' AND apologized) AS late_with_apology",
        f"count(*) FILTER ({open_at_t} AND NOT coalesce(due_date < DATE '{t}', false)) AS not_yet_due",
        f"count(*) FILTER ({open_at_t} AND due_date < DATE '{t}') AS overdue",
        f"count(*) FILTER (received_date <= DATE '{t}' AND (finished_date IS NULL OR finished_date >= DATE '{f}') AND supplement_count >= 2) AS repeated_supplement",
    ]  # fmt: skip
    cols = ", ".join(sel)
    where = "status <> 'desk_supplement'"
    if group:
        return f"SELECT {group}, {cols} FROM dossier WHERE {where} GROUP BY {group} ORDER BY 1"
    return f"SELECT {cols} FROM dossier WHERE {where}"


def timed(fn, repeat: int):
    fn()  # warm
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return out, statistics.median(times)


def ours_dict(row) -> dict:
    d = row.as_dict()
    flat = {k: d[k] for k in FIELDS if k in d}
    flat.update({f"new_{k}": v for k, v in d["new_by_channel"].items()})
    return flat


def run(n: int, repeat: int) -> list[tuple]:
    from django.db import connection

    from cchc.statistics.selectors import dossier_stats

    root, units, procs = universe()
    batch, timings, counts = load(n, units, procs)
    for what, secs in timings.items():
        print(f"  {what}: {secs:.1f} s", flush=True)
    if counts:
        print(
            f"  rollup rows: {counts['coarse']:,} by agency, {counts['procedure']:,} by procedure"
        )

    con, duck_load = duck(batch)
    print(f"  DuckDB load into memory: {duck_load:.1f} s", flush=True)

    province, ours_p = timed(
        lambda: dossier_stats(None, date_from=F, date_to=T, agency=root)[-1], repeat
    )
    table, ours_t = timed(
        lambda: dossier_stats(None, date_from=F, date_to=T, agency=root, by="agency"), repeat
    )

    def dq(sql):
        cur = con.execute(sql)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    d_province, duck_p = timed(lambda: dq(duck_sql(None)), repeat)
    d_table, duck_t = timed(lambda: dq(duck_sql("agency_id")), repeat)

    # The numbers must be equal, field by field, row by row.
    want = {k: int(v) for k, v in d_province[0].items() if k in FIELDS}
    got = {k: v for k, v in ours_dict(province).items() if k in want}
    assert got == want, (got, want)
    by_agency = {r.key: ours_dict(r) for r in table[:-1]}
    for r in d_table:
        w = {k: int(v) for k, v in r.items() if k in FIELDS}
        g = {k: by_agency.get(r["agency_id"], {}).get(k, 0) for k in w}
        assert g == w, (r["agency_id"], g, w)
    print(
        f"  numbers equal: received {province.received:,}, on time {province.on_time_rate}%",
        flush=True,
    )
    vendor = connection.vendor
    return [
        (n, vendor, "six-month province report", ours_p, duck_p),
        (n, vendor, "by-agency table (40 units)", ours_t, duck_t),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, action="append", help="dossiers (repeatable)")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    setup_django()
    results = []
    for n in args.rows or [1_000_000]:
        print(f"== {n:,} dossiers", flush=True)
        results.extend(run(n, args.repeat))
        print_table(results)


def print_table(results) -> None:
    head = (
        f"| {'dossiers':>12} | {'database':<10} | {'query':<28} | {'ours (ms)':>9} "
        f"| {'DuckDB (ms)':>11} | {'ours/DuckDB':>11} |"
    )
    print()
    print(head)
    print("|" + "|".join("-" * (len(c)) for c in head.split("|")[1:-1]) + "|")
    for n, vendor, q, ours, dk in results:
        print(
            f"| {n:>12,} | {vendor:<10} | {q:<28} | {ours * 1000:>9.1f} | {dk * 1000:>11.1f} "
            f"| {ours / dk:>10.2f}× |",
            flush=True,
        )
    print()


if __name__ == "__main__":
    main()
