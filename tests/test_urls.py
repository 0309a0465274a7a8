"""Walk every URL of the portal as every role, and check the answer."""

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from url_roles import LOGIN, NOT_ALLOWED, ROLES
from url_roles import ROUTES as CORE_ROUTES


def area_routes():
    routes = dict(CORE_ROUTES)
    for path in sorted(Path(__file__).parent.glob("*/url_roles.py")):
        spec = importlib.util.spec_from_file_location(f"url_roles_{path.parent.name}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        routes.update(module.ROUTES)
    return routes


ROUTES = area_routes()


def named_patterns(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # the admin has its own tests
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_named_url_is_walked():
    assert set(named_patterns()) == set(ROUTES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_each_url_answers_each_role_as_expected(role_client, users, body, meeting, name, role):
    route = ROUTES[name]
    ctx = SimpleNamespace(body=body, meeting=meeting, users=users)
    url, data = route.url(ctx), route.data(ctx)
    client = role_client(role)
    response = getattr(client, route.method)(url, data)
    expected = route.answers[role]
    if expected == LOGIN:
        assert response.status_code == 302, f"{role} {route.method} {url}"
        assert response.url.startswith("/login/?next="), response.url
    else:
        assert response.status_code == expected, f"{role} {route.method} {url}"


NUL = "\x00"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_a_nul_anywhere_in_a_request_is_a_clear_400(role_client, users, body, meeting, name, role):
    """Bad bytes never reach a view, a form or the database: in the address, the
    query or a form field, every URL answers 400, never 500."""
    route = ROUTES[name]
    ctx = SimpleNamespace(body=body, meeting=meeting, users=users)
    url, data = route.url(ctx), route.data(ctx)
    client = role_client(role)
    send = getattr(client, route.method)
    base = url.rstrip("/")
    attempts = [
        (f"{url}?status=%00", data),
        (f"{base}%00/" if url.endswith("/") else f"{url}%00", data),
        (f"{url}?q=a%01b", data),
    ]
    if route.method == "post":
        attempts += [
            (url, {**data, "text": f"Before{NUL}after"}),
            (url, {**{key: f"{value}{NUL}" for key, value in data.items()}, f"x{NUL}": "1"}),
        ]
    for address, body_data in attempts:
        response = send(address, body_data)
        assert response.status_code == 400, f"{role} {route.method} {address} {body_data}"


@pytest.mark.parametrize(
    "url",
    [
        "/admin/meetings/meeting/?status=%00",
        "/admin/actions/action/?status=%00",
        "/admin/meetings/agendaitem/?q=%00",
        "/admin/members/person/?q=%00",
    ],
)
def test_the_admin_lists_answer_a_nul_with_400(role_client, url):
    assert role_client("officer").get(url).status_code == 400


def test_tab_and_new_lines_are_text(role_client, meeting):
    item = meeting.items.order_by("order").first()
    response = role_client("officer").post(
        reverse("meetings:row_create", args=[meeting.pk, "point"]),
        {"item": item.pk, "kind": "discussion", "text": "Line one\r\n\tLine two"},
    )
    assert response.status_code == 201
    assert item.points.filter(text__contains="\tLine two").exists()


def test_an_anonymous_feed_address_with_a_nul_is_400(client, db):
    assert client.get("/programme/feed/%00/test-iag.ics").status_code == 400


@pytest.mark.parametrize("name", ["meetings:list", "meetings:detail"])
def test_read_pages_refuse_other_methods(role_client, meeting, name):
    url = reverse(name, args=[meeting.pk]) if name.endswith("detail") else reverse(name)
    assert role_client("officer").post(url).status_code == NOT_ALLOWED


def test_an_unknown_meeting_is_404(role_client):
    assert role_client("officer").get("/meetings/999999/").status_code == 404
