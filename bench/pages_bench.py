#!/usr/bin/env python
"""Pages against a hello-world Django view, side by side in one run (issue 20).

    .venv/bin/python bench/pages_bench.py                  # SQLite (a temporary file)
    .venv/bin/python bench/pages_bench.py --duration 10    # seconds per wrk run
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iag_bench .venv/bin/python bench/pages_bench.py

It loads the demo into a throwaway database, starts two gunicorns from the repository's
gunicorn.conf.py (2 sync workers each, DEBUG off): the portal, and bench/hello_wsgi.py
(a Django view answering "Hello, world", no middleware, no database). For each page it
runs `wrk -t1 -c8` against hello-world, the page, and hello-world again, and prints the
page's requests per second as a ratio to the mean of the two hello-world runs beside it,
with the load average at that moment: on a shared machine the ratio is the figure that
means something, not the requests per second. Needs wrk (`apt-get install wrk`).
"""

import argparse
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

# Issue 20's targets, as ratios to hello-world.
TARGETS = {
    "healthz": 0.8,
    "print view, members' edition (approved)": 0.5,
    "public edition (published, anonymous)": 0.5,
    "meeting page": 0.2,
    "meetings list": 0.3,
    "editor, 65-point demo meeting": 0.1,
    "autosave POST": 0.3,
}


def bench_env(tmp: Path) -> dict:
    """The environment of the bench's portal: DEBUG off, the demo in a throwaway SQLite
    database under `tmp` (or DATABASE_URL), no DJANGO_ or GUNICORN_ setting of the
    caller's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    return env | {
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3"),
        "DJANGO_SETTINGS_MODULE": "iag_portal.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "pages-bench-" + secrets.token_urlsafe(48),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "IAG_MEDIA_ROOT": str(tmp / "media"),
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, server: subprocess.Popen) -> None:
    """Until gunicorn says its socket listens, then one request (which waits for a
    worker); its log is drained in the background so it never blocks on the pipe."""
    for line in server.stderr:
        if b"Listening at:" in line:
            break
    else:
        raise SystemExit(f"gunicorn stopped before listening at {url}")
    threading.Thread(target=server.stderr.read, daemon=True).start()
    with urllib.request.urlopen(url, timeout=120):
        return


def wrk(url: str, *, duration: int, connections: int, headers=(), script=None) -> dict:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", script]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    p50 = re.search(r"50%\s+([\d.]+\w+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "rate": rate,
        "bad": int(bad.group(1)) if bad else 0,
        "p50": p50 and p50.group(1),
        "errors": sum(int(n) for n in errors.groups()) if errors else 0,
    }


AUTOSAVE_LUA = """
-- Autosaves of the demo meeting's points in turn, each with the version the last
-- answer for that point gave (the JSON answer names the point and its version).
local points = {%(points)s}
local versions = {%(versions)s}
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
request = function()
  n = n + 1
  local i = (n %% #points) + 1
  local id = points[i]
  local body = "kind=discussion&speakers_text=&version=" .. versions[id] ..
      "&text=Autosave+bench+save+" .. n
  return wrk.format("POST", "%(prefix)s" .. id .. "/", nil, body)
end
response = function(status, headers, body)
  local id = tonumber(string.match(body, '"id":%%s*(%%d+)'))
  local version = tonumber(string.match(body, '"version":%%s*(%%d+)'))
  if id and version and versions[id] and version > versions[id] then
    versions[id] = version
  end
end
"""


def prepare(env: dict) -> dict:
    """The demo in a fresh database; sessions for the officer and a member; pages."""
    for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [sys.executable, "manage.py", "load_demo"],
        cwd=ROOT,
        env=env | {"DJANGO_DEBUG": "1"},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    os.environ.update(env)
    import django

    django.setup()
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from meetings.models import Meeting, MeetingStatus
    from members.models import Body
    from tests.states import move_to

    users = get_user_model().objects
    officer, member = users.get(username="officer"), users.get(username="member")
    if not officer.authenticator_set.exists():
        TOTP.activate(officer, TOTP_SECRET)
    body = Body.objects.get(slug="mk-iag")
    agreed = Meeting.objects.get(body=body, status=MeetingStatus.APPROVED)
    draft = Meeting.objects.filter(body=body, status=MeetingStatus.DRAFT).first()
    # A second agreed meeting, published, for the public edition.
    body.publishes_minutes = True
    body.save()
    published = Meeting.objects.exclude(pk__in=[agreed.pk, draft.pk]).filter(body=body)
    published = published.order_by("date").first() or agreed
    if published.pk != agreed.pk and published.items.exists():
        move_to(published, MeetingStatus.PUBLISHED)
    else:
        published = agreed
        move_to(agreed, MeetingStatus.PUBLISHED)
        agreed = published
    sessions = {}
    for name, user in (("officer", officer), ("member", member)):
        client = Client()
        client.force_login(user)
        sessions[name] = client.cookies["sessionid"].value
    points = list(draft.items.order_by("order").values_list("points__id", "points__version")[:200])
    points = [(pk, version) for pk, version in points if pk][:40]
    return {
        "sessions": sessions,
        "points": points,
        "autosave_prefix": f"/meetings/{draft.pk}/edit/point/",
        "draft_points": sum(item.points.count() for item in draft.items.all()),
        "pages": [
            ("healthz", "/healthz", None),
            ("meetings list", reverse("meetings:list"), "member"),
            ("meeting page", reverse("meetings:detail", args=[agreed.pk]), "member"),
            (
                "print view, members' edition (approved)",
                reverse("publishing:members_print", args=[agreed.pk]),
                "member",
            ),
            (
                "public edition (published, anonymous)",
                reverse("publishing:public_print", args=[published.pk]),
                None,
            ),
            ("editor, 65-point demo meeting", reverse("meetings:edit", args=[draft.pk]), "officer"),
            ("autosave POST", None, "officer"),
        ],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--max-requests", default="", help="GUNICORN_MAX_REQUESTS (default: gunicorn.conf.py's)"
    )
    parser.add_argument(
        "--pages", default="", help="only the pages whose name holds one of these words (a,b)"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")

    tmp = Path(tempfile.mkdtemp(prefix="iag-pages-bench-"))
    app_port, hello_port = free_port(), free_port()
    env = bench_env(tmp)
    env |= {
        "GUNICORN_WORKERS": str(args.workers),
        "GUNICORN_ACCESS_LOG": "/dev/null",
    }
    if args.max_requests:
        env["GUNICORN_MAX_REQUESTS"] = args.max_requests
    setup = prepare(env)
    if args.pages:
        words = [word.strip() for word in args.pages.split(",") if word.strip()]
        setup["pages"] = [page for page in setup["pages"] if any(w in page[0] for w in words)]
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    servers = [
        subprocess.Popen(
            [gunicorn, "-c", "gunicorn.conf.py", module],
            cwd=ROOT,
            env=env | {"GUNICORN_BIND": f"127.0.0.1:{port}"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for module, port in (("iag_portal.wsgi", app_port), ("bench.hello_wsgi", hello_port))
    ]
    try:
        wait_for(f"http://127.0.0.1:{app_port}/healthz", servers[0])
        wait_for(f"http://127.0.0.1:{hello_port}/", servers[1])
        hello = f"http://127.0.0.1:{hello_port}/"
        run = {"duration": args.duration, "connections": args.connections}
        csrf = secrets.token_hex(16)  # 32 characters: Django's unmasked secret
        # Each worker's first request of a page loads its modules and templates: on a
        # loaded machine that can outlast wrk's timeout, so every page is asked a few
        # times first (the health check no longer goes through Django to warm it).
        for _name, path, who in setup["pages"]:
            headers = {"Cookie": f"sessionid={setup['sessions'][who]}"} if who else {}
            for _ in range(2 * args.workers):
                warm = urllib.request.Request(
                    f"http://127.0.0.1:{app_port}{path or '/healthz'}", headers=headers
                )
                with urllib.request.urlopen(warm, timeout=120):
                    pass
        print(
            f"wrk -t1 -c{args.connections} -d{args.duration}s, {args.workers} sync workers "
            f"each, {env['DATABASE_URL'].split(':')[0]}; the demo meeting being edited has "
            f"{setup['draft_points']} points"
        )
        print(
            "| page | req/s | hello-world req/s | ratio | target | non-2xx | socket errors "
            "| p50 | load |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
        for name, path, who in setup["pages"]:
            headers = []
            if who:
                headers.append(f"Cookie: sessionid={setup['sessions'][who]}; csrftoken={csrf}")
            script = None
            if path is None:  # the autosave
                script = tmp / "autosave.lua"
                script.write_text(
                    AUTOSAVE_LUA
                    % {
                        "points": ", ".join(str(pk) for pk, _v in setup["points"]),
                        "versions": ", ".join(f"[{pk}] = {v}" for pk, v in setup["points"]),
                        "prefix": setup["autosave_prefix"],
                    }
                )
                headers.append(f"X-CSRFToken: {csrf}")
                path = setup["autosave_prefix"]
            before = wrk(hello, **run)
            page = wrk(
                f"http://127.0.0.1:{app_port}{path}",
                headers=headers,
                script=str(script) if script else None,
                **run,
            )
            after = wrk(hello, **run)
            base = (before["rate"] + after["rate"]) / 2
            load = " ".join(f"{x:.2f}" for x in os.getloadavg())
            print(
                f"| {name} | {page['rate']:.1f} | {base:.1f} | {page['rate'] / base:.3f} | "
                f"{TARGETS.get(name, '')} | {page['bad']} | {page['errors']} | {page['p50']} "
                f"| {load} |",
                flush=True,
            )
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
