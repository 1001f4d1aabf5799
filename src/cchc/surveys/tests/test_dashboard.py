"""The leaders' dashboard shows this year's SIPAS by element beside last year's (issue 11
item 10), with the survey page behind it, and exports the same numbers."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from cchc.statistics.dashboard import Dashboard
from cchc.surveys import dashboard as sipas
from cchc.surveys import services
from cchc.surveys.models import Question


def _answers(survey, level: int) -> dict[int, int]:
    return {q.pk: level for q in Question.objects.filter(element__survey=survey)}


@pytest.mark.django_db
def test_the_dashboard_shows_the_sipas_of_the_year(province, procs, client_as):
    year = timezone.localdate().year
    for y, level in ((year - 1, 2), (year, 4)):
        s = services.survey_create_sipas(actor=province.noivu, year=y, province=province.province)
        services.survey_set_status(actor=province.noivu, survey=s, status="open")
        services.response_submit(survey=s, answers=_answers(s, level), channel="phone",
                                 agency=province.justice, actor=province.noivu)  # fmt: skip
    table = sipas._table(Dashboard(province.lanhdao))
    assert table.rows[-1] == ["Chỉ số SIPAS", 100.0, 0.0]
    assert len(table.rows) == 6  # five elements and the index

    c = client_as(province.lanhdao)
    soup = BeautifulSoup(c.get("/dashboard/").content, "html.parser")
    section = soup.select_one("#chart-sipas")
    assert section is not None and "SIPAS" in section.get_text()
    more = section.select_one("a.drill")
    assert more is not None and c.get(str(more["href"])).status_code == 200
    csv = c.get("/dashboard/export/sipas.csv")
    assert csv.status_code == 200 and "Chỉ số SIPAS;100" in csv.content.decode("utf-8-sig")
