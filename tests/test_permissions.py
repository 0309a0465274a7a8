"""One module decides who may do what; these tests hold it to its table."""

import datetime

import pytest
from states import move_to

from meetings.models import Meeting, MeetingStatus
from members.models import Membership
from members.permissions import Perm, can, can_view_meeting

EXPECTED = {
    # perm: roles that have it in their body
    Perm.VIEW_MEETING: {"officer", "chair", "member", "guest", "superuser"},
    Perm.VIEW_DRAFTS: {"officer", "chair", "member", "superuser"},
    Perm.VIEW_CONFIDENTIAL: {"officer", "chair", "member", "superuser"},
    Perm.EDIT_MINUTES: {"officer", "superuser"},
    Perm.REVIEW_MINUTES: {"chair", "member", "superuser"},
    Perm.SIGN_OFF: {"chair", "superuser"},
    Perm.MANAGE_REVIEWS: {"officer", "chair", "superuser"},
    Perm.MANAGE_PROGRAMME: {"chair", "superuser"},
    Perm.CANCEL_MEETING: {"officer", "chair", "superuser"},
    Perm.VIEW_REGISTER: {"officer", "chair", "superuser"},
    Perm.USE_ADMIN: {"officer", "superuser"},
    Perm.MANAGE_MEMBERS: {"officer", "superuser"},
    # Advice (advice/); the partner officer an advice names may answer it too.
    Perm.RAISE_ADVICE: {"officer", "superuser"},
    Perm.RESPOND_TO_ADVICE: {"officer", "chair", "superuser"},
    Perm.RECORD_ADVICE_OUTCOME: {"officer", "chair", "superuser"},
    Perm.VIEW_ADVICE_LEDGER: {"officer", "chair", "member", "superuser"},
    Perm.VIEW_CONFIDENTIAL_ADVICE: {"officer", "chair", "member", "superuser"},
}


def test_every_permission_has_an_expectation():
    assert set(EXPECTED) == set(Perm)


@pytest.mark.parametrize("perm", list(Perm))
@pytest.mark.parametrize("role", ["officer", "chair", "member", "guest", "outsider", "superuser"])
def test_each_role_has_exactly_its_permissions_in_its_own_body(users, body, perm, role):
    assert can(users[role], perm, body.pk) == (role in EXPECTED[perm])


@pytest.mark.parametrize("role", ["officer", "chair", "member", "guest"])
def test_roles_do_not_reach_into_another_body(users, other_body, role):
    assert not any(can(users[role], perm, other_body.pk) for perm in Perm)


def test_an_ended_membership_grants_nothing(users, body):
    Membership.objects.filter(person__user=users["officer"]).update(
        end_date=datetime.date(2020, 1, 1)
    )
    users["officer"].refresh_from_db()  # drops the per-request cache
    assert not can(users["officer"], Perm.EDIT_MINUTES, body.pk)


def test_an_inactive_superuser_may_do_nothing(users, body):
    users["superuser"].is_active = False
    assert not can(users["superuser"], Perm.VIEW_MEETING, body.pk)


@pytest.mark.parametrize(
    ("status", "guest_sees"),
    [
        (MeetingStatus.SCHEDULED, True),
        (MeetingStatus.DRAFT, False),
        (MeetingStatus.CIRCULATED, False),
        (MeetingStatus.APPROVED, True),
        (MeetingStatus.PUBLISHED, True),
    ],
)
def test_guests_see_the_programme_and_agreed_minutes_but_not_drafts(
    users, meeting, status, guest_sees
):
    move_to(meeting, status)
    assert can_view_meeting(users["guest"], meeting) == guest_sees
    assert (meeting in Meeting.objects.visible_to(users["guest"])) == guest_sees
    assert can_view_meeting(users["member"], meeting)
    assert not can_view_meeting(users["outsider"], meeting)


def test_visible_to_matches_can_view_meeting_for_every_role(users, meeting, other_body):
    Meeting.objects.create(
        body=other_body, date=datetime.date(2022, 1, 1), start_time=datetime.time(14)
    )
    for user in users.values():
        visible = set(Meeting.objects.visible_to(user))
        assert visible == {m for m in Meeting.objects.all() if can_view_meeting(user, m)}


def test_officers_manage_the_programme_only_where_the_body_allows_it(users, body):
    assert not can(users["officer"], Perm.MANAGE_PROGRAMME, body.pk)
    body.officers_edit_programme = True
    body.save()
    officer = type(users["officer"]).objects.get(pk=users["officer"].pk)  # a new request
    assert can(officer, Perm.MANAGE_PROGRAMME, body.pk)
    assert not can(users["member"], Perm.MANAGE_PROGRAMME, body.pk)
