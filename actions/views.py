from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F, Prefetch
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.audit import record_export
from actions import exports, services, tasks
from actions.exports import spreadsheet_safe  # noqa: F401 (the other apps' CSV exports)
from actions.filters import ActionFilter
from actions.forms import ActionForm, CloseForm, NoteForm, ReopenForm
from actions.models import Action, ActionNote, ActionStatus, ExportStatus, RegisterExport
from iag_portal.pagination import numbered_page
from meetings.access import get_meeting
from meetings.models import Attendance, Meeting
from members import permissions
from members.permissions import Perm

REGISTER_PAGE_SIZE = 50
MINE_PAGE_SIZE = 50
RECENTLY_CLOSED = 20


def get_action(request, pk: int, *, officer_only: bool = False) -> Action:
    """The action if it exists (else 404) and the user may change it (else 403).

    Officers of the action's body may change every action; an owner may add
    progress notes to their own.
    """
    action = get_object_or_404(Action.objects.select_related("item__meeting__body"), pk=pk)
    if permissions.can(request.user, Perm.EDIT_MINUTES, action.item.meeting.body_id):
        return action
    if not officer_only and Action.objects.owned_by(request.user).filter(pk=pk).exists():
        return action
    raise PermissionDenied


def _back(request, meeting: Meeting | None, *, fallback: str):
    """Back where the form was posted from: the meeting's review, or `fallback`."""
    default = (
        reverse("actions:matters_arising", args=[meeting.pk])
        if meeting is not None
        else reverse(fallback)
    )
    return redirect(_next_url(request, default))


def _reviewing_meeting(form, action: Action) -> Meeting | None:
    """The meeting reviewing the action, if the form names one that may review it."""
    meeting = form.cleaned_data.get("meeting")
    origin = action.item.meeting
    if meeting is None:
        return None
    if meeting.body_id != origin.body_id or (meeting.date, meeting.start_time) <= (
        origin.date,
        origin.start_time,
    ):
        raise PermissionDenied
    if meeting.is_locked:
        # Its minutes are agreed: what they record of this review is final.
        raise PermissionDenied
    return meeting


def _next_url(request, default: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _review_row(request, *, action: Action, meeting: Meeting, form=None):
    """One row of the matters-arising list, re-read with its owners and notes."""
    fresh = services.reviewed_row(action_pk=action.pk, meeting=meeting)
    return render(
        request,
        "actions/_matters_arising.html#review_row",
        {"action": fresh, "meeting": meeting, "form": form},
    )


# --- Matters arising ----------------------------------------------------------


@require_GET
def matters_arising(request, pk: int):
    meeting = get_meeting(request, pk, Perm.EDIT_MINUTES)
    return render(
        request,
        "actions/matters_arising.html",
        services.matters_arising_context(meeting=meeting),
    )


def _matters_arising_with_errors(request, *, meeting: Meeting, action: Action, form):
    context = services.matters_arising_context(meeting=meeting)
    context["bound"] = {"pk": action.pk, "form": form}
    return render(request, "actions/matters_arising.html", context, status=400)


@require_POST
def add_note(request, pk: int):
    action = get_action(request, pk)
    form = NoteForm(request.POST, action=action)
    valid = form.is_valid()
    meeting = _reviewing_meeting(form, action)
    if meeting is not None and not permissions.can(
        request.user, Perm.EDIT_MINUTES, meeting.body_id
    ):
        raise PermissionDenied
    if not valid:
        if meeting is not None and request.htmx:
            return _review_row(request, action=action, meeting=meeting, form=form)
        if meeting is not None:
            return _matters_arising_with_errors(request, meeting=meeting, action=action, form=form)
        return _mine(request, bound={"pk": action.pk, "form": form}, status=400)
    services.add_progress_note(
        action=action, text=form.cleaned_data["text"], by=request.user, meeting=meeting
    )
    if meeting is not None and request.htmx:
        return _review_row(request, action=action, meeting=meeting)
    messages.success(request, "Your update was saved.")
    return _back(request, meeting, fallback="actions:mine")


@require_POST
def close(request, pk: int):
    action = get_action(request, pk, officer_only=True)
    form = CloseForm(request.POST)
    valid = form.is_valid()
    meeting = _reviewing_meeting(form, action)
    if not valid:
        if meeting is not None and request.htmx:
            return _review_row(request, action=action, meeting=meeting, form=form)
        messages.error(request, "Choose Done or Drop to close the action.")
        return redirect(_next_url(request, reverse("actions:register")))
    try:
        services.close_action(
            action=action,
            status=form.cleaned_data["status"],
            by=request.user,
            note=form.cleaned_data["text"],
            meeting=meeting,
        )
    except services.ActionStateError as error:
        outcome, text = messages.ERROR, str(error)
    else:
        outcome, text = messages.SUCCESS, "The action was closed."
    if meeting is not None and request.htmx:
        return _review_row(request, action=action, meeting=meeting)
    messages.add_message(request, outcome, text)
    return _back(request, meeting, fallback="actions:register")


@require_POST
def reopen(request, pk: int):
    action = get_action(request, pk, officer_only=True)
    form = ReopenForm(request.POST)
    form.is_valid()
    meeting = _reviewing_meeting(form, action)
    try:
        services.reopen_action(action=action, by=request.user, meeting=meeting)
    except services.ActionStateError as error:
        outcome, text = messages.ERROR, str(error)
    else:
        outcome, text = messages.SUCCESS, "The action is open again."
    if meeting is not None and request.htmx:
        return _review_row(request, action=action, meeting=meeting)
    messages.add_message(request, outcome, text)
    return _back(request, meeting, fallback="actions:register")


# --- Raising an action ----------------------------------------------------------


@require_http_methods(["GET", "POST"])
def add(request, pk: int):
    meeting = get_meeting(request, pk, Perm.EDIT_MINUTES)
    if meeting.is_locked:
        messages.error(
            request,
            f"These minutes are {meeting.get_status_display().lower()}: actions can no longer "
            "be added to them.",
        )
        return redirect("meetings:detail", pk=meeting.pk)
    if request.method == "POST":
        form = ActionForm(request.POST, meeting=meeting)
        if form.is_valid():
            services.create_action(
                item=form.cleaned_data["item"],
                description=form.cleaned_data["description"],
                owners=list(form.cleaned_data["owners"]),
                due_date=form.cleaned_data["due_date"],
                use_default_due_date=False,
            )
            messages.success(request, "The action was added.")
            return redirect("meetings:detail", pk=meeting.pk)
        status = 400
    else:
        form = ActionForm(
            meeting=meeting, initial={"due_date": services.default_due_date(meeting=meeting)}
        )
        status = 200
    return render(request, "actions/add.html", {"meeting": meeting, "form": form}, status=status)


# --- My actions -----------------------------------------------------------------


def _mine(request, *, bound=None, status=200):
    user = request.user
    has_person = hasattr(user, "person")
    open_actions, open_count, closed_actions = [], 0, []
    if has_person:
        owned = (
            Action.objects.for_owner(user)
            .select_related("item__meeting__body")
            .prefetch_related(
                Prefetch("owners", queryset=Attendance.objects.only("pk", "initials")),
                Prefetch("notes", queryset=ActionNote.objects.select_related("created_by")),
            )
        )
        # Sized to its reader: a group owner ("All") of a body's every meeting gives a
        # member hundreds of open actions over the years.
        open_actions = numbered_page(
            owned.open().order_by(F("due_date").asc(nulls_last=True), "item__meeting__date", "pk"),
            request.GET.get("page"),
            size=MINE_PAGE_SIZE,
        )
        open_count = (
            len(open_actions)
            if open_actions.is_first and not open_actions.has_next
            else Action.objects.for_owner(user).open().count()
        )
        if open_actions.is_first:
            closed_actions = list(
                owned.exclude(status=ActionStatus.OPEN).order_by("-closed_at")[:RECENTLY_CLOSED]
            )
    for action in [*open_actions, *closed_actions]:
        action.can_view_meeting = permissions.can_view_meeting(user, action.item.meeting)
    return render(
        request,
        "actions/mine.html",
        {
            "has_person": has_person,
            "open_actions": open_actions,
            "open_count": open_count,
            "closed_actions": closed_actions,
            "bound": bound,
            "today": timezone.localdate(),
        },
        status=status,
    )


@require_GET
def mine(request):
    return _mine(request)


# --- The register -----------------------------------------------------------------


def _register_filter(request) -> ActionFilter:
    return exports.register_filter(request.user, request.GET)


@require_GET
def register(request):
    filterset = _register_filter(request)
    valid = filterset.is_bound is False or filterset.is_valid()
    actions = filterset.qs if valid else Action.objects.none()
    page = Paginator(actions, REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "actions/register.html",
        {
            "filter": filterset,
            "filters_valid": valid,
            "page": page,
            "query": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


@require_GET
def register_csv(request):
    """The register as filtered, as CSV: streamed when it is small (a body's), else
    written in the background to a file its page offers when ready (actions/exports.py)."""
    filterset = _register_filter(request)
    if filterset.is_bound and not filterset.is_valid():
        messages.error(request, "Fix the filters before exporting.")
        return redirect(f"{reverse('actions:register')}?{request.GET.urlencode()}")
    today = timezone.localdate()
    record_export(request, what=f"Actions register CSV ({request.GET.urlencode() or 'all'})")
    if exports.is_large(filterset.qs):
        export = exports.start_export(user=request.user, query=request.GET.urlencode())
        transaction.on_commit(lambda: tasks.write_register_export.enqueue(export.pk))
        return redirect("actions:export", export.token)
    # Streamed as it is read: the worker holds one batch of rows at a time, and the
    # first bytes leave at once.
    response = StreamingHttpResponse(
        exports.register_lines(filterset.qs, today=today), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="actions-{today:%Y-%m-%d}.csv"'
    return response


def _own_export(request, token: str) -> RegisterExport:
    """The export if this person asked for it and may still read a register, else 404."""
    if not permissions.can_anywhere(request.user, Perm.VIEW_REGISTER):
        raise PermissionDenied
    return get_object_or_404(RegisterExport, token=token, created_by=request.user)


@require_GET
def export(request, token: str):
    """A large export's page: its progress while the task writes it (asked for again by
    htmx every second), then the link to the file."""
    export = _own_export(request, token)
    if request.htmx:
        return render(request, "actions/export.html#progress", {"export": export})
    return render(request, "actions/export.html", {"export": export})


@require_GET
def export_file(request, token: str):
    export = _own_export(request, token)
    if export.status != ExportStatus.DONE or not export.file:
        raise Http404("The file is not ready.")
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=f"actions-{timezone.localtime(export.created_at):%Y-%m-%d}.csv",
        content_type="text/csv; charset=utf-8",
    )
