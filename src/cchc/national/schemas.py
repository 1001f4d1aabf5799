"""The columns a province sends to the national lake, dataset by dataset: listed here and
nowhere else (``facts`` fills them; the engines read them). Pure pyarrow, no Django, so the
Spark driver job can read them too."""

from __future__ import annotations

import pyarrow as pa

DOSSIERS = "dossiers"
AGENCIES = "agencies"
PROCEDURES = "procedures"
RATINGS = "ratings"
FEEDBACK = "feedback"
INDEX_SCORES = "index_scores"
SIPAS = "sipas"
PUBLICATIONS = "publications"

DOSSIER_SCHEMA = pa.schema(
    [
        ("batch", pa.int32()),
        ("dossier_key", pa.string()),
        ("agency_code", pa.string()),
        ("procedure_code", pa.string()),
        ("field_code", pa.string()),
        ("level", pa.string()),
        ("channel", pa.string()),
        ("status", pa.string()),
        ("timeliness", pa.string()),
        ("received_date", pa.date32()),
        ("due_date", pa.date32()),
        ("finished_date", pa.date32()),
        ("apologized", pa.bool_()),
        ("supplement_count", pa.int16()),
    ]
)
AGENCY_SCHEMA = pa.schema(
    [
        ("batch", pa.int32()),
        ("code", pa.string()),
        ("name", pa.string()),  # a public body's name, not a person's
        ("kind", pa.string()),
        ("parent_code", pa.string()),
        ("successor_code", pa.string()),
        ("valid_from", pa.date32()),
        ("valid_to", pa.date32()),
        ("unit_code", pa.string()),  # the unit right under the province its figures roll up to
        ("unit_name", pa.string()),
        ("unit_group", pa.string()),
    ]
)
PROCEDURE_SCHEMA = pa.schema(
    [
        ("batch", pa.int32()),
        ("code", pa.string()),
        ("name", pa.string()),
        ("field_code", pa.string()),
        ("field_name", pa.string()),
        ("levels", pa.string()),
        ("online_level", pa.string()),
    ]
)
RATING_SCHEMA = pa.schema(
    [
        ("batch", pa.int32()),
        ("dossier_key", pa.string()),
        ("agency_code", pa.string()),
        ("level", pa.string()),  # very_satisfied / satisfied / unsatisfied
        ("channel", pa.string()),
        ("total_score", pa.int16()),  # the nine indicators, when the full form was used
        ("rated_date", pa.date32()),
    ]
)
FEEDBACK_SCHEMA = pa.schema(
    [
        ("batch", pa.int32()),
        ("case_key", pa.string()),
        ("kind", pa.string()),
        ("channel", pa.string()),
        ("agency_code", pa.string()),
        ("field_code", pa.string()),
        ("about_official", pa.bool_()),
        ("dossier_key", pa.string()),
        ("status", pa.string()),
        ("received_date", pa.date32()),
        ("answer_due", pa.date32()),
        ("answered_date", pa.date32()),
        ("closed_date", pa.date32()),
    ]
)
INDEX_SCORE_SCHEMA = pa.schema(
    [
        ("batch", pa.int32()),
        ("year", pa.int16()),
        ("agency_code", pa.string()),
        ("group", pa.string()),
        ("ranked", pa.bool_()),
        ("points", pa.float64()),
        ("maximum", pa.float64()),
        ("index", pa.float64()),
        ("rank", pa.int16()),
        ("published", pa.bool_()),
        ("band", pa.string()),
    ]
)
SIPAS_SCHEMA = pa.schema(
    [
        # counts of the satisfaction answers of a published SIPAS survey, per agency and
        # element: no answer, respondent or dossier travels
        ("batch", pa.int32()),
        ("year", pa.int16()),
        ("survey_code", pa.string()),
        ("agency_code", pa.string()),
        ("element_code", pa.string()),
        ("element_order", pa.int16()),
        ("element_name", pa.string()),
        ("satisfied", pa.int32()),
        ("answers", pa.int32()),
        # the survey's responses at the agency (the same on each of its element rows): a unit
        # with fewer than SURVEY_MIN_GROUP_RESPONSES shows no index, nationally as at home;
        # absent in files exported before it existed (read as unknown, so not shown)
        ("responses", pa.int32()),
    ]
)
PUBLICATION_SCHEMA = pa.schema(
    [
        # procedures published by a decision, for the 766 disclosure measure
        ("batch", pa.int32()),
        ("procedure_code", pa.string()),
        ("agency_code", pa.string()),  # the issuing agency, when recorded
        ("decision_date", pa.date32()),
        ("effective_date", pa.date32()),
        ("days_ahead", pa.int32()),  # effective_date − decision_date, in days
    ]
)
SCHEMAS = {
    DOSSIERS: DOSSIER_SCHEMA,
    AGENCIES: AGENCY_SCHEMA,
    PROCEDURES: PROCEDURE_SCHEMA,
    RATINGS: RATING_SCHEMA,
    FEEDBACK: FEEDBACK_SCHEMA,
    INDEX_SCORES: INDEX_SCORE_SCHEMA,
    SIPAS: SIPAS_SCHEMA,
    PUBLICATIONS: PUBLICATION_SCHEMA,
}
# Datasets sent whole with every batch: the latest batch of a province replaces the earlier.
SNAPSHOTS = (AGENCIES, PROCEDURES, RATINGS, FEEDBACK, INDEX_SCORES, SIPAS, PUBLICATIONS)
