"""Two taps at once on PostgreSQL with real connections: one rating is kept, the other told;
two interviewers typing the same sampled paper form: one response."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from cchc.core.errors import Conflict
from cchc.dossiers.tests.test_concurrency import run_together
from cchc.evaluations import services
from cchc.evaluations.models import Rating
from cchc.surveys import services as survey_services
from cchc.surveys.models import Question, Respondent, Response
from cchc.testing.voice import returned_dossier

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite serialises)"
    ),
]


def test_two_ratings_at_once(province, procs):
    d = returned_dossier(province, procs.days)
    results = run_together(
        lambda: services.rating_submit(dossier=d, level="satisfied", channel="kiosk"),
        lambda: services.rating_submit(dossier=d, level="satisfied", channel="online"),
    )
    assert sum(isinstance(r, Rating) for r in results) == 1, results
    assert sum(isinstance(r, Conflict) for r in results) == 1, results
    assert Rating.objects.count() == 1


def test_one_sampled_form_typed_twice_at_once(province, procs):
    returned_dossier(province, procs.days)
    survey = survey_services.survey_create_sipas(
        actor=province.noivu, year=timezone.localdate().year, province=province.province
    )
    survey_services.sample_draw(actor=province.noivu, survey=survey, seed=1)
    r = Respondent.objects.get()
    answers = {q.pk: 4 for q in Question.objects.filter(element__survey=survey)}

    def submit():
        return survey_services.response_submit(
            survey=survey, answers=answers, channel="paper", respondent=r, actor=province.noivu
        )

    results = run_together(submit, submit)
    assert sum(isinstance(x, Response) for x in results) == 1, results
    assert Response.objects.count() == 1
