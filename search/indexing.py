"""Keep the search index current as the minutes are saved.

Every save of a row of the minutes (the editor's autosave, the admin, a script)
re-indexes that row alone, in a fixed handful of queries whatever the size of the
minutes; bulk writes (imports, a filled agenda) call `index_meeting` once. The index
follows the record: these handlers never change the minutes themselves.
"""

import contextvars
import functools
from contextlib import contextmanager

from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save

from actions.models import Action, ActionNote, ActionStatus
from meetings.models import AgendaItem, Attendance, Meeting, Point, PointKind
from members.models import Body, Person
from search.backends import backend
from search.models import Kind, SearchDocument, Source

FIELDS = [
    "kind",
    "meeting_id",
    "body_id",
    "date",
    "status",
    "item_id",
    "item_title",
    "speakers",
    "text",
    "confidential",
    "item_confidential",
    "action_open",
]


def _people(names) -> str:
    """ "|AK/1|Ann Keane|MT|": initials and names, matched whole by the speaker filter."""
    return f"|{'|'.join(names)}|" if names else ""


def _people_of(through, key: str, pks) -> dict[int, list[str]]:
    """{row id: [initials, name, ...]} of the people attached to these rows, one query."""
    people = {}
    rows = through.objects.filter(**{f"{key}__in": pks}).values_list(
        "attendance__order",
        "attendance_id",
        key,
        "attendance__initials",
        "attendance__name",
        "attendance__person__name",
    )
    # In attendance order, sorted here: the few rows cost less than an ORDER BY's
    # compilation through the join.
    for _order, _id, pk, initials, name, person_name in sorted(rows.order_by()):
        people.setdefault(pk, []).extend(n for n in (initials, name or person_name) if n)
    return people


def _item_fields(item) -> dict:
    meeting = item.meeting
    return {
        "meeting_id": meeting.pk,
        "body_id": meeting.body_id,
        "date": meeting.date,
        "status": meeting.status,
        "item_id": item.pk,
        "item_title": item.title[:300],
        "item_confidential": item.confidential,
    }


def _doc(source, row, **fields) -> SearchDocument:
    return SearchDocument(source=source, object_id=row.pk, **fields)


def point_documents(points):
    # No ORDER BY (the models' ordering): the index needs none, and compiling it is a
    # good part of a save's indexing time.
    points = list(points.select_related("item__meeting").order_by())
    speakers = _people_of(Point.speakers.through, "point_id", [p.pk for p in points])
    return [
        _doc(
            Source.POINT,
            point,
            kind=Kind.DECISION if point.kind == PointKind.DECISION else Kind.POINT,
            text=point.text,
            speakers=_people(speakers.get(point.pk, [])),
            confidential=point.confidential,
            **_item_fields(point.item),
        )
        for point in points
    ]


def item_documents(items):
    return [
        _doc(
            Source.ITEM,
            item,
            kind=Kind.ITEM,
            text=" ".join(part for part in (item.number, item.title, item.lead) if part),
            **_item_fields(item),
        )
        for item in items.select_related("meeting").order_by()
    ]


def action_documents(actions):
    actions = list(actions.select_related("item__meeting").order_by())
    owners = _people_of(Action.owners.through, "action_id", [a.pk for a in actions])
    return [
        _doc(
            Source.ACTION,
            action,
            kind=Kind.ACTION,
            text=action.description,
            speakers=_people(
                owners.get(action.pk, []) + [action.owner_group] * bool(action.owner_group)
            ),
            action_open=action.status == ActionStatus.OPEN,
            **_item_fields(action.item),
        )
        for action in actions
    ]


def note_documents(notes):
    return [
        _doc(Source.NOTE, note, kind=Kind.NOTE, text=note.text, **_item_fields(note.action.item))
        for note in notes.select_related("action__item__meeting").exclude(text="").order_by()
    ]


def attendance_documents(rows):
    documents = []
    for row in rows.select_related("meeting", "person").order_by():
        name = row.name or (row.person.name if row.person_id else "")
        documents.append(
            _doc(
                Source.ATTENDANCE,
                row,
                kind=Kind.ATTENDANCE,
                meeting_id=row.meeting_id,
                body_id=row.meeting.body_id,
                date=row.meeting.date,
                status=row.meeting.status,
                text=" ".join(part for part in (row.initials, name, row.role) if part),
            )
        )
    return documents


BUILDERS = {
    Point: (Source.POINT, point_documents),
    AgendaItem: (Source.ITEM, item_documents),
    Action: (Source.ACTION, action_documents),
    ActionNote: (Source.NOTE, note_documents),
    Attendance: (Source.ATTENDANCE, attendance_documents),
}


def store(documents) -> None:
    """Insert or update these documents and index them (three queries at most)."""
    if not documents:
        return
    saved = SearchDocument.objects.bulk_create(
        documents,
        update_conflicts=True,
        unique_fields=["source", "object_id"],
        update_fields=FIELDS,
        batch_size=1000,
    )
    if any(document.pk is None for document in saved):
        keys = {(d.source, d.object_id): d for d in saved}
        for pk, source, object_id in SearchDocument.objects.filter(
            source=saved[0].source, object_id__in=[d.object_id for d in saved]
        ).values_list("pk", "source", "object_id"):
            keys[(source, object_id)].pk = pk
    backend().write(saved)


def index_rows(model, pks) -> None:
    """Index these rows of the minutes again; rows gone or empty leave the index."""
    source, build = BUILDERS[model]
    pks = list(pks)
    if model is Point and connection.vendor == "postgresql":
        # The autosave's path: one statement, no model instances (_points_sql).
        _index_points_postgres(pks)
        return
    documents = build(model._default_manager.filter(pk__in=pks))
    made = {document.object_id for document in documents}
    gone = set(pks) - made
    if gone:
        unindex(source, gone)
    store(documents)


@functools.cache
def _points_sql() -> str:
    """One statement that indexes points on PostgreSQL: the document of each point as
    `point_documents` builds it (kind, the item's and meeting's copies, the speakers
    "|AK/1|Ann Keane|" in attendance order), inserted or updated only where something
    changed (an unchanged row is not written: no dead tuple, no GIN entry, no
    stemming), and the documents of points gone deleted. The vector is the trigger's
    (migration 0006). Table names come from the models; the ids are one array parameter.
    """
    document = SearchDocument._meta.db_table
    point, item, meeting = (m._meta.db_table for m in (Point, AgendaItem, Meeting))
    speaker = Point.speakers.through._meta.db_table
    attendance, person = Attendance._meta.db_table, Person._meta.db_table
    columns = ", ".join(FIELDS)
    changed = ", ".join(f"d.{field}" for field in FIELDS)
    proposed = ", ".join(f"EXCLUDED.{field}" for field in FIELDS)
    updates = ", ".join(f"{field} = EXCLUDED.{field}" for field in FIELDS)
    return f"""
WITH src AS (
  SELECT p.id AS object_id,
         CASE WHEN p.kind = '{PointKind.DECISION}' THEN '{Kind.DECISION}' ELSE '{Kind.POINT}' END
           AS kind,
         m.id AS meeting_id, m.body_id, m.date, m.status, i.id AS item_id,
         left(i.title, 300) AS item_title,
         coalesce((
           SELECT '|' || string_agg(u.name, '|' ORDER BY a."order", a.id, u.n) || '|'
           FROM {speaker} s
           JOIN {attendance} a ON a.id = s.attendance_id
           LEFT JOIN {person} pe ON pe.id = a.person_id
           CROSS JOIN LATERAL unnest(ARRAY[
             nullif(a.initials, ''), coalesce(nullif(a.name, ''), nullif(pe.name, ''))
           ]) WITH ORDINALITY AS u(name, n)
           WHERE s.point_id = p.id AND u.name IS NOT NULL
         ), '') AS speakers,
         p.text, p.confidential, i.confidential AS item_confidential,
         NULL::boolean AS action_open
  FROM {point} p
  JOIN {item} i ON i.id = p.item_id
  JOIN {meeting} m ON m.id = i.meeting_id
  WHERE p.id = ANY(%(ids)s::bigint[])
), gone AS (
  DELETE FROM {document} g
  WHERE g.source = '{Source.POINT}' AND g.object_id = ANY(%(ids)s::bigint[])
    AND NOT EXISTS (SELECT 1 FROM src WHERE src.object_id = g.object_id)
)
INSERT INTO {document} AS d (source, object_id, {columns})
SELECT '{Source.POINT}', object_id, {columns} FROM src
ON CONFLICT (source, object_id) DO UPDATE SET {updates}
WHERE ({changed}) IS DISTINCT FROM ({proposed})
"""  # noqa: S608


def _index_points_postgres(pks) -> None:
    with connection.cursor() as cursor:
        cursor.execute(_points_sql(), {"ids": pks})


def unindex(source, object_ids) -> None:
    documents = SearchDocument.objects.filter(source=source, object_id__in=list(object_ids))
    ids = list(documents.values_list("pk", flat=True))
    if ids:
        backend().forget(ids)
        SearchDocument.objects.filter(pk__in=ids).delete()


def index_meeting(meeting, *, new: bool = False) -> None:
    """Index every row of one meeting again: after bulk writes (imports, the agenda).
    A fixed number of queries (about four a kind of row), whatever the minutes' size;
    `new` (a meeting just made) skips clearing what it cannot have."""
    if not new:
        previous = SearchDocument.objects.filter(meeting=meeting)
        backend().forget(list(previous.values_list("pk", flat=True)))
        previous.delete()
    store(item_documents(AgendaItem.objects.filter(meeting=meeting)))
    store(point_documents(Point.objects.filter(item__meeting=meeting)))
    store(action_documents(Action.objects.filter(item__meeting=meeting)))
    store(note_documents(ActionNote.objects.filter(action__item__meeting=meeting)))
    store(attendance_documents(Attendance.objects.filter(meeting=meeting)))


def rebuild_all() -> int:
    """The whole index again, meeting by meeting (manage.py rebuild_search_index)."""
    count = 0
    for meeting in Meeting.objects.order_by("pk").iterator():
        index_meeting(meeting)
        count += 1
    return count


# --- Signal handlers: the index follows each save --------------------------------

# The rows saved inside one_pass(), by model, indexed once each at its end.
_pending = contextvars.ContextVar("search_pending", default=None)


@contextmanager
def one_pass():
    """Index the rows saved inside this block once each, when it ends without an error
    (in the caller's transaction still): an autosave that writes a point and its
    speakers indexes the point once, not once for each write."""
    if _pending.get() is not None:  # already inside one: its end indexes these too
        yield
        return
    pending: dict = {}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    for model, pks in pending.items():
        index_rows(model, pks)


def _index(model, pks) -> None:
    pending = _pending.get()
    if pending is None:
        index_rows(model, pks)
    else:
        pending.setdefault(model, set()).update(pks)


def _saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    _index(sender, [instance.pk])
    if sender is AgendaItem:
        # The rows under the item carry its title and confidential flag (one query).
        SearchDocument.objects.filter(item_id=instance.pk).exclude(source=Source.ITEM).update(
            item_title=instance.title[:300], item_confidential=instance.confidential
        )
    elif sender is Attendance and not kwargs.get("created"):
        spoken = Point.objects.filter(speakers=instance).values_list("pk", flat=True)
        _index(Point, list(spoken))
        _index(Action, list(Action.objects.filter(owners=instance).values_list("pk", flat=True)))


def _person_saved(sender, instance, created=False, raw=False, **kwargs):
    """A person renamed (or erased by retention): their name leaves the index too."""
    if raw or created:
        return
    index_rows(Attendance, Attendance.objects.filter(person=instance).values_list("pk", flat=True))
    spoken = Point.objects.filter(speakers__person=instance).values_list("pk", flat=True)
    index_rows(Point, spoken.distinct())
    owned = Action.objects.filter(owners__person=instance).values_list("pk", flat=True)
    index_rows(Action, owned.distinct())


def _deleted(sender, instance, **kwargs):
    unindex(BUILDERS[sender][0], [instance.pk])


def _meeting_saved(sender, instance, created=False, raw=False, **kwargs):
    """A lifecycle step, a moved date: the meeting's documents follow (one UPDATE, none
    when nothing they copy changed). The status changes only by a save
    (meetings.lifecycle; Meeting refuses it in update() and bulk_update())."""
    if raw or created:
        return
    copied = {"date": instance.date, "body_id": instance.body_id, "status": instance.status}
    SearchDocument.objects.filter(meeting_id=instance.pk).exclude(**copied).update(**copied)


def _body_saved(sender, instance, created=False, raw=False, **kwargs):
    """A body that starts or stops publishing: its documents' `public` flag follows
    (PostgreSQL's trigger computes it; only the documents whose flag is wrong are
    written, none for any other change to the body). The searches test the body's own
    flag as well, so stopping publication hides its minutes even before this runs."""
    if raw or created or connection.vendor != "postgresql":
        return
    table = SearchDocument._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET body_id = body_id WHERE body_id = %s AND public IS DISTINCT "  # noqa: S608
            "FROM (status = 'published' AND NOT confidential AND NOT item_confidential AND %s)",
            [instance.pk, instance.publishes_minutes],
        )


def _people_changed(model):
    def handler(sender, instance, action, reverse, pk_set, **kwargs):
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        if not reverse:
            _index(model, [instance.pk])
        elif pk_set:
            _index(model, pk_set)

    return handler


_point_people = _people_changed(Point)
_action_people = _people_changed(Action)


def connect() -> None:
    for model in BUILDERS:
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-save-{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-del-{model.__name__}")
    post_save.connect(_meeting_saved, sender=Meeting, dispatch_uid="search-meeting")
    post_save.connect(_person_saved, sender=Person, dispatch_uid="search-person")
    post_save.connect(_body_saved, sender=Body, dispatch_uid="search-body")
    m2m_changed.connect(_point_people, sender=Point.speakers.through, dispatch_uid="search-sp")
    m2m_changed.connect(_action_people, sender=Action.owners.through, dispatch_uid="search-ow")
