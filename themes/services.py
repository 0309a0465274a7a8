"""Tagging rows of the minutes with themes, and the keyword suggestions an officer
accepts or rejects: nothing is ever tagged without the officer choosing it."""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db import IntegrityError, transaction
from django.db.models import Q

from actions.models import Action
from meetings.models import AgendaItem, Point
from themes.models import DismissedSuggestion, Theme, ThemeTag

ROW_MODELS = {"point": Point, "item": AgendaItem, "action": Action}
TEXT_FIELD = {"point": "text", "item": "title", "action": "description"}


class NotTaggable(Exception):
    """The row belongs to another body than the theme."""


def row_kind(row) -> str:
    return {Point: "point", AgendaItem: "item", Action: "action"}[type(row)]


def _meeting_id(row) -> int:
    if isinstance(row, AgendaItem):
        return row.meeting_id
    return AgendaItem.objects.values_list("meeting_id", flat=True).get(pk=row.item_id)


def _check_body(theme: Theme, row) -> int:
    meeting_id = _meeting_id(row)
    from meetings.models import Meeting

    if Meeting.objects.filter(pk=meeting_id, body_id=theme.body_id).exists():
        return meeting_id
    raise NotTaggable("The row and the theme belong to different bodies.")


def tag(*, theme: Theme, row, by, from_suggestion: bool = False) -> ThemeTag:
    """Tag `row` with `theme` (an existing tag is kept as it is)."""
    meeting_id = _check_body(theme, row)
    kind = row_kind(row)
    existing = ThemeTag.objects.filter(theme=theme, **{kind: row}).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return ThemeTag.objects.create(
                theme=theme,
                meeting_id=meeting_id,
                tagged_by=by if getattr(by, "is_authenticated", False) else None,
                from_suggestion=from_suggestion,
                **{kind: row},
            )
    except IntegrityError:  # tagged at the same moment by another officer
        return ThemeTag.objects.get(theme=theme, **{kind: row})


def untag(*, theme: Theme, row) -> None:
    ThemeTag.objects.filter(theme=theme, **{row_kind(row): row}).delete()


def reject(*, theme: Theme, row, by) -> None:
    """The officer says the suggestion is wrong: it is not offered again."""
    _check_body(theme, row)
    DismissedSuggestion.objects.get_or_create(
        theme=theme,
        **{row_kind(row): row},
        defaults={"dismissed_by": by if getattr(by, "is_authenticated", False) else None},
    )


@dataclass(frozen=True)
class Suggestion:
    theme: Theme
    kind: str
    row: object
    keyword: str

    @property
    def text(self) -> str:
        return getattr(self.row, TEXT_FIELD[self.kind])


def suggestions(body, *, per_theme: int = 10) -> list[Suggestion]:
    """Rows of the body's minutes that use a theme's keywords and carry no tag of it
    (nor a rejection): two queries a theme, whatever the size of the minutes."""
    found = []
    for theme in Theme.objects.filter(body=body):
        keywords = theme.keyword_list
        if not keywords:
            continue
        for kind in ("point", "action"):
            model = ROW_MODELS[kind]
            field = TEXT_FIELD[kind]
            matches = reduce(or_, (Q(**{f"{field}__icontains": word}) for word in keywords))
            rows = (
                model.objects.filter(matches, item__meeting__body=body)
                .exclude(theme_tags__theme=theme)
                .exclude(
                    pk__in=DismissedSuggestion.objects.filter(
                        theme=theme, **{f"{kind}__isnull": False}
                    ).values(kind)
                )
                .select_related("item__meeting")
                .order_by("-item__meeting__date", "item__order", "order")[:per_theme]
            )
            for row in rows:
                text = getattr(row, field).lower()
                keyword = next((word for word in keywords if word.lower() in text), keywords[0])
                found.append(Suggestion(theme=theme, kind=kind, row=row, keyword=keyword))
    return found
