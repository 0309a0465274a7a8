"""Issue 14: big uploads are refused with a clear message, and any preview stays quick."""

import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.uploads import MAX_FILE_SIZE, MAX_LINES
from meetings.models import Meeting


def post(client, body, upload):
    return client.post(reverse("imports:upload"), {"body": body.pk, "files": [upload]})


def test_a_file_of_400000_lines_is_refused_at_once_with_the_reason(role_client, body):
    data = b"x\n" * 400_000  # 800 KB: under the size limit, far over the line limit
    started = time.perf_counter()
    response = post(role_client("officer"), body, SimpleUploadedFile("huge.txt", data))
    elapsed = time.perf_counter() - started
    content = response.content.decode()
    assert "“huge.txt” has 400,000 lines: at most 5,000 lines can be imported from one file" in (
        content
    )
    assert 'id="error-summary"' in content
    assert elapsed < 5
    assert not Meeting.objects.exists()


def test_the_largest_file_allowed_previews_in_under_five_seconds(role_client, body):
    head = [
        "Minutes of the Residents' Panel held on Tuesday 3 March 2020 at 7pm, Town Hall",
        "",
        "Present: Mr A Bell (Chair), Ms C Dunn, PC E Frost",
        "",
    ]
    lines = list(head)
    item = 0
    while len(lines) < MAX_LINES - 4:
        item += 1
        lines += [f"{item}. Report number {item}", ""]
        lines += ["Ms Dunn said that the figures for the month had been checked " * 26, ""]
    data = "\n".join(lines).encode()[: MAX_FILE_SIZE - 1]
    assert len(data.splitlines()) <= MAX_LINES and len(data) > MAX_FILE_SIZE * 0.9
    started = time.perf_counter()
    response = post(role_client("officer"), body, SimpleUploadedFile("long.txt", data))
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert 'class="count-present">3<' in response.content.decode()
    assert elapsed < 5, f"the preview took {elapsed:.1f} s"
