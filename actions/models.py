from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.models import (
    AgendaItem,
    Attendance,
    LockedRow,
    Meeting,
    MinutesRow,
    MinutesRowQuerySet,
)


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


def overdue(today=None) -> Q:
    """Open and past its due date: the one definition, for querysets and filters."""
    return Q(status=ActionStatus.OPEN, due_date__lt=today or timezone.localdate())


class ActionQuerySet(MinutesRowQuerySet):
    def open(self):
        return self.filter(status=ActionStatus.OPEN)

    def overdue(self, today=None):
        return self.filter(overdue(today))

    def owned_by(self, user):
        """Actions one of whose owners is the user's person."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(
            Exists(
                Action.owners.through.objects.filter(
                    action_id=OuterRef("pk"), attendance__person__user_id=user.pk
                )
            )
        )

    def for_owner(self, user):
        """Actions the user owns: by their initials on the attendance, or as one of a
        group owner ("All", "Chair", "IAG members", "TVP", their position) in a body
        where they are a current member.

        One `pk IN (… UNION …)` of two id subqueries, each read through its own
        indexes (the person's attendance and its owner rows; the group-owned actions
        of the person's bodies), not an OR across EXISTS subqueries, for which
        PostgreSQL scanned every action and agenda item of the country."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(
            pk__in=Action.objects.owned_ids(user).union(Action.objects.group_owned_ids(user))
        )

    def owned_ids(self, user):
        """The ids of the actions one of whose owners is the user's person."""
        return (
            Action.owners.through.objects.filter(attendance__person__user_id=user.pk)
            .order_by()
            .values("action_id")
        )

    def group_owned_ids(self, user):
        """The ids of the actions a group owner gives the user, in their current bodies."""
        from members.models import Membership, Role

        current = Membership.objects.current().filter(person__user_id=user.pk)
        memberships = current.filter(body_id=OuterRef("item__meeting__body_id"))
        group = Q(owner_group__iexact="All") & Exists(memberships)
        group |= Q(owner_group__iregex=r"^(iag )?chair$") & Exists(
            memberships.filter(role=Role.CHAIR)
        )
        group |= Q(owner_group__iregex=r"^(iag )?members$") & Exists(
            memberships.filter(role__in=[Role.MEMBER, Role.CHAIR])
        )
        group |= Exists(memberships.filter(position__iexact=OuterRef("owner_group")))
        group |= Exists(memberships.filter(person__organisation__iexact=OuterRef("owner_group")))
        return (
            Action.objects.exclude(owner_group="")
            .filter(item__meeting__body_id__in=current.values("body_id"))
            .filter(group)
            .order_by()
            .values("pk")
        )

    def visible_to(self, user):
        """What the user may read: actions of meetings they may see (a confidential
        item's only with Perm.VIEW_CONFIDENTIAL in its body), and their own."""
        from members import permissions
        from members.permissions import Perm

        confidential_bodies = permissions.bodies_where(user, Perm.VIEW_CONFIDENTIAL)
        if confidential_bodies is None:
            return self
        meetings = Meeting.objects.visible_to(user).values("pk")
        readable = Q(item__meeting__in=meetings) & (
            Q(item__confidential=False) | Q(**{f"{Action.body_path}__in": confidential_bodies})
        )
        owned = Q(pk__in=Action.objects.owned_by(user).values("pk"))
        return self.filter(readable | owned)


class Action(MinutesRow):
    """Something a meeting asked someone to do, raised under an agenda item."""

    meeting_path = "item__meeting"
    body_path = "item__meeting__body"
    # Its progress is tracked after the minutes are agreed; what was asked is not changed.
    tracking_fields = frozenset({"status", "closed_at", "closed_by", "closed_by_id"})

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="actions", verbose_name=_("agenda item")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    description = models.TextField(_("action"))
    owners = models.ManyToManyField(
        Attendance,
        through="ActionOwner",
        related_name="actions_owned",
        blank=True,
        verbose_name=_("owners"),
    )
    # A group or a role may own an action as the minutes write it ("All", "Chair",
    # "IAG members", "TVP", a position): printed beside the owners' initials and
    # listed in My actions for the people it names (ActionQuerySet.for_owner).
    owner_group = models.CharField(
        _("group owner"),
        max_length=100,
        blank=True,
        help_text=_('"All", "Chair", "IAG members", "TVP" or a position, as the minutes name it.'),
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
    # Made by the editor page for an action it creates; see meetings.Point.client_key.
    client_key = models.UUIDField(_("client key"), null=True, blank=True, editable=False)

    objects = ActionQuerySet.as_manager()
    # Owners are attendees of the minutes: their initials are in the description.
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["item_id", "order", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.UniqueConstraint(fields=["client_key"], name="action_unique_client_key"),
            models.CheckConstraint(condition=~Q(description=""), name="action_has_description"),
            models.CheckConstraint(
                condition=Q(status=ActionStatus.OPEN, closed_at__isnull=True)
                | (~Q(status=ActionStatus.OPEN) & Q(closed_at__isnull=False)),
                name="action_closed_at_matches_status",
                violation_error_message=_("A closed action needs the time it was closed."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="action_status_due_idx"),
            # The admin's list, in the model's ordering.
            models.Index(fields=["item", "order", "id"], name="action_item_order_idx"),
            # The register, by due date (nulls last, as a b-tree index keeps them).
            models.Index(fields=["due_date", "id"], name="action_due_id_idx"),
            # My actions: the few group-owned actions ("All", "Chair"), by agenda item.
            models.Index(
                fields=["item"], condition=~Q(owner_group=""), name="action_group_owned_idx"
            ),
        ]

    def __str__(self):
        return self.description[:80]

    def owner_names(self) -> str:
        """ "JH, NS" or "All" or "MT, TVP": the owners as the minutes print them."""
        owners = getattr(self, "prefetched_owners", None)
        names = [owner.initials for owner in (self.owners.all() if owners is None else owners)]
        if self.owner_group:
            names.append(self.owner_group)
        return ", ".join(names)

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


class ActionOwner(LockedRow):
    """Someone an action asked: part of the record, locked with it (also when the rows
    are written directly, `ActionOwner.objects.bulk_create`, as an import does)."""

    meeting_path = "action__item__meeting"
    body_path = "action__item__meeting__body"

    action = models.ForeignKey(Action, on_delete=models.CASCADE)
    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE)

    objects = MinutesRowQuerySet.as_manager()

    class Meta:
        # The table Django made for the field before the row declared its lock.
        db_table = "actions_action_owners"
        unique_together = [("action", "attendance")]
        verbose_name = _("owner")
        verbose_name_plural = _("owners")

    def __str__(self):
        return f"{self.attendance_id} on {self.action_id}"


class ActionNote(models.Model):
    """A dated progress note on an action, and the meeting it was recorded at."""

    body_path = "action__item__meeting__body"

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="notes", verbose_name=_("action")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_notes",
        verbose_name=_("recorded at meeting"),
        help_text=_("The meeting that reviewed the action, when the note was taken there."),
    )
    text = models.TextField(_("update"), blank=True)
    new_status = models.CharField(
        _("closed as"),
        max_length=8,
        choices=ActionStatus,
        blank=True,
        help_text=_("Set when this note records the action being closed or reopened."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["action_id", "created_at", "id"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(text="") | ~Q(new_status=""), name="action_note_says_something"
            ),
        ]
        indexes = [models.Index(fields=["meeting", "action"], name="action_note_meeting_idx")]

    def __str__(self):
        return self.text[:80] or self.get_new_status_display()


class ReminderSent(models.Model):
    """A due-date reminder already emailed for an action: one per action and due date."""

    body_path = "action__item__meeting__body"

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("action")
    )
    due_date = models.DateField(_("due date reminded of"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("emails sent"), default=0)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "due_date"], name="reminder_once_per_action_due_date"
            ),
        ]

    def __str__(self):
        return f"{self.action} ({self.due_date:%Y-%m-%d})"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Writing the file")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class RegisterExport(models.Model):
    """A CSV of the actions register too large to send in one request: written to
    storage by a task (actions/exports.py), for the person who asked, with the rows
    written so far so that its page can show how far it has got."""

    token = models.CharField(_("token"), max_length=40, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("asked for by"),
    )
    created_at = models.DateTimeField(_("asked for at"), auto_now_add=True)
    # The register's filters as its page's query string ("status=open&body=3").
    query = models.CharField(_("filters"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=ExportStatus, default=ExportStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("actions"), default=0)
    progress = models.PositiveIntegerField(_("actions written"), default=0)
    file = models.FileField(_("file"), upload_to="exports/", max_length=300, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("register export")
        verbose_name_plural = _("register exports")

    def __str__(self):
        return f"Register export {self.token[:8]} ({self.get_status_display()})"

    @property
    def running(self) -> bool:
        return self.status in {ExportStatus.QUEUED, ExportStatus.RUNNING}
