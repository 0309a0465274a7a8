"""Walk every URL of the portal as every role, and check the answer."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ["anonymous", "outsider", "guest", "member", "chair", "officer", "superuser"]
OK, LOGIN, DENIED, NOT_ALLOWED = 200, "login", 403, 405

# name -> (method, expected answer by role). The meeting fixture is a draft.
EXPECTED = {
    "home": ("get", dict.fromkeys(ROLES[1:], 302) | {"anonymous": LOGIN}),
    "login": (
        "get",
        dict.fromkeys(ROLES, OK)
        | {
            role: 302
            for role in ROLES[1:]  # signed in already: sent on
        },
    ),
    "logout": ("post", dict.fromkeys(ROLES, 302)),
    "healthz": ("get", dict.fromkeys(ROLES, OK)),
    "meetings:list": ("get", dict.fromkeys(ROLES, OK) | {"anonymous": LOGIN}),
    "meetings:detail": (
        "get",
        {
            "anonymous": LOGIN,
            "outsider": DENIED,
            "guest": DENIED,
            "member": OK,
            "chair": OK,
            "officer": OK,
            "superuser": OK,
        },
    ),
}


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
    assert set(named_patterns()) == set(EXPECTED)


def url_for(name, meeting):
    from django.urls import reverse

    return reverse(name, args=[meeting.pk]) if "detail" in name else reverse(name)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_url_answers_each_role_as_expected(role_client, meeting, name, role):
    method, answers = EXPECTED[name]
    client = role_client(role)
    response = getattr(client, method)(url_for(name, meeting))
    expected = answers[role]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.url.startswith("/login/?next=")
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("name", ["meetings:list", "meetings:detail"])
def test_read_pages_refuse_other_methods(role_client, meeting, name):
    response = role_client("officer").post(url_for(name, meeting))
    assert response.status_code == NOT_ALLOWED


def test_an_unknown_meeting_is_404(role_client):
    assert role_client("officer").get("/meetings/999999/").status_code == 404
