"""The index behind the search box of the dossier lists (issue 14, "Lists at a million").

``search_text`` holds the folded code, name, identity number and phone digits; the lists find
a term anywhere in it (``LIKE '%term%'``), which no B-tree serves: at a million dossiers each
search read the whole table. A trigram index answers a substring of three characters or more:

- PostgreSQL: ``pg_trgm``'s GIN index, which the planner uses for the ``LIKE`` itself.
- SQLite (3.34+): an FTS5 table with the ``trigram`` tokenizer over ``search_text``
  (external content: it stores only the index), kept by triggers on insert, delete and a
  change of ``search_text``; ``selectors.text_match`` narrows the ``LIKE`` with it.

A later migration that makes SQLite rebuild the dossier table (most ``AlterField``s do) drops
the triggers with the old table: ``test_text_search`` checks that they are there.
"""

from django.db import migrations

FTS = "dossiers_dossier_fts"

SQLITE_FORWARD = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(search_text, content='dossiers_dossier', "
    "content_rowid='id', tokenize='trigram')",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
    f"CREATE TRIGGER {FTS}_insert AFTER INSERT ON dossiers_dossier BEGIN "
    f"INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER {FTS}_delete AFTER DELETE ON dossiers_dossier BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    "END",
    f"CREATE TRIGGER {FTS}_update AFTER UPDATE OF search_text ON dossiers_dossier "
    "WHEN old.search_text IS NOT new.search_text BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    f"INSERT INTO {FTS}(rowid, search_text) VALUES (new.id, new.search_text); END",
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {FTS}_update",
    f"DROP TRIGGER IF EXISTS {FTS}_delete",
    f"DROP TRIGGER IF EXISTS {FTS}_insert",
    f"DROP TABLE IF EXISTS {FTS}",
]
POSTGRESQL_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS dossier_search_trgm ON dossiers_dossier "
    "USING gin (search_text gin_trgm_ops)",
]
POSTGRESQL_BACKWARD = ["DROP INDEX IF EXISTS dossier_search_trgm"]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0008_list_filter_indexes")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        )
    ]
