"""The vector trigger does only the work a write needs: a re-index that leaves the text
and the speakers as they were (a point re-saved for its order, an attendance change
re-indexing the points it spoke) keeps the stored vector instead of stemming the text
again, and an empty speakers list adds nothing. `PostgresBackend.rebuild` clears the
vector to have it computed again."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION search_document_vector() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.vector IS NOT NULL
     AND NEW.text IS NOT DISTINCT FROM OLD.text
     AND NEW.speakers IS NOT DISTINCT FROM OLD.speakers THEN
    RETURN NEW;
  END IF;
  NEW.vector := setweight(to_tsvector('english', coalesce(NEW.text, '')), 'A');
  IF coalesce(NEW.speakers, '') <> '' THEN
    NEW.vector := NEW.vector || setweight(to_tsvector('english', NEW.speakers), 'B');
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""
PREVIOUS = """
CREATE OR REPLACE FUNCTION search_document_vector() RETURNS trigger AS $$
BEGIN
  NEW.vector := setweight(to_tsvector('english', coalesce(NEW.text, '')), 'A')
             || setweight(to_tsvector('english', coalesce(NEW.speakers, '')), 'B');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def restore(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_document_meeting_status")]

    operations = [migrations.RunPython(create, restore)]
