"""The officer confirms before saving: asks for what is missing, corrects, then imports."""

import datetime
import io
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.models import ImportRecord
from imports.views import PENDING
from meetings.models import AgendaItem, Meeting, Point
from members.models import Membership, Person

LAYOUTS = Path(__file__).parent / "layouts"
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

UNDATED = b"""Minutes of the Residents' Panel

Present: Mr A Bell (Chair), Ms C Dunn, PC E Frost

1. Welcome
Mr Bell welcomed everyone.

2. Police update
PC Frost said that burglaries were down.
Speeding on Mill Road
Ms Dunn asked for a speed check.
"""


def upload(client, body, *files, year=""):
    return client.post(
        reverse("imports:upload"), {"body": body.pk, "files": list(files), "year": year}
    )


def undated():
    return SimpleUploadedFile("panel.txt", UNDATED, content_type="text/plain")


def layout(name):
    return SimpleUploadedFile(name, (LAYOUTS / name).read_bytes(), content_type="text/plain")


def test_minutes_without_a_date_are_previewed_and_the_date_asked_for(role_client, body):
    client = role_client("officer")
    content = upload(client, body, undated()).content.decode()
    assert "panel.txt: meeting date not found" in content
    assert 'id="f0-date"' in content and "No date could be read from the file" in content
    assert '<strong class="count-present">3</strong> present' in content
    assert not Meeting.objects.exists()


def test_importing_without_the_date_says_so_beside_the_field_and_saves_nothing(role_client, body):
    client = role_client("officer")
    upload(client, body, undated())
    token = client.session[PENDING]["token"]
    response = client.post(reverse("imports:confirm"), {"token": token, "f0-date": ""})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in content
    assert 'id="f0-date-error"' in content and "Give the date of this meeting" in content
    assert not Meeting.objects.exists()
    assert PENDING in client.session


def test_a_date_that_is_not_a_date_is_refused_beside_the_field(role_client, body):
    client = role_client("officer")
    upload(client, body, undated())
    token = client.session[PENDING]["token"]
    content = client.post(
        reverse("imports:confirm"), {"token": token, "f0-date": "31/02/2020"}
    ).content.decode()
    assert "“31/02/2020” is not a date" in content
    assert not Meeting.objects.exists()


def test_the_date_given_and_a_line_made_an_item_are_saved(role_client, body, users):
    client = role_client("officer")
    upload(client, body, undated())
    token = client.session[PENDING]["token"]
    # Line 10, "Speeding on Mill Road", was read as the start of a point: it is an item.
    response = client.post(
        reverse("imports:confirm"),
        {"token": token, "f0-date": "2020-03-03", "f0-kind-10": "item"},
    )
    meeting = Meeting.objects.get()
    assert response.url == reverse("meetings:detail", args=[meeting.pk])
    assert meeting.date == datetime.date(2020, 3, 3)
    titles = list(meeting.items.order_by("order").values_list("title", flat=True))
    assert titles == ["Welcome", "Police update", "Speeding on Mill Road"]
    last = meeting.items.order_by("order").last()
    assert [p.text for p in last.points.all()] == ["Ms Dunn asked for a speed check."]
    record = ImportRecord.objects.get()
    assert record.imported_by == users["officer"]
    assert record.report["corrections"]["date"] == "2020-03-03"
    assert record.report["corrections"]["kinds"] == {"10": "item"}


def test_update_the_preview_shows_the_corrections_and_saves_nothing(role_client, body):
    client = role_client("officer")
    upload(client, body, undated())
    token = client.session[PENDING]["token"]
    content = client.post(
        reverse("imports:correct"),
        {"token": token, "f0-date": "2020-03-03", "f0-kind-10": "item"},
    ).content.decode()
    assert "panel.txt: meeting of Tuesday 3 March 2020" in content
    assert '<strong class="count-items">3</strong> items' in content
    assert "3. Speeding on Mill Road" not in content and "Speeding on Mill Road" in content
    assert "Line 10 read as agenda item by the officer." in content
    assert not Meeting.objects.exists()
    # The corrections wait with the file: importing now keeps them.
    client.post(reverse("imports:confirm"), {"token": token})
    assert Meeting.objects.get().items.count() == 3


def test_a_line_can_become_an_apology_a_decision_an_action_or_nothing(role_client, body):
    client = role_client("officer")
    upload(client, body, undated())
    token = client.session[PENDING]["token"]
    client.post(
        reverse("imports:confirm"),
        {
            "token": token,
            "f0-date": "2020-03-03",
            "f0-kind-3": "apology",  # the Present line: all three sent apologies
            "f0-kind-6": "not_imported",
            "f0-kind-9": "decision",
            "f0-kind-11": "action",
        },
    )
    meeting = Meeting.objects.get()
    assert list(meeting.attendance.values_list("status", flat=True)) == ["apologies"] * 3
    assert not Point.objects.filter(text__contains="welcomed").exists()
    assert Point.objects.get(text__startswith="PC Frost").kind == "decision"
    assert meeting.items.last().actions.get().description == "Ms Dunn asked for a speed check."
    record = ImportRecord.objects.get()
    assert record.report["not_imported"] == [
        {"line": 1, "text": "Minutes of the Residents' Panel"},
        {"line": 6, "text": "Mr Bell welcomed everyone."},
    ]


def test_initials_and_names_are_fixed_and_a_person_merged_with_a_member(role_client, body):
    known = Person.objects.create(name="Alan Bell")
    member = Membership.objects.create(body=body, person=known, initials="AB", position="Chair")
    client = role_client("officer")
    upload(client, body, undated())
    token = client.session[PENDING]["token"]
    content = client.post(reverse("imports:correct"), {"token": token}).content.decode()
    assert f'<option value="{member.pk}">AB Alan Bell</option>' in content
    client.post(
        reverse("imports:confirm"),
        {
            "token": token,
            "f0-date": "2020-03-03",
            "f0-member-0": str(member.pk),
            "f0-initials-1": "CDu",
            "f0-name-1": "Ms Carol Dunn",
        },
    )
    meeting = Meeting.objects.get()
    bell, dunn, _frost = meeting.attendance.order_by("order")
    assert bell.person == known
    assert (dunn.initials, dunn.name) == ("CDu", "Ms Carol Dunn")
    assert not Person.objects.filter(name="Mr A Bell").exists()


def test_bad_initials_are_refused_with_the_reason(role_client, body):
    client = role_client("officer")
    upload(client, body, undated())
    token = client.session[PENDING]["token"]
    content = client.post(
        reverse("imports:confirm"),
        {"token": token, "f0-date": "2020-03-03", "f0-initials-0": "a b"},
    ).content.decode()
    assert "“a b” are not initials" in content
    assert not Meeting.objects.exists()


def test_the_preview_shows_each_line_beside_what_it_became_with_a_mark(role_client, body):
    client = role_client("officer")
    content = upload(client, body, layout("items_uppercase_unnumbered.txt")).content.decode()
    row = content.split('id="f0-line-8"')[1].split("</tr>")[0]
    assert "WELCOME" in row and '<option value="item" selected>' in row
    assert "Guess</span>" in row and "a heading without a number" in row
    row = content.split('id="f0-line-4"')[1].split("</tr>")[0]
    assert '<option value="attendee" selected>' in row
    assert "Guess</span>" in row and "initials made from the name" in row
    row = content.split('id="f0-line-9"')[1].split("</tr>")[0]
    assert '<option value="point" selected>' in row and "Sure</span>" in row


def zip_of(*named: tuple[str, bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in named:
            archive.writestr(name, data)
    return SimpleUploadedFile("years.zip", buffer.getvalue(), content_type="application/zip")


def test_a_zip_gives_one_preview_per_file_and_lists_what_was_refused(role_client, body):
    client = role_client("officer")
    archive = zip_of(
        ("2020/joint.txt", (LAYOUTS / "joint_committee_zoom.txt").read_bytes()),
        ("2020/ward.txt", (LAYOUTS / "ward_panel_numeric_date.txt").read_bytes()),
        ("2020/strategy.txt", next(SEEDS.glob("004_*.txt")).read_bytes()),
        ("__MACOSX/._joint.txt", b"junk"),
        ("2020/photo.jpg", b"\xff\xd8"),
    )
    content = upload(client, body, archive).content.decode()
    assert content.count('class="import-preview') == 2
    assert "Refused (2)" in content
    assert "“years.zip/2020/strategy.txt”: This does not look like minutes" in content
    assert "“years.zip/2020/photo.jpg” is not a .txt, .docx, .pdf or .zip file." in content
    token = client.session[PENDING]["token"]
    done = client.post(reverse("imports:confirm"), {"token": token}).content.decode()
    assert Meeting.objects.count() == 2
    assert "Imported (2)" in done or "Needing attention" in done
    assert "Refused (2)" in done


def test_a_text_pdf_is_read_and_a_scanned_one_refused_with_the_reason(role_client, body):
    import weasyprint

    text = (LAYOUTS / "forum_held_on_no_weekday.txt").read_text()
    html = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    pdf = weasyprint.HTML(string=html).write_pdf()
    pixel = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8"
        "z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    )
    scanned = weasyprint.HTML(string=f'<img src="{pixel}" width="500">').write_pdf()
    client = role_client("officer")
    content = upload(
        client,
        body,
        SimpleUploadedFile("forum.pdf", pdf, content_type="application/pdf"),
        SimpleUploadedFile("scan.pdf", scanned, content_type="application/pdf"),
    ).content.decode()
    assert "forum.pdf: meeting of Friday 21 February 2020" in content
    assert '<strong class="count-present">6</strong> present' in content
    assert "“scan.pdf”: This PDF has no text in it: it is a scanned image" in content
    assert "(no OCR)" in content


def test_the_body_s_usual_venue_is_used_when_the_minutes_give_none(role_client, body):
    body.default_location = "The Point, Milton Keynes"
    body.save()
    client = role_client("officer")
    upload(client, body, undated())
    client.post(
        reverse("imports:confirm"),
        {"token": client.session[PENDING]["token"], "f0-date": "2020-03-03"},
    )
    assert Meeting.objects.get().location == "The Point, Milton Keynes"


def test_a_seed_imports_as_before_through_the_new_preview(role_client, body):
    client = role_client("officer")
    upload(client, body, SimpleUploadedFile("000.txt", next(SEEDS.glob("000_*.txt")).read_bytes()))
    client.post(reverse("imports:confirm"), {"token": client.session[PENDING]["token"]})
    meeting = Meeting.objects.get()
    assert meeting.attendance.count() == 30
    assert AgendaItem.objects.filter(meeting=meeting).count() == 11


def test_nul_bytes_and_forged_fields_in_the_preview_form_give_no_error(role_client, body):
    client = role_client("officer")
    upload(client, body, undated())
    token = client.session[PENDING]["token"]
    fields = {
        "token": token,
        "f0-date": "2020-03-03",
        "f0-location": "Town Hall",
        "f0-name-0": "Mr A Bell",
        "f0-kind-abc": "item",
        "f0-kind-99999": "item",
        "f0-kind-5": "nonsense",
        "f0-member-1": "987654",  # no such member of this body: someone new
    }
    # A NUL anywhere in a form is refused as a whole, before the import sees it
    # (iag_portal/middleware.py), and nothing is saved; the preview waits.
    nul = client.post(reverse("imports:confirm"), fields | {"f0-location": "Town\x00 Hall"})
    assert nul.status_code == 400
    assert not Meeting.objects.exists()
    response = client.post(reverse("imports:confirm"), fields)
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.location == "Town Hall"
    assert meeting.attendance.order_by("order").first().name == "Mr A Bell"
    assert meeting.items.count() == 2


def test_a_stray_nul_in_a_text_file_is_dropped(role_client, body):
    client = role_client("officer")
    data = UNDATED.replace(b"welcomed", b"wel\x00comed")
    upload(client, body, SimpleUploadedFile("nul.txt", b"\n" * 4100 + data))
    client.post(
        reverse("imports:confirm"),
        {"token": client.session[PENDING]["token"], "f0-date": "2020-03-03"},
    )
    assert Point.objects.filter(text="Mr Bell welcomed everyone.").exists()


def test_two_people_given_the_same_initials_or_member_are_refused(role_client, body):
    known = Person.objects.create(name="Alan Bell")
    member = Membership.objects.create(body=body, person=known, initials="AB", position="Chair")
    client = role_client("officer")
    upload(client, body, undated())
    token = client.session[PENDING]["token"]
    content = client.post(
        reverse("imports:confirm"),
        {"token": token, "f0-date": "2020-03-03", "f0-initials-1": "AB"},
    ).content.decode()
    assert "Two people would have the initials AB" in content
    assert 'href="#f0-initials-1"' in content
    content = client.post(
        reverse("imports:confirm"),
        {
            "token": token,
            "f0-date": "2020-03-03",
            "f0-initials-1": "CD",
            "f0-member-0": str(member.pk),
            "f0-member-1": str(member.pk),
        },
    ).content.decode()
    assert "The same member is chosen for two people" in content
    assert not Meeting.objects.exists()


def test_minutes_without_attendance_ask_who_was_present(role_client, body):
    text = (
        b"Minutes of the Garden Club meeting held on 5 May 2021\n\n"
        b"1. Plants\nThe tomatoes were discussed.\n\n2. AOB\nNone.\n"
    )
    client = role_client("officer")
    content = upload(client, body, SimpleUploadedFile("club.txt", text)).content.decode()
    assert 'id="f0-present"' in content and "No attendance list was found" in content
    client.post(
        reverse("imports:confirm"),
        {"token": client.session[PENDING]["token"], "f0-present": "Mrs A Rose (Chair), Mr B Stem"},
    )
    meeting = Meeting.objects.get()
    assert list(meeting.attendance.values_list("name", "initials", "role")) == [
        ("Mrs A Rose", "AR", "Chair"),
        ("Mr B Stem", "BS", ""),
    ]
    assert ImportRecord.objects.get().report["missing"] == []
