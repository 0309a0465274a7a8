"""Read a .docx into the lines of the text layout: paragraphs and table rows in document order.

Paragraphs in a Word numbered list get the number Word displays in front of them
("1. Welcome and Introductions"), as in a text export of the same document.
"""

import io
import zipfile

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from imports.docx_numbering import ListNumbering
from imports.parsing import NotMinutes


def paragraph_text(paragraph: Paragraph) -> str:
    """The paragraph's text, bold runs marked **so** when only part of it is bold.

    Word users set an item's lead in bold beside its title ("AOB IAG Chair");
    the marks keep the title and lead apart, as in the text exports.
    """
    runs = [run for run in paragraph.runs if run.text]
    bold = [bool(run.bold) for run in runs]
    if not runs or all(bold) or not any(bold):
        return paragraph.text
    parts, open_bold = [], False
    for run, is_bold in zip(runs, bold, strict=True):
        if is_bold != open_bold:
            parts.append("**")
            open_bold = is_bold
        parts.append(run.text)
    if open_bold:
        parts.append("**")
    return "".join(parts)


def table_lines(table: Table) -> list[str]:
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            # Merged cells repeat the same cell object; print it once.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
        lines.append("\t".join(cells).rstrip())
    return lines


def docx_lines(document: Document) -> list[str]:
    numbering = ListNumbering(document)
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            # Numbered paragraphs in a table count towards Word's numbers, but a
            # cell keeps its text as typed: a number would hide the initials.
            for p in block._tbl.iter(qn("w:p")):
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
    return docx_lines(document)


def read_text(data: bytes) -> list[str]:
    if not data.strip():
        raise NotMinutes("The file is empty.")
    if b"\x00" in data[:4096]:
        raise NotMinutes("This is not a text file: upload .txt or .docx minutes.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.splitlines()


def read_upload(name: str, data: bytes) -> list[str]:
    """Lines of a .txt or .docx file, chosen by its name."""
    lowered = name.lower()
    if lowered.endswith(".docx"):
        return read_docx(data)
    if lowered.endswith(".txt"):
        return read_text(data)
    raise NotMinutes(f"“{name}” is not a .txt or .docx file.")
