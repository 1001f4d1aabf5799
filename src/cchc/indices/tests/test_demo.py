from __future__ import annotations

from cchc.indices.models import CriteriaSet, Cycle, CycleUnit


def test_demo_loader_is_idempotent(province):
    from cchc.demo import indices as demo

    demo.load()
    demo.load()
    assert CriteriaSet.objects.count() == 2
    provincial = CriteriaSet.objects.get(title=demo.PROVINCIAL_TITLE)
    assert (
        provincial.criteria.count() == 8
        and provincial.criteria.filter(needs_check=True).count() == 8
    )
    cycle = Cycle.objects.get()
    assert set(CycleUnit.objects.filter(cycle=cycle).values_list("agency__code", flat=True)) >= {
        "STP",
        "X31117",
    }
