"""Concurrent dossier services never lose a rollup update: the counters are added inside the
database by ``INSERT ... ON CONFLICT DO UPDATE SET c = c + excluded.c`` (PostgreSQL: row locks
of the upsert; SQLite: one writer at a time)."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import connections, transaction

from cchc.statistics import rollups
from cchc.statistics.models import DossierProcedureRollup, DossierRollup, Grain

pytestmark = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="threads need a server database (the SQLite test database is in memory)",
)


def snap(agency_id: int, procedure_id: int, finished: date | None) -> dict:
    r = date(2024, 3, 4)
    return {
        "agency_id": agency_id, "procedure_id": procedure_id, "channel": "desk",
        "level": "province", "received_date": r, "due_date": r + timedelta(days=5),
        "finished_date": finished, "timeliness": "", "status": "received",
        "apologized": False, "supplement_count": 0,
    }  # fmt: skip


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_parallel_receipts_and_finishings_add_up(province):
    from cchc.demo.synth import make_catalogue

    proc = make_catalogue(fields=1, procedures=1)[0]
    agency = province.justice.pk
    workers, each = 4, 25
    errors: list[BaseException] = []
    barrier = threading.Barrier(workers)

    def work() -> None:
        try:
            barrier.wait()
            for _ in range(each):
                with transaction.atomic():
                    rollups.apply(None, snap(agency, proc, None))
                with transaction.atomic():  # and finish it the next day, on time
                    rollups.apply(snap(agency, proc, None), snap(agency, proc, date(2024, 3, 5)))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    n = workers * each
    for model in (DossierRollup, DossierProcedureRollup):
        for grain, day in ((Grain.DAY, date(2024, 3, 4)), (Grain.MONTH, date(2024, 3, 1)),
                           (Grain.YEAR, date(2024, 1, 1))):  # fmt: skip
            row = model.objects.get(grain=grain, day=day, agency_id=agency)
            assert row.received == n
        fin = model.objects.get(grain=Grain.DAY, day=date(2024, 3, 5), agency_id=agency)
        assert fin.finished_early == n
