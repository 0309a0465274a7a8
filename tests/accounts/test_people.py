"""The officer's People page: members, their sign-in state, invitations; flat queries."""

from conftest import make_user
from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_takes_the_same_queries_for_more_members(role_client, body):
    client = role_client("officer")
    url = f"/accounts/{body.pk}/people/"
    for n in range(3):
        make_user(f"extra{n}", body=body, role="member", initials=f"X{chr(65 + n)}")
    queries_for(client, url)  # warm: a session's first page caches it and notes its second factor
    few = queries_for(client, url)
    for n in range(3, 15):
        make_user(f"extra{n}", body=body, role="member", initials=f"X{chr(65 + n)}")
    assert queries_for(client, url) == few


def test_it_lists_current_members_only(role_client, body, users):
    from members.models import Membership

    Membership.objects.filter(person__user=users["guest"]).update(end_date="2020-01-01")
    page = role_client("officer").get(f"/accounts/{body.pk}/people/")
    members = page.text.split('id="invitations"')[0]
    assert 'id="membership-' in members
    assert ">Member<" in members and ">Guest<" not in members
