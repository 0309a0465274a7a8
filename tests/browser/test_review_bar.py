"""The member's review bar on an iPhone 13: at hand at every scroll position of the
long demo minutes, and never over the control that has the keyboard focus (2.4.11);
every control of the page a 24 px target at least, the bar's buttons 44 px."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from meetings.models import Meeting
from reviews import services

pytestmark = pytest.mark.browser

MARCH_2 = datetime.date(2022, 3, 2)
IPHONE_13 = {"width": 390, "height": 844}

# How much of the focused control the review bar covers, in px of its height (0: none).
UNDER_THE_BAR = """
() => {
  const el = document.activeElement;
  const bar = document.getElementById('review-bar');
  if (!el || el === document.body || bar.contains(el)) return 0;
  const box = el.getBoundingClientRect();
  const top = bar.getBoundingClientRect().top;
  return Math.max(0, Math.min(box.bottom, window.innerHeight) - Math.max(box.top, top));
}
"""

# Every visible control of the page smaller than 24 x 24 px (links inside text excepted,
# as WCAG 2.5.8 allows).
SMALL_TARGETS = """
() => [...document.querySelectorAll(
    'main button, main summary, main input:not([type=hidden]), main select, main .btn')]
  .filter(el => el.getClientRects().length)
  .map(el => [el, el.getBoundingClientRect()])
  .filter(([el, r]) => r.width < 24 || r.height < 24)
  .map(([el, r]) => `${el.tagName} ${el.textContent.trim().slice(0, 30)} ${r.width}x${r.height}`)
"""


@pytest.fixture
def circulated(demo):
    meeting = Meeting.objects.get(body=demo, date=MARCH_2)
    services.circulate(meeting=meeting, by=get_user_model().objects.get(username="officer"))
    return meeting


def test_the_review_bar_is_at_hand_at_every_scroll_position(page, sign_in, circulated):
    page.set_viewport_size(IPHONE_13)
    sign_in(get_user_model().objects.get(username="member")).goto(circulated.get_absolute_url())
    bar = page.locator("#review-bar")
    expect(bar).to_be_visible()
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height > 5 * IPHONE_13["height"]  # the long demo minutes
    positions = list(range(0, height, IPHONE_13["height"] // 2)) + [height]
    for y in positions:
        page.evaluate("y => window.scrollTo({top: y, behavior: 'instant'})", y)
        for name in ("Approve", "Approve subject to corrections", "Request changes"):
            button = bar.get_by_role("button", name=name, exact=True)
            box = button.bounding_box()
            assert box["y"] >= 0 and box["y"] + box["height"] <= IPHONE_13["height"], (y, name)
            assert box["height"] >= 44 and box["width"] >= 44, (y, name)
    # The bar takes less than a third of the screen: the minutes stay readable.
    assert bar.bounding_box()["height"] < IPHONE_13["height"] / 3
    assert page.evaluate("document.documentElement.scrollWidth") <= IPHONE_13["width"]
    assert page.evaluate(SMALL_TARGETS) == []
    assert page.errors == []


def test_the_review_bar_never_hides_the_focused_control(page, sign_in, circulated):
    page.set_viewport_size(IPHONE_13)
    sign_in(get_user_model().objects.get(username="member")).goto(circulated.get_absolute_url())
    expect(page.locator("#review-bar")).to_be_visible()
    page.locator("body").focus()
    covered, seen = [], set()
    # Forward through the whole page (past item 4's controls, far down), then back.
    for key in ["Tab"] * 150 + ["Shift+Tab"] * 40:
        page.keyboard.press(key)
        hidden = page.evaluate(UNDER_THE_BAR)
        where = page.evaluate("window.scrollY")
        name = page.evaluate(
            "() => (document.activeElement.id || document.activeElement.textContent.trim()"
            ".slice(0, 40))"
        )
        seen.add(where)
        if hidden > 0:
            covered.append(f"{key} {name} at {where}: {hidden}px under the bar")
    assert covered == []
    assert max(seen) > 3000  # the walk went far down the page
    assert page.errors == []


def test_the_review_and_sign_off_forms_and_the_lists_fit_360_px_with_24_px_targets(
    page, sign_in, circulated
):
    """The full review form's radios, the sign-off's box, the meetings list's status and
    the home page: at 360 px nothing sideways, no control under 24 x 24 px."""
    users = get_user_model().objects
    page.set_viewport_size({"width": 360, "height": 740})
    for username, url in (
        ("member", f"/review/{circulated.pk}/review/"),
        ("member", "/meetings/"),
        ("member", "/"),
        ("chair", f"/review/{circulated.pk}/sign-off/"),
        ("chair", "/"),
        ("officer", circulated.get_absolute_url()),
        ("officer", f"/review/{circulated.pk}/reviews/"),
    ):
        sign_in(users.get(username=username)).goto(url)
        expect(page.locator("h1")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, url
        assert page.evaluate(SMALL_TARGETS) == [], url
        for badge in page.locator(".status-badge").all()[:30]:
            box = badge.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 360, url  # not off to the side
    assert page.errors == []
