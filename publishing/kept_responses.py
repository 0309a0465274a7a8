"""The print pages of agreed minutes, answered before the rest of the stack.

Agreed minutes change only by a recorded step, which makes a new version, and
publishing.views already keeps each version's page for each class of reader. So the
first middleware keeps, in each worker's memory, the whole response the full stack made
(its body and every header the security, CSP and clickjacking middlewares set), and
answers the same reader's next request for the same version with it: a few queries
compiled once, no ORM, no template, none of the middlewares below it.

Whose response is kept, and for whom: the public edition, for every anonymous reader
(no session or messages cookie, as publishing.views' reader classes say); either
edition, for one signed-in session only.

What is checked on every request, so nothing stale, withdrawn or no longer allowed is
ever served: the facts the response was decided and rendered on are read again (the
querysets below, which cover every input of publishing.editions' and
members.permissions' decisions, of the MFA middleware's and of the page's key: the
meeting's version, time, status and body, whether the body publishes, and for a
signed-in reader their session, account, memberships, second factors and the bodies'
MFA policies, and today's date, on which memberships start and end), and the kept
response is served only while they are all exactly as they were read before it was
made; anything else goes down the whole stack, which decides again. The host is
validated as Django does and the scheme is part of the key (an https-only site never
made a plain-http page to keep). Each answer has a CSP nonce and a CSRF token of its
own (the CSRF middleware's own hooks make the token and its cookie), in its headers and
page alike. tests/publishing/test_kept_responses.py holds that every table the full
stack's decision reads is among the facts.
"""

import logging
import re
import secrets
from importlib import import_module

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from accounts.models import BodyPolicy
from iag_portal import kept
from iag_portal.compiled import Compiled
from meetings.models import AGREED_STATUSES, Meeting
from members.models import Body, Membership, Person
from publishing.editions import Edition

logger = logging.getLogger(__name__)

# Where a kept response held its request's own values (a NUL: no page can hold one).
NONCE_MARK = "\x00nonce\x00"
CSRF_MARK = "\x00csrf\x00"
# Headers of a kept response that are made anew: its length, and what a 304 leaves out.
BODY_HEADERS = {"content-type", "content-length"}
# The anonymous reader's pages, and each signed-in session's: 64 pages (the demo's are
# 20 KB; a long meeting's a few hundred) at most, the least recently asked forgotten.
_responses = kept.WorkerMemory(64)


# The facts, as querysets the ORM compiles once per worker (iag_portal.compiled).
def _meeting(pk):
    return Meeting.objects.filter(pk=pk).values_list(
        "version", "updated_at", "status", "body_id", "body__publishes_minutes"
    )


# A signed-in reader's: the account (its password hash is what the session's hash is
# checked against), every membership with its dates and the body's officers' setting,
# second factors, and the bodies' MFA policies.
def _account(pk):
    return (
        get_user_model()
        .objects.filter(pk=pk)
        .values_list("password", "is_active", "is_superuser", "username", "first_name", "last_name")
    )


def _memberships(pk):
    return (
        Membership.objects.filter(person__user_id=pk)
        .order_by("pk")
        .values_list(
            "pk", "body_id", "role", "start_date", "end_date", "body__officers_edit_programme"
        )
    )


def _second_factors(pk):
    return Authenticator.objects.filter(user_id=pk).order_by("pk").values_list("type")


def _mfa_policies():
    return (
        BodyPolicy.objects.filter(members_require_mfa=True)
        .order_by("body_id")
        .values_list("body_id")
    )


# The tables those facts read, besides the session's (see the test).
FACT_TABLES = {
    model._meta.db_table
    for model in (Meeting, Body, get_user_model(), Membership, Person, Authenticator, BodyPolicy)
}


def keep(response, nonce: str, csrf_token: str) -> None:
    """Mark a print page as one this reader is shown again while its facts stand (but
    for its nonce and CSRF token): publishing.views does, for a kept page."""
    response.kept_for_reader = (nonce, csrf_token)


def forget() -> None:
    _responses.clear()


def _print_paths() -> list[tuple[re.Pattern, Edition]]:
    """The print views' addresses, as patterns holding the meeting's pk."""
    paths = []
    for edition in Edition:
        sample = re.escape(reverse(f"publishing:{edition}_print", args=[987654321]))
        # ASCII digits only, and the whole address (no trailing newline): what Django's
        # <int:pk> converter takes, so no address it answers 404 is answered here.
        paths.append((re.compile(sample.replace("987654321", "([0-9]{1,18})")), edition))
    return paths


def _match(paths, path: str) -> tuple[int, Edition] | None:
    for pattern, edition in paths:
        if match := pattern.fullmatch(path):
            return int(match[1]), edition
    return None


class KeptEditionMiddleware:
    """First in MIDDLEWARE: what it answers has every header the full stack gave."""

    def __init__(self, get_response):
        # Settings under which a kept answer would skip work the stack does on every
        # request (record the session's activity, save the session, read the CSRF
        # secret from it): then every request goes down the stack.
        if (
            getattr(settings, "USERSESSIONS_TRACK_ACTIVITY", False)
            or settings.SESSION_SAVE_EVERY_REQUEST
            or settings.CSRF_USE_SESSIONS
        ):
            raise MiddlewareNotUsed("kept responses are off under these settings")
        self.get_response = get_response
        self.paths = None
        self.csrf = CsrfViewMiddleware(get_response)
        self.sessions = import_module(settings.SESSION_ENGINE).SessionStore

    def __call__(self, request):
        if self.paths is None:
            self.paths = _print_paths()
        asked = _match(self.paths, request.path)  # reverse()'s, with any script prefix
        if (
            asked is None
            or request.method != "GET"
            or request.META.get("QUERY_STRING")
            or "messages" in request.COOKIES
            or (settings.SECURE_SSL_REDIRECT and not request.is_secure())
        ):
            return self.get_response(request)
        pk, edition = asked
        session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if session_key is None and edition is not Edition.PUBLIC:
            return self.get_response(request)
        try:
            key = (pk, edition, session_key, request.get_host(), request.is_secure())
            now = self._facts(pk, session_key)
        except Exception:  # an unknown host, an odd session: the stack answers as it does
            return self.get_response(request)
        if now is None:
            return self.get_response(request)
        entry = _responses.get(key)
        if entry is not None and entry["facts"] == now:
            return self._answer(request, entry)
        response = self.get_response(request)
        # Kept only if nothing it stands on changed while it was made: facts read before
        # and after the stack, the same (else a change undone later would bring back a
        # response made under it).
        if getattr(response, "kept_for_reader", None) is not None:
            try:
                if self._facts(pk, session_key) == now:
                    self._keep(key, now, response)
            except Exception:  # not kept: the next request goes down the stack again
                logger.warning("A print page was not kept", exc_info=True)
        return response

    def _facts(self, pk: int, session_key: str | None) -> tuple | None:
        """What a kept response stands on, read now; None: nothing to keep or answer."""
        meeting = Compiled("kept:meeting", _meeting, pk).fetch()
        if not meeting or meeting[0][2] not in AGREED_STATUSES:
            return None  # drafts are never kept (publishing.stored.is_record): no more asked
        if session_key is None:
            return (meeting,)
        store = self.sessions(session_key)
        if store.session_key is None:  # not a key Django would look up
            return None
        session = store.load()
        user_id = session.get("_auth_user_id")
        if user_id is None or "_messages" in session:
            return None
        user_id = int(user_id)
        reader = (
            Compiled("kept:account", _account, user_id).fetch(),
            Compiled("kept:memberships", _memberships, user_id).fetch(),
            Compiled("kept:second factors", _second_factors, user_id).fetch(),
            Compiled("kept:mfa policies", _mfa_policies).fetch(),
        )
        return (meeting, session, reader, timezone.localdate())

    @staticmethod
    def _keep(key, now, response) -> None:
        own = getattr(response, "kept_for_reader", None)
        if (
            own is None
            or response.status_code != 200
            or response.streaming
            or set(response.cookies) - {settings.CSRF_COOKIE_NAME}
        ):
            return
        nonce, csrf_token = own
        body = response.content
        if not nonce or nonce.encode() not in body:
            return
        body = body.replace(nonce.encode(), NONCE_MARK.encode())
        if csrf_token:
            if body.count(csrf_token.encode()) != 1:
                return
            body = body.replace(csrf_token.encode(), CSRF_MARK.encode())
        headers = [(name, value.replace(nonce, NONCE_MARK)) for name, value in response.items()]
        if not any(NONCE_MARK in value for _name, value in headers):
            return
        _responses.put(
            key,
            {
                "facts": now,
                "headers": headers,
                "body": body,
                "csrf": bool(csrf_token),
                "etag": response.get("ETag"),
                "last_modified": response.get("Last-Modified"),
            },
        )

    def _answer(self, request, entry):
        response = None
        if entry["etag"]:
            response = get_conditional_response(
                request,
                etag=entry["etag"],
                last_modified=parse_http_date_safe(entry["last_modified"] or ""),
            )
        nonce = secrets.token_urlsafe(16)  # as django.middleware.csp makes one
        if response is None:
            body = entry["body"].replace(NONCE_MARK.encode(), nonce.encode())
            if entry["csrf"]:
                # The CSRF middleware's own steps: this reader's secret (a new one if
                # their cookie is missing or malformed), masked anew, its cookie set.
                self.csrf.process_request(request)
                body = body.replace(CSRF_MARK.encode(), get_token(request).encode())
            response = HttpResponse(body)
            response["Content-Length"] = str(len(body))
            skip = {"content-length"}
        else:
            skip = BODY_HEADERS
        for name, value in entry["headers"]:
            if name.lower() not in skip:
                response[name] = value.replace(NONCE_MARK, nonce)
        if entry["csrf"] and response.status_code == 200:
            self.csrf.process_response(request, response)
        return response
