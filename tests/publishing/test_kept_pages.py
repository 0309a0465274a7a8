"""The print page of agreed minutes is rendered once per version for each class of
reader and served to everyone in that class with their own nonce, CSRF token and name;
never to a reader of another class, never after the minutes move on."""

import re

import pytest
from conftest import make_user
from django.contrib import messages
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.urls import reverse

from meetings.models import Point
from reviews import services

SECRET = "Zanzibar-walrus"  # planted in the confidential item of the `meeting` fixture


def url(name, meeting):
    return reverse(f"publishing:{name}", args=[meeting.pk])


@pytest.fixture
def page_renders(count_renders):
    from publishing import views

    return count_renders(views)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def own_values(response):
    page = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return page, nonce, token


def test_members_of_one_class_share_one_render_each_with_their_own_values(
    approved, body, users, page_renders
):
    other = make_user("second", body=body, role="member", initials="SE", first_name="Sally")
    first, second = signed_in(users["member"]), signed_in(other)
    answers = [client.get(url("members_print", approved)) for client in (first, second, first)]
    assert page_renders == ["publishing/print.html"]
    nonces = set()
    for client, response in zip((first, second, first), answers, strict=True):
        page, nonce, token = own_values(response)
        nonces.add(nonce)
        assert SECRET in page and "\x00" not in page
        assert f'nonce="{nonce}"' in page
        # The form's token is this reader's: it unmasks to their own CSRF cookie.
        assert _unmask_cipher_token(token) == client.cookies["csrftoken"].value
        assert "no-store" in response["Cache-Control"]
    assert len(nonces) == 3
    assert "Signed in as member</span>" in answers[0].content.decode()
    assert "Signed in as Sally</span>" in answers[1].content.decode()
    assert "Sign out member" not in answers[1].content.decode()
    # The kept page's form works: the second reader signs out with the token they got.
    _page, _nonce, token = own_values(answers[1])
    second.handler.enforce_csrf_checks = True
    assert second.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    assert "_auth_user_id" not in second.session


def test_a_reader_of_another_class_is_never_given_the_kept_page(approved, users, page_renders):
    member = signed_in(users["member"]).get(url("members_print", approved)).content.decode()
    officer = signed_in(users["officer"]).get(url("members_print", approved)).content.decode()
    assert page_renders == ["publishing/print.html"] * 2
    # The officer's menu offers the import; the member's does not.
    assert reverse("imports:upload") in officer and reverse("imports:upload") not in member
    # The guest and the outsider are refused the members' edition at every request.
    assert signed_in(users["guest"]).get(url("members_print", approved)).status_code == 403
    assert signed_in(users["outsider"]).get(url("members_print", approved)).status_code in {
        403,
        404,
    }
    # The guest's public edition is a class of its own: no confidential text.
    guest = signed_in(users["guest"]).get(url("public_print", approved)).content.decode()
    assert SECRET not in guest and "Signed in as guest</span>" in guest


def test_an_amendment_is_never_answered_with_the_kept_page(
    approved, users, django_capture_on_commit_callbacks
):
    client = signed_in(users["member"])
    assert "welcomed everyone" not in client.get(url("members_print", approved)).content.decode()
    point = Point.objects.get(item__meeting=approved, item__number="1")
    with django_capture_on_commit_callbacks(execute=True):
        services.amend(
            meeting=approved,
            by=users["officer"],
            reason="Name corrected",
            new_text="AK/1 welcomed everyone to the Peartree Centre.",
            point=point,
        )
    page = client.get(url("members_print", approved)).content.decode()
    assert "welcomed everyone to the Peartree Centre" in page


def test_a_waiting_message_is_shown_on_a_page_rendered_for_that_reader(
    approved, users, page_renders, rf
):
    client = signed_in(users["member"])
    client.get(url("members_print", approved))
    # A message left by an earlier request, as the messages framework keeps it.
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage

    storage = CookieStorage(rf.get("/"))
    client.cookies["messages"] = storage._encode([Message(messages.INFO, "Your review was sent.")])
    page = client.get(url("members_print", approved)).content.decode()
    assert "Your review was sent." in page
    assert page_renders == ["publishing/print.html"] * 2
    # Shown once: the next request is served the kept page again, with no message.
    again = client.get(url("members_print", approved)).content.decode()
    assert "Your review was sent." not in again
    assert page_renders == ["publishing/print.html"] * 2


@pytest.fixture
def minutes_builds(monkeypatch):
    from publishing import stored

    builds = []
    real = stored.build_minutes

    def counting(meeting, *, edition):
        builds.append(str(edition))
        return real(meeting, edition=edition)

    monkeypatch.setattr(stored, "build_minutes", counting)
    return builds


def test_the_meeting_page_of_agreed_minutes_builds_them_once_per_version_and_edition(
    approved, users, minutes_builds, django_capture_on_commit_callbacks
):
    page = reverse("meetings:detail", args=[approved.pk])
    member, guest = signed_in(users["member"]), signed_in(users["guest"])
    assert SECRET in member.get(page).content.decode()
    assert SECRET in member.get(page).content.decode()
    # The guest reads the public edition, built for that edition, never the members'.
    assert SECRET not in guest.get(page).content.decode()
    assert minutes_builds == ["members", "public"]
    point = Point.objects.get(item__meeting=approved, item__number="1")
    with django_capture_on_commit_callbacks(execute=True):
        services.amend(
            meeting=approved,
            by=users["officer"],
            reason="Name corrected",
            new_text="AK/1 welcomed everyone to the Peartree Centre.",
            point=point,
        )
    assert "welcomed everyone to the Peartree Centre" in member.get(page).content.decode()
    assert "welcomed everyone to the Peartree Centre" in guest.get(page).content.decode()


def test_kept_minutes_a_release_cannot_read_are_made_again_not_a_500(
    approved, users, minutes_builds, monkeypatch
):
    """Kept minutes are pickled objects: their key names the code that made them, and
    an entry that cannot be read back (its classes changed in a deploy) is a miss."""
    from django.core.cache import cache

    from publishing import stored

    page = reverse("meetings:detail", args=[approved.pk])
    member = signed_in(users["member"])
    assert SECRET in member.get(page).content.decode()
    assert stored.kept_format() in "".join(stored._minutes.keys())  # the same keys
    stored.forget_kept_pages()
    real_get = cache.get

    def unreadable(key, *args, **kwargs):
        if key.startswith(("publishing:minutes:", "publishing:document:")):
            raise AttributeError("Can't get attribute 'PrintedItem' on <module>")
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", unreadable)
    assert SECRET in member.get(page).content.decode()
    assert minutes_builds == ["members", "members"]
