from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from accounts.policy import has_second_factor, mfa_required

# What someone who must set up MFA may still open: setting it up, confirming
# who they are on the way, and signing out.
SETUP_VIEWS = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_generate_recovery_codes",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_add_webauthn",
        "mfa_list_webauthn",
        "mfa_reauthenticate",
        "account_reauthenticate",
        "account_request_reauthentication_code",
        "account_confirm_reauthentication_code",
        "account_logout",
        "logout",
        "healthz",
    }
)


SECOND_FACTOR_SEEN = "iag_second_factor_seen"


class MFARequiredMiddleware:
    """Send a user who must use MFA, and has no method yet, to set one up first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in SETUP_VIEWS:
            return None
        # Once this session's user is seen to hold a second factor it is remembered in
        # the session: whoever must use MFA cannot remove their last method
        # (accounts.adapter), so the two queries need not be asked on every request.
        session = getattr(request, "session", None)
        if session is not None and session.get(SECOND_FACTOR_SEEN) == user.pk:
            return None
        if not mfa_required(user):
            return None
        if has_second_factor(user):
            if session is not None:
                session[SECOND_FACTOR_SEEN] = user.pk
            return None
        setup = reverse("mfa_activate_totp")
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = setup
            return response
        messages.warning(
            request,
            "Your role needs two-factor authentication. Set up an authenticator app "
            "(or a passkey) before you continue.",
        )
        return redirect(setup)
