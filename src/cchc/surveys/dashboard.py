"""The SIPAS section of the leaders' dashboard (registered in ``SurveysConfig.ready``): this
year's satisfaction index by element, beside last year's, with the results page behind it."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.statistics import charts
from cchc.statistics.dashboard import Dashboard, Section, Table

from .selectors import SurveyResults, results, sipas_survey_for


def _results(dash: Dashboard) -> SurveyResults | None:
    def compute() -> SurveyResults | None:
        survey = sipas_survey_for(dash.root, dash.today.year) or sipas_survey_for(
            dash.root, dash.today.year - 1
        )
        return results(survey, agency=dash.root) if survey is not None else None

    return dash.cached("sipas", compute)


def _table(dash: Dashboard) -> Table:
    r = _results(dash)
    rows: list[list[object]] = []
    if r is not None:
        prev = r.previous
        for e in r.elements:
            now = r.indices.get(e.code)
            before = prev.indices.get(e.code) if prev is not None else None
            rows.append([e.name, _pct(now), _pct(before)])
        rows.append([_("Chỉ số SIPAS"), _pct(r.sipas), _pct(prev.sipas if prev else None)])
    year = r.survey.year if r is not None else dash.today.year
    return Table(
        _("Chỉ số hài lòng (SIPAS) năm %(year)s") % {"year": year},
        [_("Yếu tố"), _("Năm nay (%)"), _("Năm trước (%)")],
        rows,
    )


def _pct(value: object) -> float | None:
    return None if value is None else round(float(str(value)), 2)


def _chart(dash: Dashboard) -> str:
    r = _results(dash)
    items: list[tuple[str, float | int | None]] = []
    if r is not None:
        items = [(e.name, _pct(r.indices.get(e.code))) for e in r.elements]
        items.append((_("Chỉ số SIPAS"), _pct(r.sipas)))
    return charts.bar_chart(
        items,
        title=_("Chỉ số hài lòng (SIPAS) theo yếu tố"),
        kind="pct",
        color=charts.PALETTE[2],
        empty=_("Chưa có khảo sát SIPAS năm nay."),
    )


def _more() -> str:
    return reverse("surveys:index")


SECTION = Section("sipas", lambda: _("Chỉ số hài lòng (SIPAS)"), _chart, _table, more=_more)
