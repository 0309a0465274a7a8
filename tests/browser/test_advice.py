"""The advice journey: the officer turns a point into advice during a meeting, the
partner officer records the response, the chair prints the year's "You said, we did"."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from states import move_to

from advice.models import Advice
from meetings.models import AgendaItem, Attendance, Meeting, MeetingStatus, Point
from members.models import ItemKind

pytestmark = pytest.mark.browser

ADVISED = "The IAG recommended that body worn video is reviewed with the youth forum."


@pytest.fixture
def two_meetings(body, users):
    today = timezone.localdate()
    first, second = (
        Meeting.objects.create(
            body=body,
            date=today + datetime.timedelta(days=days),
            start_time=datetime.time(18),
            status=MeetingStatus.DRAFT,
        )
        for days in (-20, 20)
    )
    for meeting in (first, second):
        Attendance.objects.create(meeting=meeting, initials="AK/1", role="IAG Chair", order=1)
        for order, title in enumerate(
            ["Welcome", "Previous notes/actions", "Stop and Search Data"], start=1
        ):
            AgendaItem.objects.create(
                meeting=meeting,
                order=order,
                number=str(order),
                title=title,
                kind=ItemKind.from_title(title),
            )
    return first, second


def test_a_point_becomes_advice_the_partner_answers_and_the_chair_prints_the_year(
    page, sign_in, users, two_meetings
):
    first, second = two_meetings

    # The officer, during the meeting, types the point in the editor and turns it into
    # advice with Alt+R, the focus still in it.
    sign_in(users["officer"]).goto(f"/meetings/{first.pk}/edit/")
    item = page.locator(".agenda-item").filter(has=page.locator("input[name=number][value='3']"))
    item.get_by_role("button", name="Add point").click()
    page.keyboard.insert_text(ADVISED)
    expect(page.locator("#save-status")).to_have_text(re.compile(r"^Saved \d\d:\d\d:\d\d"))
    point = item.locator("form[data-kind=point][data-id]")
    expect(point.locator("[data-raise-advice]")).to_be_visible()
    with page.expect_response(lambda r: r.url.endswith("/advice/raise/")) as raised:
        page.keyboard.press("Alt+r")
    assert raised.value.status == 201
    expect(page.locator("#advice-status")).to_contain_text("Raised as advice.")
    expect(point.locator("[data-raise-advice]")).to_have_text("Advice raised")
    advice = Advice.objects.get()
    assert advice.point == Point.objects.get(item__meeting=first, text=ADVISED)

    # ... and says to whom, and who will answer.
    point.get_by_role("link", name="Say to whom").click()
    page.locator("#id_addressee").fill("TVP Neighbourhood Policing")
    page.get_by_label("Answered by").select_option(label="Guest")
    page.get_by_role("button", name="Save the advice").click()
    expect(page.locator("h1")).to_contain_text("Advice to TVP Neighbourhood Policing")

    # The next meeting carries it under "Previous notes/actions", with its age.
    page.goto(f"/meetings/{second.pk}/")
    carried = page.locator(f"#carried-advice-{advice.pk}")
    expect(carried).to_contain_text("TVP Neighbourhood Policing")
    expect(carried).to_contain_text("5 weeks")
    expect(carried).to_contain_text("Awaiting a response")
    move_to(first, MeetingStatus.APPROVED)
    page.context.clear_cookies()

    # The partner officer, with a guest login, records the response and the outcome.
    sign_in(users["guest"]).goto("/advice/to-answer/")
    page.get_by_role("link", name=re.compile("body worn video")).click()
    page.get_by_label("Partly accepted").check()
    page.locator("#id_response_reasons").fill("Footage of minors cannot be shown.")
    page.get_by_label("What will be done").fill("Redacted footage reviewed each quarter")
    page.get_by_role("button", name="Record the response").click()
    expect(page.locator("#advice-response")).to_contain_text("Partly accepted")
    page.locator("#id_outcome").fill("Two reviews held; forum satisfied")
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator("#advice-status-text")).to_have_text("Answered")
    expect(page.locator("#advice-history")).to_contain_text("Response: Partly accepted")
    page.context.clear_cookies()

    # The chair prints the year's "You said, we did", public edition.
    sign_in(users["chair"]).goto("/advice/")
    expect(page.locator(f"#ledger-advice-{advice.pk}")).to_contain_text("Answered")
    page.locator("#public-report").click()
    report = page.locator("#report-document")
    expect(report).to_contain_text("You said, we did")
    expect(report).to_contain_text("Redacted footage reviewed each quarter")
    expect(report).to_contain_text("Two reviews held; forum satisfied")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    assert download.value.suggested_filename.endswith("-you-said-we-did-public.pdf")
    assert page.errors == []
