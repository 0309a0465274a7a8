"""Import legacy minutes (.txt or .docx) into a body: one transaction per file."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from imports.docx_reader import read_upload
from imports.services import NotMinutes, import_minutes
from members.models import Body


class Command(BaseCommand):
    help = "Import minutes from .txt or .docx files into a body's meetings."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Minutes files (.txt or .docx).")
        parser.add_argument("--body", required=True, help="Slug of the body the minutes are of.")
        parser.add_argument("--dry-run", action="store_true", help="Read and report; save nothing.")
        parser.add_argument("--json", action="store_true", help="Print a JSON summary.")
        parser.add_argument(
            "--year",
            type=int,
            help="The year, for minutes whose date has none (DATE 7th December).",
        )

    def handle(self, *args, paths, body, dry_run, json: bool, year, **options):
        try:
            target = Body.objects.get(slug=body)
        except Body.DoesNotExist as error:
            slugs = ", ".join(Body.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"No body with slug “{body}” (bodies: {slugs}).") from error
        reports, errors = [], []
        for path in paths:
            try:
                data = Path(path).read_bytes()
                lines = read_upload(Path(path).name, data)
                report = import_minutes(
                    body=target,
                    source_name=Path(path).name,
                    lines=lines,
                    dry_run=dry_run,
                    year=year,
                )
            except OSError as error:
                errors.append({"source": path, "error": f"Cannot read the file: {error.strerror}."})
                continue
            except NotMinutes as error:
                errors.append({"source": path, "error": str(error)})
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
            raise CommandError(f"{len(errors)} of {len(paths)} files could not be imported.")

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
        write(f"{verb} {report.source_name}{where}: meeting of {report.date:%A %-d %B %Y}")
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
