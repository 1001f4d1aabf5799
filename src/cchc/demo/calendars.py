"""Demo data: the national calendar with the 2023–2026 overrides (idempotent)."""

from __future__ import annotations

from cchc.calendars.services import calendar_seed_national


def load(ctx) -> None:
    cal = calendar_seed_national()
    ctx["calendar"] = cal
    out = getattr(ctx, "stdout", None) or ctx.get("stdout")
    if out is not None:
        out.write(f"  lịch {cal.code}: {cal.overrides.count()} ngày điều chỉnh")
