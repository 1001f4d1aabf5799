"""Demo data of the PAR index: the provincial 2022–2030 structure (Decision 876/QĐ-BNV, areas
and maxima marked [check]) and a department/commune set in the shape of a province's decision,
and the demo year's cycle opened for the departments and communes. Idempotent: sets are
recognised by province, year and title, the cycle by its set and year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

YEAR = 2026
PROVINCIAL_TITLE = "Chỉ số CCHC cấp tỉnh giai đoạn 2022–2030 (Quyết định 876/QĐ-BNV)"
UNIT_TITLE = "Bộ tiêu chí Chỉ số CCHC các sở, ngành và UBND cấp xã"


def _say(ctx: Any, text: str) -> None:
    out = getattr(ctx, "stdout", None) if ctx is not None else None
    if out is not None:
        out.write(f"  {text}")


def load(ctx: Any = None) -> None:
    from cchc.accounts.models import Role, User
    from cchc.indices import services, standard
    from cchc.indices.models import CriteriaSet, Cycle
    from cchc.organizations.models import KIND_GROUP, Agency, AgencyKind

    province = (ctx or {}).get("province") if isinstance(ctx, dict) else None
    province = province or Agency.objects.filter(parent__isnull=True).order_by("id").first()
    if province is None:
        _say(ctx, "chỉ số CCHC: chưa có tỉnh mẫu, bỏ qua.")
        return
    sets = {}
    for title, rows, total in (
        (PROVINCIAL_TITLE, standard.PROVINCIAL_2022_2030, Decimal(100)),
        (UNIT_TITLE, standard.UNIT_SET, Decimal(100)),
    ):
        cs = CriteriaSet.objects.filter(province=province, year=YEAR, title=title).first()
        if cs is None:
            cs = services.criteria_set_create(
                actor=None,
                province=province,
                year=YEAR,
                title=title,
                source="Dữ liệu mẫu [check]",
                nodes=standard.to_nodes(rows),
                max_points=total,
            )
        sets[title] = cs
    unit_set = sets[UNIT_TITLE]
    if Cycle.objects.filter(criteria_set=unit_set, year=YEAR).exists():
        _say(ctx, "chỉ số CCHC: đã có, giữ nguyên.")
        return
    opener = (
        User.objects.filter(role=Role.HOME_AFFAIRS, agency__path__startswith=province.path)
        .order_by("id")
        .first()
    )
    if opener is None:
        _say(ctx, "chỉ số CCHC: chưa có chuyên viên Sở Nội vụ, chưa mở kỳ đánh giá.")
        return
    kinds = (AgencyKind.DEPARTMENT, AgencyKind.PPC_OFFICE, AgencyKind.COMMUNE)
    units = [
        (a, a.group or KIND_GROUP[AgencyKind(a.kind)], True)
        for a in Agency.objects.active()
        .filter(path__startswith=province.path, kind__in=kinds)
        .order_by("path")
    ]
    services.cycle_open(
        actor=opener,
        criteria_set=unit_set,
        units=units,
        self_deadline=dt.date(YEAR + 1, 1, 15),
        council=[opener],
    )
    _say(ctx, f"chỉ số CCHC: mở kỳ đánh giá năm {YEAR} cho {len(units)} cơ quan, đơn vị.")
