"""Computing the Decision 766 service index for an agency (with its subtree) or the province.

``counts()`` gathers the numerator and denominator of every measure for a period; it reads the
monthly ``ServiceRollup`` when the period is whole months (the fast path: a handful of rows per
agency) and the dossier rows otherwise, with the same definitions. ``compute()`` scores them
with the province's rule table. ``lost()`` lists what lost the points of one measure: the late
dossiers, the procedures without an online dossier, the publications made too late. No user
scope here: views and the API pass an agency the user may see.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.db.models import Count, F, Q, QuerySet, Sum

from . import inputs
from .models import ServiceRollup, ServiceRules
from .service_index import (
    Counts,
    Measure,
    ServiceIndex,
    lead_days,
    measures_from_json,
    on_time_766,
    satisfaction,
    score,
)

if TYPE_CHECKING:
    from cchc.organizations.models import Agency

ONLINE = ("online_full", "online_partial")


def whole_months(date_from: date, date_to: date) -> bool:
    last = calendar.monthrange(date_to.year, date_to.month)[1]
    return date_from.day == 1 and date_to.day == last and date_from <= date_to


def period_bounds(kind: str, year: int, number: int = 1) -> tuple[date, date]:
    """Month (1–12), quarter (1–4) or year → (first day, last day)."""
    if kind == "month":
        first, last_month = date(year, number, 1), number
    elif kind == "quarter":
        first, last_month = date(year, 3 * number - 2, 1), 3 * number
    else:
        first, last_month = date(year, 1, 1), 12
    return first, date(year, last_month, calendar.monthrange(year, last_month)[1])


def measures_for(province: Agency | None) -> tuple[Measure, ...]:
    row = ServiceRules.objects.filter(province=province).first() if province else None
    return measures_from_json(row.measures if row else None)


def _agency_filter(agency: Agency | None, field: str = "agency", group: str = "") -> Q:
    q = Q(**{f"{field}__path__startswith": agency.path}) if agency is not None else Q()
    return q & Q(**{f"{field}__group": group}) if group else q


def _dossier_counts_rollup(
    agency: Agency | None, f: date, t: date, group: str = ""
) -> dict[str, Counts]:
    rows = ServiceRollup.objects.filter(
        _agency_filter(agency, group=group), month__gte=f, month__lte=t
    )
    sums = rows.aggregate(
        n_received=Sum("received"),
        n_online=Sum("received", filter=Q(channel__in=ONLINE)),
        n_finished=Sum("finished"),
        n_ok=Sum("finished_ok"),
    )
    total = {k[2:]: v for k, v in sums.items()}
    procs = rows.filter(received__gt=0).values("procedure_id").distinct().count()
    online_procs = (
        rows.filter(received__gt=0, channel__in=ONLINE).values("procedure_id").distinct().count()
    )
    return _dossier_counts(total, procs, online_procs)


def _dossiers(agency: Agency | None, group: str = "") -> QuerySet:
    from cchc.dossiers.models import Dossier

    from .upstream import NOT_RECEIVED_STATUSES

    return (
        Dossier.objects.filter(_agency_filter(agency, group=group), received_date__isnull=False)
        .exclude(status__in=NOT_RECEIVED_STATUSES)
        .exclude(status="refused", finished_date__isnull=True)
    )


def late_766_q() -> Q:
    """Dossiers finished but not on time for 766 (``on_time_766`` as a filter)."""
    on_time = Q(supplement_count__lte=1) & (
        Q(timeliness__in=("early", "on_time"))
        | (
            ~Q(timeliness__in=("early", "on_time", "late"))
            & (Q(due_date__isnull=True) | Q(finished_date__lte=F("due_date")))
        )
    )
    return Q(finished_date__isnull=False) & ~on_time


def _dossier_counts_rows(
    agency: Agency | None, f: date, t: date, group: str = ""
) -> dict[str, Counts]:
    qs = _dossiers(agency, group)
    received = qs.filter(received_date__gte=f, received_date__lte=t)
    finished = qs.filter(finished_date__gte=f, finished_date__lte=t)
    total = {
        **received.aggregate(
            received=Count("pk"), online=Count("pk", filter=Q(channel__in=ONLINE))
        ),
        **finished.aggregate(finished=Count("pk"), late=Count("pk", filter=late_766_q())),
    }
    total["ok"] = (total["finished"] or 0) - (total["late"] or 0)
    procs = received.values("procedure_id").distinct().count()
    online_procs = received.filter(channel__in=ONLINE).values("procedure_id").distinct().count()
    return _dossier_counts(total, procs, online_procs)


def _dossier_counts(total: dict[str, Any], procs: int, online_procs: int) -> dict[str, Counts]:
    received = int(total["received"] or 0)
    finished = int(total["finished"] or 0)
    return {
        "on_time": Counts(int(total["ok"] or 0), finished),
        "online_share": Counts(int(total["online"] or 0), received),
        "online_procedures": Counts(online_procs, procs),
        "_finished": Counts(finished - int(total["ok"] or 0), finished),  # late, for satisfaction
        "_received": Counts(received, received),
    }


def _publications(agency: Agency | None, f: date, t: date, group: str = "") -> QuerySet:
    from cchc.procedures.models import PublicationItem

    qs = PublicationItem.objects.filter(effective_date__gte=f, effective_date__lte=t)
    if agency is not None and agency.parent_id is not None:
        qs = qs.filter(_agency_filter(agency, "decision__agency"))
    if group:
        qs = qs.filter(decision__agency__group=group)
    return qs.select_related("decision", "procedure")


def _published_late(item: Any, lead_days: int) -> bool:
    return item.decision.date > item.effective_date - timedelta(days=lead_days)


def counts(
    agency: Agency | None,
    date_from: date,
    date_to: date,
    *,
    source: str = "auto",
    measures: tuple[Measure, ...] | None = None,
    group: str = "",
) -> dict[str, Counts | None]:
    """The counts behind every measure; ``source``: "auto", "rollup" or "rows"; ``group``
    keeps the agencies of one ranking group (departments, communes...)."""
    use_rollup = source == "rollup" or (source == "auto" and whole_months(date_from, date_to))
    if use_rollup and not whole_months(date_from, date_to):
        raise ValueError("the rollup holds whole months")
    reader = _dossier_counts_rollup if use_rollup else _dossier_counts_rows
    d = reader(agency, date_from, date_to, group)
    items = list(_publications(agency, date_from, date_to, group))
    return _assemble(d, items, measures, agency, date_from, date_to, group)


def _assemble(
    d: dict[str, Counts],
    items: list[Any],
    measures: tuple[Measure, ...] | None,
    agency: Agency | None,
    date_from: date,
    date_to: date,
    group: str = "",
) -> dict[str, Counts | None]:
    """Dossier counts and publications → the counts of every measure (None: no data)."""
    lead = lead_days(measures)
    out: dict[str, Counts | None] = {k: v for k, v in d.items() if not k.startswith("_")}
    out["published_on_time"] = (
        Counts(sum(1 for i in items if not _published_late(i, lead)), len(items)) if items else None
    )
    if out["on_time"] is not None and out["on_time"].denominator == 0:
        out["on_time"] = None
    for key in ("online_share", "online_procedures"):
        c = out.get(key)
        if c is not None and c.denominator == 0:
            out[key] = None
    for key in ("online_payment", "digitised"):
        fn = inputs.get(key)
        # Registered inputs answer per agency subtree; a group total is not theirs to give.
        out[key] = fn(agency, date_from, date_to) if fn and not group else None
    complaints_fn = inputs.get("complaints")
    complaints = complaints_fn(agency, date_from, date_to) if complaints_fn and not group else None
    late = d["_finished"]
    dislike = (
        None
        if complaints is not None or late.denominator == 0
        else _dislike_share(measures, agency, date_from, date_to, group)
    )
    out["satisfaction"] = satisfaction(late, complaints, dislike)
    return out


def _dislike_share(
    measures: tuple[Measure, ...] | None,
    agency: Agency | None,
    date_from: date,
    date_to: date,
    group: str,
) -> Decimal | None:
    """The share of "dislike" ratings from the indicator the satisfaction rule names (data);
    None (no data) when the rule names none, the indicator is not registered, or it has
    nothing to measure."""
    from cchc.core.errors import NotFound

    from .upstream import indicators

    key = next(
        (m.rule.get("dislike_indicator") for m in measures or () if m.key == "satisfaction"), None
    )
    if not key or group:
        return None
    try:
        source = indicators.get(key)
    except NotFound:
        return None
    value = source.compute(agency, date_from, date_to)
    return None if value is None else Decimal(value)


def compute(
    agency: Agency | None,
    date_from: date,
    date_to: date,
    *,
    source: str = "auto",
    province: Agency | None = None,
    group: str = "",
) -> tuple[ServiceIndex, dict[str, Counts | None]]:
    """One definition of the 766 index: every page, the CLI and the API call this."""
    prov = province or (agency.province if agency is not None else None)
    measures = measures_for(prov)
    c = counts(agency, date_from, date_to, source=source, measures=measures, group=group)
    return score(c, measures), c


def compute_many(
    agencies: list[Agency], date_from: date, date_to: date, *, province: Agency | None = None
) -> dict[int, tuple[ServiceIndex, dict[str, Counts | None]]]:
    """The index of many agencies (each with its subtree) over whole months from three queries
    of the rollup and one of the publications, whatever their number (the registered inputs,
    such as the ratings' dislike share, still answer per agency): what a table of every unit
    reads."""
    from cchc.organizations.models import Agency as AgencyModel

    if not whole_months(date_from, date_to):
        return {a.pk: compute(a, date_from, date_to, province=province) for a in agencies}
    prov = province or (agencies[0].province if agencies else None)
    measures = measures_for(prov)
    rows = ServiceRollup.objects.filter(month__gte=date_from, month__lte=date_to)
    sums: dict[int, dict[str, Any]] = {
        r["agency_id"]: dict(r)
        for r in rows.values("agency_id").annotate(
            n_received=Sum("received"),
            n_online=Sum("received", filter=Q(channel__in=ONLINE)),
            n_finished=Sum("finished"),
            n_ok=Sum("finished_ok"),
        )
    }
    procs: dict[int, list[tuple[int, bool]]] = {}
    for r in (
        rows.filter(received__gt=0)
        .values("agency_id", "procedure_id")
        .annotate(online=Sum("received", filter=Q(channel__in=ONLINE)))
    ):
        procs.setdefault(r["agency_id"], []).append((r["procedure_id"], bool(r["online"])))
    paths = dict(AgencyModel.objects.filter(pk__in=set(sums)).values_list("pk", "path"))
    items = list(_publications(None, date_from, date_to).select_related("decision__agency"))
    out = {}
    for a in agencies:
        inside = [pk for pk, path in paths.items() if path.startswith(a.path)]
        total = {
            k: sum(int(cast(Mapping[str, Any], sums[pk])[f"n_{k}"] or 0) for pk in inside)
            for k in ("received", "online", "finished", "ok")
        }
        seen = {p for pk in inside for p, _ in procs.get(pk, [])}
        online = {p for pk in inside for p, o in procs.get(pk, []) if o}
        mine = [
            i
            for i in items
            if a.parent_id is None
            or (i.decision.agency is not None and i.decision.agency.path.startswith(a.path))
        ]
        d = _dossier_counts(total, len(seen), len(online))
        c = _assemble(d, mine, measures, a, date_from, date_to)
        out[a.pk] = (score(c, measures), c)
    return out


def lost(
    measure_key: str, agency: Agency | None, date_from: date, date_to: date, *, limit: int = 200
) -> tuple[str, list[dict[str, Any]]]:
    """("dossiers" | "procedures" | "publications", rows) that lost the measure's points."""
    if measure_key in ("on_time", "satisfaction"):
        qs = (
            _dossiers(agency)
            .filter(finished_date__gte=date_from, finished_date__lte=date_to)
            .filter(late_766_q())
            .select_related("agency", "procedure")
            .order_by("finished_date", "code")[:limit]
        )
        return "dossiers", [
            {
                "code": d.code,
                "agency": d.agency.name,
                "procedure": d.procedure.name,
                "due_date": d.due_date,
                "finished_date": d.finished_date,
                "supplement_count": d.supplement_count,
                "why": (
                    "Yêu cầu bổ sung quá 1 lần" if d.supplement_count > 1 else "Giải quyết quá hạn"
                ),
                "obj": d,
            }
            for d in qs
            if not on_time_766(
                finished=d.finished_date,
                due=d.due_date,
                timeliness=d.timeliness,
                supplement_count=d.supplement_count,
            )
        ]
    if measure_key in ("online_procedures", "online_share"):
        from cchc.procedures.models import Procedure

        received = _dossiers(agency).filter(
            received_date__gte=date_from, received_date__lte=date_to
        )
        with_online = received.filter(channel__in=ONLINE).values("procedure_id")
        rows = (
            received.exclude(procedure_id__in=with_online)
            .values("procedure_id")
            .annotate(n=Count("pk"))
            .order_by("-n")[:limit]
        )
        names = Procedure.objects.in_bulk([r["procedure_id"] for r in rows])
        return "procedures", [
            {
                "code": names[r["procedure_id"]].code,
                "procedure": names[r["procedure_id"]].name,
                "dossiers": r["n"],
                "why": "Không có hồ sơ trực tuyến",
            }
            for r in rows
        ]
    if measure_key == "published_on_time":
        lead = lead_days(measures_for(agency.province if agency else None))
        items = [i for i in _publications(agency, date_from, date_to) if _published_late(i, lead)]
        return "publications", [
            {
                "code": i.procedure.code,
                "procedure": i.procedure.name,
                "decision": str(i.decision),
                "effective_date": i.effective_date,
                "why": f"Công bố chưa đủ {lead} ngày trước ngày có hiệu lực",
            }
            for i in items[:limit]
        ]
    return "none", []
