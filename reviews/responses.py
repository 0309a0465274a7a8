"""What the officer's review dashboard and the sign-off page read of a circulation:
each reviewer's answer and corrections, and whom its email reached. Reading only;
the workflow that writes these is in reviews/services.py."""

from dataclasses import dataclass

from meetings.models import Meeting
from members.models import Membership
from reviews.models import Circulation, Correction, Review
from reviews.services import (
    NO_EMAIL,
    OPTED_OUT,
    REVIEWERS,
    current_members,
    latest_circulation,
    not_emailed_because,
)


@dataclass
class MemberReview:
    """One reviewer's row on the officer's dashboard."""

    membership: Membership
    review: Review | None
    earlier: Review | None
    corrections: tuple[Correction, ...] = ()

    @property
    def state(self) -> str:
        if self.review is None:
            return "none"
        return self.review.decision


def review_table(meeting: Meeting, circulation: Circulation | None) -> list[MemberReview]:
    """Each current reviewer with their answer to `circulation`, their last earlier
    answer and their corrections to the minutes (3 queries)."""
    reviewers = list(current_members(meeting, REVIEWERS))
    reviews = (
        Review.objects.filter(circulation__meeting=meeting)
        .select_related("circulation", "item", "point")
        .order_by("circulation__number")
    )
    latest, earlier = {}, {}
    for review in reviews:
        if circulation is not None and review.circulation_id == circulation.pk:
            latest[review.person_id] = review
        else:
            earlier[review.person_id] = review
    corrections = {}
    for correction in Correction.objects.filter(circulation__meeting=meeting).select_related(
        "item", "point"
    ):
        corrections.setdefault(correction.person_id, []).append(correction)
    return [
        MemberReview(
            m,
            latest.get(m.person_id),
            earlier.get(m.person_id),
            tuple(corrections.get(m.person_id, ())),
        )
        for m in reviewers
    ]


@dataclass(frozen=True)
class Reach:
    """Who a circulation's email reached, and why not the others, in words."""

    emailed: tuple[str, ...]
    no_address: tuple[str, ...]
    opted_out: tuple[str, ...]
    failed: tuple[str, ...]
    sending: tuple[str, ...] = ()  # queued for the task worker, not sent yet

    @property
    def total(self) -> int:
        return len(self.emailed) + len(self.sending) + len(self.not_reached)

    @property
    def not_reached(self) -> tuple[str, ...]:
        return self.no_address + self.opted_out + self.failed

    @property
    def sentence(self) -> str:
        def names(people):
            return ", ".join(people)

        parts = [f"Emailed {len(self.emailed)} of the {self.total} people it was sent to."]
        if self.sending:
            parts.append(
                f"The email to {len(self.sending)} more is on its way (refresh to see it go)."
            )
        if self.no_address:
            parts.append(f"No email address on record for {names(self.no_address)}.")
        if self.opted_out:
            parts.append(f"Asked not to be emailed: {names(self.opted_out)}.")
        if self.failed:
            parts.append(f"The mail server did not take the message for {names(self.failed)}.")
        return " ".join(parts)


def told_of_outcome(meeting: Meeting, outcome: str) -> str:
    """Who the news that the minutes were signed off or published is emailed to, and
    why not the others, in words: the people of the last circulation, as
    notifications.send_outcome picks them (2 queries)."""
    circulation = latest_circulation(meeting)
    if circulation is None:
        return ""
    people = [r.person for r in circulation.recipients.select_related("person")]
    people.sort(key=lambda person: person.name)
    why = {person.pk: not_emailed_because(person) for person in people}
    emailed = [person for person in people if not why[person.pk]]
    parts = [
        f"The news that they are {outcome} is emailed to {len(emailed)} of the "
        f"{len(people)} people they were circulated to."
    ]
    no_address = ", ".join(person.name for person in people if why[person.pk] == NO_EMAIL)
    opted_out = ", ".join(person.name for person in people if why[person.pk] == OPTED_OUT)
    if no_address:
        parts.append(f"No email address on record for {no_address}.")
    if opted_out:
        parts.append(f"Asked not to be emailed: {opted_out}.")
    return " ".join(parts)


def reach(circulation: Circulation) -> Reach:
    """Who was emailed, who has no address, who opted out, whose email failed, whose
    is still queued (1 query)."""
    groups = {"emailed": [], "no_address": [], "opted_out": [], "failed": [], "sending": []}
    for r in circulation.recipients.select_related("person").order_by("person__name"):
        if r.sent:
            key = "emailed"
        elif r.error == OPTED_OUT:
            key = "opted_out"
        elif not r.email:
            key = "no_address"
        elif not r.error:
            key = "sending"
        else:
            key = "failed"
        groups[key].append(r.person.name)
    return Reach(**{key: tuple(value) for key, value in groups.items()})
