"""Reading .txt and .docx files, bad files, and the import_minutes command."""

import io
import json
from pathlib import Path

import docx
import pytest
from django.core.management import CommandError, call_command

from imports.docx_reader import read_docx, read_upload
from imports.parsing import NotMinutes
from imports.services import import_minutes
from meetings.models import Meeting, Point
from members.models import Person

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def docx_from_seed(prefix: str) -> bytes:
    """A Word document laid out as the officers type it: the attendance in a table,
    item leads in bold beside the title, everything else as paragraphs."""
    document = docx.Document()
    table_rows = []
    for line in seed(prefix).read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) == 2:
            table_rows.append(cells)
            continue
        if table_rows:
            table = document.add_table(rows=0, cols=2)
            for left, right in table_rows:
                row = table.add_row().cells
                row[0].text, row[1].text = left, right
            table_rows = []
        if not line.strip():
            continue
        paragraph = document.add_paragraph()
        if "**" in line:
            title, lead, _end = line.split("**")
            paragraph.add_run(title)
            paragraph.add_run(lead).bold = True
        else:
            paragraph.add_run(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_document_reads_as_the_text_layout_tables_included():
    lines = [line for line in read_docx(docx_from_seed("000")) if line]
    assert lines[:4] == [
        "DATE Tuesday 7th December",
        "TIME: 18:00 hrs",
        "LOCATION: Wolverton Mosque",
        "Init\tPosition and Area",
    ]
    assert "AK/1\tIAG Chair" in lines
    assert "1. Welcome and Introductions:**IAG Chair**" in lines


def test_a_word_document_imports_like_its_text(body):
    report = import_minutes(
        body=body, source_name="000.docx", lines=read_docx(docx_from_seed("000")), dry_run=False
    )
    assert report.counts() == {
        "present": 20,
        "apologies": 10,
        "items": 11,
        "points": 30,
        "actions": 2,
        "flagged": 1,
    }
    meeting = Meeting.objects.get(pk=report.meeting_id)
    assert meeting.items.get(number="9").lead == "IAG Chair"
    assert Point.objects.filter(item__meeting=meeting, text__startswith="JH showed").exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.docx", b"PK\x03\x04 not really a zip", "not a readable Word document"),
        ("empty.docx", b"", "The file is empty"),
        ("empty.txt", b"  \n\n", "The file is empty"),
        ("binary.txt", b"\x00\x01\x02minutes", "not a text file"),
        ("minutes.pdf", b"%PDF-1.4", "not a readable PDF"),
        ("minutes.rtf", b"{\\rtf1 x}", "not a .txt, .docx or .pdf file"),
        ("letter.txt", b"Dear all,\nThank you for coming.\n", "does not look like minutes"),
    ],
)
def test_bad_files_give_a_clear_error(body, name, data, message):
    with pytest.raises(NotMinutes, match=message):
        lines = read_upload(name, data)
        import_minutes(body=body, source_name=name, lines=lines, dry_run=False)
    assert not Meeting.objects.exists()


def test_a_date_without_a_year_and_nothing_to_infer_it_from_asks_for_the_year(body):
    lines = [
        "DATE Tuesday 7th December",
        "",
        "Init\tPosition and Area",
        "AK\tIAG Chair",
        "",
        "1. Welcome:**IAG Chair**",
        "",
        "AK welcomed everyone.",
    ]
    with pytest.raises(NotMinutes, match="give the year"):
        import_minutes(body=body, source_name="x.txt", lines=lines, dry_run=False)
    report = import_minutes(body=body, source_name="x.txt", lines=lines, dry_run=False, year=2021)
    assert report.date.isoformat() == "2021-12-07"
    assert "the year given (2021)" in report.summary()["year_inferred_from"]


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_minutes", *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def test_the_command_prints_the_json_summary(body):
    out, _err, error = run(str(seed("000")), str(seed("001")), "--body", body.slug, "--json")
    assert error is None
    meetings = json.loads(out)["meetings"]
    assert [
        {k: m[k] for k in ("date", "present", "apologies", "items", "points", "actions", "flagged")}
        for m in meetings
    ] == [
        {
            "date": "2021-12-07",
            "present": 20,
            "apologies": 10,
            "items": 11,
            "points": 30,
            "actions": 2,
            "flagged": 1,
        },
        {
            "date": "2022-03-02",
            "present": 25,
            "apologies": 0,
            "items": 11,
            "points": 66,
            "actions": 1,
            "flagged": 6,
        },
    ]
    assert meetings[1]["existing"] is False
    assert Meeting.objects.count() == 2


def test_the_command_reports_an_existing_meeting_instead_of_a_duplicate(body):
    run(str(seed("000")), "--body", body.slug)
    out, _err, error = run(str(seed("000")), "--body", body.slug)
    assert error is None
    assert "already imported as meeting" in out
    assert Meeting.objects.count() == 1


def test_the_command_dry_run_reports_in_words_and_saves_nothing(body):
    out, _err, error = run(str(seed("000")), "--body", body.slug, "--dry-run")
    assert error is None
    assert "Would import 000_" in out
    assert "20 present, 10 apologies, 11 items, 30 points, 2 actions, 1 flagged" in out
    assert "Programme: 2 February 2022 - Body Worn Video / Stop & Search" in out
    assert "New person: NS NS (TVP Community & Diversity Officer)" in out
    assert "Flagged (item 8, line 117, 119, 121)" in out
    assert not Meeting.objects.exists()
    assert not Person.objects.exists()


def test_a_bad_file_fails_alone_and_the_command_exits_non_zero(body, tmp_path):
    corrupt = tmp_path / "corrupt.docx"
    corrupt.write_bytes(b"garbage")
    out, err, error = run(str(seed("004")), str(corrupt), str(seed("000")), "--body", body.slug)
    assert "2 of 3 files could not be imported" in str(error)
    assert "does not look like minutes" in err
    assert "corrupt.docx: This is not a readable Word document" in err
    assert "Imported 000_" in out
    assert Meeting.objects.count() == 1


def test_an_unknown_body_is_a_clear_error(body):
    _out, _err, error = run(str(seed("000")), "--body", "nope")
    assert "No body with slug “nope”" in str(error)
