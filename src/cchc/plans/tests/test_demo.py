from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine

from cchc.plans import demo, selectors
from cchc.plans.models import Plan, ProgressReport, Target
from cchc.plans.tests import seed_tables

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC), tick=False)
def test_demo_loads_a_plan_with_progress_and_is_idempotent(province):
    if not seed_tables.seed_001_rows():
        pytest.skip("plansparse's seed rows are not merged yet")
    ctx = {"province": province.province, "stdout": io.StringIO()}
    demo.load(ctx)
    demo.load(ctx)
    plan = Plan.objects.get()
    assert plan.year == 2026 and plan.status == "issued"
    assert plan.tasks.count() == len(seed_tables.seed_001_rows())
    assert not plan.tasks.filter(deadline_text__contains="2022").exists()
    assert set(Target.objects.values_list("indicator", flat=True)) == {
        "on_time_rate",
        "online_share",
        "apology_coverage",
        "",
    }
    _, total = selectors.plan_overview(province.lanhdao, plan)
    assert total.done > 0 and total.done_late > 0 and total.overdue > 0
    assert ProgressReport.objects.filter(review_status="accepted").exists()
    assert ProgressReport.objects.filter(review_status="pending").exists()
