"""Invitations and memberships: the officer's weekly work without a superuser."""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts import audit
from accounts.models import AuditKind, Invitation, hash_token
from iag_portal import emails, links
from members.models import Membership, Person, Role

INVITATION_DAYS = 14


class InvitationError(Exception):
    """The invitation cannot be used: expired, withdrawn or already accepted."""


def invitation_email(invitation: Invitation, token: str, site: str = "") -> EmailMessage:
    url = links.absolute(reverse("accounts:accept", args=[token]), site)
    context = {"invitation": invitation, "url": url, "days": INVITATION_DAYS}
    return EmailMessage(
        subject=render_to_string("accounts/email/invitation_subject.txt", context).strip(),
        body=render_to_string("accounts/email/invitation_message.txt", context),
        to=[invitation.email],
    )


@transaction.atomic
def invite(
    *, body, email: str, name: str, role: Role, position: str, initials: str, by, request=None
):
    """Record an invitation and email its one-time link. Returns the invitation."""
    token, token_hash = Invitation.new_token()
    invitation = Invitation.objects.create(
        body=body,
        email=email.strip().lower(),
        name=name.strip(),
        role=role,
        position=position.strip(),
        initials=initials.strip(),
        token_hash=token_hash,
        invited_by=by,
        expires_at=timezone.now() + datetime.timedelta(days=INVITATION_DAYS),
    )
    audit.record(
        AuditKind.INVITED,
        request=request,
        actor=by,
        subject=None,
        body=body,
        detail=f"{invitation.name} <{invitation.email}> as {invitation.get_role_display()}",
    )
    message = invitation_email(
        invitation, token, links.site_of(request) if request is not None else ""
    )
    transaction.on_commit(lambda: emails.send([message], purpose=f"Invitation {invitation.pk}"))
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    return Invitation.objects.select_related("body").filter(token_hash=hash_token(token)).first()


def existing_user_for(invitation: Invitation):
    return (
        get_user_model()
        .objects.filter(is_active=True, email__iexact=invitation.email)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def accept(
    *,
    invitation: Invitation,
    user=None,
    username: str = "",
    password: str | None = None,
    request=None,
):
    """Give the invited person exactly the role the invitation names, in its body only.

    `user` is an existing account (signed in); otherwise one is made with `username`
    and `password` (None: no password, the person signs in by emailed code).
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise InvitationError(f"This invitation is {invitation.state}.")
    if user is None:
        user = get_user_model().objects.create_user(
            username=username, email=invitation.email, password=password
        )
        if password is None:
            user.set_unusable_password()
            user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=invitation.email, defaults={"verified": True, "primary": True}
    )
    person = Person.objects.filter(user=user).first()
    if person is None:
        person = Person.objects.create(name=invitation.name, email=invitation.email, user=user)
    if Membership.objects.current().filter(body=invitation.body, person=person).exists():
        raise InvitationError(f"You are already a member of {invitation.body}.")
    membership = Membership(
        body=invitation.body,
        person=person,
        role=invitation.role,
        position=invitation.position,
        initials=invitation.initials,
        start_date=timezone.localdate(),
    )
    membership.full_clean()
    membership.save()
    invitation.accepted_at = timezone.now()
    invitation.membership = membership
    invitation.save(update_fields=["accepted_at", "membership"])
    audit.record(
        AuditKind.INVITATION_ACCEPTED,
        request=request,
        actor=user,
        body=invitation.body,
        detail=f"{person.name} joined as {membership.get_role_display()} ({membership.initials})",
    )
    return user


def withdraw(*, invitation: Invitation, by, request=None) -> None:
    if not invitation.is_pending:
        raise InvitationError(f"This invitation is {invitation.state}.")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(
        AuditKind.INVITATION_WITHDRAWN,
        request=request,
        actor=by,
        subject=None,
        body=invitation.body,
        detail=f"{invitation.name} <{invitation.email}>",
    )


@transaction.atomic
def change_role(*, membership: Membership, role: Role, by, request=None) -> None:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == role:
        return
    old = membership.get_role_display()
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(
        AuditKind.ROLE_CHANGED,
        request=request,
        actor=by,
        subject=membership.person.user,
        body=membership.body,
        detail=f"{membership.person.name}: {old} → {membership.get_role_display()}",
    )


@transaction.atomic
def end_membership(*, membership: Membership, by, request=None) -> None:
    """End the membership now: from this moment it gives no role.

    A membership's dates are inclusive, so "ended today" would still count today;
    it ends yesterday instead. One that only began today never took effect and goes.
    """
    membership = (
        Membership.objects.select_for_update().select_related("person").get(pk=membership.pk)
    )
    today = timezone.localdate()
    if membership.end_date is not None and membership.end_date < today:
        raise ValidationError("This membership has already ended.", code="already_ended")
    detail = f"{membership.person.name} ({membership.initials}, {membership.get_role_display()})"
    subject, body = membership.person.user, membership.body
    if membership.start_date is not None and membership.start_date >= today:
        Invitation.objects.filter(membership=membership).update(membership=None)
        membership.delete()
        detail += ", which had begun today"
    else:
        membership.end_date = today - datetime.timedelta(days=1)
        membership.save(update_fields=["end_date"])
    audit.record(
        AuditKind.MEMBERSHIP_ENDED,
        request=request,
        actor=by,
        subject=subject,
        body=body,
        detail=detail,
    )
