"""The home page: what waits for each person, and nothing from a body they are not in."""

import datetime

import pytest
from conftest import make_user
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from states import move_to

from actions.models import Action
from meetings.models import AgendaItem, Attendance, Meeting, MeetingStatus
from members.models import Role
from reviews import services
from reviews.models import Correction


def soon(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def section(html, key):
    """The HTML of one section of the home page ('' if it is not shown)."""
    marker = f'id="home-{key}"'
    if marker not in html:
        return ""
    return html.split(marker, 1)[1].split("</section>", 1)[0]


def add_meeting(body, days, status=MeetingStatus.SCHEDULED, **fields):
    meeting = Meeting.objects.create(
        body=body, date=soon(days), start_time=datetime.time(18, 30), **fields
    )
    if status == MeetingStatus.SCHEDULED:
        return meeting
    move_to(meeting, MeetingStatus.DRAFT)
    AgendaItem.objects.create(meeting=meeting, order=1, number="1", title="Welcome")
    if status == MeetingStatus.CIRCULATED:
        services.circulate(meeting=meeting, by=None)
    elif status != MeetingStatus.DRAFT:
        move_to(meeting, status)
    return meeting


@pytest.fixture
def world(body, other_body, users):
    """Meetings in each state in `body`, and the same in a body nobody here is in."""
    body.publishes_minutes = True
    body.save()
    made = {
        "tonight": add_meeting(body, 0, location="The Point"),
        "later": add_meeting(body, 40, topic="Stop and Search"),
        "draft": add_meeting(body, -10, MeetingStatus.DRAFT),
        "circulated": add_meeting(body, -60, MeetingStatus.CIRCULATED),
        "approved": add_meeting(body, -120, MeetingStatus.APPROVED),
    }
    for key in ("tonight", "draft", "circulated"):
        add_meeting(
            other_body,
            {"tonight": 1, "draft": -9, "circulated": -59}[key],
            MeetingStatus.SCHEDULED if key == "tonight" else key,
        )
    item = made["approved"].items.get()
    # An action owned by the member, one done, one of another person.
    mine = Attendance.objects.create(
        meeting=made["draft"], initials="ME", person=users["member"].person, order=1
    )
    theirs = Attendance.objects.create(meeting=made["draft"], initials="XX", order=2)
    draft_item = made["draft"].items.get()
    open_action = Action.objects.create(
        item=draft_item, description="Find the venue", due_date=soon(-1)
    )
    open_action.owners.add(mine)
    done = Action.objects.create(
        item=draft_item, description="Book the room", status="done", closed_at=timezone.now()
    )
    done.owners.add(mine)
    other = Action.objects.create(item=draft_item, description="Someone else's job")
    other.owners.add(theirs)
    made["item"] = item
    return made


def home(role_client, role):
    response = role_client(role).get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_officer_is_offered_tonights_meeting_drafts_corrections_and_publishing(
    role_client, world, users
):
    services.suggest_correction(
        meeting=world["circulated"],
        member=users["member"].person,
        text="It was LH.",
        item=world["circulated"].items.get(),
    )
    html = home(role_client, "officer")
    tonight = section(html, "tonight")
    assert "Start the minutes" in tonight and "Tonight, 18:30, The Point" in tonight
    assert reverse("meetings:edit", args=[world["tonight"].pk]) in tonight
    assert reverse("meetings:edit", args=[world["later"].pk]) not in tonight  # the next only
    drafts = section(html, "drafts")
    assert reverse("meetings:detail", args=[world["draft"].pk]) in drafts
    assert drafts.count("home-task ") == 1  # nothing from the other body
    corrections = section(html, "corrections")
    assert "1 correction to answer" in corrections
    assert reverse("meetings:detail", args=[world["circulated"].pk]) in corrections
    publish = section(html, "publish")
    assert reverse("meetings:detail", args=[world["approved"].pk]) in publish
    assert section(html, "review") == "" and section(html, "sign_off") == ""


def test_a_member_sees_what_to_review_with_the_deadline_their_actions_and_the_next_meeting(
    role_client, world
):
    html = home(role_client, "member")
    review = section(html, "review")
    deadline = world["circulated"].circulations.get().deadline
    assert f"review by {deadline:%A} {deadline.day} {deadline:%B}" in review
    assert reverse("meetings:detail", args=[world["circulated"].pk]) in review
    assert review.count("home-task ") == 1
    actions = section(html, "actions")
    assert "Find the venue" in actions and "(overdue)" in actions
    assert "Book the room" not in actions and "Someone else" not in actions
    assert reverse("meetings:detail", args=[world["tonight"].pk]) in section(html, "next")
    assert section(html, "drafts") == "" and section(html, "sign_off") == ""


def test_a_members_review_leaves_their_home(role_client, world, users):
    services.record_review(
        meeting=world["circulated"], member=users["member"].person, decision="approve"
    )
    assert "Nothing waits for you." in section(home(role_client, "member"), "review")


def test_the_chair_sees_minutes_to_sign_off_and_the_programmes_next_dates(role_client, world):
    html = home(role_client, "chair")
    sign_off = section(html, "sign_off")
    assert reverse("reviews:sign_off", args=[world["circulated"].pk]) in sign_off
    assert sign_off.count("home-task ") == 1
    programme = section(html, "programme")
    assert "Stop and Search" in programme
    assert programme.count("home-task ") == 2  # tonight and later, not the other body's
    assert section(html, "drafts") == ""


def test_an_outsider_and_a_guest_see_nothing_of_the_drafts(role_client, world):
    for role in ("outsider", "guest"):
        html = home(role_client, role)
        for key in ("drafts", "review", "sign_off", "corrections", "actions"):
            assert section(html, key) == "", (role, key)
        assert reverse("meetings:detail", args=[world["draft"].pk]) not in html


def test_the_home_page_query_count_is_flat_in_meetings_and_actions(role_client, world, body, users):
    def count(role):
        client = role_client(role)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        return len(queries)

    before = {role: count(role) for role in ("officer", "member", "chair")}
    for days in range(2, 8):
        add_meeting(body, -days * 30 - 200, MeetingStatus.CIRCULATED)
        add_meeting(body, days * 7, topic=f"Topic {days}")
        add_meeting(body, -days - 400, MeetingStatus.DRAFT)
    attendee = Attendance.objects.filter(person=users["member"].person).first()
    draft_item = world["draft"].items.get()
    for n in range(10):
        action = Action.objects.create(item=draft_item, description=f"Task {n}")
        action.owners.add(attendee)
    after = {role: count(role) for role in ("officer", "member", "chair")}
    assert after == before


def test_signing_in_lands_on_the_home_page(client, users):
    from conftest import PASSWORD

    response = client.post(reverse("login"), {"login": "member", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")


def test_a_person_in_two_bodies_sees_both(role_client, world, other_body, users):
    from members.models import Membership

    Membership.objects.create(
        body=other_body, person=users["member"].person, role=Role.MEMBER, initials="ME"
    )
    review = section(home(role_client, "member"), "review")
    assert review.count("home-task ") == 2
    assert make_user  # the helper is shared with other tests


def test_a_person_opts_out_of_emails_from_their_home(role_client, users):
    client = role_client("member")
    assert "Stop these emails" in client.get(reverse("home")).content.decode()
    client.post(reverse("email_preference"), {"emails": "off"})
    users["member"].person.refresh_from_db()
    assert users["member"].person.emails_opted_out
    assert "Email me again" in client.get(reverse("home")).content.decode()
    client.post(reverse("email_preference"), {"emails": "on"})
    users["member"].person.refresh_from_db()
    assert not users["member"].person.emails_opted_out


def test_a_long_section_shows_the_first_ten_in_date_order_and_says_how_many_more(role_client, body):
    for days in range(1, 15):
        add_meeting(body, -days * 7, MeetingStatus.DRAFT)
    html = home(role_client, "officer")
    drafts = section(html, "drafts")
    assert drafts.count('class="home-task card') == 10
    assert '<span class="badge text-bg-secondary">14</span>' in drafts
    assert "The first 10 are shown, in date order; 4 more" in drafts
    assert "14 things wait for you." in html


def tasks(html):
    """{section key: [the href of each task's button]} of a home page."""
    import re

    found = {}
    for key, body in re.findall(r'id="home-(\w+)" aria-labelledby.*?(.*?)</section>', html, re.S):
        found[key] = re.findall(r'class="btn btn-primary home-task-action" href="([^"]+)"', body)
    return found


def test_each_role_sees_exactly_what_waits_for_it_and_nothing_of_another_body(
    role_client, world, users, other_body
):
    """The other body has a meeting in every state, an open correction, minutes to
    publish and an action of the member's person: none of it reaches anyone here."""
    other_body.publishes_minutes = True
    other_body.save()
    theirs = Meeting.objects.filter(body=other_body)
    circulated_elsewhere = theirs.get(status=MeetingStatus.CIRCULATED)
    add_meeting(other_body, -130, MeetingStatus.APPROVED)
    for meeting in (world["circulated"], circulated_elsewhere):
        Correction.objects.create(
            circulation=meeting.circulations.get(),
            person=users["member"].person,
            item=meeting.items.get(),
            text="It was LH.",
        )
    draft_elsewhere = theirs.get(status=MeetingStatus.DRAFT)
    attended = Attendance.objects.create(
        meeting=draft_elsewhere, initials="ME", person=users["member"].person, order=1
    )
    Action.objects.create(
        item=draft_elsewhere.items.get(), description="Another body's task"
    ).owners.add(attended)

    def detail(key, anchor=""):
        return reverse("meetings:detail", args=[world[key].pk]) + anchor

    programme = reverse("programme:detail", args=["test-iag", world["tonight"].date.year])
    later = reverse("programme:detail", args=["test-iag", world["later"].date.year])
    mine = Action.objects.get(description="Find the venue")
    expected = {
        "officer": {
            "tonight": [reverse("meetings:edit", args=[world["tonight"].pk])],
            "drafts": [detail("draft", "#minutes-review")],
            "corrections": [detail("circulated", "#items")],
            "publish": [detail("approved", "#minutes-review")],
        },
        "member": {
            "review": [detail("circulated")],
            "actions": [reverse("actions:mine") + f"#action-{mine.pk}"],
            "next": [detail("tonight")],
        },
        "chair": {
            "review": [detail("circulated")],
            "actions": [],
            "sign_off": [reverse("reviews:sign_off", args=[world["circulated"].pk])],
            "programme": [programme, later],
        },
    }
    for role, sections in expected.items():
        html = home(role_client, role)
        assert tasks(html) == sections, role
        assert "Other, " not in html and "Another body" not in html, role


def test_corrections_still_open_on_approved_minutes_are_listed_where_the_body_does_not_publish(
    role_client, body, users
):
    """The home page reads approved minutes only of bodies that publish (for "Minutes to
    publish"); open corrections are found from the corrections themselves."""
    body.publishes_minutes = False
    body.save()
    meeting = add_meeting(body, -30, MeetingStatus.CIRCULATED)
    services.suggest_correction(
        meeting=meeting, member=users["member"].person, text="It was LH.", item=meeting.items.get()
    )
    move_to(meeting, MeetingStatus.APPROVED)
    html = home(role_client, "officer")
    corrections = section(html, "corrections")
    assert "1 correction to answer" in corrections
    assert reverse("meetings:detail", args=[meeting.pk]) in corrections
    assert section(html, "publish").count("home-task ") == 0


def test_only_the_tasks_shown_are_made(role_client, body, monkeypatch):
    """A national superuser's sections hold thousands of meetings: the links (URL
    reversals) are made for the first ten of each section only."""
    from iag_portal import home as home_module

    calls = []
    real = home_module.reverse

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(home_module, "reverse", counting)

    def reversals():
        calls.clear()
        html = home(role_client, "officer")
        return len(calls), html

    for days in range(1, 13):
        add_meeting(body, -days * 7, MeetingStatus.DRAFT)
    with_twelve, _html = reversals()
    for days in range(13, 40):
        add_meeting(body, -days * 7, MeetingStatus.DRAFT)
    with_many, html = reversals()
    assert with_many == with_twelve
    assert "The first 10 are shown, in date order; 29 more" in section(html, "drafts")


def test_the_home_page_reads_its_meetings_as_rows_not_model_instances(role_client, world, body):
    """A national superuser's sections count some 2,000 meetings: read as rows, a fifth
    of the cost of model instances (each task shown is made from a row)."""
    from unittest import mock

    for days in range(2, 8):
        add_meeting(body, days * 7, topic=f"Topic {days}")
        add_meeting(body, -days - 400, MeetingStatus.DRAFT)
    client = role_client("chair")
    made = []
    from_db = Meeting.from_db.__func__

    def counted(cls, *args, **kwargs):
        made.append(cls)
        return from_db(cls, *args, **kwargs)

    with mock.patch.object(Meeting, "from_db", classmethod(counted)):
        html = client.get(reverse("home")).content.decode()
    assert "Topic 2" in html
    assert made == []
