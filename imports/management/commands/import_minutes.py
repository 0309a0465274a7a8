"""Import legacy minutes (.txt, .docx, text .pdf; folders and .zip files of them) into a
body: one transaction per file."""

import datetime
import io
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from imports.parsing import Corrections
from imports.services import NotMinutes, import_minutes
from imports.uploads import TYPES, read_one, read_zip
from members.models import Body


class _ZipFile(io.BytesIO):
    """A zip on disk, shaped as an upload for uploads.read_zip."""

    def __init__(self, path: Path):
        super().__init__(path.read_bytes())
        self.size = path.stat().st_size


def read_paths(paths: list[str]) -> list[dict]:
    """{"name", "lines"} or {"name", "error"} for each file, folder (its files) or zip."""
    read = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TYPES)
            read += [read_one(str(p), p.stat().st_size, p.read_bytes) for p in files]
        elif path.suffix.lower() == ".zip" and path.is_file():
            read += read_zip(path.name, _ZipFile(path))
        else:
            try:
                read.append(read_one(path.name, path.stat().st_size, path.read_bytes))
            except OSError as error:
                read.append({"name": given, "error": f"Cannot read the file: {error.strerror}."})
    return read


class Command(BaseCommand):
    help = "Import minutes from .txt, .docx or .pdf files, folders or .zip files into a body."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", help="Minutes files (.txt, .docx, .pdf), folders or .zip files."
        )
        parser.add_argument("--body", required=True, help="Slug of the body the minutes are of.")
        parser.add_argument("--dry-run", action="store_true", help="Read and report; save nothing.")
        parser.add_argument("--json", action="store_true", help="Print a JSON summary.")
        parser.add_argument(
            "--year",
            type=int,
            help="The year, for minutes whose date has none (DATE 7th December).",
        )
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="The meeting date (YYYY-MM-DD), for minutes where none can be read.",
        )

    def handle(self, *args, paths, body, dry_run, json: bool, year, date=None, **options):
        try:
            target = Body.objects.get(slug=body)
        except Body.DoesNotExist as error:
            slugs = ", ".join(Body.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"No body with slug “{body}” (bodies: {slugs}).") from error
        reports, errors = [], []
        files = read_paths(paths)
        for upload in files:
            if "error" in upload:
                errors.append({"source": upload["name"], "error": upload["error"]})
                continue
            try:
                report = import_minutes(
                    body=target,
                    source_name=Path(upload["name"]).name,
                    lines=upload["lines"],
                    dry_run=dry_run,
                    year=year,
                    corrections=Corrections(date=date) if date else None,
                )
            except NotMinutes as error:
                errors.append({"source": upload["name"], "error": str(error)})
                continue
            reports.append(report)
            if not json:
                self.print_report(report)
        if json:
            summary = {"meetings": [report.summary() for report in reports]}
            if errors:
                summary["errors"] = errors
            self.stdout.write(_dumps(summary))
        for error in errors:
            self.stderr.write(f"{error['source']}: {error['error']}")
        if errors:
            raise CommandError(f"{len(errors)} of {len(files)} files could not be imported.")

    def print_report(self, report) -> None:
        counts = report.counts()
        write = self.stdout.write
        if report.existing:
            write(
                f"{report.source_name}: already imported as meeting {report.meeting_id} "
                f"({report.date:%-d %B %Y}); nothing created."
            )
            return
        verb = "Would import" if report.dry_run else "Imported"
        where = f" as meeting {report.meeting_id}" if report.meeting_id else ""
        when = f"{report.date:%A %-d %B %Y}" if report.date else "no date yet (give --date)"
        write(f"{verb} {report.source_name}{where}: meeting of {when}")
        write(
            "  {present} present, {apologies} apologies, {items} items, {points} points, "
            "{actions} actions, {flagged} flagged for review".format(**counts)
        )
        for note in report.parsed.notes:
            write(f"  Note: {note}")
        for date, topic in report.parsed.programme:
            write(f"  Programme: {date:%-d %B %Y} - {topic}")
        for person in report.new_people:
            write(f"  New person: {person['initials']} {person['name']} ({person['position']})")
        for flag in report.flagged_lines():
            lines = ", ".join(str(n) for n in flag["lines"])
            write(f"  Flagged (item {flag['item']}, line {lines}): {flag['reason']}")


def _dumps(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
