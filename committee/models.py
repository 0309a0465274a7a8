"""The formal committee record kept beside the minutes: how a body groups its
attendance and counts its quorum and minute numbers, the decisions it took and
the interests its members declared (the registers a council's clerk keeps)."""

from fractions import Fraction
from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.models import (
    AgendaItem,
    Attendance,
    Capacity,
    Meeting,
    MinutesRow,
    MinutesRowQuerySet,
    Point,
)
from members.models import Body

# The printed heading and order of each capacity, unless the body sets its own.
DEFAULT_CAPACITIES = {
    Capacity.CHAIR: ("Present", 10),
    Capacity.VICE_CHAIR: ("Present", 20),
    Capacity.MEMBER: ("Present", 30),
    Capacity.OBSERVER: ("Observers", 40),
    Capacity.CO_OPTED: ("Co-opted members without Voting Rights", 50),
    Capacity.OFFICER: ("Officers", 60),
    Capacity.ADVISER: ("Advisers", 70),
    Capacity.GUEST: ("Guests", 80),
    Capacity.ALSO_PRESENT: ("Also Present", 90),
    Capacity.MINUTE_TAKER: ("Minutes", 100),
}
# What the print adds after the name of someone in this capacity.
CAPACITY_SUFFIX = {Capacity.CHAIR: "in the Chair", Capacity.VICE_CHAIR: "Vice-Chair"}


class Numbering(models.TextChoices):
    YEARLY = "yearly", _("Restart every year (the municipal year)")
    CONTINUOUS = "continuous", _("Continuous, never restarted")


class Procedure(models.Model):
    """A body's standing orders as the record needs them: its quorum and how its
    minutes are numbered (the prefix is the body's minute_prefix)."""

    body_path = "body"

    body = models.OneToOneField(
        Body, on_delete=models.CASCADE, related_name="procedure", verbose_name=_("body")
    )
    quorum = models.CharField(
        _("quorum"),
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^(\d+|\d+/\d+)$", _('A number ("5") or a fraction ("1/3").'))],
        help_text=_('Voting members present needed: a number ("5") or a fraction ("1/3").'),
    )
    numbering = models.CharField(
        _("minute numbering"), max_length=12, choices=Numbering, default=Numbering.YEARLY
    )
    year_starts = models.PositiveSmallIntegerField(
        _("numbering year starts in month"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("1-12; the municipal year starts in May (5)."),
    )

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        constraints = [
            models.CheckConstraint(
                condition=Q(year_starts__gte=1, year_starts__lte=12),
                name="procedure_year_starts_is_a_month",
            ),
            models.CheckConstraint(
                condition=Q(quorum__regex=r"^(\d+|\d+/\d+)?$"), name="procedure_quorum_format"
            ),
        ]

    def __str__(self):
        return f"Procedure of {self.body}"

    def needed(self, voting_members: int) -> int | None:
        """How many voting members make the quorum; None when the body sets none."""
        if not self.quorum:
            return None
        if "/" not in self.quorum:
            return int(self.quorum)
        top, bottom = self.quorum.split("/")
        if int(bottom) == 0:
            return None
        share = Fraction(int(top), int(bottom)) * voting_members
        return -(-share.numerator // share.denominator)  # rounded up

    def numbering_year(self, date) -> int:
        """The year a minute number belongs to: 2019 for January 2020 in a May year."""
        if self.numbering == Numbering.CONTINUOUS:
            return 0
        return date.year if date.month >= self.year_starts else date.year - 1


class BodyCapacity(models.Model):
    """How one of a body's capacities is printed: its heading and place on the list."""

    body_path = "body"

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="capacities", verbose_name=_("body")
    )
    capacity = models.CharField(_("capacity"), max_length=12, choices=Capacity)
    heading = models.CharField(_("printed heading"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["body_id", "order", "id"]
        verbose_name = _("capacity")
        verbose_name_plural = _("capacities")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "capacity"],
                name="body_capacity_unique",
                violation_error_message=_("This body already prints this capacity."),
            ),
            models.CheckConstraint(condition=~Q(heading=""), name="body_capacity_has_heading"),
        ]

    def __str__(self):
        return f"{self.body}: {self.heading}"


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    AGREED = "agreed", _("Agreed")
    NOTED = "noted", _("Noted")


class Decision(MinutesRow):
    """A decision of the meeting (a RESOLVED block): its wording is the decision point's
    text; the register adds who moved it and the vote, where given."""

    meeting_path = "point__item__meeting"
    body_path = "point__item__meeting__body"

    point = models.OneToOneField(
        Point, on_delete=models.CASCADE, related_name="decision", verbose_name=_("point")
    )
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome, default=Outcome.RESOLVED
    )
    proposer = models.ForeignKey(
        Attendance,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions_proposed",
        verbose_name=_("proposed by"),
    )
    seconder = models.ForeignKey(
        Attendance,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions_seconded",
        verbose_name=_("seconded by"),
    )
    votes_for = models.PositiveSmallIntegerField(_("for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("against"), null=True, blank=True)
    votes_abstained = models.PositiveSmallIntegerField(_("abstained"), null=True, blank=True)

    objects = MinutesRowQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["point__item__meeting__date", "point__item__order", "point__order"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return self.point.text[:80]

    @property
    def wording(self) -> str:
        return self.point.text

    @property
    def has_vote(self) -> bool:
        return any(
            v is not None for v in (self.votes_for, self.votes_against, self.votes_abstained)
        )

    def vote_text(self) -> str:
        """ "For 7, against 1, abstained 0" as the minutes print it; "" when not recorded."""
        if not self.has_vote:
            return ""
        return (
            f"For {self.votes_for or 0}, against {self.votes_against or 0}, "
            f"abstained {self.votes_abstained or 0}"
        )


class Nature(models.TextChoices):
    PECUNIARY = "pecuniary", _("Disclosable pecuniary interest")
    REGISTRABLE = "registrable", _("Other registrable interest")
    NON_REGISTRABLE = "non_registrable", _("Non-registrable interest")


class Declaration(MinutesRow):
    """An interest an attendee declared at a meeting, in an item."""

    meeting_path: ClassVar[str] = "meeting"
    body_path = "meeting__body"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="declarations", verbose_name=_("meeting")
    )
    attendee = models.ForeignKey(
        Attendance,
        on_delete=models.CASCADE,
        related_name="declarations",
        verbose_name=_("declared by"),
    )
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="declarations",
        verbose_name=_("in item"),
    )
    nature = models.CharField(_("nature"), max_length=16, choices=Nature)
    description = models.CharField(_("interest"), max_length=500)
    left_room = models.BooleanField(_("left the room for the item"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = MinutesRowQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["meeting_id", "order", "id"]
        verbose_name = _("declaration of interest")
        verbose_name_plural = _("declarations of interest")
        constraints = [
            models.CheckConstraint(condition=~Q(description=""), name="declaration_has_text"),
        ]

    def __str__(self):
        return f"{self.attendee}: {self.description[:60]}"

    def sentence(self, reference: str = "") -> str:
        """As the minutes print it."""
        who = self.attendee.name or self.attendee.initials
        where = f" in {reference}" if reference else ""
        left = " and left the room during the item" if self.left_room else ""
        nature = self.get_nature_display().lower()
        article = "an" if nature[0] in "aeiou" else "a"
        return f"{who} declared {article} {nature}{where} ({self.description}){left}."
