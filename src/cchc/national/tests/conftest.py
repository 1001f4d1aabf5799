from __future__ import annotations

from datetime import date

import pytest

from cchc.demo.synth import insert, make_catalogue, synth
from cchc.statistics import rollups


@pytest.fixture
def generated(province):
    """A province with 3,000 generated dossiers over 2019-11 … 2020-07 in three units, and
    a merged commune whose dossiers roll up into its successor."""
    procs = make_catalogue()
    units = [(province.justice.pk, "province"), (province.commune_a.pk, "commune"),
             (province.commune_b.pk, "commune"), (province.desk_a.pk, "commune")]  # fmt: skip
    insert(synth(3000, agencies=units, procedures=procs, start=date(2019, 11, 1),
                 end=date(2020, 7, 1), today=date(2020, 7, 10), seed=11))  # fmt: skip
    rollups.rebuild()
    return province
