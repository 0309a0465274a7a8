#!/usr/bin/env python
"""Autosave benchmark (issue 3): the server time of saving one point of a meeting
with 12 agenda items and 300 points, and the editor page's query count.

    .venv/bin/python bench/autosave_bench.py                 # SQLite (a temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iag_bench \
        .venv/bin/python bench/autosave_bench.py

It builds a throwaway test database (never the one `make run` uses), signs an
officer in, and times N saves through Django's full request handling (middleware,
permission checks, version check, speakers) in this process: no network, so
what is measured is the server's share of an autosave. Target: p95 < 30 ms.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iag_portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from meetings.models import AgendaItem, Attendance, Meeting, Point  # noqa: E402
from members.models import Body, Membership, Person  # noqa: E402


def build(items: int, points_per_item: int) -> tuple[Meeting, list[Point]]:
    body, _ = Body.objects.get_or_create(
        slug="bench", defaults={"name": "Bench IAG", "short_name": "Bench"}
    )
    meeting = Meeting.objects.create(
        body=body,
        date=datetime.date(2030, 1, 1) + datetime.timedelta(days=Meeting.objects.count()),
        start_time=datetime.time(18),
        status="draft",
    )
    speakers = [
        Attendance.objects.create(
            meeting=meeting, initials=f"S{chr(65 + n)}", role="IAG Member", order=n
        )
        for n in range(20)
    ]
    points = []
    for n in range(1, items + 1):
        item = AgendaItem.objects.create(meeting=meeting, order=n, number=str(n), title=f"Item {n}")
        for p in range(points_per_item):
            point = Point.objects.create(
                item=item, order=p, text=f"{speakers[p % 20].initials} reported point {p}."
            )
            point.speakers.add(speakers[p % 20])
            points.append(point)
    return meeting, points


def editor_queries(client: Client, meeting: Meeting) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("meetings:edit", args=[meeting.pk])).status_code == 200
    return len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=300)
    args = parser.parse_args()

    from allauth.mfa.totp.internal.auth import TOTP

    setup_test_environment()
    settings.DEBUG = False
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        user = get_user_model().objects.create_user("bench-officer")
        TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")  # officers sign in with MFA
        body = Body.objects.create(slug="bench", name="Bench IAG", short_name="Bench")
        Membership.objects.create(
            body=body,
            person=Person.objects.create(name="Bench", user=user),
            role="officer",
            position="Officer",
            initials="BO",
        )
        client = Client()
        client.force_login(user)

        small, _ = build(3, 10)
        meeting, points = build(12, 25)
        versions = {p.pk: p.version for p in points}

        timings, query_counts = [], []
        for n in range(args.saves + 20):
            point = points[(n * 37) % len(points)]
            url = reverse("meetings:row_save", args=[meeting.pk, "point", point.pk])
            data = {
                "version": versions[point.pk],
                "kind": "discussion",
                "speakers_text": "",
                "text": f"{point.text.split()[0]} reported an update, save {n}.",
            }
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.post(url, data)
                elapsed = time.perf_counter() - started
            assert response.status_code == 200, response.content
            versions[point.pk] = response.json()["version"]
            if n >= 20:  # the first saves warm caches up
                timings.append(elapsed * 1000)
                query_counts.append(len(queries))

        # What every open editor polls every two seconds (issue 12), and a create
        # with its client key.
        state_url = reverse("meetings:editor_state", args=[meeting.pk])
        revision = client.get(state_url).json()["revision"]
        polls = []
        for _ in range(100):
            started = time.perf_counter()
            assert "rows" not in client.get(state_url, {"since": revision}).json()
            polls.append((time.perf_counter() - started) * 1000)
        polls.sort()
        create_url = reverse("meetings:row_create", args=[meeting.pk, "point"])
        first_item = meeting.items.order_by("order").first()
        creates = []
        for n in range(100):
            started = time.perf_counter()
            response = client.post(
                create_url,
                {
                    "item": first_item.pk,
                    "kind": "discussion",
                    "text": f"SA added point {n}.",
                    "client_key": str(uuid.uuid4()),
                },
            )
            creates.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 201, response.content
        creates.sort()

        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"database: {connection.vendor}")
        print(
            f"autosave of a point on a meeting with 12 items and {len(points)} points, "
            f"{len(timings)} saves:"
        )
        print(
            f"  median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms (target p95 < 30 ms)"
        )
        print(
            f"  queries per save: median {statistics.median(query_counts):.0f}, "
            f"max {max(query_counts)}"
        )
        print(f"editor poll (nothing changed): p95 {polls[94]:.1f} ms")
        print(f"create of a point with its client key: p95 {creates[94]:.1f} ms")
        print(
            f"editor page queries: {editor_queries(client, small)} with 30 points, "
            f"{editor_queries(client, meeting)} with {len(points)} points"
        )
        return 0 if p95 < 30 else 1
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
