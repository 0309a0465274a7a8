#!/usr/bin/env python
"""The national data set on PostgreSQL, and what each listed page costs on it.

    .venv/bin/python bench/national.py                   # build (if empty) and measure
    .venv/bin/python bench/national.py --scale 0.25      # a quarter: 100 bodies ...
    .venv/bin/python bench/national.py --rebuild         # drop the data and build again
    .venv/bin/python bench/national.py --no-measure      # build only

DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/iag_national (created if
missing, then migrated). At --scale 1: 400 bodies, 32,000 meetings (80 a body, six
weeks apart), 320,000 agenda items, 928,000 points, 96,000 actions with an owner each,
384,000 attendance rows, 10,000 users (a person and a membership each, 25 a body).
The rows are written with PostgreSQL's COPY, straight into the tables: it is a bench
fixture, so the lifecycle and the editor's checks are not run (no history rows).

Then it measures, in this process through Django's whole request handling (DEBUG off,
no network), the server time (median of 3) and the size of each page for a member of
two bodies, an officer of one body, a superuser and an anonymous reader.
Targets (issue 20): under 300 ms and under 500 KB.
"""

import argparse
import datetime
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/iag_national")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iag_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "national-bench-" + "x" * 50)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_LOG_LEVEL", "ERROR")
# The superuser's register.csv enqueues its export: the bench runs that task itself
# (export_run), so nothing is left queued in the database.
os.environ.setdefault("IAG_TASKS_BACKEND", "django.tasks.backends.dummy.DummyBackend")

PER_BODY_MEETINGS = 80
ITEMS = 10
POINTS_PER_ITEM = [3, 3, 3, 3, 3, 3, 3, 3, 3, 2]  # 29 a meeting
ACTIONS = 3
ATTENDANCE = 12
PEOPLE_PER_BODY = 25
WORDS = [
    "reported",
    "concerns",
    "about",
    "stop",
    "and",
    "search",
    "in",
    "the",
    "town",
    "centre,",
    "the",
    "response",
    "times",
    "for",
    "hate",
    "crime",
    "reports,",
    "community",
    "tension",
    "after",
    "recent",
    "events,",
    "youth",
    "engagement",
    "at",
    "the",
    "leisure",
    "centre,",
    "body",
    "worn",
    "video",
    "footage",
    "reviewed,",
    "anti-social",
    "behaviour",
    "near",
    "the",
    "station",
    "and",
    "the",
    "neighbourhood",
    "policing",
    "team's",
    "priorities",
]


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
        # As docs/operations.md advises: PostgreSQL's JIT compiles the larger plans here
        # for longer than they then run.
        conn.execute(f'ALTER DATABASE "{name}" SET jit = off')


def setup_django():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG is off


def initials(n: int, prefix: str = "P") -> str:
    return f"{prefix}{chr(65 + n // 26)}{chr(65 + n % 26)}"


def sentence(n: int, length: int = 18) -> str:
    start = (n * 7) % len(WORDS)
    return " ".join((WORDS * 2)[start : start + length]).capitalize() + f" (ref {n})."


class Copier:
    """Rows into one table by COPY."""

    def __init__(self, cursor, table: str, columns: list[str]):
        cols = ", ".join(f'"{c}"' for c in columns)
        self.copy = cursor.copy(f'COPY "{table}" ({cols}) FROM STDIN')
        self.rows = 0

    def __enter__(self):
        self.inner = self.copy.__enter__()
        return self

    def write(self, row):
        self.inner.write_row(row)
        self.rows += 1

    def __exit__(self, *exc):
        return self.copy.__exit__(*exc)


def build(scale: float) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    bodies = max(2, round(400 * scale))
    now = timezone.now()
    today = timezone.localdate()
    password = make_password("national-bench")
    counts = {}
    started = time.monotonic()
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor  # psycopg's own, for COPY
        with Copier(
            cursor,
            "members_body",
            [
                "id",
                "name",
                "short_name",
                "slug",
                "minute_prefix",
                "default_location",
                "default_start_time",
                "publishes_minutes",
                "officers_edit_programme",
                "protective_marking",
            ],
        ) as copy:
            for b in range(1, bodies + 1):
                copy.write(
                    [
                        b,
                        f"Area {b:03} Independent Advisory Group",
                        f"Area {b:03}",
                        f"area-{b:03}",
                        f"A{b}",
                        f"Community centre {b}",
                        datetime.time(18),
                        b % 2 == 0,
                        False,
                        "",
                    ]
                )
        counts["bodies"] = bodies

        people = bodies * PEOPLE_PER_BODY
        with Copier(
            cursor,
            "auth_user",
            [
                "id",
                "password",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
            ],
        ) as copy:
            for p in range(1, people + 1):
                copy.write(
                    [
                        p,
                        password,
                        False,
                        f"user{p}",
                        "Person",
                        str(p),
                        f"user{p}@example.org",
                        False,
                        True,
                        now,
                    ]
                )
        with Copier(
            cursor,
            "members_person",
            ["id", "name", "email", "emails_opted_out", "organisation", "user_id"],
        ) as copy:
            for p in range(1, people + 1):
                copy.write([p, f"Person {p}", f"user{p}@example.org", False, "", p])
        with Copier(
            cursor,
            "members_membership",
            ["id", "body_id", "person_id", "role", "position", "initials", "start_date"],
        ) as copy:
            for p in range(1, people + 1):
                body, n = (p - 1) // PEOPLE_PER_BODY + 1, (p - 1) % PEOPLE_PER_BODY
                role = "officer" if n == 0 else "chair" if n == 1 else "member"
                copy.write([p, body, p, role, "IAG Member", initials(n), None])
            # user3 (a member of body 1) is a member of body 2 too.
            copy.write([people + 1, 2, 3, "member", "IAG Member", "PACb", None])
        counts["users"] = people

        meeting_id = item_id = point_id = action_id = attendance_id = 0
        meetings = []
        with Copier(
            cursor,
            "meetings_meeting",
            [
                "id",
                "version",
                "body_id",
                "date",
                "start_time",
                "location",
                "topic",
                "status",
                "created_at",
                "updated_at",
                "next_venue",
                "no_interests_declared",
            ],
        ) as copy:
            for b in range(1, bodies + 1):
                for m in range(PER_BODY_MEETINGS):
                    meeting_id += 1
                    weeks_back = (PER_BODY_MEETINGS - 4 - m) * 6  # the last 3 ahead
                    date = today - datetime.timedelta(weeks=weeks_back, days=b % 5)
                    if date >= today:
                        status = "scheduled"
                    elif m == PER_BODY_MEETINGS - 4:
                        status = "draft"
                    elif m == PER_BODY_MEETINGS - 5:
                        status = "circulated"
                    else:
                        status = "published" if b % 2 == 0 else "approved"
                    copy.write(
                        [
                            meeting_id,
                            1,
                            b,
                            date,
                            datetime.time(18),
                            f"Centre {b}",
                            f"Topic {m}",
                            status,
                            now,
                            now,
                            "",
                            False,
                        ]
                    )
                    meetings.append((meeting_id, b, status))
        counts["meetings"] = meeting_id

        with Copier(
            cursor,
            "meetings_attendance",
            [
                "id",
                "version",
                "meeting_id",
                "person_id",
                "name",
                "initials",
                "role",
                "status",
                "is_minute_taker",
                "note",
                "order",
                "capacity",
            ],
        ) as copy:
            first_attendance = {}
            for mid, b, status in meetings:
                if status == "scheduled":
                    continue
                first_attendance[mid] = attendance_id + 1
                for n in range(ATTENDANCE):
                    attendance_id += 1
                    person = (b - 1) * PEOPLE_PER_BODY + n + 1 if n < 10 else None
                    copy.write(
                        [
                            attendance_id,
                            1,
                            mid,
                            person,
                            "" if person else f"Guest {n}",
                            initials(n) if person else initials(n, "G"),
                            "IAG Member",
                            "present" if n < 11 else "apologies",
                            n == 0,
                            "",
                            n,
                            "chair" if n == 1 else "member" if person else "observer",
                        ]
                    )
        counts["attendance"] = attendance_id

        items = []
        with Copier(
            cursor,
            "meetings_agendaitem",
            [
                "id",
                "version",
                "meeting_id",
                "order",
                "number",
                "title",
                "lead",
                "state",
                "confidential",
                "kind",
                "exempt_paragraphs",
                "public_interest_test",
            ],
        ) as copy:
            for mid, _b, status in meetings:
                if status == "scheduled":
                    continue
                for n in range(ITEMS):
                    item_id += 1
                    copy.write(
                        [
                            item_id,
                            1,
                            mid,
                            n + 1,
                            str(n + 1),
                            f"Agenda item {n + 1}",
                            "IAG Chair",
                            "discussed",
                            n == 5,
                            "previous_minutes" if n == 1 else "business",
                            "",
                            "",
                        ]
                    )
                    items.append((item_id, mid, n))
        counts["items"] = item_id

        with Copier(
            cursor,
            "meetings_point",
            ["id", "version", "item_id", "order", "kind", "text", "confidential"],
        ) as copy:
            for iid, _mid, n in items:
                for p in range(POINTS_PER_ITEM[n]):
                    point_id += 1
                    copy.write(
                        [
                            point_id,
                            1,
                            iid,
                            p,
                            "discussion",
                            f"{initials(p)} {sentence(point_id)}",
                            False,
                        ]
                    )
        counts["points"] = point_id

        actions = []
        with Copier(
            cursor,
            "actions_action",
            [
                "id",
                "version",
                "item_id",
                "order",
                "description",
                "owner_group",
                "due_date",
                "status",
                "closed_at",
                "created_at",
                "client_key",
            ],
        ) as copy:
            for iid, mid, n in items:
                if n not in (2, 4, 7):
                    continue
                action_id += 1
                done = action_id % 3 == 0
                copy.write(
                    [
                        action_id,
                        1,
                        iid,
                        0,
                        f"To follow up: {sentence(action_id, 10)}",
                        "",
                        today + datetime.timedelta(days=action_id % 90 - 30),
                        "done" if done else "open",
                        now if done else None,
                        now,
                        uuid.uuid4(),
                    ]
                )
                actions.append((action_id, mid))
        with Copier(cursor, "actions_action_owners", ["id", "action_id", "attendance_id"]) as copy:
            for n, (aid, mid) in enumerate(actions, start=1):
                copy.write([n, aid, first_attendance[mid] + n % 10])
        counts["actions"] = action_id

        for table in [
            "members_body",
            "auth_user",
            "members_person",
            "members_membership",
            "meetings_meeting",
            "meetings_attendance",
            "meetings_agendaitem",
            "meetings_point",
            "actions_action",
            "actions_action_owners",
        ]:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    counts["seconds"] = round(time.monotonic() - started, 1)
    return counts


def readers():
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth import get_user_model

    User = get_user_model()
    admin, made = User.objects.get_or_create(
        username="national-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    if made:
        TOTP.activate(admin, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    officer = User.objects.get(username="user1")
    if not officer.authenticator_set.exists():
        TOTP.activate(officer, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    return {
        "member of 2 bodies": User.objects.get(username="user3"),
        "officer of 1 body": officer,
        "superuser": admin,
    }


def pages_for(reader: str) -> list[tuple[str, str]]:
    from django.urls import reverse

    from meetings.models import Meeting

    # Agreed minutes the reader may read: body 2 publishes, body 1 (the officer's) not.
    body = 1 if reader == "officer of 1 body" else 2
    agreed = Meeting.objects.filter(status__in=["published", "approved"], body_id=body)
    published = agreed.order_by("-date").first()
    deep = (
        Meeting.objects.filter(date__lt=datetime.date.today())
        .order_by("-date", "-start_time", "-pk")[
            # the 20th page of past meetings for the superuser, the 2nd for the others
            (999 if reader == "superuser" else 60) : None
        ]
        .first()
    )
    cursor = f"{deep.date.isoformat()}_{deep.start_time.isoformat()}_{deep.pk}"
    pages = [
        ("home", reverse("home")),
        ("meetings list", reverse("meetings:list")),
        ("meetings list, deep page", f"{reverse('meetings:list')}?before={cursor}"),
        ("meeting page (29 points)", reverse("meetings:detail", args=[published.pk])),
        ("print view, members' edition", reverse("publishing:members_print", args=[published.pk])),
        ("my actions", reverse("actions:mine")),
        ("history of the minutes", reverse("reviews:history", args=[published.pk])),
    ]
    if reader != "member of 2 bodies":
        pages += [
            ("actions register", reverse("actions:register")),
            ("register.csv", reverse("actions:register_csv")),
            ("admin: meetings", reverse("admin:meetings_meeting_changelist")),
            ("admin: people", reverse("admin:members_person_changelist")),
            ("people of the body (accounts)", reverse("accounts:people", args=[body])),
            ("admin: actions", reverse("admin:actions_action_changelist")),
            (
                "admin: agenda items, search point text",
                reverse("admin:meetings_agendaitem_changelist") + "?q=%22ref+123456%22",
            ),
        ]
    return pages


RUNS = 3


def measure(client, url: str) -> tuple[float, float, float | None, int, int, int]:
    """Median server time (ms), median CPU time of this process (ms: the page's Python,
    not the database's work, and less bent by other work on the machine than the
    wall-clock time), time to the first byte of a streamed answer, size, status, and
    the queries of the first run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, cpus, firsts, size, status, queries = [], [], [], 0, 0, 0
    for run in range(RUNS):
        capture = CaptureQueriesContext(connection)
        cpu = time.process_time()
        start = time.perf_counter()
        if run == 0:
            capture.__enter__()
        response = client.get(url)
        if response.streaming:
            chunks = iter(response.streaming_content)
            body = next(chunks, b"")
            firsts.append(time.perf_counter() - start)
            body += b"".join(chunks)
        else:
            body = response.content
        times.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
        if run == 0:
            capture.__exit__(None, None, None)
            queries = len(capture.captured_queries)
        size, status = len(body), response.status_code
    first = statistics.median(firsts) * 1000 if firsts else None
    return (
        statistics.median(times) * 1000,
        statistics.median(cpus) * 1000,
        first,
        size,
        status,
        queries,
    )


def export_run(user) -> str:
    """The superuser's register.csv is a background export: what its task costs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from actions import exports

    export = exports.start_export(user=user, query="")
    with CaptureQueriesContext(connection) as capture:
        start = time.perf_counter()
        exports.write_export(export)
        seconds = time.perf_counter() - start
    export.refresh_from_db()
    size = export.file.size
    export.file.delete(save=False)
    export.delete()
    return (
        f"The superuser's register.csv, written by its task (actions/exports.py): "
        f"{export.total} actions, {size / 1e6:.1f} MB in {seconds:.1f} s, "
        f"{len(capture.captured_queries)} queries."
    )


def wanted(only: str, reader: str, page: str) -> bool:
    """--only: a regular expression matched against "reader: page"."""
    return not only or re.search(only, f"{reader}: {page}") is not None


def report(scale: float, only: str = ""):
    from django.test import Client
    from django.urls import reverse

    rows = []
    anonymous = Client()
    anonymous.get("/healthz")
    for name, url in [
        ("public archive", reverse("reviews:archive")),
        ("public archive, page 50", reverse("reviews:archive") + "?page=50"),
        ("public archive, page 150", reverse("reviews:archive") + "?page=150"),
    ]:
        if wanted(only, "anonymous", name):
            rows.append(("anonymous", name, *measure(anonymous, url)))
    people = readers()
    for reader, user in people.items():
        client = Client()
        client.force_login(user)
        for name, url in pages_for(reader):
            if wanted(only, reader, name):
                rows.append((reader, name, *measure(client, url)))
    load = os.getloadavg()
    print(f"\nscale {scale}: load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(
        f"| reader | page | server ms (median of {RUNS}) | of it CPU ms (Python) | KB | status"
        " | queries | within targets |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---|")
    for reader, name, ms, cpu, first, size, status, queries in rows:
        # A register too large to stream answers with its export's page (302).
        answered = status == 200 or (status == 302 and name == "register.csv")
        ok = "yes" if ms < 300 and size < 500_000 and answered else "**no**"
        if first is not None:
            ok += f" (streamed: first bytes after {first:.0f} ms)"
        if status == 302:
            ok += " (made in the background: its page)"
        print(
            f"| {reader} | {name} | {ms:.0f} | {cpu:.0f} | {size / 1000:.0f} | {status}"
            f" | {queries} | {ok} |"
        )
    if not only:
        print()
        print(export_run(people["superuser"]))


RSS_LUA = """
-- The mixed requests, in turn, each with its reader's session; stop after %(limit)d.
local paths = {%(paths)s}
local cookies = {%(cookies)s}
local n, answered = 0, 0
request = function()
  n = n + 1
  local i = (n %% #paths) + 1
  return wrk.format("GET", paths[i], {["Cookie"] = cookies[i]}, nil)
end
response = function(status, headers, body)
  answered = answered + 1
  if answered == %(limit)d then
    io.open(%(finished)s, "w"):close()  -- wrk itself waits out -d: the bench stops it
    wrk.thread:stop()
  end
end
"""


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def workers_of(master: int) -> list[int]:
    try:
        text = Path(f"/proc/{master}/task/{master}/children").read_text()
    except FileNotFoundError:
        return []
    return [int(pid) for pid in text.split()]


def rss_run(requests: int, *, workers: int = 2, connections: int = 4) -> None:
    """Start gunicorn from gunicorn.conf.py (as shipped: max_requests with jitter) on
    the national data set, send `requests` mixed requests of every listed page for the
    member of two bodies, the superuser and anonymous readers through wrk, and sample
    each worker's resident memory every second."""
    import shutil
    import socket
    import tempfile
    import threading
    import urllib.request

    from django.test import Client
    from django.urls import reverse

    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    people = readers()
    mix = [("", reverse("reviews:archive")), ("", reverse("reviews:archive") + "?page=50")]
    for reader in ("member of 2 bodies", "superuser"):
        client = Client()
        client.force_login(people[reader])
        cookie = f"sessionid={client.cookies['sessionid'].value}"
        # The superuser's full register.csv is a background export (a new task each
        # time), not a page: left out of the mix.
        mix += [(cookie, url) for name, url in pages_for(reader) if name != "register.csv"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = os.environ | {
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    }
    root = Path(__file__).resolve().parent.parent
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = subprocess.Popen(
        [gunicorn, "-c", "gunicorn.conf.py", "iag_portal.wsgi"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    samples: dict[int, list[int]] = {}
    stop = threading.Event()

    def sample():
        while not stop.wait(1):
            for pid in workers_of(server.pid):
                samples.setdefault(pid, []).append(rss_kb(pid))

    try:
        for line in server.stderr:
            if b"Listening at:" in line:
                break
        threading.Thread(target=server.stderr.read, daemon=True).start()
        base = f"http://127.0.0.1:{port}"
        with urllib.request.urlopen(base + "/healthz", timeout=120):
            pass
        started_with = {pid: rss_kb(pid) for pid in workers_of(server.pid)}
        threading.Thread(target=sample, daemon=True).start()
        finished = str(Path(tempfile.mkdtemp()) / "finished")
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(
                RSS_LUA
                % {
                    "limit": requests,
                    "finished": json.dumps(finished),
                    # JSON strings are Lua strings too (quotes and backslashes escaped).
                    "paths": ", ".join(json.dumps(url) for _c, url in mix),
                    "cookies": ", ".join(json.dumps(cookie) for cookie, _u in mix),
                }
            )
        began = time.monotonic()
        load = subprocess.Popen(
            ["wrk", "-t1", f"-c{connections}", "-d3600s", "--timeout", "60s", "-s", script.name]
            + [base + "/"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # wrk sleeps out its -d even once the script stopped its thread; SIGINT makes
        # it print its figures and exit.
        while load.poll() is None and not Path(finished).exists():
            time.sleep(0.5)
        if load.poll() is None:
            load.send_signal(signal.SIGINT)
        stdout, stderr = load.communicate()
        run = subprocess.CompletedProcess(load.args, load.returncode, stdout, stderr)
        if run.stderr.strip():  # a script error: wrk would go on with GET / alone
            raise SystemExit(f"wrk: {run.stderr.strip()}")
        out = run.stdout
        seconds = time.monotonic() - began
        time.sleep(1.5)
        stop.set()
        final = {pid: rss_kb(pid) for pid in workers_of(server.pid)}
    finally:
        server.terminate()
        server.wait(30)
    done = re.search(r"(\d+) requests in", out)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    peak = max((max(v) for v in samples.values() if v), default=0)
    load = os.getloadavg()
    print(
        f"\nworker memory over {done and done.group(1)} mixed requests ({len(mix)} pages in turn)"
    )
    print(
        f"gunicorn.conf.py, {workers} sync workers, wrk -c{connections}; {seconds:.0f} s; "
        f"non-2xx/3xx: {bad.group(1) if bad else 0}; load average {load[0]:.2f} {load[1]:.2f} "
        f"{load[2]:.2f}"
    )
    print("| | MB |")
    print("|---|---:|")
    start_mb = ", ".join(f"{v / 1024:.0f}" for v in started_with.values())
    print(f"| each worker at the start | {start_mb} |")
    print(f"| highest of any worker during the run | {peak / 1024:.0f} |")
    print(f"| each worker at the end | {', '.join(f'{v / 1024:.0f}' for v in final.values())} |")
    print(f"| workers started (restarts by max_requests) | {len(samples)} |")


def main():
    global RUNS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--no-measure", action="store_true")
    parser.add_argument(
        "--rss",
        type=int,
        default=0,
        metavar="N",
        help="then N mixed requests through gunicorn, sampling the workers' memory",
    )
    parser.add_argument(
        "--only",
        default="",
        metavar="REGEX",
        help='measure only the pages whose "reader: page" matches, e.g. "superuser: admin"',
    )
    parser.add_argument("--runs", type=int, default=RUNS, help="runs a page, the median kept")
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        raise SystemExit("The national data set is for PostgreSQL: set DATABASE_URL.")
    if args.rebuild:
        name = url.rsplit("/", 1)[1]
        subprocess.run(
            ["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", name], check=True
        )
    ensure_database(url)
    setup_django()
    from meetings.models import Meeting

    if not Meeting.objects.exists():
        print("Building the national data set at scale", args.scale, "...", flush=True)
        print(build(args.scale), flush=True)
    RUNS = max(args.runs, 1)
    if not args.no_measure:
        report(args.scale, args.only)
    if args.rss:
        rss_run(args.rss)


if __name__ == "__main__":
    main()
