"""The minutes' review journey, from circulation to the public archive."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect
from states import move_to

from meetings.models import Meeting, MeetingStatus, Point
from members.models import Person

pytestmark = pytest.mark.browser

MARCH_2 = datetime.date(2022, 3, 2)
SECRET = "Quetzal-lantern"


def login(username):
    return get_user_model().objects.get(username=username)


def test_minutes_go_from_circulation_to_the_public_archive(page, sign_in, demo, live_server):
    demo.publishes_minutes = True
    demo.save()
    for person in Person.objects.filter(memberships__body=demo):
        person.email = f"{person.name.split()[0].lower()}@example.org"
        person.save()
    meeting = Meeting.objects.get(body=demo, date=MARCH_2)
    point = meeting.items.get(number="3").points.order_by("order")[1]
    secret_item = meeting.items.get(number="4")
    secret_item.confidential = True
    secret_item.save()
    Point.objects.create(item=secret_item, order=99, text=f"{SECRET} operational detail.")
    following = meeting.next_meeting()
    member = login("member").person

    # The officer circulates the draft.
    sign_in(login("officer")).goto(meeting.get_absolute_url())
    expect(page.locator("#review-state")).to_contain_text("Draft")
    page.get_by_role("button", name="Circulate to members").click()
    expect(page.get_by_role("heading", name="Members' reviews")).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text("Version 1 circulated")
    notice = next(m for m in mail.outbox if m.to == [member.email])
    assert f"/meetings/{meeting.pk}/" in notice.body and SECRET not in notice.body

    # A member asks for a correction to a point.
    sign_in(login("member")).goto(meeting.get_absolute_url())
    expect(page.locator("#review-state")).to_contain_text("Circulated for review (version 1")
    at_point = page.locator(f"#point-{point.pk}")
    at_point.get_by_text("Suggest a correction").click()
    at_point.get_by_label("What should change?").fill("It was the College, not the school.")
    at_point.get_by_role("button", name="Send the correction").click()
    expect(page.get_by_role("status").first).to_contain_text("Your correction is with the officer")
    expect(page.locator(f"#point-{point.pk} .correction")).to_contain_text(
        "It was the College, not the school."
    )
    page.get_by_role("button", name="Request changes").click()
    expect(page.get_by_role("status").first).to_contain_text("request for changes was sent")

    # The officer sees it, fixes the point in the editor and re-circulates.
    sign_in(login("officer")).goto(f"/review/{meeting.pk}/reviews/")
    row = page.locator('tr[data-initials="NA"]')
    expect(row).to_contain_text("Asked for changes")
    expect(row).to_contain_text("It was the College, not the school.")
    page.get_by_role("link", name="editor").click()
    page.locator(f"#point-{point.pk}-text").fill(point.text + " Checked with the College.")
    expect(page.locator("#save-status")).to_have_text(re.compile(r"^Saved \d\d:\d\d:\d\d"))
    page.goto(f"/review/{meeting.pk}/reviews/")
    page.get_by_label("Note to members (optional)").fill("Item 3 corrected.")
    page.get_by_role("button", name="Re-circulate to members").click()
    expect(page.get_by_role("status").first).to_contain_text("Version 2 circulated")

    # The member sees what changed since their review, and approves.
    sign_in(login("member")).goto(meeting.get_absolute_url())
    changes = page.get_by_role("region", name="Changes since version 1, which you reviewed")
    expect(changes.locator("ins")).to_have_text("Checked with the College.")
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("you approved these minutes")

    # The chair signs them off at the next meeting.
    sign_in(login("chair")).goto(following.get_absolute_url())
    previous = page.get_by_role("region", name="Previous minutes (2 March 2022)")
    previous.get_by_label("Corrections noted (optional)").fill("item 3: the College")
    previous.get_by_label("I confirm, as chair, that these minutes are a correct record").check()
    previous.get_by_role("button", name="Agree and sign off").click()
    expect(page.locator(".previous-minutes-line")).to_have_text(
        "The minutes of the previous meeting (2 March 2022) were agreed as a correct record, "
        "with corrections: item 3: the College."
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.APPROVED

    # Approved minutes are locked; the chair publishes them.
    page.goto(meeting.get_absolute_url())
    expect(page.locator("#review-state")).to_contain_text("Approved as a correct record")
    page.get_by_role("button", name="Publish the public edition").click()
    expect(page.get_by_role("status").first).to_contain_text("Published")

    # Anyone finds them in the public archive, in their public edition only.
    visitor = page.context.browser.new_context(base_url=live_server.url)
    public = visitor.new_page()
    public.goto("/review/archive/")
    expect(public.get_by_role("heading", name="Published minutes")).to_be_visible()
    public.get_by_role("link", name="Minutes of Wednesday 2 March 2022").click()
    expect(public.locator("body")).to_contain_text("Checked with the College.")
    assert SECRET not in public.content()
    visitor.close()
    assert page.errors == []


def test_the_review_panel_fits_a_phone(page, sign_in, demo):
    meeting = Meeting.objects.get(body=demo, date=MARCH_2)
    move_to(meeting, MeetingStatus.CIRCULATED)
    from reviews.models import Circulation

    Circulation.objects.create(meeting=meeting, number=1)
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(login("member")).goto(meeting.get_absolute_url())
    expect(page.get_by_role("button", name="Approve subject to corrections")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.errors == []


def test_the_officer_amends_approved_minutes_and_the_history_shows_it(page, sign_in, demo):
    meeting = Meeting.objects.get(body=demo, date=datetime.date(2021, 12, 7))
    assert meeting.status == MeetingStatus.APPROVED
    point = meeting.items.get(number="3").points.order_by("order").first()

    sign_in(login("officer")).goto(meeting.get_absolute_url())
    page.get_by_role("link", name="Amend the minutes").click()
    page.wait_for_url(f"**/{meeting.pk}/amend/")  # and its script, which fills the new text
    page.get_by_label("What to amend").select_option(f"point-{point.pk}")
    new_text = page.get_by_label("New text")
    expect(new_text).to_have_value(point.text)  # starts from the text as it stands
    new_text.fill(point.text + " (Wednesday 7pm start.)")
    page.get_by_role("button", name="Record the amendment").click()
    expect(page.get_by_role("alert")).to_contain_text("Reason for the amendment")
    expect(page.get_by_label("New text")).to_have_value(point.text + " (Wednesday 7pm start.)")
    page.get_by_label("Reason for the amendment").fill("Start time confirmed by the chair")
    page.get_by_role("button", name="Record the amendment").click()

    expect(page.locator("#amendments")).to_contain_text(
        "by Debbie Lawson: Start time confirmed by the chair"
    )
    page.get_by_role("link", name="History of changes").click()
    newest = page.locator(".history-event").first
    expect(newest).to_contain_text("Point changed")
    expect(newest).to_contain_text("Amendment: Start time confirmed by the chair")
    expect(newest.locator("ins")).to_contain_text("(Wednesday 7pm start.)")
    assert page.errors == []


def test_the_chair_withdraws_published_minutes_from_the_archive(page, sign_in, demo, live_server):
    demo.publishes_minutes = True
    demo.save()
    meeting = Meeting.objects.get(body=demo, date=datetime.date(2021, 12, 7))
    move_to(meeting, MeetingStatus.PUBLISHED)

    sign_in(login("chair")).goto(meeting.get_absolute_url())
    page.get_by_role("link", name="Withdraw from publication").click()
    page.get_by_role("button", name="Withdraw from publication").click()
    expect(page.get_by_role("alert")).to_contain_text("Reason for withdrawing")
    page.get_by_label("Reason for withdrawing").fill("Item 4 names a witness")
    page.get_by_role("button", name="Withdraw from publication").click()

    expect(page.get_by_role("status").first).to_contain_text("Withdrawn")
    expect(page.locator("#review-state")).to_contain_text("Approved as a correct record")
    page.get_by_text("Who did what").click()
    expect(page.locator("#transitions")).to_contain_text(
        "withdrawn from publication by Adeel Karim (Item 4 names a witness)"
    )

    visitor = page.context.browser.new_context(base_url=live_server.url)
    public = visitor.new_page()
    public.goto("/review/archive/")
    expect(public.get_by_role("link", name="Minutes of Tuesday 7 December 2021")).to_have_count(0)
    public.goto(f"/minutes/{meeting.pk}/public/")
    expect(public).to_have_url(re.compile(r"/login/\?next="))
    expect(public.get_by_role("button", name="Sign in")).to_be_visible()
    visitor.close()
    assert page.errors == []
