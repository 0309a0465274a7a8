from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", _("Word document")


class StoredDocument(models.Model):
    """A PDF or Word file of one edition of one version of agreed minutes, rendered
    once in the background and kept in Django's storage (publishing/stored.py)."""

    body_path = "meeting__body"

    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.CASCADE,
        related_name="stored_documents",
        verbose_name=_("meeting"),
    )
    # The meeting's version when rendered: any amendment or step makes a new one.
    version = models.PositiveIntegerField(_("version"))
    edition = models.CharField(_("edition"), max_length=10)
    kind = models.CharField(_("kind"), max_length=4, choices=DocumentKind)
    name = models.CharField(_("file name in storage"), max_length=300)
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("rendered"), auto_now_add=True)

    class Meta:
        verbose_name = _("stored document")
        verbose_name_plural = _("stored documents")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "version", "edition", "kind"],
                name="stored_document_once_per_version",
                violation_error_message=_("This document is stored already."),
            )
        ]

    def __str__(self):
        return self.name
