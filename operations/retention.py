"""Retention: what each body's policy says may go, found and removed in one place.

Only three things are ever removed, each by its own rule in accounts.BodyPolicy:
review comments, the text kept from imported files, and a former member's
personal details. Minutes themselves (meetings, items, points, attendance as
printed, actions, history, published editions) and the audit trail are kept.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts import audit
from accounts.models import AuditKind, BodyPolicy, Invitation
from imports.models import ImportRecord
from meetings.models import AGREED_STATUSES
from members.models import Membership, Person
from reviews.models import Correction, Decision, Review

# Agreed minutes only: reviews of minutes still being reviewed are never touched.
AGREED = AGREED_STATUSES
# What an import report keeps once its source text goes: counts and facts, no text.
IMPORT_SUMMARY_KEYS = ("source", "date", "style", "existing", "meeting", "dry_run")
REMOVED = "(removed under the retention policy)"


def years_before(today: datetime.date, years: int) -> datetime.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


@dataclass
class Plan:
    """What the policy of one body would remove today."""

    body: object
    review_cutoff: datetime.date | None = None
    import_cutoff: datetime.date | None = None
    personal_cutoff: datetime.date | None = None
    reviews: list = field(default_factory=list)
    corrections: list = field(default_factory=list)
    imports: list = field(default_factory=list)
    people: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.reviews or self.corrections or self.imports or self.people)

    def lines(self) -> list[str]:
        lines = [f"{self.body.name}:"]
        if self.review_cutoff:
            lines.append(
                f"  review comments on agreed minutes of meetings before {self.review_cutoff}: "
                f"{len(self.reviews)}"
            )
            lines += [
                f"    - {review.circulation.meeting}: {review.person.name}, "
                f"{review.get_decision_display().lower()}"
                for review in self.reviews
            ]
            lines.append(f"  corrections suggested to those minutes: {len(self.corrections)}")
            lines += [
                f"    - {c.circulation.meeting}: {c.person.name}, a correction"
                for c in self.corrections
            ]
        if self.import_cutoff:
            lines.append(
                f"  text of files imported before {self.import_cutoff}: {len(self.imports)}"
            )
            lines += [f"    - {record.source_name} ({record.meeting})" for record in self.imports]
        if self.personal_cutoff:
            lines.append(
                "  personal details of people whose last membership ended before "
                f"{self.personal_cutoff}: {len(self.people)}"
            )
            lines += [f"    - {person.name}" for person in self.people]
        return lines


def _reviews(body, cutoff):
    return list(
        Review.objects.filter(
            circulation__meeting__body=body,
            circulation__meeting__date__lt=cutoff,
            circulation__meeting__status__in=AGREED,
        )
        .filter(~Q(comment="") | Q(decision=Decision.CORRECTION))
        .select_related("person", "circulation__meeting")
        .order_by("circulation__meeting__date", "person__name")
    )


def _corrections(body, cutoff):
    """Corrections members suggested to agreed minutes: review comments too."""
    return list(
        Correction.objects.filter(
            circulation__meeting__body=body,
            circulation__meeting__date__lt=cutoff,
            circulation__meeting__status__in=AGREED,
        )
        .select_related("person", "circulation__meeting")
        .order_by("circulation__meeting__date", "person__name")
    )


def _imports(body, cutoff):
    records = ImportRecord.objects.filter(
        meeting__body=body, imported_at__date__lt=cutoff
    ).select_related("meeting")
    return [record for record in records if set(record.report) - set(IMPORT_SUMMARY_KEYS)]


def _former_members(body, policies):
    """People of `body` with no current membership, whose every membership, in every body,
    ended longer ago than that body's policy keeps personal details."""
    today = timezone.localdate()
    candidates = (
        Person.objects.filter(memberships__body=body)
        .exclude(memberships__in=Membership.objects.current())
        .exclude(name=REMOVED)
        .distinct()
        .prefetch_related("memberships")
        .order_by("name")
    )
    people = []
    for person in candidates:
        ends = {}
        for membership in person.memberships.all():
            if membership.end_date is None:
                break
            ends[membership.body_id] = max(
                ends.get(membership.body_id, membership.end_date), membership.end_date
            )
        else:
            keep = [policies.get(body_id) for body_id in ends]
            if all(
                policy is not None
                and policy.keep_personal_details_years is not None
                and end < years_before(today, policy.keep_personal_details_years)
                for policy, end in zip(keep, ends.values(), strict=True)
            ):
                people.append(person)
    return people


def plan(body, policy: BodyPolicy, *, policies: dict, today: datetime.date | None = None) -> Plan:
    today = today or timezone.localdate()
    result = Plan(body=body)
    if policy.keep_review_comments_years is not None:
        result.review_cutoff = years_before(today, policy.keep_review_comments_years)
        result.reviews = _reviews(body, result.review_cutoff)
        result.corrections = _corrections(body, result.review_cutoff)
    if policy.keep_import_sources_years is not None:
        result.import_cutoff = years_before(today, policy.keep_import_sources_years)
        result.imports = _imports(body, result.import_cutoff)
    if policy.keep_personal_details_years is not None:
        result.personal_cutoff = years_before(today, policy.keep_personal_details_years)
        result.people = _former_members(body, policies)
    return result


def _forget_person(person: Person) -> None:
    person.name, person.email, person.organisation = REMOVED, "", ""
    person.save(update_fields=["name", "email", "organisation"])
    _reprint_minutes_naming(person)
    Invitation.objects.filter(membership__person=person).update(
        name=REMOVED, email="removed@invalid"
    )
    user = person.user
    if user is not None:
        from allauth.account.models import EmailAddress
        from allauth.mfa.models import Authenticator
        from allauth.usersessions.models import UserSession

        for session in UserSession.objects.filter(user=user):
            session.end()
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        user.username = f"removed-{user.pk}"
        user.first_name = user.last_name = user.email = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()


def _reprint_minutes_naming(person: Person) -> None:
    """Agreed minutes that printed the person's name (attendance, the chair's signed
    line) are printed again without it: their stored PDF and Word files and cached
    document are of the version before (publishing/stored.py)."""
    from meetings.models import Meeting
    from reviews.services import new_version

    naming = Q(attendance__person=person)
    if person.user_id is not None:
        naming |= Q(sign_off__by_id=person.user_id)
    for meeting in Meeting.objects.filter(naming, status__in=AGREED_STATUSES).distinct():
        new_version(meeting)


@transaction.atomic
def apply(result: Plan) -> None:
    for review in result.reviews:
        if review.decision == Decision.CORRECTION:
            review.delete()
        else:
            Review.objects.filter(pk=review.pk).update(comment="")
    Correction.objects.filter(pk__in=[c.pk for c in result.corrections]).delete()
    for record in result.imports:
        summary = {key: record.report[key] for key in IMPORT_SUMMARY_KEYS if key in record.report}
        summary["source_text_removed"] = timezone.localdate().isoformat()
        ImportRecord.objects.filter(pk=record.pk).update(report=summary)
    for person in result.people:
        _forget_person(person)
    audit.record(
        AuditKind.RETENTION_APPLIED,
        body=result.body,
        detail=(
            f"{len(result.reviews)} review comments, {len(result.imports)} import texts, "
            f"personal details of {len(result.people)} people removed"
        ),
    )


def policies_by_body() -> dict:
    return {policy.body_id: policy for policy in BodyPolicy.objects.select_related("body")}
