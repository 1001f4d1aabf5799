"""Stories about SIPAS: the design ships as data, a reproducible stratified sample is drawn,
answers come in on the link and on paper, the results follow the formulas, reports export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.core.errors import Conflict, DomainError, Forbidden
from cchc.core.models import SmsMessage
from cchc.surveys import exporting, results, sampling, selectors, services
from cchc.surveys.models import Answer, Measure, Question, Respondent, Response
from cchc.testing.voice import returned_dossier

# -- pure formulas --------------------------------------------------------------------------


def test_sample_size_examples():
    assert sampling.sample_size(1000, Decimal("0.05")) == 286
    assert sampling.sample_size(176611, "0.05") == 400
    assert sampling.sample_size(10, "0.05") == 10
    assert sampling.sample_size(0, "0.05") == 0
    with pytest.raises(ValueError):
        sampling.sample_size(100, "0")


def test_cli_prints_286(capsys):
    call_command("surveys", "sample-size", "--population", "1000", "--margin", "0.05")
    assert capsys.readouterr().out.strip() == "286"


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.integers(1, 50), st.integers(0, 300), min_size=1, max_size=12), st.data())
def test_allocation_sums_to_n_and_stays_within_strata(sizes, data):
    n = data.draw(st.integers(0, sum(sizes.values())))
    quotas = sampling.allocate(sizes, n)
    assert sum(quotas.values()) == n
    assert all(0 <= quotas[k] <= sizes[k] for k in sizes)


def test_draw_is_reproducible_from_the_seed():
    strata = {1: list(range(100)), 2: list(range(100, 130)), 3: [200]}
    a = sampling.draw(strata, 40, seed=7)
    assert a == sampling.draw(strata, 40, seed=7)
    assert a != sampling.draw(strata, 40, seed=8)
    assert [len(a[k]) for k in (1, 2, 3)] == [31, 9, 0]


def test_formulas():
    assert results.element_index(3, 4) == Decimal("75.00")
    assert results.element_index(0, 0) is None
    assert results.sipas([Decimal(80), Decimal(90), None]) == Decimal("85.00")
    assert results.units_reaching({1: Decimal(80), 2: Decimal("79.99"), 3: None}, Decimal(80)) == (
        1,
        2,
    )


# -- the database story -----------------------------------------------------------------------


@pytest.fixture
def survey(province, procs):
    today = timezone.localdate()
    return services.survey_create_sipas(
        actor=province.noivu,
        year=today.year,
        province=province.province,
        period_from=today - dt.timedelta(days=30),
        period_to=today,
    )


def _answers(survey, level: int) -> dict[int, int]:
    return {q.pk: level for q in Question.objects.filter(element__survey=survey)}


def test_sipas_design_is_the_default(survey):
    assert [e.code for e in survey.elements.all()] == [
        "access",
        "procedure",
        "staff",
        "result",
        "feedback",
    ]
    measures = set(
        Question.objects.filter(element__survey=survey).values_list("measure", flat=True)
    )
    assert measures == {Measure.PERCEPTION, Measure.SATISFACTION, Measure.EXPECTATION}
    assert len(survey.scale) == 5


def test_only_home_affairs_creates_and_draws(province, survey):
    with pytest.raises(Forbidden):
        services.survey_create_sipas(actor=province.daumoi, year=2030, province=province.province)
    with pytest.raises(Forbidden):
        services.sample_draw(actor=province.daumoi, survey=survey)


def test_draw_stratified_seeded_and_invites(
    province, procs, survey, django_capture_on_commit_callbacks
):
    for i in range(6):
        returned_dossier(province, procs.days, phone=f"0913 000 00{i}")
    with pytest.raises(DomainError):
        services.sample_draw(
            actor=province.noivu,
            survey=services.survey_create_sipas(
                actor=province.noivu,
                year=2001,
                province=province.province,
                code="EMPTY",
            ),
        )
    with django_capture_on_commit_callbacks(execute=True):
        sample = services.sample_draw(actor=province.noivu, survey=survey, seed=42)
    assert (sample.population, sample.size, sample.seed) == (6, 6, 42)
    chosen = set(Respondent.objects.values_list("dossier_id", flat=True))
    again = services.sample_draw(actor=province.noivu, survey=survey, seed=42)
    assert set(Respondent.objects.filter(sample=again).values_list("dossier_id", flat=True)) == (
        chosen
    )
    assert SmsMessage.objects.filter(body__contains="/khao-sat/s/").count() == 6


def test_answers_on_the_link_once_and_anonymous(province, procs, survey, client):
    returned_dossier(province, procs.days)
    services.sample_draw(actor=province.noivu, survey=survey, seed=1)
    r = Respondent.objects.get()
    url = f"/khao-sat/s/{r.token}/"
    assert client.get(url).status_code == 200
    data = {f"q{pk}": v for pk, v in _answers(survey, 4).items()}
    partial = dict(list(data.items())[:3])
    bad = client.post(url, partial)
    assert bad.status_code == 400 and "chưa trả lời" in bad.content.decode()
    assert Response.objects.count() == 0
    ok = client.post(url, data)
    assert "Cảm ơn" in ok.content.decode()
    again = client.post(url, data)
    assert again.status_code == 409 and Response.objects.count() == 1
    resp = Response.objects.get()
    # Nothing ties the response to the citizen.
    assert {f.name for f in Response._meta.get_fields()} == {
        "id",
        "survey",
        "agency",
        "channel",
        "created_at",
        "answers",
    }
    assert resp.agency == province.justice
    assert client.get("/khao-sat/s/forged/").status_code == 400


def test_paper_entry_page_and_results(province, procs, survey, client_as):
    c = client_as(province.noivu)
    qs = list(Question.objects.filter(element__survey=survey))
    services.survey_set_status(actor=province.noivu, survey=survey, status="open")
    post = {"agency": province.justice.pk, "channel": "paper"}
    post.update({f"q{q.pk}": "5" for q in qs})
    r = c.post(f"/khao-sat/{survey.code}/nhap/", post, HTTP_HX_REQUEST="true")
    assert "Đã lưu phiếu" in r.content.decode()
    post.update({f"q{q.pk}": "2" for q in qs if q.element.code == "staff"})
    c.post(f"/khao-sat/{survey.code}/nhap/", post, HTTP_HX_REQUEST="true")
    post["agency"] = province.commune_a.pk
    post.update({f"q{q.pk}": "3" for q in qs})
    c.post(f"/khao-sat/{survey.code}/nhap/", post, HTTP_HX_REQUEST="true")
    post[f"q{qs[0].pk}"] = "7"
    bad = c.post(f"/khao-sat/{survey.code}/nhap/", post, HTTP_HX_REQUEST="true")
    assert "1 đến 5" in bad.content.decode() and Response.objects.count() == 3
    assert client_as(province.motcua).get(f"/khao-sat/{survey.code}/nhap/").status_code == 403
    res = selectors.results(survey)
    # Justice: two forms, both satisfied except "staff" on one → staff 50%, others 100%.
    justice = next(u for u in res.units if u.agency == province.justice)
    assert justice.indices["staff"] == Decimal("50.00")
    assert justice.sipas == Decimal("90.00")
    commune = next(u for u in res.units if u.agency == province.commune_a)
    assert commune.sipas == Decimal("0.00")
    assert (res.reaching, res.measured, res.units_label) == (1, 2, "1/2")
    assert res.indices["access"] == Decimal("66.67")
    assert res.sipas == Decimal("60.00")
    assert {g.group for g in res.groups} == {"departments", "communes"}
    assert Answer.objects.count() == 3 * 15


def test_previous_year_and_indicator(province, procs, survey):
    services.survey_set_status(actor=province.noivu, survey=survey, status="open")
    prev = services.survey_create_sipas(
        actor=province.noivu, year=survey.year - 1, province=province.province
    )
    services.survey_set_status(actor=province.noivu, survey=prev, status="open")
    services.response_submit(
        survey=prev,
        answers=_answers(prev, 2),
        channel="phone",
        agency=province.justice,
        actor=province.noivu,
    )
    services.response_submit(
        survey=survey,
        answers=_answers(survey, 4),
        channel="phone",
        agency=province.justice,
        actor=province.noivu,
    )
    res = selectors.results(survey)
    assert res.sipas == 100 and res.previous is not None and res.previous.sipas == 0
    from cchc.statistics import indicators

    today = timezone.localdate()
    value = indicators.get("sipas").compute(None, today.replace(month=1, day=1), today)
    assert value == Decimal("100.00")
    assert indicators.get("sipas_staff").compute(province.commune_a, today, today) is None


def test_exports_are_formula_safe_and_official(province, procs, survey, client_as):
    services.survey_set_status(actor=province.noivu, survey=survey, status="open")
    services.response_submit(
        survey=survey,
        answers=_answers(survey, 5),
        channel="paper",
        agency=province.justice,
        actor=province.noivu,
    )
    Agency = type(province.justice)
    Agency.objects.filter(pk=province.justice.pk).update(name="=HYPERLINK(1)")
    c = client_as(province.noivu)
    x = c.get(f"/khao-sat/{survey.code}/export.xlsx")
    assert x.status_code == 200
    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(x.content), read_only=True)
    rows = [list(r) for r in wb[wb.sheetnames[0]].iter_rows(values_only=True)]
    assert rows[-1][1] == "Chỉ số SIPAS" and rows[-1][2] == 100.0
    cell = load_workbook(BytesIO(x.content))[wb.sheetnames[2]]["B4"]
    assert (cell.value, cell.data_type) == ("=HYPERLINK(1)", "s")  # text, not a formula
    d = c.get(f"/khao-sat/{survey.code}/export.docx")
    from docx import Document

    doc = Document(BytesIO(d.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in "\n".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells
    )
    assert "Chỉ số SIPAS năm" in text and "1/1 đơn vị" in text
    assert (
        client_as(province.motcua_xa).get(f"/khao-sat/{survey.code}/export.xlsx").status_code == 403
    )


def test_public_results_only_when_published(province, procs, survey, client):
    assert client.get(f"/khao-sat/ket-qua/{survey.code}/").status_code == 404
    services.survey_set_status(actor=province.noivu, survey=survey, status="open", published=True)
    page = client.get(f"/khao-sat/ket-qua/{survey.code}/")
    assert page.status_code == 200
    assert BeautifulSoup(page.content, "html.parser").select_one("#sipas-value") is not None


def test_closed_survey_takes_no_answers(province, procs, survey):
    services.survey_set_status(actor=province.noivu, survey=survey, status="closed")
    with pytest.raises(Conflict):
        services.response_submit(
            survey=survey,
            answers=_answers(survey, 5),
            channel="paper",
            agency=province.justice,
            actor=province.noivu,
        )


def test_api(province, procs, survey, api_client, client):
    assert client.get("/api/v1/surveys/sample-size", {"population": 1000}).json()["size"] == 286
    data = api_client(province.noivu).get(f"/api/v1/surveys/{survey.code}/results").json()
    assert data["sipas"] is None and set(data["elements"]) == {
        "access",
        "procedure",
        "staff",
        "result",
        "feedback",
    }


def test_paper_form_of_a_sampled_citizen_closes_her_link(province, procs, survey, client_as):
    returned_dossier(province, procs.days)
    services.sample_draw(actor=province.noivu, survey=survey, seed=3)
    r = Respondent.objects.get()
    post = {"number": r.number, "channel": "phone"}
    post.update({f"q{q.pk}": "4" for q in Question.objects.filter(element__survey=survey)})
    c = client_as(province.daumoi)  # a focal point interviews by phone
    assert "Đã lưu phiếu" in c.post(f"/khao-sat/{survey.code}/nhap/", post).content.decode()
    r.refresh_from_db()
    assert r.answered_at is not None
    assert Response.objects.get().agency == r.agency
    again = c.post(f"/khao-sat/{survey.code}/nhap/", post)
    assert again.status_code == 400 and "một lần" in again.content.decode()


def test_a_province_survey_of_its_own_design(province):
    from cchc.surveys.models import Element, Survey

    s = Survey.objects.create(
        code="DVHCC-2026",
        name="Khảo sát dịch vụ hành chính công",
        kind="custom",
        year=2026,
        province=province.province,
        period_from=dt.date(2026, 1, 1),
        period_to=dt.date(2026, 12, 31),
        status="open",
    )
    for order, code in enumerate(["online", "post"], start=1):
        el = Element.objects.create(survey=s, order=order, code=code, name=code)
        Question.objects.create(
            element=el, order=1, text=f"Hài lòng {code}?", measure="satisfaction"
        )
    answers = {
        q.pk: v for q, v in zip(Question.objects.filter(element__survey=s), [5, 1], strict=True)
    }
    services.response_submit(
        survey=s, answers=answers, channel="paper", agency=province.justice, actor=province.noivu
    )
    res = selectors.results(s)
    assert res.indices == {"online": Decimal("100.00"), "post": Decimal("0.00")}
    assert res.sipas == Decimal("50.00")


def test_small_units_are_not_shown_anywhere(province, settings, client_as, api_client):
    """Two answers from one unit: with the default threshold of five its indices are hidden on
    the page, in the export and in the API, while the province's own figures still count them."""
    settings.SURVEY_MIN_GROUP_RESPONSES = 5
    survey = services.survey_create_sipas(
        actor=province.noivu, year=2026, province=province.province
    )
    services.survey_set_status(actor=province.noivu, survey=survey, status="open")
    questions = Question.objects.filter(element__survey=survey)
    for _ in range(2):
        services.response_submit(
            survey=survey,
            answers={q.pk: 5 for q in questions},
            channel="paper",
            agency=province.justice,
            actor=province.noivu,
        )
    r = selectors.results(survey)
    assert r.sipas == Decimal("100.00") and r.responses == 2
    justice = next(u for u in r.units if u.agency == province.justice)
    assert justice.suppressed and justice.sipas is None
    assert set(justice.indices.values()) == {None} and justice.responses == 2
    assert all(g.suppressed and g.sipas is None for g in r.groups)
    html = client_as(province.noivu).get(f"/khao-sat/{survey.code}/").content.decode()
    assert "dưới 5 phiếu không hiển thị chỉ số" in html
    rows = exporting.tables(r)[2][2]
    assert rows[0][-1] is None and "dưới 5 phiếu" in rows[-1][1]
    data = api_client(province.noivu).get(f"/api/v1/surveys/{survey.code}/results").json()
    assert data["units"][0]["suppressed"] is True and data["units"][0]["sipas"] is None
    settings.SURVEY_MIN_GROUP_RESPONSES = 2
    shown = selectors.results(survey)
    assert not any(u.suppressed for u in shown.units)
    assert next(u for u in shown.units if u.agency == province.justice).sipas == Decimal("100.00")
