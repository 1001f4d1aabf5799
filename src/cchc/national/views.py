"""The national page (on a national instance, ``NATIONAL_LAKE`` set): provinces side by
side, ranked, with a drill-down from a province to its units and exports of each table."""

from __future__ import annotations

import hashlib
from datetime import date
from io import BytesIO, StringIO
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from vietnam_provinces import Province

from cchc.accounts.models import Role
from cchc.core import files
from cchc.statistics import charts
from cchc.statistics.stats import DossierStats
from cchc.surveys.selectors import min_responses

from . import lake
from .figures import Results
from .selectors import national_results, national_service_index, national_statistics

ALLOWED = {Role.LEADER, Role.HOME_AFFAIRS, Role.SYSTEM_ADMIN}
PERIODS = {
    "year": (1, 12),
    "h1": (1, 6),
    "m9": (1, 9),
    "q1": (1, 3),
    "q2": (4, 6),
    "q3": (7, 9),
    "q4": (10, 12),
}


def period_labels() -> dict[str, str]:
    return {
        "year": _("Cả năm"),
        "h1": _("6 tháng đầu năm"),
        "m9": _("9 tháng"),
        "q1": _("Quý I"),
        "q2": _("Quý II"),
        "q3": _("Quý III"),
        "q4": _("Quý IV"),
    }


def province_names() -> dict[str, str]:
    return {f"{int(p.code):02d}": p.name for p in Province.iter_all()}


def _require(request: HttpRequest) -> str:
    user: Any = request.user
    if not (user.is_superuser or user.role in ALLOWED):
        raise PermissionDenied
    source = getattr(settings, "NATIONAL_LAKE", "")
    if not source:
        raise Http404(
            _("Hệ thống này không phải máy chủ số liệu toàn quốc (chưa đặt NATIONAL_LAKE).")
        )
    return source


def _period(request: HttpRequest) -> tuple[int, str, date, date]:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    if not 2000 <= year <= today.year + 1:
        year = today.year
    kind = request.GET.get("period", "year")
    if kind not in PERIODS:
        kind = "year"
    m1, m2 = PERIODS[kind]
    end = date(year + (m2 == 12), m2 % 12 + 1, 1).toordinal() - 1
    return year, kind, date(year, m1, 1), date.fromordinal(end)


def _cached(source: str, kind: str, parts: tuple[Any, ...], compute: Any) -> Any:
    """Cached per lake state: a new batch changes the manifests, so the key."""
    state = ",".join(f"{m.province}:{m.batch}" for m in lake.manifests(source))
    text = "|".join(str(p) for p in (source, state, *parts))
    key = f"{kind}:" + hashlib.sha256(text.encode()).hexdigest()
    got = cache.get(key)
    if got is None:
        got = compute()
        cache.set(key, got, 600)
    return got


def _figures(source: str, date_from: date, date_to: date, by: str) -> list[DossierStats]:
    return _cached(
        source,
        "national",
        (date_from, date_to, by, timezone.localdate()),
        lambda: national_statistics(source=source, date_from=date_from, date_to=date_to, by=by),
    )


def _service_points(source: str, date_from: date, date_to: date) -> dict[str, Any]:
    """Per province: the 766 index points of the measures the lake carries, and their maximum."""
    return _cached(
        source,
        "national766",
        (date_from, date_to),
        lambda: {
            k: (idx.points, idx.maximum_with_data)
            for k, _label, _counts, idx in national_service_index(
                source=source, date_from=date_from, date_to=date_to
            )
        },
    )


def _results(source: str, year: int, by: str) -> tuple[list[Results], dict[str, str]]:
    """The published PAR and SIPAS results of ``year``, ranked: by the PAR mean and by SIPAS,
    equal values sharing a rank (the indices app's ranking)."""
    from cchc.indices.scoring import DEFAULT_BANDS, rank

    rows, names = _cached(
        source,
        "national-results",
        (year, by, min_responses()),
        lambda: national_results(source=source, year=year, by=by),
    )
    par = {r.key: r.rank for r in rank([(x.key, "", x.par.mean if x.par else None, True)
                                        for x in rows], DEFAULT_BANDS)}  # fmt: skip
    sipas = {r.key: r.rank for r in rank([(x.key, "", x.sipas, True) for x in rows],
                                         DEFAULT_BANDS)}  # fmt: skip
    for x in rows:
        x.extra["par_rank"], x.extra["sipas_rank"] = par[x.key], sipas[x.key]
        x.extra["element_values"] = [x.elements.get(code) for code in names]
    rows.sort(key=lambda x: (x.extra["par_rank"] is None, x.extra["par_rank"] or 0,
                             x.extra["sipas_rank"] is None, x.extra["sipas_rank"] or 0, x.key))  # fmt: skip
    return rows, names


def _results_table(
    rows: list[Results], names: dict[str, str], first: str, units: bool
) -> tuple[list[str], list[list[Any]]]:
    def num(v: Any) -> float | None:
        return None if v is None else float(v)

    header = [first, _("Chỉ số CCHC (%)"), _("Hạng Chỉ số CCHC")]
    if units:
        header += [_("Xếp hạng trong tỉnh"), _("Xếp loại")]
    else:
        header += [_("Số đơn vị có chỉ số"), _("Cao nhất (%)"), _("Thấp nhất (%)")]
    header += [_("SIPAS (%)"), _("Hạng SIPAS"), *[f"{n} (%)" for n in names.values()]]
    body = []
    for r in rows:
        p = r.par
        line: list[Any] = [r.label, num(p.mean) if p else None, r.extra.get("par_rank")]
        if units:
            line += [r.par_rank, r.par_band or None]
        else:
            line += [p.units if p else None, num(p.highest) if p else None,
                     num(p.lowest) if p else None]  # fmt: skip
        line += [num(r.sipas), r.extra.get("sipas_rank"),
                 *[num(r.elements.get(code)) for code in names]]  # fmt: skip
        body.append(line)
    return header, body


def _ranked(rows: list[DossierStats]) -> list[DossierStats]:
    body = sorted(
        rows[:-1],
        key=lambda r: (r.on_time_rate is None, -(r.on_time_rate or 0), -r.received),
    )
    for i, r in enumerate(body, 1):
        r.extra["rank"] = i
    return body


def _table(rows: list[DossierStats], first: str) -> tuple[list[str], list[list[Any]]]:
    header = [
        _("Hạng"), first, _("Tiếp nhận"), _("Đã giải quyết"), _("Đúng hạn, trước hạn"),
        _("Tỷ lệ đúng hạn (%)"), _("Trực tuyến (%)"), _("Đang quá hạn"),
    ]  # fmt: skip
    body = [
        [r.extra.get("rank", ""), r.label, r.received, r.resolved, r.early_or_on_time,
         None if r.on_time_rate is None else float(r.on_time_rate),
         None if r.online_share is None else float(r.online_share), r.overdue]
        for r in rows
    ]  # fmt: skip
    return header, body


@login_required
def index(request: HttpRequest) -> HttpResponse:
    source = _require(request)
    year, kind, f, t = _period(request)
    rows = _figures(source, f, t, "province")
    names = province_names()
    for r in rows[:-1]:
        r.label = names.get(str(r.key), str(r.key))
    ranked = _ranked(rows)
    points = _service_points(source, f, t)
    for r in ranked:
        r.extra["service"] = points.get(str(r.key))
    query = f"year={year}&period={kind}"
    links = [reverse("national:province", args=[r.key]) + "?" + query for r in ranked]
    chart = charts.bar_chart(
        [(r.label, float(r.on_time_rate) if r.on_time_rate is not None else None) for r in ranked],
        title=_("Tỷ lệ hồ sơ giải quyết đúng hạn theo tỉnh"),
        kind="pct",
        links=links,
    )
    results, elements = _results(source, year, "province")
    for x in results:
        x.label = names.get(x.key, x.key)
    batches = lake.manifests(source)
    latest: dict[str, lake.Manifest] = {}
    for m in batches:
        latest[m.province] = m
    return render(
        request,
        "national/index.html",
        {
            "rows": list(zip(ranked, links, strict=True)),
            "total": rows[-1],
            "chart": chart,
            "results": [
                (x, reverse("national:province", args=[x.key]) + "?" + query) for x in results
            ],
            "elements": elements,
            "year": year,
            "period": kind,
            "periods": period_labels(),
            "date_from": f,
            "date_to": t,
            "query": query,
            "senders": [
                (names.get(p, p), m.batch, date.fromisoformat(m.until[:10]))
                for p, m in sorted(latest.items())
            ],
        },
    )


@login_required
def province(request: HttpRequest, code: str) -> HttpResponse:
    source = _require(request)
    year, kind, f, t = _period(request)
    names = province_names()
    rows = [r for r in _figures(source, f, t, "agency")[:-1] if r.extra["province"] == code]
    if not rows:
        raise Http404(_("Không có số liệu của tỉnh này trong kỳ."))
    total = DossierStats(label=names.get(code, code))
    for r in rows:
        total.add(r)
    ranked = _ranked([*rows, total])
    unit_results, elements = _results(source, year, "agency")
    unit_results = [x for x in unit_results if x.province == code]
    mine = next((x for x in _results(source, year, "province")[0] if x.key == code), None)
    return render(
        request,
        "national/province.html",
        {
            "rows": ranked,
            "results": unit_results,
            "province_result": mine,
            "elements": elements,
            "min_responses": min_responses(),
            "total": total,
            "name": names.get(code, code),
            "code": code,
            "year": year,
            "period": kind,
            "query": f"year={year}&period={kind}",
            "date_from": f,
            "date_to": t,
        },
    )


@login_required
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    source = _require(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    year, kind, f, t = _period(request)
    code = request.GET.get("province")
    names = province_names()
    if request.GET.get("table") == "results":
        found, elements = _results(source, year, "agency" if code else "province")
        if code:
            found = [x for x in found if x.province == code]
        else:
            for x in found:
                x.label = names.get(x.key, x.key)
        first = _("Đơn vị") if code else _("Tỉnh, thành phố")
        header, body = _results_table(found, elements, first, units=bool(code))
        name = f"cchc-sipas-toan-quoc-{code or 'cac-tinh'}-{year}"
        return _send(fmt, name, header, body)
    if code:
        rows = [r for r in _figures(source, f, t, "agency")[:-1] if r.extra["province"] == code]
        first = _("Đơn vị")
    else:
        rows = _figures(source, f, t, "province")[:-1]
        for r in rows:
            r.label = names.get(str(r.key), str(r.key))
        first = _("Tỉnh, thành phố")
    total = DossierStats()
    header, body = _table(_ranked([*rows, total]), first)
    name = f"so-lieu-toan-quoc-{code or 'cac-tinh'}-{year}-{kind}"
    return _send(fmt, name, header, body)


def _send(fmt: str, name: str, header: list[str], body: list[list[Any]]) -> HttpResponse:
    if fmt == "csv":
        buffer = StringIO()
        files.write_csv(buffer, header, body)  # ";" and decimal commas, as Excel reads it here
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = _("Số liệu")
        ws.append(header)
        for row in body:
            ws.append(list(row))
        out = BytesIO()
        files.xlsx_save(wb, out)  # text stays text, without a visible apostrophe
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
