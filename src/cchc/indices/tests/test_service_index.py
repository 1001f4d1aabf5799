"""Decision 766 service index on hand-built dossiers, every point worked out by hand."""

from __future__ import annotations

import json
from datetime import date as d
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command

from cchc.dossiers.signals import stat_snapshot
from cchc.indices import inputs, rollup, service, service_index
from cchc.indices.models import ServiceRollup
from cchc.indices.service_index import Counts

MARCH = (d(2025, 3, 1), d(2025, 3, 31))


def points(result):
    return {m.measure.key: m.points for c in result.components for m in c.measures}


@pytest.mark.parametrize("source", ["rollup", "rows"])
def test_components_worked_out_by_hand(march, province, source):
    result, counts = service.compute(province.justice, *MARCH, source=source)
    assert counts["on_time"] == Counts(3, 5)  # D1, D2, D6 of D1–D4 and D6
    assert counts["online_share"] == Counts(2, 5)  # D2, D3 of D1–D5
    assert counts["online_procedures"] == Counts(2, 3)  # P1, P2 of P1–P3
    assert counts["published_on_time"] == Counts(1, 2)
    got = points(result)
    assert got["published_on_time"] == D("9.00")  # 18 × 50%
    assert got["on_time"] == D("12.00")  # 20 × 60%
    assert got["online_share"] == D("4.80")  # 6 × 40% ÷ 50%
    assert got["online_procedures"] == D("5.00")  # 6 × 66,67% ÷ 80%
    # No app feeds payments, digitisation or complaints: "no data", not zero.
    assert got["online_payment"] is None and got["digitised"] is None
    assert got["satisfaction"] is None
    assert result.points == D("30.80")
    assert result.maximum == D(100) and result.maximum_with_data == D(50)
    assert result.index_with_data == D("61.60")


def test_registered_inputs_fill_the_missing_parts(march, province):
    inputs.register("online_payment", lambda agency, f, t: Counts(1, 4))
    inputs.register("complaints", lambda agency, f, t: Counts(1, 5))
    try:
        result, _ = service.compute(province.justice, *MARCH)
    finally:
        inputs.unregister("online_payment")
        inputs.unregister("complaints")
    got = points(result)
    assert got["online_payment"] == D("5.00")  # 10 × 25% ÷ 50%
    # 100% − (2 late of 5 + 1 complaint of 5) = 40% → 18 × 40% ÷ 90% = 8.
    assert got["satisfaction"] == D("8.00")
    assert result.points == D("43.80") and result.maximum_with_data == D(78)
    with pytest.raises(ValueError):
        inputs.register("guess", lambda a, f, t: None)


def test_rollup_kept_by_signal_equals_rebuild(march):
    rebuilt = set(
        ServiceRollup.objects.values_list(
            "month", "agency_id", "procedure_id", "channel", "received", "finished", "finished_ok"
        )
    )
    ServiceRollup.objects.all().delete()
    for dossier in march:
        rollup.apply(None, stat_snapshot(dossier))
    applied = set(
        ServiceRollup.objects.filter(received__gt=0).values_list(
            "month", "agency_id", "procedure_id", "channel", "received", "finished", "finished_ok"
        )
    ) | set(
        ServiceRollup.objects.filter(received=0).values_list(
            "month", "agency_id", "procedure_id", "channel", "received", "finished", "finished_ok"
        )
    )
    assert applied == rebuilt
    # A change moves only its own counts: D3 re-judged on time after a correction.
    before = stat_snapshot(march[2])
    march[2].timeliness = "on_time"
    march[2].finished_date = d(2025, 3, 10)
    rollup.apply(before, stat_snapshot(march[2]))
    march[2].save()
    assert (
        ServiceRollup.objects.get(
            month=d(2025, 3, 1), procedure=march[2].procedure, channel="online_partial"
        ).finished_ok
        == 1
    )


def test_drill_down_names_the_dossiers_and_procedures(march, province):
    kind, rows = service.lost("on_time", province.justice, *MARCH)
    assert kind == "dossiers"
    assert {r["code"]: r["why"] for r in rows} == {
        march[2].code: "Giải quyết quá hạn",
        march[3].code: "Yêu cầu bổ sung quá 1 lần",
    }
    kind, rows = service.lost("online_procedures", province.justice, *MARCH)
    assert kind == "procedures" and [r["code"] for r in rows] == ["1.000003"]
    kind, rows = service.lost("published_on_time", province.justice, *MARCH)
    assert kind == "publications" and [r["code"] for r in rows] == ["1.000002"]


def test_other_agency_and_province(march, province):
    result, counts = service.compute(province.construction, *MARCH)
    assert counts["on_time"] is None and result.points == D(0)
    whole, _ = service.compute(province.province, *MARCH)
    assert points(whole)["on_time"] == D("12.00")


def test_period_bounds_and_rules_as_data():
    assert service.period_bounds("quarter", 2025, 1) == (d(2025, 1, 1), d(2025, 3, 31))
    assert service.period_bounds("month", 2024, 2) == (d(2024, 2, 1), d(2024, 2, 29))
    assert service.period_bounds("year", 2025) == (d(2025, 1, 1), d(2025, 12, 31))
    data = service_index.measures_to_json()
    assert sum(m["maximum"] for m in data) == 100
    assert service_index.measures_from_json(data) == service_index.DEFAULT_MEASURES
    comps = {k: m for k, _l, m in service_index.COMPONENTS}
    assert comps == {
        "disclosure": 18,
        "progress": 20,
        "online": 22,
        "digitisation": 22,
        "satisfaction": 18,
    }


def test_on_time_766():
    f = service_index.on_time_766
    assert f(finished=d(2025, 1, 5), due=d(2025, 1, 5), timeliness="", supplement_count=0)
    assert not f(finished=d(2025, 1, 6), due=d(2025, 1, 5), timeliness="", supplement_count=0)
    assert not f(finished=d(2025, 1, 1), due=d(2025, 1, 5), timeliness="early", supplement_count=2)
    assert f(finished=d(2025, 1, 1), due=None, timeliness="", supplement_count=1)


def test_cli_service_json(march):
    out = StringIO()
    call_command(
        "indices",
        "service",
        "--from",
        "2025-03-01",
        "--to",
        "2025-03-31",
        "--agency",
        "STP",
        "--json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["points"] == 30.8
    progress = next(c for c in data["components"] if c["key"] == "progress")
    assert progress["points"] == 12.0
    assert progress["measures"][0]["numerator"] == 3 and progress["measures"][0]["denominator"] == 5
    sat = next(c for c in data["components"] if c["key"] == "satisfaction")
    assert sat["points"] is None and sat["measures"][0]["no_data"] is True


def test_cli_province_with_groups(march):
    out = StringIO()
    call_command(
        "indices", "service", "--from", "2025-03-01", "--to", "2025-03-31", "--json", stdout=out
    )
    data = json.loads(out.getvalue())
    assert data["agency"] is None and data["points"] == 30.8
    groups = {g["group"]: g for g in data["groups"]}
    assert groups["departments"]["points"] == 30.8
    assert groups["communes"]["points"] == 0.0
    on_time = groups["departments"]["components"][1]["measures"][0]
    assert (on_time["numerator"], on_time["denominator"]) == (3, 5)


def test_compute_many_equals_one_by_one(march, province, django_assert_max_num_queries):
    agencies = [province.province, province.justice, province.construction, province.commune_a]
    # Three rollup queries and the publications, plus what the registered inputs read (the
    # dislike share of the ratings) for each agency.
    with django_assert_max_num_queries(4 + 2 * len(agencies)):
        many = service.compute_many(agencies, *MARCH)
    for a in agencies:
        one, counts = service.compute(a, *MARCH)
        assert many[a.pk][1] == counts, a.code
        assert many[a.pk][0].points == one.points


def test_satisfaction_from_the_dislike_indicator_named_in_the_rules(march, province):
    from cchc.indices.models import ServiceRules
    from cchc.indices.upstream import indicators

    indicators.register("test_dislike", "thử", "%", lambda agency, f, t: D(10))
    rules = service_index.measures_to_json()
    for m in rules:
        if m["key"] == "satisfaction":
            m["rule"]["dislike_indicator"] = "test_dislike"
    ServiceRules.objects.create(province=province.province, measures=rules)
    result, counts = service.compute(province.justice, *MARCH)
    # 100% − (2 late of 5 = 40% + 10% dislike) = 50% → 18 × 50% ÷ 90% = 10.
    satisfaction = counts["satisfaction"]
    assert satisfaction is not None and satisfaction.rate == D(50)
    assert points(result)["satisfaction"] == D("10.00")
    # An indicator nobody registered: "no data", not zero.
    rules[-1]["rule"]["dislike_indicator"] = "not_registered"
    ServiceRules.objects.filter(province=province.province).update(measures=rules)
    result, _ = service.compute(province.justice, *MARCH)
    assert points(result)["satisfaction"] is None
