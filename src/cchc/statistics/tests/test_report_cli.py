"""``cchc report dossiers`` / ``cchc report rebuild``, and merged agencies' history."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cchc.demo.synth import insert, make_catalogue, synth
from cchc.organizations.models import Agency
from cchc.statistics import rollups
from cchc.statistics.models import DossierRollup
from cchc.statistics.selectors import dossier_stats

F, T = date(2020, 1, 1), date(2020, 6, 30)


def run(*args) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def dossiers(province):
    procs = make_catalogue()
    units = [(province.justice.pk, "province"), (province.commune_a.pk, "commune"),
             (province.commune_b.pk, "commune")]  # fmt: skip
    insert(synth(2000, agencies=units, procedures=procs, start=date(2019, 11, 1),
                 end=date(2020, 7, 1), today=date(2020, 7, 10), seed=5))  # fmt: skip
    return province


@pytest.mark.django_db
def test_rebuild_then_json_and_table_print_the_selector_numbers(dossiers):
    assert not DossierRollup.objects.exists()  # bulk rows bypass the services
    assert "Đã dựng lại số liệu tổng hợp" in run("rebuild")
    assert DossierRollup.objects.exists()
    data = json.loads(run("dossiers", "--from", "2020-01-01", "--to", "2020-06-30",
                          "--agency", "P92", "--by", "level", "--json"))  # fmt: skip
    rows = dossier_stats(None, date_from=F, date_to=T, agency=dossiers.province, by="level")
    assert data["total"] == rows[-1].as_dict()
    assert sorted(r["key"] for r in data["rows"]) == ["commune", "province"]
    assert all(isinstance(r["received"], int) for r in data["rows"])
    text = run("dossiers", "--from", "2020-01-01", "--to", "2020-06-30", "--by", "month")
    assert "06/2020" in text and "Tổng cộng" in text
    from cchc.core.text import format_int

    assert format_int(rows[-1].received) in text


@pytest.mark.django_db
def test_bad_input_is_refused_in_vietnamese(dossiers):
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        run("dossiers", "--from", "2020-13-01", "--to", "2020-06-30")
    with pytest.raises(CommandError, match="trước hoặc bằng"):
        run("dossiers", "--from", "2020-07-01", "--to", "2020-06-30")
    with pytest.raises(CommandError, match="Không tìm thấy cơ quan"):
        run("dossiers", "--from", "2020-01-01", "--to", "2020-06-30", "--agency", "NOPE")


@pytest.mark.django_db
def test_merged_agency_history_rolls_up_into_its_successor(dossiers):
    p = dossiers
    rollups.rebuild()
    before_b = dossier_stats(None, date_from=F, date_to=T, agency=p.commune_b)[-1]
    old_a = dossier_stats(None, date_from=F, date_to=T, agency=p.commune_a)[-1]
    assert old_a.received > 0
    # Commune A merges into commune B (DOMAIN.md section 2): A's history counts under B.
    Agency.objects.filter(pk=p.commune_a.pk).update(valid_to=date(2025, 6, 30),
                                                    successor=p.commune_b)  # fmt: skip
    merged = dossier_stats(None, date_from=F, date_to=T, agency=p.commune_b)[-1]
    assert merged.received == before_b.received + old_a.received
    assert merged.in_progress == before_b.in_progress + old_a.in_progress
    rows = dossier_stats(None, date_from=F, date_to=T, agency=p.province, by="agency")
    assert p.commune_a.name not in [r.label for r in rows]
    assert {r.label: r.received for r in rows}[p.commune_b.name] == merged.received
    # The commune B officer now sees the merged history; the Justice officer does not.
    assert dossier_stats(p.motcua_xa_b, date_from=F, date_to=T)[-1].received == merged.received


@pytest.mark.django_db
def test_statistics_take_a_fixed_number_of_queries(dossiers, django_assert_max_num_queries):
    rollups.rebuild()
    p = dossiers
    for by, most in ((None, 2), ("agency", 2), ("level", 2), ("procedure", 3), ("field", 3)):
        with django_assert_max_num_queries(most):
            rows = dossier_stats(None, date_from=F, date_to=T, agency=p.province, by=by)
        assert rows[-1].received > 0
    with django_assert_max_num_queries(8):  # agencies, one rollup query per month, the total
        dossier_stats(None, date_from=F, date_to=T, agency=p.province, by="month")


@pytest.mark.django_db
def test_group_level_and_channel_filters(dossiers):
    rollups.rebuild()
    p = dossiers

    def total(**kw):
        return dossier_stats(None, date_from=F, date_to=T, **kw)[-1]

    communes = total(group="communes")
    assert communes.received == total(agency=p.commune_a).received + total(
        agency=p.commune_b).received  # fmt: skip
    assert total(group="departments").received == total(agency=p.justice).received
    assert total(group="no_such_group").received == 0
    assert total(level="commune").received == communes.received
    by_channel = {r.key: r for r in dossier_stats(None, date_from=F, date_to=T, by="channel")}
    assert total(channel="post").new == by_channel["post"].new == by_channel[None].new_post
