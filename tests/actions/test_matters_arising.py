import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.models import Action, ActionNote

HTMX = {"HTTP_HX_REQUEST": "true"}


def page_url(meeting):
    return reverse("actions:matters_arising", args=[meeting.pk])


def test_the_page_lists_earlier_open_actions_with_owner_and_origin(
    role_client, series, raise_action
):
    first, second, _third = series
    raise_action(first, "Seek links to the Palestinian families", owners=("ME", "OF"))
    content = role_client("officer").get(page_url(second)).content.decode()
    assert "1 outstanding action from earlier meetings" in content
    assert 'OF, ME</strong> - <span class="action-description">Seek links' in content
    assert "Raised 10 Jan 2022, item 3. Hate Crime Case Studies" in content


def test_the_page_says_when_there_are_no_outstanding_actions(role_client, series):
    content = role_client("officer").get(page_url(series[1])).content.decode()
    assert "There are no outstanding actions." in content


def test_it_refuses_members_and_chairs(role_client, series):
    assert role_client("member").get(page_url(series[1])).status_code == 403
    assert role_client("chair").get(page_url(series[1])).status_code == 403


def test_an_update_typed_in_the_review_is_saved_against_the_meeting(
    role_client, users, series, raise_action
):
    first, second, _third = series
    action = raise_action(first, "Provide case studies")
    response = role_client("officer").post(
        reverse("actions:note", args=[action.pk]),
        {"text": "JH has two ready", "meeting": second.pk},
        **HTMX,
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith(
        f'<li class="list-group-item action-review" id="review-action-{action.pk}"'
    )
    assert "(this meeting): JH has two ready" in content
    note = ActionNote.objects.get()
    assert (note.action, note.meeting, note.created_by, note.text) == (
        action,
        second,
        users["officer"],
        "JH has two ready",
    )


def test_an_empty_update_is_explained_in_the_row(role_client, series, raise_action):
    first, second, _third = series
    action = raise_action(first, "Provide case studies")
    response = role_client("officer").post(
        reverse("actions:note", args=[action.pk]), {"text": "  ", "meeting": second.pk}, **HTMX
    )
    content = response.content.decode()
    assert 'role="alert"' in content
    assert "Type an update before saving it." in content
    assert 'aria-invalid="true"' in content
    assert not ActionNote.objects.exists()


def test_without_htmx_an_empty_update_keeps_the_page_with_an_error_summary(
    role_client, series, raise_action
):
    first, second, _third = series
    action = raise_action(first, "Provide case studies")
    too_long = "x" * 2001
    response = role_client("officer").post(
        reverse("actions:note", args=[action.pk]), {"text": too_long, "meeting": second.pk}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert 'id="error-summary"' in content
    assert f'href="#note-{action.pk}-text"' in content
    assert too_long in content


def test_done_closes_the_action_and_it_leaves_the_list(role_client, users, series, raise_action):
    first, second, third = series
    action = raise_action(first, "Provide case studies")
    client = role_client("officer")
    response = client.post(
        reverse("actions:close", args=[action.pk]),
        {"status": "done", "text": "Circulated", "meeting": second.pk},
        **HTMX,
    )
    content = response.content.decode()
    assert "is-closed" in content
    assert "Closed as done</strong>. Circulated" in content
    action.refresh_from_db()
    assert (action.status, action.closed_by) == ("done", users["officer"])
    assert ActionNote.objects.get().meeting == second

    reloaded = client.get(page_url(second)).content.decode()
    assert "There are no outstanding actions." in reloaded
    assert "Closed at this meeting" in reloaded
    assert "There are no outstanding actions." in client.get(page_url(third)).content.decode()


def test_without_htmx_closing_goes_back_to_the_review(role_client, series, raise_action):
    first, second, _third = series
    action = raise_action(first, "Provide case studies")
    response = role_client("officer").post(
        reverse("actions:close", args=[action.pk]), {"status": "dropped", "meeting": second.pk}
    )
    assert response.status_code == 302
    assert response.url == page_url(second)
    assert Action.objects.get().status == "dropped"


def test_closing_with_a_bad_status_changes_nothing(role_client, series, raise_action):
    first, second, _third = series
    action = raise_action(first, "Provide case studies")
    response = role_client("officer").post(
        reverse("actions:close", args=[action.pk]), {"status": "open", "meeting": second.pk}, **HTMX
    )
    assert "Select a valid choice" in response.content.decode()
    assert Action.objects.get().status == "open"


def test_reopen_undoes_a_close(role_client, series, raise_action):
    first, second, _third = series
    action = raise_action(first, "Provide case studies")
    client = role_client("officer")
    client.post(
        reverse("actions:close", args=[action.pk]), {"status": "done", "meeting": second.pk}, **HTMX
    )
    response = client.post(
        reverse("actions:reopen", args=[action.pk]), {"meeting": second.pk}, **HTMX
    )
    assert "action-update-input" in response.content.decode()
    assert Action.objects.get().status == "open"


def test_members_may_not_close_even_their_own_actions(role_client, series, raise_action):
    first, second, _third = series
    action = raise_action(first, "Provide case studies", owners=("ME",))
    response = role_client("member").post(
        reverse("actions:close", args=[action.pk]), {"status": "done", "meeting": second.pk}
    )
    assert response.status_code == 403
    assert Action.objects.get().status == "open"


def test_a_meeting_may_not_review_its_own_or_a_later_meetings_action(
    role_client, series, raise_action
):
    first, second, _third = series
    action = raise_action(second, "Raised at the second")
    response = role_client("officer").post(
        reverse("actions:note", args=[action.pk]), {"text": "x", "meeting": first.pk}
    )
    assert response.status_code == 403
    assert not ActionNote.objects.exists()


def test_the_page_query_count_does_not_grow_with_the_actions(
    role_client, users, series, raise_action
):
    first, second, third = series
    client = role_client("officer")
    raise_action(first, "Baseline")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page_url(third)).status_code == 200
        return len(queries)

    count()  # warm: a session's first page caches it and notes its second factor
    before = count()
    for n in range(15):
        action = raise_action(
            second, f"Action {n}", owners=("ME", "OF"), due=datetime.date(2022, 1, 1)
        )
        ActionNote.objects.create(action=action, text="Progress", created_by=users["member"])
    assert count() == before


def test_closing_an_already_closed_action_says_so(role_client, users, series, raise_action):
    first, second, _third = series
    action = raise_action(first, "Provide case studies")
    client = role_client("officer")
    client.post(reverse("actions:close", args=[action.pk]), {"status": "done"})
    response = client.post(
        reverse("actions:close", args=[action.pk]), {"status": "dropped"}, follow=True
    )
    content = response.content.decode()
    assert "This action was already closed." in content
    assert Action.objects.get().status == "done"
    assert ActionNote.objects.count() == 1
