"""Find anything minuted: search from the top bar and land on the point; tag a point
with a theme from the editor (Alt+T); see it counted on the theme page."""

import re

import pytest
from playwright.sync_api import expect

from meetings.models import Point
from themes.models import Theme, ThemeTag

pytestmark = pytest.mark.browser

SAID = "The LPA Commander said e-scooters seized in Bletchley were crushed."


def test_search_open_a_result_tag_it_and_see_it_counted(page, sign_in, users, meeting):
    item = meeting.items.get(number="1")
    point = Point.objects.create(item=item, order=2, text=SAID)
    theme = Theme.objects.create(body=meeting.body, name="Anti-social behaviour")

    # Search from the top bar, open the result: the page lands on the point, highlighted.
    sign_in(users["officer"]).goto("/")
    page.get_by_label("Search minutes").fill("e-scooter crushed")
    page.get_by_label("Search minutes").press("Enter")
    expect(page.locator("#search-count")).to_have_text("1 result")
    expect(page.locator(".search-snippet mark").first).to_be_visible()
    page.locator(".search-result-link").click()
    expect(page).to_have_url(re.compile(rf"/meetings/{meeting.pk}/#point-{point.pk}$"))
    target = page.locator(f"#point-{point.pk}")
    expect(target).to_contain_text("e-scooters seized")
    expect(target).to_have_css("outline-style", "solid")

    # Search as you type: the results follow the words without a submit.
    page.goto("/search/")
    with page.expect_response(lambda r: "/search/?" in r.url and "Bletchley" in r.url):
        page.get_by_label("Search the minutes").press_sequentially("Bletchley")
    expect(page.locator("#search-count")).to_have_text("1 result")

    # Tag the point in the editor with the shortcut.
    page.goto(f"/meetings/{meeting.pk}/edit/")
    page.locator(f"#point-{point.pk}-text").focus()
    page.keyboard.press("Alt+t")
    dialog = page.get_by_role("dialog", name="Themes of this point")
    expect(dialog).to_be_visible()
    with page.expect_response(lambda r: r.url.endswith("/themes/tag/") and r.ok):
        dialog.get_by_label("Anti-social behaviour").check()
    expect(dialog.get_by_role("status")).to_have_text("Tagged with Anti-social behaviour.")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator(f"#point-{point.pk}-text")).to_be_focused()
    assert ThemeTag.objects.filter(theme=theme, point=point).exists()

    # The theme page counts it, and lists the point.
    page.goto(f"/themes/{meeting.body.slug}/")
    page.get_by_role("link", name="Anti-social behaviour", exact=True).click()
    expect(page.locator("#theme-total")).to_have_text("Came up 1 time in 1 meeting.")
    expect(page.locator("#per-year")).to_contain_text("2022")
    expect(page.locator("#theme-points")).to_contain_text("e-scooters seized")
    assert page.errors == []
