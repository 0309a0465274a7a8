"""What anyone may read, computed as the document is written: `public` (the meeting
published, nothing confidential, the body publishes its minutes), set by the trigger
(PostgreSQL) on every INSERT and on every UPDATE of what it depends on. The one GIN
index becomes two partial ones, the public documents' and the rest's: a search of the
public edition reads only the public documents' postings and rows, and a member's
search reads their bodies' other documents beside them (search/queries.py,
`readable_parts`). Each document is in one index, so indexing writes no more.
A body that starts or stops publishing rewrites its documents' flag
(search/indexing.py, `_body_saved`); the queries still test the body's own flag.
Without GIN's pending list (fastupdate = off): a point's few words cost the same to
insert into the index directly (measured on the national bench, 200 points each way),
no search scans a pending list, and no autosave pays for flushing one."""

from django.db import migrations, models

TRIGGER = """
CREATE OR REPLACE FUNCTION search_document_vector() RETURNS trigger AS $$
BEGIN
  NEW.public := NEW.status = 'published' AND NOT NEW.confidential AND NOT NEW.item_confidential
    AND EXISTS (SELECT 1 FROM members_body b WHERE b.id = NEW.body_id AND b.publishes_minutes);
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
DROP TRIGGER IF EXISTS search_document_vector ON search_searchdocument;
CREATE TRIGGER search_document_vector
  BEFORE INSERT OR UPDATE OF text, speakers, status, confidential, item_confidential, body_id,
    public
  ON search_searchdocument FOR EACH ROW EXECUTE FUNCTION search_document_vector();
"""
FILL = """
UPDATE search_searchdocument d SET public = true FROM members_body b
WHERE b.id = d.body_id AND b.publishes_minutes AND d.status = 'published'
  AND NOT d.confidential AND NOT d.item_confidential;
"""
INDEXES = """
DROP INDEX IF EXISTS search_vector_gin;
CREATE INDEX IF NOT EXISTS search_public_gin ON search_searchdocument USING gin (vector)
  WITH (fastupdate = off) WHERE public;
CREATE INDEX IF NOT EXISTS search_private_gin ON search_searchdocument USING gin (vector)
  WITH (fastupdate = off) WHERE NOT public;
"""
PREVIOUS_TRIGGER = """
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
DROP TRIGGER IF EXISTS search_document_vector ON search_searchdocument;
CREATE TRIGGER search_document_vector BEFORE INSERT OR UPDATE OF text, speakers
  ON search_searchdocument FOR EACH ROW EXECUTE FUNCTION search_document_vector();
DROP INDEX IF EXISTS search_public_gin;
DROP INDEX IF EXISTS search_private_gin;
CREATE INDEX IF NOT EXISTS search_vector_gin ON search_searchdocument USING gin (vector);
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER)
        schema_editor.execute(FILL)
        schema_editor.execute(INDEXES)


def restore(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [("search", "0006_vector_only_when_its_words_change")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="public",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="in the public edition"
            ),
        ),
        migrations.RunPython(create, restore),
    ]
