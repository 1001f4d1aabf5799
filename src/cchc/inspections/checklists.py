"""The starting checklists, one per reform area. The data migration 0002 writes a frozen copy
(migrations never import app code); ``ensure_defaults`` puts them back where a database was
emptied (tests that flush, a demo on a fresh database). Provinces edit them in the back office.
"""

from __future__ import annotations

from .models import Checklist, ChecklistItem

DEFAULTS: list[tuple[str, str, list[str]]] = [
    (
        "direction",
        "Công tác chỉ đạo, điều hành CCHC",
        [
            "Ban hành kế hoạch CCHC năm đúng thời hạn",
            "Thực hiện chế độ báo cáo định kỳ (quý, 6 tháng, 9 tháng, năm)",
            "Tuyên truyền về CCHC",
        ],
    ),
    (
        "procedures",
        "Cải cách thủ tục hành chính",
        [
            "Công khai thủ tục hành chính tại Bộ phận Một cửa",
            "Giải quyết hồ sơ đúng hạn; văn bản xin lỗi với 100% hồ sơ trễ hẹn",
            "Không yêu cầu bổ sung hồ sơ quá một lần",
        ],
    ),
    (
        "civil_service",
        "Cải cách chế độ công vụ",
        [
            "Bố trí công chức tại Bộ phận Một cửa đúng vị trí việc làm",
            "Kiểm tra kiến thức chuyên môn, nghiệp vụ định kỳ 6 tháng",
            "Chấp hành kỷ luật, kỷ cương hành chính",
        ],
    ),
    (
        "digital_government",
        "Xây dựng chính quyền điện tử, chính quyền số",
        [
            "Tiếp nhận, giải quyết hồ sơ trực tuyến",
            "Áp dụng, duy trì hệ thống quản lý chất lượng TCVN ISO 9001",
        ],
    ),
]


def ensure_defaults() -> None:
    """Create the starting checklists that are missing (by area and name); never edits."""
    for area, name, items in DEFAULTS:
        checklist, created = Checklist.objects.get_or_create(area=area, name=name)
        if created:
            for order, text in enumerate(items, 1):
                ChecklistItem.objects.create(checklist=checklist, order=order, text=text)
