"""The actions register as CSV, sized to its reader.

A register of up to STREAM_LIMIT actions (a body's, or a filtered one) is streamed in
the request, read through a server-side cursor a batch at a time. A larger one (a
superuser's register of a national install: 90,000 actions, 15 MB) is written by a task
(actions/tasks.py) to a stored file, `RegisterExport`, whose page shows how far it has
got and then offers the file: no request waits for it and no worker holds it.
"""

import csv
import secrets
import tempfile
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.http import QueryDict
from django.utils import timezone

from actions.filters import ActionFilter
from actions.models import Action, ActionNote, ActionStatus, ExportStatus, RegisterExport
from meetings.models import Attendance
from members import permissions
from members.permissions import Perm

# About 170 bytes a row: a register of this many actions is some 350 KB.
STREAM_LIMIT = 2000
CSV_BATCH = 2000
CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_HEADER = [
    "Body",
    "Meeting",
    "Agenda item",
    "Action",
    "Owners",
    "Due",
    "Status",
    "Overdue",
    "Closed",
    "Closed by",
    "Latest update",
]
CSV_FIELDS = (
    "pk",
    "item__meeting__body__short_name",
    "item__meeting__date",
    "item__number",
    "item__title",
    "description",
    "due_date",
    "status",
    "closed_at",
    "closed_by__first_name",
    "closed_by__last_name",
    "closed_by__username",
    "latest_note",
    "owner_group",
)


def spreadsheet_safe(value) -> str:
    """A cell a spreadsheet shows as text: formula-like values get a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(CSV_FORMULA_PREFIXES) else text


@dataclass(frozen=True)
class Reader:
    """Who the register is read for: the filters ask only for `user` (their bodies), so
    a task reads the register exactly as the request that asked for it would."""

    user: object


def register_filter(user, data: QueryDict | None) -> ActionFilter:
    """The register's filters over the actions `user` may read (403 if none)."""
    bodies = permissions.bodies_where(user, Perm.VIEW_REGISTER)
    if bodies is not None and not bodies:
        raise PermissionDenied
    latest_note = ActionNote.objects.filter(action=OuterRef("pk")).exclude(text="")
    queryset = (
        Action.objects.visible_to(user)
        .select_related("item__meeting__body", "closed_by")
        .prefetch_related(Prefetch("owners", queryset=Attendance.objects.select_related("person")))
        .annotate(
            latest_note=Subquery(latest_note.order_by("-created_at", "-pk").values("text")[:1])
        )
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )
    queryset = queryset.in_bodies(bodies)
    return ActionFilter(data or None, queryset=queryset, request=Reader(user))


def is_large(actions) -> bool:
    """More than STREAM_LIMIT actions, counted no further than that."""
    return actions.order_by()[: STREAM_LIMIT + 1].count() > STREAM_LIMIT


class _Echo:
    """A file-like object whose write returns the line for the response to send."""

    def write(self, value):
        return value


def _batches(rows, size: int):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def register_lines(actions, *, today):
    """The register as CSV text: the header, then one chunk for each batch of rows, plain
    values read through a server-side cursor, the owners' initials read for each batch
    (two queries a batch)."""
    writer = csv.writer(_Echo())
    labels = {value: str(label) for value, label in ActionStatus.choices}
    yield "\ufeff" + writer.writerow(CSV_HEADER)  # Excel reads UTF-8 only with a BOM
    rows = actions.prefetch_related(None).values(*CSV_FIELDS).iterator(chunk_size=CSV_BATCH)
    for batch in _batches(rows, CSV_BATCH):
        owners = {}
        for action_id, initials in (
            Action.owners.through.objects.filter(action_id__in=[row["pk"] for row in batch])
            .order_by("attendance__order", "attendance_id")
            .values_list("action_id", "attendance__initials")
        ):
            owners.setdefault(action_id, []).append(initials)
        lines = []
        for row in batch:
            number, title = row["item__number"], row["item__title"]
            due, closed_at = row["due_date"], row["closed_at"]
            closed_by = " ".join(
                filter(None, [row["closed_by__first_name"], row["closed_by__last_name"]])
            )
            cells = [
                row["item__meeting__body__short_name"],
                row["item__meeting__date"].isoformat(),
                f"{number}. {title}" if number else title,
                row["description"],
                ", ".join(
                    owners.get(row["pk"], []) + ([row["owner_group"]] if row["owner_group"] else [])
                ),
                due.isoformat() if due else "",
                labels[row["status"]],
                "yes" if row["status"] == ActionStatus.OPEN and due and due < today else "no",
                timezone.localtime(closed_at).strftime("%Y-%m-%d %H:%M") if closed_at else "",
                closed_by or row["closed_by__username"] or "",
                row["latest_note"] or "",
            ]
            lines.append(writer.writerow([spreadsheet_safe(cell) for cell in cells]))
        yield "".join(lines)


def start_export(*, user, query: str) -> RegisterExport:
    """A new export of the register as `user` filtered it (`query`, the page's query
    string), for the task to write."""
    return RegisterExport.objects.create(
        token=secrets.token_urlsafe(24), created_by=user, query=query
    )


def write_export(export: RegisterExport) -> None:
    """Write the export's CSV to storage, counting the rows written as it goes; a
    failure is recorded on the export (its page says so) and raised to the worker."""
    try:
        _write(export)
    except Exception:
        _update(export, status=ExportStatus.FAILED, finished_at=timezone.now())
        raise


def _update(export: RegisterExport, **fields) -> None:
    RegisterExport.objects.filter(pk=export.pk).update(**fields)


def _write(export: RegisterExport) -> None:
    filterset = register_filter(export.created_by, QueryDict(export.query))
    if filterset.is_bound and not filterset.is_valid():
        _update(export, status=ExportStatus.FAILED, finished_at=timezone.now())
        return
    actions = filterset.qs
    total = actions.order_by().count()
    _update(export, status=ExportStatus.RUNNING, total=total, progress=0)
    written = 0
    # Into a temporary file, not memory: 15 MB for 90,000 actions.
    with tempfile.TemporaryFile() as out:
        for n, chunk in enumerate(register_lines(actions, today=timezone.localdate())):
            out.write(chunk.encode("utf-8"))
            if n:  # each chunk after the header is one batch of rows
                written = min(total, written + CSV_BATCH)
                _update(export, progress=written)
        out.seek(0)
        name = f"exports/actions-{timezone.localdate():%Y-%m-%d}-{export.token[:8]}.csv"
        export.file.save(name, File(out), save=False)
    _update(
        export,
        status=ExportStatus.DONE,
        file=export.file.name,
        progress=total,
        finished_at=timezone.now(),
    )
