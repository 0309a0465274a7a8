"""The history squashes an officer's autosaves of one row within a few minutes into
one entry (every version stays recorded), and works out only the diffs it shows."""

import datetime

from django.urls import reverse
from django.utils import timezone

from meetings.models import Point
from reviews import history as history_module
from reviews.history import SQUASH_WINDOW, MinutesHistory


def autosave(point, by, text, *, at=None):
    point.text = text
    point._history_user = by
    if at is not None:
        point._history_date = at
    point.save()


def test_a_thousand_autosaves_of_one_point_show_a_handful_of_entries(
    role_client, meeting, users, django_assert_max_num_queries
):
    point = Point.objects.get(text="AK/1 Welcomed everyone.")
    before = MinutesHistory(meeting, with_confidential=True)
    start = timezone.now()
    for n in range(1000):
        # Typed over twelve minutes: a save every 0.72 s.
        at = start + datetime.timedelta(milliseconds=720 * n)
        autosave(point, users["officer"], f"AK/1 Welcomed everyone ({n}).", at=at)

    history = MinutesHistory(meeting, with_confidential=True)
    added = history.events[len(before.events) :]
    assert 2 <= len(added) <= 4  # one entry for each five minutes of typing
    assert sum(event.saves for event in added) == 1000
    assert history.last == before.last + 1000  # every version is still there
    assert added[-1].number == history.last
    assert "<ins>(999).</ins>" in added[-1].diff

    url = reverse("reviews:history", args=[meeting.pk])
    client = role_client("member")
    with django_assert_max_num_queries(15):
        html = client.get(url).content.decode()
    assert html.count('class="history-event"') == len(history.events)
    assert "saves</span>" in html


def test_saves_further_apart_than_the_window_are_entries_of_their_own(meeting, users):
    point = Point.objects.get(text="AK/1 Welcomed everyone.")
    start = timezone.now()
    autosave(point, users["officer"], "First.", at=start)
    autosave(point, users["officer"], "Second.", at=start + SQUASH_WINDOW / 2)
    autosave(point, users["officer"], "Third.", at=start + SQUASH_WINDOW * 2)
    events = MinutesHistory(meeting, with_confidential=True).events
    first, second = events[-2:]
    assert (first.saves, second.saves) == (2, 1)
    assert "<del>AK/1 Welcomed everyone.</del><ins>Second.</ins>" in first.diff
    assert "<del>Second.</del><ins>Third.</ins>" in second.diff


def test_another_persons_save_or_another_row_is_another_entry(meeting, users):
    point = Point.objects.get(text="AK/1 Welcomed everyone.")
    other = Point.objects.get(text="Zanzibar-walrus case details.")
    autosave(point, users["officer"], "By the officer.")
    autosave(other, users["officer"], "Another row.")
    autosave(point, users["chair"], "By the chair.")
    autosave(point, users["chair"], "By the chair, again.")
    events = MinutesHistory(meeting, with_confidential=True).events[-3:]
    assert [(e.user, e.saves) for e in events] == [
        (users["officer"], 1),
        (users["officer"], 1),
        (users["chair"], 2),
    ]


def test_saves_of_one_row_interleaved_with_others_still_squash(meeting, users):
    point = Point.objects.get(text="AK/1 Welcomed everyone.")
    other = Point.objects.get(text="Zanzibar-walrus case details.")
    for n in range(3):
        autosave(point, users["officer"], f"Point {n}.")
        autosave(other, users["officer"], f"Other {n}.")
    events = MinutesHistory(meeting, with_confidential=True).events[-2:]
    assert [e.saves for e in events] == [3, 3]
    assert [e.number for e in events] == sorted(e.number for e in events)


def test_the_page_works_out_only_the_diffs_it_shows(role_client, meeting, users, monkeypatch):
    items = [Point.objects.get(text="AK/1 Welcomed everyone.")]
    for n in range(80):  # eighty points added: eighty entries, two pages
        items.append(Point.objects.create(item=items[0].item, order=10 + n, text=f"P{n}."))
    calls = []
    real = history_module.word_diff
    monkeypatch.setattr(
        history_module, "word_diff", lambda old, new: calls.append(1) or real(old, new)
    )
    html = role_client("member").get(reverse("reviews:history", args=[meeting.pk])).content
    assert html.decode().count('class="history-event"') == 50
    assert len(calls) <= 50
