"""The conclusion notice (Thông báo kết luận kiểm tra) in the official format of Decree
30/2020/NĐ-CP, built with ``cchc.core.officialdoc`` like every other paper CCHC prints."""

from __future__ import annotations

from django.utils import timezone

from cchc.core.officialdoc import OfficialDocument
from cchc.dossiers.documents.forms import place_of

from .models import CheckResult, Inspection


def conclusion_notice(inspection: Inspection) -> bytes:
    plan = inspection.plan
    issuer = plan.agency
    province = issuer.province
    day = inspection.concluded_on or timezone.localdate()
    doc = OfficialDocument(
        parent_agency=province.name.upper().replace("ỦY BAN NHÂN DÂN", "UBND"),
        agency=issuer.name,
        number=inspection.conclusion_number or "     /TB-" + (issuer.short_name or ""),
        place=place_of(province),
        date=day,
        kind="Thông báo",
        summary=(f"Kết luận kiểm tra công tác cải cách hành chính tại {inspection.agency.name}"),
    )
    team = [inspection.lead.get_full_name()] if inspection.lead else []
    team += [m.get_full_name() for m in inspection.members.all()]
    doc.paragraph(
        f"Thực hiện {plan.title}"
        + (f" (số {plan.number})" if plan.number else "")
        + f", từ ngày {inspection.date_from:%d/%m/%Y} đến ngày {inspection.date_to:%d/%m/%Y}, "
        f"Đoàn kiểm tra của {issuer.name} đã tiến hành {inspection.get_kind_display().lower()} "
        f"tại {inspection.agency.name}." + (f" Thành phần Đoàn: {', '.join(team)}." if team else "")
    )
    doc.paragraph(f"{issuer.name} thông báo kết luận kiểm tra như sau:")
    doc.heading("Kết quả kiểm tra")
    if inspection.conclusion_summary:
        doc.paragraph(inspection.conclusion_summary)
    results = list(
        inspection.results.select_related("item__checklist").order_by(
            "item__checklist__area", "item__order"
        )
    )
    if results:
        labels = dict(CheckResult.choices)
        doc.table(
            [
                [i, r.item.checklist.get_area_display(), r.item.text, str(labels[r.result]), r.note]
                for i, r in enumerate(results, 1)
            ],
            header=["TT", "Lĩnh vực", "Nội dung kiểm tra", "Kết quả", "Ghi chú"],
        )
    findings = list(inspection.findings.prefetch_related("remedies__owner"))
    doc.heading("Tồn tại, hạn chế")
    if not findings:
        doc.paragraph("Không phát hiện tồn tại, hạn chế.")
    for f in findings:
        prefix = "Tồn tại năm trước: " if f.follows_id else ""
        state = ""
        if f.follows_id and f.resolved is not None:
            state = " (đã khắc phục)" if f.resolved else " (chưa khắc phục)"
        doc.paragraph(
            f"- {prefix}{f.text} [{f.get_area_display()}; mức độ: {f.get_severity_display().lower()}]"
            + state
        )
    doc.heading("Yêu cầu khắc phục")
    remedies = [r for f in findings for r in f.remedies.all()]
    if remedies:
        doc.table(
            [
                [
                    i,
                    r.text,
                    r.owner.name + (f" ({r.owner_person})" if r.owner_person else ""),
                    r.due_date,
                ]
                for i, r in enumerate(remedies, 1)
            ],
            header=["TT", "Biện pháp khắc phục", "Đơn vị chịu trách nhiệm", "Hạn hoàn thành"],
        )
        doc.paragraph(
            f"Đề nghị {inspection.agency.name} tổ chức khắc phục và báo cáo kết quả về "
            f"{issuer.name} đúng thời hạn trên (thời hạn tính theo ngày làm việc)."
        )
    else:
        doc.paragraph("Không có yêu cầu khắc phục.")
    doc.signature(authority="TM. ĐOÀN KIỂM TRA", title="TRƯỞNG ĐOÀN", name=team[0] if team else "")
    doc.recipients([f"{inspection.agency.name};", "UBND tỉnh (để báo cáo);", "Lưu: VT, CCHC."])
    return doc.to_bytes()
