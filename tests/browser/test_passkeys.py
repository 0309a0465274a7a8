"""Passkeys (WebAuthn): an officer adds one and signs in with it, through Chromium's
virtual authenticator."""

import re

import pytest
from allauth.mfa.models import Authenticator
from conftest import PASSWORD
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def authenticator(page):
    """A platform authenticator with user verification, as on a phone or laptop."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp


def test_an_officer_adds_a_passkey_and_signs_in_with_it(
    page, sign_in, users, authenticator, settings
):
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # the live server is plain http
    officer = users["officer"]
    sign_in(officer).goto("/2fa/webauthn/add/")
    # Changing MFA asks for the password again.
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Name").fill("Work laptop")
    page.get_by_label("Passwordless").check()
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("status").first).to_contain_text("Security key added")
    assert Authenticator.objects.filter(user=officer, type="webauthn").exists()

    page.context.clear_cookies()
    page.goto("/login/")
    page.get_by_role("button", name="Use a passkey").click()
    expect(page.get_by_role("heading", name=re.compile("^Hello, "))).to_be_visible()  # home
    assert page.errors == []
