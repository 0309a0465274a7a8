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


# (points, reviewers) of the smaller and the larger minutes: one grows, the other not.
GROWING = {"points": ((30, 3), (300, 3)), "reviewers": ((30, 3), (30, 30))}


@pytest.mark.parametrize("grows", sorted(GROWING))
@pytest.mark.parametrize("role", ["member", "officer", "chair", "guest"])
def test_the_meeting_page_queries_do_not_grow_with_points_or_reviewers(
    role_client, body, other_body, users, role, grows
):
    """The review panel and the previous-minutes panel (the previous minutes, just as
    large) included."""
    # Each size of minutes in a body of its own, with its own previous minutes.
    for name in ("officer", "chair", "member", "guest"):
        membership = users[name].person.memberships.get()
        membership.pk, membership.body = None, other_body
        membership.save()
    agreed = role == "guest"  # guests read agreed minutes only
    client = role_client(role)
    counts = []
    places = ((body, 4), (other_body, 11))
    for (points, reviewers), (where, day) in zip(GROWING[grows], places, strict=True):
        size = {"points": points, "reviewers": reviewers}
        # Circulated, for the chair's sign-off; agreed for a guest, who reads no draft.
        minutes_of_size(where, users, day - 2, **size, agreed=agreed)
        meeting = minutes_of_size(where, users, day, **size, agreed=agreed)
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert f"{day - 2} January 2023" in page  # the previous minutes' panel is there
        counts.append(page_queries(client, meeting))
    assert counts[0] == counts[1]


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


def test_the_history_keeps_a_confidential_lead_and_amendment_reason_by_the_same_rule(
    agreed_with_secrets,
):
    """Readers of the history without confidential access (none today: the table gives
    the history and confidential content to the same roles) read it by the same rule."""
    from reviews.history import MinutesHistory

    def read(with_confidential):
        history = MinutesHistory(agreed_with_secrets, with_confidential=with_confidential)
        events = " ".join(f"{e.old} {e.new} {e.reason} {e.where} {e.diff}" for e in history.events)
        changes = " ".join(str(c.diff) for c in history.compare(0, history.last))
        return events, changes

    for text in read(with_confidential=False):
        assert "2. Case review" in text or "Case review" in text
        for planted in (LEAD, REASON, "anonymised", "Zanzibar"):
            assert planted not in text
    events, changes = read(with_confidential=True)
    assert LEAD in events and REASON in events and LEAD in changes


def test_the_minutes_of_agreed_minutes_are_rendered_once_per_version_and_edition(
    role_client, agreed_with_secrets, count_renders
):
    from meetings import views

    renders = count_renders(views)
    url = agreed_with_secrets.get_absolute_url()
    first = role_client("member").get(url).content.decode()
    again = role_client("member").get(url).content.decode()
    assert first.split('id="attendance-heading"')[1] == again.split('id="attendance-heading"')[1]
    assert renders == ["meetings/_meeting_minutes.html"]
    assert LEAD in again and "anonymised" in again and "AK/1 Welcomed everyone." in again
    # The guest reads the public edition, rendered for it, never the members' kept one.
    guest = role_client("guest").get(url).content.decode()
    assert LEAD not in guest and "anonymised" not in guest and "Welcomed everyone" in guest
    assert len(renders) == 2
    role_client("guest").get(url)
    assert len(renders) == 2
    # An amendment makes a new version: its text at once, rendered again.
    point = Point.objects.get(item__meeting=agreed_with_secrets, text__startswith="AK/1")
    services.amend(
        meeting=Meeting.objects.get(pk=agreed_with_secrets.pk),
        by=make_user("amender"),
        reason="Spelling",
        new_text="AK/1 Welcomed everyone warmly.",
        point=point,
    )
    amended = role_client("member").get(url).content.decode()
    assert "Welcomed everyone warmly." in amended and len(renders) == 3


def test_draft_minutes_are_rendered_for_each_reader_with_their_forms(
    role_client, meeting, count_renders
):
    from meetings import views

    renders = count_renders(views)
    move_to(meeting, "circulated")
    url = meeting.get_absolute_url()
    for _ in range(2):
        html = role_client("member").get(url).content.decode()
        assert "Suggest a correction" in html and 'name="csrfmiddlewaretoken"' in html
    assert renders == ["meetings/_meeting_minutes.html"] * 2
    point = Point.objects.get(item__meeting=meeting, text__startswith="AK/1")
    point.text = "AK/1 Welcomed all present."
    point.save()
    assert "Welcomed all present." in role_client("member").get(url).content.decode()
