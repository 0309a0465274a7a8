import datetime

import pytest
from playwright.sync_api import expect

from actions.models import Action, ActionNote
from meetings.models import AgendaItem, Attendance, Meeting, MeetingStatus
from members.models import ItemKind

pytestmark = pytest.mark.browser


@pytest.fixture
def two_meetings(body, users):
    """Meetings 1 and 2 of the body; the member and officer attend the first."""
    first, second = (
        Meeting.objects.create(
            body=body, date=date, start_time=datetime.time(18), status=MeetingStatus.DRAFT
        )
        for date in (datetime.date(2022, 1, 10), datetime.date(2022, 2, 14))
    )
    for meeting in (first, second):
        AgendaItem.objects.create(meeting=meeting, order=1, number="1", title="Welcome")
        AgendaItem.objects.create(
            meeting=meeting,
            order=2,
            number="2",
            title="Previous notes/actions",
            kind=ItemKind.PREVIOUS_MINUTES,
        )
        AgendaItem.objects.create(
            meeting=meeting, order=3, number="3", title="Hate Crime Case Studies"
        )
    for order, role in enumerate(("officer", "member"), start=1):
        person = users[role].person
        Attendance.objects.create(
            meeting=first,
            person=person,
            initials=person.memberships.get().initials,
            role=f"IAG {role}",
            order=order,
        )
    return first, second


def test_an_action_is_raised_progressed_by_its_owner_and_closed_at_the_next_meeting(
    page, sign_in, users, two_meetings
):
    first, second = two_meetings

    # The officer raises the action in meeting 1's editor; it falls due at meeting 2.
    sign_in(users["officer"]).goto(f"/meetings/{first.pk}/edit/")
    item_3 = page.locator(".agenda-item").filter(has=page.locator("input[name=number][value='3']"))
    item_3.get_by_role("button", name="Add action").click()
    page.keyboard.insert_text("ME")
    page.keyboard.press("Tab")
    page.keyboard.insert_text("JH will provide some case studies")
    expect(item_3.get_by_label("Due date")).to_have_value("2022-02-14")
    page.keyboard.press("Tab")
    expect(page.locator("#save-status")).to_contain_text("Saved")
    action = Action.objects.get()
    assert [owner.initials for owner in action.owners.all()] == ["ME"]
    assert action.due_date == datetime.date(2022, 2, 14)

    # The owner records progress on "My actions".
    page.context.clear_cookies()
    sign_in(users["member"]).goto("/actions/mine/")
    card = page.locator(f"#action-{action.pk}")
    expect(card).to_contain_text("JH will provide some case studies")
    expect(card).to_contain_text("Overdue")  # 14 Feb 2022 has passed
    card.get_by_label("Progress update").fill("Two case studies drafted")
    card.get_by_role("button", name="Add update").click()
    expect(page.get_by_role("status")).to_contain_text("Your update was saved.")
    expect(page.locator(f"#action-{action.pk} .action-notes")).to_contain_text(
        "Two case studies drafted"
    )

    # At meeting 2 the officer reviews it in the editor, under "Previous notes/actions":
    # an update by keyboard, then Done.
    page.context.clear_cookies()
    sign_in(users["officer"]).goto(f"/meetings/{second.pk}/edit/")
    item_2 = page.locator(".agenda-item").filter(has=page.locator("input[name=number][value='2']"))
    row = item_2.locator(f"#review-action-{action.pk}")
    expect(row).to_contain_text("Two case studies drafted")
    update = row.get_by_label("Update")
    update.fill("Circulated to members")
    update.press("Enter")
    expect(row.locator(".action-notes")).to_contain_text("(this meeting): Circulated to members")
    expect(row.get_by_label("Update")).to_be_focused()
    assert ActionNote.objects.filter(meeting=second).count() == 1

    row.get_by_role("button", name="Done").click()
    expect(row.locator(".action-closed-status")).to_have_text("Done")
    action.refresh_from_db()
    assert (action.status, action.closed_by) == ("done", users["officer"])

    page.reload()
    expect(page.locator("#no-outstanding-actions")).to_have_text(
        "There are no outstanding actions."
    )
    expect(page.locator("#closed-actions")).to_contain_text("JH will provide some case studies")
    assert page.errors == []


def test_my_actions_fits_a_phone(page, sign_in, users, two_meetings):
    first, _second = two_meetings
    action = Action.objects.create(
        item=first.items.get(number="3"), description="A long action " * 12
    )
    action.owners.add(first.attendance.get(initials="ME"))
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(users["member"]).goto("/actions/mine/")
    expect(page.get_by_role("heading", name="My actions")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_the_review_fits_a_phone_and_drops_an_action_by_keyboard(
    page, sign_in, users, two_meetings
):
    first, second = two_meetings
    action = Action.objects.create(item=first.items.get(number="3"), description="Stale request")
    action.owners.add(first.attendance.get(initials="ME"))
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(users["officer"]).goto(f"/actions/meeting/{second.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    row = page.locator(f"#review-action-{action.pk}")
    row.get_by_label("Update").fill("No longer relevant")
    row.get_by_label("Update").press("Tab")  # Save update
    page.keyboard.press("Tab")  # Done
    page.keyboard.press("Tab")  # Drop
    expect(row.get_by_role("button", name="Drop")).to_be_focused()
    page.keyboard.press("Enter")
    expect(row.locator(".action-closed-status")).to_have_text("Dropped")
    expect(row.get_by_role("button", name="Reopen")).to_be_focused()
    action.refresh_from_db()
    assert action.status == "dropped"
    assert action.notes.get().text == "No longer relevant"
    assert page.errors == []
