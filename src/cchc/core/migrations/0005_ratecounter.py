"""``RateCounter``: rate limits counted in one statement (``core.ratelimit``); unlogged on
PostgreSQL, as a counter needs no crash safety."""

from django.db import migrations, models


def unlogged(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE core_ratecounter SET UNLOGGED")


class Migration(migrations.Migration):
    dependencies = [("core", "0004_import_job")]

    operations = [
        migrations.CreateModel(
            name="RateCounter",
            fields=[
                ("key", models.CharField(max_length=200, primary_key=True, serialize=False)),
                ("count", models.PositiveIntegerField(default=0)),
                ("expires", models.DateTimeField(db_index=True)),
            ],
            options={
                "verbose_name": "bộ đếm giới hạn",
                "verbose_name_plural": "bộ đếm giới hạn",
            },
        ),
        migrations.RunPython(unlogged, migrations.RunPython.noop),
    ]
