"""PAR index scoring, pure: no ORM, no Django (STYLE habit 6).

A criteria set is a tree (areas → criteria → sub-criteria of any depth); only leaves carry
points a unit earns. A node applies to a unit when its ``groups`` is empty or holds the unit's
group, and a node applies only where its parent does. A unit's maximum is the sum of the
maxima of the leaves that apply to it (the "maximum shrinks" rule of DOMAIN 8); bonus leaves
add points without raising the maximum and penalty leaves subtract points. Index = points ÷
maximum, for the whole set and for every area and criterion.

Rules that turn a measured value into points ("≥ 98% → full, linear below") are data
(``Rule``, stored as JSON on the criterion), evaluated by ``rule_points``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

ZERO = Decimal(0)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")

# How a leaf gets its points.
SELF = "self"  # self-assessed by the unit, then appraised by the council
SURVEY = "survey"  # from a sociological survey (SIPAS): the unit does not score it
INDICATOR = "indicator"  # computed from an indicator of the registry by a rule
BONUS = "bonus"  # added, never raises the maximum
PENALTY = "penalty"  # subtracted
METHODS = (SELF, SURVEY, INDICATOR, BONUS, PENALTY)
UNIT_SCORED = (SELF, BONUS, PENALTY)


def q2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def percent(points: Decimal, maximum: Decimal) -> Decimal | None:
    """Index in percent with two decimals; None when nothing applies (maximum 0)."""
    if maximum <= 0:
        return None
    return q2(HUNDRED * points / maximum)


# -- rules ----------------------------------------------------------------------------------


class RuleError(ValueError):
    pass


def rule_points(rule: Mapping[str, Any], value: Decimal | None, maximum: Decimal) -> Decimal | None:
    """Points a measured ``value`` (a percentage, or a count) earns under ``rule``; None when
    there is no value to measure (the caller shows "no data", never a silent zero).

    Rule kinds (JSON):
    * ``{"kind": "linear", "full_at": 98}``: value ≥ full_at → maximum, below it
      maximum × value ÷ full_at (DOMAIN 5: "rate × max ÷ 80%").
    * ``{"kind": "threshold", "at": 100}``: value ≥ at → maximum, else 0.
    * ``{"kind": "steps", "steps": [[95, 1], [90, 0.5]]}``: the first step whose bound the
      value reaches gives that share of the maximum, else 0.
    * ``{"kind": "inverse_linear", "zero_at": 10}``: for "lower is better" values (a share of
      late dossiers): 0 → maximum, ≥ zero_at → 0, linear between.
    """
    if value is None:
        return None
    kind = rule.get("kind", "linear")
    v = Decimal(str(value))
    if kind == "linear":
        full = Decimal(str(rule.get("full_at", 100)))
        if full <= 0:
            raise RuleError("full_at must be positive")
        pts = maximum if v >= full else maximum * max(v, ZERO) / full
    elif kind == "threshold":
        pts = maximum if v >= Decimal(str(rule.get("at", 100))) else ZERO
    elif kind == "steps":
        pts = ZERO
        for bound, share in sorted(rule.get("steps", []), key=lambda s: -Decimal(str(s[0]))):
            if v >= Decimal(str(bound)):
                pts = maximum * Decimal(str(share))
                break
    elif kind == "inverse_linear":
        zero_at = Decimal(str(rule.get("zero_at", 100)))
        if zero_at <= 0:
            raise RuleError("zero_at must be positive")
        pts = ZERO if v >= zero_at else maximum * (zero_at - max(v, ZERO)) / zero_at
    else:
        raise RuleError(f"unknown rule kind {kind!r}")
    return q2(min(max(pts, ZERO), maximum))


def describe_rule(rule: Mapping[str, Any]) -> str:
    """The rule in Vietnamese words, for the criteria page and the decision appendix."""
    kind = rule.get("kind", "linear")
    if kind == "linear":
        return f"≥ {rule.get('full_at', 100)}% → điểm tối đa; thấp hơn: tính tỷ lệ"
    if kind == "threshold":
        return f"≥ {rule.get('at', 100)}% → điểm tối đa; thấp hơn: 0 điểm"
    if kind == "steps":
        return "; ".join(f"≥ {b}% → {s} × điểm tối đa" for b, s in rule.get("steps", []))
    if kind == "inverse_linear":
        return f"0% → điểm tối đa; ≥ {rule.get('zero_at', 100)}% → 0 điểm; tính tỷ lệ"
    return str(dict(rule))


# -- the tree -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    id: int
    parent: int | None
    number: str
    title: str
    maximum: Decimal
    method: str = SELF  # for leaves; inner nodes ignore it
    groups: tuple[str, ...] = ()
    order: int = 0


@dataclass
class Tree:
    nodes: dict[int, Node]
    children: dict[int | None, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, nodes: Iterable[Node]) -> Tree:
        by_id = {n.id: n for n in nodes}
        children: dict[int | None, list[int]] = {}
        for n in sorted(by_id.values(), key=lambda n: (n.order, n.id)):
            children.setdefault(n.parent, []).append(n.id)
        return cls(by_id, children)

    def is_leaf(self, node_id: int) -> bool:
        return not self.children.get(node_id)

    def roots(self) -> list[int]:
        return self.children.get(None, [])

    def walk(self, start: int | None = None) -> list[int]:
        """Depth-first, in order."""
        out: list[int] = []
        stack = list(reversed(self.children.get(start, [])))
        while stack:
            nid = stack.pop()
            out.append(nid)
            stack.extend(reversed(self.children.get(nid, [])))
        return out

    def leaves(self) -> list[int]:
        return [n for n in self.walk() if self.is_leaf(n)]

    def applies(self, node_id: int, group: str) -> bool:
        nid: int | None = node_id
        while nid is not None:
            node = self.nodes[nid]
            if node.groups and group not in node.groups:
                return False
            nid = node.parent
        return True

    def applicable_leaves(self, group: str) -> list[int]:
        return [n for n in self.leaves() if self.applies(n, group)]


@dataclass(frozen=True)
class Total:
    points: Decimal
    maximum: Decimal
    bonus: Decimal = ZERO
    penalty: Decimal = ZERO

    @property
    def index(self) -> Decimal | None:
        return percent(self.points, self.maximum)


def totals(
    tree: Tree,
    group: str,
    points: Mapping[int, Decimal | None],
    excluded: Iterable[int] = (),
) -> dict[int | None, Total]:
    """Points and maximum of every node (and the set, key None) for a unit of ``group``.
    Missing or None points count as 0; leaves that do not apply are left out of both, and so
    are ``excluded`` leaves (a computed criterion with nothing to measure for this unit: no
    dossier, no survey, DOMAIN 8's "no TTHC, say")."""
    skip = set(excluded)
    acc: dict[int | None, list[Decimal]] = {}

    def add(nid: int | None, p: Decimal, m: Decimal, b: Decimal, pen: Decimal) -> None:
        while True:
            row = acc.setdefault(nid, [ZERO, ZERO, ZERO, ZERO])
            row[0] += p
            row[1] += m
            row[2] += b
            row[3] += pen
            if nid is None:
                return
            nid = tree.nodes[nid].parent

    for leaf in tree.applicable_leaves(group):
        if leaf in skip:
            continue
        node = tree.nodes[leaf]
        got = points.get(leaf) or ZERO
        if node.method == BONUS:
            got = min(got, node.maximum)
            add(leaf, got, ZERO, got, ZERO)
        elif node.method == PENALTY:
            got = min(got, node.maximum)
            add(leaf, -got, ZERO, ZERO, got)
        else:
            add(leaf, min(got, node.maximum), node.maximum, ZERO, ZERO)
    out: dict[int | None, Total] = {}
    for nid in [None, *tree.walk()]:
        if nid is not None and not tree.applies(nid, group):
            continue
        p, m, b, pen = acc.get(nid, [ZERO, ZERO, ZERO, ZERO])
        out[nid] = Total(points=max(p, ZERO) if nid is None else p, maximum=m, bonus=b, penalty=pen)
    return out


def unit_maximum(tree: Tree, group: str) -> Decimal:
    return totals(tree, group, {})[None].maximum


# -- checking a set -------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    number: str
    message: str
    line: str = ""


def check_sums(tree: Tree, declared_total: Decimal | None = None) -> list[Problem]:
    """A node's maximum must equal the sum of its children's (bonus and penalty children
    excluded), and the areas must add up to the declared total when the file gives one."""
    problems: list[Problem] = []
    for nid in tree.walk():
        kids = tree.children.get(nid, [])
        if not kids:
            continue
        node = tree.nodes[nid]
        if node.method in (BONUS, PENALTY):
            continue
        total = sum(
            (tree.nodes[k].maximum for k in kids if tree.nodes[k].method not in (BONUS, PENALTY)),
            ZERO,
        )
        if total != node.maximum:
            problems.append(
                Problem(
                    node.number,
                    f"«{node.number} {node.title}» có điểm tối đa {fmt(node.maximum)} nhưng "
                    f"các tiêu chí con cộng lại {fmt(total)}.",
                )
            )
    if declared_total is not None:
        areas = sum(
            (
                tree.nodes[r].maximum
                for r in tree.roots()
                if tree.nodes[r].method not in (BONUS, PENALTY)
            ),
            ZERO,
        )
        if areas != declared_total:
            problems.append(
                Problem(
                    "",
                    f"Tổng điểm tối đa ghi trong tệp là {fmt(declared_total)} nhưng các lĩnh "
                    f"vực cộng lại {fmt(areas)}.",
                )
            )
    return problems


def fmt(value: Decimal) -> str:
    """12.5 → "12,5"; 10.00 → "10"."""
    text = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


# -- numbering (the import) -----------------------------------------------------------------

_ROMAN = re.compile(r"^(?:PHẦN\s+|LĨNH VỰC\s+)?([IVXLC]+)[.)/]?$", re.IGNORECASE)
_DOTTED = re.compile(r"^(\d+(?:\.\d+)*)\.?$")
_LETTER = re.compile(r"^([a-zđ])[.)]$")


def roman_value(text: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    s = text.upper()
    if not s or any(c not in values for c in s):
        return None
    total = 0
    for i, c in enumerate(s):
        v = values[c]
        if i + 1 < len(s) and values[s[i + 1]] > v:
            total -= v
        else:
            total += v
    return total


def number_level(number: str) -> tuple[str, int] | None:
    """("area", 0) for "II", ("dotted", depth) for "1." (1), "1.1" (2), "1.1.1" (3),
    ("letter", 0) for "a)"; None when the cell is not a criterion number."""
    text = number.strip()
    m = _ROMAN.match(text)
    if m and roman_value(m.group(1)) is not None:
        return "area", 0
    m = _DOTTED.match(text)
    if m:
        return "dotted", m.group(1).count(".") + 1
    if _LETTER.match(text):
        return "letter", 0
    return None


def parse_points(text: str) -> Decimal | None:
    """ "12,5" / "12.5" / "12,5 điểm" → Decimal; "" → None; a word → None."""
    t = text.strip().lower().replace("điểm", "").strip()
    if not t:
        return None
    t = t.lstrip("+").strip()
    if t.startswith(("-", "−", "–")):
        t = t[1:].strip()
    if re.fullmatch(r"\d+(?:[.,]\d+)?", t) is None:
        return None
    return Decimal(t.replace(",", "."))


# -- bands and ranking ----------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    name: str
    minimum: Decimal  # lower bound in percent
    inclusive: bool = True  # "từ 80%" includes 80, "trên 90%" does not


DEFAULT_BANDS: tuple[Band, ...] = (
    Band("Rất tốt", Decimal(90), inclusive=False),
    Band("Tốt", Decimal(80)),
    Band("Khá", Decimal(65)),
    Band("Trung bình", Decimal(50)),
    Band("Kém", Decimal(0)),
)


def bands_from_json(data: Sequence[Mapping[str, Any]]) -> tuple[Band, ...]:
    out = tuple(
        Band(str(b["name"]), Decimal(str(b["min"])), bool(b.get("inclusive", True))) for b in data
    )
    if not out:
        raise RuleError("at least one band")
    mins = [b.minimum for b in out]
    if mins != sorted(mins, reverse=True):
        raise RuleError("bands must go from the highest to the lowest")
    return out


def bands_to_json(bands: Sequence[Band]) -> list[dict[str, Any]]:
    return [{"name": b.name, "min": float(b.minimum), "inclusive": b.inclusive} for b in bands]


def band_for(index: Decimal | None, bands: Sequence[Band]) -> str:
    """The first band (highest first) the index reaches; "" without an index."""
    if index is None:
        return ""
    for b in bands:
        if index > b.minimum or (b.inclusive and index == b.minimum):
            return b.name
    return bands[-1].name


def band_label(band: Band, upper: Band | None) -> str:
    """Seed 003's wording: "Chỉ số CCHC trên 90%", "từ 65% đến dưới 80%", "dưới 50%"."""
    lo = fmt(band.minimum)
    if upper is None:
        return f"Chỉ số CCHC {'từ' if band.inclusive else 'trên'} {lo}%"
    hi = fmt(upper.minimum)
    below = "đến" if not upper.inclusive else "đến dưới"
    if band.minimum == 0:
        return f"Chỉ số CCHC dưới {hi}%" if upper.inclusive else f"Chỉ số CCHC đến {hi}%"
    return f"Chỉ số CCHC {'từ' if band.inclusive else 'trên'} {lo}% {below} {hi}%"


@dataclass(frozen=True)
class Ranked:
    key: Any
    group: str
    index: Decimal | None
    rank: int | None  # None: scored but not ranked
    band: str


def rank(
    rows: Iterable[tuple[Any, str, Decimal | None, bool]], bands: Sequence[Band]
) -> list[Ranked]:
    """Rank (key, group, index, ranked?) rows within their group, highest index first; equal
    indices share a rank (1, 2, 2, 4). Unranked units keep their band, without a rank."""
    by_group: dict[str, list[tuple[Any, Decimal | None, bool]]] = {}
    for key, group, index, ranked in rows:
        by_group.setdefault(group, []).append((key, index, ranked))
    out: list[Ranked] = []
    for group in sorted(by_group):
        items = sorted(by_group[group], key=lambda r: (r[1] is None, -(r[1] or ZERO)))
        position = 0
        last: Decimal | None = None
        last_rank = 0
        for key, index, ranked in items:
            r: int | None = None
            if ranked and index is not None:
                position += 1
                if index != last:
                    last_rank = position
                    last = index
                r = last_rank
            out.append(Ranked(key, group, index, r, band_for(index, bands)))
    return out


@dataclass(frozen=True)
class ParSummary:
    """A province's published PAR results in one line, for comparing provinces: how many
    units have an index, their mean (two decimals) and the highest and lowest."""

    units: int
    ranked: int
    mean: Decimal | None
    highest: Decimal | None
    lowest: Decimal | None


def par_summary(rows: Iterable[tuple[Decimal | None, bool]]) -> ParSummary:
    """(index, ranked?) of every unit of the published cycles → ``ParSummary``."""
    items = list(rows)
    values = [v for v, _ranked in items if v is not None]
    return par_summary_of(
        units=len(values),
        ranked=sum(1 for v, ranked in items if v is not None and ranked),
        total=sum(values, ZERO),
        highest=max(values, default=None),
        lowest=min(values, default=None),
    )


def par_summary_of(
    *, units: int, ranked: int, total: Decimal, highest: Decimal | None, lowest: Decimal | None
) -> ParSummary:
    """The same summary from sums (what an SQL engine returns): the one place the mean is
    taken and rounded."""
    mean = q2(total / units) if units else None
    return ParSummary(units, ranked, mean, highest, lowest)


def band_table(
    ranked: Iterable[Ranked], bands: Sequence[Band], groups: Sequence[str]
) -> list[list[int]]:
    """Seed 003's table: one row per band, one column per group plus the total, counting the
    ranked units only (its footnote 14 leaves the unranked ones out)."""
    counts = [[0] * (len(groups) + 1) for _ in bands]
    names = [b.name for b in bands]
    for r in ranked:
        if r.rank is None or r.group not in groups or r.band not in names:
            continue
        i = names.index(r.band)
        counts[i][groups.index(r.group)] += 1
        counts[i][-1] += 1
    return counts


# -- comparing with last year ---------------------------------------------------------------


@dataclass(frozen=True)
class Loss:
    number: str
    title: str
    maximum: Decimal
    lost: Decimal
    lost_last_year: Decimal | None

    @property
    def change(self) -> Decimal | None:
        return None if self.lost_last_year is None else self.lost - self.lost_last_year


def losses(
    this_year: Mapping[str, tuple[str, Decimal, Decimal]],
    last_year: Mapping[str, tuple[str, Decimal, Decimal]],
) -> list[Loss]:
    """Points lost per criterion (matched by number) this year and last; biggest loss first.
    Values are (title, points, maximum)."""
    out = []
    for number, (title, pts, mx) in this_year.items():
        prev = last_year.get(number)
        out.append(Loss(number, title, mx, mx - pts, None if prev is None else prev[2] - prev[1]))
    return sorted(out, key=lambda loss: (-loss.lost, loss.number))
