import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from meetings.models import Meeting, MeetingStatus

pytestmark = pytest.mark.browser

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_1157592b07b0273f.txt"


def seed_programme():
    text = SEED.read_text()
    return text[text.index("- 2nd February") : text.index("4. LPA Commanders")].strip()


def test_the_chair_pastes_the_programme_fixes_a_line_and_sees_the_meetings_upcoming(
    page, sign_in, users, body
):
    year = datetime.date.today().year + 1
    sign_in(users["chair"]).goto(f"/programme/{body.slug}/{year}/")
    expect(page.locator("#no-meetings")).to_contain_text(f"No meetings are set for {year}")
    page.get_by_role("link", name="Edit the programme").click()

    page.get_by_label("Paste lines").fill(seed_programme() + "\nEarly November – Road Safety")
    page.get_by_role("button", name="Read the lines into rows").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Line 9: No date found")
    expect(page.locator("fieldset.programme-row")).to_have_count(9)
    bad = page.locator("#row-9")
    expect(bad.get_by_label("Topic")).to_have_value("Early November – Road Safety")
    expect(page.locator("#row-1").get_by_label("Topic")).to_have_value(
        "Body Worn Video / Stop & Search"
    )

    summary.get_by_role("link", name=re.compile("Row 9, date")).click()
    expect(bad.get_by_label("Date")).to_be_focused()
    bad.get_by_label("Date").fill(f"{year}-11-16")
    bad.get_by_label("Topic").fill("Road Safety")
    page.get_by_role("button", name="Save the programme").click()

    expect(page.get_by_role("status")).to_contain_text("Programme saved: 9 added.")
    expect(page.locator("#programme tbody tr")).to_have_count(9)
    assert Meeting.objects.filter(body=body, status=MeetingStatus.SCHEDULED).count() == 9

    page.goto("/programme/upcoming/")
    upcoming = page.locator("#upcoming")
    expect(upcoming).to_contain_text("Body Worn Video / Stop & Search")
    expect(upcoming).to_contain_text("Road Safety")
    expect(upcoming).to_contain_text(f"2 Feb {year}")
    expect(page.get_by_label(f"Calendar link for {body.name}")).to_have_value(
        re.compile(rf"/programme/feed/[\w-]+/{body.slug}\.ics$")
    )
    assert page.errors == []


def test_the_programme_editor_works_on_a_phone(page, sign_in, users, body):
    page.set_viewport_size({"width": 375, "height": 740})
    year = datetime.date.today().year + 1
    sign_in(users["chair"]).goto(f"/programme/{body.slug}/{year}/edit/")
    page.get_by_label("Paste lines").fill("2nd February – Body Worn Video")
    page.get_by_role("button", name="Read the lines into rows").click()
    expect(page.locator("#row-1").get_by_label("Topic")).to_have_value("Body Worn Video")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.goto("/programme/upcoming/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
