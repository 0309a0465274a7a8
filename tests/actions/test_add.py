import datetime

from django.urls import reverse

from actions.models import Action


def add_url(meeting):
    return reverse("actions:add", args=[meeting.pk])


def test_the_due_date_is_offered_as_the_next_meeting(role_client, series):
    content = role_client("officer").get(add_url(series[0])).content.decode()
    assert 'value="2022-02-14"' in content
    assert "OF IAG officer" in content


def test_the_officer_adds_an_action_with_owners(role_client, series):
    first = series[0]
    item = first.items.get(title="Hate Crime Case Studies")
    owners = first.attendance.filter(initials__in=["ME", "GU"])
    response = role_client("officer").post(
        add_url(first),
        {
            "item": item.pk,
            "description": "JH will provide some case studies",
            "owners": [o.pk for o in owners],
            "due_date": "2022-02-14",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.item, action.description, action.due_date) == (
        item,
        "JH will provide some case studies",
        datetime.date(2022, 2, 14),
    )
    assert set(action.owners.all()) == set(owners)


def test_bad_input_is_explained_and_kept(role_client, series, other_body, add_meeting):
    first = series[0]
    elsewhere = add_meeting(other_body, datetime.date(2022, 1, 3))
    response = role_client("officer").post(
        add_url(first),
        {
            "item": elsewhere.items.first().pk,
            "description": "Keep this text",
            "due_date": "31/31/2022",
        },
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert 'role="alert"' in content
    assert "Choose at least one owner." in content
    assert "Select a valid choice" in content
    assert "Enter a valid date." in content
    assert "Keep this text" in content
    assert not Action.objects.exists()


def test_members_may_not_add_actions(role_client, series):
    response = role_client("member").post(add_url(series[0]), {"description": "x"})
    assert response.status_code == 403
