"""Front matter: the title, date, time and venue of minutes in any layout."""

import re

from imports.parsing.classify import Line, classify
from imports.parsing.dates import find_any_date, parse_time_range
from imports.parsing.lexicon import (
    ONLINE,
    PLACE_BEFORE_DATE,
    PLACE_IN_TITLE,
    TIME_IN_TEXT,
)
from imports.parsing.text import at_most_words, clean


class FrontMatter:
    """Handlers of the general reader (general.py) for front matter."""

    # --- front matter ----------------------------------------------------------
    def front_text(self, number: int, line: Line) -> str:
        header = self.parsed.header
        found = find_any_date(line.text) if not header.date_text else None
        following = clean(self.following.get(number, ""))
        if (
            not found
            and not header.date_text
            and following
            and classify(following).kind
            not in {
                "attendance_heading",
                "item",
            }
        ):
            # "... held on Tuesday 14th" / "January 2020 at 7.30pm": a title the export broke.
            joined = f"{line.text} {following}"
            found = find_any_date(joined)
            if found:
                self.skip.add(number + 1)
                self.claim([number + 1], "header")
                line = Line("text", joined, {})
        if found:
            header.date, header.date_text = found
            self.read_time_and_place(line.text, number)
            self.claim([number], "header")
            self.place_continues(number)
            return "front"
        if header.date_text and TIME_IN_TEXT.search(line.text) and len(line.text) < 80:
            self.read_time_and_place(line.text, number)
            self.claim([number], "header")
            return "front"
        if re.search(r"\bheld\b", line.text) and not self.parsed.items:
            self.claim([number], "header")  # the start of a title sentence: "... held on"
            return "front"
        if not self.parsed.items and len(line.text.split()) <= 12 and not line.text.endswith("."):
            self.parsed.not_imported.append((number, line.text))
            self.parsed.notes.append(f"Line {number} “{line.text}” was read as a title.")
            self.claim([number], "not_imported")
            return "front"
        return self.body_text(number, line)

    def place_continues(self, number: int) -> None:
        """ "..., 6pm-7.30pm, Eastfield" / "Community Centre": the venue wrapped by the export."""
        header = self.parsed.header
        following = clean(self.following.get(number, ""))
        if (
            header.location_lines[-1:] == [number]
            and following
            and number + 1 not in self.skip
            and classify(following).kind in {"text", "heading"}
            and at_most_words(following, 6)
            and not following.endswith(".")
        ):
            header.location = f"{header.location} {following}"
            header.location_lines.append(number + 1)
            self.skip.add(number + 1)
            self.claim([number + 1], "header")

    def read_time_and_place(self, text: str, number: int) -> None:
        header = self.parsed.header
        time = TIME_IN_TEXT.search(text)
        if time and not header.start_time:
            header.start_time, header.end_time = parse_time_range(time[0].replace("hrs", ""))
        after = text[time.end() :] if time else text[text.find(header.date_text) + 1 :]
        place = PLACE_IN_TITLE.search(after.strip(" ,.")) if after.strip(" ,.") else None
        place = PLACE_BEFORE_DATE.search(text) or place
        if place and not header.location and not find_any_date(place["place"]):
            header.location = re.sub(r"\s+([,.;:])", r"\1", place["place"].strip(" ,."))
            header.location_lines.append(number)
        elif ONLINE.search(text) and not header.location:
            header.location = ONLINE.search(text)[0].title()

    def header_field(self, number: int, line: Line) -> str:
        key, value, header = line["key"].lower(), line["value"], self.parsed.header
        if key.startswith(("date", "when")) and not header.date_text:
            found = find_any_date(value)
            if found:
                header.date, header.date_text = found
            self.read_time_and_place(value, number)
        elif key == "time":
            header.start_time, header.end_time = parse_time_range(value.replace("hrs", ""))
        elif key in {"location", "venue", "place", "where", "held at"}:
            header.location = value
            header.location_lines.append(number)
        else:
            return self.body_text(number, line)
        self.claim([number], "header")
        return "front" if self.state == "front" else self.state
