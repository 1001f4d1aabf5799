"""What a province sends to the national lake: pseudonymised facts, never personal data.

The columns are listed in ``schemas`` and nowhere else. Names, ID numbers, phones, addresses, e-mails
and free text stay in the province: a dossier travels as a keyed hash of its id, its agency
and procedure codes, its dates and the statistic fields of ``stat_snapshot`` (the same input
the province's own statistics read, so the national figures can equal them to the dossier).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pyarrow as pa
from django.conf import settings

from cchc.dossiers.models import Dossier
from cchc.dossiers.signals import stat_snapshot
from cchc.organizations.models import Agency, AgencyKind
from cchc.procedures.models import Procedure

from .schemas import (  # noqa: F401  (the names every caller reads from facts)
    AGENCIES,
    AGENCY_SCHEMA,
    DOSSIER_SCHEMA,
    DOSSIERS,
    FEEDBACK,
    FEEDBACK_SCHEMA,
    INDEX_SCORE_SCHEMA,
    INDEX_SCORES,
    PROCEDURE_SCHEMA,
    PROCEDURES,
    PUBLICATION_SCHEMA,
    PUBLICATIONS,
    RATING_SCHEMA,
    RATINGS,
    SCHEMAS,
    SIPAS,
    SIPAS_SCHEMA,
    SNAPSHOTS,
)


def province_root() -> Agency:
    root = Agency.objects.filter(kind=AgencyKind.PROVINCE, parent__isnull=True).first()
    if root is None:
        raise LookupError("Chưa có UBND tỉnh/thành phố trong cây cơ quan: không thể xuất số liệu.")
    return root


def province_code() -> str:
    """The province's code in the lake: setting ``NATIONAL_PROVINCE_CODE``, else the root's
    administrative code, else its internal code."""
    configured = getattr(settings, "NATIONAL_PROVINCE_CODE", "")
    if configured:
        return str(configured)
    root = province_root()
    return root.admin_code or root.code


def dossier_key(pk: int) -> str:
    """A keyed hash: stable across batches (so updates replace rows), meaningless outside the
    province (the key is the province's secret)."""
    return _key("dossier", pk) or ""


def _as_date(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def dossier_batches(
    batch: int, since: datetime | None, until: datetime, *, chunk: int = 50_000
) -> Iterator[tuple[str, pa.Table]]:
    """(month, table) chunks of the dossiers changed in (since, until]."""
    qs = Dossier.objects.filter(updated_at__lte=until).select_related(
        "agency", "procedure", "procedure__field"
    )
    if since is not None:
        qs = qs.filter(updated_at__gt=since)
    cols: dict[str, dict[str, list[Any]]] = {}

    def flush(month: str) -> tuple[str, pa.Table]:
        table = pa.Table.from_pydict(cols.pop(month), schema=DOSSIER_SCHEMA)
        return month, table

    for d in qs.order_by("received_date", "pk").iterator(chunk_size=5000):
        snap = stat_snapshot(d)
        received = snap["received_date"]
        month = f"{received:%Y-%m}" if received else "none"
        c = cols.setdefault(month, {name: [] for name in DOSSIER_SCHEMA.names})
        c["batch"].append(batch)
        c["dossier_key"].append(dossier_key(d.pk))
        c["agency_code"].append(d.agency.code)
        c["procedure_code"].append(d.procedure.code)
        c["field_code"].append(d.procedure.field.code if d.procedure.field_id else "")
        c["level"].append(snap["level"] or "")
        c["channel"].append(snap["channel"])
        c["status"].append(snap["status"])
        c["timeliness"].append(snap["timeliness"] or "")
        c["received_date"].append(_as_date(received))
        c["due_date"].append(_as_date(snap["due_date"]))
        c["finished_date"].append(_as_date(snap["finished_date"]))
        c["apologized"].append(bool(snap["apologized"]))
        c["supplement_count"].append(int(snap["supplement_count"] or 0))
        if len(c["batch"]) >= chunk:
            yield flush(month)
    for month in sorted(cols):
        yield flush(month)


def agency_table(batch: int) -> pa.Table:
    """Every agency, with the unit (right under the province) its figures roll up to, the way
    the province's statistics group them (successors followed)."""
    rows: list[dict[str, Any]] = [
        dict(r)
        for r in Agency.objects.values(
            "id", "code", "name", "kind", "parent_id", "successor_id", "valid_from", "valid_to",
            "path", "group", "short_name",
        )
    ]  # fmt: skip
    by_id = {r["id"]: r for r in rows}
    by_path = {r["path"]: r for r in rows}
    root = province_root()

    def final(r: dict[str, Any]) -> dict[str, Any]:
        seen: set[int] = set()
        while r["successor_id"] and r["successor_id"] in by_id and r["id"] not in seen:
            seen.add(r["id"])
            r = by_id[r["successor_id"]]
        return r

    def unit(r: dict[str, Any]) -> dict[str, Any]:
        f = final(r)
        if not f["path"].startswith(root.path) or f["path"] == root.path:
            return f
        head = root.path + f["path"][len(root.path) :].strip("/").split("/")[0] + "/"
        return by_path.get(head, f)

    cols: dict[str, list[Any]] = {name: [] for name in AGENCY_SCHEMA.names}
    for r in rows:
        u = unit(r)
        cols["batch"].append(batch)
        cols["code"].append(r["code"])
        cols["name"].append(r["name"])
        cols["kind"].append(r["kind"])
        cols["parent_code"].append(by_id[r["parent_id"]]["code"] if r["parent_id"] else None)
        cols["successor_code"].append(
            by_id[r["successor_id"]]["code"] if r["successor_id"] in by_id else None
        )
        cols["valid_from"].append(r["valid_from"])
        cols["valid_to"].append(r["valid_to"])
        cols["unit_code"].append(u["code"])
        cols["unit_name"].append(u["name"])
        cols["unit_group"].append(u["group"] or "")
    return pa.Table.from_pydict(cols, schema=AGENCY_SCHEMA)


def procedure_table(batch: int) -> pa.Table:
    cols: dict[str, list[Any]] = {name: [] for name in PROCEDURE_SCHEMA.names}
    for p in Procedure.objects.filter(is_current=True).select_related("field").order_by("code"):
        cols["batch"].append(batch)
        cols["code"].append(p.code)
        cols["name"].append(p.name)
        cols["field_code"].append(p.field.code if p.field_id else "")
        cols["field_name"].append(p.field.name if p.field_id else "")
        cols["levels"].append(",".join(p.levels or []))
        cols["online_level"].append(p.online_level or "")
    return pa.Table.from_pydict(cols, schema=PROCEDURE_SCHEMA)


def _key(kind: str, pk: int | None) -> str | None:
    if pk is None:
        return None
    secret = settings.SECRET_KEY.encode()
    return hmac.new(secret, f"{kind}:{pk}".encode(), hashlib.sha256).hexdigest()[:32]


def rating_table(batch: int) -> pa.Table:
    """Every rating (snapshot): the level and the total of the nine indicators; never the
    citizen's written reason."""
    from cchc.evaluations.models import Rating

    cols: dict[str, list[Any]] = {name: [] for name in RATING_SCHEMA.names}
    for r in Rating.objects.select_related("agency").order_by("pk").iterator(chunk_size=5000):
        cols["batch"].append(batch)
        cols["dossier_key"].append(_key("dossier", r.dossier_id))
        cols["agency_code"].append(r.agency.code)
        cols["level"].append(r.level)
        cols["channel"].append(r.channel)
        cols["total_score"].append(r.total_score)
        cols["rated_date"].append(r.rated_date)
    return pa.Table.from_pydict(cols, schema=RATING_SCHEMA)


def feedback_table(batch: int) -> pa.Table:
    """Every feedback case (snapshot): its kind, agency, steps and dates; never the sender, the
    title or the content."""
    from cchc.feedback.models import Feedback

    cols: dict[str, list[Any]] = {name: [] for name in FEEDBACK_SCHEMA.names}
    qs = Feedback.objects.select_related("agency", "field").order_by("pk")
    for f in qs.iterator(chunk_size=5000):
        cols["batch"].append(batch)
        cols["case_key"].append(_key("feedback", f.pk))
        cols["kind"].append(f.kind)
        cols["channel"].append(f.channel)
        cols["agency_code"].append(f.agency.code if f.agency_id else None)
        cols["field_code"].append(f.field.code if f.field is not None else None)
        cols["about_official"].append(f.about_official)
        cols["dossier_key"].append(_key("dossier", f.dossier_id))
        cols["status"].append(f.status)
        cols["received_date"].append(f.received_date)
        cols["answer_due"].append(f.answer_due)
        cols["answered_date"].append(f.answered_date)
        cols["closed_date"].append(f.closed_date)
    return pa.Table.from_pydict(cols, schema=FEEDBACK_SCHEMA)


def index_score_table(batch: int) -> pa.Table:
    """The PAR index result of every unit of every published cycle (snapshot), as published:
    a cycle still being scored or appraised stays in the province."""
    from cchc.indices.selectors import published_units

    cols: dict[str, list[Any]] = {name: [] for name in INDEX_SCORE_SCHEMA.names}
    for u in published_units():
        cols["batch"].append(batch)
        cols["year"].append(u.cycle.year)
        cols["agency_code"].append(u.agency.code)
        cols["group"].append(u.group)
        cols["ranked"].append(u.ranked)
        cols["points"].append(None if u.points is None else float(u.points))
        cols["maximum"].append(None if u.maximum is None else float(u.maximum))
        cols["index"].append(None if u.index is None else float(u.index))
        cols["rank"].append(u.rank)
        cols["published"].append(True)
        cols["band"].append(u.band)
    return pa.Table.from_pydict(cols, schema=INDEX_SCORE_SCHEMA)


def sipas_table(batch: int) -> pa.Table:
    """Each published SIPAS result (one survey a year): per agency and element, how many
    satisfaction answers there were and how many said satisfied or very satisfied, the
    counts ``cchc.surveys.selectors.results`` turns into indices."""
    from django.db.models import Count, Q

    from cchc.surveys.models import Answer, Measure
    from cchc.surveys.results import SATISFIED_LEVELS
    from cchc.surveys.selectors import published_sipas

    cols: dict[str, list[Any]] = {name: [] for name in SIPAS_SCHEMA.names}
    for survey in published_sipas():
        responses = dict(
            survey.responses.values("agency__code")
            .annotate(n=Count("id"))
            .values_list("agency__code", "n")
        )
        rows = (
            Answer.objects.filter(response__survey=survey, question__measure=Measure.SATISFACTION)
            .values(
                "response__agency__code",
                "question__element__code",
                "question__element__order",
                "question__element__name",
            )
            .annotate(
                answers=Count("id"), satisfied=Count("id", filter=Q(value__in=SATISFIED_LEVELS))
            )
            .order_by("response__agency__code", "question__element__order")
        )
        for r in rows:
            cols["batch"].append(batch)
            cols["year"].append(survey.year)
            cols["survey_code"].append(survey.code)
            cols["agency_code"].append(r["response__agency__code"])
            cols["element_code"].append(r["question__element__code"])
            cols["element_order"].append(r["question__element__order"])
            cols["element_name"].append(r["question__element__name"])
            cols["satisfied"].append(r["satisfied"])
            cols["answers"].append(r["answers"])
            cols["responses"].append(responses.get(r["response__agency__code"], 0))
    return pa.Table.from_pydict(cols, schema=SIPAS_SCHEMA)


def publication_table(batch: int) -> pa.Table:
    """Every procedure publication (snapshot): the dates the 766 disclosure measure compares;
    never the decision's signer or summary."""
    from cchc.procedures.models import PublicationItem

    cols: dict[str, list[Any]] = {name: [] for name in PUBLICATION_SCHEMA.names}
    qs = PublicationItem.objects.select_related("decision__agency", "procedure").order_by("pk")
    for i in qs.iterator(chunk_size=5000):
        cols["batch"].append(batch)
        cols["procedure_code"].append(i.procedure.code)
        agency = i.decision.agency
        cols["agency_code"].append(agency.code if agency is not None else None)
        cols["decision_date"].append(i.decision.date)
        cols["effective_date"].append(i.effective_date)
        cols["days_ahead"].append((i.effective_date - i.decision.date).days)
    return pa.Table.from_pydict(cols, schema=PUBLICATION_SCHEMA)
