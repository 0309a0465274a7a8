"""Per-request cost: SQLite connections persist between requests (their PRAGMAs set
once per connection), and gunicorn runs from the repository's gunicorn.conf.py."""

import os
import runpy
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

REUSE = """
import django, os
os.environ["DJANGO_SETTINGS_MODULE"] = "iag_portal.settings"
django.setup()
from django.core.management import call_command
from django.db import connection
from django.test import Client
call_command("migrate", verbosity=0)
client = Client(HTTP_HOST="localhost")
seen = set()
for _ in range(5):
    assert client.get("/healthz").status_code == 200
    seen.add(id(connection.connection))
print(len(seen), connection.settings_dict["CONN_MAX_AGE"])
print(connection.cursor().execute("PRAGMA journal_mode").fetchone()[0])
"""


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    return env | extra


def test_sqlite_keeps_its_connection_between_requests(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", REUSE],
        cwd=ROOT,
        env=clean_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    connections, max_age, journal = result.stdout.split()
    assert (connections, journal) == ("1", "wal")
    assert int(max_age) >= 60


def test_the_gunicorn_config_reads_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    monkeypatch.setenv("GUNICORN_MAX_REQUESTS", "500")
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert (config["workers"], config["max_requests"]) == (3, 500)
    assert config["max_requests_jitter"] > 0 and config["timeout"] >= 30
    monkeypatch.delenv("GUNICORN_WORKERS")
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["workers"] == min(os.cpu_count() * 2 + 1, 12)


def test_gunicorn_serves_the_app_with_the_repository_config(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env = clean_env(DATABASE_URL=database, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS="1")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "-c", "gunicorn.conf.py", "iag_portal.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        # gunicorn says when its socket listens; a request then waits for the worker.
        for line in server.stderr:
            if b"Listening at:" in line:
                break
        else:
            pytest.fail(f"gunicorn stopped before listening (exit {server.wait()})")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=120) as r:
            assert r.read() == b'{"status": "ok"}'
    finally:
        server.terminate()
        server.wait(timeout=30)
