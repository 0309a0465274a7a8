"""A register too large for one request is exported by a task, to a stored file its page
offers when ready (actions/exports.py); a small one is streamed (tests/test_pagination.py)."""

import csv
import io

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from actions import exports
from actions.models import ExportStatus, RegisterExport

CSV = "/actions/register.csv"


@pytest.fixture
def large(monkeypatch):
    """A register of more than three actions counts as large."""
    monkeypatch.setattr(exports, "STREAM_LIMIT", 3)
    monkeypatch.setattr(exports, "CSV_BATCH", 2)


def file_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_a_large_register_is_written_by_a_task_and_offered_when_ready(
    role_client, series, raise_action, large, django_capture_on_commit_callbacks
):
    for n in range(5):
        raise_action(series[0], f"Task {n}")
    client = role_client("officer")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.get(CSV, {"status": "open"})
    assert len(callbacks) == 1  # the task, enqueued once the export is saved
    export = RegisterExport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("actions:export", args=[export.token])
    assert export.query == "status=open" and export.status == ExportStatus.DONE
    assert (export.total, export.progress) == (5, 5)
    assert AuditEvent.objects.filter(detail__startswith="Actions register CSV").count() == 1

    page = client.get(response.url).content.decode()
    assert "The file is ready: 5 actions." in page
    assert reverse("actions:export_file", args=[export.token]) in page
    download = client.get(reverse("actions:export_file", args=[export.token]))
    assert download["Content-Disposition"].startswith('attachment; filename="actions-')
    rows = file_rows(download)
    assert rows[0][0] == "Body" and sorted(row[3] for row in rows[1:]) == [
        f"Task {n}" for n in range(5)
    ]
    assert all(row[4] == "ME" for row in rows[1:])


def test_a_small_register_is_still_streamed(role_client, series, raise_action, large):
    for n in range(3):
        raise_action(series[0], f"Task {n}")
    response = role_client("officer").get(CSV)
    assert response.streaming and not RegisterExport.objects.exists()
    assert len(file_rows(response)) == 4


def test_the_page_shows_progress_while_the_task_runs(role_client, users):
    export = exports.start_export(user=users["officer"], query="")
    client = role_client("officer")
    page = client.get(f"/actions/exports/{export.token}/").content.decode()
    assert "Waiting for the worker" in page
    RegisterExport.objects.filter(pk=export.pk).update(
        status=ExportStatus.RUNNING, total=4000, progress=2000
    )
    fragment = client.get(f"/actions/exports/{export.token}/", headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert "<html" not in html and 'hx-trigger="every 1s"' in html
    assert "2000 of 4000 actions written" in html
    assert client.get(f"/actions/exports/{export.token}/file/").status_code == 404


def test_only_the_one_who_asked_may_see_or_download_it(role_client, users, series, raise_action):
    raise_action(series[0], "Task")
    export = exports.start_export(user=users["officer"], query="")
    exports.write_export(export)
    for url in (f"/actions/exports/{export.token}/", f"/actions/exports/{export.token}/file/"):
        assert role_client("officer").get(url).status_code == 200
        assert role_client("chair").get(url).status_code == 404  # a register, not this one
        assert role_client("superuser").get(url).status_code == 404
        assert role_client("member").get(url).status_code == 403


def test_an_export_that_fails_says_so(role_client, users, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(exports, "register_lines", broken)
    export = exports.start_export(user=users["officer"], query="")
    with pytest.raises(OSError):
        exports.write_export(export)
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and export.finished_at is not None
    page = role_client("officer").get(f"/actions/exports/{export.token}/").content.decode()
    assert "could not be written" in page and "hx-trigger" not in page


def test_the_task_reads_the_register_in_batches_with_flat_queries(
    users, series, raise_action, large, django_assert_max_num_queries
):
    for n in range(9):
        raise_action(series[0], f"Task {n}")
    export = exports.start_export(user=users["officer"], query="")
    # 5 batches of 2: two reads and a progress update each, plus a fixed few.
    with django_assert_max_num_queries(5 * 3 + 12):
        exports.write_export(export)
    export.refresh_from_db()
    assert (export.status, export.total, export.progress) == (ExportStatus.DONE, 9, 9)
