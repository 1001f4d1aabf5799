"""The nine indicators of Circular 01/2018/TT-VPCP Art. 12 (scored 2/1/0) and the unit bands
of Art. 15 (≥ 15 xuất sắc, 12–<15 tốt, 9–<12 khá, 6–<9 trung bình, < 6 yếu), as data."""

from decimal import Decimal

from django.db import migrations

INDICATORS = [
    ("total_time", "Tổng thời gian giải quyết thủ tục hành chính so với thời gian hẹn"),
    ("agency_time", "Thời gian thực hiện tại cơ quan, đơn vị trực tiếp giải quyết"),
    ("contacts", "Số lần phải liên hệ với nơi tiếp nhận hồ sơ để hoàn thiện hồ sơ"),
    ("agencies", "Số cơ quan, đơn vị, tổ chức phải liên hệ để hoàn thiện hồ sơ"),
    ("one_stop", "Thực hiện tiếp nhận, trả kết quả theo cơ chế một cửa, một cửa liên thông"),
    ("disclosure", "Công khai thủ tục hành chính"),
    (
        "attitude",
        "Thái độ của cán bộ, công chức, viên chức khi hướng dẫn, tiếp nhận và giải quyết hồ sơ",
    ),
    ("feedback", "Tiếp thu, giải trình, phản hồi ý kiến, phản ánh, kiến nghị"),
    ("online", "Cung cấp dịch vụ công trực tuyến"),
]
BANDS = [
    ("Xuất sắc", Decimal(15)),
    ("Tốt", Decimal(12)),
    ("Khá", Decimal(9)),
    ("Trung bình", Decimal(6)),
    ("Yếu", Decimal(0)),
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("evaluations", "EvaluationIndicator")
    Band = apps.get_model("evaluations", "Band")
    for order, (code, name) in enumerate(INDICATORS, start=1):
        Indicator.objects.get_or_create(code=code, defaults={"order": order, "name": name})
    for name, min_score in BANDS:
        Band.objects.get_or_create(min_score=min_score, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_ratings")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
