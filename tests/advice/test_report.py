"""The "You said, we did" report and the printed minutes: confidential advice is counted
in public outputs, never shown (a planted phrase is absent from HTML, PDF and Word)."""

import io
import subprocess

import pytest
from django.urls import reverse
from docx import Document
from states import move_to

from advice import services
from meetings.models import MeetingStatus

from .conftest import SECRET, open_point, secret_point


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-"), content[:40]
    result = subprocess.run(
        ["/usr/bin/pdftotext", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    return " ".join(result.stdout.decode().split())


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return " ".join(parts)


@pytest.fixture
def year_of_advice(meetings, users):
    """Meeting 1 (agreed) gave open and confidential advice; the open one was answered."""
    first, second, third = meetings
    secret, _ = services.raise_advice(point=secret_point(first), by=users["officer"])
    services.record_response(
        advice=secret, response="accepted", plan=f"Brief on {SECRET}", by=users["chair"]
    )
    shown, _ = services.raise_advice(point=open_point(first), by=users["officer"])
    services.record_response(
        advice=shown, response="accepted", plan="Monthly BWV reviews", by=users["chair"]
    )
    move_to(first, MeetingStatus.APPROVED)
    return first, second, third


def test_the_public_report_counts_confidential_advice_without_its_text(role_client, year_of_advice):
    first, _, _ = year_of_advice
    client = role_client("chair")
    args = [first.body.slug, first.date.year]

    html = client.get(reverse("advice:public_report", args=args)).content.decode()
    pdf = client.get(reverse("advice:public_report_pdf", args=args))
    text = pdf_text(pdf.content)

    for output in (html, text):
        assert SECRET not in output
        assert "Kestrel" not in output
        assert "Monthly BWV reviews" in output
        assert "1 piece of this advice was confidential" in output
        assert "PUBLIC" in output
    assert pdf["Content-Disposition"].endswith('you-said-we-did-public.pdf"')
    assert SECRET.encode() not in pdf.content


def test_the_members_report_shows_confidential_advice(role_client, year_of_advice):
    first, _, _ = year_of_advice
    args = [first.body.slug, first.date.year]
    client = role_client("member")
    html = client.get(reverse("advice:members_report", args=args)).content.decode()
    text = pdf_text(client.get(reverse("advice:members_report_pdf", args=args)).getvalue())
    for output in (html, text):
        assert SECRET in output and "Monthly BWV reviews" in output


def test_the_public_report_leaves_out_advice_of_minutes_not_yet_agreed(
    role_client, year_of_advice, users
):
    _, second, _ = year_of_advice
    draft, _ = services.raise_advice(
        point=open_point(second), text="Draft-only advice on patrols", by=users["officer"]
    )
    args = [second.body.slug, second.date.year]
    public = role_client("chair").get(reverse("advice:public_report", args=args))
    members = role_client("chair").get(reverse("advice:members_report", args=args))
    assert draft.text not in public.content.decode()
    assert draft.text in members.content.decode()


def test_the_printed_minutes_carry_open_advice_in_their_own_table(role_client, year_of_advice):
    _, _, second = year_of_advice  # the next meeting, in ten days
    officer = role_client("officer")
    public = {
        "html": officer.get(reverse("publishing:public_print", args=[second.pk])).content.decode(),
        "pdf": pdf_text(officer.get(reverse("publishing:public_pdf", args=[second.pk])).getvalue()),
        "docx": docx_text(
            officer.get(reverse("publishing:public_docx", args=[second.pk])).getvalue()
        ),
    }
    for name, text in public.items():
        assert "Advice from earlier meetings awaiting an answer" in text, name
        assert "Monthly BWV reviews" in text, name
        assert SECRET not in text and "Kestrel" not in text, name
        assert "1 piece of confidential advice from earlier meetings is also awaiting" in text

    members = {
        "html": officer.get(reverse("publishing:members_print", args=[second.pk])).content.decode(),
        "pdf": pdf_text(
            officer.get(reverse("publishing:members_pdf", args=[second.pk])).getvalue()
        ),
        "docx": docx_text(
            officer.get(reverse("publishing:members_docx", args=[second.pk])).getvalue()
        ),
    }
    for name, text in members.items():
        assert SECRET in text, name


def test_the_meeting_page_and_matters_arising_show_open_advice_with_its_age(
    role_client, year_of_advice
):
    _, _, second = year_of_advice
    officer = role_client("officer")
    page = officer.get(reverse("meetings:detail", args=[second.pk])).content.decode()
    assert 'id="carried-advice"' in page
    assert "2 months" in page  # 70 days between the meetings
    arising = officer.get(reverse("actions:matters_arising", args=[second.pk])).content.decode()
    assert "Monthly BWV reviews" in arising and SECRET in arising
    guest_page = role_client("guest").get(reverse("meetings:detail", args=[second.pk]))
    assert guest_page.status_code == 403  # a draft: guests read agreed minutes only


def test_anyone_reads_the_public_report_of_a_body_that_publishes_its_minutes(
    client, year_of_advice, users
):
    """As with the public edition of the minutes: no account needed, published minutes only."""
    first, second, _ = year_of_advice
    body = first.body
    body.publishes_minutes = True
    body.save()
    services.raise_advice(
        point=open_point(second), text="Draft-only advice on patrols", by=users["officer"]
    )
    args = [body.slug, first.date.year]
    url, pdf_url = (reverse(f"advice:public_report{kind}", args=args) for kind in ("", "_pdf"))

    approved_only = client.get(url)
    assert approved_only.status_code == 200
    assert "Monthly BWV reviews" not in approved_only.content.decode()  # not published yet

    move_to(first, MeetingStatus.PUBLISHED)
    html = client.get(url).content.decode()
    pdf = client.get(pdf_url)
    assert pdf.status_code == 200
    for output in (html, pdf_text(pdf.content)):
        assert SECRET not in output and "Kestrel" not in output
        assert "Draft-only advice" not in output
        assert "Monthly BWV reviews" in output
        assert "1 piece of this advice was confidential" in output
        assert "advice from published minutes" in output
    assert SECRET.encode() not in pdf.content
    assert "no-store" in pdf["Cache-Control"]

    # The members' edition still needs an account with confidential access.
    for kind in ("members_report", "members_report_pdf"):
        response = client.get(reverse(f"advice:{kind}", args=args))
        assert response.status_code == 302 and response.url.startswith("/login/?next=")
    # The public archive links the year's report.
    assert url in client.get(reverse("reviews:archive")).content.decode()


def signed_in_as(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_a_body_that_does_not_publish_keeps_its_report_to_its_readers(
    client, users, year_of_advice
):
    first, _, _ = year_of_advice
    args = [first.body.slug, first.date.year]
    outsider = signed_in_as(users["outsider"])
    for kind in ("public_report", "public_report_pdf"):
        response = client.get(reverse(f"advice:{kind}", args=args))
        assert response.status_code == 302 and response.url.startswith("/login/?next=")
        assert outsider.get(reverse(f"advice:{kind}", args=args)).status_code == 403
    # Nor does the public learn which bodies exist.
    unknown = reverse("advice:public_report", args=["no-such-body", 2022])
    assert client.get(unknown).status_code == 302
    assert outsider.get(unknown).status_code == 404


def test_an_outsider_reads_only_the_published_record_of_a_publishing_body(users, year_of_advice):
    first, _, _ = year_of_advice
    first.body.publishes_minutes = True
    first.body.save()
    url = reverse("advice:public_report", args=[first.body.slug, first.date.year])
    outsider_page = signed_in_as(users["outsider"]).get(url).content.decode()
    assert "Monthly BWV reviews" not in outsider_page  # approved, not published
    assert "advice from published minutes" in outsider_page
    # The body's own readers read the agreed record, approved minutes included.
    guest_page = signed_in_as(users["guest"]).get(url).content.decode()
    assert "Monthly BWV reviews" in guest_page and "advice from agreed minutes" in guest_page
