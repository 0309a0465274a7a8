"""Per-request cost: SQLite connections persist between requests (their PRAGMAs set
once per connection), and gunicorn runs from the repository's gunicorn.conf.py."""

import io
import json
import os
import runpy
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from django.db import OperationalError, connection, connections
from django.test.utils import CaptureQueriesContext

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


def run_snippet(code: str, tmp_path) -> str:
    """`code` in a fresh Python with its own SQLite file; its stdout."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_sqlite_keeps_its_connection_between_requests(tmp_path):
    connections, max_age, journal = run_snippet(REUSE, tmp_path).split()
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


def _wsgi_get(application, path, method="GET"):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    answer["body"] = b"".join(application(environ, start_response))
    return answer


@pytest.mark.django_db
def test_the_health_check_is_answered_before_the_middleware(monkeypatch):
    from django.core.handlers.wsgi import WSGIHandler

    from iag_portal.wsgi import application

    def no_django(self, environ, start_response):
        raise AssertionError("the health check reached Django's handler")

    monkeypatch.setattr(WSGIHandler, "__call__", no_django)
    with CaptureQueriesContext(connection) as queries:
        answer = _wsgi_get(application, "/healthz")
    assert answer["status"] == "200 OK"
    assert json.loads(answer["body"]) == {"status": "ok"}
    assert answer["headers"]["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in answer["headers"]
    assert [q["sql"] for q in queries.captured_queries] == ["SELECT 1"]
    assert _wsgi_get(application, "/healthz", "HEAD")["body"] == b""


@pytest.mark.django_db
def test_other_paths_and_methods_still_go_through_django():
    from iag_portal.wsgi import application

    answer = _wsgi_get(application, "/meetings/")
    assert answer["status"].startswith("302")
    assert "/login/" in answer["headers"]["Location"]
    # A POST is not a health check: Django answers it (CSRF refuses it first).
    assert _wsgi_get(application, "/healthz", "POST")["status"] == "403 Forbidden"


@pytest.mark.django_db
def test_the_health_check_fails_when_the_database_does_not_answer(monkeypatch, client):
    from iag_portal.wsgi import application

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(type(connections["default"]), "cursor", refuse)
    answer = _wsgi_get(application, "/healthz")
    assert answer["status"] == "503 Service Unavailable"
    assert json.loads(answer["body"]) == {"status": "database unavailable"}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "database unavailable"}


PRELOAD = """
import sys
import iag_portal.wsgi
from django.db import connections
print("meetings.views" in sys.modules, "publishing.pdf" in sys.modules,
      any(c.connection is not None for c in connections.all()))
"""


def test_the_wsgi_module_imports_what_requests_need_without_touching_the_database(tmp_path):
    """gunicorn preloads iag_portal.wsgi in its master: the views (and the PDF code they
    import) come with it, so a worker forked after max_requests does not spend its first
    request importing them (2 s here, longer than wrk or a balancer waits); and no
    database connection is opened there, to be shared by the forked workers."""
    assert run_snippet(PRELOAD, tmp_path).split() == ["True", "True", "False"]


class FakeWorker:
    booted = True

    class cfg:  # noqa: N801 - gunicorn's attribute name
        threads = 1


def run_worker_exit(config, code, monkeypatch, *, booted=True, threads=1):
    """Call the config's worker_exit as gunicorn does: in the `finally` of a SystemExit."""
    left = []
    monkeypatch.setattr(os, "_exit", left.append)
    worker = FakeWorker()
    worker.booted = booted
    worker.cfg = type("cfg", (), {"threads": threads})
    try:
        try:
            sys.exit(code)
        finally:
            config["worker_exit"](None, worker)
    except SystemExit:
        pass
    return left


def test_a_worker_forked_by_gunicorn_does_not_walk_the_masters_objects(monkeypatch):
    import gc

    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    frozen = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    config["pre_fork"](None, FakeWorker())
    assert frozen == [True]


def test_a_worker_replaced_after_max_requests_leaves_without_the_teardown(monkeypatch):
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    monkeypatch.setattr("logging.shutdown", lambda: None)
    assert run_worker_exit(config, 0, monkeypatch) == [0]
    # A boot or import error keeps its exit code, which tells the master to stop.
    assert run_worker_exit(config, 3, monkeypatch) == []
    assert run_worker_exit(config, 0, monkeypatch, booted=False) == []
    # Threads' own database connections are closed by the interpreter's teardown only.
    assert run_worker_exit(config, 0, monkeypatch, threads=4) == []
