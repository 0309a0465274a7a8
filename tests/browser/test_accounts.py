"""Accounts in the browser: an officer signs in with TOTP and invites a member, who joins
on a phone, signs in by emailed code and approves the minutes."""

import re

import pytest
from conftest import PASSWORD, pass_second_factor
from django.core import mail
from playwright.sync_api import expect

from meetings.models import MeetingStatus

pytestmark = pytest.mark.browser

NEW_PASSWORD = "quiet-orchard-lantern-7"


def last_mail_to(address):
    return next(message for message in reversed(mail.outbox) if message.to == [address])


def test_an_invited_member_joins_on_a_phone_signs_in_by_code_and_approves(
    page, browser, live_server, users, body, meeting
):
    # The officer signs in with their password and authenticator app.
    page.goto("/login/")
    page.get_by_label("Username or email").fill("officer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    pass_second_factor(page)
    expect(page.get_by_role("heading", name=re.compile("^Hello, "))).to_be_visible()  # home

    # ...and invites a new member from the People page.
    page.get_by_role("button", name="Account").click()
    page.get_by_role("link", name="People and invitations").click()
    page.get_by_role("link", name="Invite someone").click()
    page.get_by_label("Full name").fill("Nadia Mensah")
    page.get_by_label("Email").fill("nadia@example.org")
    page.get_by_label("Role").select_option("member")
    page.get_by_label("Position and area").fill("IAG Member (Faith)")
    page.get_by_label("Initials").fill("NM")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status").first).to_contain_text("Invitation sent to nadia@example.org")
    expect(page.locator("#invitations")).to_contain_text("Pending")
    link = re.search(
        r"https?://\S+(/accounts/invitation/\S+/)", last_mail_to("nadia@example.org").body
    )

    # Nadia opens the link on her phone and sets a password.
    phone = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 740}, is_mobile=True
    )
    mobile = phone.new_page()
    mobile.goto(link.group(1))
    expect(
        mobile.get_by_role("heading", name="Join Test Independent Advisory Group")
    ).to_be_visible()
    mobile.get_by_label("Username").fill("nadia")
    mobile.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    mobile.get_by_label("Password again").fill(NEW_PASSWORD)
    mobile.get_by_role("button", name="Create my account").click()
    expect(mobile.get_by_role("heading", name=re.compile("^Hello, "))).to_be_visible()  # home
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 375

    # The officer circulates the draft; Nadia, signed out, comes back by emailed code.
    from reviews import services as reviews

    meeting.status = MeetingStatus.DRAFT
    reviews.circulate(meeting=meeting, by=users["officer"])
    mobile.get_by_role("button", name="Show menu").click()
    # The menu opens with an animation: wait until it has, then sign out from the
    # keyboard, which does not depend on where the moving button is at that moment.
    expect(mobile.locator("#nav-main")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    sign_out = mobile.get_by_role("button", name="Sign out")
    expect(sign_out).to_be_visible()
    with mobile.expect_navigation():
        sign_out.press("Enter")
    expect(mobile.get_by_role("heading", name="Sign in")).to_be_visible()
    mobile.get_by_role("link", name="Email me a sign-in code instead").click()
    mobile.get_by_label("Email").fill("nadia@example.org")
    mobile.get_by_role("button", name="Email me a code").click()
    code = re.search(
        r"^\s*([A-Z0-9]{4,8}(?:-[A-Z0-9]{4})?)\s*$",
        last_mail_to("nadia@example.org").body,
        re.MULTILINE,
    ).group(1)
    mobile.get_by_label("Code").fill(code)
    mobile.get_by_role("button", name="Sign in", exact=True).click()
    expect(mobile.get_by_role("heading", name=re.compile("^Hello, "))).to_be_visible()  # home

    # She approves the minutes.
    mobile.goto(meeting.get_absolute_url())
    mobile.get_by_role("button", name="Approve", exact=True).click()  # the review bar
    expect(mobile.get_by_role("status").first).to_contain_text("you approved these minutes")
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.errors == []
    phone.close()

    from accounts.models import AuditEvent, AuditKind
    from reviews.models import Review

    assert Review.objects.get(person__name="Nadia Mensah").decision == "approve"
    kinds = set(AuditEvent.objects.values_list("kind", flat=True))
    assert {AuditKind.INVITED, AuditKind.INVITATION_ACCEPTED, AuditKind.SIGNED_IN} <= kinds
