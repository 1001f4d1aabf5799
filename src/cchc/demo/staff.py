"""Demo data of the staff and inspections apps: the one-stop officers of the demo desks, a
question bank, a training, two six-monthly test rounds with results (one officer on the
commendation list, one on the list for other work, one who has not taken the test), the year's
inspection plan (below its 30% target, so the warning shows), one concluded inspection with a
remedy overdue, and ISO 9001 systems.

Idempotent: staff are recognised by name and agency, the bank by its questions, rounds by
agency and half, the plan by year. Everything goes through the services; only the times of the
earlier round are moved into the past afterwards (a demo cannot wait six months).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from django.utils import timezone

NAMES = [
    ("Nguyễn Thị Thanh Hương", "Công chức tiếp nhận hồ sơ"),
    ("Trần Văn Phúc", "Công chức tiếp nhận hồ sơ"),
    ("Lê Thị Kim Ngân", "Viên chức trả kết quả"),
]
# Questions (topic, text, options, right letter) on the one-stop rules officers apply.
BANK = [
    (
        "Cơ chế một cửa",
        "Hồ sơ giải quyết quá hạn thì cơ quan phải làm gì?",
        [
            "Không phải làm gì",
            "Gửi văn bản xin lỗi và hẹn lại ngày trả kết quả",
            "Trả lại hồ sơ cho người dân",
            "Chỉ báo cáo lãnh đạo",
        ],
        "B",
    ),
    (
        "Cơ chế một cửa",
        "Yêu cầu bổ sung hồ sơ được thực hiện tối đa mấy lần?",
        ["Một lần", "Hai lần", "Ba lần", "Không giới hạn"],
        "A",
    ),
    (
        "Cơ chế một cửa",
        "Phiếu nào giao cho người nộp khi hồ sơ đầy đủ?",
        [
            "Phiếu từ chối",
            "Phiếu yêu cầu bổ sung",
            "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
            "Phiếu kiểm soát",
        ],
        "C",
    ),
    (
        "Cơ chế một cửa",
        "Thời hạn giải quyết tính theo loại ngày nào?",
        ["Ngày lịch", "Ngày làm việc", "Ngày lễ", "Ngày thứ Bảy"],
        "B",
    ),
    (
        "Cơ chế một cửa",
        "Ai theo dõi hồ sơ trong Sổ theo dõi hồ sơ?",
        ["Người dân", "Bộ phận tiếp nhận và trả kết quả", "Cơ quan công an", "Bưu điện"],
        "B",
    ),
    (
        "Cơ chế một cửa",
        "Hồ sơ trực tuyến toàn trình là hồ sơ:",
        [
            "Nộp trực tiếp",
            "Nộp và nhận kết quả hoàn toàn trên môi trường mạng",
            "Nộp qua bưu chính",
            "Chỉ tra cứu trực tuyến",
        ],
        "B",
    ),
    (
        "Kỹ năng giao tiếp",
        "Khi người dân bức xúc, công chức nên:",
        ["Tranh luận lại", "Lắng nghe, giải thích ôn tồn", "Từ chối tiếp", "Gọi bảo vệ ngay"],
        "B",
    ),
    (
        "Kỹ năng giao tiếp",
        "Trang phục của công chức tại Bộ phận Một cửa:",
        ["Tùy ý", "Gọn gàng, có đeo thẻ công chức", "Trang phục thể thao", "Không quy định"],
        "B",
    ),
    (
        "Kỹ năng giao tiếp",
        "Hướng dẫn thành phần hồ sơ cần:",
        [
            "Nói một phần",
            "Đầy đủ, một lần, bằng văn bản khi cần",
            "Để người dân tự tìm",
            "Hướng dẫn nhiều lần",
        ],
        "B",
    ),
    (
        "Kỹ năng giao tiếp",
        "Phản ánh, kiến nghị của người dân được tiếp nhận qua:",
        [
            "Chỉ qua thư tay",
            "Đường dây nóng, hộp thư góp ý, cổng dịch vụ công",
            "Không tiếp nhận",
            "Chỉ qua lãnh đạo",
        ],
        "B",
    ),
    (
        "Đạo đức công vụ",
        "Nhận quà biếu của người có hồ sơ đang giải quyết là:",
        ["Được phép", "Vi phạm đạo đức công vụ", "Được nếu giá trị nhỏ", "Tùy đơn vị"],
        "B",
    ),
    (
        "Đạo đức công vụ",
        "Công chức không được:",
        [
            "Hướng dẫn người dân",
            "Yêu cầu thêm giấy tờ ngoài quy định",
            "Tiếp nhận hồ sơ",
            "Trả kết quả đúng hẹn",
        ],
        "B",
    ),
]


def _say(ctx: Any, text: str) -> None:
    out = ctx.get("stdout") if hasattr(ctx, "get") else None
    if out is not None:
        out.write(f"  {text}")


def load(ctx: Any) -> None:
    from cchc.organizations.models import Agency

    province = ctx.get("province") or Agency.objects.filter(parent__isnull=True).first()
    if province is None:
        _say(ctx, "cán bộ, kiểm tra: chưa có tỉnh mẫu, bỏ qua.")
        return
    noivu = _home_affairs(ctx, province)
    if noivu is None:
        _say(ctx, "cán bộ, kiểm tra: chưa có chuyên viên Sở Nội vụ, bỏ qua.")
        return
    staff = _staff(ctx, province, noivu)
    _bank(noivu)
    _training(province, noivu, staff)
    _rounds(ctx, province, noivu)
    _inspections(province, noivu, staff)
    _say(ctx, f"cán bộ Một cửa: {len(staff)}; đợt kiểm tra, kế hoạch kiểm tra năm nay đã có.")


def _home_affairs(ctx: Any, province):
    from cchc.accounts.models import Role, User

    users = ctx.get("users") or {}
    return users.get("noivu") or (
        User.objects.filter(role=Role.HOME_AFFAIRS, agency__path__startswith=province.path)
        .order_by("pk")
        .first()
    )


def _staff(ctx: Any, province, noivu) -> list:
    from cchc.accounts.models import Role, User
    from cchc.accounts.services import user_create
    from cchc.organizations.models import Agency, AgencyKind
    from cchc.staff import services
    from cchc.staff.models import StaffMember

    desks = sorted(
        Agency.objects.filter(kind=AgencyKind.ONE_STOP_DESK, path__startswith=province.path)
        .select_related("parent")
        .order_by("path")[:5],
        # The service centre's desk first: its officers get the accounts that take the test.
        key=lambda a: (a.parent is None or a.parent.kind != AgencyKind.SERVICE_CENTRE, a.path),
    )
    password = ctx.get("password")
    made = []
    for d, desk in enumerate(desks):
        agency = desk.parent or province
        for i, (name, position) in enumerate(NAMES):
            full = name if d == 0 else f"{name.rsplit(' ', 1)[0]} {chr(65 + d)}"
            member = StaffMember.objects.filter(full_name=full, agency=agency).first()
            if member is None:
                user = None
                if d == 0 and password:  # the centre's officers take the test themselves
                    username = f"motcua{i + 1}" if i else "motcua"
                    user = User.objects.filter(username=username).first() or user_create(
                        actor=None,
                        username=username,
                        agency=agency,
                        role=Role.ONE_STOP,
                        password=password,
                        last_name=full.rsplit(" ", 1)[0],
                        first_name=full.rsplit(" ", 1)[1],
                    )
                    if StaffMember.objects.filter(user=user).exists():
                        user = None
                member = services.staff_register(
                    actor=noivu,
                    agency=agency,
                    desk=desk,
                    full_name=full,
                    position=position,
                    date_from=dt.date(2024, 1, 2),
                    user=user,
                )
            made.append(member)
    return made


def _bank(noivu) -> None:
    from openpyxl import Workbook

    from cchc.staff import services
    from cchc.staff.models import Question

    if Question.objects.filter(text=BANK[0][1]).exists():
        return
    wb = Workbook()
    ws = wb.active
    ws.append(["Chủ đề", "Câu hỏi", "A", "B", "C", "D", "Đáp án"])
    for topic, text, options, key in BANK:
        ws.append([topic, text, *options, key])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ngan-hang-cau-hoi.xlsx"
        wb.save(path)
        with path.open("rb") as f:
            imp = services.question_import_preview(actor=noivu, file=f, filename=path.name)
    services.question_import_commit(actor=noivu, imp=imp)


def _training(province, noivu, staff) -> None:
    from cchc.staff import services
    from cchc.staff.models import Course

    title = "Bồi dưỡng kỹ năng giao tiếp, ứng xử cho công chức Bộ phận Một cửa"
    if Course.objects.filter(title=title, agency=province).exists():
        return
    course = services.course_create(actor=noivu, agency=province, title=title, hours=16)
    year = timezone.localdate().year
    session = services.session_create(
        actor=noivu,
        course=course,
        date=dt.date(year, 4, 15),
        place="Hội trường Sở Nội vụ",
        trainer="ThS. Nguyễn Văn Bình, Trường Chính trị thành phố",
    )
    for n, member in enumerate(staff):
        if n % 4 != 3:  # most attended, so the share trained is below 100%
            services.attendance_set(
                actor=noivu,
                session=session,
                staff=member,
                attended=True,
                certificate_number=f"CN-{year}-{n + 1:03d}",
                certificate_date=session.date,
            )


def _rounds(ctx: Any, province, noivu) -> None:
    from cchc.staff import services
    from cchc.staff.models import Question, StaffMember, TestAttempt, TestRound

    takers = list(
        StaffMember.objects.filter(user__isnull=False, user__username__startswith="motcua")
    )
    if not takers:
        return
    agency = takers[0].agency
    today = timezone.localdate()
    half = 1 if today.month <= 6 else 2
    earlier = (today.year, 1) if half == 2 else (today.year - 1, 2)
    now = timezone.now()
    for (year, h), results in (
        (earlier, {0: True, 1: True}),
        ((today.year, half), {0: True, 1: False}),  # the third has not taken it yet
    ):
        if TestRound.objects.filter(agency=agency, year=year, half=h).exists():
            continue
        rnd = services.round_create(
            actor=noivu,
            agency=agency,
            year=year,
            half=h,
            opens_at=now - dt.timedelta(hours=1),
            closes_at=now + dt.timedelta(days=14),
            question_count=8,
            pass_mark=70,
        )
        for i, right in results.items():
            member = takers[i] if i < len(takers) else None
            if member is None:
                continue
            attempt = services.attempt_start(actor=member.user, round=rnd, seed=1000 + i)
            for qid in attempt.question_ids:
                key = Question.objects.get(pk=qid).answer
                services.attempt_answer(
                    actor=member.user,
                    attempt=attempt,
                    question_id=qid,
                    choice=key if right else (key + 1) % 4,
                )
            services.attempt_submit(actor=member.user, attempt=attempt)
        if (year, h) == earlier:
            # Backdate the earlier round (a demo cannot wait six months).
            start = timezone.make_aware(dt.datetime(year, 6 if h == 1 else 12, 10, 8, 0))
            TestRound.objects.filter(pk=rnd.pk).update(
                opens_at=start, closes_at=start + dt.timedelta(days=7)
            )
            TestAttempt.objects.filter(round=rnd).update(
                started_at=start + dt.timedelta(hours=1),
                deadline_at=start + dt.timedelta(hours=1, minutes=30),
                submitted_at=start + dt.timedelta(hours=1, minutes=20),
            )


def _inspections(province, noivu, staff) -> None:
    from cchc.inspections import services
    from cchc.inspections.checklists import ensure_defaults
    from cchc.inspections.models import Checklist, InspectionPlan
    from cchc.organizations.models import Agency

    year = timezone.localdate().year
    if InspectionPlan.objects.filter(agency=province, year=year).exists():
        return
    ensure_defaults()
    plan = services.plan_create(actor=noivu, agency=province, year=year, number="15/KH-SNV")
    units = list(
        Agency.objects.filter(path__startswith=province.path, group="departments").order_by(
            "sort_order", "pk"
        )[:3]
    )
    communes = [m.agency for m in staff[3::3]][:2]
    checklists = list(Checklist.objects.filter(area__in=("procedures", "civil_service")))
    inspections = []
    for n, unit in enumerate(units + communes):
        day = dt.date(year, 3 + n, 10)
        inspections.append(
            services.inspection_schedule(
                actor=noivu,
                plan=plan,
                agency=unit,
                date_from=day,
                date_to=day + dt.timedelta(days=1),
                lead=noivu,
                checklists=checklists,
            )
        )
    target = inspections[-1] if communes else inspections[0]
    for checklist in checklists:
        for k, item in enumerate(checklist.items.all()):
            services.checklist_record(
                actor=noivu, inspection=target, item=item, result="met" if k else "partly"
            )
    member = next((m for m in staff if m.agency_id == target.agency_id), None)
    finding = services.finding_add(
        actor=noivu,
        inspection=target,
        area="procedures",
        severity="moderate",
        text="Còn hồ sơ trễ hẹn chưa có văn bản xin lỗi người dân",
        staff=member,
    )
    services.remedy_add(
        actor=noivu,
        finding=finding,
        text="Gửi văn bản xin lỗi đối với 100% hồ sơ trễ hẹn; báo cáo kết quả về Sở Nội vụ",
        owner=target.agency,
        working_days=10,
    )
    services.inspection_conclude(
        actor=noivu,
        inspection=target,
        concluded_on=target.date_to,
        number="21/TB-SNV",
        summary=f"{target.agency.name} thực hiện tương đối tốt công tác cải cách hành chính.",
    )
    for code in ("SNV", "TTPVHCC"):
        agency = Agency.objects.filter(code=code, path__startswith=province.path).first()
        if agency is not None:
            services.quality_system_set(
                actor=noivu,
                agency=agency,
                announced_on=dt.date(2023, 5, 10),
                announcement_number="45/QĐ-" + code,
            )
