import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from imports import batches, tasks
from imports.batches import dry_run, is_big, remember
from imports.forms import UploadForm
from imports.models import BatchStatus, ImportBatch
from imports.parsing.corrections import LINE_KINDS
from imports.preview import batch_entries, file_preview
from imports.preview_form import read_corrections
from members import permissions
from members.models import Body, Membership
from members.permissions import Perm

# The officer's latest batch, by its token (the batch itself is in the database).
PENDING = "imports_pending"
# A file longer than this shows its lines when the officer opens them (a request of
# its own), so that the preview of the longest file allowed stays quick.
LINES_AT_ONCE = 1_000


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
        uploads = form.cleaned_data["files"]
        batch = batches.start_batch(
            body=form.cleaned_data["body"],
            by=request.user,
            year=form.cleaned_data["year"],
            uploads=uploads,
        )
        request.session[PENDING] = {"token": batch.token}
        if is_big(batch):
            transaction.on_commit(lambda: tasks.read_batch.enqueue(batch.pk))
            return redirect("imports:batch", batch.token)
        parsed = [upload["parsed"] for upload in uploads if not upload.get("error")]
        return preview_page(request, batch, batches.read_batch(batch, parsed))
    return render(request, "imports/upload.html", {"form": form})


def owned_batch(request, token: str | None, *, status=None):
    """The user's batch with this token, in a body where they edit minutes; None (with a
    message) if there is none, or it is no longer at `status`."""
    bodies = editable_bodies(request.user)
    batch = (
        ImportBatch.objects.filter(token=(token or "").replace("\x00", ""), created_by=request.user)
        .select_related("body")
        .first()
    )
    if batch is not None and not bodies.filter(pk=batch.body_id).exists():
        raise PermissionDenied
    if batch is None or (status and batch.status != status):
        messages.error(
            request, "That preview has expired or was already imported: upload the files again."
        )
        return None
    return batch


def waiting(request):
    """The batch waiting for the officer's preview, named by the form's token."""
    token = request.POST.get("token") or request.GET.get("token")
    return owned_batch(request, token, status=BatchStatus.PREVIEWED)


def preview_page(request, batch, reports=None, errors=None, status=200):
    """Every file's preview; a big batch shows each file's when it is opened, but
    those with an error in full."""
    errors = errors or {}
    files = list(batch.files.defer("lines") if is_big(batch) else batch.files.all())
    shown = [f for f in files if not is_big(batch) or f.index in errors]
    if reports is None or is_big(batch):
        reports = {f.index: dry_run(batch, f) for f in shown}
    else:
        reports = dict(zip([f.index for f in files], reports, strict=True))
    previews = {
        f.index: file_preview(f.index, reports[f.index], f.lines, errors.get(f.index))
        for f in shown
        if not isinstance(reports[f.index], str)
    }
    return render(
        request,
        "imports/preview.html",
        {
            "body": batch.body,
            "entries": batch_entries(files, previews),
            "token": batch.token,
            "refused": batch.refused,
            "importable": any(
                f.preview and not f.preview.get("failed") and not f.preview.get("existing")
                for f in files
            ),
            "errors": errors,
            **file_context(batch, lazy=any(long(f) for f in shown)),
        },
        status=status,
    )


def long(file) -> bool:
    return len(file.lines) > LINES_AT_ONCE


def file_context(batch, lazy: bool) -> dict:
    members = (
        Membership.objects.filter(body=batch.body, end_date__isnull=True)
        .select_related("person")
        .order_by("initials")
    )
    return {"kinds": LINE_KINDS, "members": list(members), "lazy_lines": lazy, "body": batch.body}


def correct_batch(request):
    """(batch, errors): the officer's corrections kept, the changed files read again."""
    batch = waiting(request)
    if batch is None:
        return None, {}
    # Only the files whose fields the form showed (a big batch: those opened).
    shown = {int(m[1]) for key in request.POST if (m := re.match(r"f(\d+)-", key))}
    files = list(batch.files.filter(index__in=shown))
    errors, changed = read_corrections(request.POST, batch, files)
    for file in changed:
        remember(file, dry_run(batch, file))
    return batch, errors


@require_POST
def correct(request):
    """Apply the officer's corrections and show the preview again; nothing is saved."""
    batch, errors = correct_batch(request)
    if batch is None:
        return redirect("imports:upload")
    return preview_page(request, batch, errors=errors)


@require_POST
def confirm(request):
    batch, errors = correct_batch(request)
    if batch is None:
        return redirect("imports:upload")
    for file in batch.files.defer("lines"):
        preview = file.preview or {}
        if not preview.get("failed") and not preview.get("date"):
            errors.setdefault(
                file.index,
                (f"f{file.index}-date", "Give the date of this meeting: it could not be read."),
            )
    if errors:
        return preview_page(request, batch, errors=errors)
    if not batches.begin_import(batch):
        return redirect("imports:batch", batch.token)
    if is_big(batch):
        transaction.on_commit(lambda: tasks.import_batch.enqueue(batch.pk))
        return redirect("imports:batch", batch.token)
    batches.import_batch(batch)
    return finish(request, batch)


@require_GET
def batch(request, token: str):
    """A batch where it is: a progress bar while a task works on it, then the previews,
    then the report."""
    batch = owned_batch(request, token)
    if batch is None:
        return redirect("imports:upload")
    if batch.running:
        return render(request, "imports/progress.html", {"batch": batch})
    if batch.status == BatchStatus.PREVIEWED:
        return preview_page(request, batch)
    return finish(request, batch)


@require_GET
def progress(request, token: str):
    """The progress bar, asked for again and again by htmx; the page itself once the
    task is done (or when opened as a page)."""
    batch = owned_batch(request, token)
    goto = reverse("imports:batch", args=[batch.token]) if batch else reverse("imports:upload")
    if not request.htmx:
        return redirect(goto)
    if batch is None or not batch.running:
        return HttpResponseClientRedirect(goto)
    return render(request, "imports/progress.html#progress", {"batch": batch})


def finish(request, batch):
    request.session.pop(PENDING, None)
    report = batches.end_report(batch)
    entries = report["imported"] + report["attention"]
    if batch.total == 1 and entries and not report["failed"]:
        entry = entries[0]
        if entry["existing"]:
            messages.info(request, f"{entry['name']} was already imported: nothing created.")
        else:
            messages.success(
                request,
                f"Imported {entry['name']}."
                + (
                    f" {entry['flagged']} passage(s) did not fit the layout and are flagged "
                    "for review: Admin › Imported legacy minutes."
                    if entry["flagged"]
                    else ""
                ),
            )
        return redirect("meetings:detail", entry["meeting"])
    return render(request, "imports/done.html", {"body": batch.body, **report})


@require_GET
def one_file(request, index: int):
    """One file's preview, loaded when the officer opens it in a big batch."""
    batch = waiting(request)
    found = batch and batch.files.filter(index=index).first()
    if not found:
        return redirect("imports:upload")
    report = dry_run(batch, found)
    preview = None if isinstance(report, str) else file_preview(index, report, found.lines)
    return render(
        request,
        "imports/_file.html#file",
        {"file": preview, "token": batch.token, **file_context(batch, lazy=long(found))},
    )


@require_GET
def lines(request, index: int):
    """One file's lines and what they became: loaded when opened, for a long file."""
    batch = waiting(request)
    found = batch and batch.files.filter(index=index).first()
    if not found:
        return redirect("imports:upload")
    report = dry_run(batch, found)
    if isinstance(report, str):
        return render(request, "imports/_lines.html#lines", {"file": None})
    return render(
        request,
        "imports/_lines.html#lines",
        {"file": file_preview(index, report, found.lines), "kinds": LINE_KINDS},
    )
