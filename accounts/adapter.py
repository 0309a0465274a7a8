"""Our rules inside allauth: nobody signs up alone, lockouts say how long they last,
every failed sign-in is recorded, and nobody who must use MFA can remove their last method."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError

from accounts import audit, lockouts
from accounts.models import AuditKind
from accounts.policy import SECOND_FACTORS, mfa_required
from iag_portal import emails

MISMATCH = "Your username and password did not match. Please try again."


class AccountAdapter(DefaultAccountAdapter):
    error_messages = DefaultAccountAdapter.error_messages | {
        "username_password_mismatch": MISMATCH,
        "email_password_mismatch": MISMATCH,
    }

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's emails (sign-in codes, resets) as allauth renders them, sent through
        the portal's one email module (one retry, failures logged, never raised)."""
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request)}
            | context,
        )
        emails.send([message], purpose=f"Account email ({template_prefix.rsplit('/', 1)[-1]})")

    def is_open_for_signup(self, request):
        """People join by an officer's invitation, never by signing themselves up."""
        return False

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """Failed sign-ins count per account, however it is named (allauth counts per
        login as typed, which gives "name" and "email" five tries each): every use of
        the key (counting, the lockout, a password reset clearing it) goes through here.
        tests/accounts/test_lockout.py fails if allauth stops calling this."""
        login = credentials.get("email", credentials.get("username", ""))
        return lockouts.account_key(request, login)

    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            login = credentials.get("email", credentials.get("username", ""))
            seconds = lockouts.wait_for_login(request, login)
            audit.record(
                AuditKind.LOCKED_OUT,
                request=request,
                actor=None,
                subject=lockouts.user_for_login(login),
                detail=f"Sign-in as {login!r} refused: locked for {seconds} s",
            )
            raise ValidationError(lockouts.wait_message(seconds), code="locked_out") from None

    def authentication_failed(self, request, **credentials):
        login = credentials.get("email", credentials.get("username", ""))
        audit.record(
            AuditKind.SIGN_IN_FAILED,
            request=request,
            actor=None,
            subject=lockouts.user_for_login(login),
            detail=f"Wrong password for {login!r}",
        )


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator) -> bool:
        """Whoever must use MFA keeps at least one second factor."""
        user = authenticator.user
        if authenticator.type not in SECOND_FACTORS or not mfa_required(user):
            return True
        others = user.authenticator_set.filter(type__in=SECOND_FACTORS).exclude(pk=authenticator.pk)
        return others.exists()
