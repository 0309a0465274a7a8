import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting


class ChangeKind(models.TextChoices):
    ADDED = "added", _("Added")
    MOVED = "moved", _("Moved")
    CANCELLED = "cancelled", _("Cancelled")
    REINSTATED = "reinstated", _("Reinstated")
    VENUE_CHANGED = "venue", _("Venue changed")
    TOPIC_CHANGED = "topic", _("Topic changed")


# Changes members hear about by email, and that calendars must pick up as a new
# revision of the event (iCalendar SEQUENCE).
NOTIFIED_KINDS = (
    ChangeKind.MOVED,
    ChangeKind.CANCELLED,
    ChangeKind.REINSTATED,
    ChangeKind.VENUE_CHANGED,
)


class ProgrammeChange(models.Model):
    """One recorded change to a body's programme: a meeting added, moved, cancelled..."""

    body_path = "meeting__body"

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="programme_changes",
        verbose_name=_("meeting"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ChangeKind)
    old_value = models.CharField(_("before"), max_length=400, blank=True)
    new_value = models.CharField(_("after"), max_length=400, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme_changes",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("programme change")
        verbose_name_plural = _("programme changes")
        indexes = [models.Index(fields=["meeting", "kind"], name="programme_change_kind_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.meeting}"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret in a user's calendar feed addresses; resetting it retires the old ones."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_token",
        verbose_name=_("user"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self):
        return f"Calendar token of {self.user}"
