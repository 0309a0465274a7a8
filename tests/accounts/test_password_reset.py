"""Password reset by email: the link lets you choose a password, and signs nobody in."""

import re

from conftest import PASSWORD
from django.core import mail

from accounts.models import AuditEvent, AuditKind

from .conftest import sign_in_with_password, signed_in_user

NEW_PASSWORD = "a-new-long-passphrase-42"


def reset_link(client, email="member@example.org"):
    response = client.post("/password/reset/", {"email": email})
    assert response.status_code == 302
    return re.search(r"http://testserver(/password/reset/key/\S+)", mail.outbox[-1].body).group(1)


def test_the_reset_email_link_sets_a_new_password_and_signs_nobody_in(client, member):
    link = reset_link(client)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    assert not signed_in_user(client).is_authenticated
    response = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert not signed_in_user(client).is_authenticated
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(kind=AuditKind.PASSWORD_RESET, subject=member).exists()
    assert sign_in_with_password(client, "member", NEW_PASSWORD).status_code == 302


def test_the_new_password_follows_django_validators(client, member):
    link = reset_link(client)
    form = client.get(link, follow=True)
    response = client.post(form.redirect_chain[-1][0], {"password1": "123", "password2": "123"})
    assert response.status_code == 200
    assert "too short" in response.text
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_an_officer_still_needs_the_authenticator_after_a_reset(client, officer):
    officer.email = "officer@example.org"
    officer.save()
    link = reset_link(client, "officer@example.org")
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    response = sign_in_with_password(client, "officer", NEW_PASSWORD)
    assert response.url == "/2fa/authenticate/"
    assert not signed_in_user(client).is_authenticated


def test_an_unknown_address_learns_nothing(client, member):
    response = client.post("/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert all(message.to == ["nobody@example.org"] for message in mail.outbox)
    assert "/password/reset/key/" not in "".join(message.body for message in mail.outbox)
