"""The officer's Django admin: who gets in, what they see, and that pages stay fast."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.models import Action, ActionStatus
from meetings.models import AgendaItem, Meeting, Point


@pytest.fixture
def officer_client(role_client):
    return role_client("officer")


def test_the_officer_reaches_the_admin_without_being_staff(officer_client, users):
    assert not users["officer"].is_staff
    response = officer_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert b"Meetings and minutes" in response.content


@pytest.mark.parametrize("role", ["member", "chair", "guest", "outsider"])
def test_other_roles_are_refused_the_admin(role_client, role):
    client = role_client(role)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1  # via admin:login, and no loop back
    changelist = reverse("admin:meetings_meeting_changelist")
    assert client.get(changelist, follow=True).status_code == 403


def test_signing_in_from_the_admin_uses_the_portal_sign_in_page(client, db):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0] == "/login/?next=%2Fadmin%2F"


def test_other_roles_cannot_change_a_meeting_through_the_admin(role_client, meeting):
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    response = role_client("member").post(url, {"location": "Hijacked"}, follow=True)
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.location != "Hijacked"


def test_the_meeting_page_has_attendance_and_agenda_inlines(officer_client, meeting):
    response = officer_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "AK/1" in content and "IAG Chair" in content  # attendance inline
    assert "Welcome and Introductions" in content  # agenda item inline
    assert 'name="attendance-TOTAL_FORMS"' in content
    assert 'name="items-TOTAL_FORMS"' in content


def test_the_agenda_item_page_has_point_and_action_inlines(officer_client, meeting):
    item = meeting.items.get(number="1")
    Action.objects.create(item=item, description="Circulate the Pride date")
    response = officer_client.get(reverse("admin:meetings_agendaitem_change", args=[item.pk]))
    content = response.content.decode()
    assert "AK/1 Welcomed everyone." in content
    assert "Circulate the Pride date" in content
    # speakers are chosen from this meeting's attendance only
    assert content.count('<option value="') >= 2


def test_the_officer_does_not_see_another_bodys_meetings(officer_client, meeting, other_body):
    elsewhere = Meeting.objects.create(
        body=other_body, date=datetime.date(2022, 1, 1), start_time=datetime.time(14)
    )
    listing = officer_client.get(reverse("admin:meetings_meeting_changelist")).content.decode()
    assert "2 March 2022" in listing or "March 2, 2022" in listing or "2 Mar 2022" in listing
    assert reverse("admin:meetings_meeting_change", args=[elsewhere.pk]) not in listing
    response = officer_client.get(reverse("admin:meetings_meeting_change", args=[elsewhere.pk]))
    assert response.status_code == 302  # "does not exist", back to the index


def test_the_officer_can_only_file_a_meeting_under_their_own_body(officer_client, other_body):
    response = officer_client.post(
        reverse("admin:meetings_meeting_add"),
        {
            "body": other_body.pk,
            "date": "2022-05-25",
            "start_time": "18:00",
            "status": "scheduled",
            **{
                f"{prefix}-{key}": 0
                for prefix in ("attendance", "items")
                for key in ("TOTAL_FORMS", "INITIAL_FORMS")
            },
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Meeting.objects.filter(body=other_body).exists()


def test_closing_an_action_in_the_admin_records_who_and_when(officer_client, meeting, users):
    action = Action.objects.create(item=meeting.items.first(), description="Share the details")
    response = officer_client.post(
        reverse("admin:actions_action_change", args=[action.pk]),
        {
            "item": action.item_id,
            "order": 0,
            "description": action.description,
            "status": "done",
            "owners": [],
            **{
                f"{inline}-{key}": 0
                for inline in ("notes", "reminders")
                for key in ("TOTAL_FORMS", "INITIAL_FORMS")
            },
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert action.closed_by == users["officer"]


def test_the_meeting_list_query_count_does_not_grow_with_meetings(officer_client, body):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert (
                officer_client.get(reverse("admin:meetings_meeting_changelist")).status_code == 200
            )
        return len(queries)

    Meeting.objects.create(body=body, date=datetime.date(2021, 1, 1), start_time=datetime.time(18))
    count_queries()  # warm: a session's first page caches it and notes its second factor
    few = count_queries()
    for day in range(2, 30):
        meeting = Meeting.objects.create(
            body=body, date=datetime.date(2021, 1, day), start_time=datetime.time(18)
        )
        item = AgendaItem.objects.create(meeting=meeting, title="AOB")
        Point.objects.create(item=item, text="Nothing of note.")
    assert count_queries() == few


def test_a_superuser_reaches_every_admin_list(role_client):
    client = role_client("superuser")
    for name in [
        "meetings_meeting",
        "meetings_agendaitem",
        "members_body",
        "members_person",
        "members_membership",
        "actions_action",
        "auth_user",
    ]:
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name


@pytest.mark.parametrize("role", ["superuser", "officer"])
def test_every_admin_list_answers_the_superuser_and_the_officer(role_client, meeting, role):
    from django.contrib import admin

    client = role_client(role)
    for model in admin.site._registry:
        name = f"{model._meta.app_label}_{model._meta.model_name}"
        response = client.get(reverse(f"admin:{name}_changelist"))
        assert response.status_code in {200, 403}, name
        if role == "superuser":
            assert response.status_code == 200, name


def test_the_officer_sees_only_their_own_bodys_invitations_in_the_admin(
    officer_client, users, body, other_body
):
    from accounts.models import Invitation

    for where, name in [(body, "Ours Invited"), (other_body, "Theirs Invited")]:
        Invitation.objects.create(
            body=where,
            email=f"{name.split()[0].lower()}@example.org",
            name=name,
            position="IAG Member",
            initials="IN",
            token_hash=Invitation.new_token()[1],
            invited_by=users["officer"],
            expires_at="2999-01-01T00:00:00Z",
        )
    html = officer_client.get(reverse("admin:accounts_invitation_changelist")).content.decode()
    assert "Ours Invited" in html and "Theirs Invited" not in html


def test_an_officer_cannot_make_themselves_an_officer_of_another_body(
    officer_client, users, other_body
):
    person = users["officer"].person
    url = reverse("admin:members_person_change", args=[person.pk])
    form = officer_client.get(url).content.decode()
    assert "Other" not in form.split('name="memberships-__prefix__-body"')[1].split("</select>")[0]
    own = person.memberships.get()
    response = officer_client.post(
        url,
        {
            "name": person.name,
            "email": "",
            "organisation": "",
            "memberships-TOTAL_FORMS": 2,
            "memberships-INITIAL_FORMS": 1,
            "memberships-0-id": own.pk,
            "memberships-0-person": person.pk,
            "memberships-0-body": own.body_id,
            "memberships-0-initials": own.initials,
            "memberships-0-position": own.position,
            "memberships-0-role": own.role,
            "memberships-1-person": person.pk,
            "memberships-1-body": other_body.pk,
            "memberships-1-initials": "OF",
            "memberships-1-position": "Officer",
            "memberships-1-role": "officer",
        },
    )
    assert response.status_code == 200  # refused: "Select a valid choice"
    assert not person.memberships.filter(body=other_body).exists()


def test_an_officer_does_not_see_a_persons_memberships_of_other_bodies(
    officer_client, users, other_body
):
    from members.models import Membership

    person = users["member"].person
    Membership.objects.create(body=other_body, person=person, initials="ZZ", position="Secret role")
    page = officer_client.get(reverse("admin:members_person_change", args=[person.pk]))
    assert "Secret role" not in page.content.decode()


def test_an_agenda_item_cannot_be_moved_into_another_bodys_meeting(
    officer_client, meeting, other_body
):
    elsewhere = Meeting.objects.create(
        body=other_body, date=datetime.date(2022, 1, 1), start_time=datetime.time(14)
    )
    item = meeting.items.get(number="1")
    response = officer_client.post(
        reverse("admin:meetings_agendaitem_change", args=[item.pk]),
        {
            "meeting": elsewhere.pk,
            "order": 1,
            "number": "1",
            "title": item.title,
            "lead": "",
            "state": "discussed",
            **{
                f"{prefix}-{key}": 0
                for prefix in ("points", "actions")
                for key in ("TOTAL_FORMS", "INITIAL_FORMS")
            },
        },
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.meeting == meeting


def test_action_owners_are_offered_from_the_officers_bodies_only(
    officer_client, meeting, other_body
):
    from meetings.models import Attendance

    elsewhere = Meeting.objects.create(
        body=other_body, date=datetime.date(2022, 1, 1), start_time=datetime.time(14)
    )
    Attendance.objects.create(meeting=elsewhere, initials="QX", role="Elsewhere person")
    page = officer_client.get(reverse("admin:actions_action_add")).content.decode()
    assert "Elsewhere person" not in page
