"""Repeat downloads of unchanged minutes reuse the rendered PDF; any change renders anew."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from states import move_to

from meetings.models import Point
from publishing import pdf


@pytest.fixture
def renders(monkeypatch):
    """The HTML of every real PDF render, counted, with an empty cache to start from."""
    cache.clear()
    rendered = []
    real_render = pdf.render_pdf

    def counting_render(html):
        rendered.append(html)
        return real_render(html)

    monkeypatch.setattr(pdf, "render_pdf", counting_render)
    yield rendered
    cache.clear()


def url(name, meeting):
    return reverse(f"publishing:{name}", args=[meeting.pk])


def test_a_second_download_of_unchanged_minutes_is_not_rendered_again(
    role_client, meeting, renders
):
    first = role_client("member").get(url("members_pdf", meeting))
    second = role_client("chair").get(url("members_pdf", meeting))
    assert len(renders) == 1
    assert first.getvalue() == second.getvalue() and second.content.startswith(b"%PDF-")


def test_an_edit_to_the_minutes_is_in_the_next_download(role_client, meeting, renders, pdf_text):
    client = role_client("member")
    before = pdf_text(client.get(url("members_pdf", meeting)).getvalue())
    point = Point.objects.get(item__meeting=meeting, item__number="1")
    point.text = "Corrected after review: the bus route changes in May."
    point.save()
    after = pdf_text(client.get(url("members_pdf", meeting)).getvalue())
    assert len(renders) == 2
    assert "Corrected after review" not in before
    assert "Corrected after review: the bus route changes in May." in after


def test_the_public_edition_never_reuses_the_members_pdf(
    client, role_client, meeting, renders, pdf_text
):
    move_to(meeting, "published")
    members = pdf_text(role_client("member").get(url("members_pdf", meeting)).getvalue())
    public = pdf_text(client.get(url("public_pdf", meeting)).getvalue())
    assert len(renders) == 2
    assert "Zanzibar-walrus" in members
    assert "Zanzibar-walrus" not in public


def test_a_changed_stylesheet_renders_anew(role_client, meeting, renders, monkeypatch, tmp_path):
    client = role_client("member")
    client.get(url("members_pdf", meeting))
    edited = tmp_path / "minutes.css"
    edited.write_text("@page { size: A5; }")
    monkeypatch.setattr(pdf.finders, "find", lambda path: str(edited))
    client.get(url("members_pdf", meeting))
    assert len(renders) == 2
