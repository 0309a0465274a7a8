"""Five wrong passwords lock an account for the window; the officer can lift it."""

import time

import pytest
from conftest import PASSWORD

from accounts.models import AuditEvent, AuditKind

from .conftest import sign_in_with_password, sign_in_with_totp, signed_in_user

WRONG = "not-the-password"


def fail_five_times(client, login="member"):
    for _ in range(5):
        response = sign_in_with_password(client, login, WRONG)
        assert response.status_code == 200
        assert "did not match" in response.text


def test_the_sixth_attempt_is_refused_with_the_wait_even_with_the_right_password(client, member):
    fail_five_times(client)
    response = sign_in_with_password(client, "member", PASSWORD)
    assert response.status_code == 200
    assert "Signing in is locked for 15 minutes" in response.text
    assert not signed_in_user(client).is_authenticated


def test_a_lockout_counts_the_account_whatever_the_address(client, member):
    fail_five_times(client)
    other_address = client.post(
        "/login/", {"login": "member", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )
    assert "Signing in is locked" in other_address.text


def test_the_lockout_ends_after_the_window(client, member, monkeypatch):
    fail_five_times(client)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 15 * 60 + 1)
    response = sign_in_with_password(client, "member", PASSWORD)
    assert response.status_code == 302
    assert signed_in_user(client) == member


def test_the_wait_shrinks_as_the_window_passes(client, member, monkeypatch):
    fail_five_times(client)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 14 * 60)
    response = sign_in_with_password(client, "member", PASSWORD)
    assert "locked for 1 minute:" in response.text


def test_an_address_is_locked_after_thirty_failures_for_any_accounts(client, users):
    for n in range(30):
        sign_in_with_password(client, f"nobody-{n}", WRONG)
    response = sign_in_with_password(client, "guest", PASSWORD)
    assert "Signing in is locked" in response.text


def test_failed_sign_ins_and_the_lockout_are_in_the_audit_trail(client, member):
    fail_five_times(client)
    sign_in_with_password(client, "member", PASSWORD)
    failed = AuditEvent.objects.filter(kind=AuditKind.SIGN_IN_FAILED, subject=member)
    assert failed.count() == 5
    assert failed.first().ip == "127.0.0.1"
    locked = AuditEvent.objects.get(kind=AuditKind.LOCKED_OUT, subject=member)
    assert "member" in locked.detail


@pytest.fixture
def locked_member(client, member):
    fail_five_times(client)
    client.cookies.clear()
    return member


def test_the_officer_sees_the_lockout_and_lifts_it(client, locked_member, officer, body):
    sign_in_with_totp(client, "officer")
    page = client.get(f"/accounts/{body.pk}/people/")
    assert "Locked out for 15 more minutes" in page.text
    response = client.post(f"/accounts/{body.pk}/lockouts/{locked_member.pk}/lift/")
    assert response.status_code == 302
    assert "Locked out" not in client.get(f"/accounts/{body.pk}/people/").text
    lifted = AuditEvent.objects.get(kind=AuditKind.LOCKOUT_LIFTED)
    assert (lifted.actor, lifted.subject, lifted.body) == (officer, locked_member, body)

    client.post("/logout/")
    assert sign_in_with_password(client, "member", PASSWORD).status_code == 302
    assert signed_in_user(client) == locked_member


def test_an_officer_of_another_body_cannot_lift_it(client, locked_member, other_body, body):
    from conftest import make_user

    stranger = make_user("stranger", body=other_body, role="officer", initials="ST")
    client.force_login(stranger)
    response = client.post(f"/accounts/{body.pk}/lockouts/{locked_member.pk}/lift/")
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(kind=AuditKind.LOCKOUT_LIFTED).exists()


def test_lifting_needs_a_post(role_client, body, users):
    response = role_client("officer").get(
        f"/accounts/{body.pk}/lockouts/{users['member'].pk}/lift/"
    )
    assert response.status_code == 405


@pytest.mark.parametrize("typed", ["member@example.org", "MEMBER", "Member@Example.org"])
def test_the_lockout_holds_however_the_account_is_named(client, member, typed):
    """Five failures as "member" lock the account, not only that spelling of it."""
    fail_five_times(client)
    response = sign_in_with_password(client, typed, PASSWORD)
    assert "Signing in is locked for 15 minutes" in response.text
    assert not signed_in_user(client).is_authenticated


def test_failures_under_the_email_and_the_username_count_together(client, member):
    for login in ["member", "member@example.org"] * 2 + ["member"]:
        sign_in_with_password(client, login, WRONG)
    response = sign_in_with_password(client, "member@example.org", PASSWORD)
    assert "Signing in is locked" in response.text
    assert not signed_in_user(client).is_authenticated


def test_the_officer_lifts_a_lockout_made_under_the_email(client, member, officer, body):
    fail_five_times(client, login="member@example.org")
    client.cookies.clear()
    sign_in_with_totp(client, "officer")
    assert "Locked out for 15 more minutes" in client.get(f"/accounts/{body.pk}/people/").text
    client.post(f"/accounts/{body.pk}/lockouts/{member.pk}/lift/")
    client.post("/logout/")
    assert sign_in_with_password(client, "member", PASSWORD).status_code == 302
    assert signed_in_user(client) == member


def test_a_password_reset_by_email_lifts_the_lockout(client, member):
    """allauth clears the count when the emailed reset succeeds: the same per-account key."""
    import re

    from django.core import mail

    fail_five_times(client)
    client.post("/password/reset/", {"email": "member@example.org"})
    link = re.search(r"http://testserver(/password/reset/key/\S+)", mail.outbox[-1].body).group(1)
    form = client.get(link, follow=True)
    new = "a-new-long-passphrase-42"
    client.post(form.redirect_chain[-1][0], {"password1": new, "password2": new})
    assert sign_in_with_password(client, "member", new).status_code == 302
    assert signed_in_user(client) == member
