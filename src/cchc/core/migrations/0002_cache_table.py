"""The database cache table that holds rate limits for all workers (settings.CACHES["limits"]).

``createcachetable`` creates the table of every database cache configured and skips existing
ones, so running it again (or with Redis configured) is harmless.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
