"""The national system's limits for feedback (DOMAIN.md 8a; Decision 766/QĐ-TTg uses them):
reject ≤ 2, ask for more ≤ 5, transfer ≤ 5, answer ≤ 15, publish ≤ 2 working days."""

from django.db import migrations

SOURCE = "Nghị định 20/2008/NĐ-CP (sửa đổi 2013, 2017); Quyết định 766/QĐ-TTg"
LIMITS = [("reject", 2), ("request_info", 5), ("transfer", 5), ("answer", 15), ("publish", 2)]


def seed(apps, schema_editor):
    FeedbackLimit = apps.get_model("feedback", "FeedbackLimit")
    for step, days in LIMITS:
        FeedbackLimit.objects.get_or_create(
            step=step, defaults={"working_days": days, "source": SOURCE}
        )


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_feedback_cases")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
