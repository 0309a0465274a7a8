from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting, MeetingStatus
from members.models import Body, BodyScopedQuerySet


class Source(models.TextChoices):
    """The row of the minutes a search document stands for."""

    ITEM = "item", _("Agenda item")
    POINT = "point", _("Point")
    ACTION = "action", _("Action")
    NOTE = "note", _("Action note")
    ATTENDANCE = "attendance", _("Attendance")


class Kind(models.TextChoices):
    """What the search filters by kind."""

    ITEM = "item", _("Agenda item")
    POINT = "point", _("Point")
    DECISION = "decision", _("Decision")
    ACTION = "action", _("Action")
    NOTE = "note", _("Action note")
    ATTENDANCE = "attendance", _("Attendance")


class SearchDocument(models.Model):
    """One searchable row of the minutes, kept current on save (search/indexing.py).

    What decides who may find it is copied beside the text (body, meeting, the meeting's
    status, the row's and its item's confidential flags), so the permission filter is a
    test of the row itself, never a scan of every meeting. `status` carries the
    meeting's field name so that `members.permissions`' own rules (`visible_meetings`,
    `PUBLIC`) apply to documents as written; a lifecycle step rewrites its meeting's
    documents' status in one UPDATE (search/indexing.py, `_meeting_saved`).
    """

    body_path = "body"

    source = models.CharField(_("source"), max_length=12, choices=Source)
    object_id = models.PositiveBigIntegerField(_("row id"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    # No index of their own: search_meeting_idx and search_body_date_idx (body first)
    # serve them, and each index is one more write a save of the minutes pays.
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("meeting"),
        db_index=False,
    )
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+", db_index=False)
    date = models.DateField(_("meeting date"))
    status = models.CharField(_("meeting status"), max_length=12, choices=MeetingStatus)
    item_id = models.PositiveBigIntegerField(_("agenda item"), null=True, blank=True)
    item_title = models.CharField(_("item title"), max_length=300, blank=True)
    # " AK/1 Ann Keane MT " : the initials and names of who spoke (or owns the action).
    speakers = models.CharField(_("speakers"), max_length=1000, blank=True)
    text = models.TextField(_("text"))
    confidential = models.BooleanField(_("confidential row"), default=False)
    item_confidential = models.BooleanField(_("confidential item"), default=False)
    # Actions only: open (True) or closed (False).
    action_open = models.BooleanField(_("open action"), null=True, blank=True)
    # PostgreSQL only: the vector (GIN-indexed, migrations 0002, 0007; SQLite searches its
    # FTS5 table), and whether the public edition prints the row (`status` published,
    # nothing confidential, the body publishes its minutes): set by the database's
    # trigger on every write (migration 0007), never by Python; each value of it has
    # its own GIN index, so the permission filter of a public search is the index's.
    vector = SearchVectorField(null=True, editable=False)
    public = models.BooleanField(_("in the public edition"), default=False, editable=False)

    objects = BodyScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["source", "object_id"], name="search_document_unique")
        ]
        indexes = [
            models.Index(fields=["body", "date"], name="search_body_date_idx"),
            models.Index(fields=["meeting"], name="search_meeting_idx"),
            models.Index(fields=["item_id"], name="search_item_idx"),
            # The newest matches first: the window PostgreSQL ranks (backends.RANK_WINDOW).
            models.Index(fields=["-date", "-id"], name="search_newest_idx"),
        ]

    def __str__(self):
        return f"{self.source} {self.object_id}: {self.text[:60]}"

    @property
    def anchor(self) -> str:
        """Where on the meeting page the row is."""
        if self.source == Source.POINT:
            return f"point-{self.object_id}"
        if self.source == Source.ATTENDANCE:
            return "attendance"
        return f"item-{self.item_id}" if self.item_id else ""
