"""Advice as the pages and printed minutes show it: plain frozen values built in one
place, holding only what the reader may read (publishing.disclosure.advice_shown)."""

import datetime
from dataclasses import dataclass

from advice import services
from advice.models import AdviceStatus


def age_text(days: int) -> str:
    """How long advice has waited, as the minutes would say it."""
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''}"
    if days < 63:
        return f"{days // 7} weeks"
    return f"{days // 30} months"


def update_text(advice, *, on: datetime.date) -> str:
    """Where the advice stood: the response and what will be done, or the outcome."""
    if advice.status is AdviceStatus.AWAITING_RESPONSE:
        text = "Awaiting a response"
        if advice.response_due:
            late = ", overdue" if advice.response_due < on else ""
            text += f" (due {advice.response_due:%-d %b %Y}{late})"
        return text + "."
    text = f"{advice.get_response_display()}."
    if advice.response_plan:
        text += f" {advice.response_plan}"
        if advice.response_plan_by:
            text += f" (by {advice.response_plan_by:%-d %b %Y})"
    if advice.outcome:
        text += f" Outcome: {advice.outcome}"
    return text


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
    """What the meeting's review item shows of earlier advice (two queries)."""
    advice, withheld = services.carried(meeting=meeting, with_confidential=with_confidential)
    return CarriedAdvice(
        rows=tuple(
            CarriedRow(
                pk=row.pk,
                addressee=row.addressee,
                text=row.text,
                raised=row.meeting.date,
                age=age_text((meeting.date - row.meeting.date).days),
                status=row.get_status_display(),
                update=update_text(row, on=meeting.date),
                overdue=row.response_due is not None
                and not row.response
                and row.response_due < meeting.date,
                confidential=row.confidential,
            )
            for row in advice
        ),
        withheld=withheld,
    )
