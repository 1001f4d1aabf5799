"""Named indicators: what plan targets point to, computed from the same rollups as the
report pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cchc.core.errors import NotFound
from cchc.demo.synth import insert, make_catalogue, synth
from cchc.dossiers.models import Dossier
from cchc.dossiers.signals import stat_snapshot
from cchc.statistics import indicators, rollups, stats

F, T = date(2020, 1, 1), date(2020, 6, 30)
REQUIRED = {
    "on_time_rate", "online_share", "apology_coverage", "overdue_count",
    "repeated_supplement_share", "received", "resolved",
}  # fmt: skip


def test_registry_lists_the_indicators_plan_targets_need():
    keys = {i.key for i in indicators.all()}
    assert keys >= REQUIRED
    assert ("on_time_rate", "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn") in indicators.choices()
    with pytest.raises(NotFound):
        indicators.get("no_such_indicator")
    ind = indicators.get("on_time_rate")
    assert ind.format(Decimal("98.5")) == "98,50%"
    assert indicators.get("overdue_count").format(Decimal(1234)) == "1.234 hồ sơ"
    assert ind.format(None) == "—"


@pytest.mark.django_db
def test_indicators_equal_the_definitions_per_agency(province):
    procs = make_catalogue()
    units = [(province.justice.pk, "province"), (province.commune_a.pk, "commune"),
             (province.desk_a.pk, "commune")]  # fmt: skip
    insert(synth(3000, agencies=units, procedures=procs, start=date(2019, 10, 1),
                 end=date(2020, 8, 1), today=date(2020, 8, 15), seed=11))  # fmt: skip
    rollups.rebuild()
    records = {
        a: [stats.Record.from_snapshot(stat_snapshot(d))
            for d in Dossier.objects.filter(agency__path__startswith=a.path)]
        for a in (province.justice, province.commune_a, province.province)
    }  # fmt: skip
    for agency, recs in records.items():
        want = stats.direct(recs, F, T)
        got = {k: indicators.get(k).compute(agency, F, T) for k in REQUIRED}
        assert got["received"] == want.received > 0
        assert got["resolved"] == want.resolved
        assert got["overdue_count"] == want.overdue
        assert got["on_time_rate"] == want.on_time_rate
        assert got["online_share"] == want.online_share
        assert got["apology_coverage"] == want.apology_coverage
        assert got["repeated_supplement_share"] == want.repeated_supplement_share
    # The whole province through None, and a period without dossiers gives None rates.
    assert indicators.get("received").compute(None, F, T) == stats.direct(
        records[province.province], F, T).received  # fmt: skip
    assert indicators.get("on_time_rate").compute(province.justice, date(2030, 1, 1),
                                                  date(2030, 2, 1)) is None  # fmt: skip
