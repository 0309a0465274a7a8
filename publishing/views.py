from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.html import escape
from django.views.decorators.http import require_GET

from accounts.audit import record_download
from iag_portal.context_processors import navigation
from members import permissions
from publishing import kept_responses, stored
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


def _protect(request, response, meeting, edition: Edition):
    """Only the public edition of published minutes, as an anonymous reader is given it,
    may sit in shared caches (a signed-in reader's page holds their name and token)."""
    anonymous = not request.user.is_authenticated
    if edition is Edition.PUBLIC and permissions.is_public(meeting) and anonymous:
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
    return _protect(request, response, meeting, edition)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _reader_class(request, meeting, can_open_meeting: bool) -> str | None:
    """What the print page shows that depends on the reader, as a key: everyone in the
    same class is shown the same page but for their own CSP nonce, CSRF token and name
    (publishing.stored.kept_page puts those back). None: this reader's page is rendered
    for them alone (a message is waiting to be shown, or an anonymous reader has a
    session, whose page might differ in ways the class does not name)."""
    if request.COOKIES.get("messages"):  # emptied by the answer that showed them
        return None
    user = request.user
    if not user.is_authenticated:
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return None
        return "anonymous"
    if "_messages" in request.session:
        return None
    # base.html's only other per-reader parts: the menu's entries, from
    # members.permissions (a new per-reader part there must be named here too).
    menu = navigation(request)
    entries = ",".join(name for name, allowed in sorted(menu.items()) if allowed)
    return f"signed-in:{int(can_open_meeting)}:{entries}"


def _fills(request, nonce: str, csrf_token: str) -> dict[str, str]:
    """This request's own values in the page, by the mark each has in a kept page."""
    fills = {stored.NONCE_MARK: f'nonce="{nonce}"'}
    if request.user.is_authenticated:
        name = escape(request.user.get_full_name() or request.user.get_username())
        fills |= {
            stored.CSRF_MARK: f'name="csrfmiddlewaretoken" value="{csrf_token}"',
            stored.SIGNED_IN_MARK: f"Signed in as {name}</span>",
            stored.SIGN_OUT_MARK: f'aria-label="Sign out {name}"',
        }
    return fills


@login_not_required
@require_GET
def print_view(request, pk: int, edition: Edition):
    meeting, login = _meeting_or_login(request, pk, edition)
    if meeting is None:
        return login
    # Agreed minutes: the document comes from the cache, and an anonymous reader's
    # page (the same for every such reader) answers 304 while the version stands.
    record = stored.is_record(meeting)
    anonymous_record = record and not request.user.is_authenticated
    if anonymous_record and (not_modified := _not_modified(request, meeting, edition, "html")):
        return not_modified
    can_open_meeting = permissions.can_view_meeting(request.user, meeting)
    # The token this request's page carries: one, so a kept page can be given it.
    csrf_token = get_token(request) if request.user.is_authenticated else ""

    def page() -> str:
        if record:
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
            "can_open_meeting": can_open_meeting,
            "pdf_url": reverse(f"publishing:{edition}_pdf", args=[meeting.pk]),
            "docx_url": reverse(f"publishing:{edition}_docx", args=[meeting.pk]),
        }
        if csrf_token:
            context["csrf_token"] = csrf_token
        return render_to_string("publishing/print.html", context, request)

    # Agreed minutes: the whole page is rendered once per version for each class of
    # reader, and served as it was first rendered with this request's own values.
    reader = _reader_class(request, meeting, can_open_meeting) if record else None
    if reader is not None:
        nonce = get_nonce(request)  # generated here if not yet: the page needs it
        nonce = "" if nonce is None else str(nonce)
        fills = _fills(request, nonce, csrf_token)
        response = HttpResponse(stored.kept_page(meeting, edition, reader, fills, page))
        kept_responses.keep(response, nonce, csrf_token)
    else:
        response = HttpResponse(page())
    if anonymous_record:
        for name, value in stored.validators(meeting, edition, "html").items():
            response[name] = value
    return _protect(request, response, meeting, edition)


def _stored_download(request, meeting, edition: Edition, kind: str, what: str):
    """Agreed minutes: the stored file of this version, streamed; 304 for a current
    copy; or, until the file is ready, a page that says so and follows its render."""
    if not_modified := _not_modified(request, meeting, edition, kind):
        return not_modified
    document = stored.find(meeting, edition, kind)
    if document is None and stored.request_render(meeting):
        document = stored.find(meeting, edition, kind)  # rendered at once by some backends
    if document is None:
        return _protect(request, _preparing(request, meeting, edition, kind), meeting, edition)
    if request.htmx:  # the preparing page's poll: the file is ready
        return _protect(
            request, _preparing(request, meeting, edition, kind, ready=True), meeting, edition
        )
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
    return _protect(request, response, meeting, edition)


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
    return _protect(request, response, meeting, edition)


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
    return _protect(request, response, meeting, edition)
