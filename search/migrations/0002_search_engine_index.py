"""The engine's own index: a GIN index on the tsvector on PostgreSQL, an FTS5 table
(porter stemming) on SQLite. Each database gets only its own."""

from django.db import migrations

PG_CREATE = (
    "CREATE INDEX IF NOT EXISTS search_vector_gin ON search_searchdocument USING gin (vector)"
)
PG_DROP = "DROP INDEX IF EXISTS search_vector_gin"
SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "text, speakers, tokenize = 'porter unicode61 remove_diacritics 2')"
)
SQLITE_DROP = "DROP TABLE IF EXISTS search_fts"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_CREATE)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_documents")]

    operations = [migrations.RunPython(create, drop)]
