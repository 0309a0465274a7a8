"""Time the import of a year of minutes (12 files) into a fresh SQLite database.

    .venv/bin/python bench/import_bench.py [--runs 3]

Target (issue 8): under 5 seconds for the 12 files. Exits 1 if a run misses it.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 5.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iag_portal.settings")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from imports.samples import year_of_minutes
        from imports.services import import_minutes
        from meetings.models import Meeting
        from members.models import Body

        files = year_of_minutes()
        worst = 0.0
        for run in range(1, args.runs + 1):
            body = Body.objects.create(
                name=f"Bench IAG {run}", short_name=f"Bench {run}", slug=f"bench-{run}"
            )
            started = time.perf_counter()
            reports = [
                import_minutes(body=body, source_name=name, lines=lines, dry_run=False)
                for name, lines in files
            ]
            elapsed = time.perf_counter() - started
            worst = max(worst, elapsed)
            saved = Meeting.objects.filter(body=body).count()
            points = sum(report.counts()["points"] for report in reports)
            print(
                f"run {run}: {len(files)} files, {saved} meetings, {points} points "
                f"in {elapsed:.2f} s ({elapsed / len(files) * 1000:.0f} ms a file)"
            )
    verdict = "OK" if worst < TARGET_SECONDS else "TOO SLOW"
    print(f"worst {worst:.2f} s, target < {TARGET_SECONDS:.0f} s: {verdict}")
    return 0 if worst < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
