"""Word's automatic list numbering: the numbers Word displays become the item numbers."""

import io

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from imports.docx_numbering import format_number
from imports.docx_reader import read_docx
from imports.services import import_minutes
from meetings.models import AgendaItem, Point


def minutes_document() -> docx.Document:
    """The header and attendance table of IAG minutes; the agenda is up to the test."""
    document = docx.Document()
    for line in ["DATE: Wednesday 2nd March 2022", "TIME: 18:00", "LOCATION: Age UK"]:
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=2)
    for initials, position in [
        ("Init", "Position and Area"),
        ("AK", "IAG Chair"),
        ("MT", "LPA Commander"),
        ("NS", "TVP Community & Diversity Officer"),
    ]:
        row = table.add_row().cells
        row[0].text, row[1].text = initials, position
    return document


def level_xml(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


def add_list(document, *levels, abstract_id=90) -> int:
    """A list definition in numbering.xml, levels given as level_xml's arguments; its numId."""
    numbering = document.part.numbering_part.element
    xml = "".join(level_xml(ilvl, *level) for ilvl, level in enumerate(levels))
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{xml}</w:abstractNum>'
    )
    # Abstract definitions come before the w:num elements in numbering.xml.
    numbering.num_lst[0].addprevious(abstract)
    return numbering.add_num(abstract_id).numId


def reuse_list(document, abstract_id: int, *, start_override: int | None = None) -> int:
    """Another w:num on the same abstract definition, restarting level 0 if asked."""
    num = document.part.numbering_part.element.add_num(abstract_id)
    if start_override is not None:
        num.add_lvlOverride(ilvl=0).add_startOverride(start_override)
    return num.numId


def numbered(document, text: str, num_id: int, ilvl: int = 0):
    paragraph = document.add_paragraph(text)
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id
    return paragraph


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def text_lines(document) -> list[str]:
    return [line for line in read_docx(saved(document)) if line]


def import_document(body, document):
    report = import_minutes(
        body=body, source_name="minutes.docx", lines=read_docx(saved(document)), dry_run=False
    )
    return AgendaItem.objects.filter(meeting_id=report.meeting_id).order_by("order")


def test_list_number_paragraphs_import_as_numbered_items_and_bullets_stay_points(body):
    document = minutes_document()
    welcome = document.add_paragraph(style="List Number")
    welcome.add_run("Welcome and Introductions:")
    welcome.add_run("IAG Chair").bold = True
    document.add_paragraph("AK welcomed everyone.")
    document.add_paragraph("Chairs Report: IAG Chair", style="List Number")
    document.add_paragraph("AK said the topics for next year are:")
    # Three bullets after item 2: numbered as a list, the third would read as item 3.
    for topic in ["Body Worn Video", "Faith and Belief", "Mental Health"]:
        document.add_paragraph(topic, style="List Bullet")
    document.add_paragraph("LPA Commanders Updates: LPA Commander", style="List Number")
    document.add_paragraph("MT reported an increase in ATM robberies.")
    document.add_paragraph("AOB: All", style="List Number")

    items = import_document(body, document)

    assert list(items.values_list("number", "title", "lead")) == [
        ("1", "Welcome and Introductions", "IAG Chair"),
        ("2", "Chairs Report", "IAG Chair"),
        ("3", "LPA Commanders Updates", "LPA Commander"),
        ("4", "AOB", "All"),
    ]
    chairs_report = " ".join(Point.objects.filter(item=items[1]).values_list("text", flat=True))
    for topic in ["Body Worn Video", "Faith and Belief", "Mental Health"]:
        assert topic in chairs_report
    robberies = Point.objects.get(item=items[2])
    assert list(robberies.speakers.values_list("initials", flat=True)) == ["MT"]


def test_a_multilevel_list_numbers_sub_items_under_their_item(body):
    document = minutes_document()
    agenda = add_list(
        document, ("decimal", "%1."), ("lowerLetter", "%1%2."), ("lowerRoman", "(%3)")
    )
    numbered(document, "Welcome and Introductions: IAG Chair", agenda)
    numbered(document, "Previous notes/actions: All", agenda)
    numbered(document, "Crime Updates: LPA Commander", agenda)
    numbered(document, "Stop and Search Data: MT", agenda, ilvl=1)
    numbered(document, "MT said searches rose in March.", agenda, ilvl=2)
    numbered(document, "MT said most were for drugs.", agenda, ilvl=2)
    numbered(document, "Hate Crime Case Studies: NS", agenda, ilvl=1)
    numbered(document, "AOB: All", agenda)
    numbered(document, "Agenda items for next meeting: All", agenda, ilvl=1)

    items = import_document(body, document)

    assert list(items.values_list("number", "title", "lead")) == [
        ("1", "Welcome and Introductions", "IAG Chair"),
        ("2", "Previous notes/actions", "All"),
        ("3", "Crime Updates", "LPA Commander"),
        ("3a", "Stop and Search Data", "MT"),
        ("3b", "Hate Crime Case Studies", "NS"),
        ("4", "AOB", "All"),
        ("4a", "Agenda items for next meeting", "All"),
    ]
    # The third level shows "(i)", "(ii)": kept as Word displays it, in the points.
    assert list(Point.objects.filter(item=items[3]).values_list("text", flat=True)) == [
        "(i) MT said searches rose in March.",
        "(ii) MT said most were for drugs.",
    ]


def test_starts_restarts_overrides_and_shared_counters_follow_word():
    document = docx.Document()
    first = add_list(document, ("decimal", "%1.", 5), ("decimal", "%1.%2", 1), abstract_id=91)
    numbered(document, "Starts at five", first)
    numbered(document, "Second level", first, ilvl=1)
    numbered(document, "Six", first)
    numbered(document, "Second level again from one", first, ilvl=1)
    numbered(document, "", first)  # an empty numbered paragraph counts, and shows nothing
    continued = reuse_list(document, 91)
    numbered(document, "Another list on the same definition continues", continued)
    restarted = reuse_list(document, 91, start_override=1)
    numbered(document, "A list restarted with Word's Restart at 1", restarted)
    numbered(document, "and goes on", restarted)
    unnumbered = document.add_paragraph("Numbering removed by numId 0", style="List Number")
    unnumbered._p.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = 0
    numbered(document, "A list that does not exist keeps its text", 999)

    assert text_lines(document) == [
        "5. Starts at five",
        "5.1 Second level",
        "6. Six",
        "6.1 Second level again from one",
        "8. Another list on the same definition continues",
        "1. A list restarted with Word's Restart at 1",
        "2. and goes on",
        "Numbering removed by numId 0",
        "A list that does not exist keeps its text",
    ]


def test_headings_numbered_through_their_style_take_the_level_their_style_names():
    document = docx.Document()
    outline = add_list(
        document,
        ("decimal", "%1.", 1, '<w:pStyle w:val="Heading1"/>'),
        ("lowerLetter", "%1%2.", 1, '<w:pStyle w:val="Heading2"/>'),
        abstract_id=94,
    )
    for name in ["Heading 1", "Heading 2"]:
        style_pr = document.styles[name].element.get_or_add_pPr()
        style_pr.get_or_add_numPr().get_or_add_numId().val = outline
    document.add_paragraph("Welcome and Introductions", style="Heading 1")
    document.add_paragraph("Crime Updates", style="Heading 1")
    document.add_paragraph("Stop and Search Data", style="Heading 2")
    document.add_paragraph("AK welcomed everyone.")
    document.add_paragraph("AOB", style="Heading 1")

    assert text_lines(document) == [
        "1. Welcome and Introductions",
        "2. Crime Updates",
        "2a. Stop and Search Data",
        "AK welcomed everyone.",
        "3. AOB",
    ]


def test_letters_romans_level_overrides_and_lists_in_tables():
    document = docx.Document()
    letters = add_list(
        document,
        ("upperLetter", "%1)"),
        ("lowerLetter", "(%2)", 1, '<w:lvlRestart w:val="0"/>'),
        abstract_id=92,
    )
    numbered(document, "Upper letter", letters)
    numbered(document, "never restarts", letters, ilvl=1)
    numbered(document, "Upper letter again", letters)
    numbered(document, "still counting", letters, ilvl=1)
    table = document.add_table(rows=1, cols=1)
    cell = table.rows[0].cells[0].paragraphs[0]
    cell.add_run("In a table")
    num_pr = cell._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = letters
    numbered(document, "After the table", letters)
    romans = add_list(document, ("decimal", "%1."), abstract_id=93)
    override = document.part.numbering_part.element.num_having_numId(romans)
    override.add_lvlOverride(ilvl=0).append(
        parse_xml(
            f'<w:lvl {nsdecls("w")} w:ilvl="0"><w:start w:val="1"/>'
            '<w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
        )
    )
    numbered(document, "Overridden as Roman", romans)
    numbered(document, "Roman two", romans)

    assert text_lines(document) == [
        "A) Upper letter",
        "(a) never restarts",
        "B) Upper letter again",
        "(b) still counting",
        "In a table",
        "D) After the table",
        "I. Overridden as Roman",
        "II. Roman two",
    ]


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (3, "decimal", "3"),
        (3, "decimalZero", "03"),
        (2, "lowerLetter", "b"),
        (27, "lowerLetter", "aa"),
        (28, "upperLetter", "BB"),
        (4, "lowerRoman", "iv"),
        (1994, "upperRoman", "MCMXCIV"),
        (5, "ordinal", "5"),
        (0, "lowerLetter", "0"),
    ],
)
def test_numbers_are_formatted_as_word_shows_them(value, fmt, shown):
    assert format_number(value, fmt) == shown
