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
    "imports:step": Route(
        by_role(DENIED, officer=302, superuser=302),
        lambda ctx: reverse("imports:step"),
        method="post",
        data=lambda ctx: {"token": "none"},
    ),
    "imports:lines": Route(
        by_role(DENIED, officer=302, superuser=302),
        lambda ctx: reverse("imports:lines", args=[0]) + "?token=none",
    ),
}
