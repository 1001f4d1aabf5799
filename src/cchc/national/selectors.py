"""Reads of the national lake: seed 003's statistics, the Decision 766 index and the published
PAR and SIPAS results for every province, grouped."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from cchc.indices.service_index import Counts, ServiceIndex
from cchc.statistics.stats import DossierStats
from cchc.surveys.selectors import min_responses

from . import figures, sql
from .engines import open_engine

GROUPINGS = tuple(sql.BY)
RESULT_GROUPINGS = sql.RESULT_BY


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


def national_service_index(
    *,
    source: str,
    date_from: date,
    date_to: date,
    by: str = "province",
    engine: str = "duckdb",
    master: str = "local[2]",
) -> list[tuple[str, str, dict[str, Counts | None], ServiceIndex]]:
    """(key, label, counts, index) per group: the 766 measures from the lake (dossiers,
    publications, ratings), scored by the indices app's rules. Online payment and
    digitisation are "no data", as in every province (no app records them yet)."""
    if by not in sql.BY:
        raise ValueError(by)
    dossiers, pubs, ratings = figures.service_queries(by, date_from, date_to)
    with open_engine(source, engine, master=master) as eng:
        rows = eng.query(dossiers)
        extra = by in sql.RESULT_BY
        pub_rows = eng.query(pubs) if extra else []
        rating_rows = eng.query(ratings) if extra else []
    return figures.service_index(rows, pub_rows, rating_rows)


def national_results(
    *,
    source: str,
    year: int,
    by: str = "province",
    engine: str = "duckdb",
    master: str = "local[2]",
) -> tuple[list[figures.Results], dict[str, str]]:
    """The published PAR and SIPAS results of ``year`` per province (or unit, or group), and
    the SIPAS elements' names by code."""
    if by not in sql.RESULT_BY:
        raise ValueError(by)
    with open_engine(source, engine, master=master) as eng:
        par_rows = eng.query(sql.par(by=by, year=year))
        sipas_rows = eng.query(sql.sipas(by=by, year=year))
    # a province's own figure counts every answer; its units and groups only from
    # SURVEY_MIN_GROUP_RESPONSES responses, as on the province's own pages
    small = None if by == "province" else min_responses()
    return figures.results(par_rows, sipas_rows, min_responses=small)
