"""Backups: one compressed archive holding a consistent copy of the database and the
uploaded files, with a manifest whose content hash `restore` checks.

SQLite is copied with SQLite's online backup API; PostgreSQL with pg_dump, inside a
snapshot that the content hash is computed in too, so both describe the same instant.
The archive may be encrypted (Fernet, from the `cryptography` package) with a key
from the IAG_BACKUP_KEY environment variable.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections

FORMAT = 1
KEY_VARIABLE = "IAG_BACKUP_KEY"
MAGIC_ENCRYPTED = b"IAGBACKUP-FERNET\n"


class BackupError(Exception):
    """A backup or restore that cannot go ahead, with the reason for the operator."""


def _engine(db: dict) -> str:
    engine = db["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {engine}.")


def _canonical(value):
    if isinstance(value, memoryview):
        value = bytes(value)
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, default=str)
    return repr(value)


def content_hash(cursor, tables) -> str:
    """SHA-256 over every row of `tables`, in primary-key order: equal copies, equal hashes."""
    digest = hashlib.sha256()
    for table in sorted(tables):
        digest.update(f"\n#{table}\n".encode())
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')  # noqa: S608 - our own table names
        for row in cursor.fetchall():
            digest.update("|".join(_canonical(value) for value in row).encode())
            digest.update(b"\n")
    return digest.hexdigest()


def model_tables(alias="default") -> list[str]:
    """The portal's tables (every model and many-to-many table), not the cache."""
    with connections[alias].cursor():
        return sorted(connections[alias].introspection.django_table_names(only_existing=True))


def _pg_conninfo(db: dict) -> str:
    import psycopg

    return psycopg.conninfo.make_conninfo(
        dbname=db["NAME"],
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
    )


def connect(db: dict):
    """A plain DB-API connection to the database `db` (a DATABASES entry)."""
    if _engine(db) == "sqlite":
        return sqlite3.connect(db["NAME"])
    import psycopg

    return psycopg.connect(_pg_conninfo(db), autocommit=True)


def _pg_env(db: dict) -> dict:
    env = os.environ.copy()
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict) -> list[str]:
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return args


def _dump_sqlite(db: dict, target: Path, tables) -> str:
    source = sqlite3.connect(db["NAME"])
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # consistent even while the portal writes
    finally:
        source.close()
    try:
        return content_hash(copy.cursor(), tables)
    finally:
        copy.close()


def _dump_postgresql(db: dict, target: Path, tables) -> str:
    import psycopg

    with psycopg.connect(_pg_conninfo(db)) as connection:
        connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
        digest = content_hash(connection.cursor(), tables)
        result = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
            [
                shutil.which("pg_dump") or "pg_dump",
                "--format=custom",
                "--compress=6",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
                *_pg_args(db),
                db["NAME"],
            ],
            env=_pg_env(db),
            capture_output=True,
            text=True,
            check=False,
        )
        connection.rollback()
    if result.returncode:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return digest


def _fernet():
    from cryptography.fernet import Fernet

    key = os.environ.get(KEY_VARIABLE, "")
    if not key:
        raise BackupError(
            f"Set {KEY_VARIABLE} to a key made by: python -c 'from cryptography.fernet import "
            "Fernet; print(Fernet.generate_key().decode())' (and keep the key apart from the "
            "backups)."
        )
    try:
        return Fernet(key.encode())
    except ValueError:
        raise BackupError(f"{KEY_VARIABLE} is not a valid key (44 base64 characters).") from None


def backup(destination: Path, *, encrypt: bool = False, alias: str = "default") -> dict:
    """Write the archive to `destination` and return its manifest."""
    db = connections[alias].settings_dict
    engine = _engine(db)
    tables = model_tables(alias)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        database_file = work / ("database.sqlite3" if engine == "sqlite" else "database.pgdump")
        if engine == "sqlite":
            digest = _dump_sqlite(db, database_file, tables)
        else:
            digest = _dump_postgresql(db, database_file, tables)
        media_files = (
            sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.is_dir() else []
        )
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "engine": engine,
            "database_file": database_file.name,
            "tables": tables,
            "content_sha256": digest,
            "media_files": len(media_files),
        }
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(database_file, arcname=database_file.name)
            for path in media_files:
                archive.add(path, arcname=f"media/{path.relative_to(media_root).as_posix()}")
        payload = buffer.getvalue()
    if encrypt:
        payload = MAGIC_ENCRYPTED + _fernet().encrypt(payload)
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    partial.write_bytes(payload)
    os.chmod(partial, 0o600)
    partial.replace(destination)  # never a half-written backup under the real name
    return manifest


def _open_archive(source: Path) -> tarfile.TarFile:
    payload = source.read_bytes()
    if payload.startswith(MAGIC_ENCRYPTED):
        from cryptography.fernet import InvalidToken

        try:
            payload = _fernet().decrypt(payload[len(MAGIC_ENCRYPTED) :])
        except InvalidToken:
            raise BackupError(f"{KEY_VARIABLE} does not decrypt this backup.") from None
    try:
        return tarfile.open(fileobj=io.BytesIO(payload), mode="r:gz")
    except tarfile.TarError as error:
        raise BackupError(f"{source} is not a portal backup ({error}).") from None


def read_manifest(source: Path) -> dict:
    with _open_archive(source) as archive:
        return json.load(archive.extractfile("manifest.json"))


def _is_empty(db: dict) -> bool:
    if _engine(db) == "sqlite":
        path = Path(db["NAME"])
        if not path.exists() or not path.stat().st_size:
            return True
        query = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"
    else:
        query = (
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()"
        )
    connection = connect(db)
    try:
        cursor = connection.cursor()
        cursor.execute(query)
        return cursor.fetchone()[0] == 0
    finally:
        connection.close()


def _restore_sqlite(db: dict, archive, manifest) -> None:
    with tempfile.TemporaryDirectory() as work:
        archive.extract(manifest["database_file"], work, filter="data")
        source = sqlite3.connect(Path(work) / manifest["database_file"])
        copy = sqlite3.connect(db["NAME"])
        try:
            source.backup(copy)
        finally:
            source.close()
            copy.close()


def _restore_postgresql(db: dict, archive, manifest) -> None:
    with tempfile.TemporaryDirectory() as work:
        archive.extract(manifest["database_file"], work, filter="data")
        result = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
            [
                shutil.which("pg_restore") or "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={db['NAME']}",
                *_pg_args(db),
                str(Path(work) / manifest["database_file"]),
            ],
            env=_pg_env(db),
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")


def _restore_media(archive) -> int:
    media_root = Path(settings.MEDIA_ROOT)
    members = [m for m in archive.getmembers() if m.isfile() and m.name.startswith("media/")]
    for member in members:
        target = media_root / member.name.removeprefix("media/")
        if target.exists():
            raise BackupError(f"{target} already exists: restore media into an empty folder.")
    with tempfile.TemporaryDirectory() as work:
        archive.extractall(work, members=members, filter="data")
        staged = Path(work) / "media"
        for member in members:
            relative = member.name.removeprefix("media/")
            target = media_root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(staged / relative, target)
    return len(members)


def restore(source: Path, *, db: dict | None = None) -> dict:
    """Bring a backup back into an empty database, then check its content hash.

    `db` is a DATABASES entry; by default the configured database."""
    if db is None:
        connections["default"].close()
        db = settings.DATABASES["default"]
    engine = _engine(db)
    with _open_archive(source) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Backup format {manifest.get('format')} is not supported.")
        if manifest["engine"] != engine:
            raise BackupError(
                f"This is a {manifest['engine']} backup; the configured database is {engine}."
            )
        if not _is_empty(db):
            raise BackupError(f"{db['NAME']} is not empty: restore only into an empty database.")
        if engine == "sqlite":
            _restore_sqlite(db, archive, manifest)
        else:
            _restore_postgresql(db, archive, manifest)
        restored_media = _restore_media(archive)
    connection = connect(db)
    try:
        digest = content_hash(connection.cursor(), manifest["tables"])
    finally:
        connection.close()
    if digest != manifest["content_sha256"]:
        raise BackupError("The restored database differs from the backup (content hash).")
    return manifest | {"restored_media": restored_media}
