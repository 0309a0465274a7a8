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


def officers(answer):
    """Editing the minutes: `answer` for officers and superusers, 403 for the rest."""
    return by_role(DENIED, officer=answer, superuser=answer)


def first_item(ctx):
    return ctx.meeting.items.order_by("order").first()


def editor_url(name, *args):
    return lambda ctx: reverse(f"meetings:{name}", args=[ctx.meeting.pk, *args])


def row_url(name, kind):
    def build(ctx):
        row = {
            "item": first_item(ctx),
            "point": first_item(ctx).points.first(),
            "attendance": ctx.meeting.attendance.first(),
        }[kind]
        return reverse(f"meetings:{name}", args=[ctx.meeting.pk, kind, row.pk])

    return build


def item_data(ctx):
    item = first_item(ctx)
    return {
        "version": item.version,
        "number": "1",
        "title": "Welcome",
        "lead": "",
        "state": "discussed",
    }


# Reading a draft meeting: its members, not guests or outsiders.
MEMBERS_READ = by_role(OK, outsider=DENIED, guest=DENIED)
# Changing the minutes: officers (and superusers) only.
OFFICERS_ONLY = by_role(DENIED, officer=OK, superuser=OK)

ROUTES = {
    "home": Route(signed_in(OK), lambda ctx: reverse("home")),
    # One's own email choice: those without a person in a body have none to make.
    "email_preference": Route(
        by_role(302, outsider=DENIED, superuser=DENIED),
        lambda ctx: reverse("email_preference"),
        method="post",
        data=lambda ctx: {"emails": "off"},
    ),
    "login": Route(signed_in(302, anonymous=OK), lambda ctx: reverse("login")),
    "logout": Route(dict.fromkeys(ROLES, 302), lambda ctx: reverse("logout"), method="post"),
    "healthz": Route(dict.fromkeys(ROLES, OK), lambda ctx: reverse("healthz")),
    "meetings:list": Route(signed_in(OK), lambda ctx: reverse("meetings:list")),
    "meetings:detail": Route(
        MEMBERS_READ, lambda ctx: reverse("meetings:detail", args=[ctx.meeting.pk])
    ),
    "meetings:create": Route(officers(OK), lambda ctx: reverse("meetings:create")),
    "meetings:edit": Route(officers(OK), editor_url("edit")),
    "meetings:save_header": Route(
        officers(OK),
        editor_url("save_header"),
        method="post",
        data=lambda ctx: {
            "version": ctx.meeting.version,
            "date": "2022-03-02",
            "start_time": "18:00",
            "location": "Moved",
        },
    ),
    "meetings:editor_state": Route(officers(OK), editor_url("editor_state")),
    "meetings:editor_panels": Route(officers(302), editor_url("editor_panels")),
    "meetings:editor_rows": Route(
        officers(OK), lambda ctx: editor_url("editor_rows")(ctx) + f"?item={first_item(ctx).pk}"
    ),
    "meetings:fill_agenda": Route(
        officers(302),
        editor_url("fill_agenda"),
        method="post",
        data=lambda ctx: {"source": "standard"},
    ),
    "meetings:add_attendee": Route(
        officers(OK),
        editor_url("add_attendee"),
        method="post",
        data=lambda ctx: {"who": "Nobody", "status": "present"},
    ),
    "meetings:add_guest": Route(
        officers(201),
        editor_url("add_guest"),
        method="post",
        data=lambda ctx: {"name": "Mayor", "initials": "MK", "status": "present"},
    ),
    "meetings:row_create": Route(
        officers(201),
        editor_url("row_create", "item"),
        method="post",
        data=lambda ctx: {"title": "AOB", "state": "discussed"},
    ),
    "meetings:row_save": Route(
        officers(OK), row_url("row_save", "item"), method="post", data=item_data
    ),
    "meetings:row_delete": Route(officers(OK), row_url("row_delete", "point"), method="post"),
    "meetings:row_move": Route(
        officers(OK),
        row_url("row_move", "attendance"),
        method="post",
        data=lambda ctx: {"direction": "down"},
    ),
}
