"""Reads of the national lake: seed 003's statistics for every province, grouped."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from cchc.indices.service_index import Counts, ServiceIndex, score
from cchc.statistics.stats import DossierStats

from . import sql
from .engines import open_engine

GROUPINGS = tuple(sql.BY)


def national_statistics(
    *,
    source: str,
    date_from: date,
    date_to: date,
    by: str = "province",
    engine: str = "duckdb",
    master: str = "local[2]",
    today: date | None = None,
) -> list[DossierStats]:
    """One ``DossierStats`` per group (key ``province`` or ``province:code``), then the
    national total (key None). Overdue is taken as of the earlier of ``date_to`` and today."""
    if by not in sql.BY:
        raise ValueError(by)
    as_of = min(date_to, today or timezone.localdate())
    text = sql.statistics(by=by, date_from=date_from, date_to=date_to, as_of=as_of)
    with open_engine(source, engine, master=master) as eng:
        rows = eng.query(text)
    return to_stats(rows)


def to_stats(rows: list[dict[str, Any]]) -> list[DossierStats]:
    out = []
    total = DossierStats(label="Toàn quốc")
    for r in rows:
        s = DossierStats(label=str(r["label"] or r["key"]), key=r["key"])
        for name in sql.COUNT_COLUMNS:
            setattr(s, name, int(r[name] or 0))
        s.extra["province"] = r["province"]
        total.add(s)
        out.append(s)
    return [*out, total]


def service_counts(row: dict[str, Any]) -> dict[str, Counts | None]:
    """The 766 measures' counts from one SQL row, shaped as ``cchc.indices.service.counts``
    shapes them (a zero denominator is "no data")."""

    def c(num: Any, den: Any) -> Counts | None:
        den = int(den or 0)
        return Counts(int(num or 0), den) if den else None

    return {
        "on_time": c(row["finished_ok"], row["finished"]),
        "online_share": c(row["online"], row["received"]),
        "online_procedures": c(row["online_procedures"], row["procedures"]),
    }


def national_service_index(
    *,
    source: str,
    date_from: date,
    date_to: date,
    by: str = "province",
    engine: str = "duckdb",
    master: str = "local[2]",
) -> list[tuple[str, str, dict[str, Counts | None], ServiceIndex]]:
    """(key, label, counts, index) per group: the 766 dossier measures from the lake, scored
    by the indices app's rules. Measures whose inputs the lake does not carry (publications,
    payment, digitisation, complaints) are "no data", as on a province without them."""
    if by not in sql.BY:
        raise ValueError(by)
    text = sql.service_counts(by=by, date_from=date_from, date_to=date_to)
    with open_engine(source, engine, master=master) as eng:
        rows = eng.query(text)
    out = []
    for r in rows:
        counts = service_counts(r)
        out.append((str(r["key"]), str(r["label"] or r["key"]), counts, score(counts)))
    return out
