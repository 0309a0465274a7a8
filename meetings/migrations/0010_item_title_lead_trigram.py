"""On PostgreSQL, trigram indexes over the agenda items' title and lead, beside the one
over point text (0008): the admin's search of agenda items looks for each word in all
three (iag_portal.admin.OfficerAdmin.get_search_results), and without these two it
scanned every item of a national install for the title and lead."""

from django.db import migrations

INDEXES = {
    "agendaitem_title_upper_trgm_idx": "title",
    "agendaitem_lead_upper_trgm_idx": "lead",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON meetings_agendaitem "
            f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0009_merge_20261201_1328")]

    operations = [migrations.RunPython(create, drop)]
