"""MFA: required for officers, chairs and superusers; TOTP and recovery codes sign in once."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from conftest import PASSWORD, TOTP_SECRET, make_user, totp_code

from accounts.models import AuditEvent, AuditKind, BodyPolicy

from .conftest import sign_in_with_password, sign_in_with_totp, signed_in_user

PAGES = ["/", "/meetings/", "/actions/mine/", "/programme/", "/admin/", "/minutes/archive/"]


@pytest.fixture
def new_officer(body):
    """An officer who has not set up MFA yet."""
    user = make_user("newofficer", body=body, role="officer", initials="NO")
    Authenticator.objects.filter(user=user).delete()
    return user


@pytest.mark.parametrize("path", ["/", "/meetings/", "/actions/mine/", "/programme/", "/admin/"])
def test_an_officer_without_mfa_reaches_no_page_before_setting_it_up(client, new_officer, path):
    client.force_login(new_officer)
    response = client.get(path)
    assert response.status_code == 302
    assert response.url == "/2fa/totp/activate/"


def test_an_htmx_request_is_sent_to_the_setup_too(client, new_officer, meeting):
    client.force_login(new_officer)
    response = client.get(f"/meetings/{meeting.pk}/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == "/2fa/totp/activate/"


@pytest.mark.parametrize("role", ["chair", "superuser"])
def test_chairs_and_superusers_must_set_it_up_too(client, users, role):
    Authenticator.objects.filter(user=users[role]).delete()
    client.force_login(users[role])
    assert client.get("/meetings/").url == "/2fa/totp/activate/"


def test_setting_up_totp_opens_the_portal(client, new_officer, django_capture_on_commit_callbacks):
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

    sign_in_with_password(client, "newofficer")
    assert client.get("/meetings/").url == "/2fa/totp/activate/"
    # allauth asks for the password again before any change to MFA.
    assert client.get("/2fa/totp/activate/").url.startswith("/reauthenticate/")
    client.post("/reauthenticate/", {"password": PASSWORD})
    setup = client.get("/2fa/totp/activate/")
    assert setup.status_code == 200
    assert 'src="data:image/svg+xml' in setup.text  # the QR code to scan
    session = client.session
    session[SECRET_SESSION_KEY] = TOTP_SECRET
    session.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/2fa/totp/activate/", {"code": totp_code()})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=new_officer, type="totp").exists()
    # allauth hands out recovery codes with the first authenticator.
    assert Authenticator.objects.filter(user=new_officer, type="recovery_codes").exists()
    assert client.get("/meetings/").status_code == 200
    assert AuditEvent.objects.filter(kind=AuditKind.MFA_ADDED, actor=new_officer).exists()


def test_members_and_guests_need_no_mfa(role_client):
    assert role_client("member").get("/meetings/").status_code == 200


def test_a_body_can_require_it_of_its_members(client, users, body):
    BodyPolicy.objects.create(body=body, members_require_mfa=True)
    client.force_login(users["member"])
    assert client.get("/meetings/").url == "/2fa/totp/activate/"


def test_the_password_alone_does_not_sign_an_officer_in(client, officer):
    response = sign_in_with_password(client, "officer")
    assert response.url == "/2fa/authenticate/"
    assert not signed_in_user(client).is_authenticated
    assert client.get("/meetings/").status_code == 302


def test_a_totp_code_signs_in_once(client, officer):
    code = totp_code()
    response = sign_in_with_totp(client, "officer", code)
    assert response.status_code == 302
    assert signed_in_user(client) == officer
    client.post("/logout/")

    sign_in_with_password(client, "officer")
    again = client.post("/2fa/authenticate/", {"code": code})
    assert again.status_code == 200
    assert "Incorrect code" in again.text
    assert not signed_in_user(client).is_authenticated
    assert AuditEvent.objects.filter(kind=AuditKind.MFA_FAILED, subject=officer).exists()


def code_of_step(offset: int) -> str:
    """The authenticator's code `offset` 30-second steps from now."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    step = int(time.time()) // app_settings.TOTP_PERIOD + offset
    return format_hotp_value(hotp_value(TOTP_SECRET, step))


def test_the_code_of_the_step_just_ended_is_taken_once_and_an_older_one_never(client, officer):
    """A code typed as its 30 s step ends (or checked a moment late by a busy server) is
    not refused; one from two steps back is, and a code still signs in only once."""
    older = sign_in_with_totp(client, "officer", code_of_step(-2))
    assert older.status_code == 200 and not signed_in_user(client).is_authenticated
    just_ended = code_of_step(-1)
    assert sign_in_with_totp(client, "officer", just_ended).status_code == 302
    assert signed_in_user(client) == officer
    client.post("/logout/")
    again = sign_in_with_totp(client, "officer", just_ended)
    assert again.status_code == 200 and not signed_in_user(client).is_authenticated


def test_a_wrong_totp_code_is_refused(client, officer):
    sign_in_with_password(client, "officer")
    response = client.post(
        "/2fa/authenticate/", {"code": "000000" if totp_code() != "000000" else "111111"}
    )
    assert 'aria-invalid="true"' in response.text
    assert not signed_in_user(client).is_authenticated


def test_a_recovery_code_signs_in_once(client, officer):
    codes = RecoveryCodes.activate(officer).get_unused_codes()
    sign_in_with_password(client, "officer")
    response = client.post("/2fa/authenticate/", {"code": codes[0]})
    assert response.status_code == 302
    assert signed_in_user(client) == officer
    client.post("/logout/")

    sign_in_with_password(client, "officer")
    again = client.post("/2fa/authenticate/", {"code": codes[0]})
    assert "Incorrect code" in again.text
    assert not signed_in_user(client).is_authenticated
    assert client.post("/2fa/authenticate/", {"code": codes[1]}).status_code == 302


def test_an_officer_cannot_remove_their_only_authenticator(officer):
    from allauth.mfa.adapter import get_adapter

    totp = Authenticator.objects.get(user=officer, type="totp")
    assert not get_adapter().can_delete_authenticator(totp)


def test_a_member_may_remove_theirs(users):
    from allauth.mfa.adapter import get_adapter
    from conftest import give_totp

    give_totp(users["member"])
    totp = Authenticator.objects.get(user=users["member"], type="totp")
    assert get_adapter().can_delete_authenticator(totp)


def test_the_account_pages_are_in_our_layout(role_client):
    page = role_client("officer").get("/2fa/")
    assert page.status_code == 200
    assert page.text.count("<main") == 1
    assert "Two-factor authentication" in page.text or "Two-Factor Authentication" in page.text
    assert "<title>" in page.text and "IAG Portal</title>" in page.text


def test_removing_an_authenticator_is_recorded(client, users, django_capture_on_commit_callbacks):
    from conftest import give_totp

    member = give_totp(users["member"])
    sign_in_with_totp(client, "member")
    client.post("/reauthenticate/", {"password": PASSWORD})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/2fa/totp/deactivate/")
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=member, type="totp").exists()
    assert AuditEvent.objects.filter(kind=AuditKind.MFA_REMOVED, actor=member).exists()


def test_an_officer_is_refused_turning_off_their_only_authenticator(client, officer):
    sign_in_with_totp(client, "officer")
    client.post("/reauthenticate/", {"password": PASSWORD})
    client.post("/2fa/totp/deactivate/")
    assert Authenticator.objects.filter(user=officer, type="totp").exists()


def test_a_second_factor_seen_once_is_not_asked_for_again_in_that_session(client, users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(users["officer"])
    assert client.get("/meetings/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/meetings/").status_code == 200
    assert not any("mfa_authenticator" in q["sql"] for q in queries.captured_queries)
    # Another user signed in on the same browser is asked again.
    Authenticator.objects.filter(user=users["chair"]).delete()
    client.force_login(users["chair"])
    assert client.get("/meetings/").url == "/2fa/totp/activate/"
