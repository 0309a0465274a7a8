"""The "You said, we did" report: a body's advice in a year and what came of it, in a
public edition (confidential advice counted, never read) and a members' edition.
One frozen value rendered by the print view and the PDF alike."""

import datetime
from dataclasses import dataclass

from django.db.models import Count

from advice.models import Advice, Response
from meetings.models import AGREED_STATUSES
from publishing import disclosure
from publishing.editions import Edition, marking_for

# The public edition reports the agreed record only: advice of approved or published
# minutes (for the body's readers), or of published minutes only (for the public).
AGREED = AGREED_STATUSES


@dataclass(frozen=True)
class ReportRow:
    raised: datetime.date
    theme: str
    addressee: str
    advised: str
    response: str
    reasons: str
    plan: str
    plan_by: datetime.date | None
    outcome: str
    evidence: str
    status: str


@dataclass(frozen=True)
class Tally:
    label: str
    count: int


@dataclass(frozen=True)
class YouSaidWeDid:
    edition: Edition
    body_name: str
    body_short_name: str
    year: int
    marking: str
    rows: tuple[ReportRow, ...]
    tallies: tuple[Tally, ...]
    total: int
    # Confidential advice in the year: in the public edition only this number.
    confidential: int
    confidential_answered: int
    filename_stem: str
    # The public edition for readers outside the body: published minutes only.
    published_only: bool = False

    @property
    def is_public(self) -> bool:
        return self.edition is Edition.PUBLIC

    @property
    def title(self) -> str:
        edition = "public edition" if self.is_public else "members' edition"
        return f"{self.body_name} - You said, we did - {self.year} ({edition})"

    @property
    def withheld(self) -> int:
        return self.confidential if self.is_public else 0


def advice_of_year(body, year: int, edition: Edition, statuses=AGREED):
    queryset = Advice.objects.filter(meeting__body=body, meeting__date__year=year)
    if edition is Edition.PUBLIC:
        queryset = queryset.filter(meeting__status__in=set(statuses) & AGREED)
    return queryset


def build_report(*, body, year: int, edition: Edition, statuses=AGREED) -> YouSaidWeDid:
    """Three queries whatever the number of pieces of advice. `statuses` narrows the
    public edition to the advice of minutes in those statuses (never beyond AGREED):
    permissions.public_advice_statuses() says which a reader gets."""
    advice = advice_of_year(body, year, edition, statuses)
    groups = (
        advice.values("response", "confidential")
        .annotate(answered=Count("outcome_at"), n=Count("pk"))
        .order_by()
    )
    by_response = dict.fromkeys(["", *Response.values], 0)
    confidential = confidential_answered = 0
    for group in groups:
        by_response[group["response"]] += group["n"]
        if group["confidential"]:
            confidential += group["n"]
            confidential_answered += group["answered"]
    tallies = tuple(Tally(str(label), by_response[value]) for value, label in Response.choices)
    tallies += (Tally("Awaiting a response", by_response[""]),)
    shown = disclosure.shown_advice(advice, with_confidential=edition is Edition.MEMBERS)
    rows = tuple(
        ReportRow(
            raised=row.meeting.date,
            theme=row.theme.name if row.theme else "",
            addressee=row.addressee,
            advised=row.text,
            response=row.get_response_display() if row.response else "Awaiting a response",
            reasons=row.response_reasons,
            plan=row.response_plan,
            plan_by=row.response_plan_by,
            outcome=row.outcome,
            evidence=row.outcome_evidence,
            status=row.get_status_display(),
        )
        for row in shown.select_related("meeting", "theme").order_by(
            "meeting__date", "meeting__start_time", "created_at", "pk"
        )
    )
    return YouSaidWeDid(
        edition=edition,
        body_name=body.name,
        body_short_name=body.short_name,
        year=year,
        marking=marking_for(body, edition),
        rows=rows,
        tallies=tallies,
        total=sum(by_response.values()),
        confidential=confidential,
        confidential_answered=confidential_answered,
        filename_stem=f"{body.slug}-{year}-you-said-we-did-{edition}",
        published_only=edition is Edition.PUBLIC and set(statuses) & AGREED == {"published"},
    )
