"""Content types of the models moved from the former ``reports`` app take the new app label, so
audit events (``core.AuditEvent.content_type``) and permissions keep pointing at them.

Where a content type with the new label exists already (``migrate`` created it for a fresh
app before this ran), the audit events move to it and the old one, now unused, is removed."""

from django.db import migrations

APP = "statistics"
MODELS = ["dossierrollup", "dossierprocedurerollup"]


def relabel(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEvent = apps.get_model("core", "AuditEvent")
    Permission = apps.get_model("auth", "Permission")
    for model in MODELS:
        old = ContentType.objects.filter(app_label="reports", model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=APP, model=model).first()
        if new is None:
            old.app_label = APP
            old.save(update_fields=["app_label"])
            continue
        AuditEvent.objects.filter(content_type=old).update(content_type=new)
        Permission.objects.filter(content_type=old).delete()
        old.delete()


def unlabel(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label="reports", model=model).exists():
            ContentType.objects.filter(app_label=APP, model=model).update(app_label="reports")


class Migration(migrations.Migration):
    dependencies = [
        ("statistics", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("core", "0001_initial"),
    ]

    operations = [migrations.RunPython(relabel, unlabel)]
