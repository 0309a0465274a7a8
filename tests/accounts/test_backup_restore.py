"""`backup` then `restore` into an empty database gives back the same minutes and users.

Runs on whichever database the suite runs on (SQLite, or PostgreSQL with DATABASE_URL),
restoring into a scratch database of the same engine."""

import io
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from operations.backups import connect, content_hash, read_manifest

# Meetings, points, actions, their history, and the users.
COMPARED = [
    "meetings_meeting",
    "meetings_agendaitem",
    "meetings_point",
    "meetings_historicalmeeting",
    "meetings_historicalpoint",
    "actions_action",
    "actions_historicalaction",
    "auth_user",
    "members_membership",
    "accounts_auditevent",
]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scratch_database(tmp_path):
    """An empty database of the suite's engine (a DATABASES entry, not a Django alias)."""
    default = connections["default"]
    config = dict(default.settings_dict)
    if default.vendor == "sqlite":
        config["NAME"] = str(tmp_path / "restored.sqlite3")
    else:
        config["NAME"] = f"{default.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
        with default.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    yield config
    if default.vendor != "sqlite":
        with default.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')


@pytest.fixture
def minutes_and_media(demo, settings, tmp_path):
    from meetings.models import Point

    # One more history row, on the demo's draft (its agreed minutes are locked).
    point = Point.objects.filter(item__meeting__status="draft").order_by("pk").first()
    point.text += " (amended for the backup test)"
    point.save()
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "imports").mkdir(parents=True)
    (settings.MEDIA_ROOT / "imports" / "minutes-2021.docx").write_bytes(b"PK\x03\x04 a docx")
    return settings


def hash_of(db):
    connection = connect(db)
    try:
        return content_hash(connection.cursor(), COMPARED)
    finally:
        connection.close()


def count(db, table):
    connection = connect(db)
    try:
        cursor = connection.cursor()
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        return cursor.fetchone()[0]
    finally:
        connection.close()


def test_backup_then_restore_gives_the_same_content(
    minutes_and_media, scratch_database, tmp_path, monkeypatch
):
    settings = minutes_and_media
    archive = tmp_path / "backup.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "content hash" in out.getvalue()
    manifest = read_manifest(archive)
    assert manifest["media_files"] == 1
    assert set(COMPARED) <= set(manifest["tables"])
    original = hash_of(connections["default"].settings_dict)

    # Restore as an operator would: the restored database is the configured one.
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    from operations import backups

    real_restore = backups.restore
    monkeypatch.setattr(
        "operations.management.commands.restore.restore",
        lambda path: real_restore(path, db=scratch_database),
    )
    from django.core.cache import cache

    cache.set("editor-items:kept-before-the-restore", "stale")
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "content hash verified" in out.getvalue()
    assert "The shared cache is cleared." in out.getvalue()
    assert cache.get("editor-items:kept-before-the-restore") is None

    assert hash_of(scratch_database) == original
    assert count(scratch_database, "meetings_point") > 20
    assert count(scratch_database, "actions_action") > 0
    assert count(scratch_database, "meetings_historicalpoint") > 20
    assert count(scratch_database, "auth_user") >= 5
    restored_file = settings.MEDIA_ROOT / "imports" / "minutes-2021.docx"
    assert restored_file.read_bytes() == b"PK\x03\x04 a docx"


def test_restore_refuses_a_database_that_is_not_empty(minutes_and_media, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), stdout=io.StringIO())


def test_an_encrypted_backup_needs_its_key(minutes_and_media, tmp_path, monkeypatch):
    from cryptography.fernet import Fernet

    monkeypatch.setenv("IAG_BACKUP_KEY", Fernet.generate_key().decode())
    archive = tmp_path / "backup.tar.gz.enc"
    call_command("backup", str(archive), "--encrypt", stdout=io.StringIO())
    assert b"Zanzibar" not in archive.read_bytes()
    assert read_manifest(archive)["media_files"] == 1
    monkeypatch.setenv("IAG_BACKUP_KEY", Fernet.generate_key().decode())
    with pytest.raises(CommandError, match="does not decrypt"):
        call_command("restore", str(archive), stdout=io.StringIO())


def test_encrypting_without_a_key_says_how_to_make_one(minutes_and_media, tmp_path, monkeypatch):
    monkeypatch.delenv("IAG_BACKUP_KEY", raising=False)
    with pytest.raises(CommandError, match="Fernet.generate_key"):
        call_command("backup", str(tmp_path / "b.enc"), "--encrypt", stdout=io.StringIO())
