"""What a user may search, and the search itself: permissions narrow the documents
before the engine sees the query.

Readable documents are those of meetings the user may see (members' drafts, guests'
agreed minutes, `members.permissions.visible_meetings`), confidential rows only in
bodies where the user has Perm.VIEW_CONFIDENTIAL, plus, for everyone signed in or
not, the rows the public edition of published minutes prints
(`members.permissions.PUBLIC`, `publishing.disclosure`: nothing confidential).
"""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q

from members import permissions
from members.permissions import Perm
from search.backends import backend
from search.models import SearchDocument, Source

# A count stops here: "200+ results" costs a bounded scan, never a full count.
COUNT_CAP = 200
PAGE_SIZE = 20

NOT_CONFIDENTIAL = Q(confidential=False, item_confidential=False)


def public_documents(documents):
    """What the public edition of published minutes prints (PUBLIC reads the
    document's copy of its meeting's status, and its body)."""
    return permissions.public_meetings(documents).filter(NOT_CONFIDENTIAL)


def readable_documents(user, documents=None):
    """The documents `user` may find: the permission module's rules applied to the
    documents' own copies of body and status (no scan of the meetings)."""
    documents = SearchDocument.objects.all() if documents is None else documents
    if not getattr(user, "is_authenticated", False):
        return public_documents(documents)
    confidential_bodies = permissions.bodies_where(user, Perm.VIEW_CONFIDENTIAL)
    if confidential_bodies is None:
        return documents
    return _member_documents(user, documents, confidential_bodies) | public_documents(documents)


def _member_documents(user, documents, confidential_bodies):
    """What the reader's bodies let them read: drafts for members, agreed minutes for
    guests, confidential rows where they may read them."""
    return permissions.visible_meetings(user, documents).filter(
        NOT_CONFIDENTIAL | Q(body_id__in=confidential_bodies)
    )


def readable_parts(user, documents=None) -> list:
    """`readable_documents(user, documents)` as disjoint parts whose union it is, for an
    engine to search each part on its own index (PostgreSQL: one GIN index of the
    documents flagged `public`, one of the rest, migration 0007): the flagged documents
    the reader may read (the rules tested as well as the flag), and the others of
    their bodies. A flag out of date can only leave out another body's document,
    never show one nor hide the reader's own bodies'. SQLite: one part."""
    documents = SearchDocument.objects.all() if documents is None else documents
    if connection.vendor != "postgresql":
        return [readable_documents(user, documents)]
    flagged, others = documents.filter(public=True), documents.filter(public=False)
    if not getattr(user, "is_authenticated", False):
        return [public_documents(flagged)]
    confidential_bodies = permissions.bodies_where(user, Perm.VIEW_CONFIDENTIAL)
    if confidential_bodies is None:
        return [flagged, others]
    return [
        readable_documents(user, flagged),
        _member_documents(user, others, confidential_bodies),
    ]


@dataclass(frozen=True)
class Filters:
    query: str = ""
    body_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    speaker: str = ""
    item: str = ""
    theme_id: int | None = None
    kind: str = ""
    action_state: str = ""  # "open" or "closed"

    @property
    def empty(self) -> bool:
        return not any(
            (self.query.strip(), self.body_id, self.speaker, self.item, self.theme_id, self.kind)
        )


def speaker_filter(speaker: str) -> Q:
    """Initials match whole ("AK" is not "AKt"); a name matches in part."""
    speaker = speaker.strip()
    whole = Q(speakers__icontains=f"|{speaker}|")
    if speaker.upper() == speaker:
        return whole
    return whole | Q(speakers__icontains=speaker)


def theme_filter(theme_id: int) -> Q:
    from themes.models import ThemeTag

    tags = ThemeTag.objects.filter(theme_id=theme_id)
    return (
        Q(item_id__in=tags.filter(item__isnull=False).values("item_id"))
        | Q(source=Source.POINT, object_id__in=tags.filter(point__isnull=False).values("point_id"))
        | Q(
            source=Source.ACTION,
            object_id__in=tags.filter(action__isnull=False).values("action_id"),
        )
    )


def search(user, filters: Filters):
    """The readable documents matching `filters`, best first (a queryset: slice it)."""
    if filters.query.strip():
        # Pages reach no further than the capped count: the engine ranks for those.
        parts = [narrow(part, filters) for part in readable_parts(user)]
        return backend().search(parts, filters.query, limit=COUNT_CAP + 1)
    return narrow(readable_documents(user), filters).order_by("-date", "-pk")


def narrow(documents, filters: Filters):
    """`documents` narrowed by the filters other than the words."""
    if filters.body_id:
        documents = documents.filter(body_id=filters.body_id)
    if filters.date_from:
        documents = documents.filter(date__gte=filters.date_from)
    if filters.date_to:
        documents = documents.filter(date__lte=filters.date_to)
    if filters.speaker.strip():
        documents = documents.filter(speaker_filter(filters.speaker))
    if filters.item.strip():
        documents = documents.filter(item_title__icontains=filters.item.strip())
    if filters.theme_id:
        documents = documents.filter(theme_filter(filters.theme_id))
    if filters.kind:
        documents = documents.filter(kind=filters.kind)
    if filters.action_state in ("open", "closed"):
        documents = documents.filter(action_open=filters.action_state == "open")
    return documents


def capped_count(results, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """(count, more): at most `cap`, and whether there are more."""
    found = results.order_by()[: cap + 1].count()
    return min(found, cap), found > cap


def result_link(user, document) -> str:
    """The point in its meeting for those who may open the meeting; the public edition
    of published minutes for everyone else."""
    from django.urls import reverse

    if permissions.can_view_meeting(user, document.meeting):
        url = reverse("meetings:detail", args=[document.meeting_id])
    else:
        url = reverse("publishing:public_print", args=[document.meeting_id])
    anchor = document.anchor
    return f"{url}#{anchor}" if anchor else url
