"""What the dossier benchmarks set up alike: the persona province, the benchmark procedures,
emptied dossier tables. Imported after ``django.setup()`` by each script."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

BENCH_PROCEDURES = [  # (time unit, amount, resolving kind): each deadline rule once
    ("days", "5", ""),
    ("days", "15", ""),
    ("days", "3", "commune"),
    ("same_day", None, "commune"),
    ("hours", "4", ""),
    ("days", "10", ""),
]


def empty_tables(*models: Any) -> None:
    """Empty the given tables (never point a benchmark at real data)."""
    from django.db import connection

    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        else:
            for table in tables:
                cur.execute(f"DELETE FROM {table}")


def province_and_procedures() -> Any:
    """The persona province (built once) and the benchmark field with its procedures."""
    from cchc.accounts.models import User
    from cchc.organizations.models import Agency
    from cchc.procedures.models import Procedure, ProcedureField, TimeUnit
    from cchc.testing.personas import build_province

    if not User.objects.filter(username="motcua").exists():
        build_province()
    field, _ = ProcedureField.objects.get_or_create(code="BENCH", defaults={"name": "Thử tải"})
    justice = Agency.objects.get(code="STP")
    for i, (unit, amount, kind) in enumerate(BENCH_PROCEDURES):
        Procedure.objects.get_or_create(
            code=f"9.{i:06d}",
            version=1,
            defaults={
                "name": f"Thủ tục thử tải {i}",
                "field": field,
                "time_unit": TimeUnit(unit),
                "time_amount": Decimal(amount) if amount else None,
                "resolving_agency": None if kind else justice,
                "resolving_agency_kind": kind,
                "online_level": "full" if i % 2 else "partial",
            },
        )
    return field
