"""Search, themes, the annual report and open data in the URL walk."""

from django.urls import reverse
from url_roles import DENIED, NOT_FOUND, OK, ROLES, Route, by_role, officers

from themes.models import Theme

EVERYONE = dict.fromkeys(ROLES, OK)
READERS = by_role(OK, outsider=DENIED)
MEMBERS = by_role(OK, outsider=DENIED, guest=DENIED)


def theme(ctx):
    return Theme.objects.get_or_create(body=ctx.body, name="Hate crime")[0]


def point(ctx):
    return ctx.meeting.items.order_by("order").first().points.first()


ROUTES = {
    "search:index": Route(EVERYONE, lambda ctx: reverse("search:index") + "?q=welcomed"),
    "themes:index": Route(READERS, lambda ctx: reverse("themes:index", args=[ctx.body.slug])),
    "themes:detail": Route(
        READERS, lambda ctx: reverse("themes:detail", args=[ctx.body.slug, theme(ctx).pk])
    ),
    "themes:csv": Route(
        READERS, lambda ctx: reverse("themes:csv", args=[ctx.body.slug, theme(ctx).pk])
    ),
    "themes:create": Route(
        officers(OK), lambda ctx: reverse("themes:create", args=[ctx.body.slug])
    ),
    "themes:edit": Route(
        officers(OK), lambda ctx: reverse("themes:edit", args=[ctx.body.slug, theme(ctx).pk])
    ),
    "themes:suggestions": Route(
        officers(OK), lambda ctx: reverse("themes:suggestions", args=[ctx.body.slug])
    ),
    "themes:tag": Route(
        officers(OK),
        lambda ctx: reverse("themes:tag"),
        method="post",
        data=lambda ctx: {
            "kind": "point",
            "row": point(ctx).pk,
            "theme": theme(ctx).pk,
            "on": "on",
        },
    ),
    "themes:report": Route(
        MEMBERS, lambda ctx: reverse("themes:report", args=[ctx.body.slug, 2022])
    ),
    "themes:report_pdf": Route(
        MEMBERS, lambda ctx: reverse("themes:report_pdf", args=[ctx.body.slug, 2022])
    ),
    # Open data: public by design; the walk's body does not publish and its meeting is a draft.
    "opendata:feed": Route(EVERYONE, lambda ctx: reverse("opendata:feed")),
    "opendata:body": Route(
        dict.fromkeys(ROLES, NOT_FOUND), lambda ctx: reverse("opendata:body", args=[ctx.body.slug])
    ),
    "opendata:meeting": Route(
        dict.fromkeys(ROLES, NOT_FOUND),
        lambda ctx: reverse("opendata:meeting", args=[ctx.meeting.pk]),
    ),
}
