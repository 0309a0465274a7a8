"""The 400, 403, 404 and 500 pages are the portal's own, with DEBUG off as in production:
they say what happened and where to go, inside the site's navigation and landmarks."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client
from django.urls import path

from iag_portal.urls import urlpatterns as portal_urls


def refuse(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("tampered")


@login_not_required
def crash(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("test-403/", refuse),
    path("test-400/", suspicious),
    path("test-500/", crash),
    *portal_urls,
]

pytestmark = [
    pytest.mark.urls(__name__),
]


@pytest.fixture(autouse=True)
def production_like(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]


def assert_portal_page(response, status, heading):
    html = response.content.decode()
    assert response.status_code == status
    assert f"<title>{heading} · IAG Portal</title>" in html
    assert f'<h1 class="h2">{heading}</h1>' in html
    assert '<main id="main"' in html and "<header>" in html
    assert 'href="/review/archive/"' in html  # where to go: the published minutes
    assert f"error {status}" in html


def test_a_missing_page_is_the_portals_404(role_client):
    response = role_client("member").get("/meetings/999999/")
    assert_portal_page(response, 404, "Page not found")
    assert 'href="/actions/mine/"' in response.content.decode()


def test_a_refused_page_is_the_portals_403(role_client):
    assert_portal_page(
        role_client("member").get("/test-403/"), 403, "You do not have access to this page"
    )


def test_a_real_refusal_uses_it_too(role_client, meeting):
    response = role_client("guest").get(f"/meetings/{meeting.pk}/edit/")
    assert_portal_page(response, 403, "You do not have access to this page")


def test_a_bad_request_is_the_portals_400(role_client):
    assert_portal_page(role_client("member").get("/test-400/"), 400, "Request not understood")


@pytest.mark.django_db
def test_a_crash_is_the_portals_500():
    client = Client(raise_request_exception=False)
    response = client.get("/test-500/")
    assert_portal_page(response, 500, "Sorry, something went wrong")
    assert 'href="/login/"' in response.content.decode()


@pytest.mark.django_db
def test_an_expired_form_is_explained():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "x", "password": "y"})
    assert_portal_page(response, 403, "The form had expired")
