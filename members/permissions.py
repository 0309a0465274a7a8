"""Who may do what. Every view, the admin and every queryset of what a user may
see asks this module; nothing else decides.

A user's roles come from their person's current memberships, one role per body.
Superusers may do everything everywhere.
"""

from enum import StrEnum

from django.db.models import Q
from django.utils import timezone

from iag_portal.compiled import Compiled
from members.models import Membership, Role


class Perm(StrEnum):
    VIEW_MEETING = "view_meeting"
    VIEW_DRAFTS = "view_drafts"
    VIEW_CONFIDENTIAL = "view_confidential"
    EDIT_MINUTES = "edit_minutes"
    REVIEW_MINUTES = "review_minutes"
    SIGN_OFF = "sign_off"
    MANAGE_REVIEWS = "manage_reviews"
    MANAGE_PROGRAMME = "manage_programme"
    # Cancel (or reinstate) one meeting not yet held: the chair setting the programme,
    # or the officer who set up a meeting by mistake (issue 15).
    CANCEL_MEETING = "cancel_meeting"
    VIEW_REGISTER = "view_register"
    USE_ADMIN = "use_admin"
    # Invite people, change roles, end memberships, lift lockouts, read the audit trail.
    MANAGE_MEMBERS = "manage_members"
    # Advice and the police response (advice/).
    RAISE_ADVICE = "raise_advice"
    RESPOND_TO_ADVICE = "respond_to_advice"
    RECORD_ADVICE_OUTCOME = "record_advice_outcome"
    VIEW_ADVICE_LEDGER = "view_advice_ledger"
    VIEW_CONFIDENTIAL_ADVICE = "view_confidential_advice"


RULES: dict[Perm, frozenset[Role]] = {
    Perm.VIEW_MEETING: frozenset({Role.OFFICER, Role.CHAIR, Role.MEMBER, Role.GUEST}),
    Perm.VIEW_DRAFTS: frozenset({Role.OFFICER, Role.CHAIR, Role.MEMBER}),
    Perm.VIEW_CONFIDENTIAL: frozenset({Role.OFFICER, Role.CHAIR, Role.MEMBER}),
    Perm.EDIT_MINUTES: frozenset({Role.OFFICER}),
    Perm.REVIEW_MINUTES: frozenset({Role.CHAIR, Role.MEMBER}),
    Perm.SIGN_OFF: frozenset({Role.CHAIR}),
    # Follow the members' reviews, and publish agreed minutes.
    Perm.MANAGE_REVIEWS: frozenset({Role.OFFICER, Role.CHAIR}),
    Perm.MANAGE_PROGRAMME: frozenset({Role.CHAIR}),
    Perm.CANCEL_MEETING: frozenset({Role.OFFICER, Role.CHAIR}),
    Perm.VIEW_REGISTER: frozenset({Role.OFFICER, Role.CHAIR}),
    Perm.USE_ADMIN: frozenset({Role.OFFICER}),
    Perm.MANAGE_MEMBERS: frozenset({Role.OFFICER}),
    # Advice: the officer turns a point into advice; the officer or chair records the
    # police response and the outcome (so may the partner officer the advice names:
    # `may_answer_advice`); members read the ledger, confidential advice included.
    Perm.RAISE_ADVICE: frozenset({Role.OFFICER}),
    Perm.RESPOND_TO_ADVICE: frozenset({Role.OFFICER, Role.CHAIR}),
    Perm.RECORD_ADVICE_OUTCOME: frozenset({Role.OFFICER, Role.CHAIR}),
    Perm.VIEW_ADVICE_LEDGER: frozenset({Role.OFFICER, Role.CHAIR, Role.MEMBER}),
    Perm.VIEW_CONFIDENTIAL_ADVICE: frozenset({Role.OFFICER, Role.CHAIR, Role.MEMBER}),
}


def _current_memberships(user_id: int, on):
    """The user's current memberships with each body's rule for its members' second
    factor (accounts.policy), so that needs no query of its own."""
    return (
        Membership.objects.current(on)
        .filter(person__user_id=user_id)
        .values_list(
            "body_id", "role", "body__officers_edit_programme", "body__policy__members_require_mfa"
        )
    )


def _memberships(user) -> dict[int, tuple[Role, bool]]:
    """{body id: (role, officers_edit_programme)}, read once per request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached = getattr(user, "_iag_memberships", None)
    if cached is None:
        cached, requiring_mfa = {}, set()
        # Asked on every signed-in request: compiled to SQL once per worker.
        memberships = Compiled("memberships", _current_memberships, user.pk, timezone.localdate())
        for body_id, role, officers_edit_programme, members_require_mfa in memberships:
            cached[body_id] = (Role(role), officers_edit_programme)
            if members_require_mfa:
                requiring_mfa.add(body_id)
        user._iag_memberships = cached
        user._iag_bodies_requiring_mfa = frozenset(requiring_mfa)
    return cached


def bodies_requiring_mfa(user) -> frozenset[int]:
    """Ids of the bodies of the user's current memberships whose policy makes every
    member use a second factor (accounts.policy decides what follows from it)."""
    if not _memberships(user):
        return frozenset()
    return user._iag_bodies_requiring_mfa


def body_roles(user) -> dict[int, Role]:
    """{body id: role} for the user's current memberships."""
    return {body_id: role for body_id, (role, _flag) in _memberships(user).items()}


def _allowed(perm: Perm, role: Role, officers_edit_programme: bool) -> bool:
    if perm is Perm.MANAGE_PROGRAMME and role is Role.OFFICER:
        return officers_edit_programme
    return role in RULES[perm]


def can(user, perm: Perm, body_id: int) -> bool:
    """May the user do `perm` in the body with this id?"""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    membership = _memberships(user).get(body_id)
    return membership is not None and _allowed(perm, *membership)


def bodies_where(user, perm: Perm) -> list[int] | None:
    """Ids of the bodies where the user may do `perm`; None means every body."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return None
    return [
        body_id for body_id, membership in _memberships(user).items() if _allowed(perm, *membership)
    ]


def can_anywhere(user, perm: Perm) -> bool:
    bodies = bodies_where(user, perm)
    return bodies is None or bool(bodies)


# Guests read the programme and the minutes once agreed; drafts stay with members.
GUEST_VISIBLE_STATUSES = ("scheduled", "approved", "published", "cancelled")


def can_view_meeting(user, meeting) -> bool:
    if can(user, Perm.VIEW_DRAFTS, meeting.body_id):
        return True
    return can(user, Perm.VIEW_MEETING, meeting.body_id) and (
        meeting.status in GUEST_VISIBLE_STATUSES
    )


def visible_meetings(user, meetings):
    """Narrow a Meeting queryset to what `can_view_meeting` allows."""
    return meetings_visible_in(meetings, *meeting_bodies(user))


def meeting_bodies(user) -> tuple[list[int] | None, list[int]]:
    """The bodies whose every meeting the user may see (None: all of them) and those
    whose meetings they may see once agreed or in the programme: what
    `visible_meetings` narrows by, for a query compiled once (iag_portal.compiled)."""
    all_bodies = bodies_where(user, Perm.VIEW_DRAFTS)
    if all_bodies is None:
        return None, []
    return all_bodies, bodies_where(user, Perm.VIEW_MEETING)


def meetings_visible_in(meetings, all_bodies: list[int] | None, guest_bodies: list[int]):
    """`visible_meetings` for the bodies `meeting_bodies` gives."""
    if all_bodies is None:
        return meetings
    return meetings.filter(
        Q(body_id__in=all_bodies) | Q(body_id__in=guest_bodies, status__in=GUEST_VISIBLE_STATUSES)
    )


# The public may read a meeting's public edition once its minutes are published,
# and only where the body publishes its minutes at all.
PUBLIC = Q(status="published", body__publishes_minutes=True)


def public_meetings(meetings):
    """Narrow a Meeting queryset to those whose public edition anyone may read."""
    return meetings.filter(PUBLIC)


def is_public(meeting) -> bool:
    return meeting.status == "published" and meeting.body.publishes_minutes


# --- Advice (advice/) ----------------------------------------------------------


def public_advice_statuses(user, body) -> tuple[str, ...] | None:
    """The statuses of the meetings whose advice `user` reads in the public edition of
    the body's "You said, we did" report, or None if they may not read it. As with the
    public edition of the minutes: the body's readers (guests too) read the agreed
    record; anyone else, signed in or not, reads what the body has published, where
    it publishes its minutes at all."""
    if can(user, Perm.VIEW_MEETING, body.pk):
        return ("approved", "published")
    if body.publishes_minutes:
        return ("published",)
    return None


def is_named_responder(user, advice) -> bool:
    """The partner officer the advice names to answer it, still a member of its body."""
    person = advice.responder
    return (
        person is not None
        and getattr(user, "is_authenticated", False)
        and person.user_id == user.pk
        and can(user, Perm.VIEW_MEETING, advice.meeting.body_id)
    )


def may_answer_advice(user, advice, perm: Perm) -> bool:
    """May the user record the response (RESPOND_TO_ADVICE) or the outcome
    (RECORD_ADVICE_OUTCOME) of this advice?"""
    return can(user, perm, advice.meeting.body_id) or is_named_responder(user, advice)


def may_read_advice(user, advice) -> bool:
    """The ledger's readers (confidential advice only with VIEW_CONFIDENTIAL_ADVICE),
    and the partner officer named to answer it."""
    body_id = advice.meeting.body_id
    if is_named_responder(user, advice):
        return True
    if not can(user, Perm.VIEW_ADVICE_LEDGER, body_id):
        return False
    return not advice.confidential or can(user, Perm.VIEW_CONFIDENTIAL_ADVICE, body_id)
