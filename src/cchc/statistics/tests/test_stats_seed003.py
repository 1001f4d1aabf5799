"""Seed 003's dossier figures (Sóc Trăng, first half of 2020) rebuilt from generated dossiers:
178.770 received = 2.159 carried over + 176.611 new; 175.256 resolved = 175.191 early or on
time + 65 late; 3.514 in progress = 3.494 not yet due + 20 overdue."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from typing import cast

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from cchc.demo.synth import SEED003, insert, make_catalogue, seed003
from cchc.dossiers.models import Dossier
from cchc.statistics import rollups
from cchc.statistics.selectors import dossier_stats

F, T = cast(date, SEED003["date_from"]), cast(date, SEED003["date_to"])


def expected_checked(s) -> None:
    for name in (
        "received",
        "carried",
        "new",
        "resolved",
        "early_or_on_time",
        "late",
        "in_progress",
        "not_yet_due",
        "overdue",
    ):
        got = s[name] if isinstance(s, dict) else getattr(s, name)
        assert got == SEED003[name], name


@pytest.fixture
def seeded(province):
    procs = make_catalogue(fields=4, procedures=12)
    agencies = [
        (province.justice.pk, "province"),
        (province.construction.pk, "province"),
        (province.home_affairs.pk, "province"),
        (province.commune_a.pk, "commune"),
        (province.desk_a.pk, "commune"),
        (province.commune_b.pk, "commune"),
    ]
    batch = seed003(agencies=agencies, procedures=procs)
    insert(batch, code_prefix="S3-")
    rollups.rebuild()
    return province


@pytest.mark.django_db
@pytest.mark.slow
def test_seed_003_figures_from_generated_dossiers(seeded, api_client):
    """One generation (≈ 10 s on SQLite) checked through every door."""
    p = seeded
    # The selector (the pages' numbers).
    total = dossier_stats(None, date_from=F, date_to=T)[-1]
    expected_checked(total)
    assert total.balanced
    assert total.formatted()["received"] == "178.770"
    assert "175.191 hồ sơ giải quyết đúng hạn; 65 hồ sơ giải quyết quá hạn" in total.sentence()

    # The same through the province's scope (Home Affairs sees the whole province).
    expected_checked(dossier_stats(p.noivu, date_from=F, date_to=T)[-1])

    # The command line, in JSON with plain ints.
    out = StringIO()
    call_command(
        "report",
        "dossiers",
        "--from",
        F.isoformat(),
        "--to",
        T.isoformat(),
        "--agency",
        p.province.code,
        "--by",
        "agency",
        "--json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    expected_checked(data["total"])
    assert sum(r["received"] for r in data["rows"]) == SEED003["received"]
    # Ninh Kiều's desk counts under the commune: one row per agency under the province.
    names = [r["label"] for r in data["rows"]]
    assert p.commune_a.name in names and p.desk_a.name not in names

    # A full recount from the dossier rows, by the definitions (SQL, no rollups).
    counted = Q(received_date__isnull=False) & ~Q(status="desk_supplement")
    open_at_t = Q(finished_date__isnull=True) | Q(finished_date__gt=T)
    c = Dossier.objects.filter(counted).aggregate(
        carried=Count(
            "id",
            filter=Q(received_date__lt=F)
            & (Q(finished_date__isnull=True) | Q(finished_date__gte=F)),
        ),
        new=Count("id", filter=Q(received_date__gte=F, received_date__lte=T)),
        resolved=Count("id", filter=Q(finished_date__gte=F, finished_date__lte=T)),
        late=Count("id", filter=Q(finished_date__gte=F, finished_date__lte=T, timeliness="late")),
        in_progress=Count("id", filter=Q(received_date__lte=T) & open_at_t),
        overdue=Count("id", filter=Q(received_date__lte=T, due_date__lt=T) & open_at_t),
    )
    c["received"] = c["carried"] + c["new"]
    c["early_or_on_time"] = c["resolved"] - c["late"]
    c["not_yet_due"] = c["in_progress"] - c["overdue"]
    expected_checked(c)

    # Grouped tables add up to the total, whatever the grouping.
    for by in ("level", "channel", "field", "procedure", "month"):
        rows = dossier_stats(None, date_from=F, date_to=T, by=by)
        assert rows[-1].as_dict() == total.as_dict(), by
        if by != "month":  # months each have their own carried-over
            assert sum(r.received for r in rows[:-1]) == SEED003["received"], by
        assert all(r.balanced for r in rows), by
    months = dossier_stats(None, date_from=F, date_to=T, by="month")[:-1]
    assert [m.label for m in months] == [f"{m:02d}/2020" for m in range(1, 7)]
    assert sum(m.new for m in months) == SEED003["new"]
    assert months[0].carried == SEED003["carried"]
    assert months[-1].in_progress == SEED003["in_progress"]

    # The text table prints the Vietnamese figures.
    out = StringIO()
    call_command("report", "dossiers", "--from", F.isoformat(), "--to", T.isoformat(), stdout=out)
    assert "178.770" in out.getvalue() and "3.494" in out.getvalue()

    # The API: same numbers, scoped.
    check_api(p, api_client)


def check_api(p, api_client) -> None:
    client = api_client(p.noivu)
    res = client.get(f"/api/v1/reports/dossiers?from={F}&to={T}&by=agency")
    assert res.status_code == 200, res.content
    expected_checked(res.json()["total"])

    # Justice's focal point sees Justice and is refused the province or another commune.
    client = api_client(p.daumoi)
    own = client.get(f"/api/v1/reports/dossiers?from={F}&to={T}")
    assert own.status_code == 200
    justice = dossier_stats(None, date_from=F, date_to=T, agency=p.justice)[-1]
    assert own.json()["total"] == justice.as_dict()
    assert 0 < justice.received < cast(int, SEED003["received"])
    for code in (p.province.code, p.commune_a.code):
        res = client.get(f"/api/v1/reports/dossiers?from={F}&to={T}&agency={code}")
        assert res.status_code == 403
        assert res.json()["code"] == "forbidden"
    bad = client.get(f"/api/v1/reports/dossiers?from={T}&to={F}")
    assert bad.status_code == 400
    assert (
        api_client(p.motcua_xa_b)
        .get(f"/api/v1/reports/dossiers?from={F}&to={T}&agency={p.justice.code}")
        .status_code
        == 403
    )
