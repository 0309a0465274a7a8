from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meetings.models import AgendaItem, Meeting, MeetingStatus, Point
from members.models import Person


class Transition(models.Model):
    """A deliberate change of a meeting's minutes from one state to another."""

    body_path = "meeting__body"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("meeting")
    )
    from_status = models.CharField(_("from"), max_length=12, choices=MeetingStatus)
    to_status = models.CharField(_("to"), max_length=12, choices=MeetingStatus)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="minutes_transitions",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["meeting_id", "at", "id"]
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")

    def __str__(self):
        return f"{self.meeting}: {self.from_status} -> {self.to_status}"

    @property
    def what(self) -> str:
        """What happened to the minutes, as 'Who did what' says it (the lifecycle's words)."""
        from meetings.lifecycle import step_of

        step = step_of(self.from_status, self.to_status)
        return step.done if step else self.get_to_status_display().lower()


class Circulation(models.Model):
    """One sending of the draft minutes to the body's members for review."""

    body_path = "meeting__body"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="circulations", verbose_name=_("meeting")
    )
    number = models.PositiveIntegerField(_("version"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="circulations",
        verbose_name=_("circulated by"),
    )
    at = models.DateTimeField(_("circulated at"), auto_now_add=True)
    note = models.TextField(_("note to members"), blank=True)
    deadline = models.DateField(_("review by"), null=True, blank=True)
    # The minutes' items and points as circulated, so members see what changed since.
    snapshot = models.JSONField(_("minutes as circulated"), default=dict, editable=False)

    class Meta:
        ordering = ["meeting_id", "number"]
        verbose_name = _("circulation")
        verbose_name_plural = _("circulations")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="circulation_unique_number"),
        ]

    def __str__(self):
        return f"{self.meeting}, version {self.number}"


class Recipient(models.Model):
    """A member a circulation was sent to, and whether the email went."""

    body_path = "circulation__meeting__body"

    circulation = models.ForeignKey(
        Circulation,
        on_delete=models.CASCADE,
        related_name="recipients",
        verbose_name=_("circulation"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="circulations_received",
        verbose_name=_("person"),
    )
    email = models.EmailField(_("email"), blank=True)
    sent = models.BooleanField(_("sent"), default=False)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["circulation", "person__name"]
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["circulation", "person"], name="recipient_unique_person"
            ),
        ]

    def __str__(self):
        return f"{self.person} ({'sent' if self.sent else 'not sent'})"


class Decision(models.TextChoices):
    APPROVE = "approve", _("Approved")
    APPROVE_SUBJECT = "subject", _("Approved subject to corrections")
    CORRECTION = "correction", _("Asked for changes")


class Review(models.Model):
    """A member's answer to a circulation: approve, approve subject to their
    corrections, or ask for changes. The corrections are their own rows."""

    body_path = "circulation__meeting__body"

    circulation = models.ForeignKey(
        Circulation,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("circulation"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="minutes_reviews", verbose_name=_("member")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="minutes_reviews",
        verbose_name=_("login"),
    )
    decision = models.CharField(_("decision"), max_length=12, choices=Decision)
    comment = models.TextField(_("comment"), blank=True)
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_comments",
        verbose_name=_("agenda item"),
    )
    point = models.ForeignKey(
        Point,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_comments",
        verbose_name=_("point"),
    )
    at = models.DateTimeField(_("at"), auto_now=True)

    class Meta:
        ordering = ["circulation", "person__name"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["circulation", "person"], name="review_one_per_member_per_circulation"
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.get_decision_display()}"

    @property
    def concerns(self):
        """The point or item the comment is about, if any."""
        return self.point or self.item


class CorrectionState(models.TextChoices):
    OPEN = "open", _("Waiting for the officer")
    ACCEPTED = "accepted", _("Accepted into the minutes")
    ANSWERED = "answered", _("Answered")


class Correction(models.Model):
    """A correction a member suggests to one point or item of a circulated draft, or
    to the minutes as a whole. The one place a member's corrections are kept: it
    stays, whatever the member answers afterwards, until the officer accepts or
    answers it."""

    body_path = "circulation__meeting__body"

    circulation = models.ForeignKey(
        Circulation,
        on_delete=models.CASCADE,
        related_name="corrections",
        verbose_name=_("circulation"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("member")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="corrections",
        verbose_name=_("login"),
    )
    # None: a correction to the minutes as a whole (sent with the member's review).
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("agenda item"),
    )
    point = models.ForeignKey(
        Point,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("point"),
    )
    text = models.TextField(_("what should change"))
    suggested_text = models.TextField(_("suggested wording"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    state = models.CharField(
        _("state"), max_length=10, choices=CorrectionState, default=CorrectionState.OPEN
    )
    answer = models.TextField(_("officer's answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="corrections_answered",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["circulation", "at", "id"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="correction_says_what"),
        ]
        indexes = [models.Index(fields=["circulation", "state"], name="correction_state_idx")]

    def __str__(self):
        return f"{self.person}: {self.text[:60]}"

    @property
    def concerns(self):
        return self.point or self.item

    @property
    def is_open(self) -> bool:
        return self.state == CorrectionState.OPEN


class SignOff(models.Model):
    """The chair's signature on minutes agreed as a correct record."""

    body_path = "meeting__body"

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="sign_off", verbose_name=_("minutes of")
    )
    # The signed line is part of the record: neither the meeting it names nor the
    # signer's account can be deleted from under it (PROTECT), which would silently
    # change what agreed minutes print.
    agreed_at = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="minutes_agreed",
        verbose_name=_("agreed at the meeting of"),
    )
    corrections = models.TextField(_("corrections noted"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="minutes_signed",
        verbose_name=_("signed by"),
    )
    at = models.DateTimeField(_("signed at"), auto_now_add=True)
    # SHA-256 of the canonical rendering of the minutes as signed (reviews.snapshots).
    fingerprint = models.CharField(_("content fingerprint"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")

    def __str__(self):
        return f"{self.meeting} signed off"


class Amendment(models.Model):
    """A correction made to approved minutes, with the officer's reason."""

    body_path = "meeting__body"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="amendments", verbose_name=_("meeting")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="minutes_amendments",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"))
    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("agenda item"),
    )
    point = models.ForeignKey(
        Point,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("point"),
    )
    confidential = models.BooleanField(_("confidential"), default=False)
    old_text = models.TextField(_("old text"))
    new_text = models.TextField(_("new text"))

    class Meta:
        ordering = ["meeting_id", "at", "id"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="amendment_has_reason")]

    def __str__(self):
        return f"{self.meeting} amended: {self.reason[:60]}"
