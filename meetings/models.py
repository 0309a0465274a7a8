import contextvars
from contextlib import contextmanager
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import (
    INITIALS_PATTERN,
    Body,
    BodyScopedQuerySet,
    ItemKind,
    Person,
    validate_initials,
)


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    DRAFT = "draft", _("Draft minutes")
    CIRCULATED = "circulated", _("Circulated for review")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


# Agreed (or cancelled) minutes are a record: while a meeting is in one of these
# states nothing of it changes except through a recorded amendment (reviews.amend).
LOCKED_STATUSES = frozenset(
    {MeetingStatus.APPROVED, MeetingStatus.PUBLISHED, MeetingStatus.CANCELLED}
)
# Agreed as a correct record: what prints the signed line, what an amendment corrects.
AGREED_STATUSES = frozenset({MeetingStatus.APPROVED, MeetingStatus.PUBLISHED})
# A meeting may be created in these states; any other is reached through the lifecycle.
INITIAL_STATUSES = frozenset({MeetingStatus.SCHEDULED, MeetingStatus.DRAFT})


class MinutesLocked(Exception):
    """A change to agreed or cancelled minutes that is not a recorded amendment."""


class StatusNotByLifecycle(Exception):
    """Meeting.status written other than by meetings.lifecycle."""


# The meetings whose status the lifecycle is changing, and whose locked minutes an
# amendment is correcting, in this thread or task. Only meetings.lifecycle and
# reviews' amend enter these; everything else meets the lock.
_changing_status = contextvars.ContextVar("changing_status", default=frozenset())
_amending = contextvars.ContextVar("amending", default=frozenset())


@contextmanager
def _allowing(var, meeting_id: int):
    token = var.set(var.get() | {meeting_id})
    try:
        yield
    finally:
        var.reset(token)


def status_change(meeting_id: int):
    """For meetings.lifecycle only: let `meeting_id`'s status be saved."""
    return _allowing(_changing_status, meeting_id)


def amendment(meeting_id: int):
    """For the recorded amendment only (reviews.amend): let locked minutes be corrected."""
    return _allowing(_amending, meeting_id)


def _locked_meetings(meeting_ids) -> set[int]:
    """Which of these meetings are locked now (read from the database, not from
    an object that may be stale), less those being amended."""
    ids = {pk for pk in meeting_ids if pk is not None}
    if not ids:
        return set()
    locked = Meeting._base_manager.filter(pk__in=ids, status__in=LOCKED_STATUSES)
    return set(locked.values_list("pk", flat=True)) - _amending.get()


def _refusal(doing: str) -> str:
    return (
        f"These minutes are agreed or cancelled: they cannot be {doing}, "
        "except by a recorded amendment."
    )


def refuse_if_locked(meeting_ids, doing: str = "changed") -> None:
    """Raise MinutesLocked if any of these meetings' minutes are agreed or cancelled."""
    if _locked_meetings(meeting_ids):
        raise MinutesLocked(_refusal(doing))


def refuse_locked_people(sender, instance, action, reverse, model, pk_set, **kwargs):
    """m2m_changed guard for the people attached to a row (a point's speakers, an
    action's owners): part of the record, locked with it. Connected in apps.py."""
    if not action.startswith("pre_"):
        return
    if not reverse:  # point.speakers.set(...): the point's meeting
        type(instance).refuse_if_placed_in_locked([instance])
        return
    # attendee.points_spoken.add(...): the attendee's meeting, and the rows'
    meetings = {instance.meeting_id}
    if pk_set:
        meetings |= model.objects.filter(pk__in=pk_set).meeting_ids()
    refuse_if_locked(meetings)


def set_null_unless_locked(collector, field, sub_objs, using):
    """on_delete for a link from a row of the minutes to something outside them (the
    person on an attendance row): deleting that thing empties the link, as SET_NULL,
    on drafts; the rows of locked minutes protect it (ProtectedError, which the admin
    shows as a refusal), since emptying the link would change what they print."""
    rows = list(sub_objs)
    meeting_of = dict(
        field.model._base_manager.filter(pk__in=[row.pk for row in rows]).values_list(
            "pk", "meeting_id"
        )
    )
    locked = _locked_meetings(set(meeting_of.values()))
    if locked:
        protected = [row for row in rows if meeting_of[row.pk] in locked]
        raise models.ProtectedError(
            f"{protected[0]} is on agreed or cancelled minutes, which cannot change.",
            protected,
        )
    models.SET_NULL(collector, field, rows, using)


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


class MinutesRowQuerySet(BodyScopedQuerySet):
    """Bulk writes of minutes rows meet the same lock as save() and delete()."""

    def meeting_ids(self) -> set[int]:
        return set(self.values_list(self.model.meeting_path, flat=True).distinct())

    def update(self, **kwargs):
        if set(kwargs) - self.model.tracking_fields - {"version"}:
            refuse_if_locked(self.meeting_ids())
        return super().update(**kwargs)

    update.queryset_only = True

    def delete(self):
        refuse_if_locked(self.meeting_ids(), "deleted")
        return super().delete()

    delete.queryset_only = True

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        self.model.refuse_if_placed_in_locked(objs, "added to")
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if set(fields) - self.model.tracking_fields - {"version"}:
            self.model.refuse_if_placed_in_locked(objs)
            refuse_if_locked(self.filter(pk__in=[o.pk for o in objs]).meeting_ids())
        return super().bulk_update(objs, fields, *args, **kwargs)


class LockedRow(models.Model):
    """A row of a meeting's record (attendance, item, point, action, who spoke, who was
    asked, a decision, a declaration): it cannot be added, changed or deleted while its
    meeting is locked, by any path (the editor, the admin, an import, a script), except
    by a recorded amendment."""

    # The lookup from the row to its meeting ("item__meeting"), declared once.
    meeting_path: ClassVar[str]
    # Fields that record what happened after the meeting (an action's progress),
    # not what the minutes say: they may change while the minutes are locked.
    tracking_fields: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._refuse_locked_write(kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    @classmethod
    def parent_attname(cls) -> str:
        """The row's own link on the way to its meeting ("item_id", "meeting_id")."""
        return cls._meta.get_field(cls.meeting_path.partition("__")[0]).attname

    @classmethod
    def from_db(cls, db, field_names, values, *args, **kwargs):
        row = super().from_db(db, field_names, values, *args, **kwargs)
        # Where the row was filed when read: clean() knows an unmoved row without asking.
        attname = cls.parent_attname()
        if attname in field_names:
            row._read_parent = values[field_names.index(attname)]
        return row

    def clean(self):
        # A form that files a row under agreed minutes (the admin's add form, a row
        # moved to another meeting's item) says so, rather than failing on save. A
        # change of a locked row itself is refused on save (and the admin offers none).
        super().clean()
        adding = self._state.adding or self.pk is None
        if not adding and getattr(self, "_read_parent", None) == getattr(
            self, self.parent_attname()
        ):
            return  # not moved since it was read: no other meeting's minutes to check
        placed_in = self.meetings_of([self])
        if not adding:
            placed_in -= self._stored().meeting_ids()  # only a move to another meeting
        if _locked_meetings(placed_in):
            raise ValidationError(
                _("These minutes are agreed or cancelled: nothing can be added to them."),
                code="locked",
            )

    def _refuse_locked_write(self, update_fields=None) -> None:
        if self._state.adding or self.pk is None:
            self.refuse_if_placed_in_locked([self], "added to")
        else:
            self._refuse_locked_change(update_fields)

    def _refuse_locked_change(self, update_fields) -> None:
        fields = [
            f.attname
            for f in self._meta.concrete_fields
            if f.attname not in self.tracking_fields
            and not f.primary_key
            and f.attname != "version"
            and (update_fields is None or f.name in update_fields or f.attname in update_fields)
        ]
        if not fields:
            return
        # The stored row with its meeting and that meeting's status, in one read.
        path, status = self.meeting_path, f"{self.meeting_path}__status"
        stored = self._stored().values(path, status, *fields).first()
        if stored is None:
            return
        old_meeting, old_status = stored.pop(path), stored.pop(status)
        changed = any(getattr(self, name) != value for name, value in stored.items())
        if not changed:
            return
        parent = self.parent_attname()
        if parent in stored and stored[parent] == getattr(self, parent):
            # Not moved: it stays in the meeting just read with it.
            if old_status in LOCKED_STATUSES and old_meeting not in _amending.get():
                raise MinutesLocked(_refusal("changed"))
            return
        refuse_if_locked({old_meeting} | self.meetings_of([self]))

    def delete(self, *args, **kwargs):
        refuse_if_locked(self._stored().meeting_ids() or self.meetings_of([self]), "deleted")
        return super().delete(*args, **kwargs)

    def _stored(self):
        return type(self)._default_manager.filter(pk=self.pk)

    @classmethod
    def meetings_of(cls, rows) -> set[int]:
        """The meetings unsaved or changed rows are placed in, by `meeting_path`: the
        first step read from the rows themselves, the rest from the database."""
        first, _sep, rest = cls.meeting_path.partition("__")
        parent = cls._meta.get_field(first)
        ids = {getattr(row, parent.attname) for row in rows} - {None}
        if not rest or not ids:
            return ids
        related = parent.related_model._base_manager.filter(pk__in=ids)
        return set(related.values_list(rest, flat=True))

    @classmethod
    def refuse_if_placed_in_locked(cls, rows, doing: str = "changed") -> None:
        """refuse_if_locked for the meetings these rows are placed in, in one query
        (an import adds thousands of rows a kind at a time)."""
        first, _sep, rest = cls.meeting_path.partition("__")
        parent = cls._meta.get_field(first)
        ids = {getattr(row, parent.attname) for row in rows} - {None}
        if not rest or not ids:
            refuse_if_locked(ids, doing)
            return
        locked = parent.related_model._base_manager.filter(
            pk__in=ids, **{f"{rest}__status__in": LOCKED_STATUSES}
        )
        if set(locked.values_list(rest, flat=True)) - _amending.get():
            raise MinutesLocked(_refusal(doing))


class MinutesRow(LockedRow, Versioned):
    """A row of the minutes edited live (attendance, item, point, action): locked with
    its meeting, and saved with the version its editor read."""

    class Meta:
        abstract = True


# What the minutes of a meeting are beside its rows: locked with them.
MEETING_RECORD_FIELDS = (
    "body_id",
    "date",
    "start_time",
    "end_time",
    "location",
    "topic",
    "public_count",
    "next_date",
    "next_time",
    "next_venue",
    "no_interests_declared",
)


class MeetingQuerySet(BodyScopedQuerySet):
    def visible_to(self, user):
        from members import permissions

        return permissions.visible_meetings(user, self)

    def update(self, **kwargs):
        if "status" in kwargs:
            raise StatusNotByLifecycle("A meeting's status changes only by meetings.lifecycle.")
        if set(kwargs) - {"version", "updated_at"}:
            refuse_if_locked(set(self.values_list("pk", flat=True)))
        return super().update(**kwargs)

    update.queryset_only = True

    def delete(self):
        refuse_if_locked(set(self.values_list("pk", flat=True)), "deleted")
        return super().delete()

    delete.queryset_only = True

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if any(meeting.status not in INITIAL_STATUSES for meeting in objs):
            raise StatusNotByLifecycle("A new meeting is scheduled or a draft.")
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        if "status" in fields:
            raise StatusNotByLifecycle("A meeting's status changes only by meetings.lifecycle.")
        objs = list(objs)
        refuse_if_locked({meeting.pk for meeting in objs})
        return super().bulk_update(objs, fields, *args, **kwargs)


class Meeting(Versioned):
    """One meeting of a body, and the minutes taken at it."""

    body_path = "body"
    meeting_path = "pk"

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
    # The formal record (committee/): a count, not people; the next meeting as the
    # minutes state it; "None disclosed" under the declarations item.
    public_count = models.PositiveIntegerField(
        _("members of the public present"), null=True, blank=True
    )
    next_date = models.DateField(_("next meeting date"), null=True, blank=True)
    next_time = models.TimeField(_("next meeting time"), null=True, blank=True)
    next_venue = models.CharField(_("next meeting venue"), max_length=300, blank=True)
    no_interests_declared = models.BooleanField(
        _("no interests declared"),
        default=False,
        help_text=_('The minutes record "None disclosed" under the declarations item.'),
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
        indexes = [
            models.Index(fields=["body", "date"], name="meeting_body_date_idx"),
            # The meetings list and the admin's, in pages by date (keyset).
            models.Index(fields=["date", "start_time", "id"], name="meeting_date_time_id_idx"),
        ]

    def __str__(self):
        return f"{self.body.short_name} {self.date:%-d %B %Y}"

    def save(self, *args, **kwargs):
        if self._state.adding:
            if self.status not in INITIAL_STATUSES:
                raise StatusNotByLifecycle(
                    "A new meeting is scheduled or a draft; meetings.lifecycle takes it further."
                )
        else:
            self._refuse_unrecorded_change()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("meetings:detail", args=[self.pk])

    def _refuse_unrecorded_change(self) -> None:
        stored = Meeting._base_manager.filter(pk=self.pk).values("status", *MEETING_RECORD_FIELDS)
        stored = stored.first()
        if stored is None:
            return
        if stored.pop("status") != self.status and self.pk not in _changing_status.get():
            raise StatusNotByLifecycle("A meeting's status changes only by meetings.lifecycle.")
        if any(getattr(self, name) != value for name, value in stored.items()):
            refuse_if_locked({self.pk})

    def delete(self, *args, **kwargs):
        refuse_if_locked({self.pk}, "deleted")
        return super().delete(*args, **kwargs)

    @property
    def is_locked(self) -> bool:
        """Agreed (or cancelled) minutes are no longer edited in place; see reviews.amend."""
        return self.status in LOCKED_STATUSES

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


class Capacity(models.TextChoices):
    """In what capacity someone attended: the printed groups of a formal attendance list."""

    CHAIR = "chair", _("In the Chair")
    VICE_CHAIR = "vice_chair", _("Vice-Chair")
    MEMBER = "member", _("Voting member")
    OBSERVER = "observer", _("Observer")
    CO_OPTED = "co_opted", _("Co-opted member without voting rights")
    OFFICER = "officer", _("Officer")
    ALSO_PRESENT = "also_present", _("Also present")
    ADVISER = "adviser", _("Adviser")
    GUEST = "guest", _("Guest")
    MINUTE_TAKER = "minute_taker", _("Minute-taker")


# Who counts towards the quorum and votes.
VOTING_CAPACITIES = frozenset({Capacity.CHAIR, Capacity.VICE_CHAIR, Capacity.MEMBER})


class Attendance(MinutesRow):
    """A person on a meeting's attendance list, with initials and role as printed that day."""

    meeting_path = "meeting"
    body_path = "meeting__body"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        Person,
        on_delete=set_null_unless_locked,
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
    capacity = models.CharField(
        _("capacity"), max_length=12, choices=Capacity, default=Capacity.MEMBER
    )
    is_minute_taker = models.BooleanField(_("minute-taker"), default=False)
    representing = models.ForeignKey(
        Person,
        on_delete=set_null_unless_locked,
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
    objects = MinutesRowQuerySet.as_manager()
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


class AgendaItem(MinutesRow):
    """A numbered item on a meeting's agenda, with the person or role who leads it."""

    meeting_path = "meeting"
    body_path = "meeting__body"

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
    exempt_paragraphs = models.CharField(
        _("Schedule 12A paragraphs"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(
                r"^[1-7](?:,[1-7])*$", _("Paragraph numbers 1 to 7, separated by commas: 1,2")
            )
        ],
        help_text=_("For an exempt item: the paragraphs of Part 1 of Schedule 12A (1 to 7)."),
    )
    public_interest_test = models.TextField(
        _("public interest test"),
        blank=True,
        help_text=_("Why the public interest in keeping the item exempt outweighs disclosing it."),
    )

    # Made by the editor page for a row it creates: a repeated create (a retry, a
    # double submit) finds the row already made instead of adding a second one.
    client_key = models.UUIDField(_("client key"), null=True, blank=True, editable=False)
    objects = MinutesRowQuerySet.as_manager()
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
            models.CheckConstraint(
                condition=Q(exempt_paragraphs__regex=r"^([1-7](,[1-7])*)?$"),
                name="agenda_item_exempt_paragraphs_1_to_7",
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


class Point(MinutesRow):
    """A paragraph of the minutes under an agenda item, attributed to who spoke."""

    meeting_path = "item__meeting"
    body_path = "item__meeting__body"

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="points", verbose_name=_("agenda item")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(
        _("kind"), max_length=10, choices=PointKind, default=PointKind.DISCUSSION
    )
    text = models.TextField(_("text"))
    speakers = models.ManyToManyField(
        Attendance,
        through="PointSpeaker",
        blank=True,
        related_name="points_spoken",
        verbose_name=_("speakers"),
    )
    confidential = models.BooleanField(
        _("confidential"), default=False, help_text=_("Left out of the public edition.")
    )

    # Speakers (M2M) are not tracked: their initials are in the point's text.
    # Made by the editor page for a row it creates: a repeated create (a retry, a
    # double submit) finds the row already made instead of adding a second one.
    client_key = models.UUIDField(_("client key"), null=True, blank=True, editable=False)
    objects = MinutesRowQuerySet.as_manager()
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


class PointSpeaker(LockedRow):
    """Who spoke to a point: part of the record, locked with it (also when the rows
    are written directly, `PointSpeaker.objects.bulk_create`, as an import does)."""

    meeting_path = "point__item__meeting"
    body_path = "point__item__meeting__body"

    point = models.ForeignKey(Point, on_delete=models.CASCADE)
    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE)

    objects = MinutesRowQuerySet.as_manager()

    class Meta:
        # The table Django made for the field before the row declared its lock.
        db_table = "meetings_point_speakers"
        unique_together = [("point", "attendance")]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self):
        return f"{self.attendance_id} on {self.point_id}"
