"""Agreed minutes are rendered once per version, stored, and served as they are:
downloads never render, repeat requests answer 304, and the public edition's stored
files and cached document never hold confidential content."""

import re

import pytest
from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import reverse
from states import move_to

from meetings.models import Point
from publishing import pdf, stored, word
from publishing.models import StoredDocument
from publishing.tasks import render_agreed_minutes
from reviews import services

SECRET = "Zanzibar-walrus"  # planted in the confidential item of the `meeting` fixture
DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def url(name, meeting):
    return reverse(f"publishing:{name}", args=[meeting.pk])


@pytest.fixture
def renders(monkeypatch):
    """Every PDF and Word render, counted."""
    calls = []
    real_pdf, real_docx = pdf.render_pdf, word.render_docx

    def counting_pdf(html):
        calls.append("pdf")
        return real_pdf(html)

    def counting_docx(minutes):
        calls.append("docx")
        return real_docx(minutes)

    monkeypatch.setattr(pdf, "render_pdf", counting_pdf)
    monkeypatch.setattr(word, "render_docx", counting_docx)
    return calls


def test_the_sign_off_renders_both_editions_once_in_the_background(
    meeting, users, renders, django_capture_on_commit_callbacks
):
    move_to(meeting, "circulated")
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_off(meeting=meeting, by=users["chair"])
    assert sorted(renders) == ["docx", "docx", "pdf", "pdf"]
    documents = StoredDocument.objects.filter(meeting=meeting, version=meeting.version)
    assert sorted(documents.values_list("edition", "kind")) == [
        ("members", "docx"),
        ("members", "pdf"),
        ("public", "docx"),
        ("public", "pdf"),
    ]
    for document in documents:
        assert default_storage.exists(document.name)
        assert f"/v{meeting.version}/" in document.name


def test_a_second_download_renders_nothing_and_a_current_copy_answers_304(
    role_client, approved, renders, monkeypatch
):
    def refuse(*args):
        raise AssertionError("rendered during a download")

    monkeypatch.setattr(pdf, "render_pdf", refuse)
    monkeypatch.setattr(word, "render_docx", refuse)
    client = role_client("member")
    first = client.get(url("members_pdf", approved))
    assert first.status_code == 200 and first.getvalue().startswith(b"%PDF-")
    assert first["ETag"] == f'"minutes-{approved.pk}-v{approved.version}-members-pdf"'
    assert first["Last-Modified"]
    assert first["Content-Disposition"] == (
        'attachment; filename="test-iag-2022-03-02-minutes-members.pdf"'
    )
    again = client.get(url("members_pdf", approved), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    assert again.content == b""
    since = client.get(url("members_docx", approved), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    docx = client.get(url("members_docx", approved))
    assert docx.status_code == 200 and docx.getvalue().startswith(b"PK")


def test_minutes_recorded_as_agreed_are_rendered_once_when_first_downloaded(
    role_client, meeting, renders, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        move_to(meeting, "approved")  # recorded as agreed, as an import does: not rendered
    assert renders == []
    client = role_client("member")
    assert client.get(url("members_pdf", meeting)).status_code == 200
    assert client.get(url("public_docx", meeting)).status_code == 200
    assert client.get(url("members_docx", meeting)).status_code == 200
    assert sorted(renders) == ["docx", "docx", "pdf", "pdf"]


def test_the_public_editions_stored_files_hold_no_confidential_phrase(
    role_client, approved, pdf_text, docx_text
):
    client = role_client("guest")
    public_pdf = client.get(url("public_pdf", approved)).getvalue()
    public_docx = client.get(url("public_docx", approved)).getvalue()
    assert "Case review" in pdf_text(public_pdf)
    assert SECRET not in pdf_text(public_pdf)
    assert SECRET.encode() not in public_pdf
    assert SECRET not in docx_text(public_docx)
    members = role_client("member").get(url("members_pdf", approved)).getvalue()
    assert SECRET in pdf_text(members)


def test_the_cached_members_document_never_reaches_a_public_reader(client, role_client, meeting):
    move_to(meeting, "published")
    meeting.body.publishes_minutes = True
    meeting.body.save()
    members_page = role_client("member").get(url("members_print", meeting)).content.decode()
    assert SECRET in members_page  # the members' document is now in the cache
    client.logout()
    for _ in range(2):  # built, then from the cache
        public = client.get(url("public_print", meeting))
        assert public.status_code == 200
        assert SECRET not in public.content.decode()
        assert "Confidential - not for publication." in public.content.decode()
    assert role_client("guest").get(url("members_print", meeting)).status_code == 403


def test_the_public_print_view_of_published_minutes_answers_304_to_a_current_copy(
    client, meeting, django_assert_max_num_queries
):
    move_to(meeting, "published")
    meeting.body.publishes_minutes = True
    meeting.body.save()
    first = client.get(url("public_print", meeting))
    assert first.status_code == 200 and first["ETag"]
    with django_assert_max_num_queries(3):
        again = client.get(url("public_print", meeting), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert "public" in again["Cache-Control"]


def test_the_print_view_of_agreed_minutes_reads_the_document_from_the_cache(
    role_client, approved, django_assert_max_num_queries
):
    client = role_client("member")
    first = client.get(url("members_print", approved)).content.decode()
    with django_assert_max_num_queries(12):
        second = client.get(url("members_print", approved)).content.decode()
    assert SECRET in first and SECRET in second
    assert "no-store" in client.get(url("members_print", approved))["Cache-Control"]


def test_an_amendment_is_a_new_version_and_the_old_files_are_not_served(
    role_client, approved, users, django_capture_on_commit_callbacks, pdf_text
):
    client = role_client("member")
    old = client.get(url("members_pdf", approved))
    old_etag, old_version = old["ETag"], approved.version
    point = Point.objects.get(item__meeting=approved, item__number="1")
    with django_capture_on_commit_callbacks(execute=True):
        services.amend(
            meeting=approved,
            by=users["officer"],
            reason="Name corrected",
            new_text="AK/1 welcomed everyone to the Peartree Centre.",
            point=point,
        )
    approved.refresh_from_db()
    assert approved.version > old_version
    new = client.get(url("members_pdf", approved), HTTP_IF_NONE_MATCH=old_etag)
    assert new.status_code == 200 and new["ETag"] != old_etag
    assert "welcomed everyone to the Peartree Centre" in pdf_text(new.getvalue())
    page = client.get(url("members_print", approved)).content.decode()
    assert "welcomed everyone to the Peartree Centre" in page
    # The old version's files are gone from storage.
    assert not StoredDocument.objects.filter(meeting=approved, version=old_version).exists()


def test_withdrawal_and_publication_make_new_versions(
    approved, users, django_capture_on_commit_callbacks
):
    approved.body.publishes_minutes = True
    approved.body.save()
    versions = [approved.version]
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(meeting=approved, by=users["officer"])
    versions.append(approved.version)
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(meeting=approved, by=users["officer"], reason="Name to withhold")
    versions.append(approved.version)
    assert len(set(versions)) == 3
    assert set(
        StoredDocument.objects.filter(meeting=approved).values_list("version", flat=True)
    ) == {versions[-1]}


@override_settings(TASKS=DUMMY_TASKS)
def test_until_the_file_is_ready_the_page_says_so_and_one_render_is_queued(role_client, meeting):
    from django.tasks import default_task_backend

    move_to(meeting, "approved")
    default_task_backend.clear()
    client = role_client("member")
    response = client.get(url("members_pdf", meeting))
    assert response.status_code == 200
    page = response.content.decode()
    assert "is being prepared" in page
    assert f'hx-get="{url("members_pdf", meeting)}"' in page
    assert "no-store" in response["Cache-Control"]
    poll = client.get(url("members_pdf", meeting), HTTP_HX_REQUEST="true")
    assert "Waiting for the next free worker" in poll.content.decode()
    assert "<html" not in poll.content.decode()
    client.get(url("public_docx", meeting))
    queued = [r for r in default_task_backend.results if r.task.name == "render_agreed_minutes"]
    assert len(queued) == 1 and queued[0].args == [meeting.pk, meeting.version]

    render_agreed_minutes.call(meeting.pk, meeting.version)  # the worker's turn
    ready = client.get(url("members_pdf", meeting), HTTP_HX_REQUEST="true").content.decode()
    assert "Ready." in ready and "hx-trigger" not in ready
    assert client.get(url("members_pdf", meeting)).getvalue().startswith(b"%PDF-")


def test_a_render_of_a_version_that_moved_on_stores_nothing(approved, renders):
    StoredDocument.objects.all().delete()
    renders.clear()
    assert stored.render(approved.pk, approved.version - 1) == 0
    assert renders == []


def test_drafts_render_on_demand_and_an_unchanged_draft_is_not_rendered_again(
    role_client, meeting, renders
):
    client = role_client("member")
    first = client.get(url("members_docx", meeting)).content
    second = client.get(url("members_docx", meeting)).content
    assert first == second and renders == ["docx"]
    assert "ETag" not in client.get(url("members_pdf", meeting))
    assert not StoredDocument.objects.exists()


def test_the_anonymous_public_page_is_rendered_once_per_version(
    client, published, users, count_renders, django_capture_on_commit_callbacks
):
    from publishing import views

    renders = count_renders(views)
    first_response = client.get(url("public_print", published))
    first = first_response.content.decode()
    again = client.get(url("public_print", published))
    assert renders == ["publishing/print.html"]
    assert SECRET not in first
    # Each answer carries its own request's CSP nonce, in its header and its page.
    nonces = [
        re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        for response in (first_response, again)
    ]
    assert nonces[0] != nonces[1]
    for nonce, response in zip(nonces, (first_response, again), strict=True):
        page = response.content.decode()
        assert f'nonce="{nonce}"' in page and "\x00" not in page
    assert again.content.decode() == first.replace(nonces[0], nonces[1])
    assert again["ETag"] and "public" in again["Cache-Control"]
    # A withdrawal is a new version: never the kept page of the published one.
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(meeting=published, by=users["officer"], reason="Name to withhold")
    assert client.get(url("public_print", published)).status_code in {302, 403, 404}


def test_a_kept_page_is_never_served_to_a_reader_without_the_right(role_client, published):
    from django.test import Client

    # The members' edition, read by a member, is refused to a guest and to an
    # anonymous reader at every later request; the public page does not open it.
    assert SECRET in role_client("member").get(url("members_print", published)).content.decode()
    anonymous = Client()
    assert anonymous.get(url("public_print", published)).status_code == 200
    assert role_client("guest").get(url("members_print", published)).status_code == 403
    refused = anonymous.get(url("members_print", published))
    assert refused.status_code == 302 and "/login/" in refused["Location"]
    # Its body stops publishing: the kept public page is no longer served to anyone
    # anonymous, though the version (and so the page's key) did not change.
    published.body.publishes_minutes = False
    published.body.save()
    refused = anonymous.get(url("public_print", published))
    assert refused.status_code == 302 and "/login/" in refused["Location"]


def test_a_signed_in_reader_is_not_given_the_anonymous_page(role_client, published):
    from django.test import Client

    anonymous = Client().get(url("public_print", published)).content.decode()
    assert "Sign out" not in anonymous
    signed_in = role_client("member").get(url("public_print", published)).content.decode()
    assert "Sign out" in signed_in and signed_in != anonymous
