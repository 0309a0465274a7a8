"""The audit trail: one function writes every event; the receivers below turn
Django's and allauth's account signals into events."""

from allauth.account import signals as account_signals
from allauth.account.adapter import get_adapter
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver

from accounts.models import AuditEvent, AuditKind


def client_ip(request) -> str | None:
    if request is None:
        return None
    try:
        return get_adapter().get_client_ip(request) or None
    except PermissionDenied:  # no address (a test client's force_login): recorded as unknown
        return None


def record(
    kind: AuditKind,
    *,
    request=None,
    actor=None,
    subject=None,
    body=None,
    detail: str = "",
) -> AuditEvent:
    """Write one event. `actor` defaults to the signed-in user; `subject` to the actor."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    actor_name = actor.get_username() if actor is not None else ""
    return AuditEvent.objects.create(
        kind=kind,
        actor=actor,
        actor_name=actor_name,
        subject=subject if subject is not None else actor,
        body=body,
        ip=client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request else "")[:300],
        detail=str(detail)[:500],
    )


def record_download(request, *, meeting, edition: str, what: str) -> None:
    """A download of the minutes; only the members' edition (confidential items) is recorded."""
    if edition != "members":
        return
    record(
        AuditKind.MINUTES_DOWNLOADED,
        request=request,
        body=meeting.body,
        detail=f"{what}, members' edition, of the minutes of {meeting} (meeting {meeting.pk})",
    )


def record_export(request, *, what: str, body=None) -> None:
    record(AuditKind.EXPORTED, request=request, body=body, detail=what)


@receiver(auth_signals.user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    # Signals sent without a request (a script's login) have nothing to record.
    if request is not None:
        record(AuditKind.SIGNED_IN, request=request, actor=user)


@receiver(auth_signals.user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        record(AuditKind.SIGNED_OUT, request=request, actor=user)


@receiver(mfa_signals.authenticator_added)
def _mfa_added(sender, request, user, authenticator, **kwargs):
    record(
        AuditKind.MFA_ADDED, request=request, actor=user, detail=authenticator.get_type_display()
    )


@receiver(mfa_signals.authenticator_removed)
def _mfa_removed(sender, request, user, authenticator, **kwargs):
    record(
        AuditKind.MFA_REMOVED,
        request=request,
        actor=user,
        detail=authenticator.get_type_display(),
    )


@receiver(mfa_signals.authenticator_reset)
def _mfa_reset(sender, request, user, authenticator, **kwargs):
    record(
        AuditKind.MFA_RESET, request=request, actor=user, detail=authenticator.get_type_display()
    )


@receiver(mfa_signals.authentication_failed)
def _mfa_failed(sender, request, user, **kwargs):
    record(AuditKind.MFA_FAILED, request=request, actor=None, subject=user)


@receiver(account_signals.login_code_rejected)
def _wrong_code(sender, request, user, last_attempt, **kwargs):
    detail = "Wrong emailed sign-in code" + (" (last try: code cancelled)" if last_attempt else "")
    record(AuditKind.SIGN_IN_FAILED, request=request, actor=None, subject=user, detail=detail)


@receiver(account_signals.password_changed)
def _password_changed(sender, request, user, **kwargs):
    record(AuditKind.PASSWORD_CHANGED, request=request, actor=user)


@receiver(account_signals.password_reset)
def _password_reset(sender, request, user, **kwargs):
    record(AuditKind.PASSWORD_RESET, request=request, actor=None, subject=user)


def record_membership_saved(request, membership, *, before) -> None:
    """A membership added or changed outside the People page (the Django admin)."""
    person = membership.person
    if before is None:
        kind, detail = (
            AuditKind.ROLE_CHANGED,
            f"{person.name} added as {membership.get_role_display()}",
        )
    elif before.role != membership.role:
        kind = AuditKind.ROLE_CHANGED
        detail = f"{person.name}: {before.get_role_display()} → {membership.get_role_display()}"
    elif before.end_date != membership.end_date and membership.end_date is not None:
        kind, detail = AuditKind.MEMBERSHIP_ENDED, f"{person.name} until {membership.end_date}"
    else:
        return
    record(
        kind, request=request, subject=person.user, body=membership.body, detail=detail + " (admin)"
    )


def record_membership_deleted(request, membership) -> None:
    record(
        AuditKind.MEMBERSHIP_ENDED,
        request=request,
        subject=membership.person.user,
        body=membership.body,
        detail=f"{membership.person.name} ({membership.initials}) deleted (admin)",
    )
