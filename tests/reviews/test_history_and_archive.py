import datetime

import pytest
from django.urls import reverse
from states import move_to

from actions.models import Action
from meetings.models import AgendaItem, Meeting, MeetingStatus, Point
from members.models import Body
from reviews import services, snapshots
from reviews.history import MinutesHistory

SECRET = "Zanzibar-walrus"


def edit(row, by, **changes):
    for name, value in changes.items():
        setattr(row, name, value)
    row._history_user = by
    row.save()


def test_history_shows_who_changed_what(role_client, meeting, users):
    point = Point.objects.get(text="AK/1 Welcomed everyone.")
    edit(point, users["officer"], text="AK/1 Welcomed everyone to the Peartree Centre.")

    response = role_client("member").get(reverse("reviews:history", args=[meeting.pk]))

    html = response.content.decode()
    newest = html.split('class="history-event"')[1]
    assert "Officer" in newest or "officer" in newest
    assert "Point changed" in newest and "Welcome and Introductions" in newest
    assert "<ins>everyone to the Peartree Centre.</ins>" in newest
    assert "<del>everyone.</del>" in newest


def test_history_records_transitions_with_their_author(meeting, users, emails):
    services.circulate(meeting=meeting, by=users["officer"])
    record = meeting.history.first()
    assert (record.status, record.history_user) == ("circulated", users["officer"])


def test_any_two_versions_can_be_compared(role_client, meeting, users):
    item = AgendaItem.objects.get(number="1")
    history = MinutesHistory(meeting, with_confidential=True)
    start = history.last
    edit(item, users["officer"], title="Welcome")
    Point.objects.create(item=item, order=5, text="LH joined at 18:30.")

    url = reverse("reviews:history", args=[meeting.pk])
    html = role_client("officer").get(url, {"from": start, "to": start + 2}).content.decode()

    comparison = html.split('id="comparison"')[1].split("</section>")[0]
    assert f"Changes from version {start} to version {start + 2}" in comparison
    assert "1. <del>Welcome and Introductions:</del><ins>Welcome:</ins> IAG Chair" in comparison
    assert "<ins>LH joined at 18:30.</ins>" in comparison
    # The other way round, the same versions show the reverse.
    html = role_client("officer").get(url, {"from": start, "to": start + 1}).content.decode()
    assert "LH joined" not in html.split('id="comparison"')[1].split("</section>")[0]


def test_nonsense_versions_do_not_break_the_history_page(role_client, meeting):
    url = reverse("reviews:history", args=[meeting.pk])
    for query in ({"from": "abc", "to": "-3"}, {"from": "99999", "to": "0"}, {"page": "x"}):
        assert role_client("member").get(url, query).status_code == 200


def test_a_deleted_point_shows_as_removed(role_client, meeting, users):
    Point.objects.get(text="AK/1 Welcomed everyone.").delete()
    history = MinutesHistory(meeting, with_confidential=True)
    assert history.events[-1].action == "removed"
    assert "<del>AK/1 Welcomed everyone.</del>" in history.events[-1].diff


@pytest.mark.parametrize("role", ["guest", "outsider"])
def test_guests_do_not_read_the_history(role_client, meeting, role):
    assert role_client(role).get(reverse("reviews:history", args=[meeting.pk])).status_code == 403


def test_confidential_changes_are_hidden_without_the_right(meeting):
    history = MinutesHistory(meeting, with_confidential=False)
    assert any(event.hidden for event in history.events)
    assert all(SECRET not in event.diff for event in history.events)
    assert SECRET not in str(history.compare(0, history.last))


def test_an_action_of_a_confidential_item_is_hidden_without_the_right(meeting):
    secret_item = meeting.items.get(confidential=True)
    Action.objects.create(item=secret_item, description="Osprey-ledger follow-up with the family")
    hidden = MinutesHistory(meeting, with_confidential=False)
    shown = MinutesHistory(meeting, with_confidential=True)
    assert [e.hidden for e in hidden.events if e.kind == "action"] == [True]
    assert all("Osprey-ledger" not in e.diff for e in hidden.events)
    assert "Osprey-ledger" not in str(hidden.compare(0, hidden.last))
    assert any("Osprey-ledger" in e.diff for e in shown.events)


def test_a_circulated_snapshot_and_the_history_describe_the_minutes_alike(meeting):
    """Comparing a circulation's snapshot with the history's latest state finds no change."""
    history = MinutesHistory(meeting, with_confidential=True)
    latest = history.state_after(history.last)
    assert latest == snapshots.snapshot(meeting)
    assert snapshots.compare(snapshots.snapshot(meeting), latest, with_confidential=True) == []


# --- The public archive -------------------------------------------------------


@pytest.fixture
def publishing(body):
    body.publishes_minutes = True
    body.save()
    return body


def published_meeting(body, day, status=MeetingStatus.PUBLISHED):
    meeting = Meeting.objects.create(
        body=body, date=datetime.date(2022, 5, day), start_time=datetime.time(18), status="draft"
    )
    item = AgendaItem.objects.create(meeting=meeting, order=1, number="1", title="Open item")
    Point.objects.create(item=item, order=1, text="Open discussion.")
    secret = AgendaItem.objects.create(
        meeting=meeting, order=2, number="2", title="Case review", confidential=True
    )
    Point.objects.create(item=secret, order=1, text=f"{SECRET} details.")
    Point.objects.create(item=item, order=2, text=f"{SECRET} aside.", confidential=True)
    return move_to(meeting, status)


def test_the_archive_lists_published_minutes_for_anyone(client, publishing):
    shown = published_meeting(publishing, 4)
    response = client.get(reverse("reviews:archive"))
    assert response.status_code == 200
    html = response.content.decode()
    assert publishing.name in html and "2022" in html
    assert reverse("publishing:public_print", args=[shown.pk]) in html


@pytest.mark.parametrize("status", ["scheduled", "draft", "circulated", "approved", "cancelled"])
def test_the_archive_never_lists_unpublished_minutes(client, publishing, status):
    hidden = published_meeting(publishing, 5, status=status)
    html = client.get(reverse("reviews:archive")).content.decode()
    assert reverse("publishing:public_print", args=[hidden.pk]) not in html
    assert "No minutes have been published yet." in html


def test_the_archive_leaves_out_bodies_that_do_not_publish(client, body, other_body):
    published_meeting(body, 6)  # body.publishes_minutes is False
    html = client.get(reverse("reviews:archive")).content.decode()
    assert body.name not in html


def test_the_archive_and_the_edition_it_links_to_never_show_confidential_content(
    client, publishing
):
    meeting = published_meeting(publishing, 7)
    archive = client.get(reverse("reviews:archive")).content.decode()
    assert SECRET not in archive
    public = client.get(reverse("publishing:public_print", args=[meeting.pk]))
    assert public.status_code == 200
    html = public.content.decode()
    assert "Open discussion." in html and SECRET not in html


def test_the_archive_query_count_does_not_grow_with_meetings(
    client, publishing, other_body, django_assert_max_num_queries
):
    for day in range(1, 20):
        published_meeting(publishing, day)
    other_body.publishes_minutes = True
    other_body.save()
    published_meeting(other_body, 2)
    with django_assert_max_num_queries(2):
        client.get(reverse("reviews:archive"))
    assert Body.objects.filter(publishes_minutes=True).count() == 2


def test_the_history_includes_actions_once_their_history_is_registered(meeting, users):
    from actions.models import Action

    if not hasattr(Action, "history"):
        pytest.skip("Action is registered with django-simple-history by the actions app")
    item = AgendaItem.objects.get(number="1")
    Action.objects.create(item=item, description="JH to provide case studies")
    history = MinutesHistory(meeting, with_confidential=True)
    assert history.events[-1].kind == "action"
    assert "JH to provide case studies" in history.events[-1].diff


def test_with_the_history_middleware_an_editor_change_records_its_author(
    role_client, meeting, users, settings
):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "simple_history.middleware.HistoryRequestMiddleware",
    ]
    item = AgendaItem.objects.get(number="1")
    response = role_client("officer").post(
        reverse("meetings:row_create", args=[meeting.pk, "point"]),
        {"item": item.pk, "text": "MT joined late.", "kind": "discussion"},
    )
    assert response.status_code == 201
    event = MinutesHistory(meeting, with_confidential=True).events[-1]
    assert (event.kind, event.action, event.user) == ("point", "added", users["officer"])
