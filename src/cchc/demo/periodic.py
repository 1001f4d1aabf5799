"""Demo periodic reports: the province's report kinds (quarter, six months, year) with the
departments as reporting agencies, the current periods and a few submitted and accepted
agency reports. Idempotent: a second run changes nothing."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from cchc.organizations.models import Agency, AgencyKind
from cchc.periodic import services as periodic
from cchc.periodic.models import (
    AgencyReport,
    PeriodType,
    ReportKind,
    ReportSectionTemplate,
    ReportStatus,
)

# Seed 003's outline: Roman parts, numbered reform areas, the tables each one carries.
SECTIONS = [
    (1, "direction", "Công tác chỉ đạo, điều hành cải cách hành chính", "direction",
     ["reporting", "plans", "par_index", "inspections"], True),
    (1, "results", "Kết quả thực hiện công tác cải cách hành chính", "", [], False),
    (2, "institutions", "Cải cách thể chế", "institutions", [], True),
    (2, "procedures", "Cải cách thủ tục hành chính", "procedures", ["procedures", "dossiers"], True),
    (2, "apparatus", "Cải cách tổ chức bộ máy hành chính nhà nước", "apparatus", [], True),
    (2, "civil_service", "Cải cách chế độ công vụ", "civil_service", ["staff"], True),
    (2, "public_finance", "Cải cách tài chính công", "public_finance", [], True),
    (2, "digital", "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số", "digital_government",
     [], True),
    (1, "assessment", "Đánh giá chung", "", [], True),
    (1, "next", "Phương hướng, nhiệm vụ kỳ tới", "", [], True),
]  # fmt: skip

KINDS = [
    ("CCHC-6T", "Báo cáo CCHC 6 tháng", PeriodType.HALF_YEAR),
    ("CCHC-QUY", "Báo cáo CCHC quý", PeriodType.QUARTER),
    ("CCHC-NAM", "Báo cáo CCHC năm", PeriodType.YEAR),
]

RECIPIENTS = """Bộ Nội vụ (Vụ Cải cách hành chính);
TT. Thành ủy, TT. HĐND thành phố;
CT, các PCT UBND thành phố;
Sở Nội vụ;
Lưu: VT, NC."""

TEXTS = {
    "direction": "Ban hành kế hoạch cải cách hành chính năm và phân công cụ thể từng nhiệm vụ "
    "cho các phòng, đơn vị trực thuộc; tổ chức kiểm tra việc thực hiện.",
    "institutions": "Rà soát thường xuyên các văn bản quy phạm pháp luật thuộc lĩnh vực quản "
    "lý; kiến nghị sửa đổi, bổ sung các quy định không còn phù hợp.",
    "procedures": "Công bố, công khai đầy đủ thủ tục hành chính tại Trung tâm Phục vụ hành "
    "chính công và trên Cổng dịch vụ công; không phát sinh phản ánh, kiến nghị.",
    "apparatus": "Kiện toàn tổ chức bộ máy theo quy định mới; rà soát chức năng, nhiệm vụ của "
    "các phòng chuyên môn.",
    "civil_service": "Thực hiện nghiêm kỷ luật, kỷ cương hành chính; cử công chức tham gia các "
    "lớp bồi dưỡng chuyên môn, nghiệp vụ.",
    "public_finance": "Thực hiện cơ chế tự chủ, tự chịu trách nhiệm về sử dụng biên chế và "
    "kinh phí quản lý hành chính.",
    "digital": "100% văn bản trao đổi giữa các cơ quan được gửi dưới dạng điện tử; duy trì hệ "
    "thống quản lý chất lượng theo TCVN ISO 9001:2015.",
    "assessment": "Công tác cải cách hành chính có nhiều chuyển biến tích cực; một số hồ sơ "
    "còn giải quyết quá hạn do phải lấy ý kiến nhiều cơ quan.",
    "next": "Tiếp tục đẩy mạnh cung cấp dịch vụ công trực tuyến toàn trình; nâng cao tỷ lệ "
    "hồ sơ giải quyết đúng hạn.",
}


def load(ctx) -> None:
    province = ctx.get("province") or Agency.objects.filter(parent__isnull=True).first()
    if province is None:
        return
    users = ctx.get("users") or {}
    actor = users.get("admin")
    today = timezone.localdate()
    departments = list(
        Agency.objects.subtree_of(province).active().filter(kind=AgencyKind.DEPARTMENT)
    )
    made = 0
    for code, name, period_type in KINDS:
        kind, created = ReportKind.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "period_type": period_type,
                "province": province,
                "agency_kinds": [AgencyKind.DEPARTMENT.value],
                # Data cut-off of Decree 09/2019/NĐ-CP Art. 12 (15th of the month before the
                # period to the 14th of its last month) and the day departments send theirs.
                "cutoff_day": 14,
                "due_day": 15,
                "due_month_offset": 0,
                "signing_capacity": "TM. ỦY BAN NHÂN DÂN",
                "signer_title": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
                "signer_name": "Nguyễn Văn Hòa",
                "recipients": RECIPIENTS,
                "closing": "Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính "
                "{period} của {issuer}./.",
            },
        )
        if created:
            for order, (level, scode, title, area, tables, narrative) in enumerate(SECTIONS, 1):
                ReportSectionTemplate.objects.create(
                    kind=kind,
                    order=order,
                    level=level,
                    code=scode,
                    title=title,
                    area=area,
                    tables=tables,
                    narrative=narrative,
                )
        year, number = periodic.period_for_date(period_type, today)
        periods = [periodic.period_open(kind=kind, year=year, number=number, actor=None)]
        if period_type == PeriodType.HALF_YEAR and number == 2:
            periods.insert(0, periodic.period_open(kind=kind, year=year, number=1, actor=None))
        if actor is None:
            continue
        for i, period in enumerate(periods):
            past = period.end < today
            # A past period: most departments reported and were accepted; the current one:
            # a couple have sent theirs so far.
            share = departments[: max(len(departments) - 1, 1)] if past else departments[:2]
            for j, agency in enumerate(share):
                if AgencyReport.objects.filter(period=period, agency=agency).exists():
                    continue
                report = periodic.agency_report_start(period=period, agency=agency, actor=actor)
                for section in report.sections.select_related("template"):
                    if section.template.narrative:
                        periodic.section_save(
                            section=section,
                            text=f"{TEXTS.get(section.template.code, '')}",
                            actor=actor,
                        )
                report = periodic.report_submit(report=report, actor=actor)
                if past:  # history: these were sent before the due date
                    sent = timezone.make_aware(
                        datetime.combine(period.due_date - timedelta(days=2 + j), time(9))
                    )
                    AgencyReport.objects.filter(pk=report.pk).update(
                        submitted_at=sent, first_submitted_at=sent, on_time=True
                    )
                    report.refresh_from_db()
                if past or j == 0:
                    periodic.report_accept(report=report, actor=actor, comment="")
                made += 1
            if i == 0 and past and not period.doc_number:
                periodic.period_set_issue(
                    period=period, doc_number="05", doc_date=period.due_date, actor=actor
                )
    accepted = AgencyReport.objects.filter(status=ReportStatus.ACCEPTED).count()
    ctx.stdout.write(f"  báo cáo định kỳ: {made} báo cáo mới, {accepted} đã tiếp nhận")
