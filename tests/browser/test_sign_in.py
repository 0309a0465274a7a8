import re

import pytest
from conftest import pass_second_factor
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_officer_signs_in_and_opens_a_meeting(page, users, meeting):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.keyboard.press("Enter")
    pass_second_factor(page)  # officers must use MFA

    expect(page.get_by_role("heading", name=re.compile("^Hello, Officer"))).to_be_visible()
    page.get_by_role("link", name="All meetings").click()
    expect(page.get_by_role("heading", name="Meetings", exact=True)).to_be_visible()
    page.get_by_role("link", name=re.compile("Wed 2 Mar 2022")).click()

    expect(page.get_by_role("heading", name="Meeting minutes")).to_be_visible()
    expect(page.locator("#attendance")).to_contain_text("AK/1")
    expect(page.locator("#apologies")).to_contain_text("LH")
    expect(page.locator("#items")).to_contain_text("AK/1 Welcomed everyone.")
    assert page.errors == []  # no script errors, no CSP violations


def test_a_wrong_password_is_explained_and_the_username_kept(page, users):
    page.goto("/login/")
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("did not match")
    expect(page.get_by_label("Username")).to_have_value("officer")


def test_pages_are_usable_on_a_phone(page, sign_in, users, meeting):
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(users["member"]).goto(meeting.get_absolute_url())
    expect(page.get_by_role("button", name="Show menu")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the page scrolls sideways on a phone"
