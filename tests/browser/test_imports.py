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


UNDATED = """Minutes of the Residents' Panel

Present: Mr A Bell (Chair), Ms C Dunn, PC E Frost

1. Welcome
Mr Bell welcomed everyone.

2. Police update
PC Frost said that burglaries were down.
Speeding on Mill Road
Ms Dunn asked for a speed check.
"""


def test_the_officer_gives_the_missing_date_changes_a_line_and_imports(
    page, sign_in, users, body, tmp_path
):
    minutes = tmp_path / "panel.txt"
    minutes.write_text(UNDATED, encoding="utf-8")
    sign_in(users["officer"]).goto("/import/")
    page.get_by_label("Minutes files").set_input_files(str(minutes))
    page.get_by_role("button", name="Preview the import").click()

    expect(page.get_by_role("heading", name="panel.txt: meeting date not found")).to_be_visible()
    expect(page.get_by_text("No date could be read from the file")).to_be_visible()
    # Importing without the date is refused, beside the field and at the top.
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#f0-date-error")).to_contain_text("Give the date of this meeting")
    assert not Meeting.objects.exists()

    page.get_by_role("textbox", name="Meeting date").fill("2020-03-03")
    lines = page.locator("#f0-lines")
    expect(lines).to_have_attribute("open", "")
    expect(lines.locator("#f0-line-10")).to_contain_text("Speeding on Mill Road")
    lines.get_by_label("Line 10 is").select_option(label="Agenda item")
    page.get_by_role("button", name="Update the preview").click()
    expect(
        page.get_by_role("heading", name="panel.txt: meeting of Tuesday 3 March 2020")
    ).to_be_visible()
    expect(page.locator(".count-items").first).to_have_text("3")
    assert not Meeting.objects.exists()

    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("heading", name="Meeting minutes")).to_be_visible()
    expect(page.locator("#meeting-status")).to_have_text("Approved")
    expect(page.locator("#items")).to_contain_text("Speeding on Mill Road")
    meeting = Meeting.objects.get()
    assert meeting.date.isoformat() == "2020-03-03"
    assert meeting.items.count() == 3
    assert meeting.imports.get().report["corrections"]["kinds"] == {"10": "item"}
    assert page.errors == []


def test_a_zip_of_many_minutes_imports_behind_a_progress_bar_with_a_report(
    page, sign_in, users, body, tmp_path
):
    import zipfile

    source = (
        Path(__file__).parents[1] / "imports" / "layouts" / "joint_committee_zoom.txt"
    ).read_text()
    archive = tmp_path / "years.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for month in ("January", "February", "March", "April", "May", "June", "July"):
            zipped.writestr(f"2020/{month}.txt", source.replace("1 July 2020", f"1 {month} 2020"))
        zipped.writestr("2020/strategy.txt", next(SEEDS.glob("004_*.txt")).read_text())
    sign_in(users["officer"]).goto("/import/")
    page.get_by_label("Minutes files").set_input_files(str(archive))
    page.get_by_role("button", name="Preview the import").click()
    expect(page.locator("#batch-summary tbody tr")).to_have_count(7)
    expect(page.get_by_text("Refused (1)")).to_be_visible()
    # A file's lines are loaded when opened.
    page.locator("#f2-lines summary").click()
    expect(page.locator("#f2-line-1")).to_contain_text("NORTH VALE JOINT POLICING COMMITTEE")

    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("Importing"))).to_be_visible()
    expect(page.locator("#import-report")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Needing attention (0)")).to_be_visible()
    expect(page.locator("#imported li")).to_have_count(7)
    expect(page.locator("#refused")).to_contain_text("strategy.txt")
    assert Meeting.objects.count() == 7
    assert page.errors == []
