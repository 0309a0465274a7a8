from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from iag_portal.links import site_of
from iag_portal.pagination import numbered_page, other_params
from meetings import lifecycle
from meetings.access import get_meeting
from meetings.models import AGREED_STATUSES, Meeting, MeetingStatus, Point
from members import permissions
from members.permissions import Perm
from reviews import forms, panels, responses, services, snapshots
from reviews.history import MinutesHistory
from reviews.models import Correction, Recipient, SignOff


def reviewer_person(request):
    """The member a review is recorded for: the user's person (403 without one)."""
    person = getattr(request.user, "person", None)
    if person is None:
        raise PermissionDenied("Only a member of the body can review its minutes.")
    return person


def refused(request, meeting: Meeting, error: services.TransitionError):
    messages.error(request, str(error))
    return redirect("meetings:detail", meeting.pk)


@require_POST
def circulate(request, pk: int):
    meeting = get_meeting(request, pk, Perm.EDIT_MINUTES)
    form = forms.CirculateForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("meetings:detail", meeting.pk)
    try:
        circulation = services.circulate(
            meeting=meeting,
            by=request.user,
            note=form.cleaned_data["note"],
            deadline=form.cleaned_data["deadline"],
            site=site_of(request),
        )
    except services.TransitionError as error:
        return refused(request, meeting, error)
    return circulated_message(request, circulation)


@require_POST
def recirculate(request, pk: int):
    meeting = get_meeting(request, pk, Perm.EDIT_MINUTES)
    form = forms.CirculateForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("reviews:dashboard", meeting.pk)
    try:
        circulation = services.recirculate(
            meeting=meeting,
            by=request.user,
            note=form.cleaned_data["note"],
            deadline=form.cleaned_data["deadline"],
            site=site_of(request),
        )
    except services.TransitionError as error:
        return refused(request, meeting, error)
    return circulated_message(request, circulation)


def circulated_message(request, circulation):
    reach = responses.reach(circulation)
    text = (
        f"Version {circulation.number} circulated, to review by "
        f"{circulation.deadline:%-d %B %Y}. {reach.sentence}"
    )
    if reach.not_reached:
        messages.warning(request, text + " See who was not reached below.")
    else:
        messages.success(request, text)
    return redirect("reviews:dashboard", circulation.meeting_id)


@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    meeting = get_meeting(request, pk, Perm.REVIEW_MINUTES)
    person = reviewer_person(request)
    if meeting.status != MeetingStatus.CIRCULATED:
        messages.error(request, "These minutes are not out for review.")
        return redirect("meetings:detail", meeting.pk)
    form = forms.ReviewForm(
        request.POST or None,
        meeting=meeting,
        with_confidential=permissions.can(request.user, Perm.VIEW_CONFIDENTIAL, meeting.body_id),
        has_corrections=services.has_corrections(services.latest_circulation(meeting), person),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_review(
                meeting=meeting,
                member=person,
                decision=data["decision"],
                comment=data["comment"],
                item=data["item"],
                point=data["point"],
                user=request.user,
            )
        except services.TransitionError as error:
            return refused(request, meeting, error)
        messages.success(request, THANKS[data["decision"]])
        return redirect("meetings:detail", meeting.pk)
    return render(request, "reviews/review.html", {"meeting": meeting, "form": form})


THANKS = {
    "approve": "Thank you: you approved these minutes.",
    "subject": "Thank you: you approved these minutes subject to your corrections.",
    "correction": "Thank you: your request for changes was sent to the officer.",
}


@require_http_methods(["GET", "POST"])
def suggest(request, pk: int):
    """A member's correction to one point or item, from the control beside it."""
    meeting = get_meeting(request, pk, Perm.REVIEW_MINUTES)
    person = reviewer_person(request)
    if meeting.status != MeetingStatus.CIRCULATED:
        messages.error(request, "These minutes are not out for review.")
        return redirect("meetings:detail", meeting.pk)
    form = forms.CorrectionForm(request.POST or None, meeting=meeting, initial=request.GET)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["point"] is not None and not panels.point_readable(request.user, data["point"]):
            raise PermissionDenied
        try:
            services.suggest_correction(
                meeting=meeting,
                member=person,
                text=data["text"],
                suggested_text=data["suggested_text"],
                item=data["item"],
                point=data["point"],
                user=request.user,
            )
        except services.TransitionError as error:
            return refused(request, meeting, error)
        messages.success(
            request,
            "Your correction is with the officer. Approve the minutes subject to it "
            "from the bar at the bottom when you have read them.",
        )
        anchor = f"point-{data['point'].pk}" if data["point"] else f"item-{data['item'].pk}"
        return redirect(f"{meeting.get_absolute_url()}#{anchor}")
    return render(request, "reviews/suggest.html", {"meeting": meeting, "form": form})


def officer_correction(request, pk: int, correction_pk: int):
    meeting = get_meeting(request, pk, Perm.EDIT_MINUTES)
    correction = get_object_or_404(
        Correction.objects.select_related("person", "point", "item", "circulation__meeting"),
        pk=correction_pk,
        circulation__meeting=meeting,
    )
    return meeting, correction


def back_to_corrections(meeting, correction):
    if correction.point_id:
        anchor = f"point-{correction.point_id}"
    else:
        anchor = f"item-{correction.item_id}" if correction.item_id else "whole-corrections"
    return redirect(f"{meeting.get_absolute_url()}#{anchor}")


@require_POST
def accept_correction(request, pk: int, correction_pk: int):
    meeting, correction = officer_correction(request, pk, correction_pk)
    try:
        services.accept_correction(correction=correction, by=request.user)
    except services.TransitionError as error:
        return refused(request, meeting, error)
    messages.success(
        request, f"{correction.person.name}'s correction is in the draft and its history."
    )
    return back_to_corrections(meeting, correction)


@require_POST
def answer_correction(request, pk: int, correction_pk: int):
    meeting, correction = officer_correction(request, pk, correction_pk)
    form = forms.AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write the answer to the member.")
        return back_to_corrections(meeting, correction)
    try:
        services.answer_correction(
            correction=correction, by=request.user, answer=form.cleaned_data["answer"]
        )
    except services.TransitionError as error:
        return refused(request, meeting, error)
    messages.success(request, f"Your answer to {correction.person.name} is recorded.")
    return back_to_corrections(meeting, correction)


@require_GET
def dashboard(request, pk: int):
    meeting = get_meeting(request, pk, Perm.MANAGE_REVIEWS)
    circulation = services.latest_circulation(meeting)
    rows = responses.review_table(meeting, circulation)
    recipients = (
        Recipient.objects.filter(circulation=circulation).select_related("person")
        if circulation
        else Recipient.objects.none()
    )
    return render(
        request,
        "reviews/dashboard.html",
        {
            "meeting": meeting,
            "circulation": circulation,
            "circulations": meeting.circulations.select_related("by").order_by("-number"),
            "rows": rows,
            "approved": sum(r.state == "approve" for r in rows),
            "approved_subject": sum(r.state == "subject" for r in rows),
            "corrections": sum(r.state == "correction" for r in rows),
            "waiting": sum(r.state == "none" for r in rows),
            "open_corrections": sum(c.is_open for r in rows for c in r.corrections),
            "reach": responses.reach(circulation) if circulation else None,
            "recipients": recipients,
            "can_edit": permissions.can(request.user, Perm.EDIT_MINUTES, meeting.body_id),
            "form": forms.CirculateForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def sign_off(request, pk: int):
    meeting = get_meeting(request, pk, Perm.SIGN_OFF)
    if meeting.status not in lifecycle.STEPS["sign_off"].sources:
        messages.error(
            request,
            f"These minutes are {meeting.get_status_display().lower()}: only circulated "
            "minutes can be signed off.",
        )
        return redirect("meetings:detail", meeting.pk)
    form = forms.SignOffForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        agreed_at = form.cleaned_data["agreed_at"]
        try:
            services.sign_off(
                meeting=meeting,
                by=request.user,
                agreed_at=agreed_at,
                corrections=form.cleaned_data["corrections"],
                site=site_of(request),
            )
        except services.TransitionError as error:
            return refused(request, meeting, error)
        messages.success(
            request,
            f"The minutes of {meeting.date:%-d %B %Y} are approved and signed off. "
            + responses.told_of_outcome(meeting, "signed off"),
        )
        return redirect("meetings:detail", agreed_at.pk if agreed_at else meeting.pk)
    circulation = services.latest_circulation(meeting)
    rows = responses.review_table(meeting, circulation)
    return render(
        request,
        "reviews/sign_off.html",
        {"meeting": meeting, "form": form, "rows": rows, "circulation": circulation},
    )


@require_POST
def publish(request, pk: int):
    meeting = get_meeting(request, pk, Perm.MANAGE_REVIEWS)
    try:
        services.publish(meeting=meeting, by=request.user, site=site_of(request))
    except services.TransitionError as error:
        return refused(request, meeting, error)
    messages.success(
        request,
        "Published: the public edition is now in the public archive. "
        + responses.told_of_outcome(meeting, "published"),
    )
    return redirect("meetings:detail", meeting.pk)


@require_http_methods(["GET", "POST"])
def withdraw(request, pk: int):
    """Take published minutes out of the public archive, after a confirmation with a reason."""
    meeting = get_meeting(request, pk, Perm.MANAGE_REVIEWS)
    if meeting.status not in lifecycle.STEPS["withdraw"].sources:
        messages.error(request, "Only published minutes can be withdrawn from publication.")
        return redirect("meetings:detail", meeting.pk)
    form = forms.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw(meeting=meeting, by=request.user, reason=form.cleaned_data["reason"])
        except services.TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                "Withdrawn: the public edition is no longer in the public archive. "
                "Amend the minutes if needed, then publish them again.",
            )
            return redirect("meetings:detail", meeting.pk)
    return render(request, "reviews/withdraw.html", {"meeting": meeting, "form": form})


@require_http_methods(["GET", "POST"])
def amend(request, pk: int):
    meeting = get_meeting(request, pk, Perm.EDIT_MINUTES)
    if meeting.status not in AGREED_STATUSES:
        messages.error(request, "Only approved minutes are amended: edit these in the editor.")
        return redirect("meetings:detail", meeting.pk)
    form = forms.AmendForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.amend(
                meeting=meeting,
                by=request.user,
                reason=data["reason"],
                new_text=data["new_text"],
                point=data["point"],
                item=data["item"],
            )
        except services.TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The amendment is recorded on the minutes.")
            return redirect("meetings:detail", meeting.pk)
    return render(
        request,
        "reviews/amend.html",
        {"meeting": meeting, "form": form, "current_texts": current_texts(meeting)},
    )


def current_texts(meeting: Meeting) -> dict:
    """The text each amend target holds now, for the form to start from."""
    texts = {f"item-{pk}": title for pk, title in meeting.items.values_list("pk", "title")}
    points = Point.objects.filter(item__meeting=meeting).values_list("pk", "text")
    return texts | {f"point-{pk}": text for pk, text in points}


def signature(meeting: Meeting) -> dict | None:
    """The chair's signature and the fingerprint of the signed version, against the
    fingerprint of the minutes as they stand (changed only by an amendment)."""
    from publishing.editions import signed_line

    signed = SignOff.objects.filter(meeting=meeting).select_related("by__person", "agreed_at")
    signed = signed.first()
    if signed is None or not signed.fingerprint:
        return None
    current = snapshots.fingerprint(meeting)
    return {
        "line": signed_line(signed),
        "fingerprint": signed.fingerprint,
        "current": current,
        "matches": current == signed.fingerprint,
    }


def parse_version(value, default: int, last: int) -> int:
    return min(max(int(value), 0), last) if str(value).isdigit() else default


@require_GET
def history(request, pk: int):
    meeting = get_meeting(request, pk, Perm.VIEW_DRAFTS)
    minutes = MinutesHistory(
        meeting,
        with_confidential=permissions.can(request.user, Perm.VIEW_CONFIDENTIAL, meeting.body_id),
    )
    last = minutes.last
    old = parse_version(request.GET.get("from"), max(last - 1, 0), last)
    new = parse_version(request.GET.get("to"), last, last)
    if old > new:
        old, new = new, old
    events = list(reversed(minutes.events))
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/history.html",
        {
            "meeting": meeting,
            "page": page,
            "last": last,
            "old": old,
            "new": new,
            "comparing": "from" in request.GET or "to" in request.GET,
            "changes": minutes.compare(old, new),
            "signature": signature(meeting),
        },
    )


ARCHIVE_PAGE_SIZE = 100


@login_not_required
@require_GET
def archive(request):
    """The published minutes of the bodies that publish, for anyone to read: a page
    of them at a time, by body and newest first, with no count of them all."""
    meetings = (
        permissions.public_meetings(Meeting.objects.all())
        .select_related("body")
        .only("pk", "date", "start_time", "body__name", "body__slug", "body__short_name")
        .order_by("body__name", "body_id", "-date", "-start_time", "-pk")
    )
    page = numbered_page(meetings, request.GET.get("page"), size=ARCHIVE_PAGE_SIZE)
    bodies = [
        (body, [(year, list(by_year)) for year, by_year in groupby(rows, lambda m: m.date.year)])
        for body, rows in groupby(page.object_list, lambda m: m.body)
    ]
    return render(
        request,
        "reviews/archive.html",
        {"bodies": bodies, "page": page, "query": other_params(request, "page")},
    )
