"""An officer invites a person to their body with a role; accepting gives exactly that."""

import datetime

import pytest
from conftest import make_user
from django.core import mail
from django.utils import timezone

from accounts import services
from accounts.models import AuditEvent, AuditKind, Invitation
from members import permissions
from members.models import Membership, Role
from members.permissions import Perm

from .conftest import invitation_token, sign_in_with_password, signed_in_user

NEW_PASSWORD = "a-new-long-passphrase-42"


def invite_form(**overrides):
    return {
        "name": "Nadia Mensah",
        "email": "Nadia@Example.org",
        "role": "member",
        "position": "IAG Member (Faith)",
        "initials": "NM",
    } | overrides


def test_the_officer_invites_by_email(role_client, body, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = role_client("officer").post(f"/accounts/{body.pk}/invite/", invite_form())
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.body) == (
        "nadia@example.org",
        "member",
        body,
    )
    assert invitation.invited_by == users["officer"]
    [message] = mail.outbox
    assert message.to == ["nadia@example.org"]
    assert "Test Independent Advisory Group" in message.body
    token = invitation_token(message)
    assert invitation.token_hash != token  # only a hash is stored
    assert AuditEvent.objects.filter(kind=AuditKind.INVITED, body=body).exists()


def test_an_invitation_with_bad_details_is_explained_beside_the_fields(role_client, body):
    response = role_client("officer").post(
        f"/accounts/{body.pk}/invite/", invite_form(email="not-an-email", initials="ME")
    )
    assert response.status_code == 200
    assert 'id="error-summary"' in response.text
    assert "valid email" in response.text
    assert "ME is already used by a current member" in response.text
    assert 'value="Nadia Mensah"' in response.text  # nothing typed is lost
    assert not Invitation.objects.exists()


def test_a_nul_byte_is_refused_not_a_500(role_client, body):
    response = role_client("officer").post(
        f"/accounts/{body.pk}/invite/", invite_form(name="Nadia\x00")
    )
    assert response.status_code == 400  # iag_portal/middleware.py, before any form
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("role", ["member", "chair", "guest", "outsider"])
def test_only_officers_invite(role_client, body, role):
    assert role_client(role).post(f"/accounts/{body.pk}/invite/", invite_form()).status_code == 403
    assert not Invitation.objects.exists()


def test_accepting_sets_a_password_and_lands_on_the_home_page(client, invitation_of, body):
    invitation, token = invitation_of()
    page = client.get(f"/accounts/invitation/{token}/")
    assert "you are invited as <strong>Member" in page.text
    response = client.post(
        f"/accounts/invitation/{token}/",
        {"username": "nadia", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302 and response.url == "/"
    user = signed_in_user(client)
    assert user.username == "nadia" and user.email == "new.member@example.org"
    assert user.check_password(NEW_PASSWORD)
    assert permissions.body_roles(user) == {body.pk: Role.MEMBER}
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.membership.initials == "NM"
    assert AuditEvent.objects.filter(kind=AuditKind.INVITATION_ACCEPTED, actor=user).exists()


def test_an_invitation_gives_exactly_its_role_and_only_in_its_body(
    client, invitation_of, body, other_body
):
    _invitation, token = invitation_of(role=Role.GUEST, initials="GX")
    client.post(
        f"/accounts/invitation/{token}/",
        {"username": "gx", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    user = signed_in_user(client)
    assert permissions.body_roles(user) == {body.pk: Role.GUEST}
    assert not permissions.can(user, Perm.VIEW_DRAFTS, body.pk)
    assert not permissions.can(user, Perm.VIEW_MEETING, other_body.pk)


def test_a_member_may_choose_no_password_and_sign_in_by_code(client, invitation_of):
    _invitation, token = invitation_of()
    client.post(f"/accounts/invitation/{token}/", {"username": "nadia", "use_code": "on"})
    user = signed_in_user(client)
    assert user.is_authenticated and not user.has_usable_password()


def test_an_officer_invitation_needs_a_password_then_mfa(client, invitation_of):
    _invitation, token = invitation_of(role=Role.OFFICER, initials="NO")
    refused = client.post(
        f"/accounts/invitation/{token}/", {"username": "newofficer", "use_code": "on"}
    )
    assert refused.status_code == 200 and "Choose a password" in refused.text
    client.post(
        f"/accounts/invitation/{token}/",
        {"username": "newofficer", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert client.get("/meetings/").url == "/2fa/totp/activate/"


def test_an_invitation_works_once(client, invitation_of):
    _invitation, token = invitation_of()
    data = {"username": "nadia", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    client.post(f"/accounts/invitation/{token}/", data)
    client.post("/logout/")
    again = client.post(f"/accounts/invitation/{token}/", data | {"username": "nadia2"})
    assert again.status_code == 410
    assert "accepted" in again.text


def test_an_expired_or_withdrawn_invitation_cannot_be_used(client, invitation_of, officer):
    expired, expired_token = invitation_of()
    Invitation.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert client.get(f"/accounts/invitation/{expired_token}/").status_code == 410
    withdrawn, withdrawn_token = invitation_of(email="other@example.org", initials="OT")
    services.withdraw(invitation=withdrawn, by=officer)
    assert client.get(f"/accounts/invitation/{withdrawn_token}/").status_code == 410
    assert client.get("/accounts/invitation/made-up/").status_code == 404


def test_the_officer_withdraws_an_invitation(role_client, invitation_of, body):
    invitation, _token = invitation_of()
    response = role_client("officer").post(f"/accounts/invitations/{invitation.pk}/withdraw/")
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == "withdrawn"
    assert AuditEvent.objects.filter(kind=AuditKind.INVITATION_WITHDRAWN).exists()


def test_someone_with_an_account_accepts_signed_in(client, invitation_of, other_body, body):
    existing = make_user("existing", body=other_body, role="member", initials="EX")
    existing.email = "existing@example.org"
    existing.save()
    _invitation, token = invitation_of(email="existing@example.org", initials="EX")
    assert client.get(f"/accounts/invitation/{token}/").url.startswith("/login/?next=")
    client.force_login(existing)
    assert client.post(f"/accounts/invitation/{token}/").status_code == 302
    assert permissions.body_roles(existing) == {other_body.pk: Role.MEMBER, body.pk: Role.MEMBER}


def test_ending_a_membership_ends_the_role_at_once(role_client, users, body, meeting):
    from django.test import Client

    member = users["member"]
    signed_in_member = Client()
    signed_in_member.force_login(member)  # signed in before, and still signed in after
    assert signed_in_member.get(f"/meetings/{meeting.pk}/").status_code == 200
    membership = Membership.objects.get(person__user=member, body=body)
    response = role_client("officer").post(f"/accounts/memberships/{membership.pk}/end/")
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.end_date == timezone.localdate() - datetime.timedelta(days=1)
    assert signed_in_member.get(f"/meetings/{meeting.pk}/").status_code == 403
    event = AuditEvent.objects.get(kind=AuditKind.MEMBERSHIP_ENDED)
    assert (event.subject, event.body) == (member, body)


def test_a_membership_begun_today_ends_today_too(invitation_of, client, officer, body):
    _invitation, token = invitation_of()
    client.post(
        f"/accounts/invitation/{token}/",
        {"username": "nadia", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    user = signed_in_user(client)
    membership = Membership.objects.get(person__user=user)
    services.end_membership(membership=membership, by=officer)
    user = type(user).objects.get(pk=user.pk)
    assert permissions.body_roles(user) == {}


def test_the_officer_changes_a_role(role_client, users, body):
    membership = Membership.objects.get(person__user=users["member"], body=body)
    role_client("officer").post(f"/accounts/memberships/{membership.pk}/role/", {"role": "chair"})
    membership.refresh_from_db()
    assert membership.role == Role.CHAIR
    event = AuditEvent.objects.get(kind=AuditKind.ROLE_CHANGED)
    assert "Member" in event.detail and "Chair" in event.detail


def test_an_officer_of_another_body_cannot_touch_these_people(client, users, body, other_body):
    stranger = make_user("stranger", body=other_body, role="officer", initials="ST")
    client.force_login(stranger)
    membership = Membership.objects.get(person__user=users["member"], body=body)
    assert client.post(f"/accounts/memberships/{membership.pk}/end/").status_code == 403
    assert (
        client.post(f"/accounts/memberships/{membership.pk}/role/", {"role": "officer"}).status_code
        == 403
    )
    assert client.get(f"/accounts/{body.pk}/people/").status_code == 403
    membership.refresh_from_db()
    assert membership.end_date is None and membership.role == Role.MEMBER


def test_the_people_page_shows_members_mfa_and_invitations(role_client, body, invitation_of):
    invitation_of()
    page = role_client("officer").get(f"/accounts/{body.pk}/people/")
    assert page.status_code == 200
    for text in ("Officer", "Member", "new.member@example.org", "Pending", "Set up", "Not set up"):
        assert text in page.text


def test_signing_in_after_accepting_works_with_the_new_password(client, invitation_of):
    _invitation, token = invitation_of()
    client.post(
        f"/accounts/invitation/{token}/",
        {"username": "nadia", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    client.post("/logout/")
    assert sign_in_with_password(client, "nadia", NEW_PASSWORD).status_code == 302
    assert sign_in_with_password(client, "new.member@example.org", NEW_PASSWORD).status_code == 302
