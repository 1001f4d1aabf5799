"""Criteria structures shipped as data (the demo loads them; a province edits or replaces them).

* ``PROVINCIAL_2022_2030``: the eight areas of the provincial PAR index under Decision
  876/QĐ-BNV (10/11/2022). DOMAIN 8 confirms the eight areas and the 100-point total; the
  maxima below are the 2017 provincial shape (Decision 2948/QĐ-BNV) because we could not read
  the 2022 maxima from a primary text: every row is marked [check] and is editable data.
* ``UNIT_SET``: a department/commune set in the shape of a province's decision (Hà Nội
  5666/QĐ-UBND: eight contents plus bonus and penalty points), with criteria that apply to
  one group only, indicator-computed and survey criteria. Illustrative: [check] against the
  province's own decision before use.

The sets are CSV files in ``data/`` (``;``-separated, one criterion a line, ``rule`` as JSON,
``check`` marked ``x``), so that a province edits a file rather than code. In memory a row is
(number, title, maximum, method, groups, indicator, rule, check).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

Row = tuple[str, str, float, str, tuple[str, ...], str, dict[str, Any], bool]

DATA = Path(__file__).resolve().parent / "data"
LINEAR = "linear"


def load(name: str) -> list[Row]:
    """One shipped set, read from ``data/<name>.csv``."""
    rows: list[Row] = []
    with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter=";"):
            maximum = r["maximum"]
            rows.append(
                (
                    r["number"],
                    r["title"],
                    float(maximum) if "." in maximum else int(maximum),
                    r["method"],
                    tuple(g for g in r["groups"].split(",") if g),
                    r["indicator"],
                    json.loads(r["rule"]) if r["rule"] else {},
                    r["check"] == "x",
                )
            )
    return rows


PROVINCIAL_2022_2030 = load("provincial_2022_2030")
UNIT_SET = load("unit_set")
# A small set for stories and tests: two areas, one criterion for departments only, one
# computed from the on-time indicator, a bonus block.
SMALL_SET = load("small_set")


def to_nodes(rows: list[Row]) -> list[dict[str, Any]]:
    """The importer's node shape (``importing.parse()["nodes"]``), for ``criteria_set_create``."""
    nodes: list[dict[str, Any]] = []
    area: dict[str, Any] | None = None
    path: list[dict[str, Any]] = []
    special = ""
    for number, title, maximum, method, groups, indicator, rule, check in rows:
        is_area = number == "" or (number and number[0] in "IVX" and "." not in number)
        if is_area:
            depth = 0
            parent = None
            special = method if method in ("bonus", "penalty") else ""
            path = []
        else:
            depth = number.rstrip(".").count(".") + 1
            path = path[: depth - 1]
            parent = path[-1] if path else area
        node = {
            "id": len(nodes) + 1,
            "parent": parent["id"] if parent else None,
            "number": number or ("+" if method == "bonus" else "−"),
            "title": title,
            "maximum": float(maximum),
            "method": special or method,
            "groups": list(groups),
            "indicator": indicator,
            "rule": rule,
            "check": check,
            "evidence_hint": "",
            "depth": depth,
        }
        nodes.append(node)
        if is_area:
            area = node
        else:
            path.append(node)
    return nodes
