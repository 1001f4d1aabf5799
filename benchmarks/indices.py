"""Benchmark: the Decision 766 service index from our monthly rollup, against DuckDB computing
the same counts from the same dossier rows held in memory.

    python benchmarks/indices.py --rows 1000000 [--repeat 5]

Reuses ``benchmarks/report.py``'s province (40 units in four groups, 300 procedures) and its
generated dossiers (``cchc.statistics.generate``, received 2018–2020); ``DATABASE_URL`` picks the
database. Builds ``ServiceRollup`` (``cchc indices rebuild``), then times the index for the
province over 2020 and for each of the 40 units over a quarter, checks that the counts behind
every measure equal DuckDB's, and prints the medians and ratios as a table.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import report as base  # noqa: E402 - benchmarks/report.py sets up paths and settings

YEAR = (date(2020, 1, 1), date(2020, 12, 31))
QUARTER = (date(2020, 4, 1), date(2020, 6, 30))


def duck(batch):
    import duckdb
    import numpy as np

    from cchc.demo.synth import CHANNELS, TIMELINESS

    t0 = time.perf_counter()
    con = duckdb.connect()
    con.register(
        "src",
        {
            "agency_id": batch.agency_id,
            "procedure_id": batch.procedure_id,
            "channel": CHANNELS[batch.channel],
            "received_date": batch.received.astype("datetime64[s]"),
            "due_date": batch.due.astype("datetime64[s]"),
            "finished_date": batch.finished.astype("datetime64[s]"),
            "timeliness": TIMELINESS[batch.timeliness],
            "supplement_count": batch.supplements.astype(np.int32),
            "status": batch.statuses(),
        },
    )
    con.execute(
        "CREATE TABLE dossier AS SELECT agency_id, procedure_id, channel, "
        "CAST(received_date AS DATE) AS received_date, CAST(due_date AS DATE) AS due_date, "
        "CAST(finished_date AS DATE) AS finished_date, timeliness, supplement_count, status "
        "FROM src"
    )
    con.unregister("src")
    return con, time.perf_counter() - t0


def duck_counts(con, f: date, t: date, group: bool) -> dict:
    """The counts behind the dossier measures, straight from the rows (``on_time_766`` as SQL)."""
    counted = "status <> 'desk_supplement' AND NOT (status = 'refused' AND finished_date IS NULL)"
    rec = f"received_date BETWEEN DATE '{f}' AND DATE '{t}'"
    fin = f"finished_date BETWEEN DATE '{f}' AND DATE '{t}'"
    ok = (
        "supplement_count <= 1 AND (timeliness IN ('early', 'on_time') OR (timeliness NOT IN "
        "('early', 'on_time', 'late') AND (due_date IS NULL OR finished_date <= due_date)))"
    )
    online = "channel IN ('online_full', 'online_partial')"
    key = "agency_id" if group else "0"
    sql = (
        f"SELECT {key} AS k, count(*) FILTER ({rec}) AS received, "
        f"count(*) FILTER ({rec} AND {online}) AS online, "
        f"count(*) FILTER ({fin}) AS finished, count(*) FILTER ({fin} AND {ok}) AS ok, "
        f"count(DISTINCT procedure_id) FILTER ({rec}) AS procs, "
        f"count(DISTINCT procedure_id) FILTER ({rec} AND {online}) AS online_procs "
        f"FROM dossier WHERE {counted} GROUP BY 1"
    )
    return {r[0]: r[1:] for r in con.execute(sql).fetchall()}


def ours(c) -> tuple:
    def pair(key):
        x = c.get(key)
        return (x.numerator, x.denominator) if x is not None else (0, 0)

    on_time, share, procs = pair("on_time"), pair("online_share"), pair("online_procedures")
    return (share[1], share[0], on_time[1], on_time[0], procs[1], procs[0])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    base.setup_django()
    from django.db import connection

    from cchc.indices import rollup, service
    from cchc.organizations.models import Agency

    root, units, procs = base.universe()
    batch, timings, _counts = base.load(args.rows, units, procs)
    for what, secs in timings.items():
        print(f"  {what}: {secs:.1f} s", flush=True)
    t0 = time.perf_counter()
    rows = rollup.rebuild()
    print(f"  indices rollup.rebuild(): {time.perf_counter() - t0:.1f} s, {rows:,} rows")
    con, load_s = duck(batch)
    print(f"  DuckDB load into memory: {load_s:.1f} s", flush=True)
    agencies = list(Agency.objects.filter(pk__in=[a for a, _ in units]).order_by("pk"))

    def province_year():
        return service.compute(root, *YEAR, source="rollup")

    def every_unit_quarter():
        many = service.compute_many(agencies, *QUARTER, province=root)
        return [many[a.pk] for a in agencies]

    def every_unit_one_by_one():
        return [service.compute(a, *QUARTER, source="rollup") for a in agencies]

    results = []
    (_r, counts), t = base.timed(province_year, args.repeat)
    want, d = base.timed(lambda: duck_counts(con, *YEAR, group=False), args.repeat)
    assert ours(counts) == tuple(want[0]), (ours(counts), want[0])
    results.append(("province, year 2020 (all measures)", t, d))
    per_unit, t = base.timed(every_unit_quarter, args.repeat)
    want, d = base.timed(lambda: duck_counts(con, *QUARTER, group=True), args.repeat)
    for a, (_r, c) in zip(agencies, per_unit, strict=True):
        assert ours(c) == tuple(want.get(a.pk, (0,) * 6)), (a.code, ours(c), want.get(a.pk))
    results.append(("40 units, Q2 2020 (compute_many)", t, d))
    _, t = base.timed(every_unit_one_by_one, max(1, args.repeat // 2))
    results.append(("40 units, Q2 2020 (one query set each)", t, d))
    _, t = base.timed(lambda: service.compute(root, *YEAR, source="rows"), max(1, args.repeat // 2))
    results.append(("province, year 2020 from rows (ORM)", t, results[0][2]))
    print(f"\n{args.rows:,} dossiers on {connection.vendor}, median of {args.repeat} warm runs;")
    print("the counts behind every dossier measure are equal to DuckDB's.\n")
    head = f"| {'query':<38} | {'ours (ms)':>10} | {'DuckDB (ms)':>11} | {'ours/DuckDB':>11} |"
    print(head)
    print("|" + "|".join("-" * len(c) for c in head.split("|")[1:-1]) + "|")
    for name, ours_s, duck_s in results:
        print(
            f"| {name:<38} | {ours_s * 1000:>10.1f} | {duck_s * 1000:>11.1f} "
            f"| {ours_s / duck_s:>10.2f}× |"
        )
    print()


if __name__ == "__main__":
    main()
