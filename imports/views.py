import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from imports.forms import UploadForm
from imports.services import NotMinutes, import_minutes
from members import permissions
from members.models import Body
from members.permissions import Perm

# The uploaded text waits in the session (server-side) between preview and import.
PENDING = "imports_pending"


def editable_bodies(user):
    """Bodies where the user may edit minutes; 403 if there are none."""
    ids = permissions.bodies_where(user, Perm.EDIT_MINUTES)
    if ids is not None and not ids:
        raise PermissionDenied
    bodies = Body.objects.all()
    return bodies if ids is None else bodies.filter(pk__in=ids)


@require_http_methods(["GET", "POST"])
def upload(request):
    bodies = editable_bodies(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        body, year = form.cleaned_data["body"], form.cleaned_data["year"]
        previews, failed = [], []
        for upload in form.cleaned_data["files"]:
            try:
                report = import_minutes(
                    body=body,
                    source_name=upload["name"],
                    lines=upload["lines"],
                    dry_run=True,
                    year=year,
                    parsed=upload["parsed"],
                )
            except NotMinutes as error:
                failed.append(f"“{upload['name']}”: {error}")
                continue
            previews.append((upload, report))
        if failed:
            for error in failed:
                form.add_error("files", error)
        else:
            token = secrets.token_urlsafe(16)
            request.session[PENDING] = {
                "token": token,
                "body": body.pk,
                "year": year,
                "files": [
                    {"name": upload["name"], "lines": upload["lines"]}
                    for upload, _report in previews
                ],
            }
            return render(
                request,
                "imports/preview.html",
                {
                    "body": body,
                    "reports": [report for _upload, report in previews],
                    "token": token,
                    "importable": any(not report.existing for _u, report in previews),
                },
            )
    return render(request, "imports/upload.html", {"form": form})


@require_POST
def confirm(request):
    bodies = editable_bodies(request.user)
    pending = request.session.get(PENDING)
    if not pending or request.POST.get("token") != pending.get("token"):
        messages.error(
            request, "That preview has expired or was already imported: upload the files again."
        )
        return redirect("imports:upload")
    body = bodies.filter(pk=pending["body"]).first()
    if body is None:
        raise PermissionDenied
    reports, failed = [], []
    for upload in pending["files"]:
        try:
            reports.append(
                import_minutes(
                    body=body,
                    source_name=upload["name"],
                    lines=upload["lines"],
                    dry_run=False,
                    by=request.user,
                    year=pending["year"],
                )
            )
        except NotMinutes as error:
            failed.append(f"“{upload['name']}”: {error}")
    del request.session[PENDING]
    if len(reports) == 1 and not failed:
        report = reports[0]
        if report.existing:
            messages.info(request, f"{report.source_name} was already imported: nothing created.")
        else:
            flagged = report.counts()["flagged"]
            messages.success(
                request,
                f"Imported {report.source_name}."
                + (
                    f" {flagged} passage(s) did not fit the layout and are flagged for review: "
                    "Admin › Imported legacy minutes."
                    if flagged
                    else ""
                ),
            )
        return redirect("meetings:detail", report.meeting_id)
    return render(
        request, "imports/done.html", {"body": body, "reports": reports, "failed": failed}
    )
