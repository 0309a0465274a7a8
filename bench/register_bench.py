"""Benchmark the actions register: query count with 50 and 5,000 actions, and
the median time to render its first page (and the CSV export) at 5,000.

Runs on a throwaway SQLite database (or DATABASE_URL if you set it to a scratch
database: the script creates tables and rows in it):

    .venv/bin/python bench/register_bench.py [--actions 5000] [--repeat 15]

Exits non-zero if the query count grows with the number of actions.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(scratch: Path):
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iag_portal.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    # As Django's test client does in tests: keep the query log across requests.
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, reset_queries

    request_started.disconnect(reset_queries)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)


def make_data(total: int):
    """A body, an officer, 50 meetings with attendance, and `total` actions among them."""
    from django.contrib.auth import get_user_model

    from actions.models import Action, ActionNote
    from meetings import lifecycle
    from meetings.models import AgendaItem, Attendance, Meeting, MeetingStatus
    from members.models import Body, Membership, Person, Role

    body = Body.objects.create(name="Bench IAG", short_name="Bench", slug="bench")
    officer = get_user_model().objects.create_user("bench-officer", password="x")
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(officer, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")  # officers must use MFA
    person = Person.objects.create(name="Bench Officer", user=officer, email="o@example.org")
    Membership.objects.create(
        body=body, person=person, role=Role.OFFICER, position="Officer", initials="BO"
    )
    meetings = Meeting.objects.bulk_create(
        Meeting(
            body=body,
            date=datetime.date(2020, 1, 6) + datetime.timedelta(weeks=6 * n),
            start_time=datetime.time(18),
            status=MeetingStatus.DRAFT,  # agreed below, once their rows are in
        )
        for n in range(50)
    )
    items, attendance = [], []
    for meeting in meetings:
        items += [
            AgendaItem(meeting=meeting, order=n, number=str(n), title=title)
            for n, title in enumerate(("Chair's Report", "Hate Crime Case Studies", "AOB"), 1)
        ]
        attendance += [
            Attendance(meeting=meeting, initials=initials, role="IAG Member", order=n)
            for n, initials in enumerate(("AK", "NS", "JH", "MT"), 1)
        ]
    items = AgendaItem.objects.bulk_create(items)
    attendance = Attendance.objects.bulk_create(attendance)
    by_meeting = {}
    for row in attendance:
        by_meeting.setdefault(row.meeting_id, []).append(row)
    items_by_meeting = {}
    for item in items:
        items_by_meeting.setdefault(item.meeting_id, []).append(item)

    actions = []
    for n in range(total):
        meeting = meetings[n % len(meetings)]
        actions.append(
            Action(
                item=items_by_meeting[meeting.pk][n % 3],
                order=n,
                description=f"Action {n}: seek links with community group {n % 97}",
                due_date=meeting.date + datetime.timedelta(weeks=6),
            )
        )
    actions = Action.objects.bulk_create(actions)
    Through = Action.owners.through
    Through.objects.bulk_create(
        Through(action_id=action.pk, attendance_id=owner.pk)
        for action in actions
        for owner in by_meeting[action.item.meeting_id][: 1 + action.pk % 2]
    )
    ActionNote.objects.bulk_create(
        ActionNote(action=action, text=f"Progress on {action.pk}", created_by=officer)
        for action in actions[::2]
    )
    for meeting in meetings:
        lifecycle.apply(meeting, "record_agreed", by=None)
    return officer


def measure(client, url: str, repeat: int):
    """The query count and median time of a page (a streamed one read to its end)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get():
        response = client.get(url)
        if response.streaming:  # the CSV: its rows are read as it is sent
            b"".join(response.streaming_content)
        return response

    with CaptureQueriesContext(connection) as queries:
        response = get()
    assert response.status_code == 200, response.status_code
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        get()
        timings.append(time.perf_counter() - start)
    return len(queries), statistics.median(timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--profile-csv", action="store_true", help="Profile one CSV export.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        setup_django(Path(scratch))
        from django.db import transaction
        from django.test import Client

        from actions.models import Action

        results = {}
        for total in (50, args.actions):
            with transaction.atomic():
                officer = make_data(total)
                assert Action.objects.count() == total
                client = Client()
                client.force_login(officer)
                results[total] = {
                    "register": measure(client, "/actions/", args.repeat),
                    "filtered": measure(
                        client, "/actions/?owner=NS&overdue=yes&sort=-due", args.repeat
                    ),
                    "csv": measure(client, "/actions/register.csv", max(3, args.repeat // 5)),
                }
                if args.profile_csv and total == args.actions:
                    import cProfile
                    import pstats

                    profiler = cProfile.Profile()
                    profiler.runcall(client.get, "/actions/register.csv")
                    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
                transaction.set_rollback(True)

    print(f"{'page':<10}{'actions':>9}{'queries':>9}{'median ms':>11}")
    for total, pages in results.items():
        for name, (queries, median) in pages.items():
            print(f"{name:<10}{total:>9}{queries:>9}{median * 1000:>11.1f}")
    small, large = results[50], results[args.actions]
    # The streamed CSV reads its rows in batches: two queries a batch, by design.
    from actions.views import CSV_BATCH

    batches = {total: -(-total // CSV_BATCH) for total in results}
    allowed = {"csv": 2 * (batches[args.actions] - batches[50])}
    grew = [name for name in small if large[name][0] - small[name][0] > allowed.get(name, 0)]
    if grew:
        print(f"FAIL: the query count grows with the number of actions on: {', '.join(grew)}")
        return 1
    print("OK: the query count does not grow with the number of actions.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
