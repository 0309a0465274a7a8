from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import INITIALS_PATTERN, Body, ItemKind, Person, validate_initials


class Versioned(models.Model):
    """A row edited live by more than one officer: saves carry the version they read."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Every save of an existing row is a new version, wherever it comes from
        # (the editor, the admin, the programme), so the editor's version check
        # notices any change since an officer's page read it.
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    DRAFT = "draft", _("Draft minutes")
    CIRCULATED = "circulated", _("Circulated for review")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        from members import permissions

        return permissions.visible_meetings(user, self)


class Meeting(Versioned):
    """One meeting of a body, and the minutes taken at it."""

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body")
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=300, blank=True)
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus, default=MeetingStatus.SCHEDULED
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeetingQuerySet.as_manager()
    # Every change to the minutes is kept: who, when, what (reviews/history.py reads it).
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-date", "-start_time"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "date", "start_time"],
                name="meeting_unique_body_date_time",
                violation_error_message=_("This body already has a meeting at that date and time."),
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True) | Q(end_time__gt=models.F("start_time")),
                name="meeting_ends_after_start",
                violation_error_message=_("The meeting must end after it starts."),
            ),
        ]
        indexes = [models.Index(fields=["body", "date"], name="meeting_body_date_idx")]

    def __str__(self):
        return f"{self.body.short_name} {self.date:%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("meetings:detail", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        """Agreed (or cancelled) minutes are no longer edited in place; see reviews.amend."""
        return self.status in {
            MeetingStatus.APPROVED,
            MeetingStatus.PUBLISHED,
            MeetingStatus.CANCELLED,
        }

    @property
    def has_minutes(self) -> bool:
        return self.status not in {MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED}

    def earlier(self, path: str = "") -> Q:
        """The body's meetings held before this one, as a filter; `path` reaches the
        meeting from another model ("item__meeting__")."""
        return Q(**{f"{path}body_id": self.body_id}) & (
            Q(**{f"{path}date__lt": self.date})
            | Q(**{f"{path}date": self.date, f"{path}start_time__lt": self.start_time})
        )

    def later(self) -> Q:
        """The body's meetings held after this one, as a filter."""
        return Q(body_id=self.body_id) & (
            Q(date__gt=self.date) | Q(date=self.date, start_time__gt=self.start_time)
        )

    def next_meeting(self):
        """The body's next meeting after this one that has not been cancelled."""
        return (
            Meeting.objects.filter(self.later())
            .exclude(status=MeetingStatus.CANCELLED)
            .order_by("date", "start_time")
            .first()
        )


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    APOLOGIES = "apologies", _("Apologies")
    ABSENT = "absent", _("Absent")


class Attendance(Versioned):
    """A person on a meeting's attendance list, with initials and role as printed that day."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendance",
        verbose_name=_("person"),
        help_text=_("Empty for a one-off guest who is not on the body's list of people."),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    initials = models.CharField(_("initials"), max_length=9, validators=[validate_initials])
    role = models.CharField(
        _("position and area"),
        max_length=200,
        blank=True,
        help_text=_('As printed on these minutes, e.g. "Guest representing JS".'),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AttendanceStatus, default=AttendanceStatus.PRESENT
    )
    is_minute_taker = models.BooleanField(_("minute-taker"), default=False)
    representing = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="represented_by",
        verbose_name=_("representing"),
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_('For members only, e.g. "left at 19:30". Never printed in the public edition.'),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    # Made by the editor page for a row it creates: a repeated create (a retry, a
    # double submit) finds the row already made instead of adding a second one.
    client_key = models.UUIDField(_("client key"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["meeting_id", "order", "id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["client_key"], name="attendance_unique_client_key"),
            models.UniqueConstraint(
                "meeting",
                Lower("initials"),
                name="attendance_unique_initials",
                violation_error_message=_(
                    "Someone on this meeting's attendance already has these initials. "
                    "Tell them apart as the minutes do: AK/1 and AK/2, or EB and EBr."
                ),
            ),
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=Q(person__isnull=False),
                name="attendance_unique_person",
                violation_error_message=_("This person is already on the attendance list."),
            ),
            models.CheckConstraint(
                condition=Q(initials__regex=INITIALS_PATTERN), name="attendance_initials_format"
            ),
        ]

    def __str__(self):
        return f"{self.initials} {self.role}".strip()


class ItemState(models.TextChoices):
    DISCUSSED = "discussed", _("Discussed")
    DEFERRED = "deferred", _("Deferred to the next meeting")
    CARRIED_OVER = "carried_over", _("Nothing to report - carried over")


class AgendaItem(Versioned):
    """A numbered item on a meeting's agenda, with the person or role who leads it."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    number = models.CharField(
        _("number"), max_length=10, blank=True, help_text=_('As printed: "4", "4a".')
    )
    title = models.CharField(_("title"), max_length=300)
    lead = models.CharField(
        _("lead"), max_length=100, blank=True, help_text=_('"IAG Chair", "All", "EB".')
    )
    state = models.CharField(
        _("state"), max_length=12, choices=ItemState, default=ItemState.DISCUSSED
    )
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Left out of the public edition: only its number and title are shown."),
    )
    minute_number = models.PositiveIntegerField(
        _("minute number"),
        null=True,
        blank=True,
        help_text=_("Formal style: numbered through the year, printed with the body's prefix."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=ItemKind,
        default=ItemKind.BUSINESS,
        help_text=_("The item that reviews the previous minutes lists the actions carried over."),
    )

    # Made by the editor page for a row it creates: a repeated create (a retry, a
    # double submit) finds the row already made instead of adding a second one.
    client_key = models.UUIDField(_("client key"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["meeting_id", "order", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["client_key"], name="agenda_item_unique_client_key"),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(kind=ItemKind.PREVIOUS_MINUTES),
                name="agenda_item_one_previous_minutes_item",
                violation_error_message=_(
                    "Another item of this meeting already reviews the previous minutes."
                ),
            ),
            models.UniqueConstraint(
                fields=["meeting", "minute_number"],
                condition=Q(minute_number__isnull=False),
                name="agenda_item_unique_minute_number",
                violation_error_message=_("Another item of this meeting has that minute number."),
            ),
            models.CheckConstraint(condition=~Q(title=""), name="agenda_item_has_title"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}" if self.number else self.title

    def minute_reference(self, body: Body) -> str:
        """SMK25 for a formal body's item 25; empty for the informal style."""
        if body.minute_prefix and self.minute_number:
            return f"{body.minute_prefix}{self.minute_number}"
        return ""


class PointKind(models.TextChoices):
    DISCUSSION = "discussion", _("Discussion")
    DECISION = "decision", _("Decision (RESOLVED)")
    HEADING = "heading", _("Sub-heading")


class Point(Versioned):
    """A paragraph of the minutes under an agenda item, attributed to who spoke."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="points", verbose_name=_("agenda item")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(
        _("kind"), max_length=10, choices=PointKind, default=PointKind.DISCUSSION
    )
    text = models.TextField(_("text"))
    speakers = models.ManyToManyField(
        Attendance, blank=True, related_name="points_spoken", verbose_name=_("speakers")
    )
    confidential = models.BooleanField(
        _("confidential"), default=False, help_text=_("Left out of the public edition.")
    )

    # Speakers (M2M) are not tracked: their initials are in the point's text.
    # Made by the editor page for a row it creates: a repeated create (a retry, a
    # double submit) finds the row already made instead of adding a second one.
    client_key = models.UUIDField(_("client key"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["item_id", "order", "id"]
        verbose_name = _("point")
        verbose_name_plural = _("points")
        constraints = [
            models.UniqueConstraint(fields=["client_key"], name="point_unique_client_key"),
            models.CheckConstraint(condition=~Q(text=""), name="point_has_text"),
        ]

    def __str__(self):
        return self.text[:80]
