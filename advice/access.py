"""Access helpers for advice's views: fetch the object and check the user's right to
it in one call, answering 404 or 403. The rules are in members/permissions.py."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from advice.models import Advice
from members import permissions
from members.models import Body
from members.permissions import Perm


def get_advice(request, pk: int, perm: Perm | None = None) -> Advice:
    """The advice if the user may read it (else 403) and, with `perm`, record the
    response or outcome (RESPOND_TO_ADVICE, RECORD_ADVICE_OUTCOME) or change it
    (RAISE_ADVICE)."""
    advice = get_object_or_404(
        Advice.objects.select_related(
            "meeting__body", "point__item", "theme", "responder", "responded_by", "outcome_by"
        ),
        pk=pk,
    )
    if not permissions.may_read_advice(request.user, advice):
        raise PermissionDenied
    if perm is Perm.RAISE_ADVICE:
        allowed = permissions.can(request.user, perm, advice.meeting.body_id)
    elif perm is not None:
        allowed = permissions.may_answer_advice(request.user, advice, perm)
    else:
        allowed = True
    if not allowed:
        raise PermissionDenied
    return advice


def get_body(request, slug: str, perm: Perm) -> Body:
    body = get_object_or_404(Body, slug=slug)
    if not permissions.can(request.user, perm, body.pk):
        raise PermissionDenied
    return body
