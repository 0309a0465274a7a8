"""Two processes on one database and one cache (two gunicorn workers, or two
machines) asked for the same agreed minutes at the same moment render them once."""

import json
import selectors
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from states import move_to

from publishing.models import StoredDocument

RACE = Path(__file__).with_name("render_race.py")


def database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def say(process, line="go"):
    process.stdin.write(line + "\n")
    process.stdin.flush()


def race(processes, timeout=180):
    """Start both downloads at once; let a process that waits ask again once no request
    is under way (the render happens inside the request that claimed it)."""
    for process in processes:
        assert process.stdout.readline().strip() == "ready", process.stderr.read()
    for process in processes:
        say(process)
    selector = selectors.DefaultSelector()
    for process in processes:
        selector.register(process.stdout, selectors.EVENT_READ, process)
    results, waiting, running = {}, set(), set(processes)
    while running:
        events = selector.select(timeout)
        assert events, "the processes stopped answering"
        for key, _mask in events:
            process = key.data
            line = process.stdout.readline().strip()
            assert line, process.stderr.read()
            if line == "waiting":
                waiting.add(process)
            else:
                results[process] = json.loads(line)
                running.discard(process)
                selector.unregister(process.stdout)
        if waiting and waiting == running:
            for process in waiting:
                say(process, "again")
            waiting.clear()
    return [results[process] for process in processes]


@pytest.mark.django_db(transaction=True)
def test_two_processes_downloading_at_once_render_the_minutes_once(meeting, users):
    with override_settings(
        TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    ):
        move_to(meeting, "approved")  # nothing rendered yet: the queue is a dummy here
    cache.clear()
    url = reverse("publishing:members_pdf", args=[meeting.pk])
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": database_url(),
        "IAG_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        # Each process works its own queue at once, as a worker beside it would.
        "IAG_TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    processes = [
        subprocess.Popen(
            [sys.executable, str(RACE), username, url],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for username in ("member", "chair")
    ]
    try:
        results = race(processes)
    finally:
        for process in processes:
            process.kill()
            process.wait()
    renders = [kind for result in results for kind in result["renders"]]
    assert sorted(renders) == ["docx", "docx", "pdf", "pdf"]  # both editions, once
    assert results[0]["sha256"] == results[1]["sha256"]
    assert StoredDocument.objects.filter(meeting=meeting).count() == 4
