"""On PostgreSQL, a trigram index over the points' text, so the admin's search of
point text (Django's icontains: UPPER(text) LIKE UPPER('%word%')) reads the index
instead of every point. SQLite has no such index; there the search scans, which at
one group's size takes milliseconds."""

from django.db import migrations

INDEX = "point_text_upper_trgm_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS {INDEX} ON meetings_point USING gin (UPPER("text") gin_trgm_ops)'
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0007_meeting_list_index")]

    operations = [migrations.RunPython(create, drop)]
