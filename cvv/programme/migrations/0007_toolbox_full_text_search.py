"""Full-text search of the toolbox with accent folding (see cvv/programme/search.py).

PostgreSQL: the `unaccent` extension and a `french_unaccent` text-search configuration (the
French one with `unaccent` before the French stemmer). The role running the migrations must be
allowed to create the extension (or a DBA creates it first: `CREATE EXTENSION unaccent`).
SQLite: an FTS5 index of the resources, kept in step by triggers, rebuilt from the table."""

from django.db import migrations

FIELDS = "title, summary, body, tags, author"
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE programme_resource_fts USING fts5("
    f"{FIELDS}, content='programme_resource', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER programme_resource_fts_ai AFTER INSERT ON programme_resource BEGIN "
    f"INSERT INTO programme_resource_fts(rowid, {FIELDS}) "
    "VALUES (new.id, new.title, new.summary, new.body, new.tags, new.author); END",
    "CREATE TRIGGER programme_resource_fts_ad AFTER DELETE ON programme_resource BEGIN "
    f"INSERT INTO programme_resource_fts(programme_resource_fts, rowid, {FIELDS}) "
    "VALUES ('delete', old.id, old.title, old.summary, old.body, old.tags, old.author); END",
    "CREATE TRIGGER programme_resource_fts_au AFTER UPDATE ON programme_resource BEGIN "
    f"INSERT INTO programme_resource_fts(programme_resource_fts, rowid, {FIELDS}) "
    "VALUES ('delete', old.id, old.title, old.summary, old.body, old.tags, old.author); "
    f"INSERT INTO programme_resource_fts(rowid, {FIELDS}) "
    "VALUES (new.id, new.title, new.summary, new.body, new.tags, new.author); END",
    "INSERT INTO programme_resource_fts(programme_resource_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS programme_resource_fts_au",
    "DROP TRIGGER IF EXISTS programme_resource_fts_ad",
    "DROP TRIGGER IF EXISTS programme_resource_fts_ai",
    "DROP TABLE IF EXISTS programme_resource_fts",
]
POSTGRESQL_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
          ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
      END IF;
    END $$""",
]
POSTGRESQL_BACKWARD = ["DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("programme", "0006_hqueues_fimacs_notifications")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        )
    ]
