"""Issue 14: big uploads are refused with a clear message, and any preview stays quick.

Time is measured as the processor time of the request (the test client runs it in
this process), so that other work on a loaded machine does not count against it;
bench/import_bench.py reports the wall-clock time.
"""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.samples import long_minutes
from imports.uploads import MAX_FILE_SIZE, MAX_LINES
from meetings.models import Meeting


def post(client, body, upload):
    return client.post(reverse("imports:upload"), {"body": body.pk, "files": [upload]})


@pytest.mark.parametrize(
    "line",
    [
        b"x\n",  # 800 KB: under the size limit, far over the line limit
        b"Item\n",  # 2,000,000 bytes: the 2 MB, 400,000-line file of the issue
    ],
)
def test_a_file_of_400000_lines_is_refused_at_once_with_the_reason(role_client, body, line):
    data = line * 400_000
    assert len(data) <= MAX_FILE_SIZE
    started = time.process_time()
    response = post(role_client("officer"), body, SimpleUploadedFile("huge.txt", data))
    elapsed = time.process_time() - started
    content = response.content.decode()
    assert "“huge.txt” has 400,000 lines: at most 5,000 lines can be imported from one file" in (
        content
    )
    assert 'id="error-summary"' in content
    assert elapsed < 5
    assert not Meeting.objects.exists()


def test_the_largest_file_allowed_previews_in_under_five_seconds(role_client, body):
    data = long_minutes(MAX_FILE_SIZE, MAX_LINES)
    assert len(data.splitlines()) <= MAX_LINES and len(data) > MAX_FILE_SIZE * 0.9
    started = time.process_time()
    response = post(role_client("officer"), body, SimpleUploadedFile("long.txt", data))
    elapsed = time.process_time() - started
    assert response.status_code == 200
    assert 'class="count-present">3<' in response.content.decode()
    assert elapsed < 5, f"the preview took {elapsed:.1f} s"
