from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import AgendaItem, Attendance, Versioned


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ActionStatus.OPEN)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())


class Action(Versioned):
    """Something a meeting asked someone to do, raised under an agenda item."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="actions", verbose_name=_("agenda item")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    description = models.TextField(_("action"))
    owners = models.ManyToManyField(
        Attendance, related_name="actions_owned", blank=True, verbose_name=_("owners")
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=ActionStatus, default=ActionStatus.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["item", "order", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(condition=~Q(description=""), name="action_has_description"),
            models.CheckConstraint(
                condition=Q(status=ActionStatus.OPEN, closed_at__isnull=True)
                | (~Q(status=ActionStatus.OPEN) & Q(closed_at__isnull=False)),
                name="action_closed_at_matches_status",
                violation_error_message=_("A closed action needs the time it was closed."),
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="action_status_due_idx")]

    def __str__(self):
        return self.description[:80]

    def set_status(self, status: str, *, by) -> None:
        """Change the status, stamping who closed it and when (cleared on reopening)."""
        self.status = status
        if status == ActionStatus.OPEN:
            self.closed_at = self.closed_by = None
        elif self.closed_at is None:
            self.closed_at = timezone.now()
            self.closed_by = by

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == ActionStatus.OPEN
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )
