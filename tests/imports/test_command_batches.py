"""The command imports folders and zips of minutes, and takes the date a file lacks."""

import json
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from meetings.models import Meeting

LAYOUTS = Path(__file__).parent / "layouts"


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_minutes", *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def test_a_folder_of_minutes_in_several_layouts_is_imported(body, tmp_path):
    for name in (
        "joint_committee_zoom.txt",
        "ward_panel_numeric_date.txt",
        "net_meeting_short_date.txt",
    ):
        (tmp_path / "2020").mkdir(exist_ok=True)
        (tmp_path / "2020" / name).write_bytes((LAYOUTS / name).read_bytes())
    (tmp_path / "2020" / "photo.jpg").write_bytes(b"\xff\xd8")  # not minutes: left alone
    out, _err, error = run(str(tmp_path), "--body", body.slug, "--json")
    assert error is None
    meetings = json.loads(out)["meetings"]
    assert sorted(m["date"] for m in meetings) == ["2020-02-20", "2020-02-20", "2020-07-01"]
    assert Meeting.objects.count() == 3  # two on 20 February: at 19:00 and the usual 18:00


def test_a_zip_is_imported_and_its_refused_files_reported(body, tmp_path):
    archive = tmp_path / "years.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(LAYOUTS / "joint_committee_zoom.txt", "a/joint.txt")
        zipped.writestr("a/letter.txt", "Dear all,\nThank you for coming.\n")
    _out, err, error = run(str(archive), "--body", body.slug)
    assert "1 of 2 files could not be imported" in str(error)
    assert "years.zip/a/letter.txt: This does not look like minutes" in err
    assert Meeting.objects.get().date.isoformat() == "2020-07-01"


def test_minutes_without_a_date_need_the_date_option(body, tmp_path):
    path = tmp_path / "panel.txt"
    path.write_text("Minutes of the Panel\n\nPresent: Mr A Bell, Ms C Dunn\n\n1. Welcome\nHello.\n")
    _out, err, error = run(str(path), "--body", body.slug)
    assert error is not None and "give the date" in err.lower()
    assert not Meeting.objects.exists()
    out, _err, error = run(str(path), "--body", body.slug, "--date", "2020-03-03")
    assert error is None and "Imported panel.txt" in out
    assert Meeting.objects.get().date.isoformat() == "2020-03-03"


@pytest.mark.parametrize("name", ["joint_committee_zoom.txt"])
def test_a_dry_run_of_a_folder_saves_nothing(body, tmp_path, name):
    (tmp_path / name).write_bytes((LAYOUTS / name).read_bytes())
    out, _err, error = run(str(tmp_path), "--body", body.slug, "--dry-run")
    assert error is None and "Would import joint_committee_zoom.txt" in out
    assert not Meeting.objects.exists()
