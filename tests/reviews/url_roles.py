"""The review URLs, walked as every role against the draft `meeting` fixture."""

from django.urls import reverse
from states import move_to
from url_roles import DENIED, OK, ROLES, Route, by_role

from meetings.models import MeetingStatus


def review_url(name):
    return lambda ctx: reverse(f"reviews:{name}", args=[ctx.meeting.pk])


def circulated(name):
    """The URL of the fixture meeting, first put out for review."""

    def build(ctx):
        move_to(ctx.meeting, MeetingStatus.CIRCULATED)
        return reverse(f"reviews:{name}", args=[ctx.meeting.pk])

    return build


# Officers (and superusers) drive the lifecycle of a draft: a 302 back to the page.
OFFICERS_REDIRECT = by_role(DENIED, officer=302, superuser=302)


def correction_url(name):
    """The URL of a member's correction to the circulated fixture meeting."""

    def build(ctx):
        from reviews import services

        services.circulate(meeting=ctx.meeting, by=None)
        correction = services.suggest_correction(
            meeting=ctx.meeting,
            member=ctx.users["member"].person,
            text="It was LH.",
            suggested_text="LH welcomed everyone.",
            point=ctx.meeting.items.order_by("order").first().points.first(),
        )
        return reverse(f"reviews:{name}", args=[ctx.meeting.pk, correction.pk])

    return build


ROUTES = {
    "reviews:archive": Route(dict.fromkeys(ROLES, OK), lambda ctx: reverse("reviews:archive")),
    "reviews:circulate": Route(OFFICERS_REDIRECT, review_url("circulate"), method="post"),
    "reviews:recirculate": Route(OFFICERS_REDIRECT, circulated("recirculate"), method="post"),
    # Reviewing needs a member's person: a superuser without one is refused.
    "reviews:review": Route(by_role(DENIED, member=OK, chair=OK), circulated("review")),
    "reviews:dashboard": Route(
        by_role(DENIED, officer=OK, chair=OK, superuser=OK), circulated("dashboard")
    ),
    "reviews:sign_off": Route(by_role(DENIED, chair=OK, superuser=OK), circulated("sign_off")),
    # Publishing a draft is refused with a message: officers and the chair get it.
    "reviews:publish": Route(
        by_role(DENIED, officer=302, chair=302, superuser=302),
        review_url("publish"),
        method="post",
    ),
    # Withdrawing a draft from publication is refused with a message, as publishing is.
    "reviews:withdraw": Route(
        by_role(DENIED, officer=302, chair=302, superuser=302), review_url("withdraw")
    ),
    # Amending a draft sends the officer back to the page with a message.
    "reviews:amend": Route(OFFICERS_REDIRECT, review_url("amend")),
    "reviews:history": Route(
        by_role(DENIED, officer=OK, chair=OK, member=OK, superuser=OK), review_url("history")
    ),
    "reviews:suggest": Route(by_role(DENIED, member=OK, chair=OK), circulated("suggest")),
    "reviews:accept_correction": Route(
        OFFICERS_REDIRECT, correction_url("accept_correction"), method="post"
    ),
    "reviews:answer_correction": Route(
        OFFICERS_REDIRECT,
        correction_url("answer_correction"),
        method="post",
        data=lambda ctx: {"answer": "Made another way."},
    ),
}
