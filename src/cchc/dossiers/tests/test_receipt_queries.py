"""A receipt's database round trips (issue 14: a receipt through the service reaches at least
0.3× a bare insert, ``benchmarks/dossiers.py``): every rule kept (the daily code sequence under
a row lock, the history row, the audit row, the statistics rollups in the transaction) in a
bounded number of queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.dossiers import services
from cchc.dossiers.models import DailySequence, Dossier, DossierEvent

RECEIPT_QUERIES = 13  # 11 statements and the savepoint pair of the nested transaction


def _receive(province, procs):
    return services.dossier_receive(
        actor=province.motcua,
        procedure=procs.days,
        applicant=services.Applicant(name="Nguyễn Văn An", phone="0901234567"),
    )


def test_a_receipt_takes_few_queries_and_keeps_every_rule(province, procs):
    _receive(province, procs)  # the first one fills the per-process caches (calendar)
    with CaptureQueriesContext(connection) as ctx:
        d = _receive(province, procs)
    assert len(ctx.captured_queries) <= RECEIPT_QUERIES, len(ctx.captured_queries)
    assert DossierEvent.objects.filter(dossier=d, action="receive").count() == 1
    assert DailySequence.objects.get(agency=province.centre).last == 2
    assert Dossier.objects.get(pk=d.pk).due_date == d.due_date
