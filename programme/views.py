import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from iag_portal import links
from meetings import lifecycle
from meetings.access import get_meeting
from meetings.models import Meeting, MeetingStatus
from members import permissions
from members.models import Body
from members.permissions import Perm
from programme import calendar_feed, services
from programme.forms import PasteForm, ProgrammeFormSet, meeting_initial, pasted_row
from programme.models import CalendarToken, ProgrammeChange
from programme.parsing import parse_programme

MIN_YEAR, MAX_YEAR = 2000, 2100


def get_body(request, slug: str, year: int, perm: Perm = Perm.VIEW_MEETING) -> Body:
    """The body if the user may do `perm` there (else 403); 404 for an unknown body or year."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    body = get_object_or_404(Body, slug=slug)
    if not permissions.can(request.user, perm, body.pk):
        raise PermissionDenied
    return body


@require_GET
def programme_index(request):
    """The bodies whose programme the user may read, this year's and next year's."""
    body_ids = permissions.bodies_where(request.user, Perm.VIEW_MEETING)
    bodies = Body.objects.all() if body_ids is None else Body.objects.filter(pk__in=body_ids)
    year = timezone.localdate().year
    return render(
        request,
        "programme/programme_index.html",
        {"bodies": bodies, "year": year, "next_year": year + 1},
    )


@require_GET
def programme_detail(request, slug: str, year: int):
    body = get_body(request, slug, year)
    meetings = list(services.year_meetings(body=body, year=year))
    usual = services.usual_weekday(meetings)
    viewable = {
        m.pk
        for m in Meeting.objects.visible_to(request.user).filter(body=body).filter(date__year=year)
    }
    can_manage = permissions.can(request.user, Perm.MANAGE_PROGRAMME, body.pk)
    changes = (
        ProgrammeChange.objects.filter(meeting__body=body, meeting__date__year=year)
        .select_related("meeting", "changed_by")
        .exclude(kind="added")[:50]
        if can_manage or permissions.can(request.user, Perm.VIEW_DRAFTS, body.pk)
        else []
    )
    return render(
        request,
        "programme/programme_detail.html",
        {
            "body": body,
            "year": year,
            "meetings": meetings,
            "rows": [(m, services.day_note(m.date, usual)) for m in meetings],
            "usual_day": services.WEEKDAYS[usual] if usual is not None else "",
            "programme_lines": services.programme_lines(meetings),
            "viewable": viewable,
            "can_manage": can_manage,
            "changes": changes,
            "feed_url": feed_url(request, body),
        },
    )


@require_http_methods(["GET", "POST"])
def programme_edit(request, slug: str, year: int):
    body = get_body(request, slug, year, Perm.MANAGE_PROGRAMME)
    meetings = {m.pk: m for m in services.year_meetings(body=body, year=year)}
    form_kwargs = {"meetings": meetings, "body": body, "year": year}
    paste_form = PasteForm()
    if request.method == "GET":
        formset = ProgrammeFormSet(
            initial=[meeting_initial(m) for m in meetings.values()], form_kwargs=form_kwargs
        )
        return _render_edit(request, body, year, formset, paste_form)

    formset = ProgrammeFormSet(request.POST, form_kwargs=form_kwargs)
    action = request.POST.get("action", "save")
    if action in {"paste", "add"}:
        new_rows = [{}]
        if action == "paste":
            paste_form = PasteForm(request.POST)
            paste_form.is_valid()
            lines = parse_programme(paste_form.cleaned_data.get("lines", ""), year)
            new_rows = [pasted_row(line, body) for line in lines]
            bad = sum(1 for line in lines if not line.ok)
            if lines:
                messages.info(
                    request,
                    f"{len(lines) - bad} of {len(lines)} lines read. Review the rows below"
                    + (", fix the lines marked in red" if bad else "")
                    + ", then save the programme.",
                )
            paste_form = PasteForm()
        data = _with_new_rows(formset, new_rows)
        formset = ProgrammeFormSet(data, form_kwargs=form_kwargs)
        return _render_edit(request, body, year, formset, paste_form)

    if formset.is_valid():
        try:
            result = services.save_programme(
                body=body, year=year, rows=formset.rows(), by=request.user
            )
        except services.ProgrammeError as error:
            formset._non_form_errors = formset.error_class([str(error)])
        else:
            messages.success(request, _saved_message(result))
            usual = services.body_usual_weekday(body.pk)
            odd = [
                f"{row.date:%A %-d %B}"
                for row in formset.rows()
                if services.day_note(row.date, usual)
            ]
            if odd:
                messages.warning(
                    request,
                    f"Check the day: {services.WEEKDAYS[usual]} is {body.short_name}'s usual "
                    f"day, but {', '.join(odd)} {'is' if len(odd) == 1 else 'are'} not.",
                )
            return redirect("programme:detail", slug=body.slug, year=year)
    return _render_edit(request, body, year, formset, paste_form)


def _with_new_rows(formset, new_rows: list[dict]):
    """The submitted rows, minus blank new ones, followed by `new_rows`: nothing typed is lost."""
    prefix = formset.prefix
    kept = []
    for form in formset.forms:
        if form.is_blank:
            continue
        kept.append(
            {name: form.data.get(form.add_prefix(name), "") for name in form.fields}
            | ({"cancel": "on"} if form.data.get(form.add_prefix("cancel")) else {})
        )
    initial = sum(1 for form in formset.forms if form.meeting is not None or form.unknown_meeting)
    rows = kept + new_rows
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "200",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            if name == "cancel" and not value:
                continue
            data[f"{prefix}-{index}-{name}"] = value
    return data


def _saved_message(result) -> str:
    if not result.any:
        return "The programme is saved; nothing had changed."
    parts = [
        f"{count} {label}"
        for count, label in (
            (result.added, "added"),
            (result.changed, "changed"),
            (result.cancelled, "cancelled"),
            (result.reinstated, "reinstated"),
        )
        if count
    ]
    return "Programme saved: " + ", ".join(parts) + "."


def _render_edit(request, body, year, formset, paste_form):
    return render(
        request,
        "programme/programme_edit.html",
        {"body": body, "year": year, "formset": formset, "paste_form": paste_form},
    )


@require_GET
def upcoming(request):
    today = timezone.localdate()
    meetings = (
        Meeting.objects.visible_to(request.user)
        .filter(date__gte=today)
        .select_related("body")
        .order_by("date", "start_time")
    )
    body_ids = permissions.bodies_where(request.user, Perm.VIEW_MEETING)
    bodies = Body.objects.all() if body_ids is None else Body.objects.filter(pk__in=body_ids)
    token = services.calendar_token(request.user) if bodies else None
    return render(
        request,
        "programme/upcoming.html",
        {
            "meetings": meetings,
            "feeds": [(body, feed_url(request, body, token)) for body in bodies],
            "year": today.year,
        },
    )


@require_POST
def reset_token(request):
    services.reset_calendar_token(user=request.user)
    messages.success(
        request,
        "Your calendar links are new. Subscribe again with the new link: "
        "the old one has stopped working.",
    )
    return redirect("programme:upcoming")


@login_not_required
@require_GET
def feed(request, token: str, slug: str):
    owner = (
        CalendarToken.objects.select_related("user").filter(token=token).first() if token else None
    )
    if owner is None or not owner.user.is_active:
        raise Http404
    body = get_object_or_404(Body, slug=slug)
    if not permissions.can(owner.user, Perm.VIEW_MEETING, body.pk):
        raise Http404
    since = timezone.localdate() - datetime.timedelta(days=366)
    meetings = services.with_sequence(
        Meeting.objects.filter(body=body, date__gte=since).order_by("date", "start_time")
    )
    response = HttpResponse(
        calendar_feed.render(body, meetings), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{body.slug}.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


def feed_url(request, body: Body, token: CalendarToken | None = None) -> str:
    token = token or services.calendar_token(request.user)
    path = reverse("programme:feed", kwargs={"token": token.token, "slug": body.slug})
    return links.site_of(request) + path


class CancelMeetingForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_('Sent to the members with the news, e.g. "Date entered by mistake".'),
    )


@require_http_methods(["GET", "POST"])
def cancel_meeting(request, pk: int):
    """Cancel one meeting that has no minutes, after a confirmation."""
    meeting = get_meeting(request, pk)
    if not lifecycle.may(request.user, meeting, "cancel"):
        if meeting.status not in lifecycle.STEPS["cancel"].sources:
            messages.error(request, "Only a meeting without minutes can be cancelled.")
            return redirect("meetings:detail", meeting.pk)
        raise PermissionDenied
    form = CancelMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_meeting(
                meeting=meeting, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.ProgrammeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"The meeting of {meeting.date:%A %-d %B %Y} is cancelled. It stays in the "
                "programme, marked cancelled, and members have been told.",
            )
            return redirect("meetings:detail", meeting.pk)
    return render(
        request,
        "programme/confirm_meeting.html",
        {"meeting": meeting, "form": form, "doing": "cancel"},
    )


@require_http_methods(["GET", "POST"])
def delete_meeting(request, pk: int):
    """Delete a meeting made by mistake, if nothing was typed for it, after a confirmation."""
    meeting = get_meeting(request, pk)
    if not services.may_delete(request.user, meeting):
        if meeting.status != MeetingStatus.SCHEDULED:
            messages.error(request, "A meeting with minutes cannot be deleted.")
            return redirect("meetings:detail", meeting.pk)
        raise PermissionDenied
    error = ""
    if request.method == "POST":
        try:
            services.delete_meeting(meeting=meeting, by=request.user)
        except services.ProgrammeError as refused:
            error = str(refused)
        else:
            messages.success(request, f"The meeting of {meeting.date:%A %-d %B %Y} is deleted.")
            return redirect("meetings:list")
    elif not services.nothing_typed(meeting):
        error = (
            "Something has been recorded for this meeting, so it cannot be deleted: "
            "cancel it instead."
        )
    return render(
        request,
        "programme/confirm_meeting.html",
        {"meeting": meeting, "doing": "delete", "error": error},
    )
