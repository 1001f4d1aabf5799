from __future__ import annotations

from cchc.demo import calendars as calendars_demo
from cchc.demo import procedures as demo
from cchc.procedures import services
from cchc.procedures.models import Procedure, ProcedureStatus, PublicationDecision


def test_demo_catalogue_is_realistic_and_idempotent(province):
    ctx = {"agencies": {"STP": province.justice, "SXD": province.construction}}
    calendars_demo.load(ctx)
    demo.load(ctx)
    current = Procedure.objects.filter(is_current=True)
    assert 55 <= current.count() <= 70
    assert current.filter(levels__icontains='"commune"', resolving_agency_kind="commune").exists()
    assert current.filter(resolving_agency=province.justice).count() >= 4
    assert current.filter(resolving_agency=province.construction).count() >= 3
    assert current.values("field").distinct().count() >= 10
    assert {"days", "hours", "same_day"} <= set(current.values_list("time_unit", flat=True))
    for p in current.prefetch_related("steps"):
        assert p.steps.count() >= 3
        services.validate_steps(
            time_amount=p.time_amount,
            time_unit=p.time_unit,
            steps=[services.StepSpec(s.name, s.allowance, s.allowance_unit) for s in p.steps.all()],
        )
    assert Procedure.objects.get(code="1.004227", is_current=True).version == 2
    assert Procedure.objects.get(code="1.002252").status == ProcedureStatus.ABOLISHED
    before = (Procedure.objects.count(), PublicationDecision.objects.count())
    demo.load(ctx)
    assert (Procedure.objects.count(), PublicationDecision.objects.count()) == before


def test_demo_without_agencies_falls_back_to_names_or_kinds(province):
    demo.load({})
    stp = Procedure.objects.get(code="2.000488")
    assert stp.resolving_agency == province.justice  # found by name
    thue = Procedure.objects.get(code="1.000459")  # Sở Nội vụ labour procedures
    assert thue.resolving_agency == province.home_affairs
    other = Procedure.objects.get(code="1.003959")  # Sở Y tế is not in the personas
    assert other.resolving_agency is None and other.resolving_agency_kind == "department"
