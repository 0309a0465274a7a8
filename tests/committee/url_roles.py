"""The committee record's routes for the URL walk (tests/test_urls.py)."""

from django.urls import reverse
from url_roles import DENIED, NOT_FOUND, OK, ROLES, Route, by_role

from committee.models import Declaration
from meetings.models import Attendance

BODY_READERS = by_role(OK, outsider=DENIED)
OFFICERS_ONLY = by_role(DENIED, officer=OK, superuser=OK)
OFFICER_POST = by_role(DENIED, officer=302, superuser=302)
ANYONE = dict.fromkeys(ROLES, OK)


def publishing(ctx):
    ctx.body.publishes_minutes = True
    ctx.body.save(update_fields=["publishes_minutes"])
    return ctx.body.slug


def declaration(ctx):
    attendee = Attendance.objects.create(
        meeting=ctx.meeting, person=ctx.users["member"].person, initials="ME", role="IAG Member"
    )
    return Declaration.objects.create(
        meeting=ctx.meeting,
        attendee=attendee,
        item=ctx.meeting.items.order_by("order").first(),
        nature="registrable",
        description="Trustee of a local charity",
    )


ROUTES = {
    "committee:decisions": Route(
        BODY_READERS, lambda ctx: reverse("committee:decisions", args=[ctx.body.slug])
    ),
    "committee:decisions_csv": Route(
        BODY_READERS, lambda ctx: reverse("committee:decisions_csv", args=[ctx.body.slug])
    ),
    "committee:public_decisions": Route(
        ANYONE, lambda ctx: reverse("committee:public_decisions", args=[publishing(ctx)])
    ),
    "committee:public_decisions_csv": Route(
        ANYONE, lambda ctx: reverse("committee:public_decisions_csv", args=[publishing(ctx)])
    ),
    "committee:declarations": Route(
        BODY_READERS, lambda ctx: reverse("committee:declarations", args=[ctx.body.slug])
    ),
    "committee:person_declarations": Route(
        by_role(OK, outsider=NOT_FOUND),
        lambda ctx: reverse("committee:person_declarations", args=[ctx.users["member"].person.pk]),
    ),
    "committee:add_declaration": Route(
        OFFICERS_ONLY, lambda ctx: reverse("committee:add_declaration", args=[ctx.meeting.pk])
    ),
    "committee:delete_declaration": Route(
        OFFICER_POST,
        lambda ctx: reverse("committee:delete_declaration", args=[declaration(ctx).pk]),
        method="post",
    ),
}
