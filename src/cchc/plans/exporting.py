"""Plan appendices back out as DOCX/XLSX (DOMAIN 10 format, written by ``exporters``): the whole
plan, or an agency's own plan made of the tasks it leads or joins."""

from __future__ import annotations

from typing import IO, Any

from django.utils.text import slugify

from cchc.core.text import vn_date

from . import selectors
from .models import Plan


def plan_dict(user: Any, plan: Plan, agency: Any = None) -> dict[str, Any]:
    tasks = selectors.task_list(user, plan, selectors.TaskFilters()).prefetch_related(
        "products", "coordinators"
    )
    if agency is not None:
        tasks = tasks.filter(selectors.involved_q(agency.path, agency.group))
    sections: list[dict[str, Any]] = []
    by_area: dict[int, dict[str, Any]] = {}
    flat = []
    for t in tasks:
        sec = by_area.get(t.area_id)
        if sec is None:
            sec = {"title": t.area.name, "tasks": []}
            by_area[t.area_id] = sec
            sections.append(sec)
        leads = [link.agency.name for link in t.lead_links.all()]
        row = {
            "section": t.area.name,
            "number": t.number,
            "subsection": t.subsection,
            "title": t.content,
            "products": [p.name for p in t.products.all()],
            "lead": leads + [m["text"] for m in t.lead_mentions],
            "coordinators": [a.name for a in t.coordinators.all()]
            + [m["text"] for m in t.coordinator_mentions],
            "deadline_text": t.deadline_text,
            "status": t.get_status_display(),
            "percent": t.percent,
        }
        sec["tasks"].append(row)
        flat.append(row)
    targets = []
    for r in selectors.targets_for(user, plan):
        responsible = list(r.target.responsible.all())
        if agency is not None and not any(a.path.startswith(agency.path) for a in responsible):
            continue  # an agency's own plan carries the targets it is responsible for
        source = ""
        if r.source == "indicator":
            source = f"Đo tự động: {r.indicator_label or r.target.indicator}"
        elif r.entry is not None:
            source = f"Nhập tay. {r.evidence_text}"
        targets.append(
            {
                "sentence": r.target.sentence,
                "goal": r.goal_text,
                "actual": r.actual_text,
                "verdict": r.verdict_text.capitalize(),
                "source": source,
                "responsible": [a.name for a in responsible],
            }
        )
    title = plan.title
    issuer = plan.agency.name
    if agency is not None:
        title = f"{plan.title} — phần việc của {agency.name}"
    return {
        "title": title,
        "agency": issuer,
        "issuing_agency": issuer,
        "parent_agency": plan.agency.parent.name if plan.agency.parent is not None else "",
        "number": plan.number,
        "date": vn_date(plan.decided_on),
        "decided_on": plan.decided_on,
        "year": plan.year,
        "for_agency": agency.name if agency is not None else "",
        "sections": sections,
        "tasks": flat,
        "targets": targets,
    }


def export(user: Any, plan: Plan, fmt: str, out: IO[bytes], agency: Any = None) -> str:
    from . import exporters

    data = plan_dict(user, plan, agency)
    if fmt == "docx":
        exporters.write_docx(data, out)
    elif fmt == "xlsx":
        exporters.write_xlsx(data, out)
    else:
        raise ValueError(fmt)
    stem = slugify(f"ke-hoach-{plan.year or plan.pk}" + (f"-{agency.code}" if agency else ""))
    return f"{stem}.{fmt}"
