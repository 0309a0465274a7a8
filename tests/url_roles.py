"""The URL walk's table: every named URL, the answer each role gets.

Each area lists its own routes in `tests/<area>/url_roles.py` as
`ROUTES = {"namespace:name": Route(...)}`; `test_urls.py` walks them all and
fails if any named URL of the portal is missing from the tables.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.urls import reverse

ROLES = ("anonymous", "outsider", "guest", "member", "chair", "officer", "superuser")
OK, LOGIN, DENIED, NOT_FOUND, NOT_ALLOWED = 200, "login", 403, 404, 405


@dataclass(frozen=True)
class Route:
    """How to call a URL and what each role gets back.

    `url` builds the address from a namespace with `body`, `meeting` (a draft of
    `body` with a confidential item) and `users` (one per role); it may create
    whatever else it needs. `data` builds the POST body the same way.
    """

    answers: dict
    url: Callable[[SimpleNamespace], str]
    method: str = "get"
    data: Callable[[SimpleNamespace], dict] = field(default=lambda ctx: {})


def signed_in(answer, anonymous=LOGIN):
    """The same answer for every signed-in role; anonymous is sent to sign in."""
    return dict.fromkeys(ROLES, answer) | {"anonymous": anonymous}


def by_role(default, **answers):
    """`default` for every role not named; anonymous is sent to sign in."""
    return dict.fromkeys(ROLES, default) | {"anonymous": LOGIN} | answers


# Reading a draft meeting: its members, not guests or outsiders.
MEMBERS_READ = by_role(OK, outsider=DENIED, guest=DENIED)
# Changing the minutes: officers (and superusers) only.
OFFICERS_ONLY = by_role(DENIED, officer=OK, superuser=OK)

ROUTES = {
    "home": Route(signed_in(302), lambda ctx: reverse("home")),
    "login": Route(signed_in(302, anonymous=OK), lambda ctx: reverse("login")),
    "logout": Route(dict.fromkeys(ROLES, 302), lambda ctx: reverse("logout"), method="post"),
    "healthz": Route(dict.fromkeys(ROLES, OK), lambda ctx: reverse("healthz")),
    "meetings:list": Route(signed_in(OK), lambda ctx: reverse("meetings:list")),
    "meetings:detail": Route(
        MEMBERS_READ, lambda ctx: reverse("meetings:detail", args=[ctx.meeting.pk])
    ),
}
