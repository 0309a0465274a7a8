"""Absolute addresses for links that leave the page (emails, calendar feeds).

IAG_SITE_URL, when set, always wins (a proxy may hide the real host); otherwise the
address the request came in on, so a link printed on a page connects wherever the
portal is reached from. Work without a request (a command) falls back to
localhost, where only a developer reads it.
"""

from django.conf import settings

FALLBACK = "http://127.0.0.1:8000"


def site_of(request) -> str:
    """The scheme and host to start links with, for work done on behalf of `request`."""
    if settings.SITE_URL:
        return settings.SITE_URL
    return request.build_absolute_uri("/").rstrip("/")


def absolute(path: str, site: str = "") -> str:
    return (settings.SITE_URL or site.rstrip("/") or FALLBACK) + path
