"""Who may read which edition, the download headers, and the links on the meeting page."""

import datetime
import subprocess
import urllib.request

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from states import move_to, rewind_to_scheduled

from meetings.models import AgendaItem, Meeting, Point
from publishing.pdf import StaticFilesFetcher, render_pdf


def url(name, meeting):
    return reverse(f"publishing:{name}", args=[meeting.pk])


def test_anyone_reads_the_public_edition_of_published_minutes(client, meeting, pdf_text):
    move_to(meeting, "published")
    meeting.body.publishes_minutes = True
    meeting.body.save()
    response = client.get(url("public_pdf", meeting))
    assert response.status_code == 200
    content = response.getvalue()
    assert "Case review" in pdf_text(content)
    assert "Zanzibar-walrus" not in pdf_text(content)
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    page = client.get(url("public_print", meeting)).content.decode()
    assert "Confidential - not for publication." in page
    assert 'href="/meetings/' not in page  # no link to pages they cannot open


@pytest.mark.parametrize("name", ["members_print", "members_pdf", "members_docx"])
def test_anonymous_visitors_must_sign_in_for_the_members_edition_even_once_published(
    client, meeting, name
):
    move_to(meeting, "published")
    response = client.get(url(name, meeting))
    assert response.status_code == 302 and response.url.startswith("/login/?next=")


def test_anonymous_visitors_cannot_tell_whether_an_unpublished_meeting_exists(client, meeting):
    missing = client.get("/minutes/999999/public.pdf")
    existing = client.get(url("public_pdf", meeting))
    assert missing.status_code == existing.status_code == 302


def test_guests_read_the_public_edition_of_agreed_minutes_but_not_the_members(
    role_client, meeting, docx_text
):
    move_to(meeting, "approved")
    guest = role_client("guest")
    assert guest.get(url("members_docx", meeting)).status_code == 403
    response = guest.get(url("public_docx", meeting))
    assert response.status_code == 200
    content = response.getvalue()
    assert "Zanzibar-walrus" not in docx_text(content)
    assert "Case review" in docx_text(content)


def test_a_scheduled_meeting_has_no_minutes_to_print(role_client, meeting):
    rewind_to_scheduled(meeting)
    assert role_client("member").get(url("members_pdf", meeting)).status_code == 404


def test_downloads_are_attachments_with_a_telling_name_and_are_never_cached(role_client, meeting):
    client = role_client("member")
    pdf = client.get(url("members_pdf", meeting))
    assert pdf["Content-Disposition"] == (
        'attachment; filename="test-iag-2022-03-02-minutes-members.pdf"'
    )
    docx = client.get(url("public_docx", meeting))
    assert docx["Content-Disposition"] == (
        'attachment; filename="test-iag-2022-03-02-minutes-public.docx"'
    )
    for response in (pdf, docx, client.get(url("members_print", meeting))):
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]


def test_the_downloads_refuse_other_methods(role_client, meeting):
    assert role_client("officer").post(url("members_pdf", meeting)).status_code == 405


def test_the_meeting_page_links_each_edition_only_for_those_allowed(role_client, meeting):
    move_to(meeting, "approved")
    member_page = role_client("member").get(meeting.get_absolute_url()).content.decode()
    assert url("members_pdf", meeting) in member_page
    assert url("members_docx", meeting) in member_page
    assert url("members_print", meeting) in member_page
    assert url("public_pdf", meeting) in member_page
    guest_page = role_client("guest").get(meeting.get_absolute_url()).content.decode()
    assert url("public_pdf", meeting) in guest_page
    assert url("members_pdf", meeting) not in guest_page


def test_a_scheduled_meeting_page_offers_no_downloads(role_client, meeting):
    rewind_to_scheduled(meeting)
    page = role_client("member").get(meeting.get_absolute_url()).content.decode()
    assert "minutes-downloads" not in page


def test_the_pdf_fetcher_serves_static_files_and_refuses_the_network():
    fetcher = StaticFilesFetcher()
    css = fetcher("https://iag-portal.invalid/static/publishing/minutes.css")
    assert b"@page" in css.read()
    for refused in (
        "http://example.com/x.png",
        "https://example.com/static/publishing/minutes.css",
        "https://iag-portal.invalid/static/../iag_portal/settings.py",
        "https://iag-portal.invalid/media/upload.png",
        "file:///etc/passwd",
    ):
        with pytest.raises(ValueError, match="Refused"):
            fetcher(refused)


def test_the_pdf_renderer_never_opens_a_network_connection(monkeypatch, pdf_text):
    def no_network(*args, **kwargs):
        raise AssertionError("the PDF renderer tried to open a URL")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_network)
    monkeypatch.setattr("socket.create_connection", no_network)
    html = (
        '<html><head><link rel="stylesheet" href="http://example.com/evil.css"></head>'
        '<body><p>Before</p><img src="http://example.com/x.png" alt="tracker"><p>After</p>'
        "</body></html>"
    )
    text = pdf_text(render_pdf(html))
    assert "Before" in text and "After" in text


def test_an_image_tag_typed_into_a_point_is_printed_as_text(role_client, meeting, pdf_text):
    item = meeting.items.get(number="1")
    Point.objects.create(item=item, order=5, text='<img src="http://example.com/x.png">')
    text = pdf_text(role_client("member").get(url("members_pdf", meeting)).getvalue())
    assert '<img src="http://example.com/x.png">' in text


def test_the_print_view_query_count_does_not_grow_with_the_minutes(role_client, meeting):
    client = role_client("member")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("members_print", meeting)).status_code == 200
        return len(queries)

    before = count()
    for n in range(3, 8):
        item = AgendaItem.objects.create(meeting=meeting, order=n, number=str(n), title=f"I{n}")
        Point.objects.bulk_create(Point(item=item, order=k, text=f"P{k}") for k in range(20))
    assert count() == before


def test_the_next_meeting_is_printed_with_its_venue(role_client, meeting, pdf_text):
    Meeting.objects.create(
        body=meeting.body,
        date=datetime.date(2022, 4, 13),
        start_time=datetime.time(18),
        location="The Point, Milton Keynes",
    )
    text = pdf_text(role_client("member").get(url("members_pdf", meeting)).getvalue())
    assert "Wednesday 13 April 2022, 18:00 hrs, The Point, Milton Keynes" in text


def test_published_minutes_stay_private_where_the_body_does_not_publish(client, meeting):
    move_to(meeting, "published")
    meeting.body.publishes_minutes = False
    meeting.body.save()
    for name in ("public_print", "public_pdf", "public_docx"):
        response = client.get(url(name, meeting))
        assert response.status_code == 302 and response.url.startswith("/login/?next="), name


def test_the_pdf_is_tagged_for_screen_readers(role_client, meeting, pdf_info):
    content = role_client("member").get(url("members_pdf", meeting)).getvalue()
    assert "Tagged:          yes" in pdf_info(content)
    structure = subprocess.run(
        ["/usr/bin/pdfinfo", "-struct", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    kinds = {line.split()[0].rstrip(":") for line in structure.splitlines() if line.strip()}
    assert {"Document", "H1", "H2", "P", "Table", "TR", "TH", "TD"} <= kinds
    assert "/Headers" in structure  # each data cell names its column's header cell
