"""The demo loader for staff and inspections runs on the demo province, twice."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine

from cchc.demo import staff as demo
from cchc.inspections import selectors as insp
from cchc.inspections.models import Inspection, InspectionPlan
from cchc.staff.models import Proposal, StaffMember, TestAttempt

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC), tick=False)
def test_demo_staff_tests_and_inspections(db):
    from cchc.demo import DemoContext
    from cchc.demo import organizations as organizations_demo

    ctx = DemoContext(stdout=io.StringIO())
    organizations_demo.load(ctx)
    demo.load(ctx)
    demo.load(ctx)
    assert StaffMember.objects.count() == 15
    assert TestAttempt.objects.filter(passed=True).count() == 3
    assert set(Proposal.objects.values_list("kind", flat=True)) == {
        "commendation",
        "reassignment",
    }
    plan = InspectionPlan.objects.get()
    assert not insp.coverage(plan).ok
    assert Inspection.objects.filter(status="concluded").count() == 1
    noivu = ctx["users"]["noivu"]
    assert insp.remedies_for(noivu, overdue=True).count() == 1
