"""Read a .docx into the lines of the text layout: paragraphs and table rows in document order.

What is read is what Word shows: text in content controls (a minutes template's
fields), tracked insertions, links and fields included, tracked deletions left out.
Paragraphs in a Word numbered list get the number Word displays in front of them
("1. Welcome and Introductions"), as in a text export of the same document.
"""

import io
import zipfile
from collections.abc import Iterator

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from imports.docx_numbering import ListNumbering
from imports.parsing import NotMinutes
from imports.pdf_reader import read_pdf

# Elements whose content Word shows in place, as if they were not there: content
# controls, custom XML, tracked insertions and moves, links, simple fields, smart
# tags. python-docx reads only direct w:p/w:tbl and w:r/w:hyperlink children.
SHOWN_WRAPPERS = frozenset(
    qn(tag)
    for tag in (
        "w:sdt",
        "w:sdtContent",
        "w:customXml",
        "w:ins",
        "w:moveTo",
        "w:hyperlink",
        "w:fldSimple",
        "w:smartTag",
        "w:dir",
        "w:bdo",
    )
)
# Not descended into: w:del and w:moveFrom (Word shows them struck out, not as the
# minutes' text), w:sdtPr (a control's settings) and text boxes inside runs.
P, TBL, TR, TC, R = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:r")
BLOCKS = frozenset({P, TBL})


def shown(element, tags: frozenset[str] | set[str]):
    """The children of `element` with one of `tags`, looking through SHOWN_WRAPPERS."""
    for child in element.iterchildren():
        if child.tag in tags:
            yield child
        elif child.tag in SHOWN_WRAPPERS:
            yield from shown(child, tags)


def blocks(container, parent) -> Iterator[Paragraph | Table]:
    """The paragraphs and tables of a body or cell in document order, controls opened."""
    for element in shown(container, BLOCKS):
        yield Paragraph(element, parent) if element.tag == P else Table(element, parent)


def shown_runs(paragraph: Paragraph) -> list[tuple[Run, str]]:
    runs = (Run(r, paragraph) for r in shown(paragraph._p, {R}))
    return [(run, text) for run in runs if (text := run.text)]


def paragraph_text(paragraph: Paragraph) -> str:
    """The text Word shows, bold runs marked **so** when only part of it is bold.

    Word users set an item's lead in bold beside its title ("AOB IAG Chair");
    the marks keep the title and lead apart, as in the text exports.
    """
    runs = shown_runs(paragraph)
    bold = [bool(run.bold) for run, _text in runs]
    if all(bold) or not any(bold):
        return "".join(text for _run, text in runs)
    parts, open_bold = [], False
    for (_run, text), is_bold in zip(runs, bold, strict=True):
        if is_bold != open_bold:
            parts.append("**")
            open_bold = is_bold
        parts.append(text)
    if open_bold:
        parts.append("**")
    return "".join(parts)


def cell_text(tc, table: Table) -> str:
    texts = []
    for block in blocks(tc, table):
        if isinstance(block, Table):
            texts += [line.replace("\t", " ") for line in table_lines(block)]
        else:
            texts.append("".join(text for _run, text in shown_runs(block)))
    return " ".join(text.strip() for text in texts if text.strip())


def is_plain(tr, table: Table) -> bool:
    return tr.getparent() is table._tbl and not any(child.tag in SHOWN_WRAPPERS for child in tr)


def row_cells(tr, table: Table, plain: bool) -> list:
    """The row's w:tc elements, a merged cell as many times as it spans."""
    if plain:
        # python-docx resolves horizontal and vertical merges, but only where every
        # row of the table is its own direct child: it looks up a vertical merge in
        # the row above among those.
        return [cell._tc for cell in _Row(tr, table).cells]
    return list(shown(tr, {TC}))


def table_lines(table: Table) -> list[str]:
    lines = []
    rows = list(shown(table._tbl, {TR}))
    plain = all(is_plain(tr, table) for tr in rows)
    for tr in rows:
        cells, seen = [], set()
        for tc in row_cells(tr, table, plain):
            # Merged cells repeat the same cell; print it once.
            if id(tc) in seen:
                continue
            seen.add(id(tc))
            cells.append(cell_text(tc, table))
        lines.append("\t".join(cells).rstrip())
    return lines


def docx_lines(document: Document) -> list[str]:
    numbering = ListNumbering(document)
    lines: list[str] = []
    for block in blocks(document.element.body, document._body):
        if isinstance(block, Table):
            # Numbered paragraphs in a table count towards Word's numbers, but a
            # cell keeps its text as typed: a number would hide the initials.
            for p in block._tbl.iter(P):
                numbering.label(p)
            lines += table_lines(block)
        else:
            number = numbering.label(block._p)
            text = paragraph_text(block)
            if number and text.strip():
                text = f"{number} {text.lstrip()}"
            lines += text.split("\n")
        lines.append("")
    return lines


def read_docx(data: bytes) -> list[str]:
    """The document's lines; NotMinutes with a clear reason if it is not a Word document."""
    if not data:
        raise NotMinutes("The file is empty.")
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise NotMinutes(
            "This is not a readable Word document (.docx): it may be corrupt, "
            "or an old .doc file saved with a .docx name."
        ) from error
    except Exception as error:  # python-docx raises its own errors for broken packages
        raise NotMinutes("This Word document could not be read: it may be corrupt.") from error
    try:
        return docx_lines(document)
    except Exception as error:  # a structure python-docx does not expect, met while reading
        raise NotMinutes("This Word document could not be read: it may be corrupt.") from error


def read_text(data: bytes) -> list[str]:
    if not data.strip():
        raise NotMinutes("The file is empty.")
    if b"\x00" in data[:4096]:
        raise NotMinutes("This is not a text file: upload .txt or .docx minutes.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    # A stray NUL further in is no character of the minutes, and no database stores it.
    return text.replace("\x00", "").splitlines()


def read_upload(name: str, data: bytes) -> list[str]:
    """Lines of a .txt, .docx or text .pdf file, chosen by its name."""
    lowered = name.lower()
    if lowered.endswith(".docx"):
        return read_docx(data)
    if lowered.endswith(".txt"):
        return read_text(data)
    if lowered.endswith(".pdf"):
        return read_pdf(data)
    raise NotMinutes(f"“{name}” is not a .txt, .docx or .pdf file.")
