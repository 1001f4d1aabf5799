"""Demo data: the province's 2026 reform plan, imported through the real import path.

The appendix is seed 001's (Sóc Trăng's 2022 plan) with its years moved to 2026 (2021 → 2025,
2022 → 2026) so that deadlines fall in the demo year; the targets are seed 002's that the
system can measure, and three it cannot, two of them with an actual entered by hand from a
report (the first has none yet). Some milestones get progress reports so the overview shows work done on
time, done late and overdue. Idempotent: the plan is recognised by its number and year.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from django.utils import timezone

from .data import plan_seeds

PLAN_NUMBER = "182/KH-UBND"
YEAR = 2026

# (code, name, short name): departments the appendix names, created only when missing.
DEPARTMENTS = [
    ("STP", "Sở Tư pháp", "STP"),
    ("SNV", "Sở Nội vụ", "SNV"),
    ("STC", "Sở Tài chính", "STC"),
    ("SKHCN", "Sở Khoa học và Công nghệ", "Sở KH&CN"),
    ("SYT", "Sở Y tế", "SYT"),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT"),
]

TARGETS = [
    (
        "98% số hồ sơ liên quan đến thủ tục hành chính được giải quyết đúng hạn và trước hạn.",
        98,
        ">=",
        "on_time_rate",
        "VP",
    ),
    (
        "Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà "
        "nước các cấp đạt trên 85%.",
        85,
        ">",
        "",
        "SNV",
    ),
    (
        "Trên 50% hồ sơ được tiếp nhận, giải quyết qua dịch vụ công trực tuyến.",
        50,
        ">",
        "online_share",
        "SKHCN",
    ),
    (
        "100% hồ sơ giải quyết quá hạn có văn bản xin lỗi người dân, tổ chức.",
        100,
        ">=",
        "apology_coverage",
        "VP",
    ),
]

# Seed 002's targets the system's own data cannot measure: their actuals are entered by hand
# with the document they come from. (sentence, value, comparison, unit, responsible code)
UNMEASURED_TARGETS = [
    (
        "Phấn đấu thực hiện giải ngân kế hoạch đầu tư công từ vốn ngân sách nhà nước đạt từ 90% "
        "trở lên.",
        90,
        ">=",
        "%",
        "STC",
    ),
    (
        "100% công chức cấp xã đạt chuẩn về chuyên môn nghiệp vụ.",
        100,
        ">=",
        "%",
        "SNV",
    ),
    (
        "Phấn đấu có thêm 02 đơn vị sự nghiệp công lập tự bảo đảm chi thường xuyên.",
        2,
        ">=",
        "đơn vị",
        "STC",
    ),
]
# Hand-entered actuals of the last two (the first has none yet): (target index, value, as of,
# evidence document).
ACTUALS = [
    (1, "97.5", dt.date(YEAR, 6, 30), "Báo cáo số 180/BC-SNV ngày 08/7/2026 của Sở Nội vụ"),
    (2, "3", dt.date(YEAR, 6, 30), "Báo cáo số 215/BC-STC ngày 05/7/2026 của Sở Tài chính"),
]

# The appendix predates the 2025 reorganisation: Sở Thông tin và Truyền thông merged into Sở
# Khoa học và Công nghệ, and the district level (cấp huyện) no longer exists, its tasks going to
# the communes and wards. A 2026 plan says what is true in 2026.
AS_OF_2026 = [
    ("Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ"),
    ("Ủy ban nhân dân cấp huyện", "Ủy ban nhân dân cấp xã"),
    ("UBND cấp huyện", "UBND cấp xã"),
]


def _shift(text: str) -> str:
    text = text.replace("2022", "2026").replace("2021", "2025")
    for old, new in AS_OF_2026:
        text = text.replace(old, new)
    return text


def _shift_row(row: Any) -> Any:
    changes = {}
    for f in dataclasses.fields(row):
        value = getattr(row, f.name)
        if isinstance(value, str):
            changes[f.name] = _shift(value)
        elif isinstance(value, tuple):
            changes[f.name] = tuple(_shift(v) if isinstance(v, str) else v for v in value)
    return dataclasses.replace(row, **changes)


def _say(ctx: Any, text: str) -> None:
    out = ctx.get("stdout") if hasattr(ctx, "get") else None
    if out is not None:
        out.write(f"  {text}")


def load(ctx: Any) -> None:
    from cchc.accounts.models import Role, User
    from cchc.organizations.models import Agency, AgencyKind
    from cchc.organizations.services import agency_create
    from cchc.plans import services
    from cchc.plans.models import Plan

    province = ctx.get("province") or Agency.objects.filter(parent__isnull=True).first()
    if province is None:
        _say(ctx, "kế hoạch: chưa có tỉnh mẫu, bỏ qua.")
        return
    if Plan.objects.filter(agency=province, year=YEAR, number=PLAN_NUMBER).exists():
        _say(ctx, "kế hoạch: đã có, giữ nguyên.")
        return
    from cchc.core.text import fold

    existing = {fold(a.name) for a in Agency.objects.subtree_of(province)}
    for index, (code, name, short) in enumerate(DEPARTMENTS):
        if fold(name) in existing or Agency.objects.filter(code=code).exists():
            continue
        # Dossier codes start with the electronic ID, so every agency needs a unique one.
        number = 60 + index
        while Agency.objects.filter(electronic_id=f"000.00.{number:02d}.H10").exists():
            number += 1
        agency_create(
            actor=None,
            parent=province,
            code=code,
            kind=AgencyKind.DEPARTMENT,
            name=name,
            short_name=short,
            electronic_id=f"000.00.{number:02d}.H10",
        )
    reviewer = (
        User.objects.filter(role=Role.HOME_AFFAIRS, agency__path__startswith=province.path)
        .order_by("id")
        .first()
    )
    rows = [_shift_row(r) for r in plan_seeds.seed_001_rows()]
    with tempfile.TemporaryDirectory() as tmp:
        path = plan_seeds.write_seed_docx(rows, Path(tmp) / "phu-luc-ke-hoach-2026.docx")
        with open(path, "rb") as fh:
            imp = services.plan_import_start(
                actor=reviewer,
                agency=province,
                year=YEAR,
                file=fh,
                filename=path.name,
                title=f"Kế hoạch cải cách hành chính năm {YEAR}",
                number=PLAN_NUMBER,
                decided_on=dt.date(YEAR - 1, 12, 28),
            )
    plan = services.plan_import_commit(actor=reviewer, plan_import=imp)
    plan.legal_bases = "Căn cứ Kế hoạch số 163/KH-UBND về cải cách hành chính giai đoạn 2021-2030."
    plan.save(update_fields=["legal_bases"])
    services.plan_issue(actor=reviewer, plan=plan)
    by_code = {a.code: a for a in Agency.objects.subtree_of(province)}
    by_name = {fold(a.name): a for a in by_code.values()}
    for sentence, value, comparison, indicator, code in TARGETS:
        responsible = by_code.get(code) or by_name.get(
            fold(dict((c, n) for c, n, _ in DEPARTMENTS).get(code, ""))
        )
        services.target_create(
            actor=reviewer,
            plan=plan,
            sentence=sentence,
            value=value,
            unit="%",
            comparison=comparison,
            indicator=indicator,
            responsible=[responsible] if responsible else [],
            monitoring=[by_name[fold("Sở Nội vụ")]] if fold("Sở Nội vụ") in by_name else [],
        )
    unmeasured = []
    for sentence, value, comparison, unit, code in UNMEASURED_TARGETS:
        responsible = by_code.get(code)
        unmeasured.append(
            services.target_create(
                actor=reviewer,
                plan=plan,
                sentence=sentence,
                value=value,
                unit=unit,
                comparison=comparison,
                responsible=[responsible] if responsible else [],
            )
        )
    if reviewer is not None:
        _progress(plan, reviewer)
        for index, value, as_of, document in ACTUALS:
            if as_of <= timezone.localdate():
                services.target_actual_enter(
                    actor=reviewer,
                    target=unmeasured[index],
                    value=value,
                    as_of=as_of,
                    document_ref=document,
                    note="Số liệu 6 tháng đầu năm.",
                )
    _say(ctx, f"kế hoạch: đã nhập {plan.tasks.count()} nhiệm vụ, {plan.targets.count()} chỉ tiêu.")


def _progress(plan: Any, reviewer: Any) -> None:
    """Of the milestones already due: most done on time, some late, the rest left overdue."""
    from cchc.plans import services
    from cchc.plans.models import Milestone

    today = timezone.localdate()
    due = list(
        Milestone.objects.filter(task__plan=plan, due__lt=today)
        .select_related("task", "task__plan")
        .order_by("due", "task__order", "order")
    )
    for i, m in enumerate(due):
        lead = m.task.lead_links.select_related("agency").first()
        if lead is None:
            continue
        slot = i % 7
        if slot in (0, 1, 2, 3):
            done_at = m.due - dt.timedelta(days=2 + slot)
        elif slot == 4:
            done_at = min(m.due + dt.timedelta(days=12), today)
        else:
            continue  # left overdue
        report = services.progress_report(
            actor=reviewer,
            task=m.task,
            agency=lead.agency,
            milestone=m,
            status="done",
            percent=100,
            done_at=done_at,
            note="Đã hoàn thành, có văn bản kèm theo.",
            evidence_number=f"{100 + i}/BC-{lead.agency.short_name or 'CQ'}",
            evidence_date=done_at,
        )
        if slot in (0, 1):
            services.progress_accept(actor=reviewer, report=report, comment="Đạt yêu cầu.")
    open_later = Milestone.objects.filter(task__plan=plan, due__gte=today).select_related("task")[
        :6
    ]
    for m in open_later:
        lead = m.task.lead_links.select_related("agency").first()
        if lead is None:
            continue
        services.progress_report(
            actor=reviewer,
            task=m.task,
            agency=lead.agency,
            milestone=m,
            status="in_progress",
            percent=50,
            note="Đang triển khai.",
        )
