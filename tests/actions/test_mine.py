import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from states import move_to

from actions.models import Action, ActionNote
from meetings.models import MeetingStatus

MINE = "/actions/mine/"


def test_my_actions_lists_only_my_own_open_actions_with_their_meeting(
    role_client, series, raise_action
):
    first, second, _third = series
    raise_action(first, "Mine: seek links", owners=("ME",))
    raise_action(second, "Shared with the officer", owners=("ME", "OF"))
    raise_action(first, "The officer's alone", owners=("OF",))
    content = role_client("member").get(MINE).content.decode()
    assert "Mine: seek links" in content
    assert "Shared with the officer" in content
    assert "The officer's alone" not in content
    assert f'href="{first.get_absolute_url()}">Test IAG 10 January 2022</a>' in content
    assert "item 3. Hate Crime Case Studies" in content


def test_overdue_actions_come_first_and_are_highlighted(role_client, series, raise_action):
    first = series[0]
    raise_action(first, "Due later", due=datetime.date.today() + datetime.timedelta(days=30))
    raise_action(first, "Long overdue", due=datetime.date(2022, 2, 1))
    content = role_client("member").get(MINE).content.decode()
    assert content.index("Long overdue") < content.index("Due later")
    assert content.count("is-overdue") == 1
    assert "Overdue</span>" in content


def test_closed_actions_follow_the_open_ones(role_client, users, series, raise_action):
    first = series[0]
    closed = raise_action(first, "Finished one")
    closed.set_status("done", by=users["officer"])
    closed.save()
    raise_action(first, "Still open")
    content = role_client("member").get(MINE).content.decode()
    assert (
        content.index("Still open")
        < content.index("Recently closed")
        < content.index("Finished one")
    )


def test_a_user_without_a_person_gets_an_explanation(role_client, series, raise_action):
    raise_action(series[0], "Someone's")
    response = role_client("outsider").get(MINE)
    assert response.status_code == 200
    content = response.content.decode()
    assert "not linked to a person" in content
    assert "Someone's" not in content


def test_a_guest_owner_sees_their_confidential_action_but_no_link_to_a_draft(
    role_client, series, raise_action
):
    first = series[0]
    raise_action(first, "Guest confidential task", owners=("GU",), item="Case review")
    content = role_client("guest").get(MINE).content.decode()
    assert "Guest confidential task" in content
    assert first.get_absolute_url() not in content  # a draft: guests may not read it
    move_to(first, MeetingStatus.APPROVED)
    content = role_client("guest").get(MINE).content.decode()
    assert first.get_absolute_url() in content


def test_the_owner_adds_a_progress_note(role_client, users, series, raise_action):
    action = raise_action(series[0], "Provide case studies")
    response = role_client("member").post(
        reverse("actions:note", args=[action.pk]), {"text": "Two case studies drafted"}
    )
    assert response.status_code == 302
    assert response.url == MINE
    note = ActionNote.objects.get()
    assert (note.text, note.created_by, note.meeting) == (
        "Two case studies drafted",
        users["member"],
        None,
    )
    content = role_client("member").get(MINE).content.decode()
    assert "Two case studies drafted" in content


def test_an_empty_note_is_explained_and_nothing_saved(role_client, series, raise_action):
    action = raise_action(series[0], "Provide case studies")
    response = role_client("member").post(reverse("actions:note", args=[action.pk]), {"text": ""})
    assert response.status_code == 400
    content = response.content.decode()
    assert 'role="alert"' in content
    summary = content.split('id="error-summary"')[1].split("</div>")[0]
    assert f'<a href="#note-{action.pk}-text">Progress update' in summary
    assert "Type an update before saving it." in summary
    assert 'aria-invalid="true"' in content
    assert not ActionNote.objects.exists()


def test_someone_else_may_not_add_notes_to_an_action(role_client, series, raise_action):
    action = raise_action(series[0], "The officer's", owners=("OF",))
    for role in ("member", "chair", "guest", "outsider"):
        response = role_client(role).post(
            reverse("actions:note", args=[action.pk]), {"text": "Sneaky"}
        )
        assert response.status_code == 403, role
    assert not ActionNote.objects.exists()


def test_my_actions_query_count_does_not_grow(role_client, users, series, raise_action):
    client = role_client("member")
    raise_action(series[0], "Baseline")
    closed = raise_action(series[0], "Baseline closed")
    closed.set_status("done", by=users["officer"])
    closed.save()

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(MINE)
        return len(queries)

    before = count()
    for n in range(12):
        action = raise_action(series[n % 3], f"Action {n}", owners=("ME", "OF"))
        ActionNote.objects.create(action=action, text="Note", created_by=users["officer"])
        if n % 4 == 0:
            action.set_status("done", by=users["officer"])
            action.save()
    assert count() == before


def test_visibility_follows_the_meeting_and_confidentiality(users, series, raise_action):
    first = series[0]
    open_action = raise_action(first, "Open item action", owners=("OF",))
    secret = raise_action(first, "Confidential action", owners=("OF",), item="Case review")
    guests_own = raise_action(first, "Guest's own secret", owners=("GU",), item="Case review")

    def visible(role):
        return set(Action.objects.visible_to(users[role]))

    assert visible("member") == {open_action, secret, guests_own}
    assert visible("guest") == {guests_own}  # the meeting is a draft
    move_to(first, MeetingStatus.APPROVED)
    assert visible("guest") == {open_action, guests_own}
    assert visible("outsider") == set()
    assert visible("superuser") == {open_action, secret, guests_own}


# --- At national scale -------------------------------------------------------------


def test_my_actions_reads_owned_and_group_owned_ids_in_one_union(users):
    """Not an OR across EXISTS subqueries, which PostgreSQL could only answer by scanning
    every action and agenda item (1 s at national scale): a UNION of two id lists, each
    read through its own indexes."""
    sql = str(Action.objects.for_owner(users["member"]).query)
    assert "UNION" in sql
    assert " OR EXISTS" not in sql.split("UNION")[0]


def test_a_group_action_of_a_body_the_person_left_is_not_theirs(
    users, series, other_body, add_meeting
):
    from members.models import Membership

    elsewhere = add_meeting(other_body, datetime.date(2022, 4, 4))
    item = elsewhere.items.get(title="Hate Crime Case Studies")
    Action.objects.create(item=item, description="Everyone elsewhere", owner_group="All")
    Action.objects.create(
        item=series[0].items.get(title="Hate Crime Case Studies"),
        description="Everyone here",
        owner_group="All",
    )
    member = users["member"]

    def owned():
        return set(Action.objects.for_owner(member).values_list("description", flat=True))

    assert owned() == {"Everyone here"}
    Membership.objects.filter(person__user=member).update(
        end_date=datetime.date.today() - datetime.timedelta(days=1)
    )
    assert owned() == set()


def test_each_cards_empty_note_field_is_written_as_crispy_forms_writes_it(series, raise_action):
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
    from django.template.loader import render_to_string
    from django.test import SimpleTestCase

    from actions.forms import NoteForm

    action = raise_action(series[0], 'Ask "Smith & Co" <today> ' + "about the review " * 8)
    empty = NoteForm(action=action)
    SimpleTestCase().assertHTMLEqual(
        render_to_string("actions/_note_field.html", {"note": empty, "action": action}),
        as_crispy_field(empty["text"]),
    )
    sent = NoteForm({"text": ""}, action=action)
    assert not sent.is_valid()
    written = render_to_string("actions/_note_field.html", {"note": sent, "action": action})
    assert "Type an update before saving it." in written


def test_my_actions_renders_no_form_field_template_per_card(role_client, series, raise_action):
    for n in range(5):
        raise_action(series[n % 3], f"Action {n}")
    response = role_client("member").get(MINE)
    assert response.content.decode().count('name="text"') == 5
    assert not [t.name for t in response.templates if t.name.endswith("/field.html")]


def test_my_open_actions_are_paged_with_their_count(
    role_client, users, series, raise_action, monkeypatch
):
    from actions import views

    monkeypatch.setattr(views, "MINE_PAGE_SIZE", 3)
    for n in range(4):
        raise_action(series[0], f"Open {n}", due=datetime.date(2030, 1, 1 + n))
    closed = raise_action(series[0], "Closed one")
    closed.set_status("done", by=users["officer"])
    closed.save()
    client = role_client("member")
    first = client.get(MINE).content.decode()
    assert [f"Open {n}" in first for n in range(4)] == [True, True, True, False]
    assert '<span class="badge text-bg-secondary">4</span>' in first
    assert 'href="?page=2"' in first and "Closed one" in first
    second = client.get(MINE, {"page": "2"}).content.decode()
    assert "Open 3" in second and "Open 0" not in second and "Closed one" not in second
    assert '<span class="badge text-bg-secondary">4</span>' in second
    assert "Open 0" in client.get(MINE, {"page": "nonsense"}).content.decode()


def test_a_note_refused_on_a_later_page_comes_back_on_that_page(
    role_client, series, raise_action, monkeypatch
):
    from actions import views

    monkeypatch.setattr(views, "MINE_PAGE_SIZE", 1)
    raise_action(series[0], "First", due=datetime.date(2030, 1, 1))
    later = raise_action(series[0], "Second", due=datetime.date(2030, 1, 2))
    client = role_client("member")
    page = client.get(MINE, {"page": "2"}).content.decode()
    assert f'action="/actions/{later.pk}/note/?page=2"' in page
    response = client.post(f"/actions/{later.pk}/note/?page=2", {"text": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Second" in html and "Type an update before saving it." in html
