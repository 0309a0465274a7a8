"""Advice as the pages and printed minutes show it: plain frozen values built in one
place, holding only what the reader may read (publishing.disclosure.advice_shown)."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from advice import services
from advice.models import Advice, AdviceStatus, Response


def age_text(days: int) -> str:
    """How long advice has waited, as the minutes would say it."""
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''}"
    if days < 63:
        return f"{days // 7} weeks"
    return f"{days // 30} months"


def status_of(state) -> AdviceStatus:
    """The status of an advice or of one of its historical versions."""
    if not state.response:
        return AdviceStatus.AWAITING_RESPONSE
    if not state.outcome:
        return AdviceStatus.AWAITING_OUTCOME
    return AdviceStatus.ANSWERED


def update_text(state, *, on: datetime.date) -> str:
    """Where the advice stood: the response and what will be done, or the outcome.
    `state` is the advice or one of its historical versions."""
    if not state.response:
        text = "Awaiting a response"
        if state.response_due:
            late = ", overdue" if state.response_due < on else ""
            text += f" (due {state.response_due:%-d %b %Y}{late})"
        return text + "."
    text = f"{Response(state.response).label}."
    if state.response_plan:
        text += f" {state.response_plan}"
        if state.response_plan_by:
            text += f" (by {state.response_plan_by:%-d %b %Y})"
    if state.outcome:
        text += f" Outcome: {state.outcome}"
    return text


def as_of(advice, moment: datetime.datetime) -> dict:
    """{advice pk: its version at `moment`, or its first if it was typed in later} (one
    query): agreed minutes print what the advice said then, not what came since."""
    if not advice:
        return {}
    versions = {}
    for version in Advice.history.filter(id__in=[row.pk for row in advice]).order_by(
        "id", "history_date", "history_id"
    ):
        if version.id not in versions or version.history_date <= moment:
            versions[version.id] = version
    return versions


def end_of(day: datetime.date) -> datetime.datetime:
    following = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return min(timezone.make_aware(following), timezone.now())


@dataclass(frozen=True)
class CarriedRow:
    pk: int
    addressee: str
    text: str
    raised: datetime.date
    age: str
    status: str
    update: str
    overdue: bool
    confidential: bool


@dataclass(frozen=True)
class CarriedAdvice:
    """Advice carried to a meeting's "Previous notes/actions" item until it is answered."""

    rows: tuple[CarriedRow, ...]
    # Confidential advice the reader may not read: counted, never shown.
    withheld: int = 0

    @property
    def is_empty(self) -> bool:
        return not self.rows and not self.withheld


def carried_advice(*, meeting, with_confidential: bool) -> CarriedAdvice:
    """What the meeting's review item shows of earlier advice, as it stood at the end of
    the meeting's day (or now, for a meeting still to come): three queries."""
    advice, withheld = services.carried(meeting=meeting, with_confidential=with_confidential)
    then = as_of(advice, end_of(meeting.date))
    rows = []
    for row in advice:
        state = then.get(row.pk, row)
        rows.append(
            CarriedRow(
                pk=row.pk,
                addressee=row.addressee,
                text=row.text,
                raised=row.meeting.date,
                age=age_text((meeting.date - row.meeting.date).days),
                status=str(status_of(state).label),
                update=update_text(state, on=meeting.date),
                overdue=not state.response
                and state.response_due is not None
                and state.response_due < meeting.date,
                confidential=row.confidential,
            )
        )
    return CarriedAdvice(rows=tuple(rows), withheld=withheld)
