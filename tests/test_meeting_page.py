"""The meeting page is built from presenters (the edition, the review panels): a guest
reads nothing a public edition would not print, and the page's queries do not grow
with the minutes or the number of reviewers."""

import datetime

import pytest
from conftest import make_user
from django.db import connection
from django.test.utils import CaptureQueriesContext
from states import move_to

from meetings.models import AgendaItem, Meeting, Point
from publishing.editions import Edition, EditionNotAllowed, NoSuchMinutes, meeting_for_edition
from reviews import services
from reviews.models import Decision, Review

LEAD = "Quetzal-lighthouse"
REASON = "Marmoset-anvil"


@pytest.fixture
def agreed_with_secrets(meeting, users):
    secret = meeting.items.get(confidential=True)
    secret.lead = LEAD
    secret.save()
    move_to(meeting, "approved")
    services.amend(
        meeting=meeting,
        by=users["officer"],
        reason=f"{REASON}: the family's name taken out",
        new_text="Case details, anonymised.",
        point=secret.points.get(),
    )
    return meeting


@pytest.mark.parametrize("status", ["approved", "published"])
def test_a_guest_reads_no_confidential_lead_or_amendment_reason(
    role_client, agreed_with_secrets, status
):
    move_to(agreed_with_secrets, status)
    html = role_client("guest").get(agreed_with_secrets.get_absolute_url()).content.decode()
    assert "2. Case review" in html  # number and title only
    assert "Confidential - not for publication." in html
    for planted in (LEAD, REASON, "anonymised", "Zanzibar"):
        assert planted not in html
    members = role_client("member").get(agreed_with_secrets.get_absolute_url()).content.decode()
    assert LEAD in members and REASON in members and "anonymised" in members


def test_the_meeting_page_offers_what_the_lifecycle_allows(role_client, meeting):
    officer = role_client("officer").get(meeting.get_absolute_url()).content.decode()
    assert "Circulate to members" in officer
    assert "Sign off as a correct record" not in officer
    move_to(meeting, "circulated")
    chair = role_client("chair").get(meeting.get_absolute_url()).content.decode()
    assert "Sign off as a correct record" in chair and "Circulate to members" not in chair


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def minutes_of_size(body, users, day, *, points, reviewers, agreed):
    """A circulated (or agreed) meeting with `points` points and `reviewers` reviews."""
    meeting = Meeting.objects.create(
        body=body, date=datetime.date(2023, 1, day), start_time=datetime.time(18), status="draft"
    )
    for number, confidential in ((1, False), (2, True)):
        item = AgendaItem.objects.create(
            meeting=meeting,
            order=number,
            number=str(number),
            title="Item",
            lead="JH",
            confidential=confidential,
        )
        Point.objects.bulk_create(
            Point(item=item, order=n, text=f"Point {n}") for n in range(points // 2)
        )
    circulation = services.circulate(meeting=meeting, by=users["officer"])
    for n in range(reviewers):
        initials = f"R{LETTERS[n % 26]}{LETTERS[n // 26]}{LETTERS[day]}"
        user = make_user(f"reviewer{day}-{n}", body=body, role="member", initials=initials)
        Review.objects.create(
            circulation=circulation, person=user.person, decision=Decision.APPROVE, user=user
        )
    if agreed:
        services.sign_off(meeting=meeting, by=users["chair"])
    return meeting


def page_queries(client, meeting):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(meeting.get_absolute_url()).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["member", "officer", "chair", "guest"])
def test_the_meeting_page_queries_do_not_grow_with_points_or_reviewers(
    role_client, body, other_body, users, role
):
    # Each set of minutes alone in its body, so neither has a previous meeting to show.
    for name in ("officer", "chair", "member", "guest"):
        membership = users[name].person.memberships.get()
        membership.pk, membership.body = None, other_body
        membership.save()
    agreed = role == "guest"  # guests read agreed minutes only
    small = minutes_of_size(body, users, 4, points=30, reviewers=3, agreed=agreed)
    large = minutes_of_size(other_body, users, 11, points=300, reviewers=30, agreed=agreed)
    client = role_client(role)
    page_queries(client, small)  # a session's first page caches it and notes its second factor
    assert page_queries(client, small) == page_queries(client, large)


def test_the_edition_builder_speaks_of_the_minutes_not_of_http(meeting, users, db):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(EditionNotAllowed) as anonymous:
        meeting_for_edition(AnonymousUser(), meeting.pk, Edition.PUBLIC)
    assert anonymous.value.sign_in_first
    with pytest.raises(EditionNotAllowed) as outsider:
        meeting_for_edition(users["outsider"], meeting.pk, Edition.MEMBERS)
    assert not outsider.value.sign_in_first
    with pytest.raises(NoSuchMinutes):
        meeting_for_edition(users["member"], 999999, Edition.MEMBERS)
    assert meeting_for_edition(users["member"], meeting.pk, Edition.MEMBERS) == meeting
