"""The signed record: approved minutes carry the chair's signed line and the
fingerprint of the signed version, in print, PDF and Word, in both editions."""

import io
import subprocess

import docx
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from publishing.editions import Edition, build_minutes
from publishing.word import render_docx
from reviews import services, snapshots
from reviews.models import SignOff


def pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    return " ".join(result.stdout.decode().split())


@pytest.fixture
def signed(approved):
    return SignOff.objects.get(meeting=approved)


def expected_line(signed):
    return (
        f"Approved as a correct record on {timezone.localtime(signed.at):%-d %B %Y} "
        "at the meeting of 6 April 2022; signed by Chair, Chair"
    )


def test_signing_stores_the_fingerprint_of_the_signed_version(signed, approved):
    assert len(signed.fingerprint) == 64
    assert signed.fingerprint == snapshots.fingerprint(approved)


def test_an_amendment_changes_the_fingerprint_and_the_history_says_so(
    role_client, signed, approved, users
):
    history = reverse("reviews:history", args=[approved.pk])
    html = role_client("member").get(history).content.decode()
    assert signed.fingerprint in html and "unchanged since signing" in html
    services.amend(
        meeting=approved,
        by=users["officer"],
        reason="Typo",
        new_text="AK/1 welcomed everyone warmly.",
        point=approved.items.get(number="1").points.get(),
    )
    html = role_client("member").get(history).content.decode()
    assert signed.fingerprint in html and "amended after signing" in html


@pytest.mark.parametrize("edition", list(Edition))
def test_both_editions_print_the_signed_line_in_print_pdf_and_word(
    role_client, signed, approved, edition
):
    line = expected_line(signed)
    minutes = build_minutes(approved, edition=edition)
    assert minutes.signed_line == line and minutes.fingerprint == signed.fingerprint
    client = role_client("officer")
    printed = client.get(reverse(f"publishing:{edition}_print", args=[approved.pk]))
    assert line in printed.content.decode()
    pdf = client.get(reverse(f"publishing:{edition}_pdf", args=[approved.pk])).getvalue()
    text = pdf_text(pdf)
    assert line in text and signed.fingerprint[:32] in text.replace(" ", "")
    document = docx.Document(io.BytesIO(render_docx(minutes)))
    paragraphs = [p.text for p in document.paragraphs]
    assert line in paragraphs
    assert f"Content fingerprint (SHA-256): {signed.fingerprint}" in paragraphs


def test_drafts_carry_no_signed_line(meeting):
    assert build_minutes(meeting, edition=Edition.MEMBERS).signed_line == ""


def test_signing_and_publishing_email_the_reviewers_with_a_link(
    circulated, users, next_meeting, django_capture_on_commit_callbacks
):
    body = circulated.body
    body.publishes_minutes = True
    body.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_off(
            meeting=circulated, by=users["chair"], agreed_at=next_meeting, site="https://iag.test"
        )
    assert {m.to[0] for m in mail.outbox} == {
        "officer@example.org",
        "chair@example.org",
        "member@example.org",
    }
    assert all("Minutes agreed" in m.subject for m in mail.outbox)
    assert f"https://iag.test/meetings/{circulated.pk}/" in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(meeting=circulated, by=users["chair"])
    assert len(mail.outbox) == 3 and "Minutes published" in mail.outbox[0].subject
    assert "Zanzibar" not in mail.outbox[0].body


def test_signing_and_publishing_say_in_words_who_is_emailed_and_why_not(
    role_client, circulated, users, next_meeting, body, django_capture_on_commit_callbacks
):
    from conftest import make_user

    body.publishes_minutes = True
    body.save()
    nomail = make_user("nomail", body=body, role="member", initials="NM").person
    circulation = circulated.circulations.get()
    circulation.recipients.create(person=nomail, email="")
    opted = users["chair"].person
    opted.emails_opted_out = True
    opted.save()
    mail.outbox.clear()
    client = role_client("chair")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reviews:sign_off", args=[circulated.pk]),
            {"agreed_at": next_meeting.pk, "confirm": "on"},
            follow=True,
        )
    said = response.content.decode()
    assert "approved and signed off." in said
    assert "The news that they are signed off is emailed to 2 of the 4 people" in said
    assert "No email address on record for Nomail." in said
    assert "Asked not to be emailed: Chair." in said
    assert sorted(m.to[0] for m in mail.outbox) == ["member@example.org", "officer@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reviews:publish", args=[circulated.pk]), follow=True)
    assert "The news that they are published is emailed to 2 of the 4 people" in (
        response.content.decode()
    )


def test_the_signed_line_outlives_no_deletion_of_its_signer_or_meeting(signed, next_meeting, users):
    """Deleting the chair's account or the meeting the minutes were agreed at would
    silently change what the agreed minutes print: both are refused."""
    from django.db.models import ProtectedError

    from programme import services as programme
    from publishing.editions import signed_line

    line = signed_line(signed)
    with pytest.raises(ProtectedError):
        users["chair"].delete()
    with pytest.raises(programme.ProgrammeError, match="signed off as agreed at this meeting"):
        programme.delete_meeting(meeting=next_meeting, by=users["officer"])
    signed.refresh_from_db()
    assert signed_line(signed) == line == expected_line(signed)
