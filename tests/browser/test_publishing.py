"""The print view of the demo minutes, on a desktop and on a phone: readable, nothing overlaps."""

import datetime
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from meetings.models import Meeting

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Boxes of the parts a reader scans, checked pairwise for overlaps, and every
# element checked against the page's width.
OVERLAP_CHECK = """
() => {
  const doc = document.querySelector('#minutes-document');
  const selectors = ['.doc-marking', '.doc-header h1', '.doc-fields dt', '.doc-fields dd',
                     '#doc-attendance td', '#doc-attendance th', '.doc-item-heading',
                     '.doc-point', '.doc-action', '#doc-actions td', '#doc-next-meeting'];
  const boxes = [];
  for (const selector of selectors) {
    for (const el of doc.querySelectorAll(selector)) {
      const r = el.getBoundingClientRect();
      if (r.width && r.height) boxes.push({selector, text: el.textContent.trim().slice(0, 40),
                                           l: r.left, r: r.right, t: r.top, b: r.bottom});
    }
  }
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      const x = Math.min(a.r, b.r) - Math.max(a.l, b.l);
      const y = Math.min(a.b, b.b) - Math.max(a.t, b.t);
      if (x > 1 && y > 1) overlaps.push(`${a.selector} "${a.text}" / ${b.selector} "${b.text}"`);
    }
  }
  const width = document.documentElement.clientWidth;
  const tooWide = [...doc.querySelectorAll('*')]
    .filter(el => el.getBoundingClientRect().right > width + 1)
    .map(el => el.tagName + '.' + el.className);
  return {count: boxes.length, overlaps, tooWide,
          scrollWidth: document.documentElement.scrollWidth, width};
}
"""


@pytest.fixture
def demo_minutes(demo):
    return Meeting.objects.get(body=demo, date=datetime.date(2021, 12, 7))


def open_print_view(page, sign_in, demo_minutes):
    member = get_user_model().objects.get(username="member")
    sign_in(member).goto(demo_minutes.get_absolute_url())
    downloads = page.get_by_role("region", name="Print and download the minutes")
    downloads.get_by_role("link", name="Print view of the members' edition").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Meeting Minutes")


def assert_readable(page):
    result = page.evaluate(OVERLAP_CHECK)
    assert result["count"] > 60, result
    assert result["overlaps"] == [], result["overlaps"][:5]
    assert result["tooWide"] == [], result["tooWide"][:5]
    assert result["scrollWidth"] <= result["width"]


def test_a_member_opens_the_print_view_from_the_meeting_page(page, sign_in, demo_minutes):
    open_print_view(page, sign_in, demo_minutes)
    document = page.locator("#minutes-document")
    expect(document).to_contain_text("Milton Keynes Independent Advisory Group")
    expect(document).to_contain_text("Tuesday 7 December 2021")
    expect(page.locator("#doc-attendance")).to_contain_text("AK/1")
    expect(page.locator("#doc-apologies")).to_contain_text("RRK")
    expect(page.locator("#doc-actions")).to_contain_text("JH will provide some case studies")
    expect(page.locator("#doc-next-meeting")).to_contain_text("Wednesday 2 February 2022")
    expect(page.get_by_role("link", name="Download PDF")).to_have_attribute(
        "href", f"/minutes/{demo_minutes.pk}/members.pdf"
    )
    assert_readable(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "publishing-print-view.png", full_page=True)
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    assert_readable(page)
    page.screenshot(path=ARTIFACTS / "publishing-print-media.png", full_page=True)
    assert page.errors == []  # no script errors, no CSP violations


def test_the_print_view_is_readable_on_a_phone(page, sign_in, demo_minutes):
    page.set_viewport_size({"width": 375, "height": 740})
    member = get_user_model().objects.get(username="member")
    sign_in(member).goto(f"/minutes/{demo_minutes.pk}/members/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Meeting Minutes")
    assert_readable(page)
    page.screenshot(path=ARTIFACTS / "publishing-print-view-phone.png", full_page=True)


def test_the_pdf_downloads_from_the_print_view(page, sign_in, demo_minutes):
    member = get_user_model().objects.get(username="member")
    sign_in(member).goto(f"/minutes/{demo_minutes.pk}/members/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    download = download_info.value
    assert download.suggested_filename == "mk-iag-2021-12-07-minutes-members.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")
