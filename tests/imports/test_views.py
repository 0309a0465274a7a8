"""The officer's upload page: preview, then import."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.models import ImportBatch, ImportRecord
from imports.views import PENDING
from meetings.models import Meeting
from members.models import Membership, Person

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def upload_file(prefix: str, name: str | None = None) -> SimpleUploadedFile:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="text/plain")


def preview(client, body, *files, year=""):
    return client.post(
        reverse("imports:upload"), {"body": body.pk, "files": list(files), "year": year}
    )


def test_the_upload_page_offers_only_bodies_where_the_officer_edits_minutes(
    role_client, body, other_body
):
    content = role_client("officer").get(reverse("imports:upload")).content.decode()
    assert f'<option value="{body.pk}"' in content
    assert f'<option value="{other_body.pk}"' not in content
    assert 'accept=".txt,.docx,.pdf,.zip"' in content and "multiple" in content


def test_it_refuses_members_who_do_not_edit_minutes(role_client, body):
    assert role_client("member").get(reverse("imports:upload")).status_code == 403
    client = role_client("chair")
    response = preview(client, body, upload_file("000"))
    assert response.status_code == 403
    assert not Meeting.objects.exists()


def test_the_preview_shows_what_was_recognised_and_saves_nothing(role_client, body):
    client = role_client("officer")
    response = preview(client, body, upload_file("000"))
    content = response.content.decode()
    assert response.status_code == 200
    assert '<strong class="count-present">20</strong> present' in content
    assert '<strong class="count-apologies">10</strong> apologies' in content
    assert '<strong class="count-items">11</strong> items' in content
    assert '3. Chairs Report: <span class="lead-name">IAG Chair</span>' in content
    assert "2 February 2022: Body Worn Video / Stop &amp; Search" in content
    assert "Year 2021 inferred from the next meeting date" in content
    assert "Flagged:</strong> Short line with no sentence" in content
    assert "<strong>Action:</strong> JH - JH will provide some case studies" in content
    assert "Speakers: MT, MH" in content
    assert not Meeting.objects.exists()
    assert not Person.objects.filter(name="NS").exists()
    batch = ImportBatch.objects.get(token=client.session[PENDING]["token"])
    assert (batch.body, batch.status, batch.total) == (body, "previewed", 1)
    assert batch.files.get().name.startswith("000_")
    assert batch.files.get().preview["present"] == 20


def test_import_saves_the_meeting_and_opens_it(role_client, body, users):
    client = role_client("officer")
    preview(client, body, upload_file("000"))
    token = client.session[PENDING]["token"]
    response = client.post(reverse("imports:confirm"), {"token": token})
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("meetings:detail", args=[meeting.pk])
    assert meeting.attendance.count() == 30
    record = ImportRecord.objects.get()
    assert (record.imported_by, record.report["present"]) == (users["officer"], 20)
    assert PENDING not in client.session
    again = client.post(reverse("imports:confirm"), {"token": token})
    assert again.url == reverse("imports:upload")
    assert Meeting.objects.count() == 1


def test_a_wrong_token_imports_nothing(role_client, body):
    client = role_client("officer")
    preview(client, body, upload_file("000"))
    response = client.post(reverse("imports:confirm"), {"token": "forged"}, follow=True)
    assert "preview has expired" in response.content.decode()
    assert not Meeting.objects.exists()


def test_an_officer_who_lost_the_role_cannot_confirm(role_client, body, users):
    client = role_client("officer")
    preview(client, body, upload_file("000"))
    token = client.session[PENDING]["token"]
    Membership.objects.filter(person__user=users["officer"]).update(role="member")
    assert client.post(reverse("imports:confirm"), {"token": token}).status_code == 403
    assert not Meeting.objects.exists()


def test_bad_files_are_explained_next_to_the_field_and_at_the_top(role_client, body):
    client = role_client("officer")
    response = preview(
        client,
        body,
        upload_file("004"),
        SimpleUploadedFile("broken.docx", b"not a zip"),
        SimpleUploadedFile("notes.pdf", b"%PDF"),
        SimpleUploadedFile("notes.rtf", b"{\\rtf1 minutes}"),
    )
    content = response.content.decode()
    assert response.status_code == 200
    summary = content.split('id="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_files"' in summary
    assert "does not look like minutes" in summary
    assert "“broken.docx”: This is not a readable Word document" in summary
    assert "“notes.pdf”: This is not a readable PDF" in summary
    assert "“notes.rtf” is not a .txt, .docx, .pdf or .zip file." in summary
    assert 'id="id_files_error"' in content
    assert not Meeting.objects.exists()


def test_no_file_and_a_foreign_body_are_refused(role_client, body, other_body):
    client = role_client("officer")
    content = client.post(reverse("imports:upload"), {"body": other_body.pk}).content.decode()
    assert "Select a valid choice" in content
    assert "Choose at least one .txt, .docx, .pdf or .zip file." in content


def test_a_file_over_two_megabytes_is_refused(role_client, body):
    big = SimpleUploadedFile("big.txt", b"x" * (2 * 1024 * 1024 + 1))
    content = preview(role_client("officer"), body, big).content.decode()
    assert "“big.txt” is larger than 2 MB." in content


def test_several_files_import_together_and_list_their_meetings(role_client, body):
    client = role_client("officer")
    response = preview(client, body, upload_file("000"), upload_file("001"))
    assert response.content.decode().count('class="import-preview') == 2
    token = client.session[PENDING]["token"]
    content = client.post(reverse("imports:confirm"), {"token": token}).content.decode()
    assert Meeting.objects.count() == 2
    for meeting in Meeting.objects.all():
        assert reverse("meetings:detail", args=[meeting.pk]) in content


def test_a_file_already_imported_is_shown_as_existing_without_an_import_button(role_client, body):
    client = role_client("officer")
    preview(client, body, upload_file("000"))
    client.post(reverse("imports:confirm"), {"token": client.session[PENDING]["token"]})
    content = preview(client, body, upload_file("000")).content.decode()
    assert "Already imported" in content
    assert ">Import</button>" not in content


def test_the_officer_reviews_flags_in_the_admin(role_client, body):
    client = role_client("officer")
    preview(client, body, upload_file("001"))
    client.post(reverse("imports:confirm"), {"token": client.session[PENDING]["token"]})
    record = ImportRecord.objects.get()
    listing = client.get(reverse("admin:imports_importrecord_changelist")).content.decode()
    assert record.source_name in listing
    page = client.get(reverse("admin:imports_importrecord_change", args=[record.pk]))
    content = page.content.decode()
    assert 'name="flags-TOTAL_FORMS" value="6"' in content
    assert "TL is not on the attendance list: who spoke?" in content
    assert "A line with no words." in content


def test_flagged_passages_are_one_click_from_the_import_report(role_client, body):
    client = role_client("officer")
    preview(client, body, upload_file("000"), upload_file("001"))
    token = client.session[PENDING]["token"]
    content = client.post(reverse("imports:confirm"), {"token": token}).content.decode()
    admin_list = reverse("admin:imports_importrecord_changelist")
    assert f'<a href="{admin_list}?q=000_' in content
    review = client.get(f"{admin_list}?q=000_").content.decode()
    assert "000_" in review


def test_a_single_import_says_how_many_passages_were_flagged(role_client, body):
    client = role_client("officer")
    preview(client, body, upload_file("000"))
    response = client.post(
        reverse("imports:confirm"), {"token": client.session[PENDING]["token"]}, follow=True
    )
    assert "1 passage(s) did not fit the layout and are flagged for review" in (
        response.content.decode()
    )


def test_the_preview_reads_each_file_once(role_client, body, monkeypatch):
    import imports.forms
    import imports.services
    from imports.parsing import parse_minutes

    read = []

    def counting_parse(lines, **options):
        read.append(lines[0])
        return parse_minutes(lines, **options)

    monkeypatch.setattr(imports.forms, "parse_minutes", counting_parse)
    monkeypatch.setattr(imports.services, "parse_minutes", counting_parse)
    response = preview(role_client("officer"), body, upload_file("000"), upload_file("001"))
    assert response.content.decode().count('class="import-preview') == 2
    assert len(read) == 2
