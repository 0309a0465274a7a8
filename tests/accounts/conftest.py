import re

import pytest
from conftest import PASSWORD, totp_code

from accounts import services
from members.models import Role


@pytest.fixture
def officer(users):
    return users["officer"]


@pytest.fixture
def member(users):
    """The member, with an email to receive codes and resets at."""
    user = users["member"]
    user.email = "member@example.org"
    user.save(update_fields=["email"])
    return user


def sign_in_with_password(client, login, password=PASSWORD):
    return client.post("/login/", {"login": login, "password": password})


def sign_in_with_totp(client, login, code=None):
    """Password, then the authenticator app's code; returns the second answer."""
    first = sign_in_with_password(client, login)
    assert first.status_code == 302 and first.url == "/2fa/authenticate/", first
    return client.post("/2fa/authenticate/", {"code": code or totp_code()})


def signed_in_user(client):
    from django.contrib.auth import get_user

    return get_user(client)


def code_from(message) -> str:
    """The one-time code in an allauth sign-in email."""
    return re.search(r"^\s*([A-Z0-9]{4,8}(?:-[A-Z0-9]{4})?)\s*$", message.body, re.MULTILINE).group(
        1
    )


@pytest.fixture
def invitation_of(officer, body, django_capture_on_commit_callbacks):
    """A function inviting an email to `body` as a role; gives (invitation, token)."""

    def invite(email="new.member@example.org", role=Role.MEMBER, initials="NM"):
        from django.core import mail

        before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            invitation = services.invite(
                body=body,
                email=email,
                name="New Member",
                role=role,
                position="IAG Member",
                initials=initials,
                by=officer,
            )
        return invitation, invitation_token(mail.outbox[before])

    return invite


def invitation_token(message) -> str:
    return re.search(r"/accounts/invitation/([^/\s]+)/", message.body).group(1)
