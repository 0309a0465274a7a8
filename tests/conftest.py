import datetime
import io
import os

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from meetings.models import AgendaItem, Attendance, Meeting, MeetingStatus, Point
from members.models import Body, Membership, Person

# Playwright's sync API runs an event loop in this thread; Django would then
# refuse ORM calls made by the test itself. The live server runs in its own thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct-horse-battery"

# Officers, chairs and superusers must use MFA: the test users of those roles get
# this authenticator app, so force_login and the sign-in page work as before.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def give_totp(user):
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, TOTP_SECRET)
    return user


def totp_code(secret=TOTP_SECRET):
    """The code an authenticator app shows now, computed with allauth's own helpers."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def give_totp_where_required(users):
    from accounts.policy import has_second_factor, mfa_required

    for user in users:
        if mfa_required(user) and not has_second_factor(user):
            give_totp(user)


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """Real hashing costs a third of a second a user: far too slow for fixtures."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def tasks_run_at_once():
    """Tests run background tasks as they are enqueued, in the same thread."""
    from django.test import override_settings

    with override_settings(
        TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    ):
        yield


@pytest.fixture(autouse=True)
def no_pages_kept_from_an_earlier_test():
    """Each test's database is new, but a worker's memory of agreed minutes' pages
    (publishing.stored.kept_page, the meeting page's minutes) would outlive it."""
    from meetings.views import _minutes_html
    from publishing.stored import forget_kept_pages

    forget_kept_pages()
    _minutes_html.clear()
    yield
    forget_kept_pages()
    _minutes_html.clear()


@pytest.fixture
def count_renders(monkeypatch):
    """count_renders(module): the list of templates `module.render_to_string` renders
    from now on, in order (the test of a page kept instead of rendered again)."""

    def count(module) -> list[str]:
        renders = []
        real = module.render_to_string

        def counting(template, *args, **kwargs):
            renders.append(template)
            return real(template, *args, **kwargs)

        monkeypatch.setattr(module, "render_to_string", counting)
        return renders

    return count


@pytest.fixture(autouse=True, scope="session")
def media_in_a_temporary_folder(tmp_path_factory):
    """Stored files (the agreed minutes' PDFs and Word files) never land in the work tree."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


ROLES = ("officer", "chair", "member", "guest")


@pytest.fixture
def body(db):
    return Body.objects.create(
        name="Test Independent Advisory Group", short_name="Test IAG", slug="test-iag"
    )


@pytest.fixture
def other_body(db):
    return Body.objects.create(
        name="Other Partnership", short_name="Other", slug="other", minute_prefix="OTH"
    )


def make_user(username, *, body=None, role=None, initials=None, **extra):
    user = get_user_model().objects.create_user(username, password=PASSWORD, **extra)
    if body is not None:
        person = Person.objects.create(name=username.title(), user=user)
        Membership.objects.create(
            body=body,
            person=person,
            role=role,
            position=f"Test {role}",
            initials=initials or username[:2].upper(),
        )
    if extra.get("is_superuser") or role in ("officer", "chair"):
        give_totp(user)
    return user


@pytest.fixture
def users(body):
    """One login per role in `body`, plus an outsider and a superuser."""
    made = {
        role: make_user(role, body=body, role=role, initials=initials)
        for role, initials in zip(ROLES, ("OF", "CH", "ME", "GU"), strict=True)
    }
    made["outsider"] = make_user("outsider")
    made["superuser"] = make_user("superuser", is_superuser=True, is_staff=True)
    return made


@pytest.fixture
def meeting(body):
    """A small draft meeting: two attendees, a confidential and an open item."""
    meeting = Meeting.objects.create(
        body=body,
        date=datetime.date(2022, 3, 2),
        start_time=datetime.time(18, 0),
        location="Age UK – The Peartree Centre",
        status=MeetingStatus.DRAFT,
    )
    chair = Attendance.objects.create(meeting=meeting, initials="AK/1", role="IAG Chair", order=1)
    Attendance.objects.create(
        meeting=meeting, initials="LH", role="IAG Member", status="apologies", order=2
    )
    open_item = AgendaItem.objects.create(
        meeting=meeting, order=1, number="1", title="Welcome and Introductions", lead="IAG Chair"
    )
    point = Point.objects.create(item=open_item, order=1, text="AK/1 Welcomed everyone.")
    point.speakers.add(chair)
    secret = AgendaItem.objects.create(
        meeting=meeting, order=2, number="2", title="Case review", lead="JH", confidential=True
    )
    Point.objects.create(item=secret, order=1, text="Zanzibar-walrus case details.")
    return meeting


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    give_totp_where_required(get_user_model().objects.all())
    return Body.objects.get(slug="mk-iag")


@pytest.fixture
def role_client(client, users):
    """A function giving a test client signed in as the named role."""

    def signed_in(role):
        if role != "anonymous":
            client.force_login(users[role])
        return client

    return signed_in


# --- Browser tests -----------------------------------------------------------

# Two loaded cores: waits are on state, with room to spare; a test never sleeps.
BROWSER_TIMEOUT = 30_000
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: the browser tests need Debian's chromium "
            "(make test installs it; or apt-get install chromium).",
            pytrace=False,
        )
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=BROWSER_TIMEOUT)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    from django.core.cache import cache

    # Browser tests commit: rate limits and used TOTP codes would outlive the test
    # (and SQLite reuses user ids), so each starts with an empty cache.
    cache.clear()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(BROWSER_TIMEOUT)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda msg: errors.append(msg.text) if msg.type == "error" else None,
    )
    page.errors = errors
    yield page
    context.close()


def pass_second_factor(page):
    """On the sign-in's second step, type the authenticator app's current code."""
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name="Two-factor authentication")).to_be_visible()
    page.get_by_label("Authenticator code").fill(totp_code())
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def sign_in(page, live_server):
    """Sign the page in as a user without going through the form (fast)."""
    from django.test import Client

    def signed_in(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies["sessionid"]
        page.context.add_cookies(
            [{"name": "sessionid", "value": cookie.value, "url": live_server.url}]
        )
        return page

    return signed_in
