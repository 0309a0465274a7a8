"""Sign-in by emailed code: for members and guests, once, briefly, never for MFA roles."""

import time

from django.core import mail

from accounts.models import AuditEvent, AuditKind

from .conftest import code_from, signed_in_user


def request_code(client, email):
    return client.post("/login/code/", {"email": email})


def test_a_member_signs_in_with_an_emailed_code(client, member, django_capture_on_commit_callbacks):
    response = request_code(client, "member@example.org")
    assert response.status_code == 302 and response.url == "/login/code/confirm/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["member@example.org"]
    code = code_from(mail.outbox[0])
    response = client.post("/login/code/confirm/", {"code": code})
    assert response.status_code == 302
    assert signed_in_user(client) == member
    assert AuditEvent.objects.filter(kind=AuditKind.SIGNED_IN, actor=member).exists()


def test_the_code_works_once(client, member):
    request_code(client, "member@example.org")
    code = code_from(mail.outbox[0])
    client.post("/login/code/confirm/", {"code": code})
    client.post("/logout/")
    response = client.post("/login/code/confirm/", {"code": code})
    assert response.status_code == 302 and response.url == "/login/code/"
    assert not signed_in_user(client).is_authenticated


def test_the_code_expires_after_five_minutes(client, member, monkeypatch):
    request_code(client, "member@example.org")
    code = code_from(mail.outbox[0])
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 5 * 60 + 1)
    client.post("/login/code/confirm/", {"code": code})
    assert not signed_in_user(client).is_authenticated


def test_three_wrong_codes_end_the_attempt(client, member):
    request_code(client, "member@example.org")
    code = code_from(mail.outbox[0])
    for _ in range(3):
        client.post("/login/code/confirm/", {"code": "WRONG1"})
    client.post("/login/code/confirm/", {"code": code})
    assert not signed_in_user(client).is_authenticated
    failed = AuditEvent.objects.filter(kind=AuditKind.SIGN_IN_FAILED, subject=member)
    assert failed.count() == 3
    assert "last try" in failed.first().detail


def test_an_officer_is_refused_a_code(client, officer):
    officer.email = "officer@example.org"
    officer.save()
    response = request_code(client, "officer@example.org")
    assert response.status_code == 200
    assert "cannot sign in by emailed code" in response.text
    assert mail.outbox == []


def test_a_member_of_a_body_that_requires_mfa_is_refused_a_code(client, member, body):
    from accounts.models import BodyPolicy

    BodyPolicy.objects.create(body=body, members_require_mfa=True)
    response = request_code(client, "member@example.org")
    assert "cannot sign in by emailed code" in response.text
    assert mail.outbox == []


def test_requests_for_codes_are_rate_limited(client, member):
    for _ in range(3):
        request_code(client, "member@example.org")
        client.cookies.clear()
    response = request_code(client, "member@example.org")
    assert len(mail.outbox) == 3
    assert "Too many" in response.text
