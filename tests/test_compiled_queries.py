"""The queries every signed-in request asks (its user, their memberships and each
body's MFA policy) are compiled to SQL once per worker and answer exactly what the
ORM's queryset answers; a signed-in request asks no separate policy query."""

import datetime

from conftest import make_user
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import BodyPolicy
from accounts.policy import mfa_required
from iag_portal import compiled
from iag_portal.compiled import Compiled
from members import permissions
from members.models import Membership, Person, Role


def fresh(user):
    """The user as a new request reads them: nothing remembered of the last one."""
    return get_user_model().objects.get(pk=user.pk)


def orm_memberships(user, on):
    return {
        body_id: (role, flag)
        for body_id, role, flag in Membership.objects.current(on)
        .filter(person__user=user)
        .values_list("body_id", "role", "body__officers_edit_programme")
    }


def test_the_compiled_memberships_are_the_orms(users, body, other_body):
    member = users["member"]
    other_body.officers_edit_programme = True
    other_body.save()
    Membership.objects.create(
        body=other_body, person=member.person, role=Role.OFFICER, position="Officer", initials="ME"
    )
    # An ended membership is not current; one starting tomorrow not yet.
    today = datetime.date.today()
    ended = Person.objects.create(name="Ended", user=make_user("ended"))
    Membership.objects.create(
        body=body, person=ended, role=Role.CHAIR, initials="EN", end_date=today.replace(year=2000)
    )
    for user in (member, users["officer"], users["guest"], users["outsider"], ended.user):
        assert permissions._memberships(fresh(user)) == orm_memberships(user, today)
    roles = permissions._memberships(fresh(member))
    assert roles == {body.pk: (Role.MEMBER, False), other_body.pk: (Role.OFFICER, True)}
    assert all(type(flag) is bool for _role, flag in roles.values())
    assert permissions._memberships(fresh(ended.user)) == {}


def test_a_bodys_mfa_policy_comes_with_the_memberships(users, body, other_body):
    member = users["member"]
    assert not mfa_required(fresh(member))
    BodyPolicy.objects.create(body=other_body, members_require_mfa=True)
    assert not mfa_required(fresh(member))  # not a member of the other body
    BodyPolicy.objects.create(body=body, members_require_mfa=False)
    assert not mfa_required(fresh(member))
    BodyPolicy.objects.filter(body=body).update(members_require_mfa=True)
    reader = fresh(member)
    with CaptureQueriesContext(connection) as queries:
        assert mfa_required(reader)
        assert permissions.bodies_requiring_mfa(reader) == {body.pk}
    assert len(queries) == 1 and "accounts_bodypolicy" in queries[0]["sql"]
    assert not mfa_required(fresh(users["outsider"]))
    # An ended membership takes its body's policy with it.
    Membership.objects.filter(person=member.person).update(end_date=datetime.date(2000, 1, 1))
    assert not mfa_required(fresh(member))


def test_a_signed_in_page_asks_no_policy_query_of_its_own(client, users, meeting):
    client.force_login(users["member"])
    client.get(reverse("meetings:list"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("meetings:list")).status_code == 200
    sql = [q["sql"] for q in queries]
    assert not any(s.startswith('SELECT 1 AS "a" FROM "accounts_bodypolicy"') for s in sql)
    assert sum('FROM "members_membership"' in s for s in sql) == 1


def test_a_shape_is_compiled_once_and_asked_with_each_calls_values(users, body, other_body):
    built = []

    def build(user_ids, on):
        built.append((user_ids, on))
        return (
            Membership.objects.current(on)
            .filter(person__user_id__in=user_ids)
            .select_related("body")
            .order_by("initials")
        )

    today = datetime.date.today()
    ids = [users["member"].pk, users["chair"].pk]
    first = Compiled("test", build, ids, today).fetch()
    assert [(m.initials, m.body.short_name) for m in first] == [
        ("CH", "Test IAG"),
        ("ME", "Test IAG"),
    ]
    assert first[0]._state.db == "default" and not first[0]._state.adding
    with CaptureQueriesContext(connection) as queries:
        again = Compiled("test", build, [users["guest"].pk, users["officer"].pk], today).fetch()
        assert again[0].body.name == body.name  # select_related: no query of its own
    assert [m.initials for m in again] == ["GU", "OF"] and len(queries) == 1
    assert Compiled("test", build, ids, datetime.date(2000, 1, 1)).fetch() == first
    # Compiled once (with two sets of probe values, which must give the same SQL).
    assert len(built) == 2 and today not in (built[0][1], built[1][1])
    # Another number of values is another shape; the filters and slices of a page too.
    assert len(Compiled("test", build, [users["guest"].pk], today)) == 1
    page = Compiled("test", build, ids, today).filter(role="member", initials__gt="A")[:5]
    with CaptureQueriesContext(connection) as queries:
        assert [m.initials for m in page] == ["ME"] and len(built) == 6  # two shapes more
        assert len(page) == 1 and list(page) == list(page)
    assert len(queries) == 1  # asked once, as a QuerySet is


def test_what_cannot_be_compiled_is_asked_of_the_orm(users):
    def build(value):
        return Membership.objects.filter(initials__icontains=value).values_list("initials")

    # The probe never reaches the SQL as itself (it is wrapped in %...%): run by the ORM.
    assert Compiled("test-orm", build, "me").fetch() == [("ME",)]
    assert Compiled("test-orm", build, "gu").fetch() == [("GU",)]
    assert (
        Compiled("test-none", lambda ids: Membership.objects.filter(pk__in=ids), []).fetch() == []
    )
    by_name = {key[2][0]: value for key, value in compiled._compiled.items()}
    assert by_name["test-orm"] is None and by_name["test-none"] is None


def test_compiled_queries_answer_as_the_orm_for_every_reader_of_the_meetings_list(
    users, meeting, other_body
):
    from meetings.models import Meeting
    from meetings.queries import listed_meetings

    Meeting.objects.create(body=other_body, date=datetime.date(2022, 5, 1), start_time="18:00")
    for name in ("member", "officer", "guest", "outsider", "superuser"):
        user = fresh(users[name])
        orm = permissions.visible_meetings(user, Meeting.objects.all()).order_by("pk")
        listed = listed_meetings(user).order_by("pk")
        assert [(m.pk, m.status, m.body.short_name) for m in listed] == [
            (m.pk, m.status, m.body.short_name) for m in orm
        ], name


def test_a_value_made_from_an_argument_is_never_frozen_into_the_sql(users):
    """`istartswith` makes a LIKE pattern of its value, a date plus a week another date:
    such a shape is run by the ORM, whose answer is right."""
    import datetime as dt

    from iag_portal.compiled import Compiled

    def named(prefix):
        return get_user_model().objects.filter(username__istartswith=prefix).order_by("pk")

    def joined_before(day):
        return (
            get_user_model()
            .objects.filter(date_joined__lt=day + dt.timedelta(days=7))
            .order_by("pk")
        )

    for prefix in ("mem", "off"):
        assert [u.username for u in Compiled("named", named, prefix).fetch()] == [
            u.username for u in named(prefix)
        ]
    far = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
    assert len(Compiled("joined", joined_before, far).fetch()) == len(users)


def test_an_argument_of_the_wrong_type_is_run_by_the_orm(users):
    from iag_portal.compiled import Compiled

    def by_id(pk):
        return get_user_model().objects.filter(pk=pk)

    member = users["member"]
    assert Compiled("by id", by_id, str(member.pk)).fetch() == [member]
    assert Compiled("by id", by_id, member.pk).fetch() == [member]
