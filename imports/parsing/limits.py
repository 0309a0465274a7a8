"""How long each field of the tree may be: read from the models that will hold it."""

from meetings.models import AgendaItem, Attendance, Meeting


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


# Longer text is shortened to fit and kept whole in a point flagged for review
# (post.fit_fields), so nothing is cut when saving.
FIELD_LENGTHS = {
    "location": _max_length(Meeting, "location"),
    "topic": _max_length(Meeting, "topic"),
    "number": _max_length(AgendaItem, "number"),
    "title": _max_length(AgendaItem, "title"),
    "lead": _max_length(AgendaItem, "lead"),
    "role": _max_length(Attendance, "role"),
    "name": _max_length(Attendance, "name"),
}
TITLE_LENGTH = FIELD_LENGTHS["title"]
