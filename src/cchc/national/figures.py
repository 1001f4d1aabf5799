"""SQL rows → the figures, through the owning apps' pure functions (no database, no Django):
the national instance and the Spark driver job (``spark_job``) both use this, so there is one
mapping from the engines' sums to the 766 counts, the PAR summary and the SIPAS indices, and
one definition of each figure (the indices, evaluations and surveys apps' own)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from cchc.evaluations.shares import Shares
from cchc.indices.scoring import ParSummary, par_summary_of
from cchc.indices.service_index import (
    DEFAULT_MEASURES,
    Counts,
    Measure,
    ServiceIndex,
    lead_days,
    satisfaction,
    score,
)
from cchc.surveys import results as sipas_formulas

from . import sql

DISLIKE_INDICATOR = "rating_unsatisfied_share"  # the ratings' "Chưa hài lòng" share


def service_counts(
    row: Mapping[str, Any],
    publications: Mapping[str, Any] | None = None,
    ratings: Mapping[str, Any] | None = None,
    measures: tuple[Measure, ...] = DEFAULT_MEASURES,
) -> dict[str, Counts | None]:
    """The 766 measures' counts of one group, shaped as ``cchc.indices.service.counts``
    shapes them (a zero denominator is "no data"): dossiers from ``sql.service_counts``,
    publications from ``sql.publications``, the dislike share from ``sql.ratings``.
    Online payment and digitisation have no source in any province yet: "no data" there and
    here alike."""

    def c(num: Any, den: Any) -> Counts | None:
        den = int(den or 0)
        return Counts(int(num or 0), den) if den else None

    finished = int(row["finished"] or 0)
    late = Counts(finished - int(row["finished_ok"] or 0), finished)
    names_dislike = any(
        m.key == "satisfaction" and m.rule.get("dislike_indicator") == DISLIKE_INDICATOR
        for m in measures
    )
    dislike = None
    if names_dislike and ratings is not None:
        shares = Shares(
            total=int(ratings["ratings"] or 0), unsatisfied=int(ratings["unsatisfied"] or 0)
        )
        dislike = shares.unsatisfied_share
    return {
        "on_time": c(row["finished_ok"], row["finished"]),
        "online_share": c(row["online"], row["received"]),
        "online_procedures": c(row["online_procedures"], row["procedures"]),
        "published_on_time": c(publications["on_time"], publications["items"])
        if publications is not None
        else None,
        "online_payment": None,
        "digitised": None,
        "satisfaction": satisfaction(late, None, dislike),
    }


def service_index(
    rows: Iterable[Mapping[str, Any]],
    publications: Iterable[Mapping[str, Any]],
    ratings: Iterable[Mapping[str, Any]],
    measures: tuple[Measure, ...] = DEFAULT_MEASURES,
) -> list[tuple[str, str, dict[str, Counts | None], ServiceIndex]]:
    """(key, label, counts, index) per group of the dossier rows."""
    pubs = {str(r["key"]): r for r in publications if r["key"] is not None}
    rates = {str(r["key"]): r for r in ratings if r["key"] is not None}
    out = []
    for r in rows:
        key = str(r["key"])
        counts = service_counts(r, pubs.get(key), rates.get(key), measures)
        out.append((key, str(r["label"] or r["key"]), counts, score(counts, measures)))
    return out


def service_queries(by: str, date_from: date, date_to: date) -> tuple[str, str, str]:
    """The three SQL texts behind the 766 figures (dossiers, publications, ratings)."""
    return (
        sql.service_counts(by=by, date_from=date_from, date_to=date_to),
        sql.publications(
            by=by, date_from=date_from, date_to=date_to, lead_days=lead_days(DEFAULT_MEASURES)
        ),
        sql.ratings(by=by, date_from=date_from, date_to=date_to),
    )


@dataclass
class Results:
    """A group's published PAR and SIPAS results of one year (None: not published)."""

    key: str
    label: str
    province: str
    par: ParSummary | None = None
    par_rank: int | None = None  # a unit's own published rank, when the group is one unit
    par_band: str = ""
    sipas: Decimal | None = None
    elements: dict[str, Decimal | None] = field(default_factory=dict)
    answers: int = 0
    responses: int | None = 0  # None: not in the lake (an export older than the column)
    suppressed: bool = False  # too few responses for the unit's indices to be shown
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        def num(v: Decimal | None) -> float | None:
            return None if v is None else float(v)

        p = self.par
        return {
            "key": self.key,
            "label": self.label,
            "par": None
            if p is None
            else {
                "units": p.units,
                "ranked": p.ranked,
                "mean": num(p.mean),
                "highest": num(p.highest),
                "lowest": num(p.lowest),
                "rank": self.par_rank,
                "band": self.par_band,
            },
            "sipas": None
            if self.sipas is None
            else {
                "index": num(self.sipas),
                "elements": {k: num(v) for k, v in self.elements.items()},
                "answers": self.answers,
                "responses": self.responses,
            },
            "sipas_suppressed": self.suppressed,
        }


def results(
    par_rows: Iterable[Mapping[str, Any]],
    sipas_rows: Iterable[Mapping[str, Any]],
    *,
    min_responses: int | None = None,
) -> tuple[list[Results], dict[str, str]]:
    """Per group, the PAR summary (``par_summary_of``) and the SIPAS indices (element index
    = share satisfied; SIPAS = their mean, ``cchc.surveys.results``); and the elements'
    names by code, in their order. With ``min_responses`` (units and groups, not provinces:
    the province's own rule), a group with fewer responses, or an unknown number, shows no
    index: the survey promised anonymity, and a commune desk's two answers would break it."""
    out: dict[str, Results] = {}

    def get(r: Mapping[str, Any]) -> Results:
        key = str(r["key"])
        if key not in out:
            out[key] = Results(key, str(r["label"] or key), str(r["province"]))
        return out[key]

    for r in par_rows:
        if r["key"] is None:
            continue
        res = get(r)
        if int(r["units"] or 0) == 0:
            continue

        def dec(v: Any) -> Decimal | None:
            return None if v is None else Decimal(str(v)).quantize(Decimal("0.01"))

        res.par = par_summary_of(
            units=int(r["units"]),
            ranked=int(r["ranked"] or 0),
            total=Decimal(int(r["index_centi"] or 0)) / 100,
            highest=dec(r["highest"]),
            lowest=dec(r["lowest"]),
        )
        if res.par.units == 1:
            res.par_rank = None if r["unit_rank"] is None else int(r["unit_rank"])
            res.par_band = str(r["band"] or "")
    elements: dict[str, tuple[int, str]] = {}
    for r in sipas_rows:
        if r["key"] is None:
            continue
        res = get(r)
        code = str(r["element"])
        elements.setdefault(code, (int(r["element_order"] or 0), str(r["element_name"] or code)))
        res.elements[code] = sipas_formulas.element_index(
            int(r["satisfied"] or 0), int(r["answers"] or 0)
        )
        res.answers += int(r["answers"] or 0)
        # every response answers every element: the group's responses are its largest count
        if r.get("responses") is None:
            res.responses = None
        elif res.responses is not None:
            res.responses = max(res.responses, int(r["responses"]))
    for res in out.values():
        if not res.elements:
            continue
        if min_responses is not None and (res.responses is None or res.responses < min_responses):
            res.suppressed = True
            res.elements = dict.fromkeys(res.elements)
            continue
        res.sipas = sipas_formulas.sipas(res.elements.values())
    names = {code: name for code, (_o, name) in sorted(elements.items(), key=lambda i: i[1])}
    return sorted(out.values(), key=lambda r: r.key), names
