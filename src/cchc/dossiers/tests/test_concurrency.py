"""Two officers at once, on PostgreSQL with real connections (threads): one wins, the other is
told, nothing is lost; concurrent receipts never share a code."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from cchc.core.errors import Conflict
from cchc.dossiers import services as s
from cchc.dossiers.models import DailySequence, Dossier, DossierEvent

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite serialises)"
    ),
]

APPLICANT = s.Applicant(name="Nguyễn Văn An", phone="0901234567")


def run_together(*jobs):
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def wrap(i, job):
        try:
            barrier.wait(timeout=10)
            results[i] = job()
        except Exception as exc:  # noqa: BLE001 - the test inspects what happened
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=wrap, args=(i, j)) for i, j in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def test_two_officers_on_one_dossier(province, procs):
    p = province
    d = s.dossier_receive(actor=p.motcua, procedure=procs.days, applicant=APPLICANT)
    d = s.dossier_transfer(actor=p.motcua, dossier=d)
    results = run_together(
        lambda: s.dossier_result_ready(actor=p.xuly, dossier=d.pk, expected_version=d.version),
        lambda: s.dossier_request_supplement(
            actor=p.xuly, dossier=d.pk, items="Tờ khai", expected_version=d.version
        ),
    )
    winners = [r for r in results if isinstance(r, Dossier)]
    losers = [r for r in results if isinstance(r, Conflict)]
    assert len(winners) == 1 and len(losers) == 1, results
    after = Dossier.objects.get(pk=d.pk)
    assert after.version == d.version + 1 and after.status == winners[0].status
    assert DossierEvent.objects.filter(dossier=d).count() == 3  # receive, transfer, winner


def test_same_action_twice_without_version(province, procs):
    p = province
    d = s.dossier_receive(actor=p.motcua, procedure=procs.days, applicant=APPLICANT)
    results = run_together(
        lambda: s.dossier_result_ready(actor=p.xuly, dossier=d.pk),
        lambda: s.dossier_result_ready(actor=p.xuly, dossier=d.pk),
    )
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "Dossier"]
    assert DossierEvent.objects.filter(dossier=d, action="result_ready").count() == 1


def test_concurrent_receipts_get_unique_codes(province, procs):
    p = province

    def many():
        return [
            s.dossier_receive(actor=p.motcua, procedure=procs.days, applicant=APPLICANT).code
            for _ in range(8)
        ]

    results = run_together(many, many, many)
    assert all(isinstance(r, list) for r in results), results
    all_codes = [c for r in results for c in r]
    assert len(set(all_codes)) == 24
    numbers = sorted(int(c[-4:]) for c in all_codes)
    assert numbers == list(range(1, 25))
    assert DailySequence.objects.get(agency=p.centre).last == 24
