"""Issue 12: the editor keeps every word exactly once, at full typing speed, with
the right people attached. Everything is typed with keyboard.type(delay=0) and no
pause between rows; the tests wait on state only."""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect
from states import force_status

from actions.models import Action
from meetings.models import AgendaItem, Attendance, Meeting, MeetingStatus, Point
from members.models import Membership, Person

pytestmark = pytest.mark.browser

# The 2 March 2022 minutes (seeds/001_*) as the officer types them: the demo holds
# the same text, paragraph by paragraph, with the speakers the source names.
MARCH_2 = json.loads(
    (Path(__file__).resolve().parents[2] / "meetings" / "demo" / "2022-03-02.json").read_text()
)
SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "001_9a5d8fd250c80b34.txt"
LONG = 90_000  # generous: the machine has two loaded cores


def saved(page):
    expect(page.locator("#save-status")).to_have_text(
        re.compile(r"^Saved \d\d:\d\d:\d\d"), timeout=LONG
    )


def officer(sign_in):
    return sign_in(get_user_model().objects.get(username="officer"))


def draft(demo, day=datetime.date(2022, 5, 25)):
    return Meeting.objects.create(
        body=demo, date=day, start_time=datetime.time(18), status=MeetingStatus.DRAFT
    )


def leading(text):
    match = re.match(r"([A-Z]{2,4}[a-z]?(?:/\d+)?)(?=\s*:|\s+[–-]\s|\s)", text)
    return match[1] if match else ""


def test_the_whole_of_the_2_march_minutes_typed_at_full_speed_is_kept_exactly_once(
    page, sign_in, demo
):
    if SEED.exists():  # the demo is that seed: check it still says what we type
        source = SEED.read_text()
        for item in MARCH_2["items"]:
            for point in item["points"]:
                assert point["text"][:40] in source.replace("\n\n", " ")
    Meeting.objects.filter(body=demo, date=datetime.date(2022, 3, 2)).delete()
    page = officer(sign_in)
    trouble = []
    page.on("response", lambda r: trouble.append((r.status, r.url)) if r.status >= 500 else None)
    page.on("requestfailed", lambda r: trouble.append(("failed", r.url, r.failure)))
    page.goto("/meetings/new/")
    page.get_by_label("Date").fill("2022-03-02")
    page.get_by_label("Start time").fill("18:00")
    page.get_by_label("Location").fill(MARCH_2["location"])
    page.get_by_label("A blank agenda").check()
    page.get_by_role("button", name="Create and open the editor").click()
    expect(page.get_by_role("heading", name=re.compile("Wednesday 2 March 2022"))).to_be_visible()

    attendance = MARCH_2["attendance"]
    page.get_by_label("Add someone present (initials or name)").focus()
    for row in attendance:  # 25 rows, AK/1 and AK/2 among them, without a pause
        page.keyboard.type(row["initials"], delay=0)
        page.keyboard.press("Enter")
    present = [row["initials"] for row in attendance]

    for item in MARCH_2["items"]:
        page.keyboard.press("Alt+N")
        page.keyboard.type(item["title"], delay=0)
        page.keyboard.press("Tab")
        page.keyboard.type(item["lead"], delay=0)
        if item["state"] != "discussed":
            page.keyboard.press("Tab")
            page.locator(":focus").select_option(item["state"])
        for n, point in enumerate(item["points"]):
            if n == 0:
                page.keyboard.press("Alt+P")
            else:
                page.keyboard.press("Enter")
            auto = [leading(point["text"])] if leading(point["text"]) in present else []
            if point["speakers"] != auto:
                # "AK" could be AK/1 or AK/2 (both present); "TJL" is a typo for JH:
                # the officer types who spoke in the Who box.
                page.keyboard.press("Shift+Tab")
                page.keyboard.type(", ".join(point["speakers"]) or "-", delay=0)
                page.keyboard.press("Tab")
            page.keyboard.type(point["text"], delay=0)
            if point["kind"] != "discussion":
                page.keyboard.press("Tab")
                page.locator(":focus").select_option(point["kind"])
                page.keyboard.press("Shift+Tab")
        for action in item["actions"]:
            page.keyboard.press("Alt+A")
            page.keyboard.type(", ".join(action["owners"]), delay=0)
            page.keyboard.press("Tab")
            page.keyboard.type(action["description"], delay=0)
            page.keyboard.press("Tab")
    saved(page)

    assert trouble == []  # no request failed or met a server error on the way
    meeting = Meeting.objects.get(body=demo, date=datetime.date(2022, 3, 2))
    typed = list(meeting.attendance.order_by("order", "pk"))
    assert [(a.initials, a.role, a.status) for a in typed] == [
        (row["initials"], row["role"], row["status"]) for row in attendance
    ]
    assert all(a.person and a.person.name for a in typed)
    assert len({a.person_id for a in typed}) == 25  # 25 people, AK/1 and AK/2 two of them
    items = list(meeting.items.order_by("order", "pk"))
    assert [(i.number, i.title, i.lead, i.state) for i in items] == [
        (item["number"], item["title"], item["lead"], item["state"]) for item in MARCH_2["items"]
    ]
    for item, expected in zip(items, MARCH_2["items"], strict=True):
        points = list(item.points.order_by("order", "pk").prefetch_related("speakers"))
        assert [(p.kind, p.text) for p in points] == [
            (p["kind"], p["text"]) for p in expected["points"]
        ], item.title
        # Speakers are listed in attendance order, whatever order they were typed in.
        assert [sorted(s.initials for s in p.speakers.all()) for p in points] == [
            sorted(p["speakers"]) for p in expected["points"]
        ], item.title
        actions = list(item.actions.order_by("order", "pk"))
        assert [(a.description, a.owner_names()) for a in actions] == [
            (a["description"], ", ".join(a["owners"])) for a in expected["actions"]
        ]
    assert Point.objects.filter(item__meeting=meeting).count() == sum(
        len(i["points"]) for i in MARCH_2["items"]
    )
    assert page.errors == []


def test_three_members_typed_without_a_pause_are_three_rows(page, sign_in, demo):
    meeting = draft(demo)
    page = officer(sign_in)
    page.goto(f"/meetings/{meeting.pk}/edit/")
    page.get_by_label("Add someone present (initials or name)").focus()
    page.keyboard.type("SB\nKM\nAA\n", delay=0)
    rows = page.locator("#attendance-rows input[name=initials]")
    expect(rows).to_have_count(3, timeout=LONG)
    saved(page)
    assert [r.input_value() for r in rows.all()] == ["SB", "KM", "AA"]
    assert list(meeting.attendance.values_list("initials", flat=True)) == ["SB", "KM", "AA"]


def test_the_same_initials_present_and_in_apologies_are_two_people_after_reload_and_in_print(
    page, sign_in, demo
):
    meeting = draft(demo)
    page = officer(sign_in)
    page.goto(f"/meetings/{meeting.pk}/edit/")
    page.get_by_label("Add someone present (initials or name)").fill("JS")
    page.keyboard.press("Enter")
    expect(page.locator("#attendance-rows input[name=initials]")).to_have_count(1, timeout=LONG)
    # The same person again, by name: the page says so, and adds nobody.
    page.get_by_label("Add someone present (initials or name)").fill("Julia Stevens")
    page.keyboard.press("Enter")
    expect(page.locator("#attendance-panel").get_by_role("alert")).to_contain_text(
        "JS (Julia Stevens, MKC SaferMK) is already on the attendance: nothing was added",
        timeout=LONG,
    )
    expect(page.locator("#attendance-rows li")).to_have_count(1)
    assert meeting.attendance.count() == 1
    # A different JS sends apologies: a guest, typed by initials and name.
    page.get_by_text("Add a guest, partner officer").click()
    guest = page.locator("#guest-form")
    guest.get_by_label("Initials").fill("JS")
    guest.get_by_label("Name (optional)").fill("John Smith")
    guest.get_by_label("Status").select_option("apologies")
    guest.get_by_role("button", name="Add to attendance").click()
    question = guest.get_by_role("alert")
    expect(question).to_contain_text("JS is already on the attendance: JS (Julia Stevens")
    expect(page.locator("#attendance-rows li")).to_have_count(1)  # nothing merged, nobody moved
    question.get_by_role("button", name="Make them JS/1 and JS/2").click()
    expect(page.locator("#attendance-rows li")).to_have_count(2, timeout=LONG)
    expect(guest).to_contain_text("The first JS is now JS/1")
    expect(page.locator("#attendance-rows input[name=initials]").first).to_have_value("JS/1")
    saved(page)

    page.reload()
    initials = page.locator("#attendance-rows input[name=initials]")
    expect(initials).to_have_count(2)
    assert [i.input_value() for i in initials.all()] == ["JS/1", "JS/2"]
    statuses = page.locator("#attendance-rows select[name=status]")
    assert [s.input_value() for s in statuses.all()] == ["present", "apologies"]
    page.goto(f"/minutes/{meeting.pk}/members/")
    # In print: JS/1 under those present, JS/2 under apologies, each once.
    present = page.locator("#doc-attendance tbody").first.locator("td:first-child")
    expect(present).to_have_text(["JS/1"])
    expect(page.locator("#doc-apologies td:first-child")).to_have_text(["JS/2"])
    julia = Person.objects.get(name="Julia Stevens")
    assert meeting.attendance.get(person=julia).status == "present"
    assert meeting.attendance.get(name="John Smith").status == "apologies"


def test_a_second_present_ak_is_told_apart_and_ak_resolves_to_the_one_present(page, sign_in, demo):
    meeting = draft(demo)
    page = officer(sign_in)
    page.goto(f"/meetings/{meeting.pk}/edit/")
    page.get_by_label("Add someone present (initials or name)").focus()
    page.keyboard.type("AK/1\n", delay=0)
    page.get_by_label("Add apologies (initials or name)").focus()
    page.keyboard.type("AK/2\n", delay=0)
    expect(page.locator("#attendance-rows li")).to_have_count(2, timeout=LONG)
    page.keyboard.press("Alt+N")
    page.keyboard.type("Chairs Report", delay=0)
    page.keyboard.press("Alt+P")
    page.keyboard.type("AK – thanked everyone for coming.", delay=0)
    page.keyboard.press("Enter")
    page.keyboard.type("XY: a speaker nobody knows.", delay=0)
    saved(page)
    warning = page.get_by_text("XY is not on this meeting's attendance")
    expect(warning).to_be_visible()
    first, second = Point.objects.filter(item__meeting=meeting).order_by("order")
    assert [s.initials for s in first.speakers.all()] == ["AK/1"]
    assert not second.speakers.exists()
    # "Add AK" is never offered for AK: AK/1 is there; adding AK as a guest asks first.
    expect(page.get_by_role("button", name="Add AK to the attendance")).to_have_count(0)
    page.get_by_text("Add a guest, partner officer").click()
    page.locator("#guest-form").get_by_label("Initials").fill("AK")
    page.keyboard.press("Enter")
    expect(page.locator("#guest-form").get_by_role("alert")).to_contain_text(
        "AK is already on the attendance"
    )
    assert meeting.attendance.count() == 2


def test_an_action_owned_by_all_survives_reload_and_prints(page, sign_in, demo):
    meeting = draft(demo)
    page = officer(sign_in)
    page.goto(f"/meetings/{meeting.pk}/edit/")
    page.keyboard.press("Alt+N")
    page.keyboard.type("AOB", delay=0)
    page.keyboard.press("Alt+A")
    page.keyboard.type("All", delay=0)
    page.keyboard.press("Tab")
    page.keyboard.type("Everyone to share the Pride date with their community.", delay=0)
    page.keyboard.press("Tab")
    saved(page)
    assert Action.objects.filter(item__meeting=meeting).count() == 1  # one create, not two
    page.reload()
    expect(page.locator("input[name=owners_text]")).to_have_value("All")
    page.goto(f"/minutes/{meeting.pk}/members/")
    expect(page.get_by_text("ACTION All:")).to_be_visible()


# The moment a page shows what it is watching for ([what, selector, mode, value]):
# sampled in the page every 25 ms, kept in window.seenAt (ms since 1970).
SEEN_AT = """() => {
  window.seenAt = {};
  window.watched = [];
  setInterval(() => {
    window.watched = window.watched.filter(([what, selector, mode, value]) => {
      const el = document.querySelector(selector);
      const holds = mode === "gone" ? !el
        : mode === "value" ? Boolean(el) && el.value === value
        : Boolean(el) && el.textContent.includes(value);
      if (holds) window.seenAt[what] = Date.now();
      return !holds;
    });
  }, 25);
}"""


def test_a_second_officer_sees_a_save_and_a_delete_and_is_told_when_their_row_changed(
    browser, live_server, demo
):
    from django.test import Client

    meeting = Meeting.objects.get(body=demo, date=datetime.date(2022, 3, 2))
    aob = meeting.items.get(number="9")
    first_point, second_point = list(aob.points.order_by("order")[:2])

    def officer_tab():
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
        tab.goto(f"/meetings/{meeting.pk}/edit/")
        return tab

    one, two = officer_tab(), officer_tab()
    one.on("dialog", lambda dialog: dialog.accept())
    # Two's page notes the moment it shows each change (sampled in the page, so the
    # time is what the officer sees, not when this test's next look happens to be).
    two.evaluate(SEEN_AT)
    seen = {}

    def watch(what, selector, mode, value=""):
        two.evaluate("(args) => window.watched.push(args)", [what, selector, mode, value])

    def answered(info):
        """When one's request was answered, by the browser's clock (ms since 1970)."""
        info.value.finished()
        timing = info.value.request.timing
        return timing["startTime"] + max(timing["responseStart"], timing["responseEnd"])

    def within_5_seconds(what, since, check):
        took(what, since, check)
        assert seen[what] < 5, seen

    def took(what, since, check):
        check()  # waits on the state, however loaded the machine
        at = two.evaluate("(what) => window.seenAt[what]", what)
        seen[what] = round((at - since) / 1000, 2)

    def posted(url_end):
        return one.expect_response(lambda r: r.url.endswith(url_end) and r.request.method == "POST")

    # One saves a point; two, typing nowhere, sees it within five seconds.
    first_field = f"#point-{first_point.pk}-text"
    watch("save", first_field, "value", first_point.text + " Seen by both.")
    with posted(f"/point/{first_point.pk}/") as info:
        one.locator(first_field).fill(first_point.text + " Seen by both.")
    within_5_seconds(
        "save",
        answered(info),
        lambda: expect(two.locator(first_field)).to_have_value(
            first_point.text + " Seen by both.", timeout=LONG
        ),
    )
    # One deletes a point: it goes from two's page.
    watch("delete", f"#point-{second_point.pk}-text", "gone")
    with posted(f"/point/{second_point.pk}/delete/") as info:
        one.locator(f"[data-row=point-{second_point.pk}]").get_by_role(
            "button", name=re.compile(r"^Delete\W+point")
        ).click()
    within_5_seconds(
        "delete",
        answered(info),
        lambda: expect(two.locator(f"#point-{second_point.pk}-text")).to_have_count(
            0, timeout=LONG
        ),
    )
    # One moves the third point up: two shows the new order.
    third = aob.points.order_by("order")[1]
    first_of_aob = "#items > .agenda-item:nth-child(9) textarea[name=text]"
    watch("move", first_of_aob, "value", third.text)
    one.locator(f"#point-{third.pk}-text").focus()
    with posted("/move/") as info:
        one.keyboard.press("Alt+ArrowUp")
    within_5_seconds(
        "move",
        answered(info),
        lambda: expect(two.locator(first_of_aob).first).to_have_value(third.text, timeout=LONG),
    )
    one.locator(f"#point-{third.pk}-text").blur()
    # Two is typing in a point (its saves not through yet) when one changes it:
    # two is told within seconds, sees both versions, and keeps the text.
    two.route("**/edit/point/**", lambda route: route.abort("internetdisconnected"))
    two_field = two.locator(f"#point-{first_point.pk}-text")
    two_field.focus()
    two.keyboard.press("End")
    two.keyboard.type(" Two's words.", delay=0)
    expect(two.locator("#save-status")).to_have_text("Not saved - retrying")
    told = "Another officer changed this while you were typing"
    watch("told of a change", f"[data-row=point-{first_point.pk}] [role=alert]", "text", told)
    with posted(f"/point/{first_point.pk}/") as info:
        one.locator(first_field).fill("One rewrote this point.")
    saved(one)
    alert = two.locator(f"[data-row=point-{first_point.pk}]").get_by_role("alert")
    # Told at the next poll after the change: measured and printed. Under heavy load
    # the page's own timers run late (seen at 4 to 11 s with a load average of 8 to
    # 11 on two cores), so this is not held to the 5 s of a plain save or delete.
    took(
        "told of a change",
        answered(info),
        lambda: expect(alert).to_contain_text(
            "Another officer changed this while you were typing", timeout=LONG
        ),
    )
    expect(alert.locator(".conflict-theirs")).to_contain_text("One rewrote this point.")
    expect(two_field).to_have_value(re.compile("Two's words.$"))
    two.unroute("**/edit/point/**")
    alert.get_by_role("button", name="Keep mine").click()
    saved(two)
    first_point.refresh_from_db()
    assert first_point.text.endswith("Two's words.")
    # Two is typing in a point that one deletes: two is told, and keeps the text.
    last = aob.points.order_by("-order").first()
    two.route("**/edit/point/**", lambda route: route.abort("internetdisconnected"))
    doomed = two.locator(f"#point-{last.pk}-text")
    doomed.focus()
    two.keyboard.press("End")
    two.keyboard.type(" Two's last words.", delay=0)
    expect(two.locator("#save-status")).to_have_text("Not saved - retrying")
    told = "Another officer deleted this point. Your text is kept here"
    watch("told of a delete", f"[data-row=point-{last.pk}] [role=alert]", "text", told)
    with posted(f"/point/{last.pk}/delete/") as info:
        one.locator(f"[data-row=point-{last.pk}]").get_by_role(
            "button", name=re.compile(r"^Delete\W+point")
        ).click()
    gone = two.locator(f"[data-row=point-{last.pk}]").get_by_role("alert")
    took(
        "told of a delete",
        answered(info),
        lambda: expect(gone).to_contain_text(
            "Another officer deleted this point. Your text is kept here", timeout=LONG
        ),
    )
    expect(doomed).to_have_value(last.text + " Two's last words.")
    two.unroute("**/edit/point/**")
    gone.get_by_role("button", name="Keep it as a new point").click()
    saved(two)
    revived = Point.objects.get(item=aob, text__startswith=last.text)  # exactly once
    assert revived.text == last.text + " Two's last words." and revived.pk != last.pk
    print("second officer saw it after (s):", seen)
    one.context.close()
    two.context.close()


@pytest.mark.parametrize("status", ["approved", "published", "cancelled"])
def test_locked_minutes_have_no_editable_control_and_say_how_to_amend(page, sign_in, demo, status):
    meeting = Meeting.objects.get(body=demo, date=datetime.date(2021, 12, 7))
    assert meeting.status == MeetingStatus.APPROVED
    force_status(meeting, status)
    page = officer(sign_in)
    page.goto(f"/meetings/{meeting.pk}/edit/")
    notice = page.locator("#locked-notice")
    expect(notice).to_contain_text(f"These minutes are {MeetingStatus(status).label.lower()}")
    amend = page.get_by_role("link", name="record an amendment")
    if status == "cancelled":
        expect(amend).to_have_count(0)
        expect(notice.get_by_role("link", name="view the minutes")).to_be_visible()
    else:
        expect(amend).to_have_attribute("href", reverse("reviews:amend", args=[meeting.pk]))
    expect(page.locator("#minutes-fields textarea").first).to_be_disabled()
    # No live control anywhere in the editor (links to read on are not controls).
    live = page.locator("#editor").locator(
        "input:not([type=hidden]):enabled, textarea:enabled, select:enabled, button:enabled,"
        " [contenteditable=true]"
    )
    expect(live).to_have_count(0)
    expect(page.get_by_role("button", name="Add agenda item")).to_have_count(0)
    expect(page.get_by_label("Add someone present (initials or name)")).to_have_count(0)
    expect(page.locator("#editor-bar")).to_have_count(0)  # nothing to save, no status
    # The shortcuts add nothing either.
    page.locator("body").press("Alt+N")
    expect(page.locator("#items .agenda-item:not([data-row])")).to_have_count(0)


def test_alt_p_adds_the_first_point_and_the_guest_form_keeps_the_focus(page, sign_in, demo):
    meeting = draft(demo)
    item = AgendaItem.objects.create(meeting=meeting, order=1, number="1", title="Welcome")
    page = officer(sign_in)
    page.goto(f"/meetings/{meeting.pk}/edit/")
    page.get_by_label("Item title").focus()
    page.keyboard.press("Alt+P")
    expect(page.get_by_label("Point 1 of item 1: Welcome", exact=True)).to_be_focused()
    page.keyboard.type("NS welcomed everyone.", delay=0)
    page.get_by_text("Add a guest, partner officer").click()
    initials = page.locator("#guest-initials")
    initials.focus()
    page.keyboard.type("TSC\n", delay=0)
    expect(initials).to_be_focused()
    page.keyboard.type("MK\n", delay=0)
    expect(page.locator("#attendance-rows li")).to_have_count(2, timeout=LONG)
    saved(page)
    assert list(meeting.attendance.values_list("initials", "role")) == [
        ("TSC", "Guest"),
        ("MK", "Guest"),
    ]
    assert item.points.get().text == "NS welcomed everyone."


# Which focused field the sticky bar covers, once the page has scrolled to it.
COVERED = """() => new Promise((done) => {
    requestAnimationFrame(() => requestAnimationFrame(() => {
        const el = document.activeElement;
        const bar = document.getElementById("editor-bar");
        const fields = document.getElementById("minutes-fields");
        if (!el || bar.contains(el) || !fields.contains(el)) { done(null); return; }
        const r = el.getBoundingClientRect();
        const b = bar.getBoundingClientRect();
        const where = ` top ${r.top} bottom ${r.bottom}, bar ${b.top}-${b.bottom},`
            + ` window ${innerHeight}, scrolled ${scrollY}`;
        done(r.top < b.bottom && r.bottom > b.top ? (el.id || el.name) + where : null);
    }));
})"""


@pytest.mark.parametrize("width", [1280, 320])
def test_the_focused_field_is_never_under_the_status_bar(page, sign_in, demo, width):
    meeting = Meeting.objects.get(body=demo, date=datetime.date(2022, 3, 2))
    page = officer(sign_in)
    page.set_viewport_size({"width": width, "height": 640})
    page.goto(f"/meetings/{meeting.pk}/edit/")
    if width == 320:
        page.evaluate("document.documentElement.style.fontSize = '200%'")
    bar = page.locator("#editor-bar")
    height = bar.bounding_box()["height"]
    assert height < 640 * 0.2, height  # the bar stays small
    # From the header through the attendance, and among the points and actions of
    # item 6, forward and back.
    middle = Point.objects.filter(item__meeting=meeting, item__number="6").order_by("order")[2]
    covered = []
    for start, keys in [
        ("#meeting-date", ["Tab"] * 60 + ["Shift+Tab"] * 60),
        (f"#point-{middle.pk}-text", ["Tab"] * 30 + ["Shift+Tab"] * 45),
    ]:
        page.locator(start).focus()
        for key in keys:
            page.keyboard.press(key)
            check = page.evaluate(COVERED)
            if check:
                covered.append((start, key, check))
    assert covered == []


def test_row_controls_have_distinct_names_and_are_big_enough(page, sign_in, demo):
    meeting = Meeting.objects.get(body=demo, date=datetime.date(2022, 3, 2))
    page = officer(sign_in)
    page.goto(f"/meetings/{meeting.pk}/edit/")
    expect(
        page.get_by_label("Point 3 of item 6: Hate Crime Case Studies and Discussion", exact=True)
    ).to_be_visible()
    names = page.locator("textarea[name=text]").evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label'))"
    )
    assert len(names) == len(set(names)) == Point.objects.filter(item__meeting=meeting).count()
    up = page.locator(".point-row").first.get_by_role(
        "button", name=re.compile(r"^Up\W+point 1 of item 1")
    )
    box = up.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    assert Membership.objects.exists()


ANNOUNCEMENTS = """
() => {
  window.announced = [];
  new MutationObserver(() => {
    const text = document.getElementById("save-announce").textContent;
    if (text) window.announced.push(text);
  }).observe(document.getElementById("save-announce"),
             {childList: true, characterData: true, subtree: true});
}
"""


def test_the_save_status_is_announced_once_per_change_of_state_not_per_pause(page, sign_in, demo):
    meeting = Meeting.objects.get(body=demo, date=datetime.date(2022, 3, 2))
    point = Point.objects.filter(item__meeting=meeting).order_by("item__order", "order")[2]
    page = officer(sign_in)
    page.goto(f"/meetings/{meeting.pk}/edit/")
    announce = page.locator("#save-announce")
    expect(announce).to_have_attribute("aria-live", "polite")
    page.evaluate(ANNOUNCEMENTS)
    field = page.locator(f"#point-{point.pk}-text")
    field.focus()
    page.keyboard.press("Control+End")
    # Words typed at full speed, with the small pauses of real typing between them.
    for word in (" Typed", " in", " bursts."):
        page.keyboard.type(word, delay=0)
    saved(page)
    announced = page.evaluate("window.announced")
    assert len(announced) == 1 and announced[0].startswith("Saved "), announced
    # The connection drops: the failure is announced once, not at every retry.
    page.route("**/edit/point/**", lambda route: route.abort("internetdisconnected"))
    page.keyboard.type(" Offline words.", delay=0)
    expect(page.locator("#save-status")).to_have_text("Not saved - retrying", timeout=LONG)
    for _ in range(2):  # two retries go and fail
        page.wait_for_event("requestfailed", timeout=LONG)
    page.unroute("**/edit/point/**")
    saved(page)
    announced = page.evaluate("window.announced")
    assert announced[1:] == ["Not saved - retrying", announced[-1]], announced
    assert announced[-1].startswith("Saved ")
    point.refresh_from_db()
    assert point.text.endswith(" Typed in bursts. Offline words.")


def test_a_row_typed_on_while_its_create_is_on_the_way_is_created_once_then_updated(
    page, sign_in, demo
):
    """Per row, one request at a time: the create first, then the update with what
    was typed meanwhile, however long the create's answer takes."""
    meeting = draft(demo)
    AgendaItem.objects.create(meeting=meeting, order=1, number="1", title="AOB")
    Attendance.objects.create(meeting=meeting, initials="MT", role="TVP LPA Commander", order=1)
    page = officer(sign_in)
    page.goto(f"/meetings/{meeting.pk}/edit/")
    sent = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)
    held = []
    page.route("**/edit/action/new/", lambda route: held.append(route))
    page.get_by_label("Item title").focus()
    page.keyboard.press("Alt+A")
    page.keyboard.type("All", delay=0)
    page.keyboard.press("Tab")
    page.keyboard.type("Everyone to share the Pride date", delay=0)
    with page.expect_request(lambda r: r.url.endswith("/edit/action/new/")):
        page.keyboard.press("Tab")  # the create goes, and is held on the way
    # Typed on at once, in the same row: owner and text change while it is held.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("End")
    page.keyboard.type(" with their community.", delay=0)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("End")
    page.keyboard.type(", MT", delay=0)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    # Nothing more went while the create is on its way: no second create, no update.
    for _ in range(100):
        if held:
            break
        page.evaluate("() => new Promise((done) => requestAnimationFrame(done))")
    assert len(held) == 1
    assert [u for u in sent if "/edit/action/" in u] == [held[0].request.url]
    with page.expect_response(lambda r: "/edit/action/" in r.url and "/new/" not in r.url):
        held[0].continue_()
    page.unroute("**/edit/action/new/")
    saved(page)
    action = Action.objects.get(item__meeting=meeting)  # one row, not two
    assert action.description == "Everyone to share the Pride date with their community."
    assert action.owner_names() == "MT, All"
    assert [u.split("/edit/")[1] for u in sent if "/edit/action/" in u] == [
        "action/new/",
        f"action/{action.pk}/",
    ]
    # The row shows what the server holds, from its answer.
    expect(page.locator("input[name=owners_text]")).to_have_value("MT, All")
