"""The leaders' dashboard (``/dashboard/``) as a registry of sections.

A ``Section`` is one chart with the table of numbers behind it (also its CSV/XLSX export) and
a drill-down link to the list it counts. The statistics app registers the dossier sections
(``register_dossier_sections``, from ``StatisticsConfig.ready``); apps above it add theirs from
their own ``AppConfig.ready()`` (plans: progress by area; periodic: reporting rates), so this
app never imports them. Sections show in registration order, i.e. ``INSTALLED_APPS`` order.

``Dashboard`` holds what one request computes: the dossier figures (read from the rollups,
cached a few minutes under a fingerprint of the year's totals) and, through ``cached``, the
figures of the other sections, computed once per request.
"""

from __future__ import annotations

import calendar
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cchc.accounts import scope

from . import charts
from .charts import Series
from .selectors import dossier_stats

if TYPE_CHECKING:
    from cchc.accounts.models import User
    from cchc.organizations.models import Agency

RATE_KEYS = {"on_time_rate", "online_share", "apology_coverage"}


def stat_value(row: Any, key: str) -> float | int | None:
    """A figure of a stats row (``DossierStats``) by name; rates are already percents."""
    if row is None:
        return None if key in RATE_KEYS else 0
    value = getattr(row, key)
    if isinstance(value, Decimal):
        return float(value)
    return value


def month_starts(today: date, months: int = 12) -> list[date]:
    """First days of the last ``months`` months, oldest first, the current month last."""
    out = []
    y, m = today.year, today.month
    for _i in range(months):
        out.append(date(y, m, 1))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def month_end(start: date) -> date:
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def month_label(d: date) -> str:
    return f"{d.month:02d}/{d.year}"


def link(name: str, **params: Any) -> str:
    """A drill-down link: the named page with the list's filters."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    base = reverse(name)
    return f"{base}?{query}" if query else base


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[Any]]


@dataclass(frozen=True)
class Section:
    """One chart of the dashboard. ``table`` gives the numbers (None: the chart exports the
    table of section ``export``); ``more`` the list behind the chart."""

    code: str
    title: Callable[[], str]
    chart: Callable[[Dashboard], str]
    table: Callable[[Dashboard], Table] | None = None
    export: str = ""
    more: Callable[[], str] | None = None

    @property
    def export_code(self) -> str:
        return self.export or self.code


_SECTIONS: dict[str, Section] = {}


def register(section: Section) -> None:
    """Add (or replace, so a second ``ready()`` is harmless) a section."""
    _SECTIONS[section.code] = section


def sections() -> list[Section]:
    return list(_SECTIONS.values())


def exportable() -> dict[str, Section]:
    return {s.code: s for s in _SECTIONS.values() if s.table is not None}


class Dashboard:
    """Everything the leaders' dashboard shows, computed once per request (each property is
    cached on the instance; the stats selectors read the rollups, never the dossier rows).

    The heavier tables (12 months, by procedure) are also kept in the cache for a few minutes
    under a fingerprint of the year's totals: any dossier change this year changes the
    fingerprint, so leaders reloading the page get fresh numbers without recomputing them."""

    TOP = 10
    CACHE_SECONDS = 300

    def __init__(self, user: User, today: date | None = None) -> None:
        self.user = user
        self.today = today or timezone.localdate()
        self.year_start = date(self.today.year, 1, 1)
        self._computed: dict[str, Any] = {}

    def cached(self, name: str, compute: Callable[[], Any]) -> Any:
        """A registered section's figures, computed once per request."""
        if name not in self._computed:
            self._computed[name] = compute()
        return self._computed[name]

    @cached_property
    def root(self) -> Agency | None:
        return scope.scope_root(self.user)

    @cached_property
    def fingerprint(self) -> str:
        payload = [
            self.root.path if self.root else "",
            self.today.isoformat(),
            get_language(),
            self.year.as_dict(),
        ]
        text = json.dumps(payload, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def _stats(self, name: str, **kw: Any) -> list:
        key = f"cchc:dashboard:{self.fingerprint}:{name}"
        rows = cache.get(key)
        if rows is None:
            rows = dossier_stats(self.user, **kw)
            cache.set(key, rows, self.CACHE_SECONDS)
        return rows

    @cached_property
    def monthly(self) -> list[tuple[date, Any]]:
        starts = month_starts(self.today)
        rows = self._stats("month", date_from=starts[0], date_to=self.today, by="month")
        by_key = {r.key: r for r in rows if r.key is not None}
        return [(s, by_key.get(f"{s:%Y-%m}")) for s in starts]

    @cached_property
    def year(self) -> Any:
        return dossier_stats(self.user, date_from=self.year_start, date_to=self.today)[-1]

    @cached_property
    def by_agency(self) -> list[Any]:
        rows = self._stats("agency", date_from=self.year_start, date_to=self.today, by="agency")
        rows = [r for r in rows if r.key is not None and (r.late or r.overdue)]
        rows.sort(key=lambda r: (-(r.late + r.overdue), r.label))
        return rows[: self.TOP]

    @cached_property
    def procedures_late(self) -> list[tuple[Any, str]]:
        """(row, procedure code) of the procedures with the most late dossiers this year."""
        rows = self._stats(
            "procedure", date_from=self.year_start, date_to=self.today, by="procedure"
        )
        rows = [r for r in rows if r.key is not None and r.late]
        rows.sort(key=lambda r: (-r.late, r.label))
        return [(r, str(r.key)) for r in rows[: self.TOP]]


# -- the dossier sections --------------------------------------------------------------------


def _volume_table(dash: Dashboard) -> Table:
    v = stat_value
    return Table(
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


def _agencies_table(dash: Dashboard) -> Table:
    return Table(
        _("Hồ sơ trễ hạn theo cơ quan (từ đầu năm)"),
        [_("Cơ quan"), _("Giải quyết quá hạn"), _("Đang quá hạn"), _("Tỷ lệ đúng hạn (%)")],
        [[r.label, r.late, r.overdue, stat_value(r, "on_time_rate")] for r in dash.by_agency],
    )


def _procedures_table(dash: Dashboard) -> Table:
    return Table(
        _("Thủ tục có nhiều hồ sơ giải quyết quá hạn nhất (từ đầu năm)"),
        [_("Mã thủ tục"), _("Thủ tục"), _("Giải quyết quá hạn"), _("Đã giải quyết")],
        [[code, r.label, r.late, r.resolved] for r, code in dash.procedures_late],
    )


def figures(dash: Dashboard) -> dict[str, Any]:
    """Every count of the dossier sections with the list behind it (``figure_url``: the list
    counts exactly the figure, DOMAIN 7): the year's KPIs, each month's bars, each agency's
    and procedure's late figures."""
    from cchc.dossiers.selectors import figure_url
    from cchc.organizations.models import Agency

    y0, today = dash.year_start, dash.today
    codes = dict(
        Agency.objects.filter(pk__in=[r.key for r in dash.by_agency]).values_list("pk", "code")
    )
    year = dash.year

    def per_agency(r: Any) -> dict[str, Any]:
        code = codes.get(r.key)
        return {
            "row": r,
            "late_or_overdue": (
                r.late + r.overdue,
                figure_url("late_or_overdue", y0, today, agency=code),
            ),
            "late": (r.late, figure_url("late", y0, today, agency=code)),
            "overdue": (r.overdue, figure_url("overdue", y0, today, agency=code)),
        }

    return {
        "kpi": {
            "received": (year.received, figure_url("received", y0, today)),
            "overdue": (year.overdue, figure_url("overdue", y0, today)),
        },
        "months_new": [
            ((r.new if r else 0), figure_url("new", s, month_end(s))) for s, r in dash.monthly
        ],
        "months_resolved": [
            ((r.resolved if r else 0), figure_url("resolved", s, month_end(s)))
            for s, r in dash.monthly
        ],
        "agencies": [per_agency(r) for r in dash.by_agency],
        "procedures": [
            (r.late, figure_url("late", y0, today, procedure=code))
            for r, code in dash.procedures_late
        ],
    }


def _figure_link(figure: str) -> str:
    """The list behind a whole chart: this year's dossiers of ``figure``."""
    from cchc.dossiers.selectors import figure_url

    today = timezone.localdate()
    return figure_url(figure, date(today.year, 1, 1), today)


def _month_links(dash: Dashboard) -> list[str | None]:
    return [url for _n, url in dash.cached("figures", lambda: figures(dash))["months_new"]]


def _volume_chart(dash: Dashboard) -> str:
    months = dash.monthly
    return charts.stacked_bar_chart(
        [month_label(s) for s, _r in months],
        [
            Series(_("Trực tiếp"), [r.new_desk if r else 0 for _s, r in months]),
            Series(_("Trực tuyến"), [r.new_online if r else 0 for _s, r in months]),
            Series(_("Bưu chính"), [r.new_post if r else 0 for _s, r in months]),
        ],
        title=_("Hồ sơ mới tiếp nhận theo tháng"),
        links=_month_links(dash),
    )


def _ontime_chart(dash: Dashboard) -> str:
    months = dash.monthly
    return charts.line_chart(
        [month_label(s) for s, _r in months],
        [Series(_("Tỷ lệ đúng hạn"), [stat_value(r, "on_time_rate") for _s, r in months])],
        title=_("Tỷ lệ giải quyết đúng hạn theo tháng"),
        kind="pct",
        links=[url for _n, url in dash.cached("figures", lambda: figures(dash))["months_resolved"]],
    )


def _agencies_chart(dash: Dashboard) -> str:
    return charts.bar_chart(
        [(r.label, r.late + r.overdue) for r in dash.by_agency],
        title=_("Hồ sơ trễ hạn theo cơ quan (giải quyết quá hạn + đang quá hạn)"),
        links=[
            a["late_or_overdue"][1]
            for a in dash.cached("figures", lambda: figures(dash))["agencies"]
        ],
        color=charts.PALETTE[1],
    )


def _procedures_chart(dash: Dashboard) -> str:
    return charts.bar_chart(
        [(r.label, r.late) for r, _c in dash.procedures_late],
        title=_("Thủ tục có nhiều hồ sơ quá hạn nhất"),
        links=[url for _n, url in dash.cached("figures", lambda: figures(dash))["procedures"]],
        color=charts.PALETTE[3],
    )


def register_dossier_sections() -> None:
    register(
        Section(
            "volume",
            lambda: _("Hồ sơ mới tiếp nhận theo tháng"),
            _volume_chart,
            _volume_table,
            more=lambda: _figure_link("new"),
        )
    )
    register(
        Section(
            "ontime",
            lambda: _("Tỷ lệ giải quyết đúng hạn theo tháng"),
            _ontime_chart,
            export="volume",
            more=lambda: _figure_link("resolved"),
        )
    )
    register(
        Section(
            "agencies",
            lambda: _("Hồ sơ trễ hạn theo cơ quan"),
            _agencies_chart,
            _agencies_table,
            more=lambda: _figure_link("late_or_overdue"),
        )
    )
    register(
        Section(
            "procedures",
            lambda: _("Thủ tục có nhiều hồ sơ quá hạn nhất"),
            _procedures_chart,
            _procedures_table,
            more=lambda: _figure_link("late"),
        )
    )
