"""On a phone: a member signs in, suggests a correction to a point in item 4 and
approves subject to it without scrolling back up; the officer accepts it; the chair
signs off from the home page; the PDF carries the signed line."""

import datetime
import re
import subprocess

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from meetings.management.commands.load_demo import DEMO_PASSWORD
from meetings.models import Meeting, MeetingStatus
from reviews import services
from reviews.models import Correction, CorrectionState, Decision, Review

pytestmark = pytest.mark.browser

MARCH_2 = datetime.date(2022, 3, 2)
IPHONE_13 = {"width": 390, "height": 844}


def login(username):
    return get_user_model().objects.get(username=username)


def no_sideways_scroll(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_review_on_a_phone_then_accept_sign_off_and_print(page, sign_in, demo):
    meeting = Meeting.objects.get(body=demo, date=MARCH_2)
    services.circulate(meeting=meeting, by=login("officer"))
    point = meeting.items.get(number="4").points.order_by("order").first()
    page.set_viewport_size(IPHONE_13)

    # The member signs in and lands on their home, which points to the review.
    page.goto("/login/")
    page.get_by_label("Username").fill("member")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    waiting = page.locator("#home-review")
    expect(waiting).to_contain_text("2 March 2022")
    expect(waiting).to_contain_text("review by")
    no_sideways_scroll(page, IPHONE_13["width"])
    waiting.get_by_role("link", name=re.compile("Review the minutes")).click()
    expect(page.get_by_role("heading", name="Meeting minutes")).to_be_visible()
    no_sideways_scroll(page, IPHONE_13["width"])

    # Item 4 is far down the page; the correction control opens in place beside the point.
    at_point = page.locator(f"#point-{point.pk}")
    at_point.scroll_into_view_if_needed()
    at_point.get_by_text("Suggest a correction").click()
    at_point.get_by_label("What should change?").fill("The date of the operation was 3 March.")
    at_point.get_by_label("Suggested wording (optional)").fill(point.text + " (3 March)")
    at_point.get_by_role("button", name="Send the correction").click()
    expect(page.get_by_role("status").first).to_contain_text("Your correction is with the officer")
    expect(page.locator(f"#point-{point.pk} .correction")).to_contain_text("3 March")

    # Back where they were reading, not at the top: the review bar is at hand.
    expect(page).to_have_url(re.compile(f"#point-{point.pk}$"))
    expect(page.locator(f"#point-{point.pk}")).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 1000
    subject = page.get_by_role("button", name="Approve subject to corrections")
    expect(subject).to_be_in_viewport()
    box = subject.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    subject.click()
    expect(page.get_by_role("status").first).to_contain_text("subject to your corrections")
    review = Review.objects.get(person=login("member").person)
    assert review.decision == Decision.APPROVE_SUBJECT
    assert Correction.objects.get().point == point

    # The officer goes from their home to the correction and accepts it in one click.
    sign_in(login("officer")).goto("/")
    corrections = page.locator("#home-corrections")
    expect(corrections).to_contain_text("1 correction to answer")
    corrections.get_by_role("link", name=re.compile("Answer corrections")).click()
    at_point = page.locator(f"#point-{point.pk}")
    at_point.get_by_role("button", name=re.compile("Accept into the text")).click()
    expect(page.get_by_role("status").first).to_contain_text("correction is in the draft")
    expect(page.locator(f"#point-{point.pk} .minutes-point")).to_contain_text("(3 March)")
    assert Correction.objects.get().state == CorrectionState.ACCEPTED

    # The chair signs off from the home page.
    sign_in(login("chair")).goto("/")
    waiting = page.locator("#home-sign_off")
    expect(waiting).to_contain_text("2 March 2022")
    waiting.get_by_role("link", name=re.compile("Sign off")).click()
    expect(page.get_by_label("Agreed at the meeting of")).to_be_visible()
    page.get_by_label("I confirm, as chair, that these minutes are a correct record").check()
    page.get_by_role("button", name="Agree and sign off").click()
    expect(page.get_by_role("status").first).to_contain_text("approved and signed off")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.APPROVED

    # The PDF carries the signed line.
    pdf = page.request.get(f"/minutes/{meeting.pk}/members.pdf")
    assert pdf.ok
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=pdf.body(),
        capture_output=True,
        check=True,
    ).stdout.decode()
    text = " ".join(text.split())
    assert "Approved as a correct record on" in text
    assert "signed by" in text and ", Chair" in text
    assert meeting.sign_off.fingerprint[:16] in text.replace(" ", "")
    assert page.errors == []


@pytest.mark.parametrize("username", ["officer", "member", "chair"])
def test_the_home_and_the_draft_fit_a_360_px_phone(page, sign_in, demo, username):
    meeting = Meeting.objects.get(body=demo, date=MARCH_2)
    services.circulate(meeting=meeting, by=login("officer"))
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(login(username)).goto("/")
    expect(page.get_by_role("heading", name=re.compile("^Hello"))).to_be_visible()
    no_sideways_scroll(page, 360)
    for link in page.locator(".home-task-action").all():
        box = link.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
    page.goto(meeting.get_absolute_url())
    expect(page.get_by_role("heading", name="Meeting minutes")).to_be_visible()
    no_sideways_scroll(page, 360)
    for control in page.locator(".suggest-correction > summary, .review-bar .btn").all()[:20]:
        box = control.bounding_box()
        assert box["height"] >= 24 and box["width"] >= 24
    assert page.errors == []


def test_the_review_pages_and_the_programme_fit_a_360_px_phone(page, sign_in, demo):
    meeting = Meeting.objects.get(body=demo, date=MARCH_2)
    services.circulate(meeting=meeting, by=login("officer"))
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(login("chair"))
    for url in (
        f"/review/{meeting.pk}/reviews/",
        f"/review/{meeting.pk}/sign-off/",
        f"/programme/{demo.slug}/2022/",
        "/programme/upcoming/",
        "/meetings/",
    ):
        page.goto(url)
        expect(page.locator("h1")).to_be_visible()
        no_sideways_scroll(page, 360)
    assert page.errors == []
