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
