"""Plan indicators: tasks and milestones done on time, late, overdue, by area and agency."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cchc.plans.models import Milestone, Plan, PlanArea, Task, TaskLead
from cchc.plans.stats import plan_stats
from cchc.statistics import indicators

AS_OF = date(2022, 7, 1)


@pytest.fixture
def plan(province):
    p = province
    plan = Plan.objects.create(agency=p.province, year=2022, title="Kế hoạch CCHC năm 2022")
    inst = PlanArea.objects.create(plan=plan, order=1, name="Cải cách thể chế", key="institutions")
    proc = PlanArea.objects.create(plan=plan, order=2, name="Cải cách TTHC", key="procedures")

    def task(area, lead, status, *milestones):
        t = Task.objects.create(plan=plan, area=area, content="Nhiệm vụ", status=status)
        for i, lead_agency in enumerate(lead):
            TaskLead.objects.create(task=t, agency=lead_agency, order=i)
        for i, (ms, due, done_at) in enumerate(milestones):
            Milestone.objects.create(task=t, order=i, status=ms, due=due, done_at=done_at)
        return t

    jan, mar, jun, dec = date(2022, 1, 31), date(2022, 3, 31), date(2022, 6, 30), date(2022, 12, 31)
    task(inst, [p.justice], "done", ("done", mar, date(2022, 3, 20)))  # on time
    task(inst, [p.justice, p.home_affairs], "in_progress",
         ("done", jan, date(2022, 2, 5)),  # done after its due date: late
         ("in_progress", jun, None))  # open, due 30/6: overdue on 1/7  # fmt: skip
    task(proc, [p.commune_a], "in_progress", ("not_started", dec, None))  # not yet due
    task(proc, [p.home_affairs], "done_late", ("done_late", mar, date(2022, 4, 2)))
    task(proc, [p.construction], "not_started", ("not_started", None, None))  # no date yet
    return plan


@pytest.mark.django_db
def test_plan_stats_by_area_and_agency(plan, province):
    p = province
    total = plan_stats(None, plan=plan, as_of=AS_OF)[-1]
    assert (total.tasks, total.tasks_done_on_time, total.tasks_done_late, total.tasks_overdue,
            total.tasks_open) == (5, 1, 1, 1, 2)  # fmt: skip
    assert (total.milestones, total.milestones_done_on_time, total.milestones_done_late,
            total.milestones_overdue, total.milestones_open) == (6, 1, 2, 1, 2)  # fmt: skip
    assert total.milestones_on_time_rate == Decimal("33.33")

    by_area = {r.key: r for r in plan_stats(None, plan=plan, as_of=AS_OF, by="area")[:-1]}
    assert by_area["institutions"].label == "Cải cách thể chế"
    assert (by_area["institutions"].tasks, by_area["institutions"].tasks_overdue) == (2, 1)
    assert (by_area["procedures"].tasks, by_area["procedures"].tasks_done_late) == (3, 1)

    by_agency = {r.key: r for r in plan_stats(None, plan=plan, as_of=AS_OF, by="agency")[:-1]}
    assert by_agency[p.justice.pk].tasks == 2
    assert by_agency[p.home_affairs.pk].tasks == 2  # co-leads the second task
    assert by_agency[p.home_affairs.pk].tasks_done_late == 1

    # Earlier in the year the June milestone is not yet due and nothing is overdue.
    assert plan_stats(None, plan=plan, as_of=date(2022, 6, 30))[-1].milestones_overdue == 0


@pytest.mark.django_db
def test_plan_stats_are_scoped_and_feed_indicators(plan, province):
    p = province
    assert plan_stats(p.daumoi, plan=plan, as_of=AS_OF)[-1].tasks == 2  # Justice's tasks
    assert plan_stats(p.motcua_xa_b, plan=plan, as_of=AS_OF)[-1].tasks == 0
    assert plan_stats(p.noivu, plan=plan, as_of=AS_OF)[-1].tasks == 5
    ind = indicators.get("plan_milestones_on_time_rate")
    # Justice: due in Q1 2022: one on time (20/3 ≤ 31/3), one late (5/2 > 31/1).
    assert ind.compute(p.justice, date(2022, 1, 1), date(2022, 3, 31)) == Decimal("50.00")
    overdue = indicators.get("plan_milestones_overdue")
    assert overdue.compute(p.province, date(2022, 1, 1), AS_OF) == 1
