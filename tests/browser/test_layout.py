"""The site's frame on small screens and large text: the menu, the skip link, the focus."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LARGE_TEXT = "document.documentElement.style.setProperty('font-size', '200%', 'important')"


def inside_viewport(page, locator):
    box = locator.bounding_box()
    width = page.evaluate("document.documentElement.clientWidth")
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5


def test_at_320px_the_menu_collapses_behind_a_button_and_opens_on_screen(page, sign_in, users):
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(users["officer"]).goto("/meetings/")
    menu = page.get_by_role("navigation", name="Main")
    sign_out = menu.get_by_role("button", name="Sign out")
    expect(sign_out).to_be_hidden()
    toggle = menu.get_by_role("button", name="Show menu")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(sign_out).to_be_visible()
    for name in ["Meetings", "Programme", "My actions", "Import minutes"]:
        link = menu.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        assert inside_viewport(page, link), name
    assert inside_viewport(page, sign_out)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.errors == []


def test_with_text_at_200_percent_the_menu_wraps_and_stays_on_screen(page, sign_in, users):
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(users["officer"]).goto("/meetings/")
    page.evaluate(LARGE_TEXT)
    menu = page.get_by_role("navigation", name="Main")
    for control in [
        menu.get_by_role("link", name="Import minutes"),
        menu.get_by_role("link", name="Published minutes"),
        menu.get_by_role("button", name="Sign out"),
    ]:
        expect(control).to_be_visible()
        assert inside_viewport(page, control)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(page, sign_in, users):
    sign_in(users["member"]).goto("/actions/mine/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
