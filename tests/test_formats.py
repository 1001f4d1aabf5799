"""Numbers in templates: ids stay bare (they end up in form values and links), figures for
people are grouped the Vietnamese way through the filters."""

from django.template import Context, Template
from django.utils import translation


def test_ids_are_never_grouped_and_figures_are():
    with translation.override("vi"):
        html = Template(
            '{% load vn %}<option value="{{ pk }}">{{ n|vn_int }} {{ r|vn_pct }}</option>'
        ).render(Context({"pk": 1681, "n": 178770, "r": 82.0312}))
    assert html == '<option value="1681">178.770 82,03%</option>'
