"""What the meeting page (and the editor) show about the minutes' review, built by
the view as plain objects in a fixed number of queries, whatever the size of the
minutes or the number of reviewers. What the user may do comes from the lifecycle's
table; what they may read of amendments, from publishing.disclosure."""

import datetime
from dataclasses import dataclass

from meetings import lifecycle
from meetings.models import AGREED_STATUSES, Meeting, MeetingStatus
from members import permissions
from members.permissions import Perm
from publishing import disclosure
from reviews import forms, services, snapshots
from reviews.models import Circulation, Correction, Decision, Review, SignOff, Transition
from reviews.snapshots import Change

PROGRESS = [
    (MeetingStatus.DRAFT, "Draft"),
    (MeetingStatus.CIRCULATED, "Circulated"),
    (MeetingStatus.APPROVED, "Approved"),
    (MeetingStatus.PUBLISHED, "Published"),
]


@dataclass(frozen=True)
class ProgressStep:
    label: str
    done: bool
    current: bool


@dataclass(frozen=True)
class AmendmentLine:
    at: datetime.datetime
    by: object
    reason: str
    shows_text: bool
    of_point: bool
    item_label: str
    item_number: str
    old_text: str
    new_text: str


@dataclass(frozen=True)
class ReviewPanel:
    """Everything templates/reviews/_meeting_status.html shows this user."""

    has_minutes: bool
    steps: tuple[ProgressStep, ...]
    offers: frozenset[str]  # lifecycle steps the user may take now
    can_review: bool
    can_amend: bool
    can_history: bool
    can_dashboard: bool
    amendments: tuple[AmendmentLine, ...]
    sign_off: SignOff | None
    transitions: tuple[Transition, ...]
    circulation: Circulation | None = None
    approvals: int | None = None
    approvals_subject: int | None = None
    change_requests: int | None = None
    corrections: int | None = None  # open corrections waiting for the officer
    my_review: Review | None = None
    reviewed_version: int | None = None
    changes_since: tuple[Change, ...] | None = None
    review_form: forms.ReviewForm | None = None
    circulate_form: forms.CirculateForm | None = None

    @property
    def can_circulate(self) -> bool:
        return "circulate" in self.offers

    @property
    def can_recirculate(self) -> bool:
        return "recirculate" in self.offers

    @property
    def can_sign_off(self) -> bool:
        return "sign_off" in self.offers

    @property
    def can_publish(self) -> bool:
        return "publish" in self.offers

    @property
    def can_withdraw(self) -> bool:
        return "withdraw" in self.offers


def progress(meeting: Meeting) -> tuple[ProgressStep, ...]:
    steps = PROGRESS if meeting.body.publishes_minutes else PROGRESS[:3]
    order = [status for status, _label in steps]
    here = order.index(meeting.status) if meeting.status in order else -1
    return tuple(
        ProgressStep(label, done=n < here, current=n == here)
        for n, (_status, label) in enumerate(steps)
    )


def _amendment_lines(meeting: Meeting, with_confidential: bool) -> tuple[AmendmentLine, ...]:
    amendments = meeting.amendments.select_related("by", "item").order_by("at", "pk")
    return tuple(
        AmendmentLine(
            at=a.at,
            by=a.by,
            reason=disclosure.amendment_reason(a, with_confidential=with_confidential),
            shows_text=disclosure.amendment_text_shown(a, with_confidential=with_confidential),
            of_point=a.point_id is not None,
            item_label=str(a.item),
            item_number=a.item.number,
            old_text=a.old_text,
            new_text=a.new_text,
        )
        for a in amendments
    )


def review_panel(user, meeting: Meeting, *, with_confidential: bool) -> ReviewPanel:
    def can(perm):
        return permissions.can(user, perm, meeting.body_id)

    status = meeting.status
    person = getattr(user, "person", None)
    circulated = status == MeetingStatus.CIRCULATED
    offers = frozenset(step.name for step in lifecycle.offers(user, meeting))
    fields = {
        "has_minutes": meeting.has_minutes,
        "steps": progress(meeting),
        "offers": offers,
        "can_review": circulated and can(Perm.REVIEW_MINUTES) and person is not None,
        "can_amend": status in AGREED_STATUSES and can(Perm.EDIT_MINUTES),
        "can_history": meeting.has_minutes and can(Perm.VIEW_DRAFTS),
        "can_dashboard": can(Perm.MANAGE_REVIEWS) and status != MeetingStatus.SCHEDULED,
        "amendments": _amendment_lines(meeting, with_confidential),
        "sign_off": SignOff.objects.filter(meeting=meeting)
        .select_related("by", "agreed_at")
        .first(),
        "transitions": tuple(
            Transition.objects.filter(meeting=meeting).select_related("by").order_by("-at")[:10]
        )
        if can(Perm.VIEW_DRAFTS)
        else (),
        "circulate_form": forms.CirculateForm() if "circulate" in offers else None,
    }
    if circulated:
        circulation = services.latest_circulation(meeting)
        fields["circulation"] = circulation
        if fields["can_dashboard"]:
            decisions = list(
                Review.objects.filter(circulation=circulation).values_list("decision", flat=True)
            )
            fields["approvals"] = decisions.count(Decision.APPROVE)
            fields["approvals_subject"] = decisions.count(Decision.APPROVE_SUBJECT)
            fields["change_requests"] = decisions.count(Decision.CORRECTION)
            fields["corrections"] = Correction.objects.filter(
                circulation__meeting=meeting, state="open"
            ).count()
        if fields["can_review"]:
            mine = (
                Review.objects.filter(circulation__meeting=meeting, person=person)
                .select_related("circulation", "item", "point")
                .order_by("-circulation__number")
                .first()
            )
            if mine is not None:
                fields["my_review"] = mine if mine.circulation_id == circulation.pk else None
                fields["reviewed_version"] = mine.circulation.number
                fields["changes_since"] = tuple(
                    snapshots.compare(
                        mine.circulation.snapshot,
                        snapshots.snapshot(meeting),
                        with_confidential=with_confidential,
                    )
                )
            fields["review_form"] = forms.ReviewForm(
                meeting=meeting, with_confidential=with_confidential
            )
    return ReviewPanel(**fields)


@dataclass(frozen=True)
class PreviousMinutesPanel:
    """The previous meeting's minutes, seen from the next meeting: their state, the
    sentence these minutes carry about them, and the chair's sign-off form."""

    previous: Meeting | None = None
    sign_off: SignOff | None = None
    line: str = ""
    may_read: bool = False
    can_sign_off: bool = False
    form: forms.SignOffForm | None = None


def previous_minutes_panel(user, meeting: Meeting) -> PreviousMinutesPanel:
    previous = services.previous_minutes(meeting)
    if previous is None:
        return PreviousMinutesPanel()
    can_sign_off = lifecycle.may(user, previous, "sign_off")
    return PreviousMinutesPanel(
        previous=previous,
        sign_off=SignOff.objects.filter(meeting=previous).select_related("agreed_at", "by").first(),
        line=services.previous_minutes_line(meeting),
        may_read=permissions.can_view_meeting(user, previous),
        can_sign_off=can_sign_off,
        form=forms.SignOffForm(meeting=previous, initial={"agreed_at": meeting.pk})
        if can_sign_off
        else None,
    )


# --- Reading the draft: corrections beside the points -------------------------


@dataclass(frozen=True)
class CorrectionLine:
    pk: int
    who: str
    text: str
    suggested_text: str
    state: str
    state_label: str
    answer: str
    mine: bool
    answer_form: forms.AnswerForm | None = None

    @property
    def is_open(self) -> bool:
        return self.state == "open"


@dataclass(frozen=True)
class ReadPoint:
    point: object  # publishing.editions.PrintedPoint
    corrections: tuple[CorrectionLine, ...]
    suggest_form: forms.CorrectionForm | None


@dataclass(frozen=True)
class ReadItem:
    item: object  # publishing.editions.PrintedItem
    points: tuple[ReadPoint, ...]
    corrections: tuple[CorrectionLine, ...]
    suggest_form: forms.CorrectionForm | None


@dataclass(frozen=True)
class ReadingPanel:
    """The minutes as the meeting page lays them out for reading and review: each
    item and point of the edition with the corrections this user may see beside it,
    and the control to suggest one where they may (1 query)."""

    items: tuple[ReadItem, ...]
    can_suggest: bool
    can_answer: bool
    my_corrections: int = 0
    # Corrections to the minutes as a whole (a comment sent with the member's review).
    whole: tuple[CorrectionLine, ...] = ()


def point_readable(user, point) -> bool:
    """A confidential point takes the right to read confidential content."""
    if point.confidential or point.item.confidential:
        return permissions.can(user, Perm.VIEW_CONFIDENTIAL, point.item.meeting.body_id)
    return True


def reading_panel(user, meeting: Meeting, minutes) -> ReadingPanel:
    person = getattr(user, "person", None)
    circulated = meeting.status == MeetingStatus.CIRCULATED
    can_suggest = (
        circulated
        and person is not None
        and permissions.can(user, Perm.REVIEW_MINUTES, meeting.body_id)
    )
    sees_all = permissions.can(user, Perm.MANAGE_REVIEWS, meeting.body_id)
    can_answer = meeting.status in {
        MeetingStatus.DRAFT,
        MeetingStatus.CIRCULATED,
    } and permissions.can(user, Perm.EDIT_MINUTES, meeting.body_id)
    by_point, by_item, whole, mine = {}, {}, [], 0
    if meeting.status in {MeetingStatus.DRAFT, MeetingStatus.CIRCULATED} and (
        sees_all or person is not None
    ):
        corrections = Correction.objects.filter(circulation__meeting=meeting).select_related(
            "person"
        )
        if not sees_all:
            corrections = corrections.filter(person=person)
        for c in corrections.order_by("at", "pk"):
            line = CorrectionLine(
                pk=c.pk,
                who=c.person.name,
                text=c.text,
                suggested_text=c.suggested_text,
                state=c.state,
                state_label=c.get_state_display(),
                answer=c.answer,
                mine=person is not None and c.person_id == person.pk,
                answer_form=forms.AnswerForm(auto_id=f"id_answer{c.pk}_%s")
                if can_answer and c.state == "open"
                else None,
            )
            mine += line.mine and line.is_open
            if c.point_id:
                by_point.setdefault(c.point_id, []).append(line)
            elif c.item_id:
                by_item.setdefault(c.item_id, []).append(line)
            else:
                whole.append(line)

    def suggest_form(kind, pk):
        if not can_suggest or pk is None:
            return None
        return forms.CorrectionForm(
            meeting=meeting, auto_id=f"id_{kind}{pk}_%s", initial={"target": f"{kind}-{pk}"}
        )

    items = tuple(
        ReadItem(
            item=item,
            points=tuple(
                ReadPoint(
                    point=point,
                    corrections=tuple(by_point.get(point.pk, ())),
                    suggest_form=suggest_form("point", point.pk),
                )
                for point in item.points
            ),
            corrections=tuple(by_item.get(item.pk, ())),
            suggest_form=None if item.withheld_note else suggest_form("item", item.pk),
        )
        for item in minutes.items
    )
    return ReadingPanel(
        items=items,
        can_suggest=can_suggest,
        can_answer=can_answer,
        my_corrections=mine,
        whole=tuple(whole),
    )
