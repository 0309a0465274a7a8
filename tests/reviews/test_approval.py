import datetime

import pytest
from django.urls import reverse

from meetings.models import Meeting, MeetingStatus, Point
from reviews import services
from reviews.models import Amendment, SignOff, Transition


def sign_off_url(meeting):
    return reverse("reviews:sign_off", args=[meeting.pk])


def test_the_chair_signs_off_at_the_next_meeting(role_client, circulated, next_meeting, users):
    response = role_client("chair").post(
        sign_off_url(circulated),
        {"agreed_at": next_meeting.pk, "corrections": "item 1: LH sent apologies", "confirm": "on"},
    )
    assert response.status_code == 302
    assert response.url == next_meeting.get_absolute_url()
    circulated.refresh_from_db()
    assert circulated.status == MeetingStatus.APPROVED
    signed = SignOff.objects.get(meeting=circulated)
    assert (signed.agreed_at, signed.by, signed.corrections) == (
        next_meeting,
        users["chair"],
        "item 1: LH sent apologies",
    )
    transition = Transition.objects.filter(meeting=circulated).last()
    assert (transition.from_status, transition.to_status, transition.by) == (
        "circulated",
        "approved",
        users["chair"],
    )
    assert services.previous_minutes_line(next_meeting) == (
        "The minutes of the previous meeting (2 March 2022) were agreed as a correct record, "
        "with corrections: item 1: LH sent apologies."
    )


def test_the_line_without_corrections(circulated, next_meeting, users):
    assert services.previous_minutes_line(next_meeting) == ""
    services.sign_off(meeting=circulated, by=users["chair"], agreed_at=next_meeting)
    assert services.previous_minutes_line(next_meeting) == (
        "The minutes of the previous meeting (2 March 2022) were agreed as a correct record."
    )


def test_the_next_meetings_page_offers_the_chair_the_sign_off(
    role_client, circulated, next_meeting
):
    html = role_client("chair").get(next_meeting.get_absolute_url()).content.decode()
    assert "Record that the minutes of 2 March 2022 were agreed at this meeting" in html
    assert f'action="{sign_off_url(circulated)}"' in html
    member_html = role_client("member").get(next_meeting.get_absolute_url()).content.decode()
    assert "await the chair's sign-off" in member_html
    assert "Agree and sign off" not in member_html


def test_the_next_meetings_page_carries_the_line_once_agreed(role_client, approved, next_meeting):
    html = role_client("guest").get(next_meeting.get_absolute_url()).content.decode()
    assert "The minutes of the previous meeting (2 March 2022) were agreed" in html


def test_signing_off_needs_the_confirmation_and_keeps_what_was_typed(role_client, circulated):
    response = role_client("chair").post(
        sign_off_url(circulated), {"corrections": "item 2: spelling"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html and "Tick the box to sign the minutes off." in html
    assert 'href="#id_confirm"' in html and "item 2: spelling</textarea>" in html
    circulated.refresh_from_db()
    assert circulated.status == MeetingStatus.CIRCULATED


@pytest.mark.parametrize("role", ["officer", "member", "guest", "outsider"])
def test_only_the_chair_signs_off(role_client, circulated, next_meeting, role):
    response = role_client(role).post(
        sign_off_url(circulated), {"agreed_at": next_meeting.pk, "confirm": "on"}
    )
    assert response.status_code == 403
    circulated.refresh_from_db()
    assert circulated.status == MeetingStatus.CIRCULATED


def test_a_draft_that_was_never_circulated_cannot_be_signed_off(role_client, meeting):
    response = role_client("chair").post(sign_off_url(meeting), {"confirm": "on"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT and not SignOff.objects.exists()


def test_minutes_are_not_agreed_at_an_earlier_meeting(circulated, users):
    earlier = Meeting.objects.create(
        body=circulated.body, date=datetime.date(2022, 1, 5), start_time=datetime.time(18)
    )
    with pytest.raises(services.TransitionError, match="later meeting"):
        services.sign_off(meeting=circulated, by=users["chair"], agreed_at=earlier)


# --- Locked once approved -----------------------------------------------------


def test_editing_approved_minutes_in_place_is_refused(role_client, approved):
    point = Point.objects.get(text="AK/1 Welcomed everyone.")
    response = role_client("officer").post(
        reverse("meetings:row_save", args=[approved.pk, "point", point.pk]),
        {"version": point.version, "text": "Rewritten", "kind": "discussion"},
    )
    assert response.status_code == 409
    point.refresh_from_db()
    assert point.text == "AK/1 Welcomed everyone."


def test_the_officer_amends_approved_minutes_with_a_reason(role_client, approved, users):
    point = Point.objects.get(text="AK/1 Welcomed everyone.")
    response = role_client("officer").post(
        reverse("reviews:amend", args=[approved.pk]),
        {
            "target": f"point-{point.pk}",
            "new_text": "AK/1 welcomed everyone at 18:05.",
            "reason": "Start time added at the chair's request",
        },
    )
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.text == "AK/1 welcomed everyone at 18:05."
    amendment = Amendment.objects.get()
    assert (amendment.by, amendment.old_text, amendment.point) == (
        users["officer"],
        "AK/1 Welcomed everyone.",
        point,
    )
    latest = point.history.first()
    assert latest.history_user == users["officer"]
    assert latest.history_change_reason == "Amendment: Start time added at the chair's request"
    approved.refresh_from_db()
    assert approved.status == MeetingStatus.APPROVED  # still approved, still locked
    html = role_client("guest").get(approved.get_absolute_url()).content.decode()
    assert "Amended on" in html and "Start time added at the chair&#x27;s request" in html


def test_an_amendment_needs_a_reason_and_nothing_changes_without_one(role_client, approved):
    point = Point.objects.get(text="AK/1 Welcomed everyone.")
    response = role_client("officer").post(
        reverse("reviews:amend", args=[approved.pk]),
        {"target": f"point-{point.pk}", "new_text": "Changed text"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html and 'href="#id_reason"' in html
    assert "Changed text</textarea>" in html
    point.refresh_from_db()
    assert point.text == "AK/1 Welcomed everyone." and not Amendment.objects.exists()


def test_an_item_title_can_be_amended(approved, users):
    item = approved.items.get(number="1")
    services.amend(
        meeting=approved, by=users["officer"], reason="Typo", new_text="Welcome", item=item
    )
    item.refresh_from_db()
    assert item.title == "Welcome"


def test_a_confidential_amendment_shows_its_text_to_members_only(role_client, approved, users):
    secret = Point.objects.get(text__startswith="Zanzibar")
    services.amend(
        meeting=approved,
        by=users["officer"],
        reason="Name removed",
        new_text="Zanzibar-walrus case, anonymised.",
        point=secret,
    )
    guest_html = role_client("guest").get(approved.get_absolute_url()).content.decode()
    # Guests see that the minutes were amended, and when, but not the reason: it
    # concerns confidential content (issue 13: one rule per field).
    assert "Amended on" in guest_html and "The reason concerns confidential content." in guest_html
    assert "Name removed" not in guest_html and "Zanzibar" not in guest_html
    member_html = role_client("member").get(approved.get_absolute_url()).content.decode()
    assert "anonymised" in member_html and "Name removed" in member_html


@pytest.mark.parametrize("role", ["chair", "member", "guest"])
def test_only_officers_amend(role_client, approved, role):
    point = Point.objects.get(text="AK/1 Welcomed everyone.")
    response = role_client(role).post(
        reverse("reviews:amend", args=[approved.pk]),
        {"target": f"point-{point.pk}", "new_text": "x", "reason": "y"},
    )
    assert response.status_code == 403
    assert not Amendment.objects.exists()


def test_circulated_minutes_are_not_amended_but_edited(circulated, users):
    point = Point.objects.get(text="AK/1 Welcomed everyone.")
    with pytest.raises(services.TransitionError, match="cannot be amended"):
        services.amend(
            meeting=circulated, by=users["officer"], reason="r", new_text="n", point=point
        )


# --- Publishing ---------------------------------------------------------------


@pytest.mark.parametrize("role", ["officer", "chair"])
def test_the_officer_or_the_chair_publishes_approved_minutes(
    role_client, approved, body, role, users
):
    body.publishes_minutes = True
    body.save()
    response = role_client(role).post(reverse("reviews:publish", args=[approved.pk]))
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.status == MeetingStatus.PUBLISHED
    assert Transition.objects.filter(meeting=approved).last().by == users[role]


@pytest.mark.parametrize("role", ["member", "guest", "outsider"])
def test_others_may_not_publish(role_client, approved, body, role):
    body.publishes_minutes = True
    body.save()
    assert role_client(role).post(reverse("reviews:publish", args=[approved.pk])).status_code == 403
    approved.refresh_from_db()
    assert approved.status == MeetingStatus.APPROVED


def test_a_body_that_does_not_publish_is_refused(role_client, approved):
    response = role_client("officer").post(
        reverse("reviews:publish", args=[approved.pk]), follow=True
    )
    assert "does not publish its minutes" in response.content.decode()
    approved.refresh_from_db()
    assert approved.status == MeetingStatus.APPROVED


def test_circulated_minutes_cannot_be_published(circulated, body, users):
    body.publishes_minutes = True
    body.save()
    with pytest.raises(services.TransitionError, match="cannot be published"):
        services.publish(meeting=circulated, by=users["officer"])
