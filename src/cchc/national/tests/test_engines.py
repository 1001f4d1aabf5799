"""Both engines give identical national figures on the same lake: one SQL text, run by
DuckDB (embedded) and Spark (``local[2]``; the JVM starts once per test run)."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.demo import national_lake
from cchc.national import services, sql
from cchc.national.selectors import national_statistics
from cchc.statistics.selectors import dossier_stats

F, T = date(2024, 1, 1), date(2024, 6, 30)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    uri = str(tmp_path_factory.mktemp("lake"))
    sizes = national_lake.generate(uri, total=40_000, months=9, seed=7)
    return uri, sizes


def both(uri, **kw):
    a = national_statistics(source=uri, engine="duckdb", **kw)
    b = national_statistics(source=uri, engine="spark", **kw)
    return [r.as_dict() for r in a], [r.as_dict() for r in b]


@pytest.mark.slow
@pytest.mark.parametrize("by", list(sql.BY))
def test_duckdb_and_spark_agree_on_every_grouping(synthetic, by):
    uri, sizes = synthetic
    duck, spark = both(uri, date_from=F, date_to=T, by=by, today=date(2024, 9, 1))
    assert duck == spark
    assert len(duck) > 1
    if by == "province":
        assert {r["key"] for r in duck[:-1]} == set(sizes)
        total = duck[-1]
        assert total["received"] == total["resolved"] + total["in_progress"]
        assert total["late"] > 0 and total["overdue"] > 0 and total["carried"] == 0


@pytest.mark.slow
@pytest.mark.django_db
def test_spark_equals_the_provinces_own_report(generated, tmp_path):
    uri = str(tmp_path / "lake")
    services.national_export(out=uri)
    f, t = date(2020, 1, 1), date(2020, 6, 30)
    [_row, total] = national_statistics(source=uri, engine="spark", date_from=f, date_to=t,
                                        today=date(2020, 7, 10))  # fmt: skip
    mine = dossier_stats(None, date_from=f, date_to=t, agency=generated.province)[-1]
    assert total.as_dict() | {"label": ""} == mine.as_dict() | {"label": ""}


@pytest.mark.slow
@pytest.mark.parametrize("by", ["province", "agency"])
def test_duckdb_and_spark_agree_on_the_766_index(synthetic, by):
    from cchc.national.selectors import national_service_index

    uri, _sizes = synthetic
    kw = {"source": uri, "date_from": F, "date_to": T, "by": by}
    duck = national_service_index(engine="duckdb", **kw)
    spark = national_service_index(engine="spark", **kw)
    assert [(k, c) for k, _l, c, _i in duck] == [(k, c) for k, _l, c, _i in spark]
    assert [i.points for *_x, i in duck] == [i.points for *_x, i in spark]
    assert all(i.points > 0 for *_x, i in duck)


@pytest.mark.slow
def test_the_spark_submit_job_prints_what_the_command_prints(synthetic, tmp_path):
    """``spark_job`` is what ``spark-submit`` runs on a cluster: same rows, same points."""
    import json

    from cchc.national import spark_job

    uri, _sizes = synthetic
    out = tmp_path / "result.json"
    import sys

    argv = sys.argv
    sys.argv = ["spark_job", "--source", uri, "--from", "2024-01-01", "--to", "2024-06-30",
                "--as-of", "2024-09-01", "--out", str(out)]  # fmt: skip
    try:
        spark_job.main()
    finally:
        sys.argv = argv
    job = json.loads(out.read_text())
    ours = national_statistics(source=uri, date_from=F, date_to=T, today=date(2024, 9, 1))
    assert [r["key"] for r in job["rows"]] == [r.key for r in ours[:-1]]
    for row, stat in zip(job["rows"], ours[:-1], strict=True):
        assert row["overdue"] == stat.overdue and row["late"] == stat.late
        assert row["service_index"]["points"] > 0


@pytest.mark.slow
@pytest.mark.parametrize("by", ["province", "agency"])
def test_duckdb_and_spark_agree_on_the_published_par_and_sipas(synthetic, by):
    from cchc.national.selectors import national_results

    uri, sizes = synthetic
    duck = national_results(source=uri, year=F.year, by=by)
    spark = national_results(source=uri, year=F.year, by=by, engine="spark")
    assert duck == spark
    rows, elements = duck
    assert len(elements) == 5 and any(r.par is not None for r in rows)
    assert any(r.sipas is not None for r in rows)
    if by == "province":
        assert {r.key for r in rows} <= set(sizes)
