"""Minute numbers through the year: a formal body's new item takes the number after the
last one of its numbering year (continuing from its previous meeting), unique per
body and year. The body's rule is its Procedure (a May year when it has none)."""

import datetime

from committee.models import Numbering, Procedure
from meetings.models import AgendaItem


def procedure_of(body) -> Procedure:
    return Procedure.objects.filter(body=body).first() or Procedure(body=body)


def numbering_year(procedure: Procedure, date: datetime.date):
    """The first and last day of the numbering year holding `date` (None: continuous)."""
    if procedure.numbering == Numbering.CONTINUOUS:
        return None
    year = procedure.numbering_year(date)
    start = datetime.date(year, procedure.year_starts, 1)
    end = datetime.date(year + 1, procedure.year_starts, 1) - datetime.timedelta(days=1)
    return start, end


def same_year_items(meeting):
    """The items of the body's meetings in the numbering year of `meeting`."""
    items = AgendaItem.objects.filter(meeting__body_id=meeting.body_id)
    span = numbering_year(procedure_of(meeting.body), meeting.date)
    if span:
        items = items.filter(meeting__date__range=span)
    return items


def next_minute_number(meeting) -> int:
    """After the last number of this meeting, else of the body's meetings before it
    in the year; 1 at the start of a year."""
    own = meeting.items.exclude(minute_number=None).order_by("-minute_number").first()
    if own is not None:
        return own.minute_number + 1
    earlier = (
        same_year_items(meeting)
        .filter(meeting.earlier("meeting__"))
        .exclude(minute_number=None)
        .order_by("-minute_number")
        .first()
    )
    return earlier.minute_number + 1 if earlier else 1


def number_taken(meeting, number: int, *, item_pk=None) -> AgendaItem | None:
    """Another item of the body's year already numbered `number`, if any."""
    clash = same_year_items(meeting).filter(minute_number=number).select_related("meeting")
    if item_pk:
        clash = clash.exclude(pk=item_pk)
    return clash.first()
