"""Reading a criteria set from the province's decision appendix (DOCX or XLSX).

The file's tables come from the plans importer's grid readers (``plans.tables.grids_any``:
merged cells repeated, Word's automatic numbers rendered); this module finds the header row
(a "điểm tối đa" column beside a criteria column), reads the numbering (``I`` areas, ``1.``,
``1.1``, ``1.1.1`` and ``a)`` below), skips repeated headers and column-number rows, joins rows
a page break split, and recognises bonus and penalty rows. The result is a plain JSON preview
(what the person checks before committing, and what ``--dry-run --json`` prints); any problem
is a line-numbered Vietnamese message and nothing is written.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from cchc.core.text import fold
from cchc.plans.tables import Grid, TableError, grids_any

from . import scoring

MAX_ROWS = 3000

_ROLES: list[tuple[str, tuple[str, ...]]] = [
    ("max", ("diem toi da", "diem chuan", "thang diem", "diem quy dinh")),
    ("evidence", ("kiem chung", "tai lieu")),
    ("method", ("cach cham", "phuong phap", "cach tinh", "nguon diem")),
    ("groups", ("ap dung", "doi tuong")),
    ("number", ("stt", "tt", "so thu tu", "ma")),
    ("title", ("tieu chi", "noi dung", "linh vuc", "ten")),
]
_COLUMN_NUMBERS = re.compile(r"^\(?\d{1,2}\)?$")
_LEADING_NUMBER = re.compile(
    r"^\s*((?:PHẦN\s+)?[IVXLC]+[.)]|\d+(?:\.\d+)*\.?|[a-zđ]\))\s+(.*)$", re.DOTALL
)
_INDICATOR = re.compile(r"(?:chỉ số|indicator)\s*[:=]?\s*([a-z][a-z0-9_]{2,})", re.IGNORECASE)
_FULL_AT = re.compile(r"(?:≥|>=|từ)\s*(\d+(?:[.,]\d+)?)\s*%")
GROUP_WORDS = {
    "departments": ("so", "ban", "nganh"),
    "communes": ("xa", "phuong", "thi tran"),
    "districts": ("huyen",),
    "public_service": ("su nghiep",),
    "central": ("trung uong",),
}


def _role(header: str) -> str | None:
    h = fold(header)
    for role, words in _ROLES:
        if role == "number":
            if h in words or h.startswith("so thu tu"):
                return role
            continue
        if any(w in h for w in words):
            return role
    return None


def _header(row: list[str]) -> dict[str, int] | None:
    roles: dict[str, int] = {}
    for i, cell in enumerate(row):
        role = _role(cell)
        if role and role not in roles:
            roles[role] = i
    if "max" in roles and "title" in roles:
        return roles
    return None


def _method_of(title: str, method_text: str, in_special: str) -> tuple[str, str, dict[str, Any]]:
    """(method, indicator key, rule) from the method column and the title's wording."""
    if in_special:
        return in_special, "", {}
    text = fold(f"{method_text} {title}")
    m = _INDICATOR.search(method_text)
    if m:
        full = _FULL_AT.search(method_text)
        rule: dict[str, Any] = {"kind": "linear", "full_at": 100}
        if full:
            rule["full_at"] = float(full.group(1).replace(",", "."))
        return scoring.INDICATOR, m.group(1), rule
    if "dieu tra" in text or "khao sat" in text or "xa hoi hoc" in text:
        return scoring.SURVEY, "", {}
    return scoring.SELF, "", {}


def _special(title: str) -> str:
    t = fold(title)
    if t.startswith(("diem thuong", "diem cong", "cong diem")):
        return scoring.BONUS
    if t.startswith(("diem tru", "tru diem")):
        return scoring.PENALTY
    return ""


def _groups(text: str) -> list[str]:
    t = fold(text)
    if not t or "tat ca" in t or t == "chung":
        return []
    return [g for g, words in GROUP_WORDS.items() if any(w in t.split() or w in t for w in words)]


def _is_total(title: str) -> bool:
    t = fold(title)
    return t.startswith(("tong cong", "tong diem", "tong so diem", "cong"))


def parse(path_or_file: Any, filename: str) -> dict[str, Any]:
    """The preview of a file: ``{"areas", "criteria", "sub_criteria", "leaves", "max_points",
    "tree", "errors", "warnings"}``. Never raises for a bad table: problems go to ``errors``."""
    try:
        grids, what = grids_any(path_or_file, filename)
    except TableError as exc:
        return _result([], [exc.message], [], None)
    nodes: list[dict[str, Any]] = []
    errors: list[str] = []
    warnings: list[str] = []
    declared: Decimal | None = None
    found = False
    for grid in grids:
        d, f = _read_grid(grid, nodes, errors, warnings)
        found = found or f
        declared = d if d is not None else declared
    if not found:
        errors.insert(
            0,
            f"{what.capitalize()} không có bảng tiêu chí: cần một hàng tiêu đề có cột "
            f"«Tiêu chí» (hoặc «Nội dung») và cột «Điểm tối đa».",
        )
    elif not nodes:
        errors.append("Bảng tiêu chí không có dòng nào được đánh số (I, 1., 1.1…).")
    if nodes and not errors:
        tree = _tree(nodes)
        lines = {n["id"]: n["line"] for n in nodes}
        for p in scoring.check_sums(tree, declared):
            node = next((n for n in nodes if n["number"] == p.number), None) if p.number else None
            where = f"{lines[node['id']]}: " if node else ""
            errors.append(where + p.message)
    return _result(nodes, errors, warnings, declared)


def _read_grid(
    grid: Grid, nodes: list[dict[str, Any]], errors: list[str], warnings: list[str]
) -> tuple[Decimal | None, bool]:
    roles: dict[str, int] | None = None
    declared: Decimal | None = None
    stack: list[dict[str, Any]] = []  # the open path: area, 1., 1.1, ...
    special = ""
    if len(grid.rows) > MAX_ROWS:
        errors.append(f"{grid.name}: quá {MAX_ROWS} dòng, không đọc.")
        return None, False
    for r, row in enumerate(grid.rows):
        line = grid.sources[r]
        cells = [c.strip() for c in row]
        if roles is None:
            roles = _header(cells)
            continue
        if _header(cells) is not None or (
            all(_COLUMN_NUMBERS.match(c) for c in cells if c) and any(cells)
        ):
            continue  # a header repeated on a new page, or the (1) (2) (3) row
        if not any(cells):
            continue

        found: dict[str, int] = roles

        def cell(role: str, cells: list[str] = cells, found: dict[str, int] = found) -> str:
            i = found.get(role)
            return cells[i] if i is not None and i < len(cells) else ""

        number, title = cell("number"), cell("title")
        if number and number == title:  # a row merged across: "I. CÔNG TÁC CHỈ ĐẠO ..."
            number = ""
        if not number:
            m = _LEADING_NUMBER.match(title)
            if m and scoring.number_level(m.group(1)) is not None:
                number, title = m.group(1), m.group(2).strip()
        points_text = cell("max")
        if points_text and points_text == title:
            points_text = ""
        if _is_total(title) and not number:
            declared = scoring.parse_points(points_text)
            continue
        sp = _special(title)
        level = scoring.number_level(number) if number else None
        if level is None and sp:
            special = sp
            node = _node(nodes, None, "+" if sp == scoring.BONUS else "−", title, points_text, line)
            node.update(method=sp, depth=0)
            if node["maximum"] is None:
                node["maximum"] = 0.0
            stack = [node]
            continue
        if level is None:
            if number:
                errors.append(f"{line}: số thứ tự «{number}» không đúng dạng (I, 1., 1.1, a).")
                continue
            if stack and not points_text:  # a row a page break split: its text continues
                stack[-1]["title"] = f"{stack[-1]['title']} {title}".strip()
                continue
            errors.append(f"{line}: dòng «{title[:60]}» không có số thứ tự.")
            continue
        kind, depth = level
        if kind == "area":
            special = _special(title)
            parent = None
            stack = []
            depth = 0
        elif kind == "letter":
            if not stack:
                errors.append(f"{line}: tiêu chí «{number}» nằm ngoài lĩnh vực nào.")
                continue
            while len(stack) > 1 and stack[-1].get("letter"):
                stack.pop()
            parent = stack[-1]
            depth = parent["depth"] + 1
        else:
            has_area = bool(stack) and stack[0]["kind"] == "area"
            want_parent_depth = depth - 1 if has_area else depth - 2
            while stack and stack[-1]["depth"] > want_parent_depth:
                stack.pop()
            if want_parent_depth >= 0 and (not stack or stack[-1]["depth"] != want_parent_depth):
                errors.append(
                    f"{line}: tiêu chí «{number}» không có tiêu chí cấp trên "
                    f"(thiếu dòng đánh số cấp trên)."
                )
                continue
            parent = stack[-1] if stack and want_parent_depth >= 0 else None
            depth = want_parent_depth + 1
            if parent is not None and not _is_child(number, parent["number"], parent["kind"]):
                warnings.append(f"{line}: «{number}» nằm dưới «{parent['number']}».")
        node = _node(nodes, parent, number, title, points_text, line)
        node["kind"] = "area" if kind == "area" else "criterion"
        node["letter"] = kind == "letter"
        node["depth"] = depth
        method, indicator, rule = _method_of(title, cell("method"), special if parent else "")
        if kind == "area" and special:
            method = special
        node.update(method=method, indicator=indicator, rule=rule)
        node["evidence_hint"] = cell("evidence")
        node["groups"] = _groups(cell("groups"))
        if node["maximum"] is None:
            errors.append(f"{line}: «{number} {title[:60]}» thiếu điểm tối đa hoặc không phải số.")
        while stack and stack[-1]["depth"] >= depth:
            stack.pop()
        stack.append(node)
    return declared, roles is not None


def _is_child(number: str, parent: str, parent_kind: str) -> bool:
    if parent_kind == "area":
        return "." not in number.rstrip(".")
    return number.rstrip(".").startswith(parent.rstrip(".") + ".")


def _node(
    nodes: list[dict[str, Any]],
    parent: dict[str, Any] | None,
    number: str,
    title: str,
    points_text: str,
    line: str,
) -> dict[str, Any]:
    pts = scoring.parse_points(points_text)
    level = scoring.number_level(number)
    if level is not None and level[0] == "area":
        number = re.sub(r"^(?:PHẦN\s+|LĨNH VỰC\s+)", "", number, flags=re.IGNORECASE).rstrip(".)/")
    node: dict[str, Any] = {
        "id": len(nodes) + 1,
        "parent": parent["id"] if parent else None,
        "number": number.rstrip(".") if "." in number.rstrip(".") else number,
        "title": title,
        "maximum": float(pts) if pts is not None else None,
        "method": scoring.SELF,
        "indicator": "",
        "rule": {},
        "evidence_hint": "",
        "groups": [],
        "kind": "area",
        "depth": 0,
        "line": line,
    }
    nodes.append(node)
    return node


def _tree(nodes: list[dict[str, Any]]) -> scoring.Tree:
    return scoring.Tree.of(
        scoring.Node(
            id=n["id"],
            parent=n["parent"],
            number=n["number"],
            title=n["title"],
            maximum=Decimal(str(n["maximum"] or 0)),
            method=n["method"],
            groups=tuple(n["groups"]),
            order=n["id"],
        )
        for n in nodes
    )


def _result(
    nodes: list[dict[str, Any]], errors: list[str], warnings: list[str], declared: Decimal | None
) -> dict[str, Any]:
    children: dict[int | None, list[dict[str, Any]]] = {}
    for n in nodes:
        children.setdefault(n["parent"], []).append(n)

    def nest(n: dict[str, Any]) -> dict[str, Any]:
        out = {
            "number": n["number"],
            "title": n["title"],
            "maximum": n["maximum"],
            "method": n["method"],
        }
        if n["indicator"]:
            out["indicator"] = n["indicator"]
            out["rule"] = n["rule"]
        if n["groups"]:
            out["groups"] = n["groups"]
        if n["evidence_hint"]:
            out["evidence"] = n["evidence_hint"]
        kids = children.get(n["id"], [])
        if kids:
            out["children"] = [nest(k) for k in kids]
        return out

    roots = children.get(None, [])
    special = (scoring.BONUS, scoring.PENALTY)
    return {
        "areas": sum(1 for n in roots if n["method"] not in special),
        "criteria": sum(1 for n in nodes if n["depth"] == 1 and n["method"] not in special),
        "sub_criteria": sum(1 for n in nodes if n["depth"] >= 2 and n["method"] not in special),
        "leaves": sum(1 for n in nodes if not children.get(n["id"])),
        "max_points": float(
            sum(
                (Decimal(str(n["maximum"] or 0)) for n in roots if n["method"] not in special),
                Decimal(0),
            )
        ),
        "declared_total": float(declared) if declared is not None else None,
        "tree": [nest(n) for n in roots],
        "nodes": nodes,
        "errors": errors,
        "warnings": warnings,
    }


def dry_run_json(preview: dict[str, Any]) -> dict[str, Any]:
    """Exactly what ``cchc indices import --dry-run --json`` prints (issue 12)."""
    return {k: preview[k] for k in ("areas", "criteria", "leaves", "max_points", "tree")}
