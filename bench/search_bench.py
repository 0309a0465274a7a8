#!/usr/bin/env python
"""Search benchmark (issue 18): a national-scale data set on PostgreSQL, and the time
of a search for a member of 2 bodies and for a superuser, and of indexing one point.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iag_search_bench \
        .venv/bin/python bench/search_bench.py [--scale 1.0] [--keep]

--scale 1.0 is 400 bodies, 32,000 meetings (80 a body) and 1,000,000 points (about 31
a meeting, under 10 items); --scale 0.1 is a tenth of each. The database named by
DATABASE_URL is migrated and filled (never the one `make run` uses: give it its own
name); --keep reuses a data set already built there at the same scale (--reindex makes
its search documents again, after a change to what they carry). Targets:
search p95 under 100 ms, indexing a new point under 5 ms. Beside each wall time the
load average, and the CPU time (this process and its database backend, from Linux's
/proc/<pid>/schedstat; parallel workers' not counted): on a shared machine the wall
time is mostly the wait for a core.

Rows are written with COPY and the search documents made in one INSERT ... SELECT (the
GIN indexes are built after, then VACUUM ANALYZE), as a bulk import would; the timings
that matter are of `search.queries.search` (the page's query: first page and the capped
count) and of `search.indexing.index_rows` for one new point, exactly as the autosave
runs them.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iag_portal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from meetings.models import AgendaItem, Meeting, Point  # noqa: E402
from members.models import Body, Membership, Person  # noqa: E402
from search.indexing import index_rows  # noqa: E402
from search.queries import Filters, capped_count, search  # noqa: E402

WORDS = [
    "police",
    "community",
    "members",
    "reported",
    "concerns",
    "about",
    "the",
    "increase",
    "in",
    "incidents",
    "near",
    "the",
    "school",
    "and",
    "town",
    "centre",
    "officers",
    "attended",
    "meeting",
    "residents",
    "youth",
    "engagement",
    "patrols",
    "neighbourhood",
    "team",
    "council",
    "partnership",
    "update",
    "discussed",
    "figures",
    "data",
    "review",
    "footage",
    "body",
    "worn",
    "video",
    "stop",
    "search",
    "hate",
    "crime",
    "mosque",
    "church",
    "temple",
    "faith",
    "leaders",
    "support",
    "victims",
    "reporting",
    "confidence",
    "trust",
    "drugs",
    "knife",
    "robbery",
    "burglary",
    "vehicle",
    "theft",
    "shop",
    "park",
    "estate",
    "housing",
    "antisocial",
    "behaviour",
    "noise",
    "fireworks",
    "festival",
    "event",
    "safety",
    "training",
    "disability",
    "access",
    "carers",
    "older",
    "people",
    "students",
    "university",
    "transport",
    "bus",
    "train",
    "station",
    "lighting",
    "CCTV",
    "camera",
    "speeding",
    "parking",
    "road",
    "safety",
    "scheme",
    "funding",
]
RARE = ["e-scooter", "quokka", "narwhal", "aardvark"]
QUERIES = [
    "e-scooter",
    '"stop search" footage',
    "police",
    "hate crime mosque",
    "burglary -vehicle",
    "quokka or narwhal",
    "community engagement youth",
]
ITEM_TITLES = [
    "Welcome and Introductions",
    "Previous notes/actions",
    "Chairs Report",
    "LPA Commanders Updates",
    "Stop and Search Data and Discussion",
    "Hate Crime Case Studies and Discussion",
    "Other Crime Updates",
    "Members Feedback / Issues to raise",
    "AOB",
]


def sentence(rng) -> str:
    words = rng.choices(WORDS, k=rng.randint(10, 30))
    if rng.random() < 0.001:
        words.insert(rng.randrange(len(words)), rng.choice(RARE))
    return " ".join(words).capitalize() + "."


def build(scale: float, rng) -> None:
    bodies_n = max(2, round(400 * scale))
    meetings_per_body = 80
    points_total = round(1_000_000 * scale)
    t0 = time.perf_counter()
    bodies = Body.objects.bulk_create(
        Body(
            name=f"Bench body {n}",
            short_name=f"Bench {n}",
            slug=f"bench-{n}",
            publishes_minutes=n % 2 == 0,
        )
        for n in range(bodies_n)
    )
    start = datetime.date(2016, 1, 5)
    meetings = Meeting.objects.bulk_create(
        (
            Meeting(
                body=body,
                date=start + datetime.timedelta(days=45 * n),
                start_time=datetime.time(18),
                status="draft",
            )
            for body in bodies
            for n in range(meetings_per_body)
        ),
        batch_size=5000,
    )
    # Most minutes are agreed and published: statuses set in bulk (a bench, not the app).
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE meetings_meeting SET status = CASE WHEN id % 10 = 0 THEN 'draft' "
            "WHEN id % 10 = 1 THEN 'approved' ELSE 'published' END"
        )
    print(f"  {len(bodies)} bodies, {len(meetings)} meetings: {time.perf_counter() - t0:.0f} s")
    raw = connection.connection
    with (
        raw.cursor() as cursor,
        cursor.copy(
            'COPY meetings_agendaitem (version, meeting_id, "order", number, title, lead, '
            "state, confidential, kind, exempt_paragraphs, public_interest_test) FROM STDIN"
        ) as copy,
    ):
        for meeting in meetings:
            for n, title in enumerate(ITEM_TITLES, 1):
                confidential = n == 6 and rng.random() < 0.3
                copy.write_row(
                    (
                        1,
                        meeting.pk,
                        n,
                        str(n),
                        title,
                        "",
                        "discussed",
                        confidential,
                        "business",
                        "",
                        "",
                    )
                )
    items = list(AgendaItem.objects.order_by("pk").values_list("pk", flat=True))
    print(f"  {len(items)} items: {time.perf_counter() - t0:.0f} s")
    per_item = max(1, points_total // len(items))
    extra = points_total - per_item * len(items)
    with (
        raw.cursor() as cursor,
        cursor.copy(
            'COPY meetings_point (version, item_id, "order", kind, text, confidential) FROM STDIN'
        ) as copy,
    ):
        for index, item_id in enumerate(items):
            count = per_item + (1 if index < extra else 0)
            for n in range(1, count + 1):
                copy.write_row((1, item_id, n, "discussion", sentence(rng), rng.random() < 0.02))
    print(f"  {Point.objects.count()} points: {time.perf_counter() - t0:.0f} s")
    index_documents(t0)


GIN_INDEXES = {
    # Migration 0007's partial indexes: the public documents', and the rest's.
    "search_public_gin": "public",
    "search_private_gin": "NOT public",
}


def index_documents(t0) -> None:
    """The points' search documents in one INSERT ... SELECT (the trigger sets each one's
    public flag), the GIN indexes after, then VACUUM ANALYZE as autovacuum would after
    a bulk import (the visibility map and hint bits: without them the first searches
    also write every page they read)."""
    with connection.cursor() as cursor:
        for name in GIN_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        cursor.execute("TRUNCATE search_searchdocument")
        cursor.execute(
            "INSERT INTO search_searchdocument (source, object_id, kind, meeting_id, body_id, "
            "date, status, item_id, item_title, speakers, text, confidential, "
            "item_confidential, vector) "
            "SELECT 'point', p.id, 'point', m.id, m.body_id, m.date, m.status, i.id, i.title, "
            "'', p.text, p.confidential, i.confidential, "
            "setweight(to_tsvector('english', p.text), 'A') "
            "FROM meetings_point p JOIN meetings_agendaitem i ON i.id = p.item_id "
            "JOIN meetings_meeting m ON m.id = i.meeting_id"
        )
        print(f"  search documents: {time.perf_counter() - t0:.0f} s")
        for name, where in GIN_INDEXES.items():
            cursor.execute(
                f"CREATE INDEX {name} ON search_searchdocument USING gin (vector) "
                f"WITH (fastupdate = off) WHERE {where}"
            )
        cursor.execute("VACUUM ANALYZE search_searchdocument")
        cursor.execute("ANALYZE")
    print(f"  GIN indexes and VACUUM ANALYZE: {time.perf_counter() - t0:.0f} s")


def users(rng):
    User = get_user_model()
    member = User.objects.filter(username="bench-member").first()
    if member is None:
        member = User.objects.create_user("bench-member")
        person = Person.objects.create(name="Bench Member", user=member)
        for body in Body.objects.filter(slug__in=["bench-0", "bench-1"]):
            Membership.objects.create(body=body, person=person, role="member", initials="BM")
    superuser = User.objects.filter(username="bench-admin").first() or User.objects.create_user(
        "bench-admin", is_superuser=True, is_staff=True
    )
    return {"member of 2 bodies": member, "superuser": superuser}


def server_cpu_ns() -> int:
    """CPU time the database connection's backend has used (Linux /proc schedstat):
    on a shared machine the wall time is mostly waiting for a core, this is not."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])


def time_search(user, query: str) -> tuple[float, float]:
    """(wall ms, CPU ms: this process's thread and the database backend's)."""
    server = server_cpu_ns()
    start, cpu = time.perf_counter(), time.thread_time()
    found = search(user, Filters(query=query)).select_related("meeting__body")
    count, _more = capped_count(found)
    list(found[:20])
    wall, cpu = (time.perf_counter() - start) * 1000, (time.thread_time() - cpu) * 1000
    return wall, cpu + (server_cpu_ns() - server) / 1e6


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--keep", action="store_true", help="reuse a data set built before")
    parser.add_argument(
        "--reindex",
        action="store_true",
        help="with --keep: make the search documents again from the kept minutes",
    )
    parser.add_argument("--runs", type=int, default=5, help="runs of each query")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Give DATABASE_URL a PostgreSQL database of its own (iag_search_bench).")
    rng = random.Random(18)
    call_command("migrate", verbosity=0)
    if not (args.keep and Point.objects.exists()):
        if Point.objects.exists():
            sys.exit("The database holds data: give an empty one, or --keep to reuse it.")
        print(f"Building at scale {args.scale}:")
        build(args.scale, rng)
    elif args.reindex:
        print("Indexing the kept minutes again:")
        index_documents(time.perf_counter())
    print(
        f"Data: {Body.objects.count()} bodies, {Meeting.objects.count()} meetings, "
        f"{Point.objects.count()} points."
    )
    for label, user in users(rng).items():
        times, cpus = [], []
        for query in QUERIES:
            time_search(user, query)  # warm the cache for this plan
            for _ in range(args.runs):
                wall, cpu = time_search(user, query)
                times.append(wall)
                cpus.append(cpu)
        print(
            f"search as {label}: p50 {statistics.median(times):.1f} ms, "
            f"p95 {percentile(times, 95):.1f} ms, max {max(times):.1f} ms "
            f"({len(times)} searches) {load()}; CPU p50 {statistics.median(cpus):.1f} ms, "
            f"p95 {percentile(cpus, 95):.1f} ms"
        )
        for query in QUERIES:
            runs = [time_search(user, query) for _ in range(3)]
            wall = statistics.median(wall for wall, _cpu in runs)
            cpu = statistics.median(cpu for _wall, cpu in runs)
            print(f"    {query!r}: {wall:.1f} ms (CPU {cpu:.1f} ms) {load()}")
    item = AgendaItem.objects.filter(meeting__status="draft").first()
    index_times, index_cpus, save_times = [], [], []
    base = (item.points.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    for n in range(0, 100, 2):
        # As the autosave runs it: the save and its index in one transaction.
        start = time.perf_counter()
        with transaction.atomic():
            Point.objects.create(item=item, order=base + n, text=sentence(rng))
        save_times.append((time.perf_counter() - start) * 1000)
        # The index alone, of a point not indexed yet (bulk_create sends no signal).
        with transaction.atomic():
            (point,) = Point.objects.bulk_create(
                [Point(item=item, order=base + n + 1, text=sentence(rng))]
            )
            server = server_cpu_ns()
            start, cpu = time.perf_counter(), time.thread_time()
            index_rows(Point, [point.pk])
            index_times.append((time.perf_counter() - start) * 1000)
            cpu = (time.thread_time() - cpu) * 1000
            index_cpus.append(cpu + (server_cpu_ns() - server) / 1e6)
    print(
        f"indexing a new point: p50 {statistics.median(index_times):.2f} ms, "
        f"p95 {percentile(index_times, 95):.2f} ms {load()}; CPU p50 "
        f"{statistics.median(index_cpus):.2f} ms, p95 {percentile(index_cpus, 95):.2f} ms "
        f"(in its transaction; the whole create, its index and the commit: "
        f"p50 {statistics.median(save_times):.2f} ms)"
    )


def load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"[load {one:.1f} / {five:.1f}]"


if __name__ == "__main__":
    main()
