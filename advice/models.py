"""Advice: what a meeting advised an organisation, and what that organisation did about it.

What was advised, to whom and at which meeting is part of the minutes: locked with
them (meetings.models.MinutesRow). The response, the outcome and who answers are
tracked after the minutes are agreed (`Advice.tracking_fields`), and every change
of either is kept in the history.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.models import Meeting, MinutesRow, MinutesRowQuerySet, Point
from members.models import Person


class Response(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


class AdviceStatus(models.TextChoices):
    """Where a piece of advice stands; derived from its response and outcome."""

    AWAITING_RESPONSE = "awaiting_response", _("Awaiting a response")
    AWAITING_OUTCOME = "awaiting_outcome", _("Awaiting the outcome")
    ANSWERED = "answered", _("Answered")


STATUS_FILTERS = {
    AdviceStatus.AWAITING_RESPONSE: Q(response=""),
    AdviceStatus.AWAITING_OUTCOME: ~Q(response="") & Q(outcome=""),
    AdviceStatus.ANSWERED: ~Q(outcome=""),
}


def overdue(today=None) -> Q:
    """No response yet and past its response due date: the one definition."""
    return Q(response="", response_due__lt=today or timezone.localdate())


class AdviceQuerySet(MinutesRowQuerySet):
    def open(self):
        """Carried until answered: without a response or without an outcome."""
        return self.filter(outcome="")

    def open_at(self, day):
        """Still open on `day`: no outcome yet, or one recorded on or after it."""
        return self.filter(Q(outcome_at__isnull=True) | Q(outcome_at__date__gte=day))

    def with_status(self, status: str):
        return self.filter(STATUS_FILTERS[AdviceStatus(status)])

    def overdue(self, today=None):
        return self.filter(overdue(today))

    def answered_by(self, user):
        """Advice the user's person is named to answer (a partner officer)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(responder__user_id=user.pk)

    def visible_to(self, user):
        """What the user may read in the ledger: the advice of bodies whose ledger they
        read (confidential advice only with Perm.VIEW_CONFIDENTIAL_ADVICE there), and the
        advice they are named to answer."""
        from members import permissions
        from members.permissions import Perm

        ledger = permissions.bodies_where(user, Perm.VIEW_ADVICE_LEDGER)
        confidential = permissions.bodies_where(user, Perm.VIEW_CONFIDENTIAL_ADVICE)
        if ledger is None and confidential is None:
            return self
        readable = Q(meeting__body_id__in=ledger) & (
            Q(confidential=False) | Q(meeting__body_id__in=confidential)
        )
        answering = Q(pk__in=Advice.objects.answered_by(user).values("pk"))
        return self.filter(readable | answering)


# The fields that follow the advice after the meeting; everything else is the record.
TRACKING_FIELDS = (
    "theme",
    "responder",
    "response_due",
    "response",
    "response_reasons",
    "response_plan",
    "response_plan_by",
    "responded_at",
    "responded_by",
    "outcome",
    "outcome_evidence",
    "outcome_at",
    "outcome_by",
)


# What the admin shows read-only once the minutes are agreed.
RECORD_FIELDS_LOCKED = ["meeting", "point", "text", "addressee", "confidential"]


class Advice(MinutesRow):
    """A recommendation a meeting made to an organisation, raised from a point of its minutes."""

    meeting_path = "meeting"
    body_path = "meeting__body"
    tracking_fields = frozenset(TRACKING_FIELDS) | frozenset(
        f"{name}_id" for name in ("theme", "responder", "responded_by", "outcome_by")
    )

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="advice", verbose_name=_("meeting")
    )
    point = models.ForeignKey(
        Point,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advice",
        verbose_name=_("raised from point"),
        help_text=_("The point of the minutes where the advice was given."),
    )
    text = models.TextField(_("what was advised"))
    addressee = models.CharField(
        _("advised"),
        max_length=200,
        help_text=_('To whom: "TVP", "Neighbourhood Policing", "the LPA Commander".'),
    )
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Counted in public reports, never shown. Always set for a confidential point."),
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("raised by"),
    )
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True)

    # Tracked after the meeting.
    # The body's themes (themes/): the same list tags points, items, actions and advice.
    theme = models.ForeignKey(
        "themes.Theme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advice",
        verbose_name=_("theme"),
    )
    responder = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advice_to_answer",
        verbose_name=_("answered by"),
        help_text=_("The partner officer named to record the response (a guest login will do)."),
    )
    response_due = models.DateField(_("response due"), null=True, blank=True)
    response = models.CharField(_("response"), max_length=12, choices=Response, blank=True)
    response_reasons = models.TextField(_("reasons"), blank=True)
    response_plan = models.TextField(_("what will be done"), blank=True)
    response_plan_by = models.DateField(_("by when"), null=True, blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("response recorded by"),
    )
    outcome = models.TextField(_("outcome"), blank=True)
    outcome_evidence = models.TextField(_("evidence"), blank=True)
    outcome_at = models.DateTimeField(_("outcome recorded at"), null=True, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("outcome recorded by"),
    )

    objects = AdviceQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["meeting_id", "created_at", "id"]
        verbose_name = _("advice")
        verbose_name_plural = _("advice")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="advice_has_text"),
            models.UniqueConstraint(
                fields=["point"],
                condition=Q(point__isnull=False),
                name="advice_one_per_point",
                violation_error_message=_("This point has already been raised as advice."),
            ),
            models.CheckConstraint(condition=~Q(addressee=""), name="advice_has_addressee"),
            models.CheckConstraint(
                condition=Q(response="", responded_at__isnull=True)
                | (~Q(response="") & Q(responded_at__isnull=False)),
                name="advice_response_stamped",
                violation_error_message=_("A response needs the time it was recorded."),
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | ~Q(response=""),
                name="advice_outcome_after_response",
                violation_error_message=_("Record the response before the outcome."),
            ),
            models.CheckConstraint(
                condition=Q(outcome="", outcome_at__isnull=True)
                | (~Q(outcome="") & Q(outcome_at__isnull=False)),
                name="advice_outcome_stamped",
                violation_error_message=_("An outcome needs the time it was recorded."),
            ),
        ]
        indexes = [
            models.Index(fields=["outcome_at", "response_due"], name="advice_open_due_idx"),
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return reverse("advice:detail", args=[self.pk])

    @property
    def status(self) -> AdviceStatus:
        if not self.response:
            return AdviceStatus.AWAITING_RESPONSE
        if not self.outcome:
            return AdviceStatus.AWAITING_OUTCOME
        return AdviceStatus.ANSWERED

    def get_status_display(self) -> str:
        return str(self.status.label)

    def stamp_response(self, *, by) -> None:
        """Who recorded the response, and when (cleared with it)."""
        if self.response:
            self.responded_at, self.responded_by = timezone.now(), by
        else:
            self.responded_at = self.responded_by = None

    def stamp_outcome(self, *, by) -> None:
        if not self.outcome:
            self.outcome_at = self.outcome_by = None
        elif self.outcome_at is None:
            self.outcome_at, self.outcome_by = timezone.now(), by

    def clean(self):
        super().clean()
        if self.point_id and not self.confidential:
            point = self.point
            if point.confidential or point.item.confidential:
                raise ValidationError(
                    {
                        "confidential": ValidationError(
                            _("Advice raised from a confidential point is confidential."),
                            code="must_be_confidential",
                        )
                    }
                )

    @property
    def is_overdue(self) -> bool:
        return (
            not self.response
            and self.response_due is not None
            and self.response_due < timezone.localdate()
        )
