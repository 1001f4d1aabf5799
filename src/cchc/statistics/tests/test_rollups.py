"""The rollups always equal a full recount of the dossier rows: after random sequences of
dossier changes sent exactly as the ``dossier_changed`` contract says, and after a rebuild."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from cchc.demo.synth import make_catalogue
from cchc.dossiers.models import Dossier
from cchc.dossiers.signals import dossier_changed, stat_snapshot
from cchc.statistics import rollups, stats
from cchc.statistics.models import DossierProcedureRollup, DossierRollup
from cchc.statistics.selectors import dossier_stats

D0 = date(2020, 1, 1)


def change(dossier: Dossier | None, create: dict | None = None, **fields) -> Dossier:
    """A dossier service in miniature: lock, change, save, send the signal in the transaction."""
    with transaction.atomic():
        if dossier is None:
            assert create is not None
            dossier = Dossier.objects.create(**create)
            before = None
        else:
            dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
            before = stat_snapshot(dossier)
            for k, v in fields.items():
                setattr(dossier, k, v)
            dossier.save()
        dossier_changed.send(
            sender=Dossier, dossier=dossier, before=before, after=stat_snapshot(dossier)
        )
    return dossier


def at(day: date):
    return timezone.make_aware(datetime(day.year, day.month, day.day, 9))


def random_history(rng: random.Random, province, procs: list[int], steps: int) -> None:
    agencies = [province.justice, province.construction, province.commune_a, province.desk_a]
    live: list[Dossier] = []
    for i in range(steps):
        op = rng.random()
        if op < 0.4 or not live:
            r = D0 + timedelta(days=rng.randint(0, 90))
            a = rng.choice(agencies)
            live.append(
                change(
                    None,
                    create=dict(
                        code=f"R{i:06d}",
                        procedure_id=rng.choice(procs),
                        desk=a,
                        agency=a,
                        level=rng.choice(["province", "commune"]),
                        applicant_name="Nguyễn Văn A",
                        channel=rng.choice(stats.CHANNELS),
                        received_at=at(r),
                        received_date=r,
                        due_date=r + timedelta(days=rng.randint(0, 15)),
                        status=rng.choice(["received", "received", "desk_supplement"]),
                    ),
                )
            )
            continue
        d = rng.choice(live)
        d.refresh_from_db()
        if op < 0.55:  # supplement requested: count up, the clock restarts later
            change(
                d,
                supplement_count=d.supplement_count + 1,
                status="supplement",
                due_date=d.received_date + timedelta(days=rng.randint(5, 30)),
            )
        elif op < 0.7 and d.finished_date is None:
            f = d.received_date + timedelta(days=rng.randint(0, 30))
            kind = stats.classify(f, d.due_date, "")
            change(
                d,
                finished_date=f,
                finished_at=at(f),
                status="returned",
                timeliness=rng.choice([kind, kind, ""]),
            )
        elif op < 0.78:
            change(d, apologized_at=at(d.received_date))
        elif op < 0.86:  # handed to another agency / procedure corrected
            a = rng.choice(agencies)
            change(d, agency=a, procedure_id=rng.choice(procs))
        elif op < 0.92:
            change(d, status="received")  # accepted at the desk after completion
        else:  # a finishing undone (corrected by an administrator)
            change(d, finished_date=None, finished_at=None, timeliness="", status="in_progress")


def check_equal_to_recount():
    coarse, fine = rollups.recount_state()
    assert rollups.table_state(DossierRollup) == coarse
    assert rollups.table_state(DossierProcedureRollup) == fine


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rollups_follow_every_change_and_equal_a_rebuild(province, seed):
    procs = make_catalogue()
    rng = random.Random(seed)
    random_history(rng, province, procs, 150)
    check_equal_to_recount()
    incremental = rollups.table_state(DossierRollup), rollups.table_state(DossierProcedureRollup)

    records = [stats.Record.from_snapshot(stat_snapshot(d)) for d in Dossier.objects.all()]
    for _ in range(8):
        lo = D0 + timedelta(days=rng.randint(-10, 100))
        hi = lo + timedelta(days=rng.randint(0, 120))
        got = dossier_stats(None, date_from=lo, date_to=hi)[-1]
        assert got.as_dict() | {"label": ""} == stats.direct(records, lo, hi).as_dict()
        assert got.balanced

    rollups.rebuild()
    check_equal_to_recount()
    assert (
        rollups.table_state(DossierRollup),
        rollups.table_state(DossierProcedureRollup),
    ) == incremental


def _received(province, code: str, procedure_id: int) -> Dossier:
    """A dossier received at the justice department on ``D0``, due five days later."""
    return change(
        None,
        create=dict(
            code=code,
            procedure_id=procedure_id,
            desk=province.justice,
            agency=province.justice,
            applicant_name="Trần Thị B",
            channel="desk",
            received_at=at(D0),
            received_date=D0,
            due_date=D0 + timedelta(days=5),
            status="received",
        ),
    )


@pytest.mark.django_db
def test_a_change_that_moves_no_statistic_writes_nothing(province):
    procs = make_catalogue()
    d = _received(province, "N1", procs[0])
    n = DossierRollup.objects.count()
    assert n == 4  # the day of receipt, the day it turns overdue, their month and year
    with transaction.atomic():
        before = stat_snapshot(d)
        d.status = "in_progress"
        d.save()
        assert rollups.apply(before, stat_snapshot(d)) == 0
    assert DossierRollup.objects.count() == n


@pytest.mark.django_db
def test_a_change_of_procedure_alone_moves_only_the_procedure_rollups(province):
    """The coarse rows (no procedure) net to zero while the fine rows move: PostgreSQL's
    single statement for both tables then gets empty columns for the first."""
    procs = make_catalogue()
    d = _received(province, "P1", procs[0])
    coarse = rollups.table_state(DossierRollup)
    with transaction.atomic():
        before = stat_snapshot(d)
        d.procedure_id = procs[1]
        d.save()
        assert rollups.apply(before, stat_snapshot(d)) == 8  # 4 buckets out, 4 in
    assert rollups.table_state(DossierRollup) == coarse
    check_equal_to_recount()
    assert DossierProcedureRollup.objects.filter(procedure_id=procs[1], received=1).count() == 3
