"""The national job for a Spark cluster, run by ``spark-submit`` without Django:

    spark-submit --master spark://master:7077 \\
        "$(python -c 'import cchc.national.spark_job as j; print(j.__file__)')" \\
        --source s3a://lake/cchc --from 2026-01-01 --to 2026-06-30 --by province --out out.json

Only the driver needs CCHC installed: the work is the SQL text of ``sql.py``, run by Spark's
JVM executors over the Parquet files the manifests list. The 766 points come from the indices
app's pure scoring module, the same one the provinces use.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from decimal import Decimal
from typing import Any

from cchc.indices.service_index import Counts, score, to_json
from cchc.national import sql
from cchc.national.engines import SparkEngine
from cchc.national.lake import lake_files


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (float(v) if isinstance(v, Decimal) else v) for k, v in row.items()}


def run(source: str, date_from: date, date_to: date, by: str, as_of: date) -> dict[str, Any]:
    engine = SparkEngine(lake_files(source), master="")
    stats = engine.query(sql.statistics(by=by, date_from=date_from, date_to=date_to, as_of=as_of))
    counts = engine.query(sql.service_counts(by=by, date_from=date_from, date_to=date_to))
    index = {}
    for r in counts:

        def c(num: Any, den: Any) -> Counts | None:
            return Counts(int(num or 0), int(den)) if den else None

        index[r["key"]] = to_json(score({
            "on_time": c(r["finished_ok"], r["finished"]),
            "online_share": c(r["online"], r["received"]),
            "online_procedures": c(r["online_procedures"], r["procedures"]),
        }))  # fmt: skip
    return {
        "from": date_from.isoformat(),
        "to": date_to.isoformat(),
        "by": by,
        "rows": [_plain(r) | {"service_index": index.get(r["key"])} for r in stats],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description="Số liệu toàn quốc trên Spark.")
    ap.add_argument("--source", required=True)
    ap.add_argument("--from", dest="date_from", required=True, type=date.fromisoformat)
    ap.add_argument("--to", dest="date_to", required=True, type=date.fromisoformat)
    ap.add_argument("--by", choices=list(sql.BY), default="province")
    ap.add_argument("--as-of", type=date.fromisoformat, default=date.today())
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    result = run(a.source, a.date_from, a.date_to, a.by, min(a.date_to, a.as_of))
    with open(a.out, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False, indent=2)


if __name__ == "__main__":
    main()
