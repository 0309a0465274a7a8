import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from meetings.models import Meeting

pytestmark = pytest.mark.browser

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
LAYOUTS = Path(__file__).parents[1] / "imports" / "layouts"
MONTHS = ("January", "February", "March", "April", "May", "June", "July")


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
    # The officer finds it among the meetings, its minutes agreed.
    page.goto("/meetings/")
    row = page.get_by_role("row").filter(has_text="Tue 3 Mar 2020")
    expect(row.locator(".status-badge")).to_have_text("Approved")
    row.get_by_role("link", name="Tue 3 Mar 2020").click()
    expect(page.locator("#meeting-status")).to_have_text("Approved")
    assert page.errors == []


def seven_months(folder):
    """Seven months of one committee's minutes (its July layout), as files in `folder`."""
    source = (LAYOUTS / "joint_committee_zoom.txt").read_text()
    folder.mkdir()
    for month in MONTHS:
        (folder / f"{month}.txt").write_text(source.replace("1 July 2020", f"1 {month} 2020"))
    return folder


def test_a_folder_of_minutes_is_chosen_with_the_folder_picker_and_imported(
    page, sign_in, users, body, tmp_path
):
    folder = seven_months(tmp_path / "minutes 2020")
    (folder / "strategy.txt").write_text(next(SEEDS.glob("004_*.txt")).read_text())
    (folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    sign_in(users["officer"]).goto("/import/")
    picker = page.get_by_label("Or a whole folder of minutes")
    expect(picker).to_have_attribute("webkitdirectory", "")
    picker.set_input_files(str(folder))
    page.get_by_role("button", name="Preview the import").click()

    # Eight files: read by a task (at once in tests), then one preview each.
    expect(page.get_by_role("heading", name="8 files")).to_be_visible()
    summary = page.locator("#batch-summary tbody tr")
    expect(summary).to_have_count(8)
    expect(summary.filter(has_text="strategy.txt")).to_contain_text("does not look like minutes")
    expect(summary.filter(has_text="March.txt")).to_contain_text("1 Mar 2020")
    march = page.locator("details.import-file").filter(has_text="March.txt")
    march.locator("summary").click()
    expect(march.locator(".count-present")).to_have_text("9")
    expect(march.get_by_label("Meeting date")).to_have_value("2020-03-01")

    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("Minutes imported"))).to_be_visible()
    expect(page.locator("#imported li")).to_have_count(7)
    expect(page.locator("#refused")).to_contain_text("strategy.txt")
    assert sorted(m.date.month for m in Meeting.objects.all()) == [1, 2, 3, 4, 5, 6, 7]
    assert page.errors == []


@pytest.fixture
def tasks_wait(settings):
    """Tasks are queued and wait, as with a worker that has not reached them yet."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def test_a_zip_of_many_minutes_is_read_and_imported_behind_a_progress_bar(
    page, sign_in, users, body, tmp_path, tasks_wait
):
    import zipfile

    from imports import tasks
    from imports.models import ImportBatch

    folder = seven_months(tmp_path / "2020")
    archive = tmp_path / "years.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for month in MONTHS:
            zipped.write(folder / f"{month}.txt", f"2020/{month}.txt")
        zipped.writestr("2020/strategy.txt", next(SEEDS.glob("004_*.txt")).read_text())
    sign_in(users["officer"]).goto("/import/")
    page.get_by_label("Minutes files").set_input_files(str(archive))
    page.get_by_role("button", name="Preview the import").click()

    expect(page.get_by_role("heading", name=re.compile("Reading"))).to_be_visible()
    bar = page.get_by_role("progressbar", name="0 of 8 files read")
    expect(bar).to_have_attribute("max", "8")
    expect(page.locator("#import-progress-live")).to_have_attribute("aria-live", "polite")
    batch = ImportBatch.objects.get()
    tasks.read_batch.call(batch.pk)  # the worker reaches it: the page turns into the previews
    expect(page.locator("#batch-summary tbody tr")).to_have_count(8)
    page.locator("#f2-file summary").click()
    expect(page.locator("#f2-line-1")).to_contain_text("NORTH VALE JOINT POLICING COMMITTEE")

    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("Importing"))).to_be_visible()
    expect(page.get_by_role("progressbar", name="0 of 8 files imported")).to_be_visible()
    tasks.import_batch.call(batch.pk)
    expect(page.locator("#import-report")).to_be_visible()
    expect(page.get_by_text("Needing attention (0)")).to_be_visible()
    expect(page.locator("#imported li")).to_have_count(7)
    expect(page.locator("#refused")).to_contain_text("strategy.txt")
    assert Meeting.objects.count() == 7
    assert page.errors == []
