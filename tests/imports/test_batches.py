"""A big batch is read and imported by tasks, behind a progress bar, kept in the database."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports import batches
from imports.models import ImportBatch
from imports.views import PENDING
from meetings.models import Meeting

LAYOUTS = Path(__file__).parent / "layouts"
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
HTMX = {"HX-Request": "true"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July"]


def upload(client, body, archive):
    return client.post(reverse("imports:upload"), {"body": body.pk, "files": [archive]})


def zip_of(*named: tuple[str, bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in named:
            archive.writestr(name, data)
    return SimpleUploadedFile("years.zip", buffer.getvalue(), content_type="application/zip")


def months_zip(*extra):
    source = (LAYOUTS / "joint_committee_zoom.txt").read_text()
    files = [
        (f"m{n:02}.txt", source.replace("1 July 2020", f"1 {month} 2020").encode())
        for n, month in enumerate(MONTHS, start=1)
    ]
    return zip_of(*files, *extra)


@pytest.fixture
def officer(role_client):
    return role_client("officer")


def read_in_the_background(client, body, archive, capture):
    """Upload `archive`; the task that reads it waits until the callbacks are run."""
    with capture() as callbacks:
        response = upload(client, body, archive)
    batch = ImportBatch.objects.get(token=client.session[PENDING]["token"])
    return response, batch, callbacks


def test_a_big_batch_is_read_by_a_task_while_the_officer_sees_its_progress(
    officer, body, django_capture_on_commit_callbacks
):
    response, batch, callbacks = read_in_the_background(
        officer, body, months_zip(), django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    assert response.url == reverse("imports:batch", args=[batch.token])
    assert (batch.status, batch.total, batch.progress) == ("reading", 7, 0)
    assert batch.files.filter(preview__isnull=True).count() == 7

    page = officer.get(response.url).content.decode()
    assert "<title>Reading the minutes" in page
    assert 'aria-live="polite"' in page
    assert '<label class="form-label" for="import-progress-bar">0 of 7 files read</label>' in page
    assert '<progress class="w-100" id="import-progress-bar" max="7" value="0">' in page
    progress_url = reverse("imports:progress", args=[batch.token])
    assert f'hx-get="{progress_url}" hx-trigger="every 1s"' in page

    ImportBatch.objects.filter(pk=batch.pk).update(progress=3)
    polled = officer.get(progress_url, headers=HTMX).content.decode()
    assert 'max="7" value="3"' in polled and "<html" not in polled
    assert officer.get(progress_url).url == response.url  # opened as a page: the page

    for callback in callbacks:
        callback()  # the task runs: ImmediateBackend in tests
    batch.refresh_from_db()
    assert (batch.status, batch.progress) == ("previewed", 7)
    assert batch.files.get(index=6).preview["date"] == "2020-07-01"
    done = officer.get(progress_url, headers=HTMX)
    assert done["HX-Redirect"] == reverse("imports:batch", args=[batch.token])

    preview = officer.get(reverse("imports:batch", args=[batch.token])).content.decode()
    assert preview.count("<tr>") == 8  # the head and a row a file
    assert "1 Jul 2020" in preview
    # Each file's preview is loaded when the officer opens it.
    assert 'id="f6-line-1"' not in preview and 'hx-trigger="toggle once"' in preview
    file = officer.get(reverse("imports:file", args=[6]) + f"?token={batch.token}")
    content = file.content.decode()
    assert 'id="f6-line-1"' in content and "<html" not in content
    assert 'name="f6-date" value="2020-07-01"' in content
    assert not Meeting.objects.exists()


def test_a_confirmed_big_batch_is_imported_by_a_task_and_ends_with_the_report(
    officer, body, django_capture_on_commit_callbacks
):
    refused = ("strategy.txt", next(SEEDS.glob("004_*.txt")).read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        upload(officer, body, months_zip(refused))
    batch = ImportBatch.objects.get()
    assert batch.status == "previewed"
    assert (
        "does not look like minutes"
        in batch.files.get(name__endswith="strategy.txt").preview["failed"]
    )
    with django_capture_on_commit_callbacks() as callbacks:
        response = officer.post(reverse("imports:confirm"), {"token": batch.token})
    assert response.url == reverse("imports:batch", args=[batch.token])
    page = officer.get(response.url).content.decode()
    assert "0 of 8 files imported" in page and "<title>Importing minutes" in page
    assert not Meeting.objects.exists()
    # Pressing Import again while it runs starts nothing more.
    again = officer.post(reverse("imports:confirm"), {"token": batch.token}, follow=True)
    assert "preview has expired or was already imported" in again.content.decode()

    for callback in callbacks:
        callback()
    assert Meeting.objects.count() == 7
    batch.refresh_from_db()
    assert (batch.status, batch.progress) == ("done", 8)
    assert not batch.files.exclude(lines=[]).exists()  # the text is in the meetings now
    report = officer.get(response.url).content.decode()
    assert "Imported (7)" in report and "Needing attention (0)" in report
    assert "Refused (1)" in report and "strategy.txt”: This does not look like minutes" in report
    assert PENDING not in officer.session


def test_what_the_officer_types_in_an_opened_file_of_a_big_batch_is_kept(
    officer, body, django_capture_on_commit_callbacks
):
    undated = (
        "undated.txt",
        (LAYOUTS / "joint_committee_zoom.txt")
        .read_bytes()
        .replace(b"held on Wednesday 1 July 2020", b"held on a Wednesday"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        upload(officer, body, months_zip(undated))
    batch = ImportBatch.objects.get()
    undated_file = batch.files.get(name__endswith="undated.txt")
    assert undated_file.preview["date"] is None
    preview = officer.get(reverse("imports:batch", args=[batch.token])).content.decode()
    index = undated_file.index
    # A file without a date is opened, and loaded, at once.
    assert f'id="f{index}-file" open' in preview and 'hx-trigger="load"' in preview

    missing = officer.post(reverse("imports:confirm"), {"token": batch.token})
    content = missing.content.decode()
    assert f'id="f{index}-date-error"' in content and "Give the date of this meeting" in content
    assert not Meeting.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        officer.post(
            reverse("imports:confirm"), {"token": batch.token, f"f{index}-date": "2020-08-05"}
        )
    assert Meeting.objects.count() == 8
    assert Meeting.objects.filter(date="2020-08-05").exists()
    undated_file.refresh_from_db()
    assert undated_file.corrections["date"] == "2020-08-05"


def test_a_task_that_finds_a_file_it_cannot_read_goes_on_with_the_others(
    officer, body, django_capture_on_commit_callbacks, monkeypatch
):
    real = batches.dry_run

    def breaks_on_march(batch, file, parsed=None):
        if file.name.endswith("m03.txt"):
            raise RuntimeError("a reader bug")
        return real(batch, file, parsed)

    monkeypatch.setattr(batches, "dry_run", breaks_on_march)
    with django_capture_on_commit_callbacks(execute=True):
        upload(officer, body, months_zip())
    batch = ImportBatch.objects.get()
    assert batch.status == "previewed"
    assert "could not be read" in batch.files.get(name__endswith="m03.txt").preview["failed"]
    assert batch.files.exclude(preview__has_key="failed").count() == 6


def test_someone_else_s_batch_is_not_shown(
    role_client, body, users, django_capture_on_commit_callbacks
):
    officer = role_client("officer")
    with django_capture_on_commit_callbacks():
        upload(officer, body, months_zip())
    batch = ImportBatch.objects.get()
    officer.force_login(users["superuser"])
    response = officer.get(reverse("imports:batch", args=[batch.token]))
    assert response.status_code == 302 and response.url == reverse("imports:upload")
    assert officer.get(reverse("imports:progress", args=[batch.token]), headers=HTMX)[
        "HX-Redirect"
    ] == reverse("imports:upload")


def test_a_new_upload_takes_the_place_of_the_officer_s_earlier_preview_but_not_a_running_one(
    officer, body, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(officer, body, months_zip())
    first = ImportBatch.objects.get()
    with django_capture_on_commit_callbacks():  # read by a task not yet run
        upload(officer, body, months_zip())
    second = ImportBatch.objects.get()
    assert second != first and second.status == "reading"
    with django_capture_on_commit_callbacks():
        upload(officer, body, months_zip())
    assert ImportBatch.objects.count() == 2
    assert officer.get(reverse("imports:batch", args=[first.token])).url == reverse(
        "imports:upload"
    )


def test_nul_bytes_in_a_token_give_no_error(officer, body):
    # The portal's guard answers 400 to a NUL anywhere in the request: never a 500.
    for url in (
        reverse("imports:batch", args=["a\x00b"]),
        reverse("imports:file", args=[0]) + "?token=a%00b",
        reverse("imports:lines", args=[0]) + "?token=a%00b",
    ):
        assert officer.get(url).status_code == 400
    response = officer.post(reverse("imports:confirm"), {"token": "a\x00b"})
    assert response.status_code == 400


def test_the_preview_of_a_big_batch_costs_the_same_queries_however_many_files(
    officer, body, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(
            officer,
            body,
            months_zip(*[(f"x{n}.txt", b"Minutes\n\nDATE 1 May 2020") for n in range(20)]),
        )
    batch = ImportBatch.objects.get()
    assert batch.total == 27
    with django_assert_max_num_queries(12):
        page = officer.get(reverse("imports:batch", args=[batch.token]))
    assert page.content.decode().count('class="import-file mb-3"') == 27
