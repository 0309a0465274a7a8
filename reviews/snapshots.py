"""The minutes as plain data at a moment (a snapshot), and the readable differences
between two snapshots: what members see changed since the version they reviewed,
and what the history page shows."""

import hashlib
import json
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from types import SimpleNamespace

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from actions.models import Action
from meetings.models import AgendaItem, Meeting, Point
from publishing import disclosure

# These read one row as snapshot data: a model instance, or a historical record of one
# (reviews.history rebuilds past snapshots from django-simple-history's records).


def item_data(row) -> dict:
    return {
        "number": row.number,
        "title": row.title,
        "lead": row.lead,
        "confidential": row.confidential,
        "order": row.order,
    }


def point_data(row) -> dict:
    return {
        "item": str(row.item_id),
        "text": row.text,
        "confidential": row.confidential,
        "order": row.order,
    }


def action_data(row) -> dict:
    # An action is as confidential as its item, which compare() already checks.
    return {
        "item": str(row.item_id),
        "text": row.description,
        "confidential": False,
        "order": row.order,
    }


def snapshot(meeting: Meeting) -> dict:
    """The minutes' items, points and actions as plain data, to compare versions later."""
    return {
        "items": {str(r.pk): item_data(r) for r in AgendaItem.objects.filter(meeting=meeting)},
        "points": {str(r.pk): point_data(r) for r in Point.objects.filter(item__meeting=meeting)},
        "actions": {
            str(r.pk): action_data(r) for r in Action.objects.filter(item__meeting=meeting)
        },
    }


WORDS = re.compile(r"\S+|\s+")


def word_diff(old: str, new: str) -> SafeString:
    """A readable word-level diff: removed words in <del>, added in <ins>, escaped."""
    a, b = WORDS.findall(old or ""), WORDS.findall(new or "")
    out = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


@dataclass(frozen=True)
class Change:
    """One difference between two versions of the minutes."""

    kind: str  # "item" or "point"
    action: str  # "added", "changed" or "removed"
    where: str  # the item it is under, e.g. "3. Chairs Report"
    diff: SafeString


def _item_label(data: dict) -> str:
    return f"{data['number']}. {data['title']}" if data.get("number") else data["title"]


def _item_text(data: dict, *, with_confidential: bool = True) -> str:
    """ "2. Case review: JH"; a confidential item, to a reader without confidential
    access, by its number and title only (publishing.disclosure)."""
    lead = disclosure.item_lead(SimpleNamespace(**data), with_confidential=with_confidential)
    return f"{_item_label(data)}: {lead}" if lead else _item_label(data)


def compare(old: dict, new: dict, *, with_confidential: bool) -> list[Change]:
    """The changes from one snapshot of the minutes to another, in agenda order."""
    old_items, new_items = old.get("items", {}), new.get("items", {})
    all_items = {**old_items, **new_items}

    def hidden_item(key):
        data = all_items.get(key)
        return data is not None and data["confidential"] and not with_confidential

    def item_order(key):
        data = new_items.get(key) or old_items.get(key) or {"order": 0}
        return data["order"]

    def text(data):
        return _item_text(data, with_confidential=with_confidential)

    changes = []
    for key in sorted(set(old_items) | set(new_items), key=lambda k: (item_order(k), int(k))):
        before, after = old_items.get(key), new_items.get(key)
        where = _item_label(after or before)
        if before is None:
            changes.append(Change("item", "added", where, word_diff("", text(after))))
        elif after is None:
            changes.append(Change("item", "removed", where, word_diff(text(before), "")))
        elif text(before) != text(after):
            changes.append(Change("item", "changed", where, word_diff(text(before), text(after))))
    rows = []
    for kind, section in (("point", "points"), ("action", "actions")):
        rows += _compare_rows(
            kind,
            old.get(section, {}),
            new.get(section, {}),
            all_items,
            item_order,
            hidden_item,
            with_confidential,
        )
    return changes + [change for _position, change in sorted(rows, key=lambda r: r[0])]


def _compare_rows(kind, old_rows, new_rows, all_items, item_order, hidden_item, with_confidential):
    """(position, change) for the points (or actions) under the items."""

    def position(key):
        data = new_rows.get(key) or old_rows[key]
        return (item_order(data["item"]), data["order"], int(key))

    changes = []
    for key in sorted(set(old_rows) | set(new_rows), key=position):
        before, after = old_rows.get(key), new_rows.get(key)
        data = after or before
        if hidden_item(data["item"]) or (
            not with_confidential
            and ((before and before["confidential"]) or (after and after["confidential"]))
        ):
            continue
        item = all_items.get(data["item"])
        where = _item_label(item) if item else ""
        place = (*position(key)[:2], kind == "action", int(key))
        if before is None:
            changes.append((place, Change(kind, "added", where, word_diff("", after["text"]))))
        elif after is None:
            changes.append((place, Change(kind, "removed", where, word_diff(before["text"], ""))))
        elif before["text"] != after["text"]:
            diff = word_diff(before["text"], after["text"])
            changes.append((place, Change(kind, "changed", where, diff)))
    return changes


def canonical(meeting: Meeting) -> str:
    """The minutes as signed, as one canonical text: the meeting's header, its
    attendance and its items, points and actions, in order, as sorted JSON. What a
    fingerprint is taken of."""
    from meetings.models import Attendance

    data = snapshot(meeting)
    data["meeting"] = {
        "body": meeting.body_id,
        "date": meeting.date.isoformat(),
        "start_time": meeting.start_time.isoformat(),
        "end_time": meeting.end_time.isoformat() if meeting.end_time else "",
        "location": meeting.location,
        "topic": meeting.topic,
    }
    data["attendance"] = [
        [row.initials, row.role, row.status, row.order]
        for row in Attendance.objects.filter(meeting=meeting).order_by("order", "pk")
    ]
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def fingerprint(meeting: Meeting) -> str:
    """SHA-256 of the canonical rendering of the minutes (hex)."""
    return hashlib.sha256(canonical(meeting).encode()).hexdigest()
