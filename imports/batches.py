"""Files uploaded together, kept in the database from upload to the end report.

A batch of more than AT_ONCE files is read (the dry run of every file) and then
imported by tasks (imports/tasks.py), counting its progress as it goes, so that the
officer's page shows a progress bar instead of waiting on one long request. A
smaller batch takes the same steps within the request.
"""

import datetime
import logging
import secrets

from django.db import transaction
from django.db.models import F

from imports.models import BatchStatus, ImportBatch, ImportFile
from imports.parsing import Corrections
from imports.services import ImportReport, NotMinutes, import_minutes

logger = logging.getLogger(__name__)

# More files than this are read and imported by a task, behind a progress bar.
AT_ONCE = 5


def start_batch(*, body, by, year: int | None, uploads: list[dict]) -> ImportBatch:
    """The batch of `uploads` (as the upload form read them), waiting to be read.

    It takes the place of the officer's earlier batches, as a new upload always has,
    but not of one a task is still working on.
    """
    ImportBatch.objects.filter(created_by=by).exclude(
        status__in=[BatchStatus.READING, BatchStatus.IMPORTING]
    ).delete()
    readable = [upload for upload in uploads if not upload.get("error")]
    batch = ImportBatch.objects.create(
        token=secrets.token_urlsafe(16),
        body=body,
        created_by=by,
        year=year,
        total=len(readable),
        refused=[upload["refusal"] for upload in uploads if upload.get("error")],
    )
    ImportFile.objects.bulk_create(
        ImportFile(batch=batch, index=index, name=upload["name"][:500], lines=upload["lines"])
        for index, upload in enumerate(readable)
    )
    return batch


def is_big(batch: ImportBatch) -> bool:
    return batch.total > AT_ONCE


def dry_run(batch: ImportBatch, file: ImportFile, parsed=None) -> ImportReport | str:
    """What importing `file` would do (an ImportReport), or why it cannot be imported."""
    try:
        return import_minutes(
            body=batch.body,
            source_name=file.name,
            lines=file.lines,
            dry_run=True,
            year=batch.year,
            parsed=parsed,
            corrections=Corrections.from_json(file.corrections),
        )
    except NotMinutes as error:
        return str(error)


def remember(file: ImportFile, report: ImportReport | str) -> None:
    """Keep the summary of a dry run with the file, for the batch's table and checks."""
    if isinstance(report, str):
        file.preview = {"failed": report}
    else:
        counts = report.counts()
        file.preview = {
            "date": report.date.isoformat() if report.date else None,
            **counts,
            "existing": report.existing,
            "meeting": report.meeting_id,
        }
    ImportFile.objects.filter(pk=file.pk).update(preview=file.preview)


def read_batch(batch: ImportBatch, parsed: list | None = None) -> list:
    """The dry run of every file, kept with it as it goes; the batch then waits for the
    officer. `parsed` is what the upload form read already, file by file."""
    reports = []
    ImportBatch.objects.filter(pk=batch.pk).update(progress=0)
    for index, file in enumerate(batch.files.order_by("index")):
        try:
            report = dry_run(batch, file, parsed[index] if parsed else None)
        except Exception:
            # One file that breaks the reader must not stall the batch behind it.
            logger.exception("Reading %s of import batch %s failed", file.name, batch.pk)
            report = "This file could not be read: it was set aside for the administrator."
        remember(file, report)
        reports.append(report)
        ImportBatch.objects.filter(pk=batch.pk).update(progress=F("progress") + 1)
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.PREVIEWED)
    batch.refresh_from_db()
    return reports


def begin_import(batch: ImportBatch) -> bool:
    """Move the batch from preview to importing; False if that was done already."""
    started = ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.PREVIEWED).update(
        status=BatchStatus.IMPORTING, progress=0
    )
    batch.refresh_from_db()
    return bool(started)


def import_batch(batch: ImportBatch) -> None:
    """Import every file of the batch not yet imported, each in its own transaction."""
    ImportBatch.objects.filter(pk=batch.pk).update(
        progress=batch.files.filter(outcome__isnull=False).count()
    )
    for file in batch.files.filter(outcome__isnull=True).order_by("index"):
        import_file(batch, file)
        ImportBatch.objects.filter(pk=batch.pk).update(progress=F("progress") + 1)
    # The meetings hold what was imported: the batch keeps only what became of each file.
    batch.files.update(lines=[])
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.DONE)
    batch.refresh_from_db()


def import_file(batch: ImportBatch, file: ImportFile) -> None:
    if file.preview and "failed" in file.preview:
        file.outcome = {"error": file.preview["failed"]}
    else:
        try:
            with transaction.atomic():
                report = import_minutes(
                    body=batch.body,
                    source_name=file.name,
                    lines=file.lines,
                    dry_run=False,
                    by=batch.created_by,
                    year=batch.year,
                    corrections=Corrections.from_json(file.corrections),
                )
        except NotMinutes as error:
            file.outcome = {"error": str(error)}
        except Exception:
            logger.exception("Importing %s of import batch %s failed", file.name, batch.pk)
            file.outcome = {"error": "This file could not be imported: nothing of it was saved."}
        else:
            file.outcome = {
                "meeting": report.meeting_id,
                "date": report.date.isoformat(),
                "existing": report.existing,
                "flagged": report.counts()["flagged"],
            }
    ImportFile.objects.filter(pk=file.pk).update(outcome=file.outcome)


def end_report(batch: ImportBatch) -> dict:
    """Imported, needing attention (flagged passages) and refused, file by file."""
    imported, attention, failed = [], [], []
    for file in batch.files.defer("lines").order_by("index"):
        outcome = file.outcome or {"error": "This file was not imported."}
        if "error" in outcome:
            failed.append(f"“{file.name}”: {outcome['error']}")
            continue
        entry = {**outcome, "name": file.name, "date": datetime.date.fromisoformat(outcome["date"])}
        (attention if entry["flagged"] else imported).append(entry)
    return {"imported": imported, "attention": attention, "failed": failed + batch.refused}
