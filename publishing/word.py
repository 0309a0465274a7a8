"""The minutes as a Word document, with the same structure as the print view.

Officers paste from it into other documents, so it uses Word's own structure:
real headings, a real table for the attendance, the marking, body, date and page
numbers in the header and footer. Its core properties carry only the title.
"""

import datetime
import io
from hashlib import sha256

import docx
from django.core.cache import cache
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from publishing.editions import Minutes

MARKING_RED = RGBColor(0x8A, 0x1A, 0x1A)
GREY = RGBColor(0x3D, 0x45, 0x51)


# Drafts are downloaded as they are typed: the same draft, unchanged, is written once.
# `Minutes` is a frozen value of everything printed, so its repr is the content key.
DOCX_CACHE_SECONDS = 24 * 60 * 60


def cached_docx(minutes: Minutes) -> bytes:
    """`render_docx(minutes)`, kept in the cache under a digest of the content."""
    digest = sha256(f"{docx.__version__}{minutes!r}".encode())
    key = f"publishing:docx:{digest.hexdigest()}"
    content = cache.get(key)
    if content is None:
        content = render_docx(minutes)
        cache.set(key, content, DOCX_CACHE_SECONDS)
    return content


def render_docx(minutes: Minutes) -> bytes:
    document = Document()
    _set_properties(document, minutes)
    _set_page(document, minutes)
    _header(document, minutes)
    _attendance(document, minutes)
    for item in minutes.items:
        _item(document, minutes, item)
    if minutes.actions:
        _actions_table(document, minutes)
    _next_meeting(document, minutes)
    _signed(document, minutes)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_properties(document, minutes: Minutes) -> None:
    # Overwrite every field of the template's core properties, so nothing of
    # python-docx's defaults (or anything confidential) is left in them.
    props = document.core_properties
    props.title = minutes.title
    props.subject = f"Meeting minutes, {minutes.edition.label.lower()}"
    props.author = minutes.body_name
    props.last_modified_by = minutes.body_short_name
    props.keywords = ""
    props.comments = ""
    props.category = "Minutes"
    props.content_status = "Draft" if minutes.draft else "Final"
    props.identifier = ""
    props.language = "en-GB"
    props.version = ""
    props.revision = 1
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None, microsecond=0)
    props.created = props.modified = now


def _set_page(document, minutes: Minutes) -> None:
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(22)
    section.left_margin = section.right_margin = Mm(18)
    styles = document.styles
    styles["Normal"].font.name = "Arial"
    styles["Normal"].font.size = Pt(10.5)

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if minutes.marking:
        _run(header, minutes.marking, bold=True, color=MARKING_RED)
    running = section.header.add_paragraph()
    running.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(running, f"{minutes.body_name} - {minutes.date:%-d %B %Y}", size=8, color=GREY)

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if minutes.marking:
        _run(footer, minutes.marking, bold=True, color=MARKING_RED)
    numbers = section.footer.add_paragraph()
    numbers.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _run(numbers, "Page ", size=8)
    _field(numbers, "PAGE")
    _run(numbers, " of ", size=8)
    _field(numbers, "NUMPAGES")


def _header(document, minutes: Minutes) -> None:
    body_name = document.add_paragraph()
    _run(body_name, minutes.body_name.upper(), bold=True, color=GREY)
    document.add_heading(f"Meeting Minutes{' (draft)' if minutes.draft else ''}", level=0)
    if minutes.is_public:
        _run(document.add_paragraph(), "Public edition", bold=True)
    fields = [
        ("DATE", f"{minutes.date:%A %-d %B %Y}"),
        ("TIME", minutes.time_text),
        ("LOCATION", minutes.location or "To be confirmed"),
    ]
    if minutes.topic:
        fields.append(("TOPIC", minutes.topic))
    for label, value in fields:
        paragraph = document.add_paragraph()
        _run(paragraph, f"{label}\t", bold=True)
        paragraph.add_run(value)


def _attendance(document, minutes: Minutes) -> None:
    if minutes.formal:
        for group in minutes.groups:
            paragraph = document.add_paragraph()
            _run(paragraph, f"{group.heading}: ", bold=True)
            if group.first:
                paragraph.add_run(group.first)
                if group.entries:
                    paragraph.add_run().add_break()
            paragraph.add_run(group.text)
        if not minutes.groups:
            _name_list(document, "Present", ())
        if minutes.quorum_line:
            document.add_paragraph(minutes.quorum_line)
        return
    rows = len(minutes.present) + (len(minutes.apologies) + 1 if minutes.apologies else 0)
    table = document.add_table(rows=1 + rows, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    _header_cells(table.rows[0], ("Init", "Position and Area"))
    index = 1
    for attendee in minutes.present:
        _attendee_row(table.rows[index], attendee)
        index += 1
    if minutes.apologies:
        merged = table.rows[index].cells[0].merge(table.rows[index].cells[1])
        _run(merged.paragraphs[0], "Apologies", bold=True)
        index += 1
        for attendee in minutes.apologies:
            _attendee_row(table.rows[index], attendee)
            index += 1
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Mm(25), Mm(120)


def _attendee_row(row, attendee) -> None:
    row.cells[0].text = attendee.initials
    row.cells[1].text = attendee.role
    if attendee.note:
        _run(row.cells[1].paragraphs[0], f" ({attendee.note})", italic=True)


def _name_list(document, label: str, attendees) -> None:
    paragraph = document.add_paragraph()
    _run(paragraph, f"{label}: ", bold=True)
    names = [
        f"{a.full_name_and_role} [{a.note}]" if a.note else a.full_name_and_role for a in attendees
    ]
    paragraph.add_run(", ".join(names) or "None recorded")


def _item(document, minutes: Minutes, item) -> None:
    heading = document.add_heading(level=1)
    if item.reference:
        heading.add_run(f"{item.reference}\t")
    heading.add_run(item.heading)
    if item.lead:
        lead = heading.add_run(f": {item.lead}")
        lead.bold = False
    if item.confidential and not minutes.is_public:
        _run(heading, "  CONFIDENTIAL", color=MARKING_RED)
    if item.withheld_note:
        _run(document.add_paragraph(), item.withheld_note, italic=True)
        return
    if item.state_note:
        _run(document.add_paragraph(), item.state_note, italic=True)
    for point in item.points:
        if point.is_heading:
            document.add_heading(point.text, level=2)
            continue
        if point.is_decision:
            _run(document.add_paragraph(), "RESOLVED -", bold=True)
        paragraph = document.add_paragraph()
        if point.is_decision:
            paragraph.paragraph_format.left_indent = Mm(8)
        if point.confidential:
            _run(paragraph, "CONFIDENTIAL ", bold=True, color=MARKING_RED)
        paragraph.add_run(point.text)
        if point.moved or point.vote:
            vote = f"Vote: {point.vote}" if point.vote else ""
            document.add_paragraph(" ".join(part for part in (point.moved, vote) if part))
    for declaration in item.declarations:
        document.add_paragraph(declaration)
    if item.none_declared:
        document.add_paragraph("None disclosed.")
    if item.agreed_line:
        document.add_paragraph(item.agreed_line)
    if item.reviewed:
        _run(document.add_paragraph(), "Actions from earlier meetings", bold=True)
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        _header_cells(table.rows[0], ("Owner", "Action", "Raised", "Update"))
        for review in item.reviewed:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = review.owners, review.description
            cells[2].text, cells[3].text = f"{review.raised:%-d %b %Y}", review.update
    elif item.reviewed is not None and not item.says_no_outstanding_actions:
        document.add_paragraph("There are no outstanding actions.")
    if item.advice is not None and not item.advice.is_empty:
        _carried_advice(document, item.advice)
    for action in item.actions:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = Mm(4)
        owners = f" {action.owners}" if action.owners else ""
        _run(paragraph, f"ACTION{owners}: ", bold=True)
        paragraph.add_run(action.description)
        if action.due:
            paragraph.add_run(f" (by {action.due:%-d %B %Y})")


def _carried_advice(document, carried) -> None:
    """Advice from earlier meetings awaiting an answer (advice/): its own table."""
    if carried.rows:
        _run(document.add_paragraph(), "Advice from earlier meetings awaiting an answer", bold=True)
        table = document.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        _header_cells(table.rows[0], ("Advised", "Advice", "Raised", "Age", "Response and outcome"))
        for row in carried.rows:
            cells = table.add_row().cells
            cells[0].text = row.addressee
            cells[1].text = f"CONFIDENTIAL {row.text}" if row.confidential else row.text
            cells[2].text, cells[3].text = f"{row.raised:%-d %b %Y}", row.age
            cells[4].text = row.update
    if carried.withheld:
        are = "is" if carried.withheld == 1 else "are"
        plural = "" if carried.withheld == 1 else "s"
        document.add_paragraph(
            f"{carried.withheld} piece{plural} of confidential advice from earlier meetings "
            f"{are} also awaiting an answer (not shown)."
        )


def _actions_table(document, minutes: Minutes) -> None:
    document.add_heading("Actions from this meeting", level=1)
    table = document.add_table(rows=1 + len(minutes.actions), cols=4)
    table.style = "Table Grid"
    _header_cells(table.rows[0], ("Item", "Owner", "Action", "Due"))
    for row, action in zip(table.rows[1:], minutes.actions, strict=True):
        row.cells[0].text = action.item_number
        row.cells[1].text = action.owners or "-"
        row.cells[2].text = action.description
        row.cells[3].text = f"{action.due:%-d %b %Y}" if action.due else "-"


def _next_meeting(document, minutes: Minutes) -> None:
    document.add_heading("Next meeting", level=1)
    following = minutes.next_meeting
    if following is None:
        document.add_paragraph("To be confirmed.")
        return
    text = f"{following.date:%A %-d %B %Y}, {following.start_time:%H:%M} hrs"
    document.add_paragraph(f"{text}, {following.location}" if following.location else text)


def _signed(document, minutes: Minutes) -> None:
    if not minutes.signed_line:
        return
    _run(document.add_paragraph(), minutes.signed_line, bold=True)
    if minutes.fingerprint:
        _run(
            document.add_paragraph(),
            f"Content fingerprint (SHA-256): {minutes.fingerprint}",
            size=8,
            color=GREY,
        )


def _header_cells(row, labels) -> None:
    for cell, label in zip(row.cells, labels, strict=True):
        _run(cell.paragraphs[0], label, bold=True)
    # Repeat the header row on every page the table runs onto.
    row_props = row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row_props.append(repeat)


def _run(paragraph, text, *, bold=False, italic=False, size=None, color=None):
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    if size:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color
    return run


def _field(paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the page out."""
    run = paragraph.add_run()
    run.font.size = Pt(8)
    begin, instruction, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), None
    begin.set(qn("w:fldCharType"), "begin")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = code
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(instruction)
    run._r.append(end)
