"""PostgreSQL computes the stored vector itself, in the same statement that writes the
document: indexing a point is then one INSERT ... ON CONFLICT, no second UPDATE.
(Documents written before this migration already carry their vector.)"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION search_document_vector() RETURNS trigger AS $$
BEGIN
  NEW.vector := setweight(to_tsvector('english', coalesce(NEW.text, '')), 'A')
             || setweight(to_tsvector('english', coalesce(NEW.speakers, '')), 'B');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS search_document_vector ON search_searchdocument;
CREATE TRIGGER search_document_vector BEFORE INSERT OR UPDATE OF text, speakers
  ON search_searchdocument FOR EACH ROW EXECUTE FUNCTION search_document_vector();
"""
DROP = """
DROP TRIGGER IF EXISTS search_document_vector ON search_searchdocument;
DROP FUNCTION IF EXISTS search_document_vector();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_search_engine_index")]

    operations = [migrations.RunPython(create, drop)]
