from __future__ import annotations

from decimal import Decimal

import pytest

from cchc.procedures import services
from cchc.procedures.models import ProcedureStatus


@pytest.fixture
def make_procedure(db):
    """``make_procedure(code, name, ...)`` through the service, in force by default."""

    def make(code="1.001193", name="Đăng ký khai sinh", field="Hộ tịch", **kw):
        kw.setdefault("levels", ["commune"])
        kw.setdefault("time_amount", Decimal(3))
        kw.setdefault("status", ProcedureStatus.ACTIVE)
        kw.setdefault("documents", [services.DocumentSpec("Tờ khai đăng ký khai sinh")])
        kw.setdefault(
            "steps",
            [
                services.StepSpec("Tiếp nhận", "0.5", owner_role="one_stop"),
                services.StepSpec("Xử lý", 2, owner_role="processing"),
            ],
        )
        return services.procedure_create(
            actor=None,
            code=code,
            name=name,
            field=services.field_get_or_create(name=field),
            **kw,
        )

    return make
