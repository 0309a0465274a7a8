"""Access helpers for the theme views: fetch a body or theme and check the user's
right to it (404 or 403 as HTTP says). The rules are in members/permissions.py."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from members import permissions
from members.models import Body
from members.permissions import Perm
from themes.models import Theme


def get_body(request, slug: str, perm: Perm = Perm.VIEW_MEETING) -> Body:
    body = get_object_or_404(Body, slug=slug)
    if not permissions.can(request.user, perm, body.pk):
        raise PermissionDenied
    return body


def get_theme(request, slug: str, pk: int, perm: Perm = Perm.VIEW_MEETING) -> Theme:
    body = get_body(request, slug, perm)
    return get_object_or_404(Theme.objects.select_related("body"), pk=pk, body=body)
