"""The leaders' dashboard (``/dashboard/``): server-side SVG charts, each with a drill-down to
the list behind it and an export of its numbers (CSV or XLSX)."""

from __future__ import annotations

from io import BytesIO, StringIO
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from cchc.core import files

from . import dashboard, rights
from .dashboard import Dashboard, Table


def _require(user) -> None:
    if not rights.can_open_dashboard(user):
        raise PermissionDenied


def tables(dash: Dashboard, only: str | None = None) -> dict[str, Table]:
    """The numbers behind every chart, in the order the page shows them (also the exports);
    ``only`` computes one table, so an export reads just what its chart needs."""
    return {
        code: section.table(dash)
        for code, section in dashboard.exportable().items()
        if only in (None, code) and section.table is not None
    }


def svg_charts(dash: Dashboard) -> list[dict[str, Any]]:
    return [
        {
            "code": section.code,
            "title": section.title(),
            "svg": section.chart(dash),
            "export": section.export_code,
            "more": section.more() if section.more else None,
        }
        for section in dashboard.sections()
    ]


@login_required
def index(request):
    _require(request.user)
    dash = Dashboard(request.user)
    items = svg_charts(dash)
    for item in items:
        item["svg"] = mark_safe(item["svg"])  # noqa: S308 - built by charts.py, every text escaped
    year = dash.year
    return render(
        request,
        "dashboard/index.html",
        {
            "charts": items,
            "year": year,
            "dash": dash,
            "tables": tables(dash),
            "figures": dash.cached("figures", lambda: dashboard.figures(dash)),
        },
    )


@login_required
def export(request, chart: str, fmt: str):
    _require(request.user)
    if chart not in dashboard.exportable() or fmt not in ("csv", "xlsx"):
        raise Http404
    dash = Dashboard(request.user)
    table = tables(dash, only=chart)[chart]
    name = f"bang-dieu-hanh-{chart}-{dash.today:%Y%m%d}"
    if fmt == "csv":
        buffer = StringIO()
        files.write_csv(buffer, table.header, table.rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        wb = Workbook()
        ws = wb.active
        ws.title = chart[:31]
        ws.append([table.title])
        ws["A1"].font = Font(bold=True)
        ws.append(table.header)
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            ws.append(row)
        ws.column_dimensions["A"].width = 40
        out = BytesIO()
        files.xlsx_save(wb, out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
