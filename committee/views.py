import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.audit import record_export
from actions.views import spreadsheet_safe
from committee import registers, services
from committee.forms import DecisionFilterForm, DeclarationForm
from committee.models import Declaration
from meetings.access import get_editable_meeting
from members import permissions
from members.models import Body, Person
from members.permissions import Perm

PAGE_SIZE = 50


def _body_for_members(request, slug: str) -> Body:
    body = get_object_or_404(Body, slug=slug)
    if not permissions.can(request.user, Perm.VIEW_MEETING, body.pk):
        raise PermissionDenied
    return body


def _filter(request):
    form = DecisionFilterForm(request.GET or None)
    valid = not form.is_bound or form.is_valid()
    values = form.cleaned_data if form.is_bound and valid else {}
    return form, valid, {k: v for k, v in values.items() if v not in (None, "")}


def _register(request, body, decisions, *, public: bool):
    form, valid, values = _filter(request)
    decisions = registers.filtered(decisions, **values) if valid else decisions.none()
    page = Paginator(decisions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "committee/decisions.html",
        {
            "body": body,
            "form": form,
            "filters_valid": valid,
            "page": page,
            "query": query.urlencode(),
            "public": public,
        },
    )


@require_GET
def decisions(request, slug: str):
    body = _body_for_members(request, slug)
    return _register(request, body, registers.members_decisions(request.user, body), public=False)


@login_not_required
@require_GET
def public_decisions(request, slug: str):
    body = get_object_or_404(Body, slug=slug, publishes_minutes=True)
    return _register(request, body, registers.public_decisions(body), public=True)


CSV_HEADER = [
    "Reference",
    "Meeting",
    "Item",
    "Outcome",
    "Decision",
    "Proposed by",
    "Seconded by",
    "For",
    "Against",
    "Abstained",
]


def _csv(request, body, decisions, *, name: str):
    form, valid, values = _filter(request)
    if not valid:
        messages.error(request, "Fix the filters before exporting.")
        return redirect(f"{reverse(name, args=[body.slug])}?{request.GET.urlencode()}")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    today = timezone.localdate()
    response["Content-Disposition"] = (
        f'attachment; filename="{body.slug}-decisions-{today:%Y-%m-%d}.csv"'
    )
    response.write("\ufeff")  # Excel reads UTF-8 only with a byte-order mark
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for decision in registers.filtered(decisions, **values):
        item = decision.point.item
        writer.writerow(
            [
                spreadsheet_safe(value)
                for value in (
                    item.minute_reference(body) or item.number,
                    f"{item.meeting.date:%Y-%m-%d}",
                    item.title,
                    decision.get_outcome_display(),
                    decision.wording,
                    decision.proposer.name or decision.proposer.initials
                    if decision.proposer
                    else "",
                    decision.seconder.name or decision.seconder.initials
                    if decision.seconder
                    else "",
                    decision.votes_for,
                    decision.votes_against,
                    decision.votes_abstained,
                )
            ]
        )
    return response


@require_GET
def decisions_csv(request, slug: str):
    body = _body_for_members(request, slug)
    record_export(
        request, what=f"Decisions register CSV of {body} ({request.GET.urlencode()})", body=body
    )
    return _csv(
        request, body, registers.members_decisions(request.user, body), name="committee:decisions"
    )


@login_not_required
@require_GET
def public_decisions_csv(request, slug: str):
    body = get_object_or_404(Body, slug=slug, publishes_minutes=True)
    return _csv(request, body, registers.public_decisions(body), name="committee:public_decisions")


@require_GET
def declarations(request, slug: str):
    """Every declaration at the body's meetings, by person."""
    body = _body_for_members(request, slug)
    rows = registers.declarations_seen_by(request.user).filter(meeting__body=body)
    return render(
        request, "committee/declarations.html", {"body": body, "declarations": list(rows[:500])}
    )


@require_GET
def person_declarations(request, pk: int):
    """One person's declarations across the meetings the reader may see."""
    person = get_object_or_404(Person, pk=pk)
    rows = list(registers.declarations_seen_by(request.user).filter(attendee__person=person))
    seen_bodies = permissions.bodies_where(request.user, Perm.VIEW_MEETING)
    if (
        not rows
        and seen_bodies is not None
        and not person.memberships.filter(body__in=seen_bodies).exists()
    ):
        raise Http404
    return render(
        request, "committee/person_declarations.html", {"person": person, "declarations": rows}
    )


@require_http_methods(["GET", "POST"])
def add_declaration(request, pk: int):
    """From the editor: a declaration by someone on the attendance, in an item."""
    meeting = get_editable_meeting(request, pk)
    editor = reverse("meetings:edit", args=[meeting.pk]) + "#declarations"
    if meeting.is_locked:
        messages.error(request, "These minutes are agreed: they can no longer be edited here.")
        return redirect(editor)
    form = DeclarationForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        services.add_declaration(meeting=meeting, **form.cleaned_data)
        messages.success(request, "Declaration of interest recorded.")
        return redirect(editor)
    return render(
        request,
        "committee/declaration_form.html",
        {"meeting": meeting, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_POST
def delete_declaration(request, pk: int):
    declaration = get_object_or_404(Declaration.objects.select_related("meeting"), pk=pk)
    meeting = get_editable_meeting(request, declaration.meeting_id)
    if meeting.is_locked:
        messages.error(request, "These minutes are agreed: they can no longer be edited here.")
    else:
        declaration.delete()
        messages.success(request, "Declaration removed.")
    return redirect(reverse("meetings:edit", args=[meeting.pk]) + "#declarations")
