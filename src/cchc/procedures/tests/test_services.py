from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cchc.core.audit import history_for
from cchc.core.errors import Conflict, DomainError, Forbidden
from cchc.procedures import services
from cchc.procedures.models import (
    Procedure,
    ProcedureStatus,
    PublicationItem,
    TimeUnit,
)
from cchc.procedures.services import PublicationChange, StepSpec


def test_create_records_audit_and_search_text(province, make_procedure):
    p = make_procedure(name="Đăng ký khai sinh", resolving_agency=province.justice)
    assert p.version == 1 and p.is_current
    assert "dang ky khai sinh" in p.search_text and "so tu phap" in p.search_text
    assert history_for(p).first().action == "create"
    assert [s.code for s in p.steps.all()] == ["B1", "B2"]


def test_duplicate_code_and_bad_data_are_refused(make_procedure):
    make_procedure()
    with pytest.raises(Conflict):
        make_procedure()
    with pytest.raises(DomainError, match="Cấp thực hiện"):
        make_procedure(code="1.000001", levels=["planet"])
    with pytest.raises(DomainError, match="lớn hơn 0"):
        make_procedure(code="1.000002", time_amount=0, steps=[])
    assert Procedure.objects.count() == 1


@pytest.mark.parametrize(
    "amount, unit, steps, ok",
    [
        (3, TimeUnit.WORKING_DAYS, [("a", "0.5", "days"), ("b", "2.5", "days")], True),
        (3, TimeUnit.WORKING_DAYS, [("a", "0.5", "days"), ("b", 3, "days")], False),
        (1, TimeUnit.WORKING_DAYS, [("a", 4, "hours"), ("b", 4, "hours")], True),
        (1, TimeUnit.WORKING_DAYS, [("a", 4, "hours"), ("b", 5, "hours")], False),
        (4, TimeUnit.WORKING_HOURS, [("a", 1, "hours"), ("b", 3, "hours")], True),
        (4, TimeUnit.WORKING_HOURS, [("a", "0.5", "days"), ("b", 1, "hours")], False),
        (None, TimeUnit.SAME_DAY, [("a", 2, "hours"), ("b", 6, "hours")], True),
        (None, TimeUnit.SAME_DAY, [("a", 1, "days"), ("b", 1, "hours")], False),
        (None, TimeUnit.UNSPECIFIED, [("a", 100, "days")], True),
    ],
)
def test_step_allowances_must_fit_the_statutory_time(amount, unit, steps, ok):
    specs = [StepSpec(n, a, u) for n, a, u in steps]
    amount = None if amount is None else Decimal(amount)
    if ok:
        services.validate_steps(time_amount=amount, time_unit=unit, steps=specs)
    else:
        with pytest.raises(DomainError, match="vượt quá"):
            services.validate_steps(time_amount=amount, time_unit=unit, steps=specs)


def test_negative_step_is_refused():
    with pytest.raises(DomainError, match="âm"):
        services.validate_steps(time_amount=Decimal(3), time_unit="days", steps=[StepSpec("a", -1)])


def test_draft_is_edited_in_place(make_procedure):
    p = make_procedure(status=ProcedureStatus.DRAFT)
    same = services.procedure_update(actor=None, procedure=p, name="Đăng ký khai sinh lưu động")
    assert same.pk == p.pk and same.version == 1
    assert Procedure.objects.count() == 1
    assert "luu dong" in same.search_text


def test_update_of_a_procedure_in_force_makes_a_version(province, make_procedure):
    p = make_procedure(valid_from=dt.date(2025, 7, 1))
    new = services.procedure_update(
        actor=province.noivu,
        procedure=p,
        time_amount=Decimal(2),
        steps=[StepSpec("Tiếp nhận", "0.5"), StepSpec("Xử lý", "1.5")],
        effective_date=dt.date(2026, 1, 1),
        reason="QĐ sửa đổi",
    )
    old = Procedure.objects.get(pk=p.pk)
    assert (new.version, new.is_current, new.status) == (2, True, ProcedureStatus.ACTIVE)
    assert new.valid_from == dt.date(2026, 1, 1)
    assert (old.is_current, old.status, old.valid_to) == (
        False,
        ProcedureStatus.SUPERSEDED,
        dt.date(2025, 12, 31),
    )
    # the old version keeps its steps and documents; the new one got its own
    assert [s.allowance for s in old.steps.all()] == [Decimal("0.5"), Decimal(2)]
    assert [s.allowance for s in new.steps.all()] == [Decimal("0.5"), Decimal("1.5")]
    assert new.documents.count() == old.documents.count() == 1
    assert history_for(new).first().changes["time_amount"] == ["3", "2"]
    # no change → no new version
    again = services.procedure_update(actor=None, procedure=new, time_amount=Decimal(2))
    assert again.pk == new.pk
    # only the current version can be changed
    with pytest.raises(Conflict):
        services.procedure_update(actor=None, procedure=old, name="x")


def test_update_that_breaks_steps_writes_nothing(make_procedure):
    p = make_procedure()
    with pytest.raises(DomainError, match="vượt quá"):
        services.procedure_update(actor=None, procedure=p, time_amount=Decimal(1))
    assert Procedure.objects.count() == 1
    assert Procedure.objects.get().is_current


def test_only_administrators_write(province, make_procedure):
    p = make_procedure()
    for user in (province.daumoi, province.motcua_xa, province.lanhdao):
        with pytest.raises(Forbidden):
            services.procedure_update(actor=user, procedure=p, name="x")
        with pytest.raises(Forbidden):
            services.publication_decision_record(
                actor=user,
                number="1/QĐ",
                date=dt.date(2026, 1, 1),
                items=[PublicationChange(p, "abolished")],
            )


def test_publication_decision_new_amended_abolished(province, make_procedure):
    draft = make_procedure(code="1.000001", name="Thủ tục mới", status=ProcedureStatus.DRAFT)
    amended = make_procedure(code="1.000002", name="Thủ tục sửa", valid_from=dt.date(2025, 1, 1))
    gone = make_procedure(code="1.000003", name="Thủ tục bỏ", valid_from=dt.date(2025, 1, 1))
    decision = services.publication_decision_record(
        actor=province.noivu,
        number="125/QĐ-UBND",
        date=dt.date(2026, 3, 1),
        signer="Chủ tịch",
        items=[
            PublicationChange(draft, "new", dt.date(2026, 3, 15)),
            PublicationChange(amended, "amended", None, {"fees_text": "Không"}),
            PublicationChange(gone, "abolished", dt.date(2026, 4, 1)),
        ],
    )
    draft.refresh_from_db()
    gone.refresh_from_db()
    assert (draft.status, draft.valid_from) == (ProcedureStatus.ACTIVE, dt.date(2026, 3, 15))
    assert (gone.status, gone.valid_to) == (ProcedureStatus.ABOLISHED, dt.date(2026, 3, 31))
    new_amended = Procedure.objects.get(code="1.000002", is_current=True)
    assert new_amended.version == 2 and new_amended.valid_from == dt.date(2026, 3, 1)
    items = {i.procedure.code: i for i in PublicationItem.objects.filter(decision=decision)}
    assert items["1.000002"].procedure == new_amended
    assert items["1.000003"].change == "abolished"
    # abolished cannot be abolished nor edited again; the same number cannot be recorded twice
    with pytest.raises(Conflict):
        services.procedure_update(actor=None, procedure=gone, name="x")
    with pytest.raises(Conflict):
        services.publication_decision_record(
            actor=None,
            number="125/QĐ-UBND",
            date=dt.date(2026, 5, 1),
            items=[PublicationChange(new_amended, "abolished")],
        )


def test_failed_decision_writes_nothing(make_procedure):
    p = make_procedure(status=ProcedureStatus.DRAFT)
    with pytest.raises(Conflict):
        services.publication_decision_record(
            actor=None,
            number="9/QĐ",
            date=dt.date(2026, 1, 1),
            items=[
                PublicationChange(p, "new"),
                PublicationChange(make_procedure(code="1.000009", status="draft"), "abolished"),
            ],
        )
    p.refresh_from_db()
    assert p.status == ProcedureStatus.DRAFT
    assert not PublicationItem.objects.exists()


def test_supplement_rule_other_than_pause_needs_its_source(db):
    """DOMAIN 5: pause is the default; restart (or a second request allowed) only with the
    source that says so, and the procedure page states the rule."""
    from cchc.core.errors import DomainError
    from cchc.procedures import services as ps

    field = ps.field_get_or_create(name="Đất đai")
    p = ps.procedure_create(
        actor=None,
        code="9.000001",
        name="Đăng ký biến động đất đai",
        field=field,
        levels=["province"],
        time_amount=10,
        time_unit="days",
    )
    assert p.supplement_rule == "pause" and "tính tiếp" in p.supplement_rule_text
    with pytest.raises(DomainError, match="căn cứ"):
        ps.procedure_update(actor=None, procedure=p, supplement_rule="restart")
    p = ps.procedure_update(
        actor=None,
        procedure=p,
        supplement_rule="restart",
        supplement_rule_source="Điều 22 Nghị định X (ví dụ)",
    )
    assert p.supplement_rule == "restart"
    assert "tính lại từ đầu" in p.supplement_rule_text
    assert "Điều 22 Nghị định X" in p.supplement_rule_text
