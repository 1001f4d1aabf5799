"""From a parsed appendix table to the preview a person checks before committing.

The preview is plain JSON (stored in ``PlanImport.preview``) so that the commit imports exactly
what the person saw, and so that ``cchc plans import --dry-run --json`` prints the same thing.
Parsing of cells is the pure modules' job (``tables``, ``deadlines``, ``agency_match``); this
module only joins their results and maps section titles to the standard areas.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from cchc.core.text import fold

# Folded keywords → standard area key (DOMAIN 3). Order matters: "thủ tục" before "thể chế"
# is irrelevant, but "tài chính công" must win over "chính quyền".
AREA_KEYWORDS: list[tuple[str, tuple[str, ...]]] = [
    ("direction", ("chi dao", "dieu hanh")),
    ("procedures", ("thu tuc",)),
    ("institutions", ("the che",)),
    ("apparatus", ("bo may",)),
    ("civil_service", ("cong vu", "cong chuc", "doi ngu")),
    ("public_finance", ("tai chinh",)),
    ("digital_government", ("dien tu", "chinh quyen so", "chinh phu so", "hien dai hoa")),
]

_ROLE = re.compile(r"^(?P<name>.*?)\s*\((?P<role>[^()]*)\)\s*$")


def area_key_for(title: str) -> str:
    folded = fold(title)
    for key, words in AREA_KEYWORDS:
        if any(w in folded for w in words):
            return key
    return "other"


def split_role(name: str) -> tuple[str, str]:
    """ "Sở Y tế (chủ trì phần y tế)" → ("Sở Y tế", "chủ trì phần y tế")."""
    m = _ROLE.match(name.strip())
    if m and m.group("name"):
        return m.group("name").strip(), m.group("role").strip()
    return name.strip(), ""


def _names(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    return [str(v) for v in value if str(v).strip()]


def _iso(value: Any) -> str | None:
    if isinstance(value, dt.date):
        return value.isoformat()
    return None


def milestone_json(m: Any) -> dict[str, Any]:
    return {
        "label": getattr(m, "label", "") or "",
        "date": _iso(getattr(m, "due", None)),
        "start": _iso(getattr(m, "start", None)),
        "relative_days": getattr(m, "relative_days", None),
        "relative_unit": getattr(m, "relative_unit", "") or "",
        "event": getattr(m, "event", "") or "",
        "recurrence": getattr(m, "recurrence", "") or "",
    }


def build_preview(
    table: Any, *, year: int, agencies: Iterable[Any], progress: Any = None
) -> dict[str, Any]:
    """``table`` is a ``tables.PlanTable``; ``agencies`` the Agency rows names may match;
    ``progress`` (``total(n)``, ``advance()``) hears of every task, for a background import."""
    from .agency_match import AgencyRef, match_agencies
    from .deadlines import parse_deadline

    refs = [
        AgencyRef(id=a.pk, name=a.name, short_name=a.short_name or "", aliases=()) for a in agencies
    ]
    sections = [str(s) for s in table.sections]
    tasks: list[dict[str, Any]] = []
    all_names: list[str] = []
    warnings = [str(w) for w in getattr(table, "warnings", [])]
    if progress is not None:
        progress.total(len(table.tasks))
    for row in table.tasks:
        if progress is not None:
            progress.advance()
        deadline = parse_deadline(row.deadline_text or "", year=year)
        text = (row.deadline_text or "").strip()
        if text and (deadline.kind == "unspecified" or "không hợp lệ" in deadline.note):
            # 31/02/2026 must not silently become "no deadline": the person sees the line
            why = deadline.note or "không đọc được"
            warnings.append(f"{row.source or row.number}: thời hạn «{text}»: {why}.")
        lead = _names(row.lead)
        coordinators = _names(row.coordinators)
        all_names.extend(lead)
        all_names.extend(coordinators)
        if row.section and row.section not in sections:
            sections.append(row.section)
        tasks.append(
            {
                "section": row.section,
                "number": row.number or "",
                "title": row.title,
                "products": _names(row.products),
                "lead": lead,
                "coordinators": coordinators,
                "deadline_text": row.deadline_text or "",
                "deadline_kind": str(deadline.kind),
                "milestones": [milestone_json(m) for m in deadline.milestones],
                "source": str(row.source or ""),
                "subsection": getattr(row, "subsection", "") or "",
            }
        )
    unique = list(dict.fromkeys(split_role(n)[0] for n in all_names))
    names: dict[str, dict[str, Any]] = {}
    for result in match_agencies(unique, refs) if unique else []:
        names[result.text] = {
            "status": str(result.status),
            "agency_id": result.agency_id,
            "candidates": [
                c if isinstance(c, int) else getattr(c, "id", c) for c in result.candidates
            ],
            "group": getattr(result, "group", None) or "",
        }
    return {
        "sections": sections,
        "tasks": tasks,
        "names": names,
        "warnings": warnings,
    }


def dry_run_json(preview: dict[str, Any]) -> dict[str, Any]:
    """The exact shape ``cchc plans import --dry-run --json`` prints (issue 5)."""
    return {
        "sections": preview["sections"],
        "tasks": [
            {
                "section": t["section"],
                "number": t["number"],
                "title": t["title"],
                "products": t["products"],
                "lead": t["lead"],
                "coordinators": t["coordinators"],
                "deadline_text": t["deadline_text"],
                "deadline_kind": t["deadline_kind"],
                "milestones": [{"label": m["label"], "date": m["date"]} for m in t["milestones"]],
            }
            for t in preview["tasks"]
        ],
    }


def default_mapping(preview: dict[str, Any]) -> dict[str, int | None]:
    """Names the matcher settled; the rest wait for a person (None)."""
    return {
        name: (info["agency_id"] if info["status"] == "matched" else None)
        for name, info in preview.get("names", {}).items()
    }


def open_names(preview: dict[str, Any], mapping: dict[str, int | None]) -> list[str]:
    """Agency names (not group mentions) still without an agency."""
    return [
        name
        for name, info in preview.get("names", {}).items()
        if info["status"] != "group" and not mapping.get(name)
    ]
