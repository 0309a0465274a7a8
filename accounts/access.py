"""Fetch what an officer manages, or refuse: one place for the accounts pages."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.models import Invitation
from members import permissions
from members.models import Body, Membership
from members.permissions import Perm


def managed_body(user, body_pk: int) -> Body:
    body = get_object_or_404(Body, pk=body_pk)
    if not permissions.can(user, Perm.MANAGE_MEMBERS, body.pk):
        raise PermissionDenied
    return body


def managed_membership(user, pk: int) -> Membership:
    membership = get_object_or_404(Membership.objects.select_related("person", "body"), pk=pk)
    if not permissions.can(user, Perm.MANAGE_MEMBERS, membership.body_id):
        raise PermissionDenied
    return membership


def managed_invitation(user, pk: int) -> Invitation:
    invitation = get_object_or_404(Invitation.objects.select_related("body"), pk=pk)
    if not permissions.can(user, Perm.MANAGE_MEMBERS, invitation.body_id):
        raise PermissionDenied
    return invitation
