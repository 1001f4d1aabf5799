"""The national job for a Spark cluster, run by ``spark-submit`` without Django:

    spark-submit --master spark://master:7077 \\
        "$(python -c 'import cchc.national.spark_job as j; print(j.__file__)')" \\
        --source s3a://lake/cchc --from 2026-01-01 --to 2026-06-30 --by province --out out.json

Only the driver needs CCHC installed: the work is the SQL text of ``sql.py``, run by Spark's
JVM executors over the Parquet files the manifests list. The 766 points come from the indices
app's pure scoring module, the same one the provinces use, through ``figures`` (as the
national instance maps them); PAR and SIPAS results likewise.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from decimal import Decimal
from typing import Any

from cchc.indices.service_index import to_json
from cchc.national import figures, sql
from cchc.national.engines import SparkEngine
from cchc.national.lake import lake_files


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (float(v) if isinstance(v, Decimal) else v) for k, v in row.items()}


def run(
    source: str, date_from: date, date_to: date, by: str, as_of: date, year: int | None = None
) -> dict[str, Any]:
    engine = SparkEngine(lake_files(source), master="")
    stats = engine.query(sql.statistics(by=by, date_from=date_from, date_to=date_to, as_of=as_of))
    dossiers, pubs, ratings = figures.service_queries(by, date_from, date_to)
    extra = by in sql.RESULT_BY
    index = {
        key: to_json(idx)
        for key, _label, _counts, idx in figures.service_index(
            engine.query(dossiers),
            engine.query(pubs) if extra else [],
            engine.query(ratings) if extra else [],
        )
    }
    results: dict[str, dict[str, Any]] = {}
    if extra:
        y = year or date_to.year
        found, _names = figures.results(
            engine.query(sql.par(by=by, year=y)), engine.query(sql.sipas(by=by, year=y))
        )
        results = {r.key: r.as_dict() for r in found}
    return {
        "from": date_from.isoformat(),
        "to": date_to.isoformat(),
        "by": by,
        "year": year or date_to.year,
        "rows": [
            _plain(r)
            | {"service_index": index.get(r["key"])}
            | {k: results.get(r["key"], {}).get(k) for k in ("par", "sipas")}
            for r in stats
        ],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description="Số liệu toàn quốc trên Spark.")
    ap.add_argument("--source", required=True)
    ap.add_argument("--from", dest="date_from", required=True, type=date.fromisoformat)
    ap.add_argument("--to", dest="date_to", required=True, type=date.fromisoformat)
    ap.add_argument("--by", choices=list(sql.BY), default="province")
    ap.add_argument("--as-of", type=date.fromisoformat, default=date.today())
    ap.add_argument("--year", type=int, help="PAR, SIPAS year (default: the year of --to)")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    result = run(a.source, a.date_from, a.date_to, a.by, min(a.date_to, a.as_of), a.year)
    with open(a.out, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False, indent=2)


if __name__ == "__main__":
    main()
