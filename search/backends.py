"""One interface to the search engine, chosen by the database vendor.

`backend()` returns the engine for the default database: PostgreSQL's full-text
search (a stored, GIN-indexed tsvector, `websearch` syntax, English stemming,
ranking and headlines), or SQLite's FTS5 (a porter-stemmed virtual table) for the
embedded default. A search engine could replace either by implementing the same
four methods.
"""

import functools
import operator
import re
from abc import ABC, abstractmethod

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import BooleanField, F, Q
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Highlight markers the engines put around matched words; control characters no
# typed text carries, turned into <mark> after the snippet is HTML-escaped.
START, STOP = "\x02", "\x03"
CONFIG = "english"
RANK_WINDOW = 1000
FTS_TABLE = "search_fts"


# Table names here are constants and user input is always a parameter (the S6xx noqa).


def highlight(snippet: str) -> SafeString:
    """The engine's snippet as safe HTML: escaped, with the matches in <mark>."""
    return mark_safe(escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


class SearchBackend(ABC):
    """What the portal needs of a search engine: each engine implements all four."""

    @abstractmethod
    def write(self, documents) -> None:
        """Index these saved SearchDocuments (new or changed)."""

    @abstractmethod
    def forget(self, document_ids) -> None:
        """Drop these documents from the index (their rows are deleted)."""

    @abstractmethod
    def search(self, documents, query: str, limit: int | None = None):
        """`documents` matching `query`, annotated with `rank` (higher is better) and
        `snippet` (marked with START/STOP), best first. The caller reads no further
        than the best `limit` (None: all); an engine may stop there. `documents` is a
        queryset, or a list of disjoint querysets searched as their union
        (`search.queries.readable_parts`)."""

    @abstractmethod
    def rebuild(self, documents) -> None:
        """Index every document of this queryset again."""


class PostgresBackend(SearchBackend):
    """The vector is computed by a trigger (migrations 0003, 0006, 0007) as the document
    is written, and only when its words change, as is the `public` flag that chooses
    the document's partial GIN index: indexing is the document's own INSERT or UPDATE."""

    def write(self, documents) -> None:
        pass

    def forget(self, document_ids) -> None:
        pass  # the vector is a column of the deleted row

    def rebuild(self, documents) -> None:
        # A cleared vector is computed again by the trigger (migration 0006).
        documents.update(text=F("text"), vector=None)

    def search(self, documents, query: str, limit: int | None = None):
        if isinstance(documents, (list, tuple)):
            parts = list(documents)
        else:
            # Each GIN index is partial (migration 0007): a part names its own.
            parts = [documents.filter(public=True), documents.filter(public=False)]
        model = parts[0].model
        search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
        # Ranking reads every match's vector: a broad word ("police") matches a tenth
        # of a national data set. Rank the newest RANK_WINDOW matches only (all of
        # them for any narrower search). The window is found and ranked once, here,
        # in one query (the GIN index, the permission filter, ts_rank on the window's
        # rows only); the capped count and the page then read the best `limit` ids
        # by primary key, never the matches again.
        # One query: the parts OR-ed, each with the match inside it, so that each
        # part's match is read through its own partial GIN index (a BitmapOr), or, for
        # a broad word, the newest documents walked by the `-date` index.
        window = (
            functools.reduce(operator.or_, (part.filter(vector=search_query) for part in parts))
            .order_by("-date", "-id")
            .annotate(score=SearchRank(F("vector"), search_query))
            .values_list("pk", "score", "date")[:RANK_WINDOW]
        )
        newest = list(window)
        ranked = sorted(newest, key=lambda row: (-row[1], -row[2].toordinal(), -row[0]))
        ids = [pk for pk, _score, _date in ranked[:limit]]
        table = model._meta.db_table
        # The ids travel as one array parameter each, not one SQL parameter an id.
        return (
            model.objects.filter(
                RawSQL(f"{table}.id = ANY(%s::bigint[])", [ids], output_field=BooleanField())  # noqa: S611
            )
            .annotate(
                # The engine's order (higher is better): the position in `ids`.
                rank=RawSQL(f"-array_position(%s::bigint[], {table}.id)", [ids]),  # noqa: S611
                # Computed after the sort and the page's LIMIT: the shown rows only.
                snippet=SearchHeadline(
                    "text",
                    search_query,
                    config=CONFIG,
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=40,
                    min_words=20,
                ),
            )
            .defer("vector")
            .order_by("-rank")
        )


WORD = re.compile(r"\w+", re.UNICODE)
TERM = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')


def fts5_query(text: str) -> str:
    """Websearch syntax ("quoted phrase", -word, or) as a safe FTS5 query: every term
    quoted, so no user input is read as FTS5 syntax. "" when nothing is searchable."""
    groups, negatives, current = [], [], []
    for match in TERM.finditer(text):
        negated = bool(match.group(1) or match.group(3))
        raw = match.group(2) if match.group(2) is not None else match.group(4)
        if match.group(4) is not None and raw.lower() == "or" and not negated:
            if current:
                groups.append(current)
                current = []
            continue
        words = WORD.findall(raw)
        if not words:
            continue
        phrase = '"' + " ".join(words) + '"'
        (negatives if negated else current).append(phrase)
    if current:
        groups.append(current)
    if not groups:
        return ""
    positive = " OR ".join("(" + " AND ".join(group) + ")" for group in groups)
    if negatives:
        return f"({positive}) NOT ({' OR '.join(negatives)})"
    return positive


class SQLiteBackend(SearchBackend):
    def write(self, documents) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT OR REPLACE INTO {FTS_TABLE} (rowid, text, speakers) VALUES (%s, %s, %s)",  # noqa: S608
                [(d.pk, d.text, d.speakers) for d in documents],
            )

    def forget(self, document_ids) -> None:
        with connection.cursor() as cursor:
            self._forget(cursor, list(document_ids))

    def _forget(self, cursor, ids) -> None:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)  # noqa: S608

    def rebuild(self, documents) -> None:
        rows = list(documents.values_list("pk", "text", "speakers"))
        with connection.cursor() as cursor:
            self._forget(cursor, [pk for pk, _t, _s in rows])
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, text, speakers) VALUES (%s, %s, %s)",  # noqa: S608
                rows,
            )

    def search(self, documents, query: str, limit: int | None = None):
        if isinstance(documents, (list, tuple)):
            documents = functools.reduce(operator.or_, documents)
        match = fts5_query(query)
        if not match:
            return documents.none()
        table = documents.model._meta.db_table
        one = f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid = {table}.id"
        return (
            documents.filter(
                Q(
                    pk__in=RawSQL(  # noqa: S611
                        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
                        [match],
                    )
                )
            )
            .annotate(
                rank=RawSQL(f"(SELECT -bm25({FTS_TABLE}, 1.0, 0.4) {one})", [match]),  # noqa: S611
                snippet=RawSQL(  # noqa: S611
                    f"(SELECT snippet({FTS_TABLE}, 0, char(2), char(3), '…', 40) {one})", [match]
                ),
            )
            .order_by("-rank", "-date", "-pk")
        )


def backend() -> SearchBackend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise ImproperlyConfigured(
        f"Search runs on PostgreSQL or SQLite, not {connection.vendor}: set DATABASE_URL."
    )
