"""What each reader may see of the registers: the one place that narrows them.

The members' register holds the decisions of the meetings the reader may see, less
those of exempt items and confidential points for readers without confidential
access; the public register holds only published minutes' non-exempt decisions.
"""

from django.db.models import Q

from committee.models import Decision, Declaration
from meetings.models import Meeting
from members import permissions
from members.permissions import Perm

PUBLIC_DECISION = Q(point__confidential=False, point__item__confidential=False)


def _decisions():
    return Decision.objects.select_related(
        "point__item__meeting__body", "proposer", "seconder"
    ).defer("proposer__note", "seconder__note")


def members_decisions(user, body):
    meetings = Meeting.objects.visible_to(user).filter(body=body)
    decisions = _decisions().filter(point__item__meeting__in=meetings)
    if not permissions.can(user, Perm.VIEW_CONFIDENTIAL, body.pk):
        decisions = decisions.filter(PUBLIC_DECISION)
    return decisions


def public_decisions(body):
    meetings = permissions.public_meetings(Meeting.objects.filter(body=body))
    return _decisions().filter(PUBLIC_DECISION, point__item__meeting__in=meetings)


def filtered(decisions, *, q: str = "", year: int | None = None, outcome: str = ""):
    if q:
        decisions = decisions.filter(point__text__icontains=q)
    if year:
        decisions = decisions.filter(point__item__meeting__date__year=year)
    if outcome:
        decisions = decisions.filter(outcome=outcome)
    return decisions.order_by(
        "-point__item__meeting__date", "point__item__order", "point__order", "pk"
    )


def declarations_seen_by(user):
    """The declarations of the meetings `user` may see; those in exempt items only
    where they have confidential access."""
    meetings = Meeting.objects.visible_to(user)
    declarations = (
        Declaration.objects.filter(meeting__in=meetings)
        .select_related("meeting__body", "attendee__person", "item")
        .defer("attendee__note")
    )
    confidential_bodies = permissions.bodies_where(user, Perm.VIEW_CONFIDENTIAL)
    if confidential_bodies is not None:
        declarations = declarations.filter(
            Q(item__isnull=True)
            | Q(item__confidential=False)
            | Q(meeting__body__in=confidential_bodies)
        )
    return declarations.order_by("-meeting__date", "order", "pk")
