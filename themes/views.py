import csv
import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.audit import record_export
from actions.views import spreadsheet_safe
from meetings.models import Meeting
from members import permissions
from members.permissions import Perm
from publishing.pdf import render_pdf
from themes import services
from themes.access import get_body, get_theme
from themes.forms import SuggestionForm, TagForm, ThemeForm
from themes.models import Theme, ThemeTag
from themes.reports import annual_report, theme_page


def _readable_meetings(user, body):
    return Meeting.objects.visible_to(user).filter(body=body)


@require_GET
def index(request, slug: str):
    body = get_body(request, slug)
    meetings = _readable_meetings(request.user, body)
    counts = dict(
        ThemeTag.objects.filter(theme__body=body, meeting__in=meetings)
        .values_list("theme_id")
        .annotate(n=Count("pk"))
        .values_list("theme_id", "n")
    )
    themes = [(theme, counts.get(theme.pk, 0)) for theme in Theme.objects.filter(body=body)]
    return render(
        request,
        "themes/index.html",
        {
            "body": body,
            "themes": themes,
            "can_edit": permissions.can(request.user, Perm.EDIT_MINUTES, body.pk),
            "can_report": permissions.can(request.user, Perm.VIEW_DRAFTS, body.pk),
            "years": sorted({d.year for d in meetings.dates("date", "year")}, reverse=True),
        },
    )


@require_GET
def detail(request, slug: str, pk: int):
    theme = get_theme(request, slug, pk)
    page = theme_page(
        theme,
        meetings=_readable_meetings(request.user, theme.body),
        with_confidential=permissions.can(request.user, Perm.VIEW_CONFIDENTIAL, theme.body_id),
    )
    return render(
        request,
        "themes/detail.html",
        {
            "body": theme.body,
            "theme": theme,
            "page": page,
            "can_edit": permissions.can(request.user, Perm.EDIT_MINUTES, theme.body_id),
        },
    )


@require_GET
def theme_csv(request, slug: str, pk: int):
    theme = get_theme(request, slug, pk)
    page = theme_page(
        theme, meetings=_readable_meetings(request.user, theme.body), with_confidential=False
    )
    record_export(request, what=f"Theme CSV: {theme.name} ({theme.body})", body=theme.body)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="theme-{theme.body.slug}-{pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(["theme", "meeting date", "year", "times it came up"])
    for row in page.per_meeting:
        writer.writerow(
            [spreadsheet_safe(theme.name), row.date.isoformat(), row.date.year, row.count]
        )
    return response


@require_http_methods(["GET", "POST"])
def edit(request, slug: str, pk: int | None = None):
    body = get_body(request, slug, Perm.EDIT_MINUTES)
    theme = get_object_or_404(Theme, pk=pk, body=body) if pk else None
    form = ThemeForm(request.POST or None, instance=theme, body=body)
    if request.method == "POST" and form.is_valid():
        theme = form.save()
        messages.success(request, f"Theme saved: {theme.name}.")
        return redirect("themes:index", slug=body.slug)
    return render(
        request,
        "themes/edit.html",
        {"body": body, "form": form, "theme": theme},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def suggestions(request, slug: str):
    """Keyword suggestions for untagged rows: the officer accepts or rejects each."""
    body = get_body(request, slug, Perm.EDIT_MINUTES)
    if request.method == "POST":
        form = SuggestionForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest("Not a suggestion.")
        data = form.cleaned_data
        theme = get_object_or_404(Theme, pk=data["theme"], body=body)
        row = _row(data["kind"], data["row"])
        try:
            if data["decision"] == "accept":
                services.tag(theme=theme, row=row, by=request.user, from_suggestion=True)
                messages.success(request, f"Tagged with {theme.name}.")
            else:
                services.reject(theme=theme, row=row, by=request.user)
                messages.info(request, f"Suggestion of {theme.name} rejected.")
        except services.NotTaggable:
            raise Http404("No such row in this body.") from None
        return redirect("themes:suggestions", slug=body.slug)
    return render(
        request,
        "themes/suggestions.html",
        {"body": body, "suggestions": services.suggestions(body)},
    )


def _row(kind: str, pk: int):
    return get_object_or_404(services.ROW_MODELS[kind], pk=pk)


@require_http_methods(["GET", "POST"])
def tag(request):
    """The editor's tagging (Alt+T): GET the themes of a row with which are on; POST
    turns one on or off. JSON either way."""
    form = TagForm(request.POST if request.method == "POST" else request.GET)
    if request.method == "GET":
        form.fields["theme"].required = False
    if not form.is_valid():
        return JsonResponse({"error": "Not a row of the minutes."}, status=400)
    data = form.cleaned_data
    kind = data["kind"]
    row = _row(kind, data["row"])
    meeting = Meeting.objects.get(pk=services._meeting_id(row))
    if not permissions.can(request.user, Perm.EDIT_MINUTES, meeting.body_id):
        raise PermissionDenied
    themes = Theme.objects.filter(body_id=meeting.body_id)
    if request.method == "POST":
        theme = get_object_or_404(themes, pk=data["theme"])
        if data["on"]:
            services.tag(theme=theme, row=row, by=request.user)
        else:
            services.untag(theme=theme, row=row)
    on = set(ThemeTag.objects.filter(**{kind: row}).values_list("theme_id", flat=True))
    return JsonResponse(
        {"themes": [{"id": theme.pk, "name": theme.name, "on": theme.pk in on} for theme in themes]}
    )


def _year(year: int) -> int:
    if not 1990 <= year <= timezone.localdate().year + 1:
        raise Http404("No report for that year.")
    return year


@require_GET
def report(request, slug: str, year: int):
    body = get_body(request, slug, Perm.VIEW_DRAFTS)
    built = annual_report(body, _year(year))
    return render(
        request,
        "themes/report.html",
        {"body": body, "report": built, "today": datetime.date.today()},
    )


@require_GET
def report_pdf(request, slug: str, year: int):
    body = get_body(request, slug, Perm.VIEW_DRAFTS)
    built = annual_report(body, _year(year))
    html = render_to_string("themes/report_pdf.html", {"body": body, "report": built})
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{body.slug}-annual-report-{year}.pdf"'
    return response
