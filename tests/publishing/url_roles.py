"""The printed editions of the URL walk's draft meeting: its members may read both.

Guests and outsiders may not see a draft at all; anonymous visitors are sent to
sign in (the public edition only opens to them once the minutes are published,
which test_access.py covers).
"""

from django.urls import reverse
from url_roles import MEMBERS_READ, Route

ROUTES = {
    f"publishing:{edition}_{kind}": Route(
        MEMBERS_READ,
        lambda ctx, name=f"publishing:{edition}_{kind}": reverse(name, args=[ctx.meeting.pk]),
    )
    for edition in ("members", "public")
    for kind in ("print", "pdf", "docx")
}
