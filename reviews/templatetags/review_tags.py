"""What the meeting page shows about the minutes' review, computed in a fixed
number of queries whatever the size of the minutes."""

from django import template

from meetings.models import MeetingStatus
from members import permissions
from members.permissions import Perm
from reviews import forms, services, snapshots
from reviews.models import Amendment, Decision, Review, SignOff, Transition

register = template.Library()

STEPS = [
    (MeetingStatus.DRAFT, "Draft", "The officer is writing the minutes."),
    (MeetingStatus.CIRCULATED, "Circulated", "Members are reviewing the draft."),
    (MeetingStatus.APPROVED, "Approved", "Agreed as a correct record and signed by the chair."),
    (MeetingStatus.PUBLISHED, "Published", "The public edition is in the public archive."),
]


def lifecycle(meeting) -> list[dict]:
    order = [status for status, _label, _help in STEPS]
    steps = STEPS if meeting.body.publishes_minutes else STEPS[:3]
    here = order.index(meeting.status) if meeting.status in order else -1
    return [
        {
            "status": status,
            "label": label,
            "help": help_text,
            "done": n < here,
            "current": n == here,
        }
        for n, (status, label, help_text) in enumerate(steps)
    ]


@register.simple_tag(takes_context=True)
def review_panel(context, meeting, with_confidential=False):
    """Everything `reviews/_meeting_status.html` shows for this user."""
    user = context["request"].user
    body_id = meeting.body_id
    status = meeting.status

    def can(perm):
        return permissions.can(user, perm, body_id)

    person = getattr(user, "person", None)
    circulated = status == MeetingStatus.CIRCULATED
    panel = {
        "steps": lifecycle(meeting),
        "has_minutes": meeting.has_minutes,
        "can_circulate": status == MeetingStatus.DRAFT and can(Perm.EDIT_MINUTES),
        "can_recirculate": circulated and can(Perm.EDIT_MINUTES),
        "can_review": circulated and can(Perm.REVIEW_MINUTES) and person is not None,
        "can_sign_off": circulated and can(Perm.SIGN_OFF),
        "can_publish": status == MeetingStatus.APPROVED
        and meeting.body.publishes_minutes
        and can(Perm.MANAGE_REVIEWS),
        "can_withdraw": status == MeetingStatus.PUBLISHED and can(Perm.MANAGE_REVIEWS),
        "can_amend": status in {MeetingStatus.APPROVED, MeetingStatus.PUBLISHED}
        and can(Perm.EDIT_MINUTES),
        "can_history": meeting.has_minutes and can(Perm.VIEW_DRAFTS),
        "can_dashboard": can(Perm.MANAGE_REVIEWS) and status != MeetingStatus.SCHEDULED,
        "amendments": list(
            Amendment.objects.filter(meeting=meeting).select_related("by", "item", "point")
        ),
        "sign_off": SignOff.objects.filter(meeting=meeting)
        .select_related("by", "agreed_at")
        .first(),
        "circulate_form": forms.CirculateForm(),
    }
    if can(Perm.VIEW_DRAFTS):
        panel["transitions"] = list(
            Transition.objects.filter(meeting=meeting).select_related("by").order_by("-at")[:10]
        )
    if circulated:
        circulation = services.latest_circulation(meeting)
        panel["circulation"] = circulation
        if panel["can_dashboard"]:
            counts = list(
                Review.objects.filter(circulation=circulation).values_list("decision", flat=True)
            )
            panel["approvals"] = counts.count(Decision.APPROVE)
            panel["corrections"] = counts.count(Decision.CORRECTION)
        if panel["can_review"]:
            mine = list(
                Review.objects.filter(circulation__meeting=meeting, person=person)
                .select_related("circulation", "item", "point")
                .order_by("-circulation__number")[:1]
            )
            last = mine[0] if mine else None
            panel["my_review"] = last if last and last.circulation_id == circulation.pk else None
            if last is not None:
                panel["reviewed_version"] = last.circulation.number
                panel["changes_since"] = snapshots.compare(
                    last.circulation.snapshot,
                    snapshots.snapshot(meeting),
                    with_confidential=with_confidential,
                )
            panel["review_form"] = forms.ReviewForm(
                meeting=meeting, with_confidential=with_confidential
            )
    return panel


@register.simple_tag(takes_context=True)
def previous_minutes_panel(context, meeting):
    """The previous meeting's minutes, seen from `meeting` (the next one): their
    state, the sentence its minutes carry, and the chair's sign-off form."""
    user = context["request"].user
    previous = services.previous_minutes(meeting)
    if previous is None:
        return {}
    signed = SignOff.objects.filter(meeting=previous).select_related("agreed_at", "by").first()
    panel = {
        "previous": previous,
        "sign_off": signed,
        "line": services.previous_minutes_line(meeting),
        "may_read": permissions.can_view_meeting(user, previous),
        "can_sign_off": previous.status == MeetingStatus.CIRCULATED
        and permissions.can(user, Perm.SIGN_OFF, previous.body_id),
    }
    if panel["can_sign_off"]:
        panel["form"] = forms.SignOffForm(meeting=previous, initial={"agreed_at": meeting.pk})
    return panel


@register.filter
def who(user, fallback="someone"):
    """A user's full name, else their username, else `fallback` (a deleted login)."""
    if user is None:
        return fallback
    return user.get_full_name() or user.get_username()


@register.simple_tag
def word_diff(old, new):
    """The word-level difference between two texts, escaped, in <del>/<ins>."""
    return snapshots.word_diff(old, new)
