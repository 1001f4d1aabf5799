"""The rollups follow the dossier services (``dossier_changed``) exactly: a full recount from
the dossier rows agrees with them."""

from __future__ import annotations

import datetime as dt

import time_machine

from cchc.dossiers import services as s
from cchc.dossiers.models import Status
from cchc.dossiers.tests import conftest as dossier_fixtures
from cchc.statistics import rollups
from cchc.statistics.selectors import dossier_total

# The dossiers app's procedure fixtures (pytest finds them as module attributes).
calendar = dossier_fixtures.calendar
procs = dossier_fixtures.procs
at = dossier_fixtures.at

APPLICANT = s.Applicant(name="Nguyễn Văn An", id_number="092090001234", phone="0901234567")


def test_refused_while_incomplete_at_the_desk_is_not_in_the_statistics(province, procs):
    """Never received (the file stayed incomplete), so never counted: the rollups and a full
    recount agree, and the in-progress figure does not carry it forever."""
    p = province
    with time_machine.travel(at(2024, 3, 4, 9), tick=False):
        d = s.dossier_request_supplement_at_desk(
            actor=p.motcua, procedure=procs.days, applicant=APPLICANT, items="Thiếu tờ khai"
        )
        d = s.dossier_refuse(actor=p.motcua, dossier=d, reason="Không bổ sung được")
    assert d.status == Status.REFUSED and d.finished_date is None
    total = dossier_total(
        agency=p.province, date_from=dt.date(2024, 3, 1), date_to=dt.date(2024, 3, 31)
    )
    assert (total.received, total.in_progress) == (0, 0)
    rollups.rebuild()
    total = dossier_total(
        agency=p.province, date_from=dt.date(2024, 3, 1), date_to=dt.date(2024, 3, 31)
    )
    assert (total.received, total.in_progress) == (0, 0)
