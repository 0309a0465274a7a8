import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from meetings.models import Meeting

pytestmark = pytest.mark.browser

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def test_the_officer_previews_and_imports_the_december_minutes(page, sign_in, users, body):
    sign_in(users["officer"]).goto("/import/")
    expect(page.get_by_role("heading", name="Import minutes")).to_be_visible()
    page.get_by_label("Body").select_option(label=body.short_name)
    page.get_by_label("Minutes files").set_input_files(str(next(SEEDS.glob("000_*.txt"))))
    page.get_by_role("button", name="Preview the import").click()

    expect(page.get_by_role("heading", name=re.compile("Preview"))).to_be_visible()
    expect(page.locator(".count-present")).to_have_text("20")
    expect(page.locator(".count-apologies")).to_have_text("10")
    expect(page.locator(".count-items")).to_have_text("11")
    expect(page.get_by_text("Nothing has been saved yet.")).to_be_visible()
    assert not Meeting.objects.exists()

    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("heading", name="Meeting minutes")).to_be_visible()
    expect(page.locator("#attendance")).to_contain_text("AK/1")
    expect(page.locator("#attendance")).to_contain_text("TVP LPA Commander")
    expect(page.locator("#apologies")).to_contain_text("ACP")
    expect(page.locator("#items")).to_contain_text("AK/1 Welcomed everyone to the meeting")
    assert Meeting.objects.get().attendance.count() == 30
    assert page.errors == []


def test_a_file_that_is_not_minutes_is_explained_at_the_top_and_by_the_field(
    page, sign_in, users, body
):
    sign_in(users["officer"]).goto("/import/")
    page.get_by_label("Minutes files").set_input_files(str(next(SEEDS.glob("004_*.txt"))))
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_role("alert")).to_contain_text("does not look like minutes")
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#id_files_error")).to_contain_text("does not look like minutes")
    assert page.errors == []


def test_the_preview_fits_a_phone(page, sign_in, users, body):
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(users["officer"]).goto("/import/")
    page.get_by_label("Minutes files").set_input_files(str(next(SEEDS.glob("001_*.txt"))))
    page.get_by_role("button", name="Preview the import").click()
    expect(page.locator(".count-present")).to_have_text("25")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
