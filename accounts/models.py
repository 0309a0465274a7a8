import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Body, Membership, Role, validate_initials


class BodyPolicy(models.Model):
    """A body's rules for its accounts and for how long it keeps what it no longer needs."""

    body_path = "body"  # the admin shows an officer their own bodies' policies

    body = models.OneToOneField(
        Body, on_delete=models.CASCADE, related_name="policy", verbose_name=_("body")
    )
    members_require_mfa = models.BooleanField(
        _("members and guests must use two-factor authentication"),
        default=False,
        help_text=_("Officers, chairs and administrators always must."),
    )
    keep_review_comments_years = models.PositiveSmallIntegerField(
        _("keep review comments (years)"),
        null=True,
        blank=True,
        default=6,
        help_text=_("After the minutes are approved. Blank keeps them for ever."),
    )
    keep_import_sources_years = models.PositiveSmallIntegerField(
        _("keep import reports (years)"),
        null=True,
        blank=True,
        default=6,
        help_text=_("The text read from imported files. Blank keeps it for ever."),
    )
    keep_personal_details_years = models.PositiveSmallIntegerField(
        _("keep personal details (years after the last membership)"),
        null=True,
        blank=True,
        default=6,
        help_text=_(
            "Then the person's name, email and login are removed; their initials stay in the "
            "minutes. Blank keeps them for ever. Published minutes are always kept."
        ),
    )

    class Meta:
        verbose_name = _("body policy")
        verbose_name_plural = _("body policies")

    def __str__(self):
        return f"Policy of {self.body}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """An officer's invitation to a person to join their body with a role."""

    body_path = "body"  # the admin shows an officer their own bodies' invitations

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("body")
    )
    email = models.EmailField(_("email"))
    name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.MEMBER)
    position = models.CharField(
        _("position and area"), max_length=200, help_text=_('e.g. "IAG Member", "TVP Inspector"')
    )
    initials = models.CharField(_("initials"), max_length=9, validators=[validate_initials])
    # Only a hash: whoever reads the database cannot accept an invitation.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    membership = models.OneToOneField(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation",
        verbose_name=_("membership"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(fields=["body", "accepted_at"], name="invitation_body_idx")]

    def __str__(self):
        return f"{self.name} <{self.email}> as {self.get_role_display()} of {self.body}"

    @staticmethod
    def new_token() -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, hash_token(token)

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "withdrawn"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    @property
    def is_pending(self) -> bool:
        return self.state == "pending"


class AuditKind(models.TextChoices):
    SIGNED_IN = "signed_in", _("Signed in")
    SIGNED_OUT = "signed_out", _("Signed out")
    SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
    LOCKED_OUT = "locked_out", _("Locked out")
    LOCKOUT_LIFTED = "lockout_lifted", _("Lockout lifted")
    MFA_ADDED = "mfa_added", _("Two-factor method added")
    MFA_REMOVED = "mfa_removed", _("Two-factor method removed")
    MFA_RESET = "mfa_reset", _("Recovery codes regenerated")
    MFA_FAILED = "mfa_failed", _("Failed two-factor code")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset")
    SESSION_ENDED = "session_ended", _("Session ended")
    INVITED = "invited", _("Invitation sent")
    INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
    INVITATION_WITHDRAWN = "invitation_withdrawn", _("Invitation withdrawn")
    ROLE_CHANGED = "role_changed", _("Role changed")
    MEMBERSHIP_ENDED = "membership_ended", _("Membership ended")
    MINUTES_DOWNLOADED = "minutes_downloaded", _("Members' edition downloaded")
    EXPORTED = "exported", _("Export downloaded")
    RETENTION_APPLIED = "retention_applied", _("Retention policy applied")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("The audit trail cannot be changed."), code="audit_immutable")

    def delete(self):
        raise ValidationError(_("The audit trail cannot be deleted."), code="audit_immutable")

    def for_body(self, body_id: int):
        """Events in the body, and the account events of anyone who has been its member."""
        return self.for_bodies([body_id])

    def for_bodies(self, body_ids):
        members = Membership.objects.filter(body_id__in=body_ids).values("person__user")
        return self.filter(models.Q(body_id__in=body_ids) | models.Q(subject_id__in=members))


class AuditEvent(models.Model):
    """One thing that happened to an account or to confidential minutes: who, when, from where.
    Written once, never changed or deleted."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    kind = models.CharField(_("what"), max_length=30, choices=AuditKind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_name = models.CharField(_("by (as recorded)"), max_length=150, blank=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account concerned"),
    )
    body = models.ForeignKey(
        Body,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("body"),
    )
    ip = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        indexes = [
            models.Index(fields=["body", "-at"], name="audit_body_at_idx"),
            models.Index(fields=["subject", "-at"], name="audit_subject_at_idx"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.actor_name}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise ValidationError(_("The audit trail cannot be changed."), code="audit_immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("The audit trail cannot be deleted."), code="audit_immutable")
