"""Reads of the statistics app, already scoped (``cchc.accounts.scope``).

``dossier_stats`` answers DOMAIN.md section 7 for any period and set of dossiers from the
rollup tables: per group and channel it reads the prefix sums up to ``date_to`` and up to the
day before ``date_from`` (``rollups.prefix_q``), and ``stats.from_prefixes`` turns them into a
row. The province's six-month report reads a few hundred rollup rows, whatever the number of
dossiers.

Agencies: ``agency`` means the agency with its subtree; history of a merged agency (one with
a ``successor``) counts under its final successor (DOMAIN.md section 2), for filters, grouping
and scope alike. ``by="agency"`` gives one row per agency directly under the selected one
(each with its subtree), plus the selected agency itself when it resolves dossiers.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.errors import DomainError, NotFound
from cchc.dossiers.rules import overdue_as_of

from . import stats
from .models import COUNTERS, DossierProcedureRollup, DossierRollup
from .stats import DossierStats, StatRow

BY_CHOICES = ("agency", "level", "field", "procedure", "channel", "month")

__all__ = [
    "BY_CHOICES",
    "AgencyIndex",
    "DossierStats",
    "StatRow",
    "dossier_stats",
    "resolve_agency",
]


@dataclass
class _Agency:
    id: int
    code: str
    name: str
    path: str
    successor_id: int | None
    group: str
    sort_order: int


class AgencyIndex:
    """All agencies in memory (a province has hundreds to a few thousand): the successor
    chains and subtrees are resolved here so the rollup query filters on plain ids."""

    def __init__(self) -> None:
        from cchc.organizations.models import Agency

        self.by_id: dict[int, _Agency] = {
            row["id"]: _Agency(**row)
            for row in Agency.objects.values(
                "id", "code", "name", "path", "successor_id", "group", "sort_order"
            )
        }

    def final(self, agency_id: int) -> _Agency:
        """The agency whose statistics include ``agency_id``'s: its last successor."""
        seen = set()
        a = self.by_id[agency_id]
        while a.successor_id and a.successor_id not in seen and a.successor_id in self.by_id:
            seen.add(a.id)
            a = self.by_id[a.successor_id]
        return a

    def ids_within(self, paths: Iterable[str] | None) -> list[int] | None:
        """Agency ids whose dossiers count under one of ``paths`` (None: no restriction)."""
        if paths is None:
            return None
        prefixes = tuple(paths)
        return [i for i in self.by_id if self.final(i).path.startswith(prefixes)]

    def child_under(self, agency_id: int, root_path: str) -> _Agency:
        """The agency right under ``root_path`` whose subtree holds ``agency_id`` (or the
        root itself)."""
        path = self.final(agency_id).path
        rest = path[len(root_path) :].strip("/")
        head = root_path + rest.split("/")[0] + "/" if rest else root_path
        for a in self._by_path():
            if a.path == head:
                return a
        return self.final(agency_id)

    def _by_path(self) -> list[_Agency]:
        if not hasattr(self, "_sorted"):
            self._sorted = sorted(self.by_id.values(), key=lambda a: a.path)
        return self._sorted


def resolve_agency(agency: Any):
    from cchc.organizations.models import Agency

    if agency is None or isinstance(agency, Agency):
        return agency
    found = Agency.objects.filter(code=str(agency)).first()
    if found is None:
        raise NotFound(_("Không tìm thấy cơ quan có mã %(code)s.") % {"code": agency})
    return found


def _resolve_field(field: Any):
    from cchc.procedures.models import ProcedureField

    if field is None or isinstance(field, ProcedureField):
        return field
    found = ProcedureField.objects.filter(code=str(field)).first()
    if found is None:
        raise NotFound(_("Không tìm thấy lĩnh vực có mã %(code)s.") % {"code": field})
    return found


def _procedure_code(procedure: Any) -> str | None:
    from cchc.procedures.models import Procedure

    if procedure is None:
        return None
    if isinstance(procedure, Procedure):
        return procedure.code
    if not Procedure.objects.filter(code=str(procedure)).exists():
        raise NotFound(_("Không tìm thấy thủ tục có mã %(code)s.") % {"code": procedure})
    return str(procedure)


def _labels(by: str | None, keys: Iterable[Any], index: AgencyIndex) -> dict[Any, str]:
    from cchc.dossiers.models import Channel
    from cchc.procedures.models import Level, Procedure, ProcedureField

    keys = list(keys)
    if by == "agency":
        return {k: index.by_id[k].name for k in keys}
    if by == "level":
        return {k: str(dict(Level.choices).get(k, k or _("Không xác định"))) for k in keys}
    if by == "channel":
        return {k: str(dict(Channel.choices).get(k, k)) for k in keys}
    if by == "field":
        fields = dict(ProcedureField.objects.filter(pk__in=keys).values_list("pk", "name"))
        return {k: fields.get(k, str(k)) for k in keys}
    if by == "procedure":
        names: dict[str, str] = {}
        for code, name, current in Procedure.objects.filter(code__in=keys).values_list(
            "code", "name", "is_current"
        ):
            if current or code not in names:
                names[code] = name
        return {k: f"{k} – {names.get(k, '')}" for k in keys}
    return {k: str(k) for k in keys}


def _prefix_sql(day: date, adapt: Any) -> tuple[str, list[Any]]:
    """``rollups.prefix_q`` as SQL (compiled by hand: the ORM's compilation of eighteen
    filtered aggregates costs more than the query itself)."""
    nxt = day + timedelta(days=1)
    y0, m0 = date(nxt.year, 1, 1), date(nxt.year, nxt.month, 1)
    sql = (
        "((r.grain = 'Y' AND r.day < %s) OR (r.grain = 'M' AND r.day >= %s AND r.day < %s)"
        " OR (r.grain = 'D' AND r.day >= %s AND r.day <= %s))"
    )
    return sql, [adapt(y0), adapt(y0), adapt(m0), adapt(m0), adapt(day)]


GROUP_SQL = {
    "agency_id": "r.agency_id",
    "level": "r.level",
    "procedure__field_id": "p.field_id",
    "procedure__code": "p.code",
}


def _query(
    *,
    date_from: date,
    date_to: date,
    agency_ids: list[int] | None,
    level: str | None,
    field_id: int | None,
    procedure_code: str | None,
    channel: str | None,
    group_col: str | None,
) -> dict[Any, tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]]:
    """{group key: (prefix sums at date_to, prefix sums the day before date_from)}, each
    {channel: {counter: sum}}."""
    from django.db import connection

    from cchc.procedures.models import Procedure

    fine = bool(field_id or procedure_code) or group_col in (
        "procedure__field_id",
        "procedure__code",
    )
    model = DossierProcedureRollup if fine else DossierRollup
    qn = connection.ops.quote_name
    adapt = connection.ops.adapt_datefield_value
    # "At date_to" is read as of min(date_to, today): only the overdue counters are dated
    # after today, and overdue is counted as of today for a period ending later (DOMAIN 7).
    at_to, p_to = _prefix_sql(overdue_as_of(date_to, timezone.localdate()), adapt)
    before, p_before = _prefix_sql(date_from - timedelta(days=1), adapt)
    where, params = [f"({at_to} OR {before})"], [*p_to, *p_before]
    join = ""
    if fine:
        join = f" JOIN {qn(Procedure._meta.db_table)} p ON p.id = r.procedure_id"
    if agency_ids is not None:
        # Plain integers from our own agency table: inlined, so no parameter limit applies.
        where.append(f"r.agency_id IN ({', '.join(str(int(i)) for i in agency_ids) or 'NULL'})")
    if level:
        where.append("r.level = %s")
        params.append(level)
    if channel:
        where.append("r.channel = %s")
        params.append(channel)
    if field_id:
        where.append("p.field_id = %s")
        params.append(field_id)
    if procedure_code:
        where.append("p.code = %s")
        params.append(procedure_code)
    g = GROUP_SQL[group_col] if group_col else "NULL"
    sums = ", ".join(
        f"SUM(CASE WHEN t = 1 THEN {c} ELSE 0 END), SUM(CASE WHEN f = 1 THEN {c} ELSE 0 END)"
        for c in COUNTERS
    )
    sql = (
        f"SELECT g, channel, {sums} FROM (SELECT {g} AS g, r.channel AS channel, "
        f"CASE WHEN {at_to} THEN 1 ELSE 0 END AS t, "
        f"CASE WHEN {before} THEN 1 ELSE 0 END AS f, "
        + ", ".join(f"r.{c} AS {c}" for c in COUNTERS)
        + f" FROM {qn(model._meta.db_table)} r{join} WHERE {' AND '.join(where)}) x "
        "GROUP BY g, channel"
    )
    params = [*p_to, *p_before, *params]
    out: dict[Any, tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]] = {}
    with connection.cursor() as cur:
        cur.execute(sql, params)
        for row in cur.fetchall():
            key = row[0] if group_col else None
            t, f = out.setdefault(key, ({}, {}))
            vals = row[2:]
            t[row[1]] = {c: int(vals[2 * i] or 0) for i, c in enumerate(COUNTERS)}
            f[row[1]] = {c: int(vals[2 * i + 1] or 0) for i, c in enumerate(COUNTERS)}
    return out


def _month_periods(date_from: date, date_to: date) -> list[tuple[date, date]]:
    out = []
    d = date_from.replace(day=1)
    while d <= date_to:
        end = d.replace(day=monthrange(d.year, d.month)[1])
        out.append((max(d, date_from), min(end, date_to)))
        d = end + timedelta(days=1)
    return out


def dossier_stats(
    user: Any,
    *,
    date_from: date,
    date_to: date,
    agency: Any = None,
    level: str | None = None,
    group: str | None = None,
    field: Any = None,
    procedure: Any = None,
    channel: str | None = None,
    by: str | None = None,
) -> list[StatRow]:
    """Rows of dossier statistics (one per ``by`` group, sorted), then the total row
    (``row.key is None``, label "Tổng cộng"). ``user`` None means no scope (commands and
    tasks pass the agency explicitly). Raises ``DomainError``/``Forbidden``/``NotFound``."""
    from cchc.accounts import scope

    if date_from > date_to:
        raise DomainError(_("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."))
    if by not in (None, *BY_CHOICES):
        raise DomainError(_("Cách nhóm số liệu không hợp lệ: %(by)s.") % {"by": by})
    agency = resolve_agency(agency)
    if user is not None:
        if agency is None:
            agency = scope.scope_root(user)
        else:
            scope.require(
                scope.can_see_agency(user, agency),
                _("Bạn không có quyền xem số liệu của cơ quan này."),
            )
    index = AgencyIndex()
    paths: list[str] | None = [agency.path] if agency is not None else None
    agency_ids = index.ids_within(paths)
    if group:
        group_paths = [a.path for a in index.by_id.values() if a.group == group]
        in_group = set(index.ids_within(group_paths) or [])
        pool = agency_ids if agency_ids is not None else list(index.by_id)
        agency_ids = [i for i in pool if i in in_group]
    if agency_ids is not None and len(agency_ids) == len(index.by_id):
        agency_ids = None  # everything: no filter to send
    field_obj = _resolve_field(field)
    common: dict[str, Any] = {
        "agency_ids": agency_ids,
        "level": level or None,
        "field_id": field_obj.pk if field_obj else None,
        "procedure_code": _procedure_code(procedure),
        "channel": channel or None,
    }

    rows: list[StatRow] = []
    if by == "month":
        for lo, hi in _month_periods(date_from, date_to):
            data = _query(date_from=lo, date_to=hi, group_col=None, **common)
            t, f = data.get(None, ({}, {}))
            rows.append(stats.from_prefixes(t, f, label=f"{lo:%m/%Y}", key=f"{lo:%Y-%m}"))
        total = _total(date_from, date_to, common)
        return [*rows, total]

    group_col = {
        None: None,
        "agency": "agency_id",
        "level": "level",
        "channel": None,
        "field": "procedure__field_id",
        "procedure": "procedure__code",
    }[by]
    data = _query(date_from=date_from, date_to=date_to, group_col=group_col, **common)
    total = DossierStats(label=_("Tổng cộng"))
    merged: dict[Any, DossierStats] = {}

    def put(key: Any, row: DossierStats) -> None:
        if key in merged:
            merged[key].add(row)
        else:
            row.key = key
            merged[key] = row

    root_path = agency.path if agency is not None else ""
    for key, (t, f) in data.items():
        if by == "channel":
            for ch in set(t) | set(f):
                put(ch, stats.from_prefixes({ch: t.get(ch, {})}, {ch: f.get(ch, {})}))
        elif by == "agency":
            put(index.child_under(key, root_path).id, stats.from_prefixes(t, f))
        else:
            put(key, stats.from_prefixes(t, f))
    for row in merged.values():
        total.add(row)
    if by is None:
        return [total]
    labels = _labels(by, merged, index)
    for k, row in merged.items():
        row.label = labels[k]
    if by == "agency":
        order = sorted(merged, key=lambda k: (index.by_id[k].sort_order, index.by_id[k].path))
    elif by == "channel":
        order = sorted(merged, key=lambda k: stats.CHANNELS.index(k) if k in stats.CHANNELS else 9)
    else:
        order = sorted(merged, key=lambda k: labels[k])
    rows = [
        merged[k]
        for k in order
        if any(getattr(merged[k], n) for n in stats.DossierStats.COUNT_FIELDS)
    ]
    return [*rows, total]


def _total(date_from: date, date_to: date, common: dict[str, Any]) -> DossierStats:
    data = _query(date_from=date_from, date_to=date_to, group_col=None, **common)
    t, f = data.get(None, ({}, {}))
    return stats.from_prefixes(t, f, label=_("Tổng cộng"))


def dossier_total(*, agency: Any, date_from: date, date_to: date, **filters: Any) -> DossierStats:
    """The total row for an agency (with its subtree), unscoped: indicators and tasks."""
    return dossier_stats(None, date_from=date_from, date_to=date_to, agency=agency, **filters)[-1]


def figure_count(
    user: Any,
    *,
    figure: str,
    date_from: date,
    date_to: date,
    agency: Any = None,
    level: str = "",
    field: str = "",
    procedure: str = "",
    channel: str = "",
) -> int:
    """A figure of ``dossier_stats`` by the name the dossier list uses (``selectors.FIGURES``
    of the dossiers app): what the list behind the figure shows as its count."""
    row = dossier_stats(
        user,
        date_from=date_from,
        date_to=date_to,
        agency=agency,
        level=level or None,
        field=field or None,
        procedure=procedure or None,
        channel=channel or None,
    )[-1]
    if figure == "late_or_overdue":  # the dashboard's "late" bars
        return row.late + row.overdue
    return int(getattr(row, figure))
