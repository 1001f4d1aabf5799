from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from cchc.dossiers.models import Dossier
from cchc.procedures.models import Procedure, ProcedureField

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
