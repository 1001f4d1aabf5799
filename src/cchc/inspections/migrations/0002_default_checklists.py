"""Starting checklists, one per reform area (the content of seeds 001/002's areas). They are
data: the province edits them in the back office."""

from django.db import migrations

DEFAULTS = [
    ("direction", "Công tác chỉ đạo, điều hành CCHC", [
        "Ban hành kế hoạch CCHC năm đúng thời hạn",
        "Thực hiện chế độ báo cáo định kỳ (quý, 6 tháng, 9 tháng, năm)",
        "Tuyên truyền về CCHC",
    ]),
    ("procedures", "Cải cách thủ tục hành chính", [
        "Công khai thủ tục hành chính tại Bộ phận Một cửa",
        "Giải quyết hồ sơ đúng hạn; văn bản xin lỗi với 100% hồ sơ trễ hẹn",
        "Không yêu cầu bổ sung hồ sơ quá một lần",
    ]),
    ("civil_service", "Cải cách chế độ công vụ", [
        "Bố trí công chức tại Bộ phận Một cửa đúng vị trí việc làm",
        "Kiểm tra kiến thức chuyên môn, nghiệp vụ định kỳ 6 tháng",
        "Chấp hành kỷ luật, kỷ cương hành chính",
    ]),
    ("digital_government", "Xây dựng chính quyền điện tử, chính quyền số", [
        "Tiếp nhận, giải quyết hồ sơ trực tuyến",
        "Áp dụng, duy trì hệ thống quản lý chất lượng TCVN ISO 9001",
    ]),
]


def add(apps, schema_editor):
    Checklist = apps.get_model("inspections", "Checklist")
    Item = apps.get_model("inspections", "ChecklistItem")
    for area, name, items in DEFAULTS:
        checklist, _ = Checklist.objects.get_or_create(area=area, name=name)
        for order, text in enumerate(items, 1):
            Item.objects.get_or_create(checklist=checklist, text=text, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_inspection_plans_findings_remedies")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
