"""The IAG reader is a state machine: named states, a (state, kind) -> handler table."""

from pathlib import Path

from imports.parsing import parse_minutes
from imports.parsing.classify import IAG_KINDS, paragraph_kind
from imports.parsing.informal import InformalReader
from imports.parsing.text import paragraphs

PARSING = Path(__file__).resolve().parents[2] / "imports" / "parsing"
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

MINUTES = """IAG MEETING
DATE: Wednesday 2nd March 2022
TIME: 18:00 hrs
LOCATION: Room 2
Init\tPosition and Area
NS\tIAG Chair
JH\tIAG Member
Apologies
MT\tIAG Member
1. Welcome: NS
NS welcomed everyone.

2. Police update
JH said that burglaries were down. JH to send the figures.
"""


def test_the_iag_table_names_its_states_and_only_kinds_the_classifier_gives():
    states = set(InformalReader.DEFAULTS)
    assert states == {"header", "table_heading", "attendance", "body"}
    for state, kind in InformalReader.TRANSITIONS:
        assert state in states and kind in IAG_KINDS


def test_a_paragraph_s_kind_is_judged_from_its_first_line_alone():
    assert paragraph_kind("DATE: Wednesday 2nd March 2022") == "header_field"
    assert paragraph_kind("DATE\tWednesday 2nd March 2022") == "header_field"
    assert paragraph_kind("Init\tPosition and Area") == "people_table"
    assert paragraph_kind("NS\tIAG Chair") == "people_table"
    assert paragraph_kind("3. Chairs Report:**IAG Chair**") == "item"
    assert paragraph_kind("NS welcomed everyone.") == "text"


def test_the_reader_walks_header_attendance_and_body_and_claims_every_line():
    visited = []

    class Traced(InformalReader):
        def step(self, kind, para):
            visited.append((self.state, kind))
            return super().step(kind, para)

    lines = MINUTES.splitlines()
    parsed = Traced(paragraphs(lines)).read()
    # The first paragraph is split where each part starts: the header, the table, item 1.
    assert visited[0] == ("header", "text")  # the title line, not imported
    assert ("header", "people_table") in visited
    assert ("attendance", "item") in visited
    assert visited[-1] == ("body", "text")
    assert [row.initials for row in parsed.attendance] == ["NS", "JH", "MT"]
    assert [row.status for row in parsed.attendance] == ["present", "present", "apologies"]
    assert [(item.number, item.title, item.lead) for item in parsed.items] == [
        ("1", "Welcome", "NS"),
        ("2", "Police update", ""),
    ]
    assert parsed.items[1].actions[0].owners == ["JH"]
    assert parsed.not_imported == [(1, "IAG MEETING")]
    numbered = {n for n, line in enumerate(lines, start=1) if line.strip()}
    assert numbered == set(parsed.line_roles)


def test_the_seeds_still_read_through_the_table():
    for seed in sorted(SEEDS.glob("00[01]_*.txt")):
        lines = seed.read_text(encoding="utf-8").splitlines()
        parsed = parse_minutes(lines)
        assert parsed.style == "informal"
        assert {n for n, line in enumerate(lines, 1) if line.strip()} <= set(parsed.line_roles)


def test_every_module_of_the_parser_stays_small():
    for module in PARSING.glob("*.py"):
        assert len(module.read_text().splitlines()) <= 250, module.name
