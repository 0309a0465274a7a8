"""WCAG 2.2 AA on every page: axe-core and the checks axe cannot make.

Every page of the URL x role walk (tests/test_urls.py, tests/*/url_roles.py)
that answers a role with HTML is opened once in that role's browser context,
then checked without reloading:

- axe-core (tests/assets/axe.min.js, vendored by scripts/vendor_assets.sh) at
  1280x800 and at 390x844: no violation of the WCAG 2.0/2.1/2.2 A and AA rules
  nor of `target-size`, except those listed in tests/a11y_exceptions.py;
- reflow (1.4.10): no sideways scroll at 320 px wide;
- text resize (1.4.4): no sideways scroll at 1280 px with text at 200%;
- focus not obscured (2.4.11): on pages with sticky or fixed parts, tabbing
  forward and back never puts the focused control fully under them;
- titles (2.4.2): every page has its own title, naming the page and the site.

Forms are also checked in their error state, after a submission the server refuses.
"""

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from a11y_exceptions import EXCEPTIONS
from committee_record import clerk, january, october, safermk  # noqa: F401 (fixtures)
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect
from states import move_to
from test_urls import ROUTES
from url_roles import DENIED, OK, ROLES

from actions.models import Action
from meetings.models import AgendaItem, Attendance, Meeting, MeetingStatus, Point
from members.models import ItemKind

pytestmark = pytest.mark.browser

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"  # as test_imports.py
AXE = (Path(__file__).resolve().parents[1] / "assets" / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}

RUN_AXE = """
async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    rules: {'target-size': {enabled: true}},
    resultTypes: ['violations'],
  });
  return result.violations.map(v => ({
    id: v.id, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary.split('\\n')[1]),
  }));
}
"""

# Width of the page beyond the viewport, and the widest culprits.
SIDEWAYS = """
() => {
  const width = document.documentElement.clientWidth;
  const over = document.documentElement.scrollWidth - width;
  if (over <= 0) return null;
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className.trim()
       ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const all = [...document.querySelectorAll('body *')];
  // Boxes past the edge (innermost first), and text running out of its box.
  const boxes = all.filter(el => el.getBoundingClientRect().right > width + 1)
    .filter(el => ![...el.children].some(c => c.getBoundingClientRect().right > width + 1));
  const text = all.filter(el => el.scrollWidth > el.clientWidth + 1 && el.clientWidth
    && getComputedStyle(el).overflowX === 'visible'
    && ![...el.children].some(c => c.scrollWidth > c.clientWidth + 1 && c.clientWidth));
  const culprits = boxes.concat(text).slice(0, 5).map(name);
  return {over, culprits};
}
"""

STICKY_PARTS = """
() => [...document.querySelectorAll('body *')].filter(el => {
  const position = getComputedStyle(el).position;
  return (position === 'sticky' || position === 'fixed') && el.getClientRects().length;
}).length
"""

# The focused control, if a sticky or fixed element covers all of it (2.4.11).
FOCUS_COVERED = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const r = el.getBoundingClientRect();
  for (const other of document.querySelectorAll('body *')) {
    const position = getComputedStyle(other).position;
    if ((position !== 'sticky' && position !== 'fixed') || other.contains(el)) continue;
    const q = other.getBoundingClientRect();
    if (q.top <= r.top && q.bottom >= r.bottom && q.left <= r.left && q.right >= r.right)
      return (el.id || el.name || el.textContent.trim().slice(0, 30)) + ' under '
             + other.tagName.toLowerCase() + '.' + other.className;
  }
  return null;
}
"""


# 1.4.11, which axe leaves to people: the edge of every form control against what is
# behind it, 3:1 at least. The references a screen reader follows: every id named by
# aria-describedby / aria-labelledby / a summary link exists; an invalid control says so.
# And the main action of a page is a 44 px target.
CONTROLS = """
() => {
  const rgb = value => (value.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const c = [r, g, b].map(v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const ratio = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const behind = el => {
    for (let node = el.parentElement; node; node = node.parentElement) {
      const colour = rgb(getComputedStyle(node).backgroundColor);
      if (colour.length === 3 || colour[3] > 0) return colour.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const problems = [];
  const name = el => el.tagName.toLowerCase() + '#' + (el.id || el.name);
  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
    if (!el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (parseFloat(style.borderTopWidth) === 0) continue;
    const edge = ratio(rgb(style.borderTopColor), behind(el));
    if (edge < 3) problems.push(`${name(el)} edge ${edge.toFixed(2)}:1`);
  }
  for (const el of document.querySelectorAll('[aria-describedby], [aria-labelledby]')) {
    for (const attr of ['aria-describedby', 'aria-labelledby']) {
      for (const id of (el.getAttribute(attr) || '').split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) problems.push(`${name(el)} ${attr} names missing #${id}`);
      }
    }
  }
  for (const link of document.querySelectorAll('#error-summary a')) {
    const target = link.getAttribute('href');
    if (!target.startsWith('#') || target.length < 2 || !document.getElementById(target.slice(1)))
      problems.push(`summary link ${target} leads nowhere`);
  }
  for (const el of document.querySelectorAll('.is-invalid')) {
    const control = ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName);
    if (control && el.getAttribute('aria-invalid') !== 'true')
      problems.push(`${name(el)} shown invalid without aria-invalid`);
  }
  // 2.5.5 (AAA, kept for the main action of a page): 44 px high.
  for (const button of document.querySelectorAll('main .btn-primary:not(.btn-sm)')) {
    const height = button.getBoundingClientRect().height;
    if (height && height < 43.5)
      problems.push(`main action "${button.textContent.trim()}" ${height}px high`);
  }
  return problems;
}
"""


@dataclass
class Findings:
    """What one role's walk found, by check."""

    axe: list
    controls: list
    reflow: list
    text_resize: list
    focus: list
    titles: dict

    def report(self):
        lines = []
        for name in ("axe", "controls", "reflow", "text_resize", "focus"):
            lines += [f"{name}: {entry}" for entry in getattr(self, name)]
        return "\n".join(lines)


def excepted(page_name, rule):
    return (page_name, rule) in EXCEPTIONS or ("*", rule) in EXCEPTIONS


def axe_violations(page, page_name, viewport):
    page.set_viewport_size(viewport)
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE)  # as a script of the test, not of the page: its CSP stays on
    found = []
    for violation in page.evaluate(RUN_AXE, AXE_TAGS):
        if not excepted(page_name, violation["id"]):
            where = "; ".join(violation["nodes"][:4])
            found.append(
                f"{page_name} {viewport['width']}px {violation['id']} ({violation['help']}): "
                f"{len(violation['nodes'])} nodes: {where}"
            )
    return found


def check_page(page, page_name, findings):
    """Every check on the page as it stands: no navigation, so an error state is kept."""
    findings.titles.setdefault(page.title(), set()).add(page_name.removesuffix(" (error)"))
    findings.axe += axe_violations(page, page_name, DESKTOP)
    findings.axe += axe_violations(page, page_name, PHONE)
    findings.controls += [f"{page_name}: {problem}" for problem in page.evaluate(CONTROLS)]
    page.set_viewport_size(NARROW)
    if wide := page.evaluate(SIDEWAYS):
        findings.reflow.append(f"{page_name} at 320px: {wide}")
    page.set_viewport_size(DESKTOP)
    page.evaluate("document.documentElement.style.setProperty('font-size', '200%', 'important')")
    if wide := page.evaluate(SIDEWAYS):
        findings.text_resize.append(f"{page_name} at 200% text: {wide}")
    page.evaluate("document.documentElement.style.removeProperty('font-size')")
    if page_name.startswith("meetings:edit"):
        return  # the editor's own focus test is tests/browser/test_editor_typing.py (issue 12)
    if page.evaluate(STICKY_PARTS):
        findings.focus += focus_obscured(page, page_name)


def focus_obscured(page, page_name, steps=60):
    found = []
    page.locator("body").focus()
    for key in ["Tab"] * steps + ["Shift+Tab"] * steps:
        page.keyboard.press(key)
        if covered := page.evaluate(FOCUS_COVERED):
            found.append(f"{page_name} after {key}: {covered}")
    return found


# --- What the walk sees ----------------------------------------------------------


def walk_data(body, meeting, users):
    """Give the walk's draft meeting what its pages show at their fullest: a "Previous
    notes/actions" item reviewing an overdue action of an earlier meeting, and a next
    meeting in the programme."""
    earlier = Meeting.objects.create(
        body=body,
        date=meeting.date - datetime.timedelta(days=42),
        start_time=datetime.time(18, 0),
        location="Wolverton Mosque",
        status=MeetingStatus.DRAFT,
    )
    owner = Attendance.objects.create(
        meeting=earlier,
        person=users["member"].person,
        initials="ME",
        role="IAG Member",
        order=1,
    )
    item = AgendaItem.objects.create(meeting=earlier, order=1, number="1", title="AOB", lead="All")
    Point.objects.create(item=item, order=1, text="ME raised the late-night bus route.")
    action = Action.objects.create(
        item=item,
        description="ME to ask the bus operator for the late-night timetable and "
        "share it with the Neighbourhood Policing Team before the next IAG",
        due_date=earlier.date + datetime.timedelta(days=14),
    )
    action.owners.add(owner)
    move_to(earlier, MeetingStatus.APPROVED)
    AgendaItem.objects.create(
        meeting=meeting,
        order=3,
        number="3",
        title="Previous notes/actions",
        lead="IAG Chair",
        kind=ItemKind.PREVIOUS_MINUTES,
    )
    Meeting.objects.create(
        body=body,
        date=meeting.date + datetime.timedelta(days=91),
        start_time=datetime.time(18, 0),
        location="The Point",
        topic="Stop and search: body-worn video",
        status=MeetingStatus.SCHEDULED,
    )


def html_pages(role, ctx, prefixes=("",)):
    """(route name, url) of each GET route answering `role` with an HTML page (of the
    routes whose names start with one of `prefixes`)."""
    client = Client()
    if role != "anonymous":
        client.force_login(ctx.users[role])
    pages, seen = [], set()
    for name in sorted(ROUTES):
        route = ROUTES[name]
        if route.method != "get" or route.answers[role] != OK or not name.startswith(prefixes):
            continue
        url = route.url(ctx)
        if url in seen:  # one page under two names (login and allauth's account_login)
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code == OK and response["Content-Type"].startswith("text/html"):
            pages.append((name, url))
    return pages


def refused_form(page, button, fill=None):
    """Send the page's form with what it holds, past the browser's own checks."""
    page.evaluate("document.querySelectorAll('form').forEach(form => form.noValidate = true)")
    for selector, value in (fill or {}).items():
        page.locator(selector).fill(value)
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()
    return page


# Forms in their error state: role -> [(route name, button, {selector: bad value})].
ERROR_STATES = {
    "anonymous": [("login", "Sign in")],
    "member": [("reviews:review", "Send my review")],
    "chair": [
        ("reviews:sign_off", "Agree and sign off"),
        (
            "programme:edit",
            "Save the programme",
            {"input[name$='-end_time']:enabled >> nth=0": "17:00"},
        ),
    ],
    "officer": [
        ("meetings:create", "Create and open the editor"),
        ("actions:add", "Add action"),
        ("imports:upload", "Preview the import"),
        ("themes:create", "Save"),
        ("committee:add_declaration", "Record the declaration"),
    ],
}


AMEND = ("reviews:amend", "Record the amendment")
WITHDRAW = ("reviews:withdraw", "Withdraw from publication")
# Pages of published minutes, with their forms sent empty: role -> [(route name, button)].
PUBLISHED_PAGES = {"officer": [AMEND, WITHDRAW], "chair": [WITHDRAW], "superuser": [AMEND]}


@pytest.fixture
def context_for(browser, live_server):
    contexts = []

    def open_context(role, users):
        context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
        context.set_default_timeout(20_000)
        contexts.append(context)
        if role != "anonymous":
            client = Client()
            client.force_login(users[role])
            cookie = client.cookies["sessionid"]
            context.add_cookies(
                [{"name": "sessionid", "value": cookie.value, "url": live_server.url}]
            )
        return context.new_page()

    yield open_context
    for context in contexts:
        context.close()


def walk(page, pages, findings):
    for name, url in pages:
        page.goto(url)
        check_page(page, name, findings)


def assert_nothing_found(role, findings):
    assert not findings.report(), f"{role}:\n{findings.report()}"
    shared = {title: names for title, names in findings.titles.items() if len(names) > 1}
    assert not shared, f"{role}: pages sharing a title: {shared}"
    for title in findings.titles:
        # Says what the page is, then the site: never the bare site name.
        assert re.fullmatch(r"(Error: )?\S.+ · IAG Portal", title), title
        assert not title.removeprefix("Error: ").startswith("IAG Portal ·"), title


def error_pages(role):
    """The portal's 404, and its 403 where the role is refused a page of the walk."""
    pages = [("404", "/no-such-page/")]
    refused = [
        n for n, r in sorted(ROUTES.items()) if r.method == "get" and r.answers[role] == DENIED
    ]
    return pages + [("403", ROUTES[refused[0]].url)] if refused else pages


@pytest.mark.parametrize("role", ROLES)
def test_every_page_meets_wcag_2_2_aa(context_for, body, meeting, users, role):
    walk_data(body, meeting, users)
    ctx = SimpleNamespace(body=body, meeting=meeting, users=users)
    pages = html_pages(role, ctx)
    assert pages, f"{role} sees no page"
    page = context_for(role, users)
    findings = Findings(axe=[], controls=[], reflow=[], text_resize=[], focus=[], titles={})
    walk(page, pages, findings)
    walk(
        page,
        [(name, url if isinstance(url, str) else url(ctx)) for name, url in error_pages(role)],
        findings,
    )
    for name, button, *fill in ERROR_STATES.get(role, []):
        page.goto(ROUTES[name].url(ctx))
        refused_form(page, button, *fill)
        if not page.title().startswith("Error: "):
            findings.axe.append(f"{name} (error) title without 'Error: ': {page.title()}")
        check_page(page, f"{name} (error)", findings)
    if role == "officer":
        # The import's preview is the answer to an upload: the December minutes here.
        page.goto(reverse("imports:upload"))
        page.get_by_label("Minutes files").set_input_files(str(next(SEEDS.glob("000_*.txt"))))
        with page.expect_navigation():
            page.get_by_role("button", name="Preview the import").click()
        check_page(page, "imports:preview", findings)
        for name, url, ready in batch_pages(body, users["officer"]):
            page.goto(url)
            ready(page)
            check_page(page, name, findings)
    if role in PUBLISHED_PAGES:
        # Amending and withdrawing are for published minutes, which the URL walk's draft is not.
        move_to(meeting, MeetingStatus.PUBLISHED)
        for name, button in PUBLISHED_PAGES[role]:
            page.goto(reverse(name, args=[meeting.pk]))
            check_page(page, name, findings)
            refused_form(page, button)
            check_page(page, f"{name} (error)", findings)
    assert_nothing_found(role, findings)


def batch_pages(body, officer):
    """(name, url, wait) of a big import batch's pages: its progress bar while a task
    reads it, its previews (one file opened), and the report at the end."""
    from imports import batches

    source = Path(__file__).parents[1] / "imports" / "layouts" / "joint_committee_zoom.txt"
    lines = source.read_text().splitlines()
    uploads = [{"name": f"2020/{n}.txt", "lines": lines} for n in range(1, 8)]

    def start():
        return batches.start_batch(body=body, by=officer, year=None, uploads=uploads)

    reading, previewed, done = start(), start(), start()
    batches.read_batch(previewed)
    batches.read_batch(done)
    batches.begin_import(done)
    batches.import_batch(done)

    def opened(page):
        page.locator("#f0-file summary").click()
        expect(page.locator("#f0-file .import-preview")).to_be_visible()

    def nothing(page):
        return None

    return [
        ("imports:batch (reading)", reverse("imports:batch", args=[reading.token]), nothing),
        ("imports:preview", reverse("imports:batch", args=[previewed.token]), opened),
        ("imports:batch (report)", reverse("imports:batch", args=[done.token]), nothing),
    ]


DEC_7 = datetime.date(2021, 12, 7)


@pytest.mark.parametrize("role", ["officer", "member"])
def test_the_demo_minutes_meet_wcag_2_2_aa_at_full_length(context_for, demo, role):
    """The same walk over the demo's real minutes of 7 December 2021: long agenda,
    attendance and actions, in the editor, the review pages and both print views."""
    from django.contrib.auth import get_user_model

    users = {user.username: user for user in get_user_model().objects.all()}
    users["superuser"] = users.get("admin")
    ctx = SimpleNamespace(
        body=demo, meeting=Meeting.objects.get(body=demo, date=DEC_7), users=users
    )
    meeting_pages = ("meetings:", "publishing:", "reviews:", "actions:matters_arising")
    pages = html_pages(role, ctx, meeting_pages)
    assert any(n == "meetings:detail" for n, _ in pages), pages
    page = context_for(role, users)
    findings = Findings(axe=[], controls=[], reflow=[], text_resize=[], focus=[], titles={})
    walk(page, pages, findings)
    assert_nothing_found(role, findings)


def test_the_pages_of_long_lists_meet_wcag_2_2_aa(context_for, body, users, monkeypatch):
    """The meetings list and the public archive, a page in: the links between pages
    (a named nav, the current page marked) on the first page and on a later one."""
    from meetings import views as meeting_views
    from reviews import views as review_views

    monkeypatch.setattr(meeting_views, "MEETINGS_PAGE_SIZE", 2)
    monkeypatch.setattr(review_views, "ARCHIVE_PAGE_SIZE", 1)
    body.publishes_minutes = True
    body.save()
    for n in range(3):
        meeting = Meeting.objects.create(
            body=body,
            date=datetime.date(2022, 1, 10 + n),
            start_time=datetime.time(18),
            status=MeetingStatus.DRAFT,
            topic=f"Topic {n}",
        )
        item = AgendaItem.objects.create(meeting=meeting, order=1, number="1", title="AOB")
        Point.objects.create(item=item, order=1, text="Nothing further.")
        move_to(meeting, MeetingStatus.PUBLISHED)
    findings = Findings(axe=[], controls=[], reflow=[], text_resize=[], focus=[], titles={})
    page = context_for("member", users)
    for start, nav, name in [
        (reverse("meetings:list"), "Pages of past meetings", "meetings:list"),
        (reverse("reviews:archive"), "Pages of published minutes", "reviews:archive"),
    ]:
        page.goto(start)
        check_page(page, name, findings)
        with page.expect_navigation():
            page.get_by_role("navigation", name=nav).get_by_role(
                "link", name=re.compile("Older|Next")
            ).click()
        current = page.get_by_role("navigation", name=nav).locator("[aria-current=page]")
        assert current.count() == 1
        check_page(page, f"{name}, a later page", findings)
    assert_nothing_found("member", findings)


@pytest.mark.parametrize("role", ["officer", "anonymous"])
def test_the_formal_record_meets_wcag_2_2_aa(
    context_for,
    safermk,  # noqa: F811
    clerk,  # noqa: F811
    january,  # noqa: F811
    role,
):
    """The committee record with content: the formal editor (capacities, minute numbers,
    votes, declarations), the registers with rows, the print by capacity."""
    from committee.models import Decision, Declaration, Procedure

    Procedure.objects.create(body=safermk, quorum="4")
    item = AgendaItem.objects.create(meeting=january, order=1, title="Minutes", minute_number=26)
    point = Point.objects.create(item=item, kind="decision", text="That the minutes be signed.")
    Decision.objects.create(point=point, votes_for=3, votes_against=0, votes_abstained=1)
    attendee = january.attendance.get(initials="MB")
    attendee.person = clerk.person
    attendee.save()
    Declaration.objects.create(
        meeting=january, attendee=attendee, item=item, nature="registrable", description="Trustee"
    )
    page = context_for(role, {"officer": clerk})
    findings = Findings(axe=[], controls=[], reflow=[], text_resize=[], focus=[], titles={})
    if role == "officer":
        pages = [
            ("meetings:edit", reverse("meetings:edit", args=[january.pk])),
            ("committee:decisions", reverse("committee:decisions", args=[safermk.slug])),
            ("committee:declarations", reverse("committee:declarations", args=[safermk.slug])),
            (
                "committee:person_declarations",
                reverse("committee:person_declarations", args=[clerk.person.pk]),
            ),
            ("publishing:members_print", reverse("publishing:members_print", args=[january.pk])),
        ]
    else:
        move_to(january, MeetingStatus.PUBLISHED)
        pages = [
            ("committee:public_decisions", reverse("committee:public_decisions", args=["safermk"])),
            ("publishing:public_print", reverse("publishing:public_print", args=[january.pk])),
        ]
    walk(page, pages, findings)
    assert_nothing_found(role, findings)


COVER_THE_TOP = """
() => {
  const bar = document.createElement('div');
  Object.assign(bar.style, {position: 'fixed', top: '0', left: '0', right: '0',
                            height: '45vh', background: '#fff'});
  document.body.append(bar);
}
"""


def test_the_focus_check_sees_a_control_hidden_under_a_sticky_bar(page, sign_in, users):
    """The walk's 2.4.11 check is not blind: a bar over the top of the page is caught."""
    sign_in(users["member"]).goto("/actions/mine/")
    assert page.evaluate(STICKY_PARTS) == 0
    assert focus_obscured(page, "mine", steps=8) == []
    page.evaluate(COVER_THE_TOP)
    assert page.evaluate(STICKY_PARTS) == 1
    found = focus_obscured(page, "mine", steps=8)
    assert any("Skip to main content under div" in line for line in found), found


def test_each_exception_names_a_walked_page_an_axe_rule_and_a_reason():
    rules = set(re.findall(r'id:"([a-z0-9-]+)"', AXE))
    assert {"color-contrast", "target-size", "region"} <= rules
    pages = set(ROUTES) | {"*", "403", "404", "imports:preview", "reviews:amend"}
    for (page_name, rule), reason in EXCEPTIONS.items():
        assert page_name.removesuffix(" (error)") in pages, page_name
        assert rule in rules, rule
        assert len(reason.split()) >= 3, f"{page_name} {rule}: say why"
