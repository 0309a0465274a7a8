"""Accounts: allauth's sign-in, MFA, reset and sessions pages, and the officer's people pages."""

from django.urls import reverse
from url_roles import DENIED, NOT_FOUND, OK, ROLES, Route, by_role, signed_in

from accounts.models import Invitation
from members.models import Membership


def everyone(answer):
    return dict.fromkeys(ROLES, answer)


# Pages for the signed-out: anyone signed in is sent on to the meetings.
SIGNED_OUT_PAGES = signed_in(302, anonymous=OK)
# Managing a body's people: its officers and superusers.
OFFICERS = by_role(DENIED, officer=OK, superuser=OK)
OFFICERS_REDIRECT = by_role(DENIED, officer=302, superuser=302)


def url(name, *args):
    return lambda ctx: reverse(name, args=[arg(ctx) if callable(arg) else arg for arg in args])


def body_pk(ctx):
    return ctx.body.pk


def member_membership(ctx):
    return Membership.objects.get(body=ctx.body, person__user=ctx.users["member"]).pk


def a_pending_invitation(ctx):
    token, token_hash = Invitation.new_token()
    return Invitation.objects.create(
        body=ctx.body,
        email="new@example.org",
        name="New Person",
        role="member",
        position="IAG Member",
        initials="NP",
        token_hash=token_hash,
        invited_by=ctx.users["officer"],
        expires_at="2999-01-01T00:00:00Z",
    ), token


ROUTES = {
    # allauth: signing in and out
    "account_login": Route(SIGNED_OUT_PAGES, url("account_login")),
    "account_logout": Route(everyone(302), url("account_logout"), method="post"),
    "account_signup": Route(SIGNED_OUT_PAGES, url("account_signup")),
    "account_inactive": Route(everyone(OK), url("account_inactive")),
    "account_request_login_code": Route(SIGNED_OUT_PAGES, url("account_request_login_code")),
    # Without a code requested, the confirm page sends back to ask for one.
    "account_confirm_login_code": Route(everyone(302), url("account_confirm_login_code")),
    "account_email_verification_sent": Route(everyone(OK), url("account_email_verification_sent")),
    "account_confirm_email": Route(everyone(OK), url("account_confirm_email", "not-a-key")),
    # Password reset: open to all (the email link is what proves who you are).
    "account_reset_password": Route(everyone(OK), url("account_reset_password")),
    "account_reset_password_done": Route(everyone(OK), url("account_reset_password_done")),
    "account_reset_password_from_key": Route(
        everyone(OK), url("account_reset_password_from_key", "1", "not-a-key")
    ),
    "account_reset_password_from_key_done": Route(
        everyone(OK), url("account_reset_password_from_key_done")
    ),
    # Your own account
    "account_change_password": Route(signed_in(OK), url("account_change_password")),
    "account_set_password": Route(signed_in(302), url("account_set_password")),
    "account_email": Route(signed_in(OK), url("account_email")),
    "account_reauthenticate": Route(signed_in(OK), url("account_reauthenticate")),
    "account_request_reauthentication_code": Route(
        signed_in(302), url("account_request_reauthentication_code")
    ),
    "account_confirm_reauthentication_code": Route(
        signed_in(302), url("account_confirm_reauthentication_code")
    ),
    "usersessions_list": Route(signed_in(OK), url("usersessions_list")),
    # MFA: setting it up or changing it asks for the password again first (a redirect).
    "mfa_index": Route(signed_in(OK), url("mfa_index")),
    "mfa_authenticate": Route(everyone(302) | {"anonymous": 302}, url("mfa_authenticate")),
    "mfa_activate_totp": Route(signed_in(302), url("mfa_activate_totp")),
    # Only those with an authenticator app can turn it off.
    "mfa_deactivate_totp": Route(
        by_role(NOT_FOUND, chair=302, officer=302, superuser=302), url("mfa_deactivate_totp")
    ),
    "mfa_generate_recovery_codes": Route(signed_in(302), url("mfa_generate_recovery_codes")),
    "mfa_view_recovery_codes": Route(signed_in(NOT_FOUND), url("mfa_view_recovery_codes")),
    "mfa_download_recovery_codes": Route(signed_in(NOT_FOUND), url("mfa_download_recovery_codes")),
    "mfa_reauthenticate": Route(
        by_role(302, chair=OK, officer=OK, superuser=OK), url("mfa_reauthenticate")
    ),
    "mfa_list_webauthn": Route(signed_in(OK), url("mfa_list_webauthn")),
    "mfa_add_webauthn": Route(signed_in(302), url("mfa_add_webauthn")),
    "mfa_edit_webauthn": Route(signed_in(302), url("mfa_edit_webauthn", 999999)),
    "mfa_remove_webauthn": Route(signed_in(302), url("mfa_remove_webauthn", 999999), method="post"),
    "mfa_login_webauthn": Route(signed_in(302) | {"anonymous": 302}, url("mfa_login_webauthn")),
    "mfa_reauthenticate_webauthn": Route(signed_in(302), url("mfa_reauthenticate_webauthn")),
    # The officer's people pages
    "accounts:bodies": Route(OFFICERS_REDIRECT, url("accounts:bodies")),
    "accounts:people": Route(OFFICERS, url("accounts:people", body_pk)),
    "accounts:invite": Route(OFFICERS, url("accounts:invite", body_pk)),
    "accounts:audit": Route(OFFICERS, url("accounts:audit", body_pk)),
    "accounts:policy": Route(OFFICERS, url("accounts:policy", body_pk)),
    "accounts:lift_lockout": Route(
        OFFICERS_REDIRECT,
        lambda ctx: reverse("accounts:lift_lockout", args=[ctx.body.pk, ctx.users["member"].pk]),
        method="post",
    ),
    "accounts:change_role": Route(
        OFFICERS_REDIRECT,
        url("accounts:change_role", member_membership),
        method="post",
        data=lambda ctx: {"role": "guest"},
    ),
    "accounts:end_membership": Route(
        OFFICERS_REDIRECT, url("accounts:end_membership", member_membership), method="post"
    ),
    "accounts:withdraw": Route(
        OFFICERS_REDIRECT,
        lambda ctx: reverse("accounts:withdraw", args=[a_pending_invitation(ctx)[0].pk]),
        method="post",
    ),
    # One's own sessions only: someone else's session is not found.
    "accounts:end_session": Route(
        signed_in(NOT_FOUND), url("accounts:end_session", 999999), method="post"
    ),
    # Anyone holding the link may open the invitation, signed in or not.
    "accounts:accept": Route(
        everyone(OK),
        lambda ctx: reverse("accounts:accept", args=[a_pending_invitation(ctx)[1]]),
    ),
}
