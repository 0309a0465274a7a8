import json
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from actions.models import Action
from actions.services import default_due_date, matters_arising_context, review_item
from meetings import forms, lifecycle, services
from meetings.access import editable_bodies, get_editable_meeting, get_meeting
from meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    ItemState,
    Meeting,
    MeetingStatus,
    Point,
    PointKind,
)
from meetings.queries import minutes_items
from members import permissions
from members.models import Body, Membership
from members.permissions import Perm
from programme import services as programme_services
from publishing.editions import Edition, build_minutes
from reviews import panels


@require_GET
def meeting_list(request):
    meetings = Meeting.objects.visible_to(request.user).select_related("body")
    today = timezone.localdate()
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "today": today,
            "upcoming": meetings.filter(date__gte=today).order_by("date", "start_time"),
            "past": meetings.filter(date__lt=today),
            "can_edit_any": permissions.can_anywhere(request.user, Perm.EDIT_MINUTES),
            "editable_bodies": editable_bodies(request.user),
        },
    )


@require_GET
def meeting_detail(request, pk: int):
    meeting = get_meeting(request, pk)
    user = request.user
    with_confidential = permissions.can(user, Perm.VIEW_CONFIDENTIAL, meeting.body_id)
    # Read as the members' edition by those who may read confidential content, else as
    # the public edition: the one rule (publishing.disclosure) of what each may read.
    edition = Edition.MEMBERS if with_confidential else Edition.PUBLIC
    minutes = build_minutes(meeting, edition=edition)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "reading": panels.reading_panel(user, meeting, minutes),
            "can_delete": programme_services.may_delete(user, meeting),
            "can_cancel": lifecycle.may(user, meeting, "cancel"),
            "today": timezone.localdate(),
            "day_note": programme_services.day_note(
                meeting.date, programme_services.body_usual_weekday(meeting.body_id)
            ),
            "with_confidential": with_confidential,
            "can_edit": permissions.can(user, Perm.EDIT_MINUTES, meeting.body_id),
            "panel": panels.review_panel(user, meeting, with_confidential=with_confidential),
            "prev": panels.previous_minutes_panel(user, meeting),
        },
    )


# --- The minutes editor ------------------------------------------------------
# Officers only. Every row (agenda item, point, action, attendee) is created on
# its first save and then saved under a version check; see meetings/services.py.


@dataclass(frozen=True)
class RowKind:
    model: type
    form: type
    meeting_path: str  # lookup from the row to its meeting
    parent: str  # the row's parent field: "meeting" or "item"
    people: str = ""  # the M2M of attendees typed as initials


ROW_KINDS = {
    "item": RowKind(AgendaItem, forms.ItemForm, "meeting", "meeting"),
    "point": RowKind(Point, forms.PointForm, "item__meeting", "item", "speakers"),
    "action": RowKind(Action, forms.ActionForm, "item__meeting", "item", "owners"),
    "attendance": RowKind(Attendance, forms.AttendanceForm, "meeting", "meeting"),
}


def locked_response(meeting: Meeting):
    return JsonResponse(
        {
            "error": f"These minutes are {meeting.get_status_display().lower()}: they can no "
            "longer be edited here."
        },
        status=409,
    )


def row_urls(meeting: Meeting, kind: str, row_pk: int) -> dict:
    args = [meeting.pk, kind, row_pk]
    return {
        "save": reverse("meetings:row_save", args=args),
        "delete": reverse("meetings:row_delete", args=args),
        "move": reverse("meetings:row_move", args=args),
    }


def row_form(kind: RowKind, meeting: Meeting, data, instance=None):
    if kind.people:
        return kind.form(data, instance=instance, attendance=list(meeting.attendance.all()))
    return kind.form(data, instance=instance)


def saved_json(meeting, kind_name, row, version, unknown, form, status=200):
    payload = {
        "id": row.pk,
        "version": version,
        "saved_at": services.stamp(),
        "urls": row_urls(meeting, kind_name, row.pk),
    }
    if ROW_KINDS[kind_name].people:
        payload["people"] = ", ".join(a.initials for a in form.people())
        payload["unknown"] = unknown
    return JsonResponse(payload, status=status)


def errors_json(form):
    return JsonResponse({"errors": form.errors.get_json_data()}, status=400)


def clash_json():
    # Validation passed, but another save got there first with the same slot or
    # initials: the form's own checks will say which on the next save.
    return JsonResponse(
        {
            "errors": {
                "__all__": [
                    {
                        "message": "This clashes with a change saved a moment ago: "
                        "check the dates and initials, then save again.",
                        "code": "clash",
                    }
                ]
            }
        },
        status=400,
    )


def get_kind(kind: str) -> RowKind:
    if kind not in ROW_KINDS:
        raise Http404
    return ROW_KINDS[kind]


def get_row(meeting: Meeting, kind: RowKind, row_pk: int):
    return get_object_or_404(kind.model, pk=row_pk, **{kind.meeting_path: meeting})


@require_http_methods(["GET", "POST"])
def create_meeting(request):
    bodies = Body.objects.all()
    allowed = permissions.bodies_where(request.user, Perm.EDIT_MINUTES)
    if allowed is not None:
        bodies = bodies.filter(pk__in=allowed)
    if not bodies.exists():
        raise PermissionDenied
    form = forms.MeetingCreateForm(request.POST or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        meeting = form.save(commit=False)
        meeting.status = MeetingStatus.DRAFT
        meeting.save()
        services.fill_agenda(meeting=meeting, source=form.cleaned_data["agenda"])
        messages.success(request, f"Meeting of {meeting.date:%-d %B %Y} created.")
        return redirect("meetings:edit", meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form})


@require_GET
def edit_meeting(request, pk: int):
    meeting = get_editable_meeting(request, pk)
    members = (
        Membership.objects.current(meeting.date)
        .filter(body_id=meeting.body_id)
        .select_related("person")
        .order_by("initials")
    )
    items = list(minutes_items(meeting, with_confidential=True))
    reviewing = review_item(items)
    return render(
        request,
        "meetings/editor.html",
        matters_arising_context(meeting=meeting)
        | {
            "meeting": meeting,
            "review_item_id": reviewing.pk if reviewing else None,
            "locked": meeting.is_locked,
            "attendance": meeting.attendance.select_related("representing"),
            "items": items,
            "members": members,
            "statuses": AttendanceStatus.choices,
            "item_states": ItemState.choices,
            "point_kinds": PointKind.choices,
            "default_due": default_due_date(meeting=meeting),
            "previous": services.previous_meeting(meeting),
            "has_standard_agenda": meeting.body.standard_items.exists(),
            "prev": panels.previous_minutes_panel(request.user, meeting),
        },
    )


@require_POST
def fill_agenda(request, pk: int):
    meeting = get_editable_meeting(request, pk)
    if meeting.is_locked:
        return locked_response(meeting)
    source = request.POST.get("source", "")
    if source not in {services.AgendaSource.STANDARD, services.AgendaSource.PREVIOUS}:
        return HttpResponseBadRequest("Choose the standard agenda or the previous meeting's.")
    added = services.fill_agenda(meeting=meeting, source=source)
    if added:
        services.start_minutes(meeting)
        messages.success(request, f"{added} agenda items added.")
    else:
        messages.warning(
            request, "No items were added: the agenda is not empty, or there was nothing to copy."
        )
    return redirect("meetings:edit", meeting.pk)


@require_POST
def save_header(request, pk: int):
    meeting = get_editable_meeting(request, pk)
    if meeting.is_locked:
        return locked_response(meeting)
    form = forms.MeetingHeaderForm(request.POST, instance=meeting)
    if not form.is_valid():
        return errors_json(form)
    try:
        result = services.save_versioned(instance=meeting, form=form)
    except IntegrityError:
        return clash_json()
    if result.conflict:
        return conflict_json(result.current, forms.MeetingHeaderForm)
    return JsonResponse({"id": meeting.pk, "version": result.version, "saved_at": services.stamp()})


def conflict_json(current, form_class, people_attr=""):
    fields = {}
    for name in form_class._meta.fields:
        value = getattr(current, name)
        fields[name] = value.isoformat() if hasattr(value, "isoformat") else value
    if people_attr:
        fields[f"{people_attr}_text"] = ", ".join(
            a.initials for a in getattr(current, people_attr).all()
        )
    return JsonResponse(
        {
            "conflict": {"version": current.version, "fields": fields},
            "error": "Someone else saved this while you were typing. Compare and choose.",
        },
        status=409,
    )


@require_POST
def create_row(request, pk: int, kind: str):
    meeting = get_editable_meeting(request, pk)
    row_kind = get_kind(kind)
    if meeting.is_locked:
        return locked_response(meeting)
    parent = meeting
    if row_kind.parent == "item":
        item_pk = request.POST.get("item", "")
        if not item_pk.isdigit():
            raise Http404
        parent = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    data = request.POST.copy()
    data["version"] = 1
    form = row_form(row_kind, meeting, data, instance=row_kind.model(**{row_kind.parent: parent}))
    if not form.is_valid():
        return errors_json(form)
    after = request.POST.get("after", "")
    try:
        row, unknown = services.create_row(
            form=form,
            parent_filter={row_kind.parent: parent},
            after_id=int(after) if after.isdigit() else None,
            people_attr=row_kind.people,
        )
    except IntegrityError:
        return clash_json()
    services.start_minutes(meeting)
    return saved_json(meeting, kind, row, row.version, unknown, form, status=201)


@require_POST
def save_row(request, pk: int, kind: str, row_pk: int):
    meeting = get_editable_meeting(request, pk)
    row_kind = get_kind(kind)
    row = get_row(meeting, row_kind, row_pk)
    if meeting.is_locked:
        return locked_response(meeting)
    form = row_form(row_kind, meeting, request.POST, instance=row)
    if not form.is_valid():
        return errors_json(form)
    try:
        result = services.save_versioned(instance=row, form=form, people_attr=row_kind.people)
    except IntegrityError:
        return clash_json()
    if result.conflict:
        return conflict_json(result.current, row_kind.form, row_kind.people)
    services.start_minutes(meeting)
    return saved_json(meeting, kind, row, result.version, result.unknown, form)


@require_POST
def delete_row(request, pk: int, kind: str, row_pk: int):
    meeting = get_editable_meeting(request, pk)
    row_kind = get_kind(kind)
    row = get_row(meeting, row_kind, row_pk)
    if meeting.is_locked:
        return locked_response(meeting)
    row.delete()
    return JsonResponse({"deleted": row_pk})


@require_POST
def move_row(request, pk: int, kind: str, row_pk: int):
    meeting = get_editable_meeting(request, pk)
    row_kind = get_kind(kind)
    row = get_row(meeting, row_kind, row_pk)
    if meeting.is_locked:
        return locked_response(meeting)
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        return HttpResponseBadRequest("direction must be up or down")
    versions = services.move_row(
        row=row,
        direction=direction,
        parent_filter={row_kind.parent: getattr(row, row_kind.parent)},
    )
    return JsonResponse({"moved": bool(versions), "versions": versions})


@require_POST
def add_attendee(request, pk: int):
    """Type-ahead: add a member to the attendance by initials or name (htmx)."""
    meeting = get_editable_meeting(request, pk)
    if meeting.is_locked:
        return locked_response(meeting)
    form = forms.AddAttendeeForm(request.POST)
    error = ""
    if form.is_valid():
        found = services.find_member(meeting, form.cleaned_data["who"])
        if len(found) == 1:
            attendee = services.add_attendee(
                meeting=meeting, membership=found[0], status=form.cleaned_data["status"]
            )
            return attendance_row_response(request, meeting, attendee)
        who = form.cleaned_data["who"]
        error = (
            f"“{who}” matches {', '.join(m.initials + ' ' + m.person.name for m in found)}: "
            "type their initials."
            if found
            else f"No current member is “{who}”. Add them below as a guest or partner."
        )
    else:
        error = "Type the initials or name of a member."
    status = request.POST.get("status")
    status = status if status in AttendanceStatus.values else AttendanceStatus.PRESENT
    response = render(request, "meetings/editor.html#add-error", {"error": error})
    return retarget(reswap(response, "innerHTML"), f"#add-error-{status}")


@require_POST
def add_guest(request, pk: int):
    meeting = get_editable_meeting(request, pk)
    if meeting.is_locked:
        return locked_response(meeting)
    form = forms.AddGuestForm(request.POST)
    if form.is_valid():
        representing = None
        if form.cleaned_data["representing"]:
            match = services.find_member(meeting, form.cleaned_data["representing"])
            representing = match[0].person if len(match) == 1 else None
        attendee = services.add_guest(
            meeting=meeting,
            name=form.cleaned_data["name"],
            initials=form.cleaned_data["initials"],
            role=form.cleaned_data["role"],
            status=form.cleaned_data["status"],
            representing=representing,
        )
        return attendance_row_response(request, meeting, attendee)
    response = render(
        request,
        "meetings/editor.html#guest-form",
        {"meeting": meeting, "guest_form": form, "statuses": AttendanceStatus.choices},
    )
    return retarget(reswap(response, "outerHTML"), "#guest-form")


def attendance_row_response(request, meeting, attendee):
    response = render(
        request,
        "meetings/editor.html#attendance-row",
        {"meeting": meeting, "a": attendee, "statuses": AttendanceStatus.choices},
    )
    response["HX-Trigger"] = json.dumps({"attendance-added": {"initials": attendee.initials}})
    return response
