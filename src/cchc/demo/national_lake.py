"""A synthetic national lake: 34 provinces' pseudonymised dossier facts written as Parquet in
the layout ``cchc national export`` writes (manifests included), generated with numpy and
pyarrow from a fixed seed. For the national benchmark and the two-engine tests; nothing here
touches the database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from vietnam_provinces import Province

from cchc.national import facts, lake
from cchc.surveys.designs import SIPAS_ELEMENTS

PROVINCES = [f"{int(p.code):02d}" for p in Province.iter_all()]  # the 34 since 1/7/2025
GROUPS = ["departments", "communes", "central", "public_service"]
CHANNELS = np.array(["desk", "online_full", "online_partial", "post"])
EPOCH = np.datetime64("1970-01-01", "D")


def _days(d: date) -> int:
    return int((np.datetime64(d, "D") - EPOCH).astype(int))


def _coded(indices: np.ndarray, values: list[str]) -> pa.DictionaryArray:
    return pa.DictionaryArray.from_arrays(pa.array(indices.astype(np.int32)), pa.array(values))


def generate(
    uri: str,
    *,
    total: int,
    start: date = date(2024, 1, 1),
    months: int = 12,
    seed: int = 2026,
    units: int = 40,
    progress: Callable[[int], object] | None = None,
) -> dict[str, int]:
    """Write ``total`` dossiers spread over the provinces (sizes vary like real ones) and
    ``months`` months from ``start``; returns rows per province."""
    rng = np.random.default_rng(seed)
    extra = np.random.default_rng(seed + 1)  # the snapshots' own stream: dossiers stay as they were
    weights = rng.pareto(1.5, len(PROVINCES)) + 1
    sizes = np.floor(weights / weights.sum() * total).astype(np.int64)
    sizes[0] += total - sizes.sum()
    first = _days(start)
    month_starts = [np.datetime64(start, "M") + i for i in range(months + 1)]
    written: dict[str, int] = {}
    for p_i, province in enumerate(PROVINCES):
        w = lake.BatchWriter(uri, province=province, batch=1, since=None, until="2030-01-01")
        n_province = int(sizes[p_i])
        per_month = np.full(months, n_province // months)
        per_month[: n_province % months] += 1
        for m in range(months):
            n = int(per_month[m])
            lo = int((month_starts[m].astype("datetime64[D]") - EPOCH).astype(int))
            hi = int((month_starts[m + 1].astype("datetime64[D]") - EPOCH).astype(int))
            received = rng.integers(lo, hi, n, dtype=np.int32)
            allowance = rng.choice(np.array([1, 3, 5, 7, 10, 15, 20], np.int32), n)
            due = received + (allowance * 7 // 5).astype(np.int32)
            r = rng.random(n)
            finished = np.where(r < 0.02, due + rng.integers(1, 10, n, dtype=np.int32),
                                due - rng.integers(0, 4, n, dtype=np.int32))  # fmt: skip
            finished = np.maximum(finished, received)
            still_open = (finished > first + 30 * months) | (rng.random(n) < 0.01)
            # Codes as dictionary indices, never per-row Python strings: 100M rows stay
            # within minutes and memory (the same values the string form gave).
            kind = np.where(finished < due, 0, np.where(finished == due, 1, 2)).astype(np.int8)
            kind[still_open] = 3
            keys = pc.cast(pa.array(np.arange(n, dtype=np.int64) + m * 10**9), pa.string())
            unit = rng.integers(0, units, n)
            proc = rng.integers(0, 200, n)
            fin = pa.array(finished, pa.int32()).cast(pa.date32())
            table = pa.table(
                {
                    "batch": pa.array(np.ones(n, np.int32)),
                    "dossier_key": keys,
                    "agency_code": _coded(unit, [f"U{i}" for i in range(units)]),
                    "procedure_code": _coded(proc, [f"1.00{i}" for i in range(200)]),
                    "field_code": _coded(proc % 20, [f"F{i}" for i in range(20)]),
                    "level": _coded(unit >= units // 2, ["province", "commune"]),
                    "channel": _coded(rng.choice(4, n, p=[0.45, 0.3, 0.2, 0.05]), list(CHANNELS)),
                    "status": _coded(still_open, ["returned", "in_progress"]),
                    "timeliness": _coded(kind, ["early", "on_time", "late", ""]),
                    "received_date": pa.array(received, pa.int32()).cast(pa.date32()),
                    "due_date": pa.array(due, pa.int32()).cast(pa.date32()),
                    "finished_date": pc.if_else(pa.array(still_open), pa.scalar(None, pa.date32()), fin),
                    "apologized": pa.array((kind == 2) & (rng.random(n) < 0.9)),
                    "supplement_count": pa.array(rng.choice(np.array([0, 1, 2], np.int16), n, p=[0.95, 0.04, 0.01])),
                }
            )  # fmt: skip
            month = str(month_starts[m])
            w.add(facts.DOSSIERS, table, {"province": province, "month": month})
            if progress:
                progress(n)
        codes = [f"U{i}" for i in range(units)]
        w.add(
            facts.AGENCIES,
            pa.table(
                {
                    "batch": pa.array(np.ones(units, np.int32)),
                    "code": codes,
                    "name": [f"Đơn vị {i} tỉnh {province}" for i in range(units)],
                    "kind": ["department" if i < units // 2 else "commune" for i in range(units)],
                    "parent_code": [None] * units,
                    "successor_code": [None] * units,
                    "valid_from": pa.array([None] * units, pa.date32()),
                    "valid_to": pa.array([None] * units, pa.date32()),
                    "unit_code": codes,
                    "unit_name": [f"Đơn vị {i} tỉnh {province}" for i in range(units)],
                    "unit_group": [GROUPS[0] if i < units // 2 else GROUPS[1 + i % 3] for i in range(units)],
                },
                schema=facts.AGENCY_SCHEMA,
            ),
            {"province": province},
        )  # fmt: skip
        _published_results(w, province, extra, codes, start, months, n_province)
        w.commit()
        written[province] = n_province
    return written


def _published_results(
    w: lake.BatchWriter,
    province: str,
    rng: np.random.Generator,
    codes: list[str],
    start: date,
    months: int,
    n_dossiers: int,
) -> None:
    """The small snapshots beside the dossiers: the PAR index its units published for the
    year, its SIPAS answers, procedure publications and citizens' ratings (one for about a
    hundred dossiers). Some provinces have published neither PAR nor SIPAS."""
    units = len(codes)
    part = {"province": province}
    lo, hi = _days(start), _days(start) + 30 * months
    if rng.random() < 0.85:
        index = np.round(rng.uniform(55, 98, units), 2)
        w.add(facts.INDEX_SCORES, pa.table({
            "batch": pa.array(np.ones(units, np.int32)),
            "year": pa.array(np.full(units, start.year, np.int16)),
            "agency_code": codes,
            "group": [GROUPS[0] if i < units // 2 else GROUPS[1] for i in range(units)],
            "ranked": pa.array(rng.random(units) < 0.95),
            "points": pa.array(index),
            "maximum": pa.array(np.full(units, 100.0)),
            "index": pa.array(index),
            "rank": pa.array(rng.integers(1, units, units).astype(np.int16)),
            "published": pa.array(np.ones(units, bool)),
            "band": ["Tốt" if v >= 80 else "Khá" for v in index],
        }, schema=facts.INDEX_SCORE_SCHEMA), part)  # fmt: skip
    if rng.random() < 0.8:
        elements = [code for code, _name, _q in SIPAS_ELEMENTS]
        names = [name for _code, name, _q in SIPAS_ELEMENTS]
        n = units * len(elements)
        answers = rng.integers(20, 200, n).astype(np.int32)
        # one response answers every element: the unit's smallest count, on each of its rows
        responses = np.repeat(answers.reshape(units, len(elements)).min(axis=1), len(elements))
        w.add(facts.SIPAS, pa.table({
            "batch": pa.array(np.ones(n, np.int32)),
            "year": pa.array(np.full(n, start.year, np.int16)),
            "survey_code": [f"SIPAS-{start.year}"] * n,
            "agency_code": [c for c in codes for _e in elements],
            "element_code": elements * units,
            "element_order": pa.array(np.tile(np.arange(1, len(elements) + 1, dtype=np.int16), units)),
            "element_name": names * units,
            "satisfied": pa.array((answers * rng.uniform(0.7, 0.98, n)).astype(np.int32)),
            "answers": pa.array(answers),
            "responses": pa.array(responses.astype(np.int32)),
        }, schema=facts.SIPAS_SCHEMA), part)  # fmt: skip
    n = 60
    effective = rng.integers(lo, hi, n).astype(np.int32)
    ahead = rng.integers(0, 20, n).astype(np.int32)
    w.add(facts.PUBLICATIONS, pa.table({
        "batch": pa.array(np.ones(n, np.int32)),
        "procedure_code": [f"1.00{i}" for i in rng.integers(0, 200, n)],
        "agency_code": [codes[i] for i in rng.integers(0, units, n)],
        "decision_date": pa.array(effective - ahead, pa.int32()).cast(pa.date32()),
        "effective_date": pa.array(effective, pa.int32()).cast(pa.date32()),
        "days_ahead": pa.array(ahead),
    }, schema=facts.PUBLICATION_SCHEMA), part)  # fmt: skip
    n = max(1, n_dossiers // 100)
    w.add(facts.RATINGS, pa.table({
        "batch": pa.array(np.ones(n, np.int32)),
        "dossier_key": pc.cast(pa.array(np.arange(n, dtype=np.int64)), pa.string()),
        "agency_code": _coded(rng.integers(0, units, n), codes),
        "level": _coded(rng.choice(3, n, p=[0.5, 0.45, 0.05]), ["very_satisfied", "satisfied", "unsatisfied"]),
        "channel": _coded(rng.integers(0, 2, n), ["desk", "online"]),
        "total_score": pa.array(np.full(n, None), pa.int16()),
        "rated_date": pa.array(rng.integers(lo, hi, n).astype(np.int32), pa.int32()).cast(pa.date32()),
    }, schema=facts.RATING_SCHEMA), part)  # fmt: skip
