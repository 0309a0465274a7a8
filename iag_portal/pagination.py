"""Pages sized to their reader, without counting the whole table.

Two kinds of page, both rendered by `templates/_pagination.html`:

- `numbered_page`: page N of a list, found by OFFSET, with no COUNT(*): it reads one
  row more than it shows to know whether there is a next page. For lists read from the
  start (the public archive), where a reader rarely goes deep.
- `keyset_page`: the rows after (or before) a cursor in a fixed ordering ending in the
  primary key, found through the index of that ordering whatever the depth. For the
  big lists (meetings by date), where OFFSET would read every row it skips.

A page number or cursor that cannot be read gives the first page, never an error.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet

MAX_PAGE_NUMBER = 100_000


@dataclass(frozen=True)
class NumberedPage:
    object_list: list
    number: int
    has_next: bool
    param: str = "page"

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def is_first(self) -> bool:
        return self.number == 1

    @property
    def label(self) -> str:
        return f"Page {self.number}"

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def previous_query(self) -> str:
        return f"{self.param}={self.number - 1}"

    @property
    def next_query(self) -> str:
        return f"{self.param}={self.number + 1}"

    @property
    def first_query(self) -> str:
        return f"{self.param}=1"

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


def page_number(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE_NUMBER)


def numbered_page(queryset: QuerySet, number, *, size: int, param: str = "page") -> NumberedPage:
    number = page_number(number)
    start = (number - 1) * size
    rows = list(queryset[start : start + size + 1])
    return NumberedPage(rows[:size], number, has_next=len(rows) > size, param=param)


# --- Keyset pages ---------------------------------------------------------------

PARSERS: dict[str, Callable[[str], object]] = {
    "date": datetime.date.fromisoformat,
    "time": datetime.time.fromisoformat,
    "int": int,
}


@dataclass(frozen=True)
class Keyset:
    """An ordering of a list by `fields` (the last one unique, such as "pk"), all
    ascending or all descending, and how to write a row's place in it in a URL."""

    fields: Sequence[tuple[str, str]]  # (field, parser name)
    descending: bool = False

    def key(self, row) -> str:
        values = [getattr(row, name) for name, _kind in self.fields]
        return "_".join(v.isoformat() if hasattr(v, "isoformat") else str(v) for v in values)

    def parse(self, cursor) -> tuple | None:
        if not cursor:
            return None
        parts = str(cursor).split("_")
        if len(parts) != len(self.fields):
            return None
        try:
            kinds = [kind for _name, kind in self.fields]
            return tuple(PARSERS[kind](part) for part, kind in zip(parts, kinds, strict=True))
        except (ValueError, OverflowError):
            return None

    def order_by(self, *, reverse: bool = False) -> list[str]:
        descending = self.descending != reverse
        return [("-" if descending else "") + name for name, _kind in self.fields]

    def beyond(self, values: tuple, *, reverse: bool = False) -> Q:
        """Rows after `values` in this ordering (before them with `reverse`)."""
        descending = self.descending != reverse
        op = "lt" if descending else "gt"
        names = [name for name, _kind in self.fields]
        condition = Q()
        for n, name in enumerate(names):
            equal = {prior: values[i] for i, prior in enumerate(names[:n])}
            condition |= Q(**equal, **{f"{name}__{op}": values[n]})
        return condition


@dataclass(frozen=True)
class KeysetPage:
    object_list: list
    newer: str | None  # the cursor of the page before this one, if any
    older: str | None  # the cursor of the page after this one, if any
    param_before: str = "before"
    param_after: str = "after"
    is_first: bool = True

    @property
    def has_previous(self) -> bool:
        return self.newer is not None

    @property
    def has_next(self) -> bool:
        return self.older is not None

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def previous_query(self) -> str:
        return f"{self.param_after}={self.newer}"

    @property
    def next_query(self) -> str:
        return f"{self.param_before}={self.older}"

    @property
    def first_query(self) -> str:
        return ""

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


def keyset_page(
    queryset: QuerySet,
    keyset: Keyset,
    *,
    before=None,
    after=None,
    size: int,
    param_before: str = "before",
    param_after: str = "after",
) -> KeysetPage:
    """The `size` rows following the cursor `before` (or preceding `after`; the first
    rows with neither). `before`/`after` are the `older`/`newer` cursors of a page."""
    names = {"param_before": param_before, "param_after": param_after}
    after_values = keyset.parse(after)
    if after_values is not None:
        rows = list(
            queryset.filter(keyset.beyond(after_values, reverse=True)).order_by(
                *keyset.order_by(reverse=True)
            )[: size + 1]
        )
        more_newer = len(rows) > size
        rows = list(reversed(rows[:size]))
        if not rows:
            return keyset_page(queryset, keyset, size=size, **names)
        return KeysetPage(
            rows,
            newer=keyset.key(rows[0]) if more_newer else None,
            older=keyset.key(rows[-1]),
            is_first=not more_newer,
            **names,
        )
    before_values = keyset.parse(before)
    if before_values is not None:
        queryset_after = queryset.filter(keyset.beyond(before_values))
    else:
        queryset_after = queryset
    rows = list(queryset_after.order_by(*keyset.order_by())[: size + 1])
    if not rows and before_values is not None:  # past the end: the first page
        return keyset_page(queryset, keyset, size=size, **names)
    more_older = len(rows) > size
    rows = rows[:size]
    started = before_values is not None
    return KeysetPage(
        rows,
        newer=keyset.key(rows[0]) if started and rows else None,
        older=keyset.key(rows[-1]) if more_older else None,
        is_first=not started,
        **names,
    )


def other_params(request, *names: str) -> str:
    """The request's query string without `names`, for the links of one list's pages
    to keep the reader's place in the others (and their filters)."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
