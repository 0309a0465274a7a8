"""The public edition of published minutes is answered by the first middleware from the
response the full stack made for the first anonymous reader of the version: one query,
every header, a nonce of its own; never once the minutes or their publishing change."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from publishing import kept_responses
from reviews import services

SECRET = "Zanzibar-walrus"  # planted in the confidential item of the `meeting` fixture


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


# --- Signed-in readers: their own session's response, while every fact stands ----------


def members(meeting):
    return reverse("publishing:members_print", args=[meeting.pk])


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def settled(client, address):
    """The reader's first requests: the full stack, until its session stops changing
    (the MFA middleware remembers a second factor in it) and the response is kept."""
    for _ in range(3):
        client.get(address)


def test_a_members_second_request_is_answered_with_their_own_token_and_nonce(
    approved, users, views_called
):
    from django.middleware.csrf import _unmask_cipher_token

    reader = signed_in(users["member"])
    first = reader.get(members(approved))
    settled(reader, members(approved))
    reached = len(views_called)
    with CaptureQueriesContext(connection) as queries:
        again = reader.get(members(approved))
    assert len(views_called) == reached  # answered before the view
    assert len(queries) == 6  # the session, the meeting and four of the reader's facts
    page = again.content.decode()
    assert SECRET in page and "Signed in as member</span>" in page and "\x00" not in page
    assert f'nonce="{nonce_of(again)}"' in page and nonce_of(again) != nonce_of(first)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert _unmask_cipher_token(token) == reader.cookies["csrftoken"].value
    assert again.cookies["csrftoken"].value == reader.cookies["csrftoken"].value
    assert "no-store" in again["Cache-Control"] and again["X-Frame-Options"] == "DENY"
    # The token it gave signs the reader out.
    reader.handler.enforce_csrf_checks = True
    assert reader.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    # Their old session is gone: the next request is the stack's, which asks to sign in.
    assert reader.get(members(approved)).status_code == 302


def test_each_session_is_answered_only_with_its_own_response(approved, users, body):
    from conftest import make_user

    other = make_user("second", body=body, role="member", initials="SE", first_name="Sally")
    first, second = signed_in(users["member"]), signed_in(other)
    settled(first, members(approved))
    settled(second, members(approved))
    assert "Signed in as Sally</span>" in second.get(members(approved)).content.decode()
    assert "Signed in as member</span>" in first.get(members(approved)).content.decode()


def test_a_reader_whose_role_ends_is_refused_at_once(approved, users, views_called):
    from members.models import Membership

    reader = signed_in(users["member"])
    settled(reader, members(approved))
    Membership.objects.filter(person__user=users["member"]).update(role="guest")
    assert reader.get(members(approved)).status_code == 403
    Membership.objects.filter(person__user=users["member"]).update(
        role="member", end_date="2020-01-01"
    )
    assert reader.get(members(approved)).status_code == 403


def test_a_changed_password_or_a_body_requiring_mfa_goes_through_the_stack(approved, users):
    from accounts.models import BodyPolicy

    reader = signed_in(users["member"])
    settled(reader, members(approved))
    BodyPolicy.objects.update_or_create(body=approved.body, defaults={"members_require_mfa": True})
    assert reader.get(members(approved))["Location"] == reverse("mfa_activate_totp")
    BodyPolicy.objects.filter(body=approved.body).update(members_require_mfa=False)
    settled(reader, members(approved))
    user = users["member"]
    user.set_password("a-new-password-entirely")
    user.save()
    assert reader.get(members(approved)).status_code == 302  # signed out: the hash moved on


def test_a_waiting_message_is_shown_by_the_stack(approved, users, rf):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage

    reader = signed_in(users["member"])
    settled(reader, members(approved))
    # A message left by an earlier request, in the messages framework's cookie.
    storage = CookieStorage(rf.get("/"))
    reader.cookies["messages"] = storage._encode([Message(constants.INFO, "Review sent.")])
    assert "Review sent." in reader.get(members(approved)).content.decode()


def test_every_table_the_stacks_decision_reads_is_among_the_facts(approved, users):
    """A new input to who may read the minutes (a table the permission module, the
    edition's rules or the MFA middleware reads) must be among kept_responses' facts, or
    a kept response would outlive a change to it."""
    reader = signed_in(users["member"])
    settled(reader, members(approved))
    kept_responses.forget()  # the print view's kept page stays: only the decision is asked
    with CaptureQueriesContext(connection) as queries:
        assert reader.get(members(approved)).status_code == 200
    tables = set()
    for query in queries.captured_queries:
        tables |= set(re.findall(r'(?:FROM|JOIN) "([a-z_]+)"', query["sql"]))
    tables -= {"django_session", "iag_portal_cache"}
    assert tables and tables <= kept_responses.FACT_TABLES, tables - kept_responses.FACT_TABLES


def test_a_response_made_while_a_fact_changed_is_never_kept(approved, users, monkeypatch):
    """The guest is made a member while their request is being answered, and a guest
    again after: the members' edition made in between is not kept under the facts read
    before it, so the guest is refused at once."""
    from members.models import Membership

    reader = signed_in(users["guest"])
    settled(reader, reverse("publishing:public_print", args=[approved.pk]))
    guest = Membership.objects.filter(person__user=users["guest"])
    real = kept_responses.KeptEditionMiddleware._facts
    calls = []

    def promoted_meanwhile(self, *args):
        facts = real(self, *args)
        if not calls:
            guest.update(role="member")  # just after the middleware read the facts
        calls.append(facts)
        return facts

    monkeypatch.setattr(kept_responses.KeptEditionMiddleware, "_facts", promoted_meanwhile)
    assert SECRET in reader.get(members(approved)).content.decode()
    monkeypatch.setattr(kept_responses.KeptEditionMiddleware, "_facts", real)
    guest.update(role="guest")
    assert reader.get(members(approved)).status_code == 403


def test_a_signed_in_readers_public_edition_is_never_marked_for_shared_caches(published, users):
    reader = signed_in(users["member"])
    for _ in range(3):
        response = reader.get(public(published))
        assert "Signed in as member</span>" in response.content.decode()
        assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert "public" in Client().get(public(published))["Cache-Control"]


def test_only_the_addresses_django_answers_are_answered_from_memory(published):
    paths = kept_responses._print_paths()
    assert kept_responses._match(paths, public(published)) == (published.pk, "public")
    for odd in ("/minutes/\u0661/public/", public(published) + "\n", public(published) + "x"):
        assert kept_responses._match(paths, odd) is None
    Client().get(public(published))
    assert Client().get("/minutes/\u0661/public/").status_code == 404


def test_an_unknown_host_is_refused_with_every_security_header(published, settings):
    Client().get(public(published))
    settings.ALLOWED_HOSTS = ["portal.example"]
    refused = Client().get(public(published))
    assert refused.status_code == 400
    assert refused["X-Content-Type-Options"] == "nosniff"


def test_a_malformed_session_cookie_goes_straight_down_the_stack(published):
    Client().get(public(published))
    odd = Client()
    odd.cookies["sessionid"] = "short"
    with CaptureQueriesContext(connection) as queries:
        page = odd.get(public(published))
    assert page.status_code == 200 and "Signed in as" not in page.content.decode()
    assert not any("django_session" in q["sql"] for q in queries.captured_queries[:2])


def test_a_draft_print_page_asks_nothing_of_the_middleware_beyond_its_meeting(meeting, users):
    reader = signed_in(users["member"])
    reader.get(members(meeting))
    with CaptureQueriesContext(connection) as queries:
        assert reader.get(members(meeting)).status_code == 200
    assert not any('"mfa_authenticator"' in q["sql"] for q in queries.captured_queries)
