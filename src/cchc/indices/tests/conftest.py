from __future__ import annotations

import datetime as dt
from datetime import date as d
from zoneinfo import ZoneInfo

import pytest

from cchc.dossiers.models import Dossier
from cchc.indices import rollup
from cchc.procedures.models import Procedure, ProcedureField, PublicationDecision, PublicationItem

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def procedures(db):
    field = ProcedureField.objects.create(code="HT", name="Hộ tịch")
    return [
        Procedure.objects.create(code=f"1.00000{i}", name=f"Thủ tục {i}", field=field)
        for i in (1, 2, 3)
    ]


@pytest.fixture
def make_dossier(province):
    """A dossier row built by hand: the dates and counters a test works the points out from."""
    seq = iter(range(1, 10_000))

    def make(
        agency,
        procedure,
        *,
        channel="desk",
        received,
        due=None,
        finished=None,
        timeliness="",
        supplements=0,
        status=None,
    ):
        n = next(seq)
        return Dossier.objects.create(
            code=f"T-{n:04d}",
            procedure=procedure,
            desk=province.centre,
            agency=agency,
            applicant_name=f"Người nộp {n}",
            channel=channel,
            received_at=dt.datetime.combine(received, dt.time(9), tzinfo=VN),
            received_date=received,
            due_date=due,
            finished_date=finished,
            finished_at=dt.datetime.combine(finished, dt.time(10), tzinfo=VN) if finished else None,
            timeliness=timeliness,
            supplement_count=supplements,
            status=status or ("result_ready" if finished else "in_progress"),
        )

    return make


@pytest.fixture
def march(province, procedures, make_dossier):
    """Sở Tư pháp in March 2025:

    D1 desk P1, received 3/3, due 7/3, finished 6/3 early                → on time
    D2 online P1, received 3/3, due 7/3, finished 7/3 on time, 1 supplement → on time
    D3 online P2, received 4/3, due 10/3, finished 12/3 late             → late
    D4 desk P1, received 5/3, due 12/3, finished 11/3 early, 2 supplements → late (766)
    D5 desk P3, received 10/3, open                                      → received only
    D6 desk P3, received 20/2, finished 3/3 on time                       → finished in March
    D7 waiting at the desk for a supplement                              → not received
    Publications effective in March: one 9 days ahead (on time), one 2 days ahead (late).
    """
    p1, p2, p3 = procedures
    stp = province.justice
    rows = [
        make_dossier(
            stp,
            p1,
            received=d(2025, 3, 3),
            due=d(2025, 3, 7),
            finished=d(2025, 3, 6),
            timeliness="early",
        ),
        make_dossier(
            stp,
            p1,
            channel="online_full",
            received=d(2025, 3, 3),
            due=d(2025, 3, 7),
            finished=d(2025, 3, 7),
            timeliness="on_time",
            supplements=1,
        ),
        make_dossier(
            stp,
            p2,
            channel="online_partial",
            received=d(2025, 3, 4),
            due=d(2025, 3, 10),
            finished=d(2025, 3, 12),
            timeliness="late",
        ),
        make_dossier(
            stp,
            p1,
            received=d(2025, 3, 5),
            due=d(2025, 3, 12),
            finished=d(2025, 3, 11),
            timeliness="early",
            supplements=2,
        ),
        make_dossier(stp, p3, received=d(2025, 3, 10), due=d(2025, 3, 17)),
        make_dossier(
            stp,
            p3,
            received=d(2025, 2, 20),
            due=d(2025, 3, 3),
            finished=d(2025, 3, 3),
            timeliness="on_time",
        ),
        make_dossier(stp, p3, received=d(2025, 3, 6), status="desk_supplement"),
    ]
    early = PublicationDecision.objects.create(number="10/QĐ-UBND", date=d(2025, 3, 1), agency=stp)
    late = PublicationDecision.objects.create(number="20/QĐ-UBND", date=d(2025, 3, 18), agency=stp)
    PublicationItem.objects.create(
        decision=early, procedure=p1, change="new", effective_date=d(2025, 3, 10)
    )
    PublicationItem.objects.create(
        decision=late, procedure=p2, change="amended", effective_date=d(2025, 3, 20)
    )
    rollup.rebuild()
    return rows
