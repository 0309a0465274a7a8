"""Withdrawing published minutes from publication: the public edition goes private again."""

import pytest
from django.test import Client
from django.urls import reverse

from meetings.models import MeetingStatus
from reviews import services
from reviews.models import Transition


@pytest.fixture
def published(approved, body, users):
    body.publishes_minutes = True
    body.save()
    services.publish(meeting=approved, by=users["officer"])
    approved.refresh_from_db()
    return approved


def withdraw_url(meeting):
    return reverse("reviews:withdraw", args=[meeting.pk])


@pytest.mark.parametrize("role", ["officer", "chair"])
def test_the_officer_or_the_chair_withdraws_published_minutes_with_a_reason(
    role_client, published, users, role
):
    public_url = reverse("publishing:public_print", args=[published.pk])
    assert Client().get(public_url).status_code == 200
    client = role_client(role)
    assert "Withdraw from publication" in client.get(published.get_absolute_url()).content.decode()

    response = client.post(withdraw_url(published), {"reason": "Item 1 named a victim."})

    assert response.status_code == 302 and response.url == published.get_absolute_url()
    published.refresh_from_db()
    assert published.status == MeetingStatus.APPROVED
    last = Transition.objects.filter(meeting=published).last()
    assert (last.from_status, last.to_status, last.by, last.note) == (
        MeetingStatus.PUBLISHED,
        MeetingStatus.APPROVED,
        users[role],
        "Item 1 named a victim.",
    )
    # Anonymous visitors are asked to sign in; the archive no longer lists the minutes.
    assert Client().get(public_url).status_code == 302
    assert public_url not in Client().get(reverse("reviews:archive")).content.decode()
    page = client.get(published.get_absolute_url()).content.decode()
    assert "withdrawn from publication by" in page and "Item 1 named a victim." in page
    assert "Publish the public edition" in page  # it can be published again


def test_a_reason_is_required_and_nothing_changes_without_one(role_client, published):
    response = role_client("officer").post(withdraw_url(published), {"reason": "   "})
    assert response.status_code == 200
    page = response.content.decode()
    assert "error-summary" in page and "This field is required." in page
    published.refresh_from_db()
    assert published.status == MeetingStatus.PUBLISHED


def test_a_too_long_reason_is_refused_with_the_text_kept(role_client, published):
    reason = "Kestrel-lantern " * 130
    response = role_client("officer").post(withdraw_url(published), {"reason": reason})
    page = response.content.decode()
    assert response.status_code == 200 and "at most 2000 characters" in page
    assert "Kestrel-lantern Kestrel-lantern" in page
    published.refresh_from_db()
    assert published.status == MeetingStatus.PUBLISHED


@pytest.mark.parametrize("role", ["member", "guest", "outsider"])
def test_others_may_not_withdraw(role_client, published, role):
    client = role_client(role)
    assert client.post(withdraw_url(published), {"reason": "Why not"}).status_code == 403
    published.refresh_from_db()
    assert published.status == MeetingStatus.PUBLISHED


def test_only_published_minutes_are_withdrawn(role_client, approved, users):
    response = role_client("officer").post(withdraw_url(approved), {"reason": "x"}, follow=True)
    assert "Only published minutes can be withdrawn" in response.content.decode()
    with pytest.raises(services.TransitionError, match="cannot be withdrawn from publication"):
        services.withdraw(meeting=approved, by=users["officer"], reason="x")
    assert not Transition.objects.filter(meeting=approved, from_status="published").exists()


def test_withdrawn_minutes_can_be_published_again(published, users):
    services.withdraw(meeting=published, by=users["chair"], reason="Check item 2 first")
    services.publish(meeting=published, by=users["chair"])
    published.refresh_from_db()
    assert published.status == MeetingStatus.PUBLISHED


def test_who_did_what_names_the_withdrawal_in_the_admin_too(client, published, users):
    services.withdraw(meeting=published, by=users["officer"], reason="Check item 2")
    assert [t.what for t in Transition.objects.filter(meeting=published)][-2:] == [
        "published",
        "withdrawn from publication",
    ]
    client.force_login(users["superuser"])
    page = client.get(reverse("admin:reviews_transition_changelist")).content.decode()
    assert "withdrawn from publication" in page
