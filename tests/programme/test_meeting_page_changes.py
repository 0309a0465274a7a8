"""One meeting from its page: cancelled (kept, marked, no longer the next meeting) or
deleted when made by mistake; calendar links from the address in use; the usual day;
the sign-off's choice of meeting."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from states import move_to

from meetings.models import AgendaItem, Meeting, MeetingStatus
from programme import services
from programme.models import CalendarToken, ChangeKind


def soon(days):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def held(body):
    """A past meeting with minutes, whose next meeting is what a mistake might replace."""
    meeting = Meeting.objects.create(body=body, date=soon(-30), start_time=datetime.time(18))
    move_to(meeting, MeetingStatus.DRAFT)
    return meeting


@pytest.fixture
def mistake(body):
    return Meeting.objects.create(body=body, date=soon(3), start_time=datetime.time(18))


@pytest.fixture
def real_next(body):
    return Meeting.objects.create(body=body, date=soon(40), start_time=datetime.time(18))


def test_a_mistaken_meeting_is_cancelled_from_its_page_and_stops_being_the_next(
    role_client, held, mistake, real_next, users
):
    from actions.services import default_due_date

    assert held.next_meeting() == mistake
    assert default_due_date(meeting=held) == mistake.date
    client = role_client("chair")
    page = client.get(mistake.get_absolute_url()).content.decode()
    assert reverse("programme:cancel_meeting", args=[mistake.pk]) in page
    confirm = client.get(reverse("programme:cancel_meeting", args=[mistake.pk]))
    assert "Cancel this meeting?" in confirm.content.decode()
    assert Meeting.objects.get(pk=mistake.pk).status == MeetingStatus.SCHEDULED  # not yet
    response = client.post(
        reverse("programme:cancel_meeting", args=[mistake.pk]), {"reason": "Wrong date"}
    )
    assert response.status_code == 302
    mistake.refresh_from_db()
    assert mistake.status == MeetingStatus.CANCELLED
    assert held.next_meeting() == real_next
    assert default_due_date(meeting=held) == real_next.date  # new actions fall due then
    page = client.get(mistake.get_absolute_url()).content.decode()
    assert "Cancelled" in page
    assert reverse("programme:cancel_meeting", args=[mistake.pk]) not in page
    home = role_client("officer").get(reverse("home")).content.decode()
    assert reverse("meetings:edit", args=[mistake.pk]) not in home
    assert reverse("meetings:edit", args=[real_next.pk]) in home  # the officer's next meeting
    change = mistake.programme_changes.get()
    assert (change.kind, change.reason, change.changed_by) == (
        ChangeKind.CANCELLED,
        "Wrong date",
        users["chair"],
    )


def test_an_officer_deletes_a_meeting_made_by_mistake_when_nothing_was_typed(
    role_client, held, mistake, real_next
):
    client = role_client("officer")
    page = client.get(mistake.get_absolute_url()).content.decode()
    assert reverse("programme:delete_meeting", args=[mistake.pk]) in page
    # Or keep it, marked cancelled: both are open to the officer (lifecycle: CANCEL_MEETING).
    assert reverse("programme:cancel_meeting", args=[mistake.pk]) in page
    assert (
        "Delete this meeting?"
        in client.get(reverse("programme:delete_meeting", args=[mistake.pk])).content.decode()
    )
    response = client.post(reverse("programme:delete_meeting", args=[mistake.pk]))
    assert response.status_code == 302 and response.url == reverse("meetings:list")
    assert not Meeting.objects.filter(pk=mistake.pk).exists()
    assert held.next_meeting() == real_next


def test_a_meeting_with_anything_typed_is_not_deleted(role_client, mistake):
    AgendaItem.objects.create(meeting=mistake, order=1, number="1", title="Welcome")
    client = role_client("officer")
    assert (
        "cannot be deleted"
        in client.get(reverse("programme:delete_meeting", args=[mistake.pk])).content.decode()
    )
    client.post(reverse("programme:delete_meeting", args=[mistake.pk]))
    assert Meeting.objects.filter(pk=mistake.pk).exists()
    with pytest.raises(services.ProgrammeError):
        services.delete_meeting(meeting=mistake, by=None)


def test_minutes_are_neither_cancelled_nor_deleted(role_client, held):
    for name in ("cancel_meeting", "delete_meeting"):
        response = role_client("chair").post(reverse(f"programme:{name}", args=[held.pk]))
        assert response.status_code == 302 and response.url == held.get_absolute_url()
    held.refresh_from_db()
    assert held.status == MeetingStatus.DRAFT


def test_a_past_meeting_without_minutes_says_no_minutes_yet(role_client, body):
    past = Meeting.objects.create(body=body, date=soon(-2), start_time=datetime.time(18))
    listing = role_client("member").get(reverse("meetings:list")).content.decode()
    assert "No minutes yet" in listing
    page = role_client("member").get(past.get_absolute_url()).content.decode()
    assert 'id="no-minutes-yet"' in page


def test_calendar_links_use_the_request_host_unless_iag_site_url_is_set(
    client, users, body, settings
):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["iag.example.net"]
    client.force_login(users["member"])
    page = client.get(reverse("programme:upcoming"), HTTP_HOST="iag.example.net").content.decode()
    token = CalendarToken.objects.get(user=users["member"]).token
    assert f'value="http://iag.example.net/programme/feed/{token}/test-iag.ics"' in page
    settings.SITE_URL = "https://portal.example.org"
    page = client.get(reverse("programme:upcoming"), HTTP_HOST="iag.example.net").content.decode()
    assert f'value="https://portal.example.org/programme/feed/{token}/test-iag.ics"' in page


def test_a_date_off_the_usual_day_is_pointed_out(role_client, body):
    for day in (1, 8, 15):  # Wednesdays in 2031
        Meeting.objects.create(
            body=body, date=datetime.date(2031, 1, day), start_time=datetime.time(18)
        )
    Meeting.objects.create(body=body, date=datetime.date(2031, 1, 21), start_time=datetime.time(18))
    html = role_client("member").get(reverse("programme:detail", args=[body.slug, 2031]))
    html = html.content.decode()
    assert "Wednesday 1 Jan 2031" in html
    assert "A Tuesday: this body usually meets on a Wednesday." in html
    assert html.count("day-note") == 1


def test_the_usual_day_needs_a_clear_favourite():
    def meeting(day):
        return Meeting(date=datetime.date(2031, 1, day), status=MeetingStatus.SCHEDULED)

    assert services.usual_weekday([meeting(1), meeting(8)]) is None
    assert services.usual_weekday([meeting(1), meeting(8), meeting(2), meeting(9)]) is None
    assert services.usual_weekday([meeting(1), meeting(8), meeting(15)]) == 2


def test_the_meeting_page_points_out_a_date_off_the_usual_day(role_client, body):
    for day in (1, 8, 15):  # Wednesdays in 2031
        Meeting.objects.create(
            body=body, date=datetime.date(2031, 1, day), start_time=datetime.time(18)
        )
    odd = Meeting.objects.create(
        body=body, date=datetime.date(2031, 1, 21), start_time=datetime.time(18)
    )
    page = role_client("officer").get(odd.get_absolute_url()).content.decode()
    assert "A Tuesday: this body usually meets on a Wednesday." in page


def test_the_officer_cancels_a_meeting_set_up_by_mistake_from_its_page(role_client, body):
    """Issue 15: the officer, not only the chair, calls off a wrong date; the lifecycle
    records it, and it stops being "the next meeting"."""
    import datetime

    from django.urls import reverse

    from meetings.models import Meeting, MeetingStatus
    from reviews.models import Transition

    wrong = Meeting.objects.create(
        body=body, date=datetime.date(2031, 5, 6), start_time=datetime.time(18)
    )
    client = role_client("officer")
    page = client.get(reverse("programme:cancel_meeting", args=[wrong.pk]))
    assert page.status_code == 200
    client.post(reverse("programme:cancel_meeting", args=[wrong.pk]), {"reason": "Wrong date"})
    wrong.refresh_from_db()
    assert wrong.status == MeetingStatus.CANCELLED
    assert Transition.objects.get(meeting=wrong).what == "cancelled"


def made_by_mistake(client, body):
    """The officer's *New meeting* with the wrong day: a draft holding the standard agenda."""
    from members.models import StandardItem

    StandardItem.objects.create(body=body, order=1, title="Welcome", lead="IAG Chair")
    for day in (1, 8, 15):  # Wednesdays in 2031
        Meeting.objects.create(
            body=body, date=datetime.date(2031, 1, day), start_time=datetime.time(18)
        )
    response = client.post(
        reverse("meetings:create"),
        {"body": body.pk, "date": "2031-01-21", "start_time": "18:00", "agenda": "standard"},
        follow=True,
    )
    return Meeting.objects.get(date=datetime.date(2031, 1, 21)), response.content.decode()


def test_a_new_meeting_on_the_wrong_day_is_pointed_out_and_deleted_from_its_page(role_client, body):
    client = role_client("officer")
    wrong, said = made_by_mistake(client, body)
    assert "A Tuesday: this body usually meets on a Wednesday." in said
    assert wrong.status == MeetingStatus.DRAFT and wrong.items.count() == 1
    earlier = Meeting.objects.get(date=datetime.date(2031, 1, 15))
    assert earlier.next_meeting() == wrong
    page = client.get(wrong.get_absolute_url()).content.decode()
    assert reverse("programme:delete_meeting", args=[wrong.pk]) in page
    confirm = client.get(reverse("programme:delete_meeting", args=[wrong.pk])).content.decode()
    assert "Delete this meeting?" in confirm and "cannot be deleted" not in confirm
    response = client.post(reverse("programme:delete_meeting", args=[wrong.pk]))
    assert response.status_code == 302 and response.url == reverse("meetings:list")
    assert not Meeting.objects.filter(pk=wrong.pk).exists()
    assert earlier.next_meeting() is None


@pytest.mark.parametrize("typed", ["point", "item title", "attendance"])
def test_a_new_meeting_with_anything_typed_in_it_is_not_deleted(role_client, body, typed):
    from meetings.models import Attendance, Point

    client = role_client("officer")
    draft, _said = made_by_mistake(client, body)
    item = draft.items.get()
    if typed == "point":
        Point.objects.create(item=item, order=1, text="AK welcomed everyone.")
    elif typed == "item title":
        item.title = "Welcome and introductions"
        item.save()
    else:
        Attendance.objects.create(meeting=draft, initials="AK", order=1)
    assert not services.untouched_draft(draft)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert reverse("programme:delete_meeting", args=[draft.pk]) not in page
    response = client.post(reverse("programme:delete_meeting", args=[draft.pk]))
    assert response.status_code == 302 and response.url == draft.get_absolute_url()
    assert Meeting.objects.filter(pk=draft.pk).exists()
    with pytest.raises(services.ProgrammeError):
        services.delete_meeting(meeting=draft, by=None)
