import csv
import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.audit import record_export
from actions.views import spreadsheet_safe
from advice import services
from advice.access import get_advice, get_body
from advice.forms import AdviceForm, LedgerFilterForm, OutcomeForm, RaiseForm, ResponseForm
from advice.models import Advice, overdue
from advice.reports import build_report
from meetings.access import get_meeting
from meetings.models import MinutesLocked, Point
from members import permissions
from members.models import Body
from members.permissions import Perm
from publishing.editions import Edition
from publishing.pdf import render_pdf

LEDGER_PAGE_SIZE = 50


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


# --- Raising advice from a point ------------------------------------------------


@require_POST
def raise_advice(request):
    """The editor's endpoint: POST a point's id, get the advice raised from it (201, or
    200 when the point was raised already). Without JavaScript: back to edit it."""
    form = RaiseForm(request.POST)
    if not form.is_valid():
        if _wants_json(request):
            return JsonResponse({"error": "Which point? Save the point first."}, status=400)
        messages.error(request, "Choose a saved point to raise as advice.")
        return redirect("meetings:list")
    point = get_object_or_404(
        Point.objects.select_related("item__meeting__body"), pk=form.cleaned_data["point"]
    )
    meeting = point.item.meeting
    get_meeting(request, meeting.pk, Perm.RAISE_ADVICE)
    try:
        advice, created = services.raise_advice(point=point, by=request.user)
    except MinutesLocked:
        text = (
            f"These minutes are {meeting.get_status_display().lower()}: advice can no "
            "longer be raised from them."
        )
        if _wants_json(request):
            return JsonResponse({"error": text}, status=409)
        messages.error(request, text)
        return redirect("advice:meeting", meeting.pk)
    if _wants_json(request):
        return JsonResponse(
            {
                "id": advice.pk,
                "point": point.pk,
                "created": created,
                "url": reverse("advice:edit", args=[advice.pk]),
                "message": "Raised as advice." if created else "Already raised as advice.",
            },
            status=201 if created else 200,
        )
    messages.success(request, "Raised as advice: say to whom." if created else "Already advice.")
    return redirect("advice:edit", advice.pk)


@require_GET
def meeting_advice(request, pk: int):
    """The officer's view of a meeting's points and the advice raised from them."""
    meeting = get_meeting(request, pk, Perm.RAISE_ADVICE)
    points = list(
        Point.objects.filter(item__meeting=meeting)
        .select_related("item")
        .order_by("item__order", "order", "pk")
    )
    advice = list(meeting.advice.select_related("point", "theme").order_by("created_at", "pk"))
    raised = {row.point_id: row for row in advice if row.point_id}
    for point in points:
        point.raised_advice = raised.get(point.pk)
    return render(
        request,
        "advice/meeting.html",
        {"meeting": meeting, "points": points, "advice": advice, "locked": meeting.is_locked},
    )


# --- One piece of advice --------------------------------------------------------


def _detail(request, advice: Advice, *, response_form=None, outcome_form=None, status=200):
    user = request.user
    may_respond = permissions.may_answer_advice(user, advice, Perm.RESPOND_TO_ADVICE)
    may_outcome = permissions.may_answer_advice(user, advice, Perm.RECORD_ADVICE_OUTCOME)
    history = advice.history.select_related("history_user").order_by("-history_date")
    return render(
        request,
        "advice/detail.html",
        {
            "advice": advice,
            "may_edit": permissions.can(user, Perm.RAISE_ADVICE, advice.meeting.body_id),
            "may_read_meeting": permissions.can_view_meeting(user, advice.meeting),
            "response_form": (response_form or ResponseForm(instance=advice))
            if may_respond
            else None,
            "outcome_form": (outcome_form or OutcomeForm(instance=advice))
            if may_outcome and advice.response
            else None,
            "history": history,
        },
        status=status,
    )


@require_GET
def detail(request, pk: int):
    return _detail(request, get_advice(request, pk))


@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    advice = get_advice(request, pk, Perm.RAISE_ADVICE)
    form = AdviceForm(request.POST or None, instance=advice)
    if request.method == "POST":
        if form.is_valid():
            try:
                form.save()
            except MinutesLocked:
                raise PermissionDenied from None
            messages.success(request, "The advice was saved.")
            return redirect("advice:detail", advice.pk)
        return render(request, "advice/edit.html", {"advice": advice, "form": form}, status=400)
    return render(request, "advice/edit.html", {"advice": advice, "form": form})


@require_POST
def respond(request, pk: int):
    advice = get_advice(request, pk, Perm.RESPOND_TO_ADVICE)
    form = ResponseForm(request.POST, instance=Advice.objects.get(pk=advice.pk))
    if not form.is_valid():
        return _detail(request, advice, response_form=form, status=400)
    services.record_response(
        advice=advice,
        response=form.cleaned_data["response"],
        reasons=form.cleaned_data["response_reasons"],
        plan=form.cleaned_data["response_plan"],
        plan_by=form.cleaned_data["response_plan_by"],
        by=request.user,
    )
    messages.success(request, "The response was recorded.")
    return redirect("advice:detail", advice.pk)


@require_POST
def outcome(request, pk: int):
    advice = get_advice(request, pk, Perm.RECORD_ADVICE_OUTCOME)
    form = OutcomeForm(request.POST, instance=Advice.objects.get(pk=advice.pk))
    if not form.is_valid():
        return _detail(request, advice, outcome_form=form, status=400)
    try:
        services.record_outcome(
            advice=advice,
            outcome=form.cleaned_data["outcome"],
            evidence=form.cleaned_data["outcome_evidence"],
            by=request.user,
        )
    except services.AdviceStateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The outcome was recorded: the advice is answered.")
    return redirect("advice:detail", advice.pk)


@require_GET
def to_answer(request):
    """The advice a partner officer is named to answer, open first."""
    advice = (
        Advice.objects.answered_by(request.user)
        .select_related("meeting__body", "theme")
        .order_by("outcome_at", "response_due", "pk")
    )
    return render(
        request, "advice/to_answer.html", {"advice": advice, "today": timezone.localdate()}
    )


# --- The ledger -----------------------------------------------------------------


@require_GET
def index(request):
    bodies = permissions.bodies_where(request.user, Perm.VIEW_ADVICE_LEDGER)
    readable = Body.objects.all() if bodies is None else Body.objects.filter(pk__in=bodies)
    readable = list(readable)
    if len(readable) == 1:
        return redirect("advice:ledger", readable[0].slug)
    return render(request, "advice/index.html", {"bodies": readable})


def _ledger(request, body):
    """The body's advice the user may read, filtered as the query string says: (form,
    queryset); the queryset is empty when the filters are not valid. The form knows
    the years the ledger holds (`form.years`, latest first)."""
    advice = Advice.objects.visible_to(request.user).filter(meeting__body=body)
    years = sorted(
        {
            year
            for year in advice.annotate(year=ExtractYear("meeting__date"))
            .values_list("year", flat=True)
            .distinct()
        },
        reverse=True,
    )
    form = LedgerFilterForm(request.GET or None, body=body, years=years)
    form.years = years
    if form.is_bound and not form.is_valid():
        return form, advice.none()
    filters = form.cleaned_data if form.is_bound else {}
    if filters.get("status"):
        advice = advice.with_status(filters["status"])
    if filters.get("theme"):
        advice = advice.filter(theme=filters["theme"])
    if filters.get("year"):
        advice = advice.filter(meeting__date__year=filters["year"])
    if filters.get("addressee"):
        advice = advice.filter(addressee__icontains=filters["addressee"].strip())
    if filters.get("overdue"):
        advice = advice.filter(overdue())
    return form, advice.order_by("-meeting__date", "-created_at", "-pk")


@require_GET
def ledger(request, slug: str):
    body = get_body(request, slug, Perm.VIEW_ADVICE_LEDGER)
    form, advice = _ledger(request, body)
    page = Paginator(
        advice.select_related("meeting", "theme", "responder"), LEDGER_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    chosen_year = form.cleaned_data.get("year") if form.is_bound and form.is_valid() else None
    return render(
        request,
        "advice/ledger.html",
        {
            "body": body,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "report_year": chosen_year or next(iter(form.years), timezone.localdate().year),
            "may_read_confidential": permissions.can(
                request.user, Perm.VIEW_CONFIDENTIAL_ADVICE, body.pk
            ),
        },
    )


CSV_HEADER = [
    "Meeting",
    "Advised",
    "Advice",
    "Theme",
    "Confidential",
    "Response due",
    "Overdue",
    "Response",
    "Reasons",
    "What will be done",
    "By when",
    "Outcome",
    "Evidence",
    "Status",
]


class _Echo:
    """csv.writer writes into this and gets the line back, for streaming."""

    def write(self, value):
        return value


def _csv_rows(advice, today):
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(CSV_HEADER)  # Excel reads UTF-8 only with a BOM
    for row in advice.select_related("meeting", "theme").iterator(chunk_size=500):
        cells = [
            row.meeting.date.isoformat(),
            row.addressee,
            row.text,
            row.theme.name if row.theme else "",
            "yes" if row.confidential else "no",
            row.response_due.isoformat() if row.response_due else "",
            "yes" if row.is_overdue else "no",
            row.get_response_display() if row.response else "",
            row.response_reasons,
            row.response_plan,
            row.response_plan_by.isoformat() if row.response_plan_by else "",
            row.outcome,
            row.outcome_evidence,
            row.get_status_display(),
        ]
        yield writer.writerow([spreadsheet_safe(cell) for cell in cells])


@require_GET
def ledger_csv(request, slug: str):
    body = get_body(request, slug, Perm.VIEW_ADVICE_LEDGER)
    form, advice = _ledger(request, body)
    if form.is_bound and not form.is_valid():
        messages.error(request, "Fix the filters before exporting.")
        return redirect(f"{reverse('advice:ledger', args=[slug])}?{request.GET.urlencode()}")
    today = timezone.localdate()
    record_export(
        request, what=f"Advice ledger CSV of {body} ({request.GET.urlencode() or 'all'})", body=body
    )
    response = StreamingHttpResponse(
        _csv_rows(advice, today), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{body.slug}-advice-{today:%Y-%m-%d}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- You said, we did -------------------------------------------------------------


class _SignInFirst(Exception):
    """An anonymous reader of what needs an account: sent to sign in."""


def _report(request, slug: str, year: int, edition: Edition):
    """The body and its report for this reader, or _SignInFirst / 403 / 404."""
    if not 2000 <= year <= 2100:
        raise Http404("No such year.")
    if edition is Edition.PUBLIC:
        body = Body.objects.filter(slug=slug).first()
        statuses = body and permissions.public_advice_statuses(request.user, body)
        if statuses is None:
            # Which bodies exist is not for the public to learn from a 404.
            if not request.user.is_authenticated:
                raise _SignInFirst
            if body is None:
                raise Http404("No such body.")
            raise PermissionDenied
        return body, build_report(body=body, year=year, edition=edition, statuses=statuses)
    if not request.user.is_authenticated:
        raise _SignInFirst
    body = get_body(request, slug, Perm.VIEW_CONFIDENTIAL_ADVICE)
    if not permissions.can(request.user, Perm.VIEW_ADVICE_LEDGER, body.pk):
        raise PermissionDenied
    return body, build_report(body=body, year=year, edition=edition)


def _report_or_sign_in(view):
    """The report views are open to anyone for the public edition of a body that
    publishes its minutes; everyone else is asked to sign in, as LoginRequiredMiddleware
    would."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _SignInFirst:
            return redirect_to_login(request.get_full_path())

    return login_not_required(wrapped)


@_report_or_sign_in
@require_GET
def report(request, slug: str, year: int, edition: Edition):
    body, report = _report(request, slug, year, edition)
    response = render(
        request,
        "advice/report.html",
        {
            "body": body,
            "report": report,
            "pdf_url": reverse(f"advice:{edition}_report_pdf", args=[slug, year]),
            "may_read_ledger": permissions.can(request.user, Perm.VIEW_ADVICE_LEDGER, body.pk),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@_report_or_sign_in
@require_GET
def report_pdf(request, slug: str, year: int, edition: Edition):
    body, report = _report(request, slug, year, edition)
    html = render_to_string("advice/report_pdf.html", {"report": report})
    pdf = render_pdf(html)
    if edition is Edition.MEMBERS:
        record_export(
            request, what=f"You said, we did {year} PDF, members' edition, of {body}", body=body
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.filename_stem}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
