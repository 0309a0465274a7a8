from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting, Point


class ImportRecord(models.Model):
    """One file of legacy minutes imported into a meeting, with what the import found."""

    body_path = "meeting__body"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="imports", verbose_name=_("meeting")
    )
    source_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the text"), max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    report = models.JSONField(_("report"), default=dict)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "sha256"], name="import_unique_file"),
        ]
        indexes = [models.Index(fields=["sha256"], name="import_sha256_idx")]

    def __str__(self):
        return f"{self.source_name} → {self.meeting}"


class Flag(models.Model):
    """A point an import could not place with confidence, for an officer to review."""

    body_path = "record__meeting__body"

    record = models.ForeignKey(
        ImportRecord, on_delete=models.CASCADE, related_name="flags", verbose_name=_("import")
    )
    point = models.ForeignKey(
        Point, on_delete=models.CASCADE, related_name="import_flags", verbose_name=_("point")
    )
    reason = models.CharField(_("reason"), max_length=300)
    resolved = models.BooleanField(_("reviewed"), default=False)

    class Meta:
        ordering = ["record", "point__item__order", "point__order"]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")

    def __str__(self):
        return self.reason


class BatchStatus(models.TextChoices):
    READING = "reading", _("Reading the files")
    PREVIEWED = "previewed", _("Waiting for the officer")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Done")


class ImportBatch(models.Model):
    """Files of minutes uploaded together: read, previewed and imported as one batch.

    A big batch is read and imported by tasks (imports/tasks.py); `progress` counts
    the files done in the current step, so the officer's page can show how far it is.
    """

    body_path = "body"

    token = models.CharField(_("token"), max_length=32, unique=True)
    body = models.ForeignKey(
        "members.Body", on_delete=models.CASCADE, related_name="+", verbose_name=_("body")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    year = models.PositiveIntegerField(_("year"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=BatchStatus, default=BatchStatus.READING
    )
    total = models.PositiveIntegerField(_("files"), default=0)
    progress = models.PositiveIntegerField(_("files done"), default=0)
    # Files refused before they could be read: "“name” is larger than 2 MB."
    refused = models.JSONField(_("refused at upload"), default=list)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=models.F("total")),
                name="import_batch_progress_within_total",
            )
        ]

    def __str__(self):
        return f"{self.total} file(s) for {self.body_id}, {self.get_status_display()}"

    @property
    def running(self) -> bool:
        return self.status in {BatchStatus.READING, BatchStatus.IMPORTING}


class ImportFile(models.Model):
    """One readable file of a batch: its lines, what the officer corrected, what became of it."""

    body_path = "batch__body"

    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="files", verbose_name=_("batch")
    )
    index = models.PositiveIntegerField(_("position in the batch"))
    name = models.CharField(_("file name"), max_length=500)
    lines = models.JSONField(_("lines"), default=list)
    corrections = models.JSONField(_("corrections"), default=dict)
    # The dry run's summary (date, counts, what it needs), or {"failed": why}.
    preview = models.JSONField(_("preview"), null=True, blank=True)
    # After the import: {"meeting", "date", "existing", "flagged"} or {"error": why}.
    outcome = models.JSONField(_("outcome"), null=True, blank=True)

    class Meta:
        ordering = ["batch", "index"]
        verbose_name = _("imported file")
        verbose_name_plural = _("imported files")
        constraints = [
            models.UniqueConstraint(fields=["batch", "index"], name="import_file_unique_index")
        ]

    def __str__(self):
        return self.name
