"""The public edition of published minutes is answered by the first middleware from the
response the full stack made for the first anonymous reader of the version: one query,
every header, a nonce of its own; never once the minutes or their publishing change."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from states import move_to

from publishing import kept_responses
from reviews import services

SECRET = "Zanzibar-walrus"  # planted in the confidential item of the `meeting` fixture


@pytest.fixture
def published(meeting):
    move_to(meeting, "published")
    meeting.body.publishes_minutes = True
    meeting.body.save()
    return meeting


@pytest.fixture
def views_called(monkeypatch):
    """The addresses for which the full stack reached the print view."""
    from publishing import views

    calls = []
    real = views._meeting_or_login

    def counted(request, *args, **kwargs):
        calls.append(request.path)
        return real(request, *args, **kwargs)

    monkeypatch.setattr(views, "_meeting_or_login", counted)
    return calls


def public(meeting):
    return reverse("publishing:public_print", args=[meeting.pk])


def nonce_of(response):
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)


def test_a_second_anonymous_reader_is_answered_before_the_stack_with_one_query(
    published, views_called
):
    first = Client().get(public(published))
    with CaptureQueriesContext(connection) as queries:
        second = Client().get(public(published))
    assert views_called == [public(published)]  # the second never reached the view
    assert len(queries) == 1
    assert second.status_code == 200
    # The same page and headers as the full stack gave, with a nonce of its own.
    assert nonce_of(first) != nonce_of(second)
    assert f'nonce="{nonce_of(second)}"' in second.content.decode()
    assert second.content.decode().replace(nonce_of(second), "N") == first.content.decode().replace(
        nonce_of(first), "N"
    )
    for name in (
        "ETag",
        "Last-Modified",
        "Cache-Control",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Vary",
        "Content-Type",
    ):
        assert second[name] == first[name], name
    assert second["Content-Length"] == str(len(second.content))
    assert SECRET not in second.content.decode() and "\x00" not in second.content.decode()


def test_a_current_copy_is_answered_304_from_the_kept_response(published, views_called):
    first = Client().get(public(published))
    again = Client().get(public(published), headers={"if-none-match": first["ETag"]})
    assert views_called == [public(published)]
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["X-Frame-Options"] == "DENY"
    assert "Content-Length" not in again


def test_an_amendment_or_withdrawal_is_never_answered_with_the_kept_page(
    published, users, views_called
):
    Client().get(public(published))
    point = published.items.first().points.first()
    services.amend(
        meeting=published,
        by=users["chair"],
        point=point,
        new_text="The amended wording of the point.",
        reason="Corrected at the next meeting.",
    )
    amended = Client().get(public(published))
    assert "The amended wording of the point." in amended.content.decode()
    assert len(views_called) == 2
    services.withdraw(meeting=published, by=users["chair"], reason="Published in error.")
    withdrawn = Client().get(public(published))
    assert withdrawn.status_code == 302  # no longer public: sign in first
    assert len(views_called) == 3


def test_a_body_that_stops_publishing_is_never_answered_with_the_kept_page(published, views_called):
    Client().get(public(published))
    published.body.publishes_minutes = False
    published.body.save()
    assert Client().get(public(published)).status_code == 302
    assert len(views_called) == 2


def test_readers_with_a_session_or_a_query_go_through_the_whole_stack(
    published, users, views_called
):
    Client().get(public(published))
    member = Client()
    member.force_login(users["member"])
    page = member.get(public(published)).content.decode()
    assert "Signed in as member</span>" in page
    Client().get(public(published) + "?x=1")
    assert len(views_called) == 3
    # Only GET is answered from memory: a HEAD is the view's to answer (405).
    assert Client().head(public(published)).status_code == 405


def test_an_unknown_host_is_refused_as_django_refuses_it(published, settings):
    Client().get(public(published))
    settings.ALLOWED_HOSTS = ["portal.example"]
    assert Client().get(public(published)).status_code == 400


def test_a_page_kept_over_plain_http_is_not_answered_over_https(published, views_called):
    Client().get(public(published))
    Client().get(public(published), secure=True)
    assert len(views_called) == 2


def test_a_missing_meeting_goes_through_the_stack(db):
    assert Client().get(reverse("publishing:public_print", args=[999999])).status_code == 302
    assert not kept_responses._responses.keys()
