from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine

from cchc.demo import plans as demo
from cchc.demo.data import plan_seeds as seed_tables
from cchc.organizations.models import Agency
from cchc.plans import selectors
from cchc.plans.models import Plan, ProgressReport, Target

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC), tick=False)
def test_demo_loads_a_plan_with_progress_and_is_idempotent(province):
    ctx = {"province": province.province, "stdout": io.StringIO()}
    demo.load(ctx)
    demo.load(ctx)
    plan = Plan.objects.get()
    assert plan.year == 2026 and plan.status == "issued"
    assert plan.tasks.count() == len(seed_tables.seed_001_rows())
    assert not plan.tasks.filter(deadline_text__contains="2022").exists()
    # As of 2026: no district level, no Department of Information and Communications (merged
    # into Science and Technology in 2025), neither in the text nor among the agencies.
    texts = " ".join(
        " ".join([t.area.name, t.subsection, t.content, t.lead_text, t.coordinators_text])
        for t in plan.tasks.select_related("area")
    )
    assert "cấp huyện" not in texts and "Thông tin và Truyền thông" not in texts
    assert "Sở Khoa học và Công nghệ" in texts
    assert not Agency.objects.filter(name="Sở Thông tin và Truyền thông").exists()
    assert set(Target.objects.values_list("indicator", flat=True)) == {
        "on_time_rate",
        "online_share",
        "apology_coverage",
        "",
    }
    # Seed 002's targets no data measures: two carry an actual entered by hand with its
    # document, the first has none yet.
    rows = {r.target.sentence: r for r in selectors.target_rows(plan)}
    manual = [r for r in rows.values() if r.source == "manual"]
    assert len(manual) == 2 and all(r.entry.document_ref.startswith("Báo cáo số") for r in manual)
    assert {r.verdict for r in manual} == {"not_met", "met"}
    assert rows[demo.UNMEASURED_TARGETS[0][0]].verdict == "no_data"
    _, total = selectors.plan_overview(province.lanhdao, plan)
    assert total.done > 0 and total.done_late > 0 and total.overdue > 0
    assert ProgressReport.objects.filter(review_status="accepted").exists()
    assert ProgressReport.objects.filter(review_status="pending").exists()
