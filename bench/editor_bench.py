#!/usr/bin/env python
"""The editor page's cost per point (issue 20): server time and HTML size of the editor
of one meeting at 65, 500 and 2,000 points, in this process (no network).

    .venv/bin/python bench/editor_bench.py                  # SQLite (a throwaway test database)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iag_bench .venv/bin/python bench/editor_bench.py
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from autosave_bench import build  # noqa: E402  (sets Django up)
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from meetings import editor_items  # noqa: E402
from members.models import Body, Membership, Person  # noqa: E402

SIZES = [(5, 13), (20, 25), (40, 50)]  # 65, 500 and 2,000 points


def main():
    from allauth.mfa.totp.internal.auth import TOTP

    setup_test_environment()
    settings.DEBUG = False
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        user = get_user_model().objects.create_user("bench-officer")
        TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
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
        print(f"{connection.vendor}: editor page, median of 5")
        print("rendered: every row rendered (the first load after a change); kept: rows cached")
        print(
            "| points | rendered ms | kept ms | KB | queries (rendered / kept) "
            "| rendered ms per point | bytes per point |"
        )
        print("|---:|---:|---:|---:|---:|---:|---:|")
        for items, per_item in SIZES:
            meeting, points = build(items, per_item)
            url = reverse("meetings:edit", args=[meeting.pk])
            client.get(url)  # templates compiled, caches warm
            timings = {}
            for kept in (False, True):
                times = []
                for _ in range(5):
                    if not kept:
                        cache.delete(editor_items.cache_key(meeting))
                    with CaptureQueriesContext(connection) as queries:
                        start = time.perf_counter()
                        response = client.get(url)
                        times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, response.status_code
                timings[kept] = (statistics.median(times), len(queries))
            size, n = len(response.content), len(points)
            (rendered, q_rendered), (kept_ms, q_kept) = timings[False], timings[True]
            print(
                f"| {n} | {rendered:.0f} | {kept_ms:.0f} | {size / 1000:.0f} | "
                f"{q_rendered} / {q_kept} | {rendered / n:.2f} | {size / n:.0f} |",
                flush=True,
            )
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)


if __name__ == "__main__":
    main()
