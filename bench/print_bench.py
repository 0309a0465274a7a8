"""Benchmark of the printed minutes: PDF render time and the print view's query count.

    .venv/bin/python bench/print_bench.py [--runs 5]

Uses a fresh SQLite database in a temporary directory (or DATABASE_URL if set:
give it a database of its own, the script creates and migrates its tables there).
Builds a meeting with 12 items and 300 points, times the PDF render (median of
--runs runs, never from the cache; target under 2 s) and prints the print view's
query count for 30 and 300 points, which must be the same, and the time of a
repeat download of the unchanged PDF, which the cache serves.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGET_SECONDS = 2.0


def setup_django(tmp: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iag_portal.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def make_meeting(*, slug: str, points: int):
    from actions.models import Action
    from meetings.models import AgendaItem, Attendance, Meeting, MeetingStatus, Point
    from members.models import Body

    body = Body.objects.create(name=f"Bench Advisory Group {slug}", short_name=slug, slug=slug)
    meeting = Meeting.objects.create(
        body=body,
        date=datetime.date(2022, 3, 2),
        start_time=datetime.time(18),
        location="The Point, Milton Keynes",
        status=MeetingStatus.DRAFT,
    )
    people = Attendance.objects.bulk_create(
        Attendance(meeting=meeting, initials=f"P/{n + 1}", role="IAG Member", order=n)
        for n in range(25)
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            order=n,
            number=str(n),
            title=f"Agenda item {n}",
            lead="IAG Chair",
            confidential=n == 6,
        )
        for n in range(1, 13)
    )
    text = (
        "MT reported an increase in ATM robberies and provided some crime prevention advice. "
        "MH said the offenders are using distraction techniques mainly targeting the elderly."
    )
    made = Point.objects.bulk_create(
        Point(item=items[n % 12], order=n, text=f"{n}: {text}", confidential=n % 17 == 0)
        for n in range(points)
    )
    Point.speakers.through.objects.bulk_create(
        Point.speakers.through(point_id=point.pk, attendance_id=people[n % 25].pk)
        for n, point in enumerate(made)
    )
    for n, item in enumerate(items):
        action = Action.objects.create(item=item, description=f"Follow up item {n + 1}")
        action.owners.add(people[n])
    return meeting


def print_view_queries(meeting, user) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    url = f"/minutes/{meeting.pk}/members/"
    client.get(url)  # warm the templates
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries)


def repeat_download_seconds(meeting, user) -> float:
    """Median time of downloading unchanged minutes' PDF again (served from the cache)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    url = f"/minutes/{meeting.pk}/members.pdf"
    assert client.get(url).status_code == 200  # the first download renders
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.content.startswith(b"%PDF-")
    return statistics.median(timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="PDF renders to time (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from django.contrib.auth import get_user_model
        from django.template.loader import render_to_string
        from django.test.utils import setup_test_environment

        from publishing.editions import Edition, build_minutes
        from publishing.pdf import render_pdf

        setup_test_environment()  # lets the test client in past ALLOWED_HOSTS
        stamp = str(int(time.time()))
        user = get_user_model().objects.create_superuser(f"bench-{stamp}", password=None)
        small = make_meeting(slug=f"bench30-{stamp}", points=30)
        large = make_meeting(slug=f"bench300-{stamp}", points=300)

        timings = []
        for _ in range(args.runs):
            started = time.perf_counter()
            minutes = build_minutes(large, edition=Edition.MEMBERS)
            html = render_to_string("publishing/minutes_pdf.html", {"minutes": minutes})
            pdf = render_pdf(html)
            assert pdf.startswith(b"%PDF-")
            timings.append(time.perf_counter() - started)
        median = statistics.median(timings)
        queries_small = print_view_queries(small, user)
        queries_large = print_view_queries(large, user)
        repeat = repeat_download_seconds(large, user)

        print("Printed minutes benchmark: 12 items, 300 points, 12 actions, 25 attendees")
        print(f"  PDF render (members' edition): median {median:.2f} s over {args.runs} runs")
        print(f"    runs: {', '.join(f'{t:.2f}' for t in timings)} s (about 19 A4 pages)")
        print(f"  print view queries:  30 points: {queries_small}   300 points: {queries_large}")
        print(f"  repeat download of the unchanged PDF (cached): median {repeat * 1000:.0f} ms")
        ok = median < TARGET_SECONDS and queries_small == queries_large
        verdict = "OK" if ok else "FAILED"
        print(f"  target: PDF under {TARGET_SECONDS:.0f} s, queries constant -> {verdict}")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
