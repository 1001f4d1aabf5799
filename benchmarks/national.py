"""Benchmark: the national statistics, the Decision 766 measures and the published PAR and
SIPAS results for 34 provinces, from a Parquet lake, on DuckDB (embedded, the reference: 1.00×)
and on Spark ``local[2]``, the same SQL text on both, in the same run.

    python benchmarks/national.py [--rows 10000000] [--rows 100000000] [--repeat 3] [--dir /tmp]

The lake is generated with numpy/pyarrow (``cchc.demo.national_lake``, fixed seed: 34
provinces of uneven size, 12 months, 40 units each, with their published PAR and SIPAS results,
publications and ratings) under ``var/bench-national-<rows>`` (``--dir`` elsewhere, e.g.
``/tmp`` at 100M) and reused when it is already there. Each query is timed warm (median of
``--repeat``) after one cold run; the figures of both engines are compared and must be equal.
Spark's physical plan is printed once per size: its exchanges are the shuffles, and each
exchange starts a stage.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")

import django  # noqa: E402

django.setup()

from cchc.demo import national_lake  # noqa: E402
from cchc.national import sql  # noqa: E402
from cchc.national.engines import DuckDBEngine, SparkEngine  # noqa: E402
from cchc.national.lake import lake_files  # noqa: E402

F, T, AS_OF = date(2024, 1, 1), date(2024, 6, 30), date(2024, 12, 31)


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*.parquet"))


def timed(fn, repeat: int) -> tuple[float, object]:
    result = fn()  # cold
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs), result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, action="append")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--dir", type=Path, default=ROOT / "var", help="where the lakes are kept")
    args = ap.parse_args()
    sizes = args.rows or [10_000_000]
    queries = {
        "statistics by province": sql.statistics(by="province", date_from=F, date_to=T, as_of=AS_OF),
        "statistics by unit": sql.statistics(by="agency", date_from=F, date_to=T, as_of=AS_OF),
        "766 measures by province": sql.service_counts(by="province", date_from=F, date_to=T),
        "766 ratings by province": sql.ratings(by="province", date_from=F, date_to=T),
        "PAR results by unit": sql.par(by="agency", year=F.year),
        "SIPAS results by unit": sql.sipas(by="agency", year=F.year),
    }  # fmt: skip
    table = []
    plans = {}
    for rows in sizes:
        where = args.dir / f"bench-national-{rows}"
        if not (where / "_manifests").exists():
            t0 = time.perf_counter()
            national_lake.generate(str(where), total=rows, start=date(2024, 1, 1), months=12)
            print(f"generated {rows:,} rows in {time.perf_counter() - t0:.1f} s", flush=True)
        files = lake_files(str(where))
        mb = size_of(where) / 1e6
        duck = DuckDBEngine(files)
        spark = SparkEngine(files, master="local[2]")
        for name, text in queries.items():
            d_s, d_rows = timed(lambda t=text, e=duck: e.query(t), args.repeat)
            s_s, s_rows = timed(lambda t=text, e=spark: e.query(t), args.repeat)
            same = [tuple(r.values()) for r in d_rows] == [tuple(r.values()) for r in s_rows]
            table.append((rows, mb, name, d_s, s_s, same))
            print(table[-1], flush=True)
        plans[rows] = spark.explain(queries["statistics by unit"])
        duck.close()
    print()
    print("| dossiers | Parquet MB | query | DuckDB s | DuckDB rows/s | Spark local[2] s "
          "| Spark rows/s | Spark ÷ DuckDB | equal |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for rows, mb, name, d_s, s_s, same in table:
        print(f"| {rows:,} | {mb:,.0f} | {name} | {d_s:.2f} | {rows / d_s:,.0f} | {s_s:.2f} "
              f"| {rows / s_s:,.0f} | {s_s / d_s:.2f}× | {'yes' if same else 'NO'} |")  # fmt: skip
    for rows, plan in plans.items():
        exchanges = len(re.findall(r"Exchange", plan))
        print(f"\nSpark plan, statistics by unit, {rows:,} rows: {exchanges} exchanges "
              f"(shuffles), {exchanges + 1} stages")  # fmt: skip
        print(plan)


if __name__ == "__main__":
    main()
