"""The admin's lists stay quick on a national install: no count of the whole table,
no COUNT(DISTINCT) over joins, the People list by EXISTS, point text searched through
a trigram index on PostgreSQL."""

import datetime
import re

import pytest
from django.contrib import admin
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iag_portal.admin import OfficerAdmin
from meetings.models import Attendance, Meeting
from members.models import Membership, Person


def sql_of(client, url, **query):
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
    assert response.status_code == 200
    return response, [q["sql"].upper() for q in queries.captured_queries]


def test_no_admin_list_counts_the_whole_table():
    officer_admins = [a for a in admin.site._registry.values() if isinstance(a, OfficerAdmin)]
    assert officer_admins
    assert all(a.show_full_result_count is False for a in officer_admins)


def test_the_meetings_list_counts_items_without_count_distinct(role_client, meeting, body):
    client = role_client("superuser")
    Meeting.objects.create(body=body, date=datetime.date(2022, 4, 1), start_time=datetime.time(18))
    response, queries = sql_of(client, reverse("admin:meetings_meeting_changelist"))
    assert not any("COUNT(DISTINCT" in sql for sql in queries)
    html = response.content.decode()
    assert '<td class="field-item_count">2</td>' in html  # the fixture meeting's two items
    assert '<td class="field-item_count">0</td>' in html


def test_the_officers_people_list_reads_by_exists_not_an_or_across_joins(
    role_client, meeting, body, other_body
):
    ours = Person.objects.create(name="Ours by membership")
    Membership.objects.create(person=ours, body=body, initials="OM", position="IAG Member")
    attended = Person.objects.create(name="Ours by attendance")
    Attendance.objects.create(meeting=meeting, person=attended, initials="OA", role="Guest")
    Person.objects.create(name="Just added")
    theirs = Person.objects.create(name="Another body's")
    Membership.objects.create(person=theirs, body=other_body, initials="AB", position="Member")

    response, queries = sql_of(role_client("officer"), reverse("admin:members_person_changelist"))
    html = response.content.decode()
    for name in ("Ours by membership", "Ours by attendance", "Just added"):
        assert name in html
    assert "Another body&#x27;s" not in html and "Another body's" not in html
    people = [sql for sql in queries if 'FROM "MEMBERS_PERSON"' in sql]
    assert people and all("DISTINCT" not in sql and "EXISTS" in sql for sql in people)


def test_point_text_is_searched_through_a_trigram_index_on_postgresql(db):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'point_text_upper_trgm_idx'"
            )
            (definition,) = cursor.fetchone()
            assert "gin (upper(text) gin_trgm_ops)" in definition
        else:
            # SQLite has no trigram index; the migration leaves it alone.
            cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE '%trgm%'")
            assert cursor.fetchall() == []


@pytest.mark.parametrize(
    "name",
    ["meetings_meeting", "meetings_agendaitem", "actions_action", "members_person"],
)
def test_admin_lists_search_and_page_without_error(role_client, meeting, name):
    url = reverse(f"admin:{name}_changelist")
    response = role_client("superuser").get(url, {"q": "walrus", "p": "0"})
    assert response.status_code == 200


def test_searching_point_text_needs_no_join_and_no_distinct(role_client, meeting):
    client = role_client("officer")
    url = reverse("admin:meetings_agendaitem_changelist")
    response, queries = sql_of(client, url, q='"Zanzibar-walrus case"')
    html = response.content.decode()
    assert "Case review" in html and "Welcome and Introductions" not in html
    items = [sql for sql in queries if 'FROM "MEETINGS_AGENDAITEM"' in sql]
    assert items and not any("DISTINCT" in sql for sql in items)
    assert not any('LEFT OUTER JOIN "MEETINGS_POINT"' in sql for sql in items)
    # Every word must match somewhere: in the title, the lead or a point.
    response, _ = sql_of(client, url, q="case JH")
    assert "Case review" in response.content.decode()
    response, _ = sql_of(client, url, q="case nobody")
    assert "Case review" not in response.content.decode()


def test_item_title_and_lead_have_trigram_indexes_on_postgresql(db):
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE '%trgm%'")
            assert cursor.fetchall() == []
            return
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'meetings_agendaitem'"
            " AND indexname LIKE '%trgm%'"
        )
        definitions = dict(cursor.fetchall())
    assert (
        "gin (upper((title)::text) gin_trgm_ops)" in definitions["agendaitem_title_upper_trgm_idx"]
    )
    assert "gin (upper((lead)::text) gin_trgm_ops)" in definitions["agendaitem_lead_upper_trgm_idx"]


def test_a_word_is_looked_for_in_each_field_by_one_union_of_ids(role_client, meeting):
    """The item's own fields in one condition, the points' text in a subquery, one UNION:
    no OR over a semi-join, which PostgreSQL could answer only by reading every item."""
    client = role_client("officer")
    url = reverse("admin:meetings_agendaitem_changelist")
    response, queries = sql_of(client, url, q="walrus")
    items = [sql for sql in queries if 'FROM "MEETINGS_AGENDAITEM"' in sql]
    assert any(" UNION " in sql and "MEETINGS_POINT" in sql for sql in items)
    assert "Case review" in response.content.decode()
    response, _ = sql_of(client, url, q="Introductions")  # in a title only
    assert "Welcome and Introductions" in response.content.decode()


def _body_links(html, path="body__id__exact"):
    """The body ids the body filter links to (none if it is not shown)."""
    if 'data-filter-title="body"' not in html:
        return set()
    block = html.split('data-filter-title="body"', 1)[1].split("</details>", 1)[0]
    return {int(pk) for pk in re.findall(rf'href="\?{path}=(\d+)"', block)}


def test_an_officer_is_offered_only_their_own_bodies_in_a_list_filter(
    role_client, users, meeting, body, other_body
):
    from members.models import Body, Role

    third = Body.objects.create(name="Third & Co", short_name="Third", slug="third")
    client = role_client("officer")
    url = reverse("admin:meetings_meeting_changelist")
    # One body: nothing to choose between, so no body filter.
    html = client.get(url).content.decode()
    assert _body_links(html) == set() and 'data-filter-title="body"' not in html
    Membership.objects.create(
        person=users["officer"].person, body=other_body, initials="OF", role=Role.OFFICER
    )
    html = client.get(url).content.decode()
    assert _body_links(html) == {body.pk, other_body.pk}
    actions = client.get(reverse("admin:actions_action_changelist")).content.decode()
    assert _body_links(actions, "item__meeting__body__id__exact") == {body.pk, other_body.pk}
    assert third.short_name not in html


def test_a_superusers_body_filter_links_every_body_and_marks_the_chosen_one(
    role_client, meeting, body, other_body
):
    from members.models import Body

    Body.objects.create(name="Third & Co", short_name="Third <&>", slug="third")
    url = reverse("admin:meetings_meeting_changelist")
    html = role_client("superuser").get(url, {"body__id__exact": body.pk}).content.decode()
    assert len(_body_links(html)) == 3
    assert f'<li class="selected"><a href="?body__id__exact={body.pk}">' in html
    assert "Third &lt;&amp;&gt;" in html and "Third <&>" not in html
    assert '<li><a href="?">All</a></li>' in html


def test_no_admin_list_offers_facet_counts():
    """ "Show counts" beside a filter of 400 bodies would be 400 filtered COUNTs."""
    officer_admins = [a for a in admin.site._registry.values() if isinstance(a, OfficerAdmin)]
    assert all(a.show_facets is admin.ShowFacets.NEVER for a in officer_admins)


def test_each_rows_checkbox_is_written_as_django_writes_it(meeting):
    from django.test import SimpleTestCase

    meeting.topic = 'Stop & "search" <review>'
    model_admin = admin.site._registry[Meeting]
    SimpleTestCase().assertHTMLEqual(
        str(model_admin.action_checkbox(meeting)),
        str(admin.ModelAdmin.action_checkbox(model_admin, meeting)),
    )


def test_a_changelist_renders_no_widget_template_per_row(role_client, meeting, body):
    for day in range(1, 6):
        Meeting.objects.create(
            body=body, date=datetime.date(2022, 5, day), start_time=datetime.time(18)
        )
    response = role_client("officer").get(reverse("admin:meetings_meeting_changelist"))
    assert response.content.decode().count('class="action-select"') == 6
    assert "django/forms/widgets/checkbox.html" not in [t.name for t in response.templates]
