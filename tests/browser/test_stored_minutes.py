"""A download of agreed minutes whose file the worker has not made yet: the page says
so, follows the render, and offers the file once it is stored (WCAG 2.2 AA throughout)."""

from pathlib import Path

import pytest
from browser.test_accessibility import Findings, assert_nothing_found, check_page
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import expect
from states import move_to

from publishing.tasks import render_agreed_minutes

pytestmark = pytest.mark.browser

QUEUE_ONLY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@override_settings(TASKS=QUEUE_ONLY)
def test_a_download_not_ready_yet_is_prepared_and_then_offered(page, sign_in, users, meeting):
    move_to(meeting, "approved")  # queued, not rendered: no worker runs the queue here
    url = reverse("publishing:members_pdf", args=[meeting.pk])
    sign_in(users["member"]).goto(url)
    expect(
        page.get_by_role("heading", name="The PDF of the members' edition is being prepared")
    ).to_be_visible()
    status = page.get_by_role("status")
    expect(status).to_contain_text("Waiting for the next free worker")
    findings = Findings(axe=[], controls=[], reflow=[], text_resize=[], focus=[], titles={})
    check_page(page, "publishing:preparing", findings)
    assert_nothing_found("member", findings)

    with page.expect_response(lambda r: r.url.endswith(url) and "Ready." in r.text()):
        render_agreed_minutes.call(meeting.pk, meeting.version)  # the worker's turn
    expect(status).to_contain_text("is ready")
    with page.expect_download() as download:
        status.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename == "test-iag-2022-03-02-minutes-members.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")
