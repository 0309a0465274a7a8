from django.urls import reverse
from url_roles import DENIED, OK, Route, by_role

ROUTES = {
    "imports:upload": Route(
        by_role(DENIED, officer=OK, superuser=OK), lambda ctx: reverse("imports:upload")
    ),
    # Without a preview waiting in the session, officers are sent back to upload.
    "imports:confirm": Route(
        by_role(DENIED, officer=302, superuser=302),
        lambda ctx: reverse("imports:confirm"),
        method="post",
        data=lambda ctx: {"token": "none"},
    ),
    "imports:correct": Route(
        by_role(DENIED, officer=302, superuser=302),
        lambda ctx: reverse("imports:correct"),
        method="post",
        data=lambda ctx: {"token": "none"},
    ),
    # Someone else's batch, or none by that token: officers are sent back to upload.
    "imports:batch": Route(
        by_role(DENIED, officer=302, superuser=302),
        lambda ctx: reverse("imports:batch", args=["none"]),
    ),
    "imports:progress": Route(
        by_role(DENIED, officer=302, superuser=302),
        lambda ctx: reverse("imports:progress", args=["none"]),
    ),
    "imports:file": Route(
        by_role(DENIED, officer=302, superuser=302),
        lambda ctx: reverse("imports:file", args=[0]) + "?token=none",
    ),
    "imports:lines": Route(
        by_role(DENIED, officer=302, superuser=302),
        lambda ctx: reverse("imports:lines", args=[0]) + "?token=none",
    ),
}
