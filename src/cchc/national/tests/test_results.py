"""The published PAR and SIPAS results and the 766 disclosure and satisfaction measures, from
a province's real export: the national figures equal the indices, surveys and evaluations
apps' own for that province (their functions, one definition), on DuckDB and on Spark; and
nothing unpublished leaves the province."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from cchc.dossiers.models import Dossier
from cchc.evaluations.models import Rating
from cchc.indices import selectors as par_selectors
from cchc.indices import service, standard
from cchc.indices import services as par_services
from cchc.indices.service_index import Counts
from cchc.national import facts, lake, services
from cchc.national.selectors import national_results, national_service_index
from cchc.procedures.models import Procedure, PublicationDecision, PublicationItem
from cchc.surveys import selectors as survey_selectors
from cchc.surveys import services as survey_services
from cchc.surveys.models import Question

F, T = dt.date(2020, 1, 1), dt.date(2020, 6, 30)
YEAR = 2020
MEASURES_766 = ("published_on_time", "online_payment", "digitised", "satisfaction")


def _cycle(province, title, units, year=YEAR):
    cs = par_services.criteria_set_create(
        actor=province.noivu, province=province.province, year=year, title=title,
        nodes=standard.to_nodes(standard.SMALL_SET), max_points=D(20),
    )  # fmt: skip
    return par_services.cycle_open(
        actor=province.noivu, criteria_set=cs, units=units,
        self_deadline=dt.date(year + 1, 1, 15), council=[province.noivu],
    )  # fmt: skip


def _score_to_final(province, cycle, agency, user, pts):
    unit = cycle.units.get(agency=agency)
    for s in unit.scores.select_related("criterion__parent"):
        c = s.criterion
        if c.method in ("self", "bonus"):
            par_services.score_self(
                actor=user, unit=unit, criterion=c,
                points=pts.get((c.parent.number if c.parent else "", c.number), 0),
                evidence_number="12/KH", evidence_date=dt.date(cycle.year, 1, 10),
                evidence_issuer="Sở Tư pháp", evidence_location="Mục II, trang 3",
            )  # fmt: skip
    par_services.unit_submit(actor=user, unit=unit)
    for s in unit.scores.select_related("criterion"):
        if s.criterion.method != "indicator":
            s.refresh_from_db()
            par_services.score_appraise(
                actor=province.noivu, unit=unit, criterion=s.criterion, points=s.self_points
            )
    today = dt.date(cycle.year + 1, 2, 1)
    par_services.appraisal_finish(actor=province.noivu, unit=unit, today=today)
    par_services.unit_finalise(actor=province.noivu, unit=unit, today=today.replace(month=3))


def _sipas(province, year, levels, *, published):
    s = survey_services.survey_create_sipas(
        actor=province.noivu, year=year, province=province.province,
        period_from=dt.date(year, 1, 1), period_to=dt.date(year, 6, 30),
        code=f"SIPAS-{year}-{'P' if published else 'D'}",
    )  # fmt: skip
    survey_services.survey_set_status(actor=province.noivu, survey=s, status="open")
    questions = list(Question.objects.filter(element__survey=s).order_by("pk"))
    for agency, level in levels:
        answers = {q.pk: (level + i) % 5 + 1 for i, q in enumerate(questions)}
        survey_services.response_submit(
            survey=s, answers=answers, channel="phone", agency=agency, actor=province.noivu
        )
    survey_services.survey_set_status(
        actor=province.noivu, survey=s, status="closed", published=published
    )
    return s


@pytest.fixture
def published(generated, settings):
    """``generated`` plus a published PAR cycle of two units, a cycle still being scored, a
    published SIPAS survey (and a later one not published), publications early and late, and
    ratings of every level."""
    p = generated
    settings.SURVEY_MIN_GROUP_RESPONSES = 2  # justice has two SIPAS responses, commune B one
    cycle = _cycle(p, "Bộ tiêu chí sở, xã", [(p.justice, "departments", True),
                                            (p.commune_a, "communes", True)])  # fmt: skip
    _score_to_final(p, cycle, p.justice, p.daumoi,
                    {("I", "1."): 6, ("I", "2."): 4, ("II", "1."): 3, ("", "1."): 1})  # fmt: skip
    _score_to_final(p, cycle, p.commune_a, p.daumoi_xa, {("I", "1."): 3, ("II", "1."): 4})
    par_services.cycle_publish(actor=p.noivu, cycle=cycle)
    _cycle(p, "Bộ tiêu chí đơn vị sự nghiệp", [(p.construction, "departments", True)])
    _sipas(p, YEAR, [(p.justice, 4), (p.justice, 2), (p.commune_a, 3), (p.desk_a, 0),
                     (p.commune_b, 1)], published=True)  # fmt: skip
    _sipas(p, YEAR, [(p.justice, 0)], published=False)
    procs = list(Procedure.objects.order_by("pk")[:3])
    early = PublicationDecision.objects.create(number="10/QĐ-UBND", date=dt.date(2020, 2, 1),
                                               agency=p.justice)  # fmt: skip
    late = PublicationDecision.objects.create(number="11/QĐ-UBND", date=dt.date(2020, 3, 8))
    PublicationItem.objects.create(decision=early, procedure=procs[0], change="new",
                                   effective_date=dt.date(2020, 3, 1))  # fmt: skip
    PublicationItem.objects.create(decision=early, procedure=procs[1], change="amended",
                                   effective_date=dt.date(2020, 2, 4))  # fmt: skip
    PublicationItem.objects.create(decision=late, procedure=procs[2], change="new",
                                   effective_date=dt.date(2020, 3, 10))  # fmt: skip
    levels = ["very_satisfied", "satisfied", "unsatisfied", "unsatisfied", "satisfied"]
    done = Dossier.objects.filter(finished_date__gte=F, finished_date__lte=T).order_by("pk")
    for i, d in enumerate(done[:25]):
        Rating.objects.create(
            dossier=d, agency=d.agency, desk=d.desk, level=levels[i % 5], channel="online",
            rated_at=timezone.now(), rated_date=d.finished_date or T,
            reason="Chờ lâu" if levels[i % 5] == "unsatisfied" else "",
        )  # fmt: skip
    return p


def _own_766():
    own, counts = service.compute(None, F, T, source="rows")
    return counts, {m.measure.key: m.points for c in own.components for m in c.measures}


def _same_as_the_province(p, results, elements, by_unit):
    """The PAR summary and SIPAS indices equal the apps' own, for the province and per unit."""
    code = facts.province_code()
    [mine] = [r for r in results if r.key == code]
    assert mine.par == par_selectors.par_summary(YEAR)
    assert mine.par is not None and mine.par.units == 2 and mine.par.mean is not None
    [survey] = survey_selectors.published_sipas(YEAR)
    own = survey_selectors.results(survey, with_previous=False)
    assert mine.sipas == own.sipas is not None
    assert mine.elements == {k: v for k, v in own.indices.items() if v is not None}
    assert list(elements) == [e.code for e in own.elements]
    units = {r.key.split(":", 1)[1]: r for r in by_unit}
    for agency in (p.justice, p.commune_a):
        assert units[agency.code].par == par_selectors.par_summary(YEAR, agency)
        unit = survey_selectors.results(survey, agency=agency, with_previous=False)
        assert unit.responses >= survey_selectors.min_responses()
        assert units[agency.code].sipas == unit.sipas is not None
        assert not units[agency.code].suppressed
    # A unit with fewer responses than the province shows for one shows none here either.
    few = survey_selectors.results(survey, agency=p.commune_b, with_previous=False)
    assert 0 < few.responses < survey_selectors.min_responses()
    assert units[p.commune_b.code].suppressed and units[p.commune_b.code].sipas is None
    assert set(units[p.commune_b.code].elements.values()) == {None}
    justice = par_selectors.published_units(YEAR, p.justice)[0]
    assert units[p.justice.code].par_rank == justice.rank
    assert units[p.justice.code].par_band == justice.band
    assert p.construction.code not in units  # its cycle is not published


@pytest.mark.django_db
def test_par_sipas_and_the_766_measures_equal_the_provinces_own(published, tmp_path):
    p = published
    lake_dir = str(tmp_path / "lake")
    b = services.national_export(out=lake_dir)
    assert b.rows["index_scores"] == 2  # the published cycle only
    assert b.rows["publications"] == 3
    sipas_rows = [r for t in lake.iter_tables(lake_dir, facts.SIPAS) for r in t.to_pylist()]
    assert {r["survey_code"] for r in sipas_rows} == {f"SIPAS-{YEAR}-P"}

    results, elements = national_results(source=lake_dir, year=YEAR)
    by_unit, _names = national_results(source=lake_dir, year=YEAR, by="agency")
    _same_as_the_province(p, results, elements, by_unit)
    assert national_results(source=lake_dir, year=YEAR - 1)[0] == []

    [(key, _label, counts, index)] = national_service_index(source=lake_dir, date_from=F, date_to=T)
    own_counts, own_points = _own_766()
    points = {m.measure.key: m.points for c in index.components for m in c.measures}
    for name in MEASURES_766:
        assert counts[name] == own_counts[name], name
        assert points[name] == own_points[name], name
    assert counts["published_on_time"] == Counts(1, 3)  # 29 days ahead; 3 and 2: late
    assert counts["satisfaction"] is not None and counts["satisfaction"].value is not None
    assert counts["online_payment"] is None and counts["digitised"] is None  # no source anywhere
    assert index.points == service.compute(None, F, T, source="rows")[0].points

    # the command prints the same, for people and as JSON
    out = StringIO()
    call_command("national", "report", "--source", lake_dir, "--from", "2020-01-01",
                 "--to", "2020-06-30", "--json", stdout=out)  # fmt: skip
    [row] = json.loads(out.getvalue())["rows"]
    par, sipas = results[0].par, results[0].sipas
    assert par is not None and par.mean is not None and sipas is not None
    assert row["par"]["mean"] == float(par.mean) and row["sipas"]["index"] == float(sipas)
    text = StringIO()
    call_command("national", "report", "--source", lake_dir, "--from", "2020-01-01",
                 "--to", "2020-06-30", stdout=text)  # fmt: skip
    assert "Kết quả Chỉ số CCHC và SIPAS năm 2020 đã công bố" in text.getvalue()


@pytest.mark.slow
@pytest.mark.django_db
def test_spark_gives_the_same_par_sipas_and_766_figures(published, tmp_path):
    p = published
    lake_dir = str(tmp_path / "lake")
    services.national_export(out=lake_dir)
    for by in ("province", "agency"):
        duck = national_results(source=lake_dir, year=YEAR, by=by)
        spark = national_results(source=lake_dir, year=YEAR, by=by, engine="spark")
        assert duck == spark
    results, elements = national_results(source=lake_dir, year=YEAR, engine="spark")
    by_unit, _n = national_results(source=lake_dir, year=YEAR, by="agency", engine="spark")
    _same_as_the_province(p, results, elements, by_unit)
    [(_k, _l, counts, index)] = national_service_index(
        source=lake_dir, date_from=F, date_to=T, engine="spark"
    )
    own_counts, own_points = _own_766()
    points = {m.measure.key: m.points for c in index.components for m in c.measures}
    for name in MEASURES_766:
        assert counts[name] == own_counts[name], name
        assert points[name] == own_points[name], name
