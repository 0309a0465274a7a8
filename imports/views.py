import datetime
import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from imports.forms import UploadForm
from imports.parsing import Corrections, parse_minutes
from imports.parsing.corrections import LINE_KINDS, line_kinds
from imports.preview import file_preview
from imports.services import NotMinutes, import_minutes
from members import permissions
from members.models import Body, Membership, validate_initials
from members.permissions import Perm

# The uploaded text waits in the session (server-side) between preview and import,
# with what the officer corrected in the preview.
PENDING = "imports_pending"
# More files than this are imported one request each, behind a progress bar.
AT_ONCE = 5
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
        body, year = form.cleaned_data["body"], form.cleaned_data["year"]
        uploads = form.cleaned_data["files"]
        readable = [upload for upload in uploads if not upload.get("error")]
        pending = {
            "token": secrets.token_urlsafe(16),
            "body": body.pk,
            "year": year,
            "files": [
                {"name": upload["name"], "lines": upload["lines"], "corrections": {}}
                for upload in readable
            ],
            "refused": [upload["refusal"] for upload in uploads if upload.get("error")],
            "done": [],
        }
        request.session[PENDING] = pending
        reports = previews(body, pending, parsed=[upload["parsed"] for upload in readable])
        return preview_page(request, body, pending, reports)
    return render(request, "imports/upload.html", {"form": form})


def previews(body, pending, parsed=None) -> list:
    """A dry-run report (or the reason it failed) for each waiting file."""
    reports = []
    for index, upload in enumerate(pending["files"]):
        try:
            reports.append(
                import_minutes(
                    body=body,
                    source_name=upload["name"],
                    lines=upload["lines"],
                    dry_run=True,
                    year=pending["year"],
                    parsed=parsed[index] if parsed else None,
                    corrections=Corrections.from_json(upload["corrections"]),
                )
            )
        except NotMinutes as error:
            reports.append(str(error))
    return reports


def parsed_files(pending) -> list:
    """Each waiting file read with its corrections (no database), or why it cannot be."""
    read = []
    for upload in pending["files"]:
        try:
            read.append(
                parse_minutes(
                    upload["lines"],
                    year=pending["year"],
                    corrections=Corrections.from_json(upload["corrections"]),
                )
            )
        except NotMinutes as error:
            read.append(str(error))
    return read


def preview_page(request, body, pending, reports, errors=None, status=200):
    errors = errors or {}
    files = []
    for index, (upload, report) in enumerate(zip(pending["files"], reports, strict=True)):
        if isinstance(report, str):
            files.append({"name": upload["name"], "failed": report})
        else:
            preview = file_preview(index, report, upload["lines"], errors.get(index))
            files.append(preview)
    previewed = [f for f in files if not isinstance(f, dict)]
    members = (
        Membership.objects.filter(body=body, end_date__isnull=True)
        .select_related("person")
        .order_by("initials")
    )
    return render(
        request,
        "imports/preview.html",
        {
            "body": body,
            "files": files,
            "token": pending["token"],
            "refused": pending.get("refused", []),
            "importable": any(not f.report.existing for f in previewed),
            "kinds": LINE_KINDS,
            "members": list(members),
            "errors": errors,
            "lazy_lines": len(pending["files"]) > AT_ONCE
            or any(len(upload["lines"]) > LINES_AT_ONCE for upload in pending["files"]),
        },
        status=status,
    )


def waiting(request):
    """(body, pending) for the preview in the session, or (None, None) if there is none."""
    bodies = editable_bodies(request.user)
    pending = request.session.get(PENDING)
    token = request.POST.get("token") or request.GET.get("token")
    if not pending or token != pending.get("token"):
        messages.error(
            request, "That preview has expired or was already imported: upload the files again."
        )
        return None, None
    body = bodies.filter(pk=pending["body"]).first()
    if body is None:
        raise PermissionDenied
    return body, pending


def field(post, key: str, default: str = "") -> str:
    """A field of the preview form, stripped, without NUL characters."""
    return post.get(key, default).replace("\x00", "").strip()


def read_corrections(post, pending, read) -> dict[int, str]:
    """Store what the officer changed in the preview form; {file index: error}.

    `read` is parsed_files(pending): what the form showed, to compare with.
    """
    errors = {}
    for index, (upload, parsed) in enumerate(zip(pending["files"], read, strict=True)):
        prefix = f"f{index}-"
        if isinstance(parsed, str) or not any(key.startswith(prefix) for key in post):
            continue
        corrections = Corrections.from_json(upload["corrections"])
        given = field(post, prefix + "date")
        if given:
            try:
                corrections.date = datetime.date.fromisoformat(given)
            except ValueError:
                errors[index] = (
                    prefix + "date",
                    f"“{given}” is not a date: give it as day, month and year.",
                )
        present = field(post, prefix + "present")
        if present:
            corrections.present = present[:2000]
        location = field(post, prefix + "location")
        if location and location != parsed.header.location:
            corrections.location = location[:300]
        kinds = line_kinds(parsed)
        for key, value in post.items():
            number = key.removeprefix(prefix + "kind-")
            if key.startswith(prefix + "kind-") and number.isdigit() and value in LINE_KINDS:
                number = int(number)
                if value != kinds.get(number, ""):
                    corrections.kinds[number] = value
        error = read_people(post, prefix, parsed, corrections)
        if error:
            errors[index] = error
        upload["corrections"] = corrections.as_json()
    return errors


def read_people(post, prefix, parsed, corrections) -> tuple[str, str] | None:
    """Initials, names and members given for the attendance; (field, error) for the
    first that cannot be taken, which is left as it was."""
    error = None
    taken = {
        corrections.people.get(i, {}).get("initials", row.initials).lower(): i
        for i, row in enumerate(parsed.attendance)
    }
    for row_index, row in enumerate(parsed.attendance):
        key = f"{prefix}initials-{row_index}"
        initials = field(post, key, row.initials)
        name = field(post, f"{prefix}name-{row_index}", row.name)[:200]
        if (initials, name) != (row.initials, row.name):
            try:
                validate_initials(initials)
            except ValidationError:
                error = error or (key, f"“{initials}” are not initials (e.g. NS, EBr, AK/2).")
                continue
            if taken.get(initials.lower(), row_index) != row_index:
                error = error or (
                    key,
                    f"Two people would have the initials {initials}: tell them apart (AK/1, AK/2).",
                )
                continue
            taken.pop(row.initials.lower(), None)
            taken[initials.lower()] = row_index
            corrections.people[row_index] = {"initials": initials, "name": name}
        member_key = f"{prefix}member-{row_index}"
        member = field(post, member_key)
        if member.isdigit():
            if int(member) and int(member) in [
                pk for i, pk in corrections.members.items() if i != row_index
            ]:
                error = error or (
                    member_key,
                    "The same member is chosen for two people: choose each member once.",
                )
                continue
            corrections.members[row_index] = int(member)
        elif member == "" and row_index in corrections.members:
            del corrections.members[row_index]
    return error


@require_POST
def correct(request):
    """Apply the officer's corrections and show the preview again; nothing is saved."""
    body, pending = waiting(request)
    if body is None:
        return redirect("imports:upload")
    errors = read_corrections(request.POST, pending, parsed_files(pending))
    request.session.modified = True
    return preview_page(request, body, pending, previews(body, pending), errors)


@require_POST
def confirm(request):
    body, pending = waiting(request)
    if body is None:
        return redirect("imports:upload")
    errors = read_corrections(request.POST, pending, parsed_files(pending))
    request.session.modified = True
    for index, parsed in enumerate(parsed_files(pending)):
        if not isinstance(parsed, str) and parsed.header.date is None:
            errors.setdefault(
                index, (f"f{index}-date", "Give the date of this meeting: it could not be read.")
            )
    if errors:
        return preview_page(request, body, pending, previews(body, pending), errors)
    if len(pending["files"]) > AT_ONCE:
        return render(
            request,
            "imports/progress.html",
            {"body": body, "token": pending["token"], "total": len(pending["files"])},
        )
    for index in range(len(pending["files"])):
        import_one(request, body, pending, index)
    return finish(request, body, pending)


def import_one(request, body, pending, index: int) -> None:
    upload = pending["files"][index]
    try:
        report = import_minutes(
            body=body,
            source_name=upload["name"],
            lines=upload["lines"],
            dry_run=False,
            by=request.user,
            year=pending["year"],
            corrections=Corrections.from_json(upload["corrections"]),
        )
    except NotMinutes as error:
        pending["done"].append({"name": upload["name"], "error": str(error)})
    else:
        pending["done"].append(
            {
                "name": upload["name"],
                "meeting": report.meeting_id,
                "date": report.date.isoformat(),
                "existing": report.existing,
                "flagged": report.counts()["flagged"],
            }
        )
    request.session.modified = True


@require_POST
def step(request):
    """Import the next file of a batch; the progress bar asks again until all are done."""
    body, pending = waiting(request)
    if body is None:
        return redirect("imports:upload")
    index = len(pending["done"])
    if index < len(pending["files"]):
        import_one(request, body, pending, index)
    if len(pending["done"]) < len(pending["files"]):
        return render(
            request,
            "imports/progress.html#progress",
            {
                "token": pending["token"],
                "total": len(pending["files"]),
                "done": len(pending["done"]),
                "last": pending["done"][-1],
            },
        )
    return finish(request, body, pending, template="imports/done.html#report")


def finish(request, body, pending, template="imports/done.html"):
    done = pending["done"]
    del request.session[PENDING]
    imported = [d for d in done if "error" not in d]
    for entry in imported:
        entry["date"] = datetime.date.fromisoformat(entry["date"])
    if len(done) == 1 and imported and not pending.get("refused"):
        entry = imported[0]
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
    return render(
        request,
        template,
        {
            "body": body,
            "imported": [d for d in imported if not d["flagged"]],
            "attention": [d for d in imported if d["flagged"]],
            "failed": [f"“{d['name']}”: {d['error']}" for d in done if "error" in d]
            + pending.get("refused", []),
        },
    )


@require_http_methods(["GET"])
def lines(request, index: int):
    """One file's lines and what they became: loaded when opened, in a preview of many files."""
    body, pending = waiting(request)
    if body is None or index >= len(pending["files"]):
        return redirect("imports:upload")
    upload = pending["files"][index]
    report = previews(body, {**pending, "files": [upload]})[0]
    if isinstance(report, str):
        return render(request, "imports/_lines.html#lines", {"file": None})
    return render(
        request,
        "imports/_lines.html#lines",
        {"file": file_preview(index, report, upload["lines"]), "kinds": LINE_KINDS},
    )
