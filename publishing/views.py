from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from accounts.audit import record_download
from members import permissions
from publishing.editions import (
    Edition,
    EditionNotAllowed,
    NoSuchMinutes,
    build_minutes,
    meeting_for_edition,
)
from publishing.pdf import cached_pdf
from publishing.word import render_docx

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _minutes_or_login(request, pk: int, edition: Edition):
    """(meeting, minutes) for a reader of this edition, or (None, redirect to sign in);
    404 or 403 as HTTP says what the edition builder found."""
    try:
        meeting = meeting_for_edition(request.user, pk, edition)
    except NoSuchMinutes as error:
        raise Http404(str(error)) from None
    except EditionNotAllowed as error:
        if error.sign_in_first:
            return None, redirect_to_login(request.get_full_path())
        raise PermissionDenied from None
    return meeting, build_minutes(meeting, edition=edition)


def _protect(response, meeting, edition: Edition):
    """Only the public edition of published minutes may sit in shared caches."""
    if edition is Edition.PUBLIC and permissions.is_public(meeting):
        patch_cache_control(response, public=True, max_age=300)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_not_required
@require_GET
def print_view(request, pk: int, edition: Edition):
    meeting, minutes = _minutes_or_login(request, pk, edition)
    if meeting is None:
        return minutes
    response = render(
        request,
        "publishing/print.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "can_open_meeting": permissions.can_view_meeting(request.user, meeting),
            "pdf_url": reverse(f"publishing:{edition}_pdf", args=[meeting.pk]),
            "docx_url": reverse(f"publishing:{edition}_docx", args=[meeting.pk]),
        },
    )
    return _protect(response, meeting, edition)


@login_not_required
@require_GET
def pdf_download(request, pk: int, edition: Edition):
    meeting, minutes = _minutes_or_login(request, pk, edition)
    if meeting is None:
        return minutes
    html = render_to_string("publishing/minutes_pdf.html", {"minutes": minutes})
    response = _download(cached_pdf(html), "application/pdf", f"{minutes.filename_stem}.pdf")
    record_download(request, meeting=meeting, edition=edition, what="PDF")
    return _protect(response, meeting, edition)


@login_not_required
@require_GET
def docx_download(request, pk: int, edition: Edition):
    meeting, minutes = _minutes_or_login(request, pk, edition)
    if meeting is None:
        return minutes
    response = _download(render_docx(minutes), DOCX_TYPE, f"{minutes.filename_stem}.docx")
    record_download(request, meeting=meeting, edition=edition, what="Word document")
    return _protect(response, meeting, edition)
