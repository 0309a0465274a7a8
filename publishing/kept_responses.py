"""The public edition of published minutes, answered before the rest of the stack.

Published minutes change only by a recorded step, which makes a new version, and every
anonymous reader is shown the same page of a version (publishing.views keeps it per
version already). So the first middleware keeps, in each worker's memory, the whole
response the full stack made for an anonymous reader (its body and every header the
security, CSP and clickjacking middlewares set), and answers the next anonymous reader
of the same version with it: one query, no session, no ORM, no template.

What is checked on every request, so nothing stale or unpublished is ever served:
- the reader is anonymous (no session or messages cookie; the same test as
  publishing.views' reader class) and asks a plain GET with no query;
- one query reads the facts the page was decided and rendered on (the meeting's version,
  its time, its status and whether its body publishes: the inputs of
  members.permissions.is_public and of the page's key): a kept response is served only
  while they are all exactly as they were read before the page was made, so any
  amendment, withdrawal or change of the body's publishing means a miss and the full
  stack decides again;
- the host is validated as Django does, and the scheme is part of the key (an https-only
  site never made a plain-http page to keep).
Each answer is given a CSP nonce of its own, in its header and page alike.
"""

import re
import secrets

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from iag_portal import kept
from meetings.models import Meeting
from publishing.editions import Edition

# Where a kept response held its nonce (a NUL: no page of the portal can hold one).
NONCE_MARK = "\x00nonce\x00"
# Headers of a kept response that are made anew: its length, and what a 304 leaves out.
BODY_HEADERS = {"content-type", "content-length"}
_responses = kept.WorkerMemory(64)
_facts_sql: str | None = None


def _public_print_path():
    """The public print view's address, as a pattern with the meeting's pk in it."""
    sample = reverse(f"publishing:{Edition.PUBLIC}_print", args=[987654321])
    return re.compile("^" + re.escape(sample).replace("987654321", r"(\d{1,18})") + "$")


def facts(pk: int) -> tuple | None:
    """The facts a kept page of meeting `pk` stands on, in one query compiled once per
    worker (the ORM's own SQL, run with this meeting's pk)."""
    global _facts_sql
    if _facts_sql is None:
        query = Meeting.objects.filter(pk=0).values_list(
            "version", "updated_at", "status", "body__publishes_minutes"
        )
        _facts_sql = query.query.sql_with_params()[0]
    with connection.cursor() as cursor:
        cursor.execute(_facts_sql, [pk])
        return cursor.fetchone()


def keep(response, nonce: str) -> None:
    """Mark a response of publishing.views as one every anonymous reader of this version
    is shown (but for its nonce): the middleware keeps it."""
    response.kept_for_anonymous = nonce


def forget() -> None:
    _responses.clear()


class KeptPublicEditionMiddleware:
    """First in MIDDLEWARE: what it answers has every header the full stack gave."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.path = None

    def __call__(self, request):
        if self.path is None:
            self.path = _public_print_path()
        match = self.path.match(request.path_info)
        if match is None or not self._anonymous_plain_get(request):
            return self.get_response(request)
        key = (int(match[1]), request.get_host(), request.is_secure())
        now = facts(key[0])
        entry = _responses.get(key)
        if entry is not None and now is not None and entry["facts"] == now:
            return self._answer(request, entry)
        response = self.get_response(request)
        if now is not None:
            self._keep(key, now, response)
        return response

    @staticmethod
    def _anonymous_plain_get(request) -> bool:
        cookies = request.COOKIES
        return (
            request.method == "GET"
            and not request.META.get("QUERY_STRING")
            and settings.SESSION_COOKIE_NAME not in cookies
            and "messages" not in cookies
        )

    @staticmethod
    def _keep(key, now, response) -> None:
        nonce = getattr(response, "kept_for_anonymous", None)
        if (
            not nonce
            or response.status_code != 200
            or response.streaming
            or response.cookies
            or not response.has_header("ETag")
        ):
            return
        body = response.content
        if nonce.encode() not in body:
            return
        headers = [(name, value.replace(nonce, NONCE_MARK)) for name, value in response.items()]
        if not any(NONCE_MARK in value for _name, value in headers):
            return
        _responses.put(
            key,
            {
                "facts": now,
                "headers": headers,
                "body": body.replace(nonce.encode(), NONCE_MARK.encode()),
                "etag": response["ETag"],
                "last_modified": response.get("Last-Modified"),
            },
        )

    @staticmethod
    def _answer(request, entry):
        nonce = secrets.token_urlsafe(16)  # as django.middleware.csp makes one
        last_modified = parse_http_date_safe(entry["last_modified"] or "")
        response = get_conditional_response(
            request, etag=entry["etag"], last_modified=last_modified
        )
        if response is None:
            response = HttpResponse(entry["body"].replace(NONCE_MARK.encode(), nonce.encode()))
            response["Content-Length"] = str(len(response.content))
            skip = {"content-length"}
        else:
            skip = BODY_HEADERS
        for name, value in entry["headers"]:
            if name.lower() not in skip:
                response[name] = value.replace(NONCE_MARK, nonce)
        return response
