"""Demo data for citizen voice: a few feedback cases (one published on "Dân hỏi – Chính quyền
trả lời"), ratings of returned dossiers, and a SIPAS survey of this year and last year with
answers. Idempotent: each part is skipped when its rows exist. Random choices use fixed seeds,
so every demo shows the same figures."""

from __future__ import annotations

import random
from typing import Any

from django.utils import timezone

DEMO_TITLE = "Đề nghị niêm yết phí, lệ phí rõ hơn tại Bộ phận Một cửa"


def load(ctx: Any) -> None:
    users = ctx.get("users") or {}
    noivu = users.get("noivu")
    if noivu is None or noivu.agency is None:
        ctx.stdout.write("  tiếng nói người dân: chưa có tài khoản noivu, bỏ qua")
        return
    _feedback(ctx, noivu)
    _ratings(ctx)
    _surveys(ctx, noivu)
    _link_targets(ctx, noivu)
    _report_sections(ctx)


def _feedback(ctx: Any, noivu: Any) -> None:
    from cchc.feedback import services
    from cchc.feedback.models import Feedback

    if Feedback.objects.filter(title=DEMO_TITLE).exists():
        ctx.stdout.write("  phản ánh, kiến nghị: đã có dữ liệu, bỏ qua")
        return
    province = noivu.agency.province
    cases = [
        (
            "kien_nghi",
            DEMO_TITLE,
            "Tôi đến nộp hồ sơ nhưng không thấy bảng niêm yết mức lệ phí; đề nghị niêm yết rõ.",
            ("Nguyễn Thị Lan", "0903111222", "15 Trần Hưng Đạo, phường Ninh Kiều"),
        ),
        (
            "phan_anh",
            "Phản ánh thời gian chờ cấp phiếu lý lịch tư pháp",
            "Hồ sơ của tôi trễ hẹn hai ngày mà chưa nhận được thư xin lỗi.",
            ("Trần Văn Hùng", "0918222333", "7 Mậu Thân, phường An Hòa"),
        ),
        (
            "phan_anh",
            "Đường dây nóng không có người nghe máy",
            "Tôi gọi đường dây nóng nhiều lần vào giờ hành chính nhưng không ai nghe.",
            ("Lê Thị Thu", "0939333444", "22 Nguyễn Văn Cừ, phường Cái Khế"),
        ),
    ]
    made = []
    for kind, title, content, (name, phone, address) in cases:
        made.append(
            services.feedback_receive(
                kind=kind,
                title=title,
                content=content,
                sender=services.Sender(name=name, phone=phone, address=address),
                channel="web",
                agency=province,
            )
        )
    first = services.feedback_classify(actor=noivu, feedback=made[0])
    first = services.feedback_answer(
        actor=noivu,
        feedback=first,
        answer="Trung tâm Phục vụ hành chính công đã niêm yết bảng phí, lệ phí của từng thủ tục "
        "tại các quầy và trên Cổng dịch vụ công từ ngày tiếp nhận kiến nghị. Xin cảm ơn ý kiến "
        "của Bà.",
    )
    services.feedback_publish(
        actor=noivu,
        feedback=first,
        public_question="Đề nghị niêm yết rõ mức phí, lệ phí tại Bộ phận Một cửa.",
    )
    services.feedback_classify(actor=noivu, feedback=made[1])
    ctx.stdout.write(f"  {len(made)} phản ánh, kiến nghị (1 đã công khai)")


def _ratings(ctx: Any, limit: int = 240) -> None:
    from cchc.core.errors import DomainError
    from cchc.dossiers.models import Dossier, Status
    from cchc.evaluations import services
    from cchc.evaluations.models import EvaluationIndicator, Rating

    if Rating.objects.exists():
        ctx.stdout.write("  đánh giá hồ sơ: đã có dữ liệu, bỏ qua")
        return
    rng = random.Random(2026)
    codes = [i.code for i in EvaluationIndicator.objects.filter(active=True)]
    dossiers = list(Dossier.objects.filter(status=Status.RETURNED).order_by("-returned_at")[:limit])
    made = 0
    for d in dossiers:
        roll = rng.random()
        level = "very_satisfied" if roll < 0.55 else "satisfied" if roll < 0.93 else "unsatisfied"
        base = {"very_satisfied": 2, "satisfied": 1, "unsatisfied": 0}[level]
        scores = (
            {c: max(0, min(2, base + rng.choice([0, 0, 1, -1]))) for c in codes}
            if rng.random() < 0.5
            else None
        )
        try:
            services.rating_submit(
                dossier=d,
                level=level,
                channel=rng.choice(["kiosk", "online"]),
                scores=scores,
                reason="Phải đi lại nhiều lần để bổ sung giấy tờ."
                if level == "unsatisfied"
                else "",
            )
        except DomainError as exc:  # a generated phone the feedback form would not accept
            ctx.stdout.write(f"  bỏ qua đánh giá hồ sơ {d.code}: {exc.message}")
            continue
        made += 1
    ctx.stdout.write(f"  {made} đánh giá hồ sơ")


def _surveys(ctx: Any, noivu: Any) -> None:
    from cchc.surveys import services
    from cchc.surveys.models import Question, Respondent, Survey

    year = timezone.localdate().year
    if Survey.objects.filter(code=f"SIPAS-{year}").exists():
        ctx.stdout.write("  khảo sát SIPAS: đã có dữ liệu, bỏ qua")
        return
    province = noivu.agency.province
    today = timezone.localdate()
    rng = random.Random(88)
    previous = services.survey_create_sipas(actor=noivu, year=year - 1, province=province)
    current = services.survey_create_sipas(
        actor=noivu,
        year=year,
        province=province,
        period_from=today.replace(year=today.year - 1),
        period_to=today,
    )

    def answers(survey: Survey, p_satisfied: float) -> dict[int, int]:
        return {
            q.pk: (rng.choice([4, 5]) if rng.random() < p_satisfied else rng.choice([1, 2, 3]))
            for q in Question.objects.filter(element__survey=survey)
        }

    # Last year: paper forms only, a little lower.
    services.survey_set_status(actor=noivu, survey=previous, status="open")
    from cchc.organizations.models import Agency

    units = list(
        Agency.objects.filter(path__startswith=province.path, kind__in=["department", "commune"])[
            :12
        ]
    )
    for unit in units:
        for _ in range(6):
            services.response_submit(
                survey=previous,
                answers=answers(previous, 0.82),
                channel="paper",
                agency=unit,
                actor=noivu,
            )
    services.survey_set_status(actor=noivu, survey=previous, status="closed", published=True)
    # This year: a drawn sample; two thirds answer on the link, a few units lag behind.
    from cchc.core.errors import DomainError

    try:
        sample = services.sample_draw(actor=noivu, survey=current, seed=2026)
    except DomainError as exc:  # no dossier in the period: said, not hidden
        ctx.stdout.write(f"  khảo sát SIPAS {year}: {exc.message}")
        return
    respondents = list(Respondent.objects.filter(sample=sample).select_related("agency"))
    weak = {r.agency_id for r in respondents[:: max(1, len(respondents) // 4)]}
    answered = 0
    for r in respondents:
        if rng.random() > 0.66:
            continue
        services.response_submit(
            survey=current,
            answers=answers(current, 0.7 if r.agency_id in weak else 0.93),
            channel="link",
            respondent=r,
        )
        answered += 1
    services.survey_set_status(actor=noivu, survey=current, status="open", published=True)
    ctx.stdout.write(
        f"  khảo sát SIPAS {year}: mẫu {sample.size}/{sample.population}, {answered} phiếu; "
        f"SIPAS {year - 1}: {len(units) * 6} phiếu giấy"
    )


def _link_targets(ctx: Any, actor: Any) -> None:
    """The demo plan's "mức độ hài lòng … đạt trên 85%" target (seed 002) is measured by the
    SIPAS index, so the plan page shows actual against target."""
    from cchc.core import audit
    from cchc.plans.models import Target

    for target in Target.objects.filter(indicator="", sentence__icontains="hài lòng"):
        Target.objects.filter(pk=target.pk).update(indicator="sipas")
        audit.record(
            actor=actor, obj=target, action="target.indicator", changes={"indicator": ["", "sipas"]}
        )
        ctx.stdout.write(f"  chỉ tiêu «{target.sentence[:40]}…» đo bằng chỉ số SIPAS")


def _report_sections(ctx: Any) -> None:
    """The demo report kinds' "Cải cách thủ tục hành chính" section carries the feedback,
    rating and SIPAS figures (seed 003 reports them there)."""
    from cchc.periodic.models import ReportSectionTemplate

    for section in ReportSectionTemplate.objects.filter(code="procedures"):
        missing = [c for c in ("feedback", "ratings", "sipas") if c not in section.tables]
        if missing:
            section.tables = [*section.tables, *missing]
            section.save(update_fields=["tables"])
            ctx.stdout.write(f"  báo cáo {section.kind.code}: thêm bảng {', '.join(missing)}")
