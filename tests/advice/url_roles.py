"""The advice area's routes for the URL walk (tests/test_urls.py)."""

from django.urls import reverse
from url_roles import DENIED, OK, Route, by_role, signed_in

from advice.models import Advice

OFFICERS = by_role(DENIED, officer=OK, superuser=OK)
# The ledger's readers: officers, chairs and members, not guests.
LEDGER = by_role(DENIED, officer=OK, chair=OK, member=OK, superuser=OK)
# The advice's readers: the ledger's, and the partner officer (the guest) named to answer it.
READERS = LEDGER | {"guest": OK}
# The response and outcome: officers, chairs and the named partner officer; sent back.
ANSWERERS = by_role(DENIED, officer=302, chair=302, guest=302, superuser=302)
# Guests read the public report of agreed advice; outsiders do not.
PUBLIC_REPORT = by_role(OK, outsider=DENIED)


def walk_advice(ctx, *, responded=False):
    """Advice raised from the draft meeting's open point, to be answered by the guest."""
    point = ctx.meeting.items.get(number="1").points.first()
    existing = Advice.objects.filter(point=point).first()  # the walk may ask twice
    if existing is not None:
        return existing
    advice = Advice.objects.create(
        meeting=ctx.meeting,
        point=point,
        text="Explain stop and search to the youth forum",
        addressee="TVP",
        responder=ctx.users["guest"].person,
    )
    if responded:
        advice.response = "accepted"
        advice.stamp_response(by=None)
        advice.save()
    return advice


def advice_url(name, **kwargs):
    return lambda ctx: reverse(f"advice:{name}", args=[walk_advice(ctx, **kwargs).pk])


def body_url(name, *args):
    return lambda ctx: reverse(f"advice:{name}", args=[ctx.body.slug, *args])


ROUTES = {
    "advice:index": Route(
        signed_in(302) | {"guest": OK, "outsider": OK}, lambda ctx: reverse("advice:index")
    ),
    "advice:raise": Route(
        by_role(DENIED, officer=302, superuser=302),
        lambda ctx: reverse("advice:raise"),
        method="post",
        data=lambda ctx: {"point": ctx.meeting.items.get(number="1").points.first().pk},
    ),
    "advice:to_answer": Route(signed_in(OK), lambda ctx: reverse("advice:to_answer")),
    "advice:meeting": Route(OFFICERS, lambda ctx: reverse("advice:meeting", args=[ctx.meeting.pk])),
    "advice:detail": Route(READERS, advice_url("detail")),
    "advice:edit": Route(OFFICERS, advice_url("edit")),
    "advice:respond": Route(
        ANSWERERS,
        advice_url("respond"),
        method="post",
        data=lambda ctx: {"response": "accepted", "response_plan": "Visit the forum"},
    ),
    "advice:outcome": Route(
        ANSWERERS,
        advice_url("outcome", responded=True),
        method="post",
        data=lambda ctx: {"outcome": "Forum visited in May"},
    ),
    "advice:ledger": Route(LEDGER, body_url("ledger")),
    "advice:ledger_csv": Route(LEDGER, body_url("ledger_csv")),
    "advice:public_report": Route(PUBLIC_REPORT, body_url("public_report", 2022)),
    "advice:public_report_pdf": Route(PUBLIC_REPORT, body_url("public_report_pdf", 2022)),
    "advice:members_report": Route(LEDGER, body_url("members_report", 2022)),
    "advice:members_report_pdf": Route(LEDGER, body_url("members_report_pdf", 2022)),
}
