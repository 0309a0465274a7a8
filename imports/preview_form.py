"""What the officer changed in the preview form, kept with each file of the batch."""

import datetime

from django.core.exceptions import ValidationError

from imports.parsing import Corrections, NotMinutes, parse_minutes
from imports.parsing.corrections import LINE_KINDS, line_kinds
from members.models import validate_initials


def field(post, key: str, default: str = "") -> str:
    """A field of the preview form, stripped, without NUL characters."""
    return post.get(key, default).replace("\x00", "").strip()


def read_corrections(post, batch, files) -> tuple[dict[int, tuple[str, str]], list]:
    """Keep what the officer changed in the preview form with each file.

    Returns ({file index: (field, error)}, the files changed). Only the files whose
    fields were in the form are read again (what the form showed, to compare with):
    a big batch shows the fields of the files the officer opened.
    """
    errors, changed = {}, []
    for file in files:
        index = file.index
        prefix = f"f{index}-"
        if not any(key.startswith(prefix) for key in post):
            continue
        corrections = Corrections.from_json(file.corrections)
        try:
            parsed = parse_minutes(file.lines, year=batch.year, corrections=corrections)
        except NotMinutes:
            continue
        given = field(post, prefix + "date")
        if given:
            try:
                corrections.date = datetime.date.fromisoformat(given)
            except ValueError:
                errors[index] = (
                    prefix + "date",
                    f"“{given}” is not a date: give it as day, month and year.",
                )
        present = field(post, prefix + "present")
        if present:
            corrections.present = present[:2000]
        location = field(post, prefix + "location")
        if location and location != parsed.header.location:
            corrections.location = location[:300]
        kinds = line_kinds(parsed)
        for key, value in post.items():
            number = key.removeprefix(prefix + "kind-")
            if key.startswith(prefix + "kind-") and number.isdigit() and value in LINE_KINDS:
                number = int(number)
                if value != kinds.get(number, ""):
                    corrections.kinds[number] = value
        error = read_people(post, prefix, parsed, corrections)
        if error:
            errors[index] = error
        if corrections.as_json() != file.corrections:
            file.corrections = corrections.as_json()
            file.save(update_fields=["corrections"])
            changed.append(file)
    return errors, changed


def read_people(post, prefix, parsed, corrections) -> tuple[str, str] | None:
    """Initials, names and members given for the attendance; (field, error) for the
    first that cannot be taken, which is left as it was."""
    error = None
    taken = {
        corrections.people.get(i, {}).get("initials", row.initials).lower(): i
        for i, row in enumerate(parsed.attendance)
    }
    for row_index, row in enumerate(parsed.attendance):
        key = f"{prefix}initials-{row_index}"
        initials = field(post, key, row.initials)
        name = field(post, f"{prefix}name-{row_index}", row.name)[:200]
        if (initials, name) != (row.initials, row.name):
            try:
                validate_initials(initials)
            except ValidationError:
                error = error or (key, f"“{initials}” are not initials (e.g. NS, EBr, AK/2).")
                continue
            if taken.get(initials.lower(), row_index) != row_index:
                error = error or (
                    key,
                    f"Two people would have the initials {initials}: tell them apart (AK/1, AK/2).",
                )
                continue
            taken.pop(row.initials.lower(), None)
            taken[initials.lower()] = row_index
            corrections.people[row_index] = {"initials": initials, "name": name}
        member_key = f"{prefix}member-{row_index}"
        member = field(post, member_key)
        if member.isdigit():
            if int(member) and int(member) in [
                pk for i, pk in corrections.members.items() if i != row_index
            ]:
                error = error or (
                    member_key,
                    "The same member is chosen for two people: choose each member once.",
                )
                continue
            corrections.members[row_index] = int(member)
        elif member == "" and row_index in corrections.members:
            del corrections.members[row_index]
    return error
