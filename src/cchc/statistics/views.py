"""The leaders' dashboard (``/dashboard/``): server-side SVG charts, each with a drill-down to
the list behind it and an export of its numbers (CSV or XLSX)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from io import BytesIO, StringIO
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from cchc.accounts.models import Role
from cchc.dossiers.selectors import figure_url
from cchc.periodic import selectors as sel

from . import charts
from .charts import Series

ALLOWED = {Role.LEADER, Role.HOME_AFFAIRS, Role.SYSTEM_ADMIN}


def _require(user) -> None:
    if not (user.is_superuser or user.role in ALLOWED):
        raise PermissionDenied


def _url(name: str, **params: Any) -> str | None:
    """A drill-down link, or None while the target page does not exist (an app not merged)."""
    try:
        base = reverse(name)
    except NoReverseMatch:
        return None
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{base}?{query}" if query else base


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[Any]]


def month_label(d) -> str:  # noqa: ANN001
    return f"{d.month:02d}/{d.year}"


CHARTS = ("volume", "agencies", "procedures", "plans", "reporting")


def tables(dash: sel.Dashboard, only: str | None = None) -> dict[str, Table]:
    """The numbers behind every chart, in the order the page shows them (also the exports);
    ``only`` computes one table, so an export reads just what its chart needs."""
    out: dict[str, Table] = {}

    def v(row, key):  # noqa: ANN001
        return sel.stat_value(row, key)

    if only in (None, "volume"):
        out["volume"] = Table(
            _("Hồ sơ tiếp nhận và giải quyết theo tháng"),
            [
                _("Tháng"),
                _("Mới tiếp nhận"),
                _("Trực tiếp"),
                _("Trực tuyến"),
                _("Bưu chính"),
                _("Đã giải quyết"),
                _("Đúng hạn"),
                _("Quá hạn"),
                _("Tỷ lệ đúng hạn (%)"),
            ],
            [
                [
                    month_label(start),
                    v(row, "new"),
                    row.new_desk if row else 0,
                    v(row, "new_online"),
                    row.new_post if row else 0,
                    v(row, "resolved"),
                    v(row, "early_or_on_time"),
                    v(row, "late"),
                    v(row, "on_time_rate"),
                ]
                for start, row in dash.monthly
            ],
        )
    if only in (None, "agencies"):
        out["agencies"] = Table(
            _("Hồ sơ trễ hạn theo cơ quan (từ đầu năm)"),
            [_("Cơ quan"), _("Giải quyết quá hạn"), _("Đang quá hạn"), _("Tỷ lệ đúng hạn (%)")],
            [[r.label, r.late, r.overdue, v(r, "on_time_rate")] for r in dash.by_agency],
        )
    if only in (None, "procedures"):
        out["procedures"] = Table(
            _("Thủ tục có nhiều hồ sơ giải quyết quá hạn nhất (từ đầu năm)"),
            [_("Mã thủ tục"), _("Thủ tục"), _("Giải quyết quá hạn"), _("Đã giải quyết")],
            [[code, r.label, r.late, r.resolved] for r, code in dash.procedures_late],
        )
    if only in (None, "plans"):
        out["plans"] = Table(
            _("Tiến độ kế hoạch CCHC theo lĩnh vực"),
            [
                _("Lĩnh vực"),
                _("Nhiệm vụ"),
                _("Mốc đã hoàn thành"),
                _("Mốc quá hạn"),
                _("Tỷ lệ hoàn thành (%)"),
            ],
            [
                [p["area"], p["total"], p["done"], p["overdue"], round(p["rate"], 2)]
                for p in dash.plans
            ],
        )
    if only in (None, "reporting"):
        out["reporting"] = Table(
            _("Tình hình gửi báo cáo định kỳ"),
            [_("Kỳ báo cáo"), _("Phải gửi"), _("Đã nhận"), _("Đúng hạn"), _("Tỷ lệ gửi (%)")],
            [
                [
                    f"{c.period.kind.name} – {c.period.label}",
                    c.expected,
                    c.received,
                    c.on_time,
                    None if c.rate is None else round(c.rate, 2),
                ]
                for c in dash.reporting
            ],
        )
    return out


def _agency_codes(dash: sel.Dashboard) -> dict[Any, str]:
    from cchc.organizations.models import Agency

    ids = [r.key for r in dash.by_agency]
    return dict(Agency.objects.filter(pk__in=ids).values_list("pk", "code"))


def figures(dash: sel.Dashboard) -> dict[str, Any]:
    """Every count shown on the dashboard with the list behind it (``figure_url``: the list
    counts exactly the figure, DOMAIN 7): the year's KPIs, each month's bars, each agency's and
    procedure's late figures."""
    y0, today = dash.year_start, dash.today
    codes = _agency_codes(dash)
    year = dash.year
    return {
        "kpi": {
            "received": (year.received, figure_url("received", y0, today)),
            "overdue": (year.overdue, figure_url("overdue", y0, today)),
        },
        "months_new": [
            ((r.new if r else 0), figure_url("new", s, sel.month_end(s))) for s, r in dash.monthly
        ],
        "months_resolved": [
            ((r.resolved if r else 0), figure_url("resolved", s, sel.month_end(s)))
            for s, r in dash.monthly
        ],
        "agencies": [
            {
                "row": r,
                "late_or_overdue": (
                    r.late + r.overdue,
                    figure_url("late_or_overdue", y0, today, agency=codes.get(r.key)),
                ),
                "late": (r.late, figure_url("late", y0, today, agency=codes.get(r.key))),
                "overdue": (r.overdue, figure_url("overdue", y0, today, agency=codes.get(r.key))),
            }
            for r in dash.by_agency
        ],
        "procedures": [
            (r.late, figure_url("late", y0, today, procedure=code))
            for r, code in dash.procedures_late
        ],
    }


def svg_charts(dash: sel.Dashboard) -> list[dict[str, Any]]:
    months = dash.monthly
    labels = [month_label(s) for s, _r in months]
    figs = figures(dash)
    month_links = [url for _n, url in figs["months_new"]]
    resolved_links = [url for _n, url in figs["months_resolved"]]
    volume = charts.stacked_bar_chart(
        labels,
        [
            Series(_("Trực tiếp"), [r.new_desk if r else 0 for _s, r in months]),
            Series(_("Trực tuyến"), [r.new_online if r else 0 for _s, r in months]),
            Series(_("Bưu chính"), [r.new_post if r else 0 for _s, r in months]),
        ],
        title=_("Hồ sơ mới tiếp nhận theo tháng"),
        links=month_links,
    )
    ontime = charts.line_chart(
        labels,
        [Series(_("Tỷ lệ đúng hạn"), [sel.stat_value(r, "on_time_rate") for _s, r in months])],
        title=_("Tỷ lệ giải quyết đúng hạn theo tháng"),
        kind="pct",
        links=resolved_links,
    )
    agencies = charts.bar_chart(
        [(r.label, r.late + r.overdue) for r in dash.by_agency],
        title=_("Hồ sơ trễ hạn theo cơ quan (giải quyết quá hạn + đang quá hạn)"),
        links=[a["late_or_overdue"][1] for a in figs["agencies"]],
        color=charts.PALETTE[1],
    )
    procedures = charts.bar_chart(
        [(r.label, r.late) for r, _c in dash.procedures_late],
        title=_("Thủ tục có nhiều hồ sơ quá hạn nhất"),
        links=[url for _n, url in figs["procedures"]],
        color=charts.PALETTE[3],
    )
    plans = charts.bar_chart(
        [(p["area"], p["rate"]) for p in dash.plans],
        title=_("Tỷ lệ hoàn thành nhiệm vụ kế hoạch CCHC theo lĩnh vực"),
        kind="pct",
        links=[_url("plans:index", area=p["key"]) for p in dash.plans],
        color=charts.PALETTE[2],
    )
    reporting = charts.bar_chart(
        [(f"{c.period.kind.name} – {c.period.label}", c.rate) for c in dash.reporting],
        title=_("Tỷ lệ cơ quan đã gửi báo cáo định kỳ"),
        kind="pct",
        links=[reverse("reports:period", kwargs={"pk": c.period.pk}) for c in dash.reporting],
        color=charts.PALETTE[4],
    )
    return [
        {
            "code": "volume",
            "title": _("Hồ sơ mới tiếp nhận theo tháng"),
            "svg": volume,
            "more": figure_url("new", dash.monthly[0][0], dash.today),
        },
        {
            "code": "ontime",
            "title": _("Tỷ lệ giải quyết đúng hạn theo tháng"),
            "svg": ontime,
            "export": "volume",
            "more": figure_url("resolved", dash.monthly[0][0], dash.today),
        },
        {
            "code": "agencies",
            "title": _("Hồ sơ trễ hạn theo cơ quan"),
            "svg": agencies,
            "more": figure_url("late_or_overdue", dash.year_start, dash.today),
        },
        {
            "code": "procedures",
            "title": _("Thủ tục có nhiều hồ sơ quá hạn nhất"),
            "svg": procedures,
            "more": figure_url("late", dash.year_start, dash.today),
        },
        {
            "code": "plans",
            "title": _("Tiến độ kế hoạch CCHC theo lĩnh vực"),
            "svg": plans,
            "more": _url("plans:index"),
        },
        {
            "code": "reporting",
            "title": _("Tình hình gửi báo cáo định kỳ"),
            "svg": reporting,
            "more": reverse("reports:completeness"),
        },
    ]


@login_required
def index(request):
    _require(request.user)
    dash = sel.Dashboard(request.user)
    items = svg_charts(dash)
    for item in items:
        item["svg"] = mark_safe(item["svg"])  # noqa: S308 - built by charts.py, every text escaped
        item.setdefault("export", item["code"])
    year = dash.year
    return render(
        request,
        "dashboard/index.html",
        {
            "charts": items,
            "year": year,
            "dash": dash,
            "tables": tables(dash),
            "figures": figures(dash),
        },
    )


@login_required
def export(request, chart: str, fmt: str):
    _require(request.user)
    if chart not in CHARTS or fmt not in ("csv", "xlsx"):
        raise Http404
    dash = sel.Dashboard(request.user)
    table = tables(dash, only=chart)[chart]
    name = f"bang-dieu-hanh-{chart}-{dash.today:%Y%m%d}"
    if fmt == "csv":
        buffer = StringIO()
        buffer.write("\ufeff")  # Excel opens UTF-8 CSV with Vietnamese correctly only with a BOM
        writer = csv.writer(buffer)
        writer.writerow(table.header)
        writer.writerows(table.rows)
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
        wb.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
