"""Reading what Word shows: content controls, tracked changes, fields and links."""

import io

import docx
import pytest
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from imports import docx_reader
from imports.docx_reader import read_docx
from imports.parsing import NotMinutes
from imports.services import import_minutes
from meetings.models import AgendaItem, Point


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def minutes_document() -> docx.Document:
    """The header and attendance table of IAG minutes; the agenda is up to the test."""
    document = docx.Document()
    for line in ["DATE: Wednesday 2nd March 2022", "TIME: 18:00", "LOCATION: Age UK"]:
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=2)
    for initials, position in [("Init", "Position and Area"), ("AK", "IAG Chair"), ("MT", "LPA")]:
        row = table.add_row().cells
        row[0].text, row[1].text = initials, position
    return document


def import_document(body, document):
    report = import_minutes(
        body=body, source_name="minutes.docx", lines=read_docx(saved(document)), dry_run=False
    )
    return AgendaItem.objects.filter(meeting_id=report.meeting_id).order_by("order")


def in_content_control(*elements):
    """Wrap body-level paragraphs or tables in a content control (w:sdt), in place."""
    sdt = parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="Minutes"/></w:sdtPr>'
        "<w:sdtContent/></w:sdt>"
    )
    elements[0].addprevious(sdt)
    content = sdt.find(qn("w:sdtContent"))
    for element in elements:
        content.append(element)
    return sdt


def wrapped(run, tag: str):
    """Put `run` inside a w:ins, w:hyperlink, w:smartTag... of its paragraph."""
    wrapper = OxmlElement(tag)
    if tag in {"w:ins", "w:moveTo"}:
        wrapper.set(qn("w:id"), "7")
        wrapper.set(qn("w:author"), "Clerk")
    if tag == "w:fldSimple":
        wrapper.set(qn("w:instr"), "DOCPROPERTY Lead")
    run._r.addprevious(wrapper)
    wrapper.append(run._r)
    return run


def inline_content_control(paragraph, text: str, *, bold: bool = False):
    """A content control inside a paragraph (a drop-down or a date picker, say)."""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    paragraph._p.append(
        parse_xml(
            f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent>"
            f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'
            "</w:sdtContent></w:sdt>"
        )
    )


def deleted(paragraph, text: str):
    """Text struck through as a tracked deletion: Word shows it removed."""
    paragraph._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="9" w:author="Clerk">'
            f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>'
        )
    )


def test_paragraphs_and_tables_in_content_controls_are_read_in_document_order():
    document = docx.Document()
    date = document.add_paragraph("DATE: Wednesday 2nd March 2022")
    time = document.add_paragraph("TIME: 18:00")
    table = document.add_table(rows=0, cols=2)
    for initials, position in [("Init", "Position and Area"), ("AK", "IAG Chair")]:
        row = table.add_row().cells
        row[0].text, row[1].text = initials, position
    document.add_paragraph("1. Welcome: All")
    in_content_control(date._p, time._p)
    in_content_control(table._tbl)

    assert [line for line in read_docx(saved(document)) if line] == [
        "DATE: Wednesday 2nd March 2022",
        "TIME: 18:00",
        "Init\tPosition and Area",
        "AK\tIAG Chair",
        "1. Welcome: All",
    ]


def test_runs_inside_insertions_links_fields_and_controls_are_read_and_deletions_are_not():
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("MT said ")
    wrapped(paragraph.add_run("searches rose "), "w:ins")
    deleted(paragraph, "fell sharply ")
    wrapped(paragraph.add_run("in March, "), "w:moveTo")
    wrapped(paragraph.add_run("see the report"), "w:hyperlink")
    paragraph.add_run(" by ")
    wrapped(paragraph.add_run("Thames Valley Police"), "w:smartTag")
    paragraph.add_run(" for ")
    inline_content_control(paragraph, "Milton Keynes")
    paragraph.add_run(".")
    heading = document.add_paragraph()
    heading.add_run("Chairs Report:")
    wrapped(heading.add_run("IAG Chair"), "w:fldSimple").bold = True

    assert [line for line in read_docx(saved(document)) if line] == [
        "MT said searches rose in March, see the report by Thames Valley Police for Milton Keynes.",
        "Chairs Report:**IAG Chair**",
    ]


def test_minutes_typed_in_a_template_of_content_controls_import_whole_and_numbered(body):
    document = minutes_document()
    welcome = document.add_paragraph(style="List Number")
    inline_content_control(welcome, "Welcome and Introductions")
    wrapped(welcome.add_run(": "), "w:ins")
    inline_content_control(welcome, "IAG Chair", bold=True)
    said = document.add_paragraph("AK welcomed ")
    wrapped(said.add_run("everyone to the Peartree Centre."), "w:ins")
    deleted(said, " Nobody came.")
    crime = document.add_paragraph("Crime Updates: LPA Commander", style="List Number")
    update = document.add_paragraph()
    wrapped(update.add_run("MT reported an increase in ATM robberies."), "w:ins")
    # The second item and its discussion sit in a content control of their own: they
    # must still be read, and still be numbered 2 by Word's list.
    in_content_control(crime._p, update._p)
    document.add_paragraph("AOB: All", style="List Number")

    items = import_document(body, document)

    assert list(items.values_list("number", "title", "lead")) == [
        ("1", "Welcome and Introductions", "IAG Chair"),
        ("2", "Crime Updates", "LPA Commander"),
        ("3", "AOB", "All"),
    ]
    assert list(Point.objects.filter(item=items[0]).values_list("text", flat=True)) == [
        "AK welcomed everyone to the Peartree Centre."
    ]
    robberies = Point.objects.get(item=items[1])
    assert robberies.text == "MT reported an increase in ATM robberies."
    assert list(robberies.speakers.values_list("initials", flat=True)) == ["MT"]


def test_cells_in_content_controls_and_repeating_rows_are_read():
    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    for initials, position in [("Init", "Position and Area"), ("AK", "IAG Chair")]:
        row = table.add_row().cells
        row[0].text, row[1].text = initials, position
    rows = table._tbl.tr_lst
    # A repeating-section control around the second row, and a plain-text control
    # around the position cell inside it.
    repeating = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent/></w:sdt>")
    rows[1].addprevious(repeating)
    repeating.find(qn("w:sdtContent")).append(rows[1])
    cell = rows[1].tc_lst[1]
    control = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent/></w:sdt>")
    cell.addprevious(control)
    control.find(qn("w:sdtContent")).append(cell)

    assert [line for line in read_docx(saved(document)) if line] == [
        "Init\tPosition and Area",
        "AK\tIAG Chair",
    ]


def test_a_vertically_merged_cell_under_a_repeating_row_is_read_not_a_crash():
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    merged = table.cell(0, 0).merge(table.cell(1, 0))
    merged.text = "AK"
    table.cell(0, 1).text, table.cell(1, 1).text = "IAG Chair", "Faith Forum"
    first_row = table._tbl.tr_lst[0]
    repeating = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent/></w:sdt>")
    first_row.addprevious(repeating)
    repeating.find(qn("w:sdtContent")).append(first_row)
    lines = read_docx(saved(document))
    assert "AK\tIAG Chair" in lines
    assert any(line.endswith("Faith Forum") for line in lines)


def test_a_document_the_reader_cannot_walk_is_refused_clearly(monkeypatch):
    def broken(document):
        raise ValueError("no tr above topmost tr in w:tbl")

    monkeypatch.setattr(docx_reader, "docx_lines", broken)
    with pytest.raises(NotMinutes, match="could not be read"):
        read_docx(saved(docx.Document()))
