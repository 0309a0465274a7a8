"""The programme's URLs and the answer each role gets (walked by tests/test_urls.py)."""

from django.urls import reverse
from url_roles import DENIED, OK, ROLES, Route, by_role, signed_in


def feed_url(ctx):
    from programme.services import calendar_token

    token = calendar_token(ctx.users["member"]).token
    return reverse("programme:feed", kwargs={"token": token, "slug": ctx.body.slug})


def scheduled_meeting_url(name):
    """The URL for a meeting of the body set but not yet held or started."""

    def build(ctx):
        import datetime

        from meetings.models import Meeting, MeetingStatus

        # get_or_create: a walk that builds several of these URLs shares the meeting.
        meeting, _made = Meeting.objects.get_or_create(
            body=ctx.body,
            date=datetime.date(2022, 9, 7),
            start_time=datetime.time(18, 0),
            defaults={"status": MeetingStatus.SCHEDULED},
        )
        return reverse(f"programme:{name}", args=[meeting.pk])

    return build


ROUTES = {
    "programme:index": Route(signed_in(OK), lambda ctx: reverse("programme:index")),
    "programme:upcoming": Route(signed_in(OK), lambda ctx: reverse("programme:upcoming")),
    "programme:reset_token": Route(
        signed_in(302), lambda ctx: reverse("programme:reset_token"), method="post"
    ),
    # The feed answers to its secret token, not to a session: calendars cannot sign in.
    "programme:feed": Route(dict.fromkeys(ROLES, OK), feed_url),
    "programme:detail": Route(
        by_role(OK, outsider=DENIED),
        lambda ctx: reverse("programme:detail", args=[ctx.body.slug, ctx.meeting.date.year]),
    ),
    "programme:edit": Route(
        by_role(DENIED, chair=OK, superuser=OK),
        lambda ctx: reverse("programme:edit", args=[ctx.body.slug, ctx.meeting.date.year]),
    ),
    # Cancelling is a programme step (the chair; officers where the body allows).
    "programme:cancel_meeting": Route(
        by_role(DENIED, officer=OK, chair=OK, superuser=OK), scheduled_meeting_url("cancel_meeting")
    ),
    # Deleting a meeting made by mistake: the officer who made it, or the chair.
    "programme:delete_meeting": Route(
        by_role(DENIED, officer=OK, chair=OK, superuser=OK), scheduled_meeting_url("delete_meeting")
    ),
}
