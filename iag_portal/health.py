"""`GET /healthz` for the load balancer: the app runs and its database answers.

It is asked every few seconds by every balancer, so the WSGI application answers it
itself, before Django's middleware stack: no session, no user, no CSRF or CSP work,
none of which a health check needs. It still asks the database, on the worker's
persistent connection, and says 503 when the database does not answer, so the
balancer takes the machine out. The view in iag_portal/views.py answers the same way
for anything that calls Django directly (the test client).
"""

import json
import logging

from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)

PATH = "/healthz"
OK = json.dumps({"status": "ok"}).encode()
DOWN = json.dumps({"status": "database unavailable"}).encode()


def database_answers() -> bool:
    """One `SELECT 1` on this worker's connection; a broken connection is dropped so
    the next check opens a new one."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: the database does not answer", exc_info=True)
        if not connection.in_atomic_block:
            connection.close()
        return False
    return True


HEADERS = [
    ("Content-Type", "application/json"),
    ("Cache-Control", "no-store"),
    ("X-Content-Type-Options", "nosniff"),
]


class HealthCheckApplication:
    """WSGI middleware: `GET` or `HEAD` of `/healthz` answered here, anything else
    passed to the Django application."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != PATH or environ.get("REQUEST_METHOD") not in {
            "GET",
            "HEAD",
        }:
            return self.application(environ, start_response)
        # What Django does at each request's start: a connection past its
        # CONN_MAX_AGE, or left unusable, is closed rather than reused (never one in
        # a transaction: only a test wraps a request in one).
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()
        ok = database_answers()
        body = OK if ok else DOWN
        start_response(
            "200 OK" if ok else "503 Service Unavailable",
            [*HEADERS, ("Content-Length", str(len(body)))],
        )
        return [b"" if environ["REQUEST_METHOD"] == "HEAD" else body]
