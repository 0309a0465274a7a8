"""The actions area's routes for the URL walk (tests/test_urls.py)."""

from django.urls import reverse
from url_roles import DENIED, NOT_FOUND, OK, Route, by_role, signed_in

from actions import exports
from actions.models import Action
from meetings.models import Attendance

OFFICERS_ONLY = by_role(DENIED, officer=OK, superuser=OK)
REGISTER = by_role(DENIED, officer=OK, chair=OK, superuser=OK)
# Notes: the action's owner (the member here) and officers; they are sent back.
OWNER_OR_OFFICER = by_role(DENIED, member=302, officer=302, superuser=302)
OFFICER_POST = by_role(DENIED, officer=302, superuser=302)
# A large register's export: only the one who asked for it, while they may read a register.
OFFICERS_EXPORT = by_role(DENIED, officer=OK, chair=NOT_FOUND, superuser=NOT_FOUND)


def officers_export(ctx):
    """The officer's export of the register, written."""
    export = exports.start_export(user=ctx.users["officer"], query="")
    exports.write_export(export)
    return export


def owned_action(ctx):
    """An open action of the draft meeting, owned by the member."""
    owner = Attendance.objects.create(
        meeting=ctx.meeting, person=ctx.users["member"].person, initials="ME", role="IAG Member"
    )
    action = Action.objects.create(
        item=ctx.meeting.items.get(number="1"), description="Share the case studies"
    )
    action.owners.add(owner)
    return action


def closed_action(ctx):
    action = owned_action(ctx)
    action.set_status("done", by=None)
    action.save()
    return action


ROUTES = {
    "actions:register": Route(REGISTER, lambda ctx: reverse("actions:register")),
    "actions:register_csv": Route(REGISTER, lambda ctx: reverse("actions:register_csv")),
    "actions:export": Route(
        OFFICERS_EXPORT,
        lambda ctx: reverse("actions:export", args=[officers_export(ctx).token]),
    ),
    "actions:export_file": Route(
        OFFICERS_EXPORT,
        lambda ctx: reverse("actions:export_file", args=[officers_export(ctx).token]),
    ),
    "actions:mine": Route(signed_in(OK), lambda ctx: reverse("actions:mine")),
    "actions:matters_arising": Route(
        OFFICERS_ONLY, lambda ctx: reverse("actions:matters_arising", args=[ctx.meeting.pk])
    ),
    "actions:add": Route(OFFICERS_ONLY, lambda ctx: reverse("actions:add", args=[ctx.meeting.pk])),
    "actions:note": Route(
        OWNER_OR_OFFICER,
        lambda ctx: reverse("actions:note", args=[owned_action(ctx).pk]),
        method="post",
        data=lambda ctx: {"text": "Spoke to the families"},
    ),
    "actions:close": Route(
        OFFICER_POST,
        lambda ctx: reverse("actions:close", args=[owned_action(ctx).pk]),
        method="post",
        data=lambda ctx: {"status": "done"},
    ),
    "actions:reopen": Route(
        OFFICER_POST,
        lambda ctx: reverse("actions:reopen", args=[closed_action(ctx).pk]),
        method="post",
    ),
}
