"""Time imports into a fresh SQLite database, through the officer's pages where it counts.

    .venv/bin/python bench/import_bench.py [--runs 3] [--files 100]

Targets: a year of minutes (12 files) imported in under 5 seconds (issue 8); a zip of
100 files in every layout previewed and imported, file by file behind the progress
bar, in under 60 seconds; the preview of the largest text file allowed (2 MB, 5,000
lines) in under 5 seconds, and a 400,000-line file refused at once (issues 14, 17).
Exits 1 if a run misses a target.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 5.0
ZIP_TARGET_SECONDS = 60.0
PREVIEW_TARGET_SECONDS = 5.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--files", type=int, default=100, help="Files in the zip.")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iag_portal.settings")
        os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
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
        ok = worst < TARGET_SECONDS
        ok &= bench_zip(args.files)
        ok &= bench_big_files()
    return 0 if ok else 1


def officer_client():
    """A test client signed in as a superuser, for timing the officer's pages."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.filter(username="bench").first()
    user = user or get_user_model().objects.create_superuser("bench", "bench@example.org", "x")
    client = Client(raise_request_exception=True)
    client.force_login(user)
    return client


def bench_zip(count: int) -> bool:
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    from imports.samples import mixed_minutes
    from imports.views import PENDING
    from meetings.models import Meeting
    from members.models import Body

    body = Body.objects.create(name="Bench zip", short_name="Bench zip", slug="bench-zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in mixed_minutes(count):
            archive.writestr(f"minutes/{name}", text)
    client = officer_client()
    started = time.perf_counter()
    upload = SimpleUploadedFile("years.zip", buffer.getvalue(), content_type="application/zip")
    preview = client.post("/import/", {"body": body.pk, "files": [upload]})
    previewed = time.perf_counter() - started
    token = client.session[PENDING]["token"]
    client.post("/import/confirm/", {"token": token})
    steps = 0
    while PENDING in client.session:
        client.post("/import/step/", {"token": token})
        steps += 1
        if steps % 25 == 0:
            print(f"  progress: {steps} of {count} files imported")
    elapsed = time.perf_counter() - started
    saved = Meeting.objects.filter(body=body).count()
    ok = preview.status_code == 200 and saved == count and elapsed < ZIP_TARGET_SECONDS
    print(
        f"zip of {count} mixed-layout files: previewed in {previewed:.1f} s, {saved} meetings "
        f"imported in {steps} steps, {elapsed:.1f} s in all, target < {ZIP_TARGET_SECONDS:.0f} s: "
        + ("OK" if ok else "TOO SLOW OR INCOMPLETE")
    )
    return ok


def bench_big_files() -> bool:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from imports.samples import long_minutes
    from imports.uploads import MAX_FILE_SIZE, MAX_LINES
    from members.models import Body

    body = Body.objects.create(name="Bench big", short_name="Bench big", slug="bench-big")
    client = officer_client()
    ok = True
    for label, data, expect in (
        (
            "2 MB, 5,000-line text file: preview",
            long_minutes(MAX_FILE_SIZE, MAX_LINES),
            "count-present",
        ),
        ("400,000-line text file: refusal", b"x\n" * 400_000, "at most 5,000 lines"),
    ):
        started = time.perf_counter()
        response = client.post(
            "/import/", {"body": body.pk, "files": [SimpleUploadedFile("big.txt", data)]}
        )
        elapsed = time.perf_counter() - started
        good = expect in response.content.decode() and elapsed < PREVIEW_TARGET_SECONDS
        ok &= good
        print(
            f"{label} in {elapsed:.2f} s ({len(data) / 1e6:.1f} MB), "
            f"target < {PREVIEW_TARGET_SECONDS:.0f} s: {'OK' if good else 'TOO SLOW OR WRONG'}"
        )
    return ok


if __name__ == "__main__":
    sys.exit(main())
