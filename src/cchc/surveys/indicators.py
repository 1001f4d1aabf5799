"""SIPAS figures in the statistics app's indicator registry (the only import of it here): the
index and each element's index of the year's SIPAS survey, for an agency's subtree."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from cchc.statistics.indicators import register

from .designs import SIPAS_ELEMENTS


def _compute(element: str | None):
    def compute(agency: Any, date_from: date, date_to: date) -> Decimal | None:
        from .selectors import results, sipas_survey_for

        survey = sipas_survey_for(agency, date_to.year)
        if survey is None:
            return None
        scope = None if agency is None or agency.parent_id is None else agency
        r = results(survey, agency=scope, with_previous=False)
        return r.sipas if element is None else r.indices.get(element)

    compute.__name__ = f"sipas_{element or 'index'}"
    return compute


register("sipas", _("Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)"), "%", _compute(None))
for code, name, _questions in SIPAS_ELEMENTS:
    register(
        f"sipas_{code}",
        _("Chỉ số SIPAS – %(element)s") % {"element": name},
        "%",
        _compute(code),
    )
