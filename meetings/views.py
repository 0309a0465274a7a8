import copy
import datetime
import json
import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actions.models import Action
from actions.services import default_due_date, matters_arising_context, review_item
from committee import presenters
from committee import services as committee_services
from committee.forms import DeclarationForm
from committee.numbering import next_minute_number
from iag_portal import kept
from iag_portal.pagination import Keyset, keyset_page, other_params
from meetings import editor_items, forms, lifecycle, services
from meetings.access import editable_bodies, get_editable_meeting, get_meeting
from meetings.models import (
    AGREED_STATUSES,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Capacity,
    ItemState,
    Meeting,
    MeetingStatus,
    Point,
    PointKind,
)
from meetings.people import describe
from meetings.queries import listed_meetings, minutes_items
from members import permissions
from members.models import Body, Membership
from members.permissions import Perm
from programme import services as programme_services
from publishing import stored
from publishing.editions import Edition, build_minutes
from reviews import panels

MEETINGS_PAGE_SIZE = 50
UPCOMING = Keyset([("date", "date"), ("start_time", "time"), ("pk", "int")])
PAST = Keyset(UPCOMING.fields, descending=True)


@require_GET
def meeting_list(request):
    """The meetings the reader may see, soonest upcoming and latest past first, a page
    of each at a time (keyset pages: as quick on the thousandth page as on the first)."""
    meetings = listed_meetings(request.user)
    today = timezone.localdate()
    editable = editable_bodies(request.user)
    upcoming = keyset_page(
        meetings.filter(date__gte=today),
        UPCOMING,
        before=request.GET.get("later"),
        after=request.GET.get("sooner"),
        size=MEETINGS_PAGE_SIZE,
        param_before="later",
        param_after="sooner",
    )
    past = keyset_page(
        meetings.filter(date__lt=today),
        PAST,
        before=request.GET.get("before"),
        after=request.GET.get("after"),
        size=MEETINGS_PAGE_SIZE,
    )
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "today": today,
            "upcoming": upcoming,
            "past": past,
            "upcoming_rows": meeting_rows(upcoming, today, editable),
            "past_rows": meeting_rows(past, today, editable),
            "upcoming_query": other_params(request, "later", "sooner"),
            "past_query": other_params(request, "before", "after"),
            "can_edit_any": permissions.can_anywhere(request.user, Perm.EDIT_MINUTES),
        },
    )


# Rendered rows of the meetings list, in each worker's memory, keyed by everything a
# row shows: a row is served only while what it shows is unchanged (a new status,
# date or topic is a new key), and only to a reader whose own page lists it.
_rows = kept.WorkerMemory(4000)


def meeting_rows(page, today, editable) -> list[str]:
    """The table rows of a page of the meetings list, each rendered once for what it shows."""
    rows = []
    language = translation.get_language()
    for meeting in page:
        opens_editor = meeting.status == MeetingStatus.SCHEDULED and meeting.body_id in editable
        no_minutes_yet = meeting.status == MeetingStatus.SCHEDULED and meeting.date < today
        key = (
            meeting.pk,
            meeting.date,
            meeting.start_time,
            meeting.status,
            meeting.topic,
            meeting.location,
            meeting.body.short_name,
            opens_editor,
            no_minutes_yet,
            language,
        )
        row = _rows.get(key)
        if row is None:
            row = render_to_string(
                "meetings/_meeting_row.html",
                {"meeting": meeting, "editable": opens_editor, "today": today},
            )
            _rows.put(key, row)
        rows.append(mark_safe(row))  # noqa: S308 (rendered by the template, escaped there)
    return rows


@require_GET
def meeting_detail(request, pk: int):
    meeting = get_meeting(request, pk)
    user = request.user
    with_confidential = permissions.can(user, Perm.VIEW_CONFIDENTIAL, meeting.body_id)
    # Read as the members' edition by those who may read confidential content, else as
    # the public edition: the one rule (publishing.disclosure) of what each may read.
    edition = Edition.MEMBERS if with_confidential else Edition.PUBLIC
    # Agreed minutes are built once per version (publishing.stored), drafts each time.
    if stored.is_record(meeting):
        minutes = stored.agreed_minutes(meeting, edition)
    else:
        minutes = build_minutes(meeting, edition=edition)
    reading = panels.reading_panel(user, meeting, minutes)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "minutes_html": minutes_html(request, meeting, minutes, reading, edition),
            "reading": reading,
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


# The minutes part of the meeting page of agreed minutes, in each worker's memory: made
# from the edition's minutes of one version (publishing.stored keeps them) alone, so it
# is rendered once per version, edition and language.
_minutes_html = kept.WorkerMemory(64)


def _bare(reading) -> bool:
    """Nothing beside the minutes for this reader: no correction, no form."""
    if reading.can_suggest or reading.can_answer or reading.whole:
        return False
    return not any(
        entry.corrections
        or entry.suggest_form is not None
        or any(row.corrections or row.suggest_form is not None for row in entry.points)
        for entry in reading.items
    )


def minutes_html(request, meeting, minutes, reading, edition) -> str:
    """The meeting page's minutes (templates/meetings/_meeting_minutes.html). Those of
    agreed minutes read with nothing beside them are kept under the version and its
    time that get_meeting has just read, as publishing.stored keeps the minutes
    themselves, so an amendment or withdrawal is never answered with the old text."""
    context = {
        "meeting": meeting,
        "minutes": minutes,
        "reading": reading,
        "with_confidential": edition == Edition.MEMBERS,
    }
    if not (stored.is_record(meeting) and _bare(reading)):
        return render_to_string("meetings/_meeting_minutes.html", context, request=request)
    key = (
        meeting.pk,
        meeting.version,
        meeting.updated_at.timestamp(),
        edition,
        translation.get_language(),
    )
    html = _minutes_html.get(key)
    if html is None:
        html = render_to_string("meetings/_meeting_minutes.html", context)
        _minutes_html.put(key, html)
    return mark_safe(html)  # noqa: S308 (rendered by the template, escaped there)


# --- The minutes editor ------------------------------------------------------
# Officers only. Every row (agenda item, point, action, attendee) is created on
# its first save, once, by the client key the page made for it, and then saved
# under a version check; see meetings/services.py. Every answer carries the row
# as the server holds it, and the page shows that.


@dataclass(frozen=True)
class RowKind:
    model: type  # a MinutesRow: it declares its meeting_path, the lookup to its meeting
    form: type
    parent: str  # the row's parent field: "meeting" or "item"
    people: str = ""  # the M2M of attendees typed as initials


ROW_KINDS = {
    "item": RowKind(AgendaItem, forms.ItemForm, "meeting"),
    "point": RowKind(Point, forms.PointForm, "item", "speakers"),
    "action": RowKind(Action, forms.ActionForm, "item", "owners"),
    "attendance": RowKind(Attendance, forms.AttendanceForm, "meeting"),
}


def lock_reason(meeting: Meeting) -> str:
    return (
        f"These minutes are {meeting.get_status_display().lower()}: they can no longer be "
        "edited here."
    )


def locked_response(meeting: Meeting):
    return JsonResponse({"error": lock_reason(meeting), "locked": True}, status=409)


def row_urls(meeting: Meeting, kind: str, row_pk: int) -> dict:
    args = [meeting.pk, kind, row_pk]
    return {
        "save": reverse("meetings:row_save", args=args),
        "delete": reverse("meetings:row_delete", args=args),
        "move": reverse("meetings:row_move", args=args),
    }


def row_form(kind: RowKind, meeting: Meeting, data, instance=None):
    if kind.people:
        return kind.form(data, instance=instance, attendance=meeting.attendance.all())
    return kind.form(data, instance=instance)


def form_fields(form) -> dict:
    """The cleaned values of the row's own fields: what the services write."""
    names = list(form._meta.fields) + (
        ["owner_group"] if "owner_group" in form.cleaned_data else []
    )
    return {name: form.cleaned_data[name] for name in names}


def json_value(value):
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")  # as a time input shows it
    return value.isoformat() if hasattr(value, "isoformat") else value


def people_text(row, kind: RowKind, people=None) -> str:
    """The Who / Owner box as the server holds it: initials, then any group owner.
    `people`: the attendees just set on the row, in place of reading them again."""
    if people is None:
        people = getattr(row, kind.people).all()
    else:  # as the database returns them: by the attendance's order
        people = sorted({a.pk: a for a in people}.values(), key=lambda a: (a.order, a.pk))
    names = [a.initials for a in people]
    if getattr(row, "owner_group", ""):
        names.append(row.owner_group)
    return ", ".join(names)


def form_values(row, form_class) -> dict:
    """The row's values of the fields its editor form edits, as JSON."""
    return {name: json_value(getattr(row, name)) for name in form_class._meta.fields}


def row_state(kind_name: str, row, people=None) -> dict:
    """A row as the server holds it, for the page to show."""
    kind = ROW_KINDS[kind_name]
    fields = form_values(row, kind.form)
    if kind.people:
        fields[f"{kind.people}_text"] = people_text(row, kind, people)
    if kind_name == "point":
        fields |= decision_state(row)
    return {"kind": kind_name, "id": row.pk, "version": row.version, "fields": fields}


def decision_state(point) -> dict:
    """A decision point's mover and vote as the editor's boxes show them."""
    decision = getattr(point, "decision", None)
    state = dict.fromkeys(
        ["proposer_text", "seconder_text", "votes_for", "votes_against", "votes_abstained"], ""
    )
    if decision is None:
        return state
    return state | {
        "proposer_text": decision.proposer.initials if decision.proposer else "",
        "seconder_text": decision.seconder.initials if decision.seconder else "",
        "votes_for": "" if decision.votes_for is None else decision.votes_for,
        "votes_against": "" if decision.votes_against is None else decision.votes_against,
        "votes_abstained": "" if decision.votes_abstained is None else decision.votes_abstained,
    }


def keep_register(kind: str, row, form) -> None:
    """A point's decision in the register follows the point (committee/)."""
    if kind == "point":
        if row.kind != PointKind.DECISION and getattr(row, "decision", None) is None:
            return  # not a decision, and none in the register: nothing to keep in step
        decision = committee_services.record_decision(point=row, **form.decision())
        # The point is as saved; only its decision is new: no need to read it again.
        Point.decision.related.set_cached_value(row, decision)


def saved_json(meeting, kind_name, row, form=None, status=200, people=None):
    payload = row_state(kind_name, row, people) | {
        "saved_at": services.stamp(),
        "urls": row_urls(meeting, kind_name, row.pk),
        "client_key": str(row.client_key) if getattr(row, "client_key", None) else "",
    }
    if form is not None and ROW_KINDS[kind_name].people:
        resolved = form.resolved
        payload["people"] = payload["fields"][f"{ROW_KINDS[kind_name].people}_text"]
        payload["unknown"] = resolved.unknown
        payload["ambiguous"] = [
            {"initials": token, "candidates": [describe(a) for a in found]}
            for token, found in resolved.ambiguous.items()
        ]
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


def get_row(meeting: Meeting, kind: RowKind, row_pk: int, *, lock: bool = False):
    """The row of this meeting (else 404); `lock`: read under the lock its save holds,
    with what the answer shows of it (a point's decision) in the same read."""
    rows = kind.model.objects
    if lock:
        rows = rows.select_for_update(of=("self",))
        if kind.model is Point:
            rows = rows.select_related("decision__proposer", "decision__seconder")
    return get_object_or_404(rows, pk=row_pk, **{kind.model.meeting_path: meeting})


def client_key_of(request) -> uuid.UUID | None:
    """The page's key for a row it creates; None when absent, 400 when malformed."""
    raw = request.POST.get("client_key", "").strip()
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise BadRequest("client_key must be a UUID") from None


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
        usual = programme_services.body_usual_weekday(meeting.body_id)
        if note := programme_services.day_note(meeting.date, usual):
            messages.warning(
                request,
                f"{note} If the date is wrong, delete the meeting from its page before "
                "typing anything.",
            )
        return redirect("meetings:edit", meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form})


def editor_context(meeting: Meeting, user, *, items=None, snapshot=None) -> dict:
    """What the editor page shows. `items`: the agenda items, when the caller reads
    them (without their rows: the page takes those from meetings.editor_items);
    `snapshot`: the minutes' rows as services.minutes_snapshot reads them."""
    # The type-ahead of the add boxes: three columns, no model instances to build.
    members = (
        Membership.objects.current(meeting.date)
        .filter(body_id=meeting.body_id)
        .order_by("initials")
        .values("initials", "position", "person__name")
    )
    if items is None:
        items = list(minutes_items(meeting, with_confidential=True))
    if snapshot is None:
        snapshot = services.minutes_snapshot(meeting)
    reviewing = review_item(items)
    locked = meeting.is_locked
    attendance = list(meeting.attendance.select_related("representing"))
    return {
        "meeting": meeting,
        "review_item_id": reviewing.pk if reviewing else None,
        "locked": locked,
        "lock_reason": lock_reason(meeting) if locked else "",
        "can_amend": locked
        and meeting.status in AGREED_STATUSES
        and permissions.can(user, Perm.EDIT_MINUTES, meeting.body_id),
        "attendance": attendance,
        "items": items,
        "members": members,
        "statuses": AttendanceStatus.choices,
        "capacities": Capacity.choices,
        **formal_context(meeting, attendance),
        "item_states": ItemState.choices,
        "point_kinds": PointKind.choices,
        "default_due": default_due_date(meeting=meeting),
        # What an empty agenda may start from: asked only when the agenda is empty.
        "previous": None if items else services.previous_meeting(meeting),
        "has_standard_agenda": not items and meeting.body.standard_items.exists(),
        "revision": services.snapshot_revision(snapshot),
    }


def formal_context(meeting: Meeting, attendance) -> dict:
    """The formal record in the editor: the quorum check and the declarations."""
    if not meeting.body.is_formal:
        return {}
    return {
        "quorum": presenters.quorum(meeting, attendance),
        "declarations": meeting.declarations.select_related("attendee", "item"),
        "declaration_form": DeclarationForm(meeting=meeting),
    }


@require_GET
def edit_meeting(request, pk: int):
    meeting = get_editable_meeting(request, pk)
    snapshot = services.minutes_snapshot(meeting)
    items = list(AgendaItem.objects.filter(meeting=meeting))
    context = editor_context(meeting, request.user, items=items, snapshot=snapshot)
    rows = editor_items.render_rows(request, meeting, items, snapshot, context)
    context["attendance_html"], context["item_html"], context["new_rows_html"] = rows
    return render(request, "meetings/editor.html", context)


@require_GET
def editor_panels(request, pk: int):
    """What the editor shows of earlier meetings, asked by the page once it is shown
    (htmx): the matters arising at the top (`?in=top`), or in the review item with the
    previous minutes and their sign-off (`?in=item`). They read other meetings, so
    they are neither kept with the rows nor part of the page's own cost. A part of the
    page, not a page: asked for by anything but htmx, it sends the reader to the editor."""
    meeting = get_editable_meeting(request, pk)
    if not request.htmx:
        return redirect("meetings:edit", meeting.pk)
    context = matters_arising_context(meeting=meeting)
    if request.GET.get("in") == "item":
        context["prev"] = panels.previous_minutes_panel(request.user, meeting)
        return render(request, "meetings/editor.html#review-panels", context)
    return render(request, "meetings/editor.html#top-panels", context)


@require_GET
def editor_state(request, pk: int):
    """What the open editor polls: the minutes' revision, and when it is not the
    one the page has (`since`), every row's id, version, parent and order."""
    meeting = get_editable_meeting(request, pk)
    snapshot = services.minutes_snapshot(meeting)
    revision = services.snapshot_revision(snapshot)
    payload = {"revision": revision, "locked": meeting.is_locked}
    if meeting.is_locked:
        payload["error"] = lock_reason(meeting)
    if request.GET.get("since") != revision:
        payload["rows"] = snapshot
    return JsonResponse(payload)


@require_GET
def editor_rows(request, pk: int):
    """Rows another officer created or changed, as the server holds them: their
    fields, and the HTML of each for the page to insert (`?point=3,4&item=2`)."""
    meeting = get_editable_meeting(request, pk)
    wanted = {}
    for kind_name in ROW_KINDS:
        ids = [int(i) for i in request.GET.get(kind_name, "").split(",") if i.isdigit()]
        if ids:
            wanted[kind_name] = ids[:500]
    rows = []
    if request.GET.get("header"):
        fields = forms.MeetingHeaderForm._meta.fields
        rows.append(
            {
                "kind": "header",
                "id": meeting.pk,
                "version": meeting.version,
                "fields": {name: json_value(getattr(meeting, name)) for name in fields},
            }
        )
    if not wanted:
        return JsonResponse({"rows": rows})
    context = editor_context(meeting, request.user) if "item" in wanted else {}
    people = Attendance.objects.only("id", "initials")
    queries = {
        "item": lambda ids: [i for i in context.get("items", []) if i.pk in ids],
        "point": lambda ids: (
            Point.objects.filter(pk__in=ids, item__meeting=meeting)
            .select_related("item")
            .prefetch_related(Prefetch("speakers", queryset=people))
        ),
        "action": lambda ids: (
            Action.objects.filter(pk__in=ids, item__meeting=meeting)
            .select_related("item")
            .prefetch_related(Prefetch("owners", queryset=people))
        ),
        "attendance": lambda ids: Attendance.objects.filter(pk__in=ids, meeting=meeting),
    }
    partial_of = {"item": "item", "point": "point", "action": "action", "attendance": "a"}
    template = {"attendance": "attendance-row"}
    for kind_name, ids in wanted.items():
        for row in queries[kind_name](set(ids)):
            row_context = {
                "meeting": meeting,
                "statuses": AttendanceStatus.choices,
                "capacities": Capacity.choices,
                "item_states": ItemState.choices,
                "point_kinds": PointKind.choices,
                "default_due": context.get("default_due") or default_due_date(meeting=meeting),
                partial_of[kind_name]: row,
            }
            if kind_name in {"point", "action"}:
                row_context["item"] = row.item
            if kind_name == "item":
                row_context = context | row_context
            html = render_to_string(
                f"meetings/editor.html#{template.get(kind_name, kind_name)}",
                row_context,
                request=request,
            )
            rows.append(row_state(kind_name, row) | {"html": html})
    return JsonResponse({"rows": rows})


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
        result = services.save_versioned(
            instance=meeting, version=form.cleaned_data["version"], fields=form_fields(form)
        )
    except IntegrityError:
        return clash_json()
    if result.conflict:
        current = result.current
        return conflict_json(current.version, form_values(current, forms.MeetingHeaderForm))
    return JsonResponse({"id": meeting.pk, "version": result.version, "saved_at": services.stamp()})


def conflict_json(version: int, fields: dict):
    """The row as another officer saved it, for the page to offer beside the officer's own."""
    return JsonResponse(
        {
            "conflict": {"version": version, "fields": fields},
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
    key = client_key_of(request)
    parent_filter = {row_kind.parent: parent}
    data = request.POST.copy()
    data["version"] = 1
    form = row_form(row_kind, meeting, data, instance=row_kind.model(**parent_filter))
    existing = services.find_by_client_key(row_kind.model, key, parent_filter)
    if existing is not None:
        # A repeated create: the answer is the row already made, nothing new.
        form.is_valid()
        return saved_json(meeting, kind, existing, form if form.is_bound else None, status=201)
    if not form.is_valid():
        return errors_json(form)
    after = request.POST.get("after", "")
    fields = form_fields(form)
    if kind == "item" and fields.get("minute_number") is None and meeting.body.is_formal:
        fields["minute_number"] = next_minute_number(meeting)
    try:
        row, _created = services.create_row(
            model=row_kind.model,
            parent=parent_filter,
            fields=fields,
            client_key=key,
            after_id=int(after) if after.isdigit() else None,
            people_attr=row_kind.people,
            people=form.people() if row_kind.people else (),
        )
    except services.RowNotFound:
        raise Http404 from None
    except IntegrityError:
        # Two sends of one create raced: the first one made the row.
        row = services.find_by_client_key(row_kind.model, key, parent_filter)
        if row is None:
            return clash_json()
    else:
        keep_register(kind, row, form)
    services.start_minutes(meeting)
    return saved_json(meeting, kind, row, form, status=201)


@require_POST
def save_row(request, pk: int, kind: str, row_pk: int):
    """One autosave: the row read once, under the lock its save holds (so the version
    checked is the version overwritten), validated, written with its history and its
    decision in the register, in one transaction."""
    meeting = get_editable_meeting(request, pk)
    row_kind = get_kind(kind)
    try:
        with transaction.atomic():
            return save_locked_row(request, meeting, kind, row_kind, row_pk)
    except IntegrityError:
        return clash_json()


def save_locked_row(request, meeting: Meeting, kind: str, row_kind: RowKind, row_pk: int):
    row = get_row(meeting, row_kind, row_pk, lock=True)
    if meeting.is_locked:
        return locked_response(meeting)
    # The form validates a copy: `row` stays as stored, for the version check and
    # for the answer to a conflict.
    form = row_form(row_kind, meeting, request.POST, instance=copy.copy(row))
    if not form.is_valid():
        return errors_json(form)
    fields = form_fields(form)
    if kind == "item" and fields.get("minute_number") is None and meeting.body.is_formal:
        # A formal minute is always numbered: left empty, it keeps (or takes) its number.
        fields["minute_number"] = row.minute_number or next_minute_number(meeting)
    people = form.people() if row_kind.people else None
    result = services.save_versioned(
        instance=row,
        version=form.cleaned_data["version"],
        fields=fields,
        people_attr=row_kind.people,
        people=people,
        locked=True,
    )
    if result.conflict:
        # As the page shows a saved row (a point's decision, a group owner included).
        theirs = row_state(kind, result.current)
        return conflict_json(theirs["version"], theirs["fields"])
    keep_register(kind, result.current, form)
    services.start_minutes(meeting)
    return saved_json(meeting, kind, result.current, form, people=people)


@require_POST
def delete_row(request, pk: int, kind: str, row_pk: int):
    meeting = get_editable_meeting(request, pk)
    row_kind = get_kind(kind)
    row = get_row(meeting, row_kind, row_pk)  # 404 when already gone: the page takes it as done
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


# --- Attendance: people, added once each ---------------------------------------


def attendance_message(request, status: str, message: str, *, choices=(), http_status=200):
    """A message beside the add box, with buttons for what the officer may choose."""
    response = render(
        request,
        "meetings/editor.html#add-message",
        {"message": message, "choices": choices},
        status=http_status,
    )
    response["X-Editor-Outcome"] = "message"
    return response


def attendance_choices(exc: services.InitialsTaken) -> list[dict]:
    """What the officer may choose when initials are already someone else's."""
    choices = [{"label": f"Add as {exc.suggestion}", "initials": exc.suggestion}]
    if exc.can_renumber:
        base = exc.wanted.split("/")[0]
        choices.append(
            {
                "label": f"Make them {base}/1 and {base}/2",
                "renumber": "1",
            }
        )
    return choices


def initials_taken_message(exc: services.InitialsTaken) -> str:
    holders = ", ".join(describe(a) for a in exc.holders)
    return (
        f"{exc.wanted} is already on the attendance: {holders}. Two people never share "
        "initials in the minutes: choose how to tell them apart, or type other initials."
    )


@require_POST
def add_attendee(request, pk: int):
    """Add a member to the attendance by initials or name, once."""
    meeting = get_editable_meeting(request, pk)
    if meeting.is_locked:
        return locked_response(meeting)
    form = forms.AddAttendeeForm(request.POST)
    status = request.POST.get("status")
    status = status if status in AttendanceStatus.values else AttendanceStatus.PRESENT
    if not form.is_valid():
        return attendance_message(request, status, "Type the initials or name of a member.")
    who = form.cleaned_data["who"]
    found = services.find_member(meeting, who)
    if len(found) != 1:
        if found:
            message = (
                f"“{who}” could be "
                + " or ".join(f"{m.initials} ({m.person.name}, {m.position})" for m in found)
                + ": type their initials."
            )
        else:
            message = f"No current member is “{who}”. Add them below as a guest or partner."
        return attendance_message(request, status, message)
    try:
        attendee, renamed = services.add_attendee(
            meeting=meeting,
            membership=found[0],
            status=form.cleaned_data["status"],
            initials=form.cleaned_data["initials"],
            renumber=form.cleaned_data["renumber"],
            client_key=client_key_of(request),
        )
    except services.AlreadyListed as exc:
        return attendance_message(
            request,
            status,
            f"{describe(exc.attendee)} is already on the attendance: nothing was added.",
        )
    except services.InitialsTaken as exc:
        return attendance_message(
            request, status, initials_taken_message(exc), choices=attendance_choices(exc)
        )
    return attendance_row_response(request, meeting, attendee, renamed)


@require_POST
def add_guest(request, pk: int):
    meeting = get_editable_meeting(request, pk)
    if meeting.is_locked:
        return locked_response(meeting)
    form = forms.AddGuestForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        representing = None
        if data["representing"]:
            match = services.find_member(meeting, data["representing"])
            representing = match[0].person if len(match) == 1 else None
        try:
            attendee, renamed = services.add_guest(
                meeting=meeting,
                name=data["name"],
                initials=data["initials"],
                role=data["role"],
                status=data["status"],
                representing=representing,
                renumber=data["renumber"],
                client_key=client_key_of(request),
            )
        except services.AlreadyListed as exc:
            return attendance_message(
                request,
                data["status"],
                f"{describe(exc.attendee)} is already on the attendance: nothing was added.",
            )
        except services.InitialsTaken as exc:
            return attendance_message(
                request,
                data["status"],
                initials_taken_message(exc),
                choices=attendance_choices(exc),
            )
        return attendance_row_response(request, meeting, attendee, renamed)
    response = render(
        request,
        "meetings/editor.html#guest-form",
        {"meeting": meeting, "guest_form": form, "statuses": AttendanceStatus.choices},
        status=400,
    )
    response["X-Editor-Outcome"] = "guest-form"
    return response


def attendance_row_response(request, meeting, attendee, renamed=None):
    response = render(
        request,
        "meetings/editor.html#attendance-row",
        {
            "meeting": meeting,
            "a": attendee,
            "statuses": AttendanceStatus.choices,
            "capacities": Capacity.choices,
        },
        status=201,
    )
    response["X-Editor-Outcome"] = "added"
    response["X-Attendee"] = json.dumps(
        {
            "id": attendee.pk,
            "initials": attendee.initials,
            "renamed": [
                {"id": r.pk, "initials": r.initials, "version": r.version} for r in renamed or []
            ],
        }
    )
    return response
