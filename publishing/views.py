from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.middleware.csp import get_nonce
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_GET

from accounts.audit import record_download
from members import permissions
from publishing import stored
from publishing.editions import (
    Edition,
    EditionNotAllowed,
    NoSuchMinutes,
    build_minutes,
    meeting_for_edition,
)
from publishing.models import DocumentKind
from publishing.pdf import cached_pdf
from publishing.stored import DOCX_TYPE
from publishing.word import cached_docx


def _meeting_or_login(request, pk: int, edition: Edition):
    """(meeting, None) for a reader of this edition, or (None, redirect to sign in);
    404 or 403 as HTTP says what the edition builder found."""
    try:
        return meeting_for_edition(request.user, pk, edition), None
    except NoSuchMinutes as error:
        raise Http404(str(error)) from None
    except EditionNotAllowed as error:
        if error.sign_in_first:
            return None, redirect_to_login(request.get_full_path())
        raise PermissionDenied from None


def _protect(response, meeting, edition: Edition):
    """Only the public edition of published minutes may sit in shared caches."""
    if edition is Edition.PUBLIC and permissions.is_public(meeting):
        patch_cache_control(response, public=True, max_age=300)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


def _not_modified(request, meeting, edition: Edition, what: str):
    """A 304 for a reader whose copy of this version is current, else None."""
    headers = stored.validators(meeting, edition, what)
    response = get_conditional_response(
        request, etag=headers["ETag"], last_modified=stored.last_modified(meeting)
    )
    if response is None:
        return None
    for name, value in headers.items():
        response[name] = value
    return _protect(response, meeting, edition)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _same_for_every_reader(request) -> bool:
    """An anonymous reader with no session and no pending message sees exactly what
    every other such reader sees (no name, no CSRF token, no message): their page of
    agreed minutes can be served as it was first rendered."""
    return (
        not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


@login_not_required
@require_GET
def print_view(request, pk: int, edition: Edition):
    meeting, login = _meeting_or_login(request, pk, edition)
    if meeting is None:
        return login
    # Agreed minutes: the document comes from the cache, and an anonymous reader's
    # page (the same for every such reader) answers 304 while the version stands,
    # or is served whole as it was first rendered for this version.
    anonymous_record = stored.is_record(meeting) and not request.user.is_authenticated
    if anonymous_record and (not_modified := _not_modified(request, meeting, edition, "html")):
        return not_modified

    def page() -> str:
        if stored.is_record(meeting):
            document = stored.document_html(meeting, edition)
        else:
            minutes = build_minutes(meeting, edition=edition)
            document = stored.Document(
                minutes.title,
                render_to_string("publishing/_document.html", {"minutes": minutes}),
            )
        context = {
            "meeting": meeting,
            "edition": edition,
            "document": document,
            "can_open_meeting": permissions.can_view_meeting(request.user, meeting),
            "pdf_url": reverse(f"publishing:{edition}_pdf", args=[meeting.pk]),
            "docx_url": reverse(f"publishing:{edition}_docx", args=[meeting.pk]),
        }
        return render_to_string("publishing/print.html", context, request)

    if anonymous_record and _same_for_every_reader(request):
        nonce = get_nonce(request)  # generated here if not yet: the page needs it
        nonce = "" if nonce is None else str(nonce)
        response = HttpResponse(stored.kept_page(meeting, edition, nonce, page))
    else:
        response = HttpResponse(page())
    if anonymous_record:
        for name, value in stored.validators(meeting, edition, "html").items():
            response[name] = value
    return _protect(response, meeting, edition)


def _stored_download(request, meeting, edition: Edition, kind: str, what: str):
    """Agreed minutes: the stored file of this version, streamed; 304 for a current
    copy; or, until the file is ready, a page that says so and follows its render."""
    if not_modified := _not_modified(request, meeting, edition, kind):
        return not_modified
    document = stored.find(meeting, edition, kind)
    if document is None and stored.request_render(meeting):
        document = stored.find(meeting, edition, kind)  # rendered at once by some backends
    if document is None:
        return _protect(_preparing(request, meeting, edition, kind), meeting, edition)
    if request.htmx:  # the preparing page's poll: the file is ready
        return _protect(_preparing(request, meeting, edition, kind, ready=True), meeting, edition)
    response = FileResponse(
        default_storage.open(document.name),
        as_attachment=True,
        filename=stored.download_name(meeting, edition, kind),
        content_type=stored.CONTENT_TYPES[kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    for name, value in stored.validators(meeting, edition, kind).items():
        response[name] = value
    record_download(request, meeting=meeting, edition=edition, what=what)
    return _protect(response, meeting, edition)


def _preparing(request, meeting, edition: Edition, kind: str, *, ready: bool = False):
    context = {
        "meeting": meeting,
        "edition": edition,
        "kind": "PDF" if kind == DocumentKind.PDF else "Word document",
        "url": request.path,
        "print_url": reverse(f"publishing:{edition}_print", args=[meeting.pk]),
        "ready": ready,
        "progress": "" if ready else stored.progress(meeting),
    }
    if request.htmx:
        return render(request, "publishing/preparing.html#status", context)
    return render(request, "publishing/preparing.html", context)


@login_not_required
@require_GET
def pdf_download(request, pk: int, edition: Edition):
    meeting, login = _meeting_or_login(request, pk, edition)
    if meeting is None:
        return login
    if stored.is_record(meeting):
        return _stored_download(request, meeting, edition, DocumentKind.PDF, "PDF")
    minutes = build_minutes(meeting, edition=edition)
    html = render_to_string("publishing/minutes_pdf.html", {"minutes": minutes})
    response = _download(cached_pdf(html), "application/pdf", f"{minutes.filename_stem}.pdf")
    record_download(request, meeting=meeting, edition=edition, what="PDF")
    return _protect(response, meeting, edition)


@login_not_required
@require_GET
def docx_download(request, pk: int, edition: Edition):
    meeting, login = _meeting_or_login(request, pk, edition)
    if meeting is None:
        return login
    if stored.is_record(meeting):
        return _stored_download(request, meeting, edition, DocumentKind.DOCX, "Word document")
    minutes = build_minutes(meeting, edition=edition)
    response = _download(cached_docx(minutes), DOCX_TYPE, f"{minutes.filename_stem}.docx")
    record_download(request, meeting=meeting, edition=edition, what="Word document")
    return _protect(response, meeting, edition)
