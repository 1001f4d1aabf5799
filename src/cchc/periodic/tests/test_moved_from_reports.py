"""The models moved out of the former ``reports`` app keep their tables and their history: the
migrations leave existing tables alone and give the content types (which audit events point
at) the new app label."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from cchc.core.models import AuditEvent
from cchc.periodic.models import AgencyReport, ReportKind
from cchc.statistics.models import DossierRollup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_content_types():
    """These tests replace content type rows: forget the process-wide cache around them."""
    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


def migration(app: str, name: str):
    return import_module(f"cchc.{app}.migrations.{name}")


def test_tables_keep_the_names_of_the_reports_app():
    assert DossierRollup._meta.db_table == "reports_dossierrollup"
    assert ReportKind._meta.db_table == "reports_reportkind"
    m2m = ReportKind.agencies.through
    assert m2m._meta.db_table == "reports_reportkind_agencies"


@pytest.mark.django_db(transaction=True)  # SQLite's schema editor refuses an open transaction
def test_initial_migrations_leave_existing_tables_alone():
    """On a database migrated under ``reports`` the tables exist: running the step again
    creates nothing and fails on nothing."""
    before = set(connection.introspection.table_names())
    for app in ("statistics", "periodic"):
        with connection.schema_editor() as editor:
            migration(app, "0001_initial").create_missing_tables(apps, editor)
    assert set(connection.introspection.table_names()) == before


def _event_on(ct: ContentType) -> AuditEvent:
    return AuditEvent.objects.create(
        content_type=ct, object_id="1", object_repr="Báo cáo", action="submit"
    )


def test_content_type_is_relabelled_so_history_follows():
    ContentType.objects.filter(app_label="periodic", model="agencyreport").delete()
    old = ContentType.objects.create(app_label="reports", model="agencyreport")
    event = _event_on(old)
    migration("periodic", "0002_content_types_from_reports").relabel(apps, None)
    ContentType.objects.clear_cache()
    event.refresh_from_db()
    assert (event.content_type.app_label, event.content_type.model) == (
        "periodic",
        "agencyreport",
    )
    assert ContentType.objects.get_for_model(AgencyReport).pk == old.pk


def test_existing_new_content_type_takes_over_the_events():
    new = ContentType.objects.get_for_model(DossierRollup)
    old = ContentType.objects.create(app_label="reports", model="dossierrollup")
    event = _event_on(old)
    migration("statistics", "0002_content_types_from_reports").relabel(apps, None)
    event.refresh_from_db()
    assert event.content_type_id == new.pk
    assert not ContentType.objects.filter(app_label="reports").exists()
