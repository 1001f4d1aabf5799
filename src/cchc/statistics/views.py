"""The leaders' dashboard (``/dashboard/``): server-side SVG charts, each with a drill-down to
the list behind it and an export of its numbers (CSV or XLSX)."""

from __future__ import annotations

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
from cchc.core import files
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
                _("Hoàn thành"),
                _("Quá hạn"),
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


def svg_charts(dash: sel.Dashboard) -> list[dict[str, Any]]:
    months = dash.monthly
    labels = [month_label(s) for s, _r in months]
    month_links = [
        _url(
            "dossiers:index", received_from=s.isoformat(), received_to=sel.month_end(s).isoformat()
        )
        for s, _r in months
    ]
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
        links=month_links,
    )
    agencies = charts.bar_chart(
        [(r.label, r.late + r.overdue) for r in dash.by_agency],
        title=_("Hồ sơ trễ hạn theo cơ quan (giải quyết quá hạn + đang quá hạn)"),
        links=[_url("dossiers:index", agency=r.key, late=1) for r in dash.by_agency],
        color=charts.PALETTE[1],
    )
    procedures = charts.bar_chart(
        [(r.label, r.late) for r, _c in dash.procedures_late],
        title=_("Thủ tục có nhiều hồ sơ quá hạn nhất"),
        links=[_url("dossiers:index", procedure=code, late=1) for _r, code in dash.procedures_late],
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
            "more": _url("dossiers:index"),
        },
        {
            "code": "ontime",
            "title": _("Tỷ lệ giải quyết đúng hạn theo tháng"),
            "svg": ontime,
            "export": "volume",
            "more": _url("dossiers:index"),
        },
        {
            "code": "agencies",
            "title": _("Hồ sơ trễ hạn theo cơ quan"),
            "svg": agencies,
            "more": _url("dossiers:index", late=1),
        },
        {
            "code": "procedures",
            "title": _("Thủ tục có nhiều hồ sơ quá hạn nhất"),
            "svg": procedures,
            "more": _url("dossiers:index", late=1),
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
        {"charts": items, "year": year, "dash": dash, "tables": tables(dash)},
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
