"""The national statistics as one SQL text that DuckDB and Spark SQL both run.

Why one SQL text rather than Ibis or two DataFrame programs: the figures are a single
aggregation with CASE expressions (DOMAIN.md section 7 applied dossier by dossier, exactly as
``cchc.statistics.stats.direct`` states it), which is the part of SQL both engines implement
identically; Ibis would add a large dependency and a compiler between us and the plan Spark
prints, and two programs would be two definitions. The views the text reads
(``dossier_facts``, ``agency_facts``) are defined here too, so the engines only load files.
Dates are inlined as ``DATE 'YYYY-MM-DD'`` literals from ``date`` objects (no user text ever
reaches the SQL), because the two engines bind parameters differently.
"""

from __future__ import annotations

from datetime import date

import pyarrow as pa

from . import schemas

# The datasets the engines load, and the view each becomes.
RAW = {
    schemas.DOSSIERS: "dossier_raw",
    schemas.AGENCIES: "agency_raw",
    schemas.PROCEDURES: "procedure_raw",
    schemas.RATINGS: "rating_raw",
    schemas.INDEX_SCORES: "index_raw",
    schemas.SIPAS: "sipas_raw",
    schemas.PUBLICATIONS: "publication_raw",
}
PARTITIONS = {schemas.DOSSIERS: ("province", "month")}
_TYPES = {
    pa.string(): "STRING", pa.int16(): "SMALLINT", pa.int32(): "INT", pa.int64(): "BIGINT",
    pa.float64(): "DOUBLE", pa.bool_(): "BOOLEAN", pa.date32(): "DATE",
}  # fmt: skip


def empty(dataset: str) -> str:
    """A view with the dataset's columns and no rows, for a lake without that dataset (an
    older lake, or provinces with nothing of the kind yet): the figures are then "no data"."""
    cols = [f"CAST(NULL AS {_TYPES[f.type]}) AS {f.name}" for f in schemas.SCHEMAS[dataset]] + [
        f"CAST(NULL AS STRING) AS {p}" for p in PARTITIONS.get(dataset, ("province",))
    ]
    return f"SELECT {', '.join(cols)} WHERE 1 = 0"


BY: dict[str, tuple[str, str]] = {
    # by: (key expression, label expression)
    "province": ("d.province", "d.province"),
    "agency": ("d.province || ':' || a.unit_code", "a.unit_name"),
    "group": ("d.province || ':' || a.unit_group", "a.unit_group"),
    "field": ("d.province || ':' || d.field_code", "d.field_code"),
    "procedure": ("d.province || ':' || d.procedure_code", "d.procedure_code"),
}

COUNT_COLUMNS = (
    "carried",
    "new_desk",
    "new_online_full",
    "new_online_partial",
    "new_post",
    "early",
    "on_time",
    "late",
    "late_with_apology",
    "not_yet_due",
    "overdue",
    "repeated_supplement",
)


def views(*, multi_batch: bool) -> dict[str, str]:
    """The latest version of each dossier (a later batch replaces an earlier row) and the
    latest agency snapshot of each province."""
    if multi_batch:
        dossiers = """
            SELECT * FROM (
              SELECT r.*, ROW_NUMBER() OVER (
                PARTITION BY r.province, r.dossier_key ORDER BY r.batch DESC) AS rn
              FROM dossier_raw r
            ) x WHERE x.rn = 1"""
    else:
        dossiers = "SELECT * FROM dossier_raw"

    def latest(raw: str, where: str = "") -> str:
        # every batch carries the agencies: a province's latest batch is its latest agency
        # snapshot, and a snapshot dataset counts only from that batch
        return f"""
        SELECT r.* FROM {raw} r
        JOIN (SELECT province AS p, MAX(batch) AS b FROM agency_raw GROUP BY province) m
          ON r.province = m.p AND r.batch = m.b{where}"""

    return {
        "dossier_facts": dossiers,
        "agency_facts": latest("agency_raw"),
        "rating_facts": latest("rating_raw"),
        "index_facts": latest("index_raw", " WHERE r.published"),
        "sipas_facts": latest("sipas_raw"),
        "publication_facts": latest("publication_raw"),
    }


def _d(value: date) -> str:
    if not isinstance(value, date):
        raise TypeError("dates only")
    return f"DATE '{value.isoformat()}'"


def statistics(*, by: str, date_from: date, date_to: date, as_of: date) -> str:
    """One row per group: the counters of ``DossierStats``. ``as_of`` is the day whose end
    decides what is overdue (the earlier of ``date_to`` and today)."""
    key, label = BY[by]
    f, t, now = _d(date_from), _d(date_to), _d(as_of)
    kind = """CASE
        WHEN d.timeliness IN ('early', 'on_time', 'late') THEN d.timeliness
        WHEN d.due_date IS NULL OR d.finished_date = d.due_date THEN 'on_time'
        WHEN d.finished_date < d.due_date THEN 'early' ELSE 'late' END"""
    new = f"d.received_date >= {f}"
    done = f"d.finished_date IS NOT NULL AND d.finished_date <= {t}"
    open_ = f"NOT ({done})"
    overdue = f"{open_} AND d.due_date IS NOT NULL AND d.due_date < {now}"
    ch = "CASE WHEN d.channel IN ('online_full', 'online_partial', 'post') THEN d.channel ELSE 'desk' END"

    def n(cond: str) -> str:
        return f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END)"

    return f"""
SELECT {key} AS key, MIN({label}) AS label, MIN(d.province) AS province,
  {n(f"d.received_date < {f}")} AS carried,
  {n(f"{new} AND {ch} = 'desk'")} AS new_desk,
  {n(f"{new} AND {ch} = 'online_full'")} AS new_online_full,
  {n(f"{new} AND {ch} = 'online_partial'")} AS new_online_partial,
  {n(f"{new} AND {ch} = 'post'")} AS new_post,
  {n(f"{done} AND {kind} = 'early'")} AS early,
  {n(f"{done} AND {kind} = 'on_time'")} AS on_time,
  {n(f"{done} AND {kind} = 'late'")} AS late,
  {n(f"{done} AND {kind} = 'late' AND d.apologized")} AS late_with_apology,
  {n(f"{open_} AND NOT ({overdue})")} AS not_yet_due,
  {n(overdue)} AS overdue,
  {n("d.supplement_count >= 2")} AS repeated_supplement
FROM dossier_facts d
LEFT JOIN agency_facts a ON a.province = d.province AND a.code = d.agency_code
WHERE d.received_date IS NOT NULL
  AND d.status <> 'desk_supplement'
  AND NOT (d.status = 'refused' AND d.finished_date IS NULL)
  AND d.received_date <= {t}
  AND (d.finished_date IS NULL OR d.finished_date >= {f})
GROUP BY {key}
ORDER BY key
"""


def service_counts(*, by: str, date_from: date, date_to: date) -> str:
    """The dossier counts behind the Decision 766 measures (``cchc.indices.service``): the
    points come from them through ``cchc.indices.service_index.score``, one definition on
    both sides. On time for 766: finished by the appointment that counts and asked for a
    supplement at most once (``on_time_766``)."""
    key, label = BY[by]
    f, t = _d(date_from), _d(date_to)
    received = f"d.received_date >= {f} AND d.received_date <= {t}"
    finished = f"d.finished_date IS NOT NULL AND d.finished_date >= {f} AND d.finished_date <= {t}"
    online = "d.channel IN ('online_full', 'online_partial')"
    on_time = """d.supplement_count <= 1 AND (d.timeliness IN ('early', 'on_time') OR (
        d.timeliness NOT IN ('early', 'on_time', 'late')
        AND (d.due_date IS NULL OR d.finished_date <= d.due_date)))"""

    def n(cond: str) -> str:
        return f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END)"

    return f"""
SELECT {key} AS key, MIN({label}) AS label, MIN(d.province) AS province,
  {n(received)} AS received,
  {n(f"{received} AND {online}")} AS online,
  {n(finished)} AS finished,
  {n(f"{finished} AND {on_time}")} AS finished_ok,
  COUNT(DISTINCT CASE WHEN {received} THEN d.procedure_code END) AS procedures,
  COUNT(DISTINCT CASE WHEN {received} AND {online} THEN d.procedure_code END)
    AS online_procedures
FROM dossier_facts d
LEFT JOIN agency_facts a ON a.province = d.province AND a.code = d.agency_code
WHERE d.received_date IS NOT NULL
  AND d.status <> 'desk_supplement'
  AND NOT (d.status = 'refused' AND d.finished_date IS NULL)
  AND ((d.received_date >= {f} AND d.received_date <= {t})
       OR (d.finished_date >= {f} AND d.finished_date <= {t}))
GROUP BY {key}
ORDER BY key
"""


RESULT_BY = ("province", "agency", "group")


def _per_group(
    by: str, columns: str, facts: str, where: str, group: str = "", order: str = "key"
) -> str:
    """The frame every published-result query shares: per group (``BY[by]``), with its label
    and province, the facts joined to the agency snapshot that names their unit."""
    if by not in RESULT_BY:
        raise ValueError(by)
    key, label = BY[by]
    return f"""
SELECT {key} AS key, MIN({label}) AS label, MIN(d.province) AS province,
  {columns}
FROM {facts} d
LEFT JOIN agency_facts a ON a.province = d.province AND a.code = d.agency_code
WHERE {where}
GROUP BY {key}{group}
ORDER BY {order}
"""


def par(*, by: str, year: int) -> str:
    """The published PAR index results of ``year``: per group, the units with an index, the
    ranked ones, the sum of their indices in hundredths (exact on both engines), the highest
    and the lowest; ``cchc.indices.scoring.par_summary_of`` takes the mean. Rank and band are
    a unit's own when the group is one unit."""
    return _per_group(
        by,
        """COUNT(d.index) AS units,
  SUM(CASE WHEN d.index IS NOT NULL AND d.rank IS NOT NULL THEN 1 ELSE 0 END) AS ranked,
  SUM(CAST(ROUND(d.index * 100) AS BIGINT)) AS index_centi,
  MAX(d.index) AS highest, MIN(d.index) AS lowest,
  MIN(d.rank) AS unit_rank, MIN(d.band) AS band""",
        "index_facts",
        f"d.year = {int(year)}",
    )


def sipas(*, by: str, year: int) -> str:
    """The published SIPAS result of ``year``: per group and element, the satisfaction answers
    and those satisfied or very satisfied; ``cchc.surveys.results`` makes the indices."""
    return _per_group(
        by,
        """d.element_code AS element, MIN(d.element_order) AS element_order,
  MIN(d.element_name) AS element_name,
  SUM(d.satisfied) AS satisfied, SUM(d.answers) AS answers, SUM(d.responses) AS responses""",
        "sipas_facts",
        f"d.year = {int(year)}",
        group=", d.element_code",
        order="key, element_order",
    )


def publications(*, by: str, date_from: date, date_to: date, lead_days: int) -> str:
    """The 766 disclosure measure's counts: procedures taking effect in the period, and those
    whose decision came at least ``lead_days`` days before (``cchc.indices.service``)."""
    f, t = _d(date_from), _d(date_to)
    return _per_group(
        by,
        f"""COUNT(*) AS items,
  SUM(CASE WHEN d.days_ahead >= {int(lead_days)} THEN 1 ELSE 0 END) AS on_time""",
        "publication_facts",
        f"d.effective_date >= {f} AND d.effective_date <= {t}",
    )


def ratings(*, by: str, date_from: date, date_to: date) -> str:
    """Ratings given in the period and the "unsatisfied" ones: the dislike share the 766
    satisfaction measure subtracts (``cchc.evaluations.shares``)."""
    f, t = _d(date_from), _d(date_to)
    return _per_group(
        by,
        """COUNT(*) AS ratings,
  SUM(CASE WHEN d.level = 'unsatisfied' THEN 1 ELSE 0 END) AS unsatisfied""",
        "rating_facts",
        f"d.rated_date >= {f} AND d.rated_date <= {t}",
    )
