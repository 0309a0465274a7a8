"""Workflows on advice: raising it from a point, the police response, the outcome,
and carrying it to every following meeting until it is answered."""

import datetime

from django.db import IntegrityError, transaction

from advice.models import Advice, Response
from meetings.models import Meeting, Point
from publishing import disclosure

DEFAULT_ADDRESSEE = "The police"


class AdviceStateError(ValueError):
    """The advice is not in a state that allows this (an outcome before a response)."""


def default_response_due(*, meeting: Meeting) -> datetime.date | None:
    """A response is due by the body's next meeting, when one is scheduled."""
    following = meeting.next_meeting()
    return following.date if following else None


def must_be_confidential(point: Point) -> bool:
    return point.confidential or point.item.confidential


def raise_advice(
    *,
    point: Point,
    by,
    text: str = "",
    addressee: str = "",
    confidential: bool = False,
    response_due: datetime.date | None = None,
) -> tuple[Advice, bool]:
    """Turn a point into advice, linked to it: (advice, created). A point carries one
    piece of advice, so raising it again returns the one already raised. The text
    defaults to the point's; advice from a confidential point or item is confidential.
    MinutesLocked if the point's minutes are agreed."""
    point = Point.objects.select_related("item__meeting__body").get(pk=point.pk)
    existing = Advice.objects.filter(point=point).first()
    if existing is not None:
        return existing, False
    meeting = point.item.meeting
    try:
        with transaction.atomic():
            advice = Advice.objects.create(
                meeting=meeting,
                point=point,
                text=(text.strip() or point.text.strip()),
                addressee=addressee.strip() or DEFAULT_ADDRESSEE,
                confidential=confidential or must_be_confidential(point),
                response_due=response_due or default_response_due(meeting=meeting),
                raised_by=by,
            )
    except IntegrityError:
        # Two presses of the shortcut at once: the other one raised it.
        return Advice.objects.get(point=point), False
    return advice, True


def _locked(advice: Advice) -> Advice:
    return Advice.objects.select_for_update().select_related("meeting").get(pk=advice.pk)


@transaction.atomic
def record_response(
    *,
    advice: Advice,
    response: str,
    by,
    reasons: str = "",
    plan: str = "",
    plan_by: datetime.date | None = None,
) -> Advice:
    """The organisation's answer: accepted, partly or not, why, what it will do and by
    when. Recording it again replaces it; the history keeps every version."""
    response = Response(response)
    locked = _locked(advice)
    locked.response = response
    locked.response_reasons = reasons.strip()
    locked.response_plan = plan.strip()
    locked.response_plan_by = plan_by
    locked.stamp_response(by=by)
    locked._change_reason = f"Response: {response.label}"
    locked.save()
    return locked


@transaction.atomic
def record_outcome(*, advice: Advice, outcome: str, by, evidence: str = "") -> Advice:
    """What changed, and the evidence for it: the advice is then answered."""
    outcome = outcome.strip()
    if not outcome:
        raise ValueError("An outcome needs some text.")
    locked = _locked(advice)
    if not locked.response:
        raise AdviceStateError("Record the response before the outcome.")
    first = not locked.outcome
    locked.outcome = outcome
    locked.outcome_evidence = evidence.strip()
    locked.stamp_outcome(by=by)
    locked._change_reason = "Outcome recorded" if first else "Outcome changed"
    locked.save()
    return locked


def carried(*, meeting: Meeting, with_confidential: bool = True) -> tuple[list[Advice], int]:
    """Advice raised at the body's earlier meetings that was still open at `meeting`
    (open now, or answered on or after its day), oldest first, with its meeting and
    theme; and how many of them are confidential and not read (`with_confidential`
    False: the public outputs only count them). Two queries."""
    queryset = (
        Advice.objects.filter(meeting.earlier("meeting__"))
        .open_at(meeting.date)
        .select_related("meeting", "theme")
        .order_by("meeting__date", "meeting__start_time", "created_at", "pk")
    )
    shown = list(disclosure.shown_advice(queryset, with_confidential=with_confidential))
    if with_confidential:
        return shown, 0
    return shown, queryset.filter(confidential=True).count()
