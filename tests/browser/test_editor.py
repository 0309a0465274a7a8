"""The officer types minutes live in the editor: the journeys of issue 3."""

import datetime
import re

import pytest
from conftest import pass_second_factor
from playwright.sync_api import expect
from states import force_status

from meetings.models import AgendaItem, Attendance, Meeting, Point

pytestmark = pytest.mark.browser

DEC_7 = datetime.date(2021, 12, 7)
ITEM_1 = [
    "AK/1 Welcomed everyone to the meeting and thanked the Mosque for hosting the IAG at "
    "short notice. The list of apologies / attendees is above.",
    "TR provided health and safety information and explained fire exits and fire evacuation "
    "procedures. The windows were opened for ventilation.",
]
ITEM_2 = [
    "The minutes of the previous meeting were agreed prior to the meeting. "
    "There are no outstanding actions."
]
ITEM_3 = "AK/1 said that we are changing the IAG meetings to Wednesday evenings from January 2022."
PROGRAMME = [
    "- 2nd February – Body Worn Video / Stop & Search",
    "- 2nd March – Disabilities within TVP workforce",
]


@pytest.fixture
def officer_page(page, sign_in, demo):
    """The demo, without its 7 December meeting: the officer is about to type it."""
    # Agreed minutes cannot be deleted: arranged as a draft first, then removed.
    force_status(Meeting.objects.get(body=demo, date=DEC_7), "draft").delete()
    from django.contrib.auth import get_user_model

    return sign_in(get_user_model().objects.get(username="officer"))


LONG = 90_000  # generous: the machine has two loaded cores


def saved(page):
    expect(page.locator("#save-status")).to_have_text(
        re.compile(r"^Saved \d\d:\d\d:\d\d"), timeout=LONG
    )


def item(page, number):
    return page.locator(".agenda-item").filter(
        has=page.locator(f"input[name=number][value='{number}']")
    )


def add_attendee(page, box, initials):
    field = page.get_by_label(box)
    field.fill(initials)
    field.press("Enter")
    expect(page.locator("#attendance-rows input[name=initials]").last).to_have_value(initials)


def test_the_officer_types_the_first_three_items_of_the_7_december_minutes(officer_page):
    page = officer_page
    page.goto("/meetings/")
    page.get_by_role("link", name="New meeting").click()
    page.get_by_label("Date").fill("2021-12-07")
    page.get_by_label("Start time").fill("18:00")
    page.get_by_label("Location").fill("Wolverton Mosque")
    page.get_by_label("The body's standard agenda").check()
    page.get_by_role("button", name="Create and open the editor").click()
    expect(page.get_by_role("heading", name=re.compile("Tuesday 7 December 2021"))).to_be_visible()

    for initials in ["AK/1", "AS", "JH", "NS", "NR", "HS", "RG", "TR"]:
        add_attendee(page, "Add someone present (initials or name)", initials)
    for initials in ["ACP", "LH"]:
        add_attendee(page, "Add apologies (initials or name)", initials)
    # In December LH was listed for Mental Health Services: edited for this meeting only.
    page.get_by_label("Position and area of LH").fill("Mental Health Services")

    # Item 1: type, Enter for the next point, type again.
    item(page, "1").get_by_role("button", name="Add point").click()
    page.keyboard.insert_text(ITEM_1[0])
    page.keyboard.press("Enter")
    page.keyboard.insert_text(ITEM_1[1])
    # Item 2, then item 3 with a bulleted programme on several lines and an action.
    item(page, "2").get_by_role("button", name="Add point").click()
    page.keyboard.insert_text(ITEM_2[0])
    item(page, "3").get_by_role("button", name="Add point").click()
    page.keyboard.insert_text(ITEM_3)
    page.keyboard.press("Enter")
    page.keyboard.insert_text(PROGRAMME[0])
    page.keyboard.press("Shift+Enter")
    page.keyboard.insert_text(PROGRAMME[1])
    item(page, "3").get_by_role("button", name="Add action").click()
    page.keyboard.insert_text("AK/1")
    page.keyboard.press("Tab")
    page.keyboard.insert_text("AK/1 to circulate the 2022 programme to members")
    page.keyboard.press("Tab")
    saved(page)

    page.reload()
    rows = page.locator("#attendance-rows input[name=initials]")
    expect(rows).to_have_count(10)
    expect(page.get_by_label("Position and area of LH")).to_have_value("Mental Health Services")
    texts = [item(page, n).locator("textarea[name=text]") for n in ("1", "2", "3")]
    assert [t.input_value() for t in texts[0].all()] == ITEM_1
    assert [t.input_value() for t in texts[1].all()] == ITEM_2
    assert [t.input_value() for t in texts[2].all()] == [ITEM_3, "\n".join(PROGRAMME)]
    speakers = item(page, "1").locator("input[name=speakers_text]")
    assert [s.input_value() for s in speakers.all()] == ["AK/1", "TR"]
    expect(item(page, "3").locator("input[name=owners_text]")).to_have_value("AK/1")
    expect(item(page, "3").locator("input[name=description]")).to_have_value(
        "AK/1 to circulate the 2022 programme to members"
    )

    meeting = Meeting.objects.get(date=DEC_7)
    assert meeting.status == "draft"
    assert meeting.attendance.filter(status="present").count() == 8
    assert meeting.attendance.filter(status="apologies").count() == 2
    first = meeting.items.get(number="1")
    assert list(first.points.values_list("text", flat=True)) == ITEM_1
    assert page.errors == []


def test_an_offline_save_is_retried_until_it_arrives(officer_page, demo):
    page = officer_page
    meeting = Meeting.objects.get(body=demo, date=datetime.date(2022, 3, 2))
    page.goto(f"/meetings/{meeting.pk}/edit/")
    page.route("**/edit/point/**", lambda route: route.abort("internetdisconnected"))
    target = item(page, "10")
    target.get_by_role("button", name="Add point").click()
    page.keyboard.insert_text("NA said the translation service remains an issue.")
    expect(page.locator("#save-status")).to_have_text("Not saved - retrying")
    assert not Point.objects.filter(text__startswith="NA said the translation").exists()

    page.unroute("**/edit/point/**")
    saved(page)
    point = Point.objects.get(text="NA said the translation service remains an issue.")
    assert point.item.number == "10"
    assert [a.initials for a in point.speakers.all()] == ["NA"]


def test_what_is_typed_before_the_editor_script_has_run_is_saved(officer_page, demo):
    """On a slow network the fields are on screen before editor.js has run (CI's
    review journey typed into a point then, and the text was never sent)."""
    page = officer_page
    meeting = Meeting.objects.get(body=demo, date=datetime.date(2022, 3, 2))
    point = meeting.items.get(number="3").points.order_by("order").first()
    script = re.compile(r"/meetings/editor(\.[0-9a-f]+)?\.js")
    held = []
    page.route(script, lambda route: held.append(route))
    with page.expect_request(script):  # asked for, and held by the route until released
        page.goto(f"/meetings/{meeting.pk}/edit/", wait_until="commit")
    page.locator(f"#point-{point.pk}-text").fill(point.text + " Typed early.")
    page.locator(f"#point-{point.pk}-kind").select_option("decision")
    # The route's message came before the answers to the fills: it has been handled.
    assert len(held) == 1
    held[0].continue_()
    saved(page)
    point.refresh_from_db()
    assert point.text.endswith(" Typed early.") and point.kind == "decision"
    untouched = meeting.items.get(number="4").points.order_by("order").first()
    assert untouched.version == 1  # rows nobody typed in are not saved


def test_leaving_with_unsaved_text_asks_first(officer_page, demo):
    page = officer_page
    meeting = Meeting.objects.get(body=demo, date=datetime.date(2022, 3, 2))
    page.goto(f"/meetings/{meeting.pk}/edit/")
    page.route("**/edit/point/**", lambda route: route.abort("internetdisconnected"))
    item(page, "10").get_by_role("button", name="Add point").click()
    page.keyboard.insert_text("Unsaved words")
    expect(page.locator("#save-status")).to_have_text("Not saved - retrying")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    with page.expect_event("dialog"):
        page.close(run_before_unload=True)
    assert dialogs == ["beforeunload"]


def test_unknown_initials_are_refused_with_the_text_kept_and_can_be_added(officer_page, demo):
    page = officer_page
    meeting = Meeting.objects.get(body=demo, date=datetime.date(2022, 3, 2))
    page.goto(f"/meetings/{meeting.pk}/edit/")
    item(page, "4").get_by_role("button", name="Add point").click()
    page.keyboard.insert_text("TL said that parents need to hear it from the police.")
    warning = page.get_by_text("TL is not on this meeting's attendance")
    expect(warning).to_be_visible()
    point = Point.objects.get(text="TL said that parents need to hear it from the police.")
    assert not point.speakers.exists()  # refused, but the text is saved

    page.get_by_role("button", name="Add TL to the attendance").click()
    guest = page.locator("#guest-form")
    expect(guest.get_by_label("Initials", exact=True)).to_have_value("TL")
    expect(guest.get_by_label("Name (optional)")).to_be_focused()
    guest.get_by_label("Name (optional)").fill("T. Lamptey")
    guest.get_by_label("Position and area").fill("Guest")
    page.get_by_role("button", name="Add to attendance").click()
    expect(warning).to_be_hidden()
    saved(page)
    assert [a.initials for a in point.speakers.all()] == ["TL"]
    assert Attendance.objects.get(meeting=meeting, initials="TL").name == "T. Lamptey"


def test_the_text_survives_an_expired_sign_in(officer_page, demo, live_server):
    page = officer_page
    meeting = Meeting.objects.get(body=demo, date=datetime.date(2022, 3, 2))
    page.goto(f"/meetings/{meeting.pk}/edit/")
    page.context.clear_cookies()  # the session ends mid-meeting
    item(page, "10").get_by_role("button", name="Add point").click()
    page.keyboard.insert_text("Typed after the session expired.")
    expect(page.locator("#session-banner")).to_be_visible()

    login = page.context.new_page()
    login.goto(f"{live_server.url}/login/")
    login.get_by_label("Username").fill("officer")
    login.get_by_label("Password").fill("minutes-demo")
    login.get_by_role("button", name="Sign in").click()
    pass_second_factor(login)  # officers must use MFA
    login.wait_for_url(f"{live_server.url}/")  # signing in lands on the home page
    saved(page)
    expect(page.locator("#session-banner")).to_be_hidden()
    assert Point.objects.filter(text="Typed after the session expired.").exists()


def test_a_stale_save_shows_both_versions_and_keeps_both_texts(browser, live_server, demo):
    from django.contrib.auth import get_user_model
    from django.test import Client

    meeting = Meeting.objects.get(body=demo, date=datetime.date(2022, 3, 2))
    point = AgendaItem.objects.get(meeting=meeting, number="8").points.first()
    original = point.text

    def officer_tab(hold_polls=False):
        client = Client()
        client.force_login(get_user_model().objects.get(username="officer"))
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(LONG)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
        tab = context.new_page()
        if hold_polls:
            # From before the page loads: a poll sent before the route was set could
            # otherwise reach a loaded server after the first officer's save, and the
            # second page would then rightly take that save in (no stale version).
            tab.route("**/edit/state/**", lambda route: route.abort("internetdisconnected"))
        tab.goto(f"/meetings/{meeting.pk}/edit/")
        return tab

    # Two saves that cross: the second tab has not yet heard of the first's save
    # (its poll of the minutes' state is held back), so its version is stale.
    first, second = officer_tab(), officer_tab(hold_polls=True)
    field = f"#point-{point.pk}-text"
    first.locator(field).fill(original + " First officer's addition.")
    saved(first)
    second.locator(field).fill(original + " Second officer's addition.")
    expect(second.get_by_role("alert")).to_contain_text("Someone else saved this", timeout=LONG)
    expect(second.locator(".conflict-theirs")).to_contain_text("First officer's addition.")
    expect(second.locator(".conflict-yours")).to_contain_text("Second officer's addition.")
    point.refresh_from_db()
    assert point.text.endswith("First officer's addition.")  # not silently overwritten

    second.get_by_role("button", name="Keep mine").click()
    saved(second)
    point.refresh_from_db()
    assert point.text.endswith("Second officer's addition.")
    first.context.close()
    second.context.close()


def test_points_move_with_the_keyboard(officer_page, demo):
    page = officer_page
    meeting = Meeting.objects.get(body=demo, date=datetime.date(2022, 3, 2))
    target = meeting.items.get(number="3")
    first, second = list(target.points.all()[:2])
    page.goto(f"/meetings/{meeting.pk}/edit/")
    page.locator(f"#point-{second.pk}-text").focus()
    with page.expect_response(lambda response: response.url.endswith("/move/")):
        page.keyboard.press("Alt+ArrowUp")
    expect(item(page, "3").locator("textarea[name=text]").first).to_have_value(second.text)
    assert list(target.points.all()[:2]) == [second, first]
    # Typing in the moved point right after saves without a false conflict.
    page.keyboard.press("Control+End")
    page.keyboard.insert_text(" Moved and edited.")
    saved(page)
    second.refresh_from_db()
    assert second.text.endswith("Moved and edited.")


def test_a_row_deleted_while_its_first_save_is_on_the_way_is_not_kept(officer_page, demo):
    page = officer_page
    meeting = Meeting.objects.get(body=demo, date=datetime.date(2022, 3, 2))
    page.goto(f"/meetings/{meeting.pk}/edit/")
    held = []
    page.route("**/edit/point/new/", lambda route: held.append(route))
    item(page, "10").get_by_role("button", name="Add point").click()
    page.keyboard.insert_text("Okapi-teapot, typed then deleted.")
    # The first save is held on the way. Its route reaches the handler once Playwright
    # next dispatches events: each round trip to the page (its next frame) does.
    page.wait_for_event("request", lambda request: request.url.endswith("/edit/point/new/"))
    for _ in range(100):
        if held:
            break
        page.evaluate("() => new Promise((done) => requestAnimationFrame(done))")
    assert held
    page.on("dialog", lambda dialog: dialog.accept())
    item(page, "10").locator(".point-row").last.get_by_role(
        "button", name=re.compile(r"^Delete\W+point")
    ).click()
    with page.expect_response(lambda response: response.url.endswith("/delete/")):
        held[0].continue_()
    assert not Point.objects.filter(text__startswith="Okapi-teapot").exists()


def test_a_form_sent_back_with_errors_takes_the_keyboard_to_the_summary(officer_page):
    page = officer_page
    page.goto("/meetings/new/")
    page.get_by_label("Location").fill("Wolverton Mosque")
    page.get_by_role("button", name="Create and open the editor").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Date")
    expect(page.get_by_label("Location")).to_have_value("Wolverton Mosque")
