"""Agreed minutes are a record: each version of each edition is rendered once and kept.

Approved and published minutes change only by a recorded step or amendment, and
each of those makes a new `Meeting.version`. So everything printed from them is
keyed by (meeting, edition, version):

- the print view's document HTML sits in the shared cache (`document_html`);
- the PDF and Word files are rendered in the background (publishing/tasks.py) when
  the minutes are agreed, published, withdrawn or amended, stored through Django's
  storage (`STORAGES["default"]`) and listed as `StoredDocument` rows; a download
  streams the stored file and never renders;
- their ETag names the version, so a repeat request is answered 304.

Drafts change with every keystroke: they render on demand (publishing/pdf.py's
content-keyed cache). One render per version, however many workers or machines ask
at once: the first to `claim` the version in the shared cache enqueues the task.
"""

import functools
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.http import http_date

from iag_portal import kept
from meetings.models import AGREED_STATUSES, Meeting
from publishing.editions import Edition, Minutes, build_minutes
from publishing.models import DocumentKind, StoredDocument

logger = logging.getLogger(__name__)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES = {DocumentKind.PDF: "application/pdf", DocumentKind.DOCX: DOCX_TYPE}
# A claimed render that has not finished in this time (a worker died) may be claimed again.
CLAIM_SECONDS = 10 * 60
# The print view's HTML of a version: kept a week, rebuilt on a miss.
HTML_SECONDS = 7 * 24 * 60 * 60


def is_record(meeting: Meeting) -> bool:
    """Minutes served as a stored record rather than rendered for each reader."""
    return meeting.status in AGREED_STATUSES


def etag(meeting: Meeting, edition: Edition, what: str) -> str:
    return f'"minutes-{meeting.pk}-v{meeting.version}-{edition}-{what}"'


def last_modified(meeting: Meeting) -> int:
    return int(meeting.updated_at.timestamp())  # whole seconds, as HTTP dates are


def validators(meeting: Meeting, edition: Edition, what: str) -> dict[str, str]:
    """The ETag and Last-Modified headers of a stored record."""
    return {
        "ETag": etag(meeting, edition, what),
        "Last-Modified": http_date(last_modified(meeting)),
    }


def download_name(meeting: Meeting, edition: Edition, kind: str) -> str:
    """What the reader's copy is called (as publishing.editions names it)."""
    return f"{meeting.body.slug}-{meeting.date:%Y-%m-%d}-minutes-{edition}.{kind}"


def file_name(meeting: Meeting, version: int, edition: Edition, kind: str) -> str:
    """Where the file is kept: storage may add a suffix if the name is taken."""
    return f"minutes/{meeting.pk}/v{version}/{download_name(meeting, edition, kind)}"


# --- The print view's document ------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """The rendered document of one edition of one version, as the print view shows it."""

    title: str
    html: str


@functools.cache
def kept_format() -> str:
    """The fingerprint of the code that makes kept minutes, documents and pages: the
    classes a kept `Minutes` is pickled as and their builders, and the templates.
    A deploy that changes any of them reads nothing kept by the release before (an
    old pickle could fail to load, or lack a field the new templates read)."""
    import advice.presenters
    import committee.presenters
    import publishing.editions

    return kept.of_code(
        [publishing.editions, advice.presenters, committee.presenters],
        ["publishing/_document.html", "publishing/print.html", "base.html"],
    )


def _kept(key: str):
    """What the shared cache keeps under `key`, or None: an entry that cannot be read
    back (a pickle of classes that have since changed) is a miss, never a 500."""
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001 - any failure to read a kept entry is a miss
        logger.warning("Kept entry %s could not be read; made again", key, exc_info=True)
        return None


def agreed_minutes(meeting: Meeting, edition: Edition) -> Minutes:
    """The printed minutes of this version of agreed minutes in `edition`, built once
    per version: from this worker's memory, else the shared cache, else built and
    kept. The meeting page and the print view's document read them. The key names the
    edition, so a reader of the public edition is never given the members', and the
    version with its time (just read from the database by the caller), so an
    amendment or withdrawal is never answered with the minutes it replaced."""
    stamp = meeting.updated_at.timestamp()
    key = f"publishing:minutes:{kept_format()}:{meeting.pk}:v{meeting.version}:{stamp}:{edition}"
    minutes = _minutes.get(key)
    if minutes is not None:
        return minutes
    minutes = _kept(key)
    if minutes is None:
        minutes = build_minutes(meeting, edition=edition)
        cache.set(key, minutes, HTML_SECONDS)
    _minutes.put(key, minutes)
    return minutes


def document_html(meeting: Meeting, edition: Edition) -> Document:
    """The document of agreed minutes from the cache, built and kept on a miss. The
    key names the edition, so a reader of the public edition is never given the
    members'."""
    key = f"publishing:document:{kept_format()}:{meeting.pk}:v{meeting.version}:{edition}"
    cached = _kept(key)
    if cached is not None:
        return Document(*cached)
    minutes = agreed_minutes(meeting, edition)
    document = Document(
        minutes.title, render_to_string("publishing/_document.html", {"minutes": minutes})
    )
    cache.set(key, (document.title, document.html), HTML_SECONDS)
    return document


def kept_page(meeting: Meeting, edition: Edition, reader: str, fills: dict, render_page) -> str:
    """The whole print page of agreed minutes as one class of reader sees it, rendered
    once per version and class: from this worker's memory, else the shared cache, else
    `render_page()`. `reader` names everything the page shows that depends on who asks
    (publishing.views decides it from members.permissions: anonymous, or signed in with
    the edition, the meeting's link and the menu's entries the reader may reach), so a
    page is only ever served to a reader who sees exactly the same.

    The key names the version and its time, which the view has just read from the
    database, so a page kept in memory is never older than the minutes; an amendment,
    withdrawal or publication makes a new version and a new key. What is the request's
    own (its CSP nonce, CSRF token, the reader's name) is `fills`: {mark: this request's
    text}. The rendered page (made with this request's own values) is kept with each
    value swapped for its mark, and each request's own values are put back in their
    places, so nothing of one request is served to another. A rendered page that does
    not hold each value exactly where expected (a template changed) is served as it is
    and not kept."""
    stamp = meeting.updated_at.timestamp()
    version = f"{meeting.pk}:v{meeting.version}:{stamp}"
    key = f"publishing:page:{kept_format()}:{version}:{edition}:{reader}"
    page = _pages.get(key)
    if page is None:
        page = _kept(key)
        if page is None:
            rendered = render_page()
            page = _marked(rendered, fills)
            if page is None:
                return rendered
            cache.set(key, page, HTML_SECONDS)
        _pages.put(key, page)
    for mark, own in fills.items():
        page = page.replace(mark, own)
    return page


def _marked(rendered: str, fills: dict) -> str | None:
    """`rendered` with each request's own value replaced by its mark; None if a value
    is not where it should be (missing, or a nonce's mark expected once or more)."""
    for mark, own in fills.items():
        count = rendered.count(own)
        if count == 0 or (mark in ONCE_MARKS and count != 1):
            return None
        rendered = rendered.replace(own, mark)
    return rendered


# Where a kept page's request values were: each holds a NUL, which no text of the
# portal can hold (iag_portal.middleware refuses it), inside quotes or markup, which
# escaped text cannot hold.
NONCE_MARK = 'nonce="\x00"'
CSRF_MARK = 'name="csrfmiddlewaretoken" value="\x00"'
SIGNED_IN_MARK = "Signed in as \x00</span>"
SIGN_OUT_MARK = 'aria-label="Sign out \x00"'
ONCE_MARKS = {CSRF_MARK, SIGNED_IN_MARK, SIGN_OUT_MARK}
# Pages and minutes kept in each worker's memory: a few MB at most.
KEPT_PAGES = 64
_pages = kept.WorkerMemory(KEPT_PAGES)
_minutes = kept.WorkerMemory(KEPT_PAGES)


def forget_kept_pages() -> None:
    """Empty this worker's memory of pages (the tests do, between tests)."""
    from publishing import kept_responses

    _pages.clear()
    _minutes.clear()
    kept_responses.forget()


# --- The stored files -----------------------------------------------------------------


def find(meeting: Meeting, edition: Edition, kind: str) -> StoredDocument | None:
    """The stored file of this version of this edition, if it has been rendered."""
    return StoredDocument.objects.filter(
        meeting=meeting, version=meeting.version, edition=edition, kind=kind
    ).first()


def _claim_key(meeting_pk: int, version: int) -> str:
    return f"publishing:render:{meeting_pk}:v{version}"


def progress(meeting: Meeting) -> str:
    """ "queued", "rendering", or "" when no render of this version is claimed."""
    return cache.get(_claim_key(meeting.pk, meeting.version)) or ""


def request_render(meeting: Meeting) -> bool:
    """Enqueue the render of this version's files unless someone has already: the
    claim is an atomic add in the shared cache, so however many workers ask at once
    one task is queued. True if this call queued it."""
    from publishing.tasks import render_agreed_minutes

    if not is_record(meeting):
        return False
    if not cache.add(_claim_key(meeting.pk, meeting.version), "queued", CLAIM_SECONDS):
        return False
    try:
        render_agreed_minutes.enqueue(meeting.pk, meeting.version)
    except Exception:
        cache.delete(_claim_key(meeting.pk, meeting.version))
        raise
    return True


def render_after_commit(meeting_pk: int) -> None:
    """Once the current transaction commits, render the version it made (if agreed)."""

    def enqueue():
        meeting = Meeting.objects.filter(pk=meeting_pk).first()
        if meeting is not None:
            request_render(meeting)

    transaction.on_commit(enqueue)


def render(meeting_pk: int, version: int) -> int:
    """Render and store every file of this version of agreed minutes that is not
    stored yet (both editions, PDF and Word); then drop the files of the meeting's
    older versions. Returns how many files it stored. What it renders is read while
    the version stands: if the minutes move on meanwhile, nothing is stored (the
    step that moved them queues the new version)."""
    from publishing import pdf, word

    key = _claim_key(meeting_pk, version)
    meeting = Meeting.objects.select_related("body").filter(pk=meeting_pk).first()
    if meeting is None or not is_record(meeting) or meeting.version != version:
        cache.delete(key)
        return 0
    cache.set(key, "rendering", CLAIM_SECONDS)
    stored = 0
    try:
        have = set(
            StoredDocument.objects.filter(meeting=meeting, version=version).values_list(
                "edition", "kind"
            )
        )
        for edition in Edition:
            wanted = [kind for kind in DocumentKind if (edition.value, kind.value) not in have]
            if not wanted:
                continue
            minutes = build_minutes(meeting, edition=edition)
            if not Meeting.objects.filter(pk=meeting_pk, version=version).exists():
                return stored  # amended while being built: the new version renders
            for kind in wanted:
                if kind == DocumentKind.PDF:
                    html = render_to_string("publishing/minutes_pdf.html", {"minutes": minutes})
                    content = pdf.render_pdf(html)
                else:
                    content = word.render_docx(minutes)
                stored += _store(meeting, version, edition, kind, content)
        prune(meeting, keep=version)
    finally:
        cache.delete(key)
    logger.info("Minutes %s version %s: %d files stored", meeting_pk, version, stored)
    return stored


def _store(meeting, version, edition, kind, content: bytes) -> int:
    name = default_storage.save(file_name(meeting, version, edition, kind), ContentFile(content))
    try:
        with transaction.atomic():
            StoredDocument.objects.create(
                meeting=meeting,
                version=version,
                edition=edition,
                kind=kind,
                name=name,
                size=len(content),
            )
    except IntegrityError:  # another worker stored it first: keep theirs
        default_storage.delete(name)
        return 0
    return 1


def prune(meeting: Meeting, *, keep: int) -> int:
    """Delete the stored files of the meeting's other versions: they are never
    served again (a download asks for the current version)."""
    old = list(StoredDocument.objects.filter(meeting=meeting).exclude(version=keep))
    for document in old:
        default_storage.delete(document.name)
    StoredDocument.objects.filter(pk__in=[d.pk for d in old]).delete()
    return len(old)
