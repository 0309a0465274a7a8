"""A saved point is sent without the decision boxes until it is made a decision (issue 20:
a lighter editor); made one, it gets them, and the mover and vote are saved."""

import re

import pytest
from playwright.sync_api import expect

from committee.models import Decision
from meetings.models import Meeting, MeetingStatus, Point

pytestmark = pytest.mark.browser


def test_a_point_made_a_decision_gets_the_mover_and_vote_boxes(page, sign_in, demo):
    from django.contrib.auth import get_user_model

    meeting = Meeting.objects.filter(body=demo, status=MeetingStatus.DRAFT).first()
    point = Point.objects.filter(item__meeting=meeting).exclude(kind="decision").first()
    chair = meeting.attendance.order_by("order").first()
    sign_in(get_user_model().objects.get(username="officer"))
    page.goto(f"/meetings/{meeting.pk}/edit/")
    row = page.locator(f"[data-row='point-{point.pk}']")
    expect(row.get_by_label("Kind of point")).to_be_visible()
    expect(row.locator(".decision-fields")).to_have_count(0)

    row.get_by_label("Kind of point").select_option("decision")
    row.get_by_label("Proposed by").fill(chair.initials)

    def the_vote_saved(response):  # the kind's save may answer before the vote's
        body = response.request.post_data or ""
        return (
            response.request.method == "POST"
            and response.url.endswith(f"/point/{point.pk}/")
            and 'name="votes_for"\r\n\r\n4\r\n' in body
            and response.ok
        )

    with page.expect_response(the_vote_saved, timeout=90_000):
        row.get_by_label("For", exact=True).fill("4")
        row.get_by_label("For", exact=True).press("Tab")
    expect(page.locator("#save-status")).to_have_text(
        re.compile(r"^Saved \d\d:\d\d:\d\d"), timeout=90_000
    )
    decision = Decision.objects.filter(point=point, votes_for=4).first()
    assert decision is not None and decision.proposer == chair
    assert page.errors == []
