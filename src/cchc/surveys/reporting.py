"""SIPAS in the province's periodic report (section template code ``sipas``): the sentence of
seed 003 ("Chỉ số SIPAS năm 2019 đạt 88,78%", "38/43 đơn vị …") and the element table. The only
module of this app that imports the periodic report (``cchc.periodic``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from cchc.periodic.province_report import Block, Pct, ReportTable, register_table

from . import exporting, selectors


def _pct(value: Any) -> Any:
    return Pct(float(value)) if value is not None else "—"


def sipas_blocks(period: Any, day: date) -> list[Block]:
    province = period.kind.province
    survey = None
    for year in (period.year, period.year - 1):
        survey = selectors.sipas_survey_for(province, year)
        if survey is not None and selectors.results(survey, with_previous=False).responses:
            break
        survey = None
    if survey is None:
        return [
            Block(
                "paragraph",
                text="Chỉ số hài lòng về sự phục vụ hành chính (SIPAS): chưa có số liệu.",
                italic=True,
            )
        ]
    r = selectors.results(survey)
    header = ["STT", "Yếu tố", f"Năm {survey.year}"]
    if r.previous is not None:
        header.append(f"Năm {r.previous.survey.year}")
    rows: list[list[Any]] = []
    for i, e in enumerate(r.elements, start=1):
        row = [i, e.name, _pct(r.indices.get(e.code))]
        if r.previous is not None:
            row.append(_pct(r.previous.indices.get(e.code)))
        rows.append(row)
    total: list[Any] = ["", "Chỉ số SIPAS", _pct(r.sipas)]
    if r.previous is not None:
        total.append(_pct(r.previous.sipas))
    rows.append(total)
    table = ReportTable(
        code="sipas", title="Chỉ số hài lòng về sự phục vụ hành chính", header=header, rows=rows
    )
    return [
        Block("paragraph", text=exporting.summary_sentence(r)),
        Block("table", table=table),
    ]


def register() -> None:
    register_table("sipas", sipas_blocks)
