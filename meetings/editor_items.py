"""The editor page's agenda items, rendered once per state of each item (issue 20).

Rendering an item with its points and actions is most of the editor's cost, and
most items do not change between two loads of the page (none do in agreed minutes).
Each item's HTML is kept in the shared cache under a digest of everything it shows:
its own row, its points and actions (id, version, order), who spoke to or owns them,
the decisions in the register, the attendance (whose initials the rows print), the
body's numbering and the page's markup. Any save, move, create or delete of one of
those changes the digest, so a cached item is never served after it changed; an
unchanged item is not rendered again.

Only officers of the body reach the editor, and each of them reads every row of it
(confidential ones too): the HTML is the same for all of them, so the key carries
that right ("confidential") rather than the reader. The cached HTML holds no
per-request part (no CSRF token, no nonce). The item where earlier minutes are
reviewed is kept with a marker where the page loads its panels (they read other
meetings: meetings.views.editor_panels, asked by htmx once the page is shown).
"""

import functools
import hashlib
import json

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from actions.models import Action
from committee.models import Decision
from iag_portal import kept
from meetings import services
from meetings.models import Meeting, Point
from meetings.queries import minutes_items

TEMPLATE = "meetings/editor.html"
TIMEOUT = 24 * 3600
# Where the review item's panels (loaded by the page afterwards) go in its kept HTML.
PANELS = mark_safe("<!--review-panels-->")


@functools.cache
def markup() -> str:
    """The fingerprint of what the kept HTML is made by: the editor's template and the
    code whose values and labels it prints (the rows' models, this module). A deploy
    that changes any of them starts afresh: old HTML would not fit the new editor.js,
    or would show old labels."""
    import sys

    import actions.models
    import committee.models
    import meetings.models

    return kept.of_code(
        [sys.modules[__name__], meetings.models, actions.models, committee.models], [TEMPLATE]
    )


def cache_key(meeting: Meeting) -> str:
    return f"editor-items:{markup()}:{meeting.pk}:confidential:{translation.get_language()}"


def item_digests(meeting: Meeting, snapshot: list[list]) -> dict[int, str]:
    """Each item's digest: what its HTML shows, as ids and versions (three small
    queries beside the snapshot, whatever the size of the minutes)."""
    parts: dict[int, dict[str, list]] = {}
    point_item, action_item = {}, {}
    attendance = []
    for kind, pk, version, _parent, order, _key in snapshot:
        if kind == "item":
            parts[pk] = {"item": [version, order], "point": [], "action": [], "people": []}
        elif kind == "attendance":
            attendance.append([pk, version])
    for kind, pk, version, parent, order, _key in snapshot:
        if kind in ("point", "action") and parent in parts:
            parts[parent][kind].append([pk, version, order])
            (point_item if kind == "point" else action_item)[pk] = parent
    speakers = Point.speakers.through.objects.filter(point__item__meeting=meeting)
    for point, attendee in speakers.order_by("pk").values_list("point_id", "attendance_id"):
        if point in point_item:
            parts[point_item[point]]["people"].append(["s", point, attendee])
    owners = Action.owners.through.objects.filter(action__item__meeting=meeting)
    for action, attendee in owners.order_by("pk").values_list("action_id", "attendance_id"):
        if action in action_item:
            parts[action_item[action]]["people"].append(["o", action, attendee])
    decisions = Decision.objects.filter(point__item__meeting=meeting).order_by("pk")
    for point, version in decisions.values_list("point_id", "version"):
        if point in point_item:
            parts[point_item[point]]["people"].append(["d", point, version])
    common = [attendance, meeting.pk, meeting.body.is_formal, meeting.body.minute_prefix]
    return {
        pk: hashlib.blake2b(
            json.dumps([common, part], default=str).encode(), digest_size=12
        ).hexdigest()
        for pk, part in parts.items()
    }


def digests_of(meeting: Meeting, snapshot: list[list]) -> dict:
    """The digest of each item (by id) and of the attendance ("attendance")."""
    digests: dict = item_digests(meeting, snapshot)
    attendance = [row[1:3] for row in snapshot if row[0] == "attendance"]
    digests["attendance"] = hashlib.blake2b(
        json.dumps([attendance, meeting.pk]).encode(), digest_size=12
    ).hexdigest()
    return digests


def new_rows_digest(meeting: Meeting, context: dict) -> str:
    """The digest of the blank rows editor.js copies (a new item, point, action): the
    body's numbering and the default due date of a new action are all they show."""
    body = meeting.body
    shown = [meeting.pk, body.is_formal, body.minute_prefix, context.get("default_due")]
    return hashlib.blake2b(json.dumps(shown, default=str).encode(), digest_size=12).hexdigest()


def render_rows(request, meeting: Meeting, items, snapshot, context: dict):
    """The HTML of the attendance, of each item in order and (when the minutes can be
    edited) of the blank rows editor.js copies: from the cache where its digest is
    unchanged, else rendered (and kept). `items`: the meeting's agenda items, without
    their rows. Returns (attendance HTML, [item HTML], blank rows HTML or "").

    Another officer may save, add or delete rows while this page is made: what is
    rendered is read after `snapshot`, so it is kept only under a digest that is
    still the same once it is rendered (ids are never reused and versions only grow,
    so an unchanged digest means nothing changed between); an item added since the
    snapshot is rendered but not kept, one deleted since is left out."""
    digests = digests_of(meeting, snapshot)
    blanks = [] if context.get("locked") else ["new-rows"]
    if blanks:
        digests["new-rows"] = new_rows_digest(meeting, context)
    review_id = context.get("review_item_id")
    key = cache_key(meeting)
    kept = cache.get(key) or {}
    names = ["attendance"] + [item.pk for item in items]
    html = {
        name: kept[name][1]
        for name in names + blanks
        if name in digests and kept.get(name, ("",))[0] == digests[name]
    }
    rendered = set()
    if "attendance" not in html:
        html["attendance"] = render_to_string(f"{TEMPLATE}#attendance-rows", context)
        rendered.add("attendance")
    if blanks and "new-rows" not in html:
        html["new-rows"] = render_to_string(f"{TEMPLATE}#new-rows", context)
        rendered.add("new-rows")
    missing = [name for name in names[1:] if name not in html]
    if missing:
        full = minutes_items(meeting, with_confidential=True).filter(pk__in=missing)
        for item in full:
            # The review item is kept with a marker where its panels go.
            item_context = context | {"item": item, "review_panels": PANELS}
            html[item.pk] = render_to_string(f"{TEMPLATE}#item", item_context, request=request)
            rendered.add(item.pk)
    after = digests_of(meeting, services.minutes_snapshot(meeting)) if rendered else digests
    after = after | {name: digests[name] for name in blanks}  # they show no rows
    fresh = {
        name: (digests[name], html[name])
        for name in names + blanks
        if name in html
        and name in digests
        and (name not in rendered or after.get(name) == digests[name])
    }
    if fresh != kept:
        cache.set(key, fresh, TIMEOUT)
    if review_id in html:
        loader = render_to_string(f"{TEMPLATE}#panels-loader", context | {"panels_in": "item"})
        html[review_id] = html[review_id].replace(PANELS, loader, 1)
    # Rendered by our template, which escaped every value: safe to insert as they are.
    safe = [mark_safe(html[name]) for name in names if name in html]  # noqa: S308
    new_rows = mark_safe(html["new-rows"]) if blanks else ""  # noqa: S308
    return safe[0], safe[1:], new_rows
