"""Search: who finds what (confidential rows, drafts, the public edition), the filters,
the index kept current on save, and the page. Runs on SQLite (FTS5) and, with
DATABASE_URL, on PostgreSQL (full-text search)."""

import datetime

import pytest
from django.urls import reverse
from states import move_to

from actions.models import Action
from meetings.models import Attendance, Meeting, Point, PointKind
from search.backends import fts5_query
from search.models import SearchDocument
from search.queries import Filters, capped_count, search
from themes.models import Theme, ThemeTag

SECRET = "Zanzibar-walrus"  # the conftest meeting's confidential item


def found(user, query, **filters):
    return [doc.text for doc in search(user, Filters(query=query, **filters))]


@pytest.fixture
def published(meeting):
    body = meeting.body
    body.publishes_minutes = True
    body.save()
    item = meeting.items.get(number="1")
    Point.objects.create(item=item, order=2, text="The LPA Commander reported e-scooter seizures.")
    Point.objects.create(
        item=item, order=3, text="A private aardvark matter was noted.", confidential=True
    )
    move_to(meeting, "published")
    return meeting


class AnonymousUser:
    is_authenticated = False
    is_active = False
    is_superuser = False


ANONYMOUS = AnonymousUser()


@pytest.mark.parametrize("role", ["member", "chair", "officer", "superuser"])
def test_a_confidential_phrase_is_found_by_those_who_may_read_it(users, published, role):
    assert any(SECRET in text for text in found(users[role], "zanzibar walrus"))
    assert any("aardvark" in text for text in found(users[role], "aardvark"))


@pytest.mark.parametrize("role", ["guest", "outsider", "anonymous"])
def test_a_confidential_phrase_is_found_by_nobody_with_lesser_rights(users, published, role):
    user = ANONYMOUS if role == "anonymous" else users[role]
    assert found(user, "zanzibar walrus") == []
    assert found(user, "aardvark") == []
    # ...while what the public edition prints is found by them all.
    assert any("e-scooter" in text for text in found(user, "scooter"))


def test_a_drafts_text_is_not_in_anonymous_or_guest_results(users, meeting):
    meeting.body.publishes_minutes = True
    meeting.body.save()
    item = meeting.items.get(number="1")
    Point.objects.create(item=item, order=2, text="Draft wording about quokkas.")
    assert found(ANONYMOUS, "quokkas") == []
    assert found(users["guest"], "quokkas") == []
    assert found(users["outsider"], "quokkas") == []
    assert found(users["member"], "quokkas") == ["Draft wording about quokkas."]


def test_the_public_results_follow_the_lifecycle_and_the_body(users, published):
    """Documents carry their meeting's status: a withdrawal takes the minutes out of
    the public's results at once, and a body that stops publishing takes its own."""
    from meetings import lifecycle

    assert any("e-scooter" in text for text in found(ANONYMOUS, "scooter"))
    lifecycle.apply(published, "withdraw", by=None, note="Published too soon.")
    assert set(
        SearchDocument.objects.filter(meeting=published).values_list("status", flat=True)
    ) == {"approved"}
    assert found(ANONYMOUS, "scooter") == []
    assert any("e-scooter" in text for text in found(users["guest"], "scooter"))
    lifecycle.apply(published, "publish", by=None)
    assert any("e-scooter" in text for text in found(ANONYMOUS, "scooter"))
    published.body.publishes_minutes = False
    published.body.save()
    assert found(ANONYMOUS, "scooter") == []


def test_stemming_phrases_and_exclusions(users, meeting):
    item = meeting.items.get(number="1")
    Point.objects.create(item=item, order=2, text="MT reported an increase in ATM robberies.")
    Point.objects.create(item=item, order=3, text="Stop and search figures were reviewed.")
    member = users["member"]
    assert found(member, "report robbery") == ["MT reported an increase in ATM robberies."]
    assert found(member, '"stop and search"') == ["Stop and search figures were reviewed."]
    assert found(member, "figures -search") == []
    assert len(found(member, "robberies or figures")) == 2


def test_the_speaker_filter_matches_initials_whole_and_names_in_part(users, meeting):
    item = meeting.items.get(number="1")
    akt = Attendance.objects.create(meeting=meeting, initials="AKt", name="Amy Kettle", order=3)
    point = Point.objects.create(item=item, order=2, text="Minutes taken by the clerk.")
    point.speakers.add(akt)
    member = users["member"]
    assert found(member, "", speaker="AKt") == ["Minutes taken by the clerk."]
    assert found(member, "", speaker="Kettle") == ["Minutes taken by the clerk."]
    assert "Minutes taken by the clerk." not in found(member, "", speaker="AK/1")
    assert found(member, "everyone", speaker="AK/1") == ["AK/1 Welcomed everyone."]


def test_the_theme_item_kind_and_action_filters(users, meeting):
    item = meeting.items.get(number="1")
    theme = Theme.objects.create(body=meeting.body, name="Hate crime")
    tagged = Point.objects.create(item=item, order=2, text="Hate crime reporting went up.")
    Point.objects.create(item=item, order=3, text="Hate crime is not tagged here.")
    ThemeTag.objects.create(theme=theme, point=tagged, meeting=meeting)
    Point.objects.create(
        item=item, order=4, text="RESOLVED that hate crime data is shared.", kind=PointKind.DECISION
    )
    Action.objects.create(item=item, description="NS to share hate crime data.")
    member = users["member"]
    assert found(member, "hate crime", theme_id=theme.pk) == ["Hate crime reporting went up."]
    assert found(member, "hate", kind="decision") == ["RESOLVED that hate crime data is shared."]
    assert found(member, "hate", kind="action", action_state="open") == [
        "NS to share hate crime data."
    ]
    assert found(member, "hate", kind="action", action_state="closed") == []
    assert found(member, "", item="Case review", kind="point") == ["Zanzibar-walrus case details."]
    assert found(users["guest"], "", item="Case review") == []


def test_the_index_follows_each_save_and_delete(users, meeting):
    item = meeting.items.get(number="1")
    point = Point.objects.create(item=item, order=2, text="Talk of narwhals.")
    member = users["member"]
    assert found(member, "narwhals") == ["Talk of narwhals."]
    point.text = "Talk of manatees."
    point.save()
    assert found(member, "narwhals") == []
    assert found(member, "manatees") == ["Talk of manatees."]
    point.delete()
    assert found(member, "manatees") == []
    assert not SearchDocument.objects.filter(source="point", object_id=point.pk).exists()


def test_making_an_item_confidential_hides_its_points_from_guests(users, meeting):
    move_to(meeting, "approved")
    assert found(users["guest"], "everyone") == ["AK/1 Welcomed everyone."]
    item = meeting.items.get(number="1")
    from meetings.models import amendment

    with amendment(meeting.pk):
        item.confidential = True
        item.save()
    assert found(users["guest"], "everyone") == []
    assert found(users["member"], "everyone") == ["AK/1 Welcomed everyone."]


def test_indexing_a_point_costs_the_same_whatever_the_size_of_the_minutes(
    meeting, django_assert_max_num_queries
):
    item = meeting.items.get(number="1")
    Point.objects.bulk_create(
        Point(item=item, order=10 + n, text=f"Filler point {n}.") for n in range(200)
    )
    point = Point.objects.create(item=item, order=500, text="One more point.")
    point.text = "One more point, changed."
    # The lock check (3), the save and its history row (2), the index (4 on SQLite:
    # the row, its speakers, the document, the FTS row; 1 on PostgreSQL, _points_sql).
    from django.db import connection

    with django_assert_max_num_queries(9 if connection.vendor == "sqlite" else 6):
        point.save()


def test_a_broad_search_counts_no_further_than_the_cap(users, meeting):
    item = meeting.items.get(number="1")
    Point.objects.bulk_create(
        Point(item=item, order=10 + n, text=f"Common word {n}.") for n in range(30)
    )
    from search.indexing import index_meeting

    index_meeting(meeting)
    results = search(users["member"], Filters(query="common"))
    assert capped_count(results, cap=10) == (10, True)
    assert capped_count(results, cap=100) == (30, False)


def test_a_moved_meeting_date_moves_in_the_index(users, meeting):
    Meeting.objects.filter(pk=meeting.pk).first()
    meeting.date = datetime.date(2022, 4, 1)
    meeting.save()
    assert set(SearchDocument.objects.filter(meeting=meeting).values_list("date", flat=True)) == {
        datetime.date(2022, 4, 1)
    }
    assert found(users["member"], "everyone", date_from=datetime.date(2022, 3, 31)) == [
        "AK/1 Welcomed everyone."
    ]
    assert found(users["member"], "everyone", date_to=datetime.date(2022, 3, 31)) == []


@pytest.mark.parametrize(
    "typed, query",
    [
        ("scooter", '("scooter")'),
        ('"stop and search" -drugs', '(("stop and search")) NOT ("drugs")'),
        ("a or b", '("a") OR ("b")'),
        ('NEAR( AND " * ^', '("NEAR" AND "AND")'),
        ("-only", ""),
        ("", ""),
    ],
)
def test_typed_words_never_reach_fts5_as_syntax(typed, query):
    assert fts5_query(typed) == query


# --- The page ------------------------------------------------------------------


def test_the_page_shows_highlighted_results_linking_to_the_point(role_client, meeting):
    point = meeting.items.get(number="1").points.get()
    response = role_client("member").get(reverse("search:index"), {"q": "everyone"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 result" in html
    assert "<mark>everyone</mark>" in html
    assert f"/meetings/{meeting.pk}/#point-{point.pk}" in html


def test_htmx_gets_only_the_results(role_client, meeting):
    response = role_client("member").get(
        reverse("search:index"), {"q": "everyone"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert 'id="search-count"' in html
    assert "<html" not in html


def test_anonymous_results_link_to_the_public_edition(client, published):
    response = client.get(reverse("search:index"), {"q": "scooter"})
    html = response.content.decode()
    assert reverse("publishing:public_print", args=[published.pk]) in html
    assert SECRET not in html and "aardvark" not in html


def test_a_snippet_is_escaped(role_client, meeting):
    item = meeting.items.get(number="1")
    Point.objects.create(item=item, order=2, text="<script>alert('x')</script> tapir")
    html = role_client("member").get(reverse("search:index"), {"q": "tapir"}).content.decode()
    assert "<script>alert" not in html
    assert "<mark>tapir</mark>" in html  # PostgreSQL's headline drops the tags; FTS5 escapes


def test_a_bad_date_range_is_an_error_beside_the_field(role_client, meeting):
    response = role_client("member").get(
        reverse("search:index"), {"q": "x", "date_from": "2022-05-01", "date_to": "2022-01-01"}
    )
    assert "The end date must not be before the start date." in response.content.decode()


def test_the_search_page_reads_a_fixed_number_of_queries(
    role_client, meeting, django_assert_max_num_queries
):
    item = meeting.items.get(number="1")
    Point.objects.bulk_create(
        Point(item=item, order=10 + n, text=f"Repeated walrus {n}.") for n in range(40)
    )
    from search.indexing import index_meeting

    index_meeting(meeting)
    client = role_client("member")
    with django_assert_max_num_queries(14):
        response = client.get(reverse("search:index"), {"q": "walrus"})
    assert "21 results" not in response.content.decode()


def test_rebuilding_the_index_finds_what_bulk_writes_left_out(users, meeting):
    from django.core.management import call_command

    item = meeting.items.get(number="1")
    Point.objects.bulk_create([Point(item=item, order=9, text="Bulk-written pangolin.")])
    assert found(users["member"], "pangolin") == []
    call_command("rebuild_search_index", stdout=__import__("io").StringIO())
    assert found(users["member"], "pangolin") == ["Bulk-written pangolin."]
    assert any(SECRET in text for text in found(users["member"], "walrus"))


def test_an_import_and_a_filled_agenda_are_indexed(users, meeting, body):
    from meetings.models import AgendaItem as Item
    from meetings.services import fill_agenda
    from members.models import StandardItem

    StandardItem.objects.create(body=body, order=1, title="Wombat watch", lead="")
    fresh = Meeting.objects.create(
        body=body, date=datetime.date(2022, 6, 1), start_time=datetime.time(18), status="draft"
    )
    fill_agenda(meeting=fresh, source="standard")
    assert Item.objects.filter(meeting=fresh, title="Wombat watch").exists()
    assert found(users["member"], "wombat") == ["1 Wombat watch"]


def test_a_renamed_person_leaves_the_index(users, meeting):
    from members.models import Person

    person = Person.objects.create(name="Philippa Quetzal")
    attendee = Attendance.objects.create(meeting=meeting, initials="PQ", person=person, order=5)
    point = Point.objects.create(item=meeting.items.get(number="1"), order=2, text="PQ spoke.")
    point.speakers.add(attendee)
    assert found(users["member"], "", speaker="Quetzal") == ["PQ spoke."]
    person.name = "Erased person"
    person.save()
    assert found(users["member"], "quetzal") == []
    assert found(users["member"], "", speaker="Quetzal") == []


def _document_fields(document) -> dict:
    from search.indexing import FIELDS

    return {field: getattr(document, field) for field in ["source", "object_id", *FIELDS]}


def test_a_point_is_indexed_as_the_builder_makes_its_document(users, meeting):
    """PostgreSQL indexes points in one statement (search/indexing.py, _points_sql);
    what it stores is what `point_documents` builds, on either database."""
    from members.models import Person
    from search.indexing import index_rows, point_documents

    item = meeting.items.get(number="1")
    person = Person.objects.create(name="Ravi Osei")
    named = Attendance.objects.create(meeting=meeting, initials="RO", person=person, order=7)
    typed = Attendance.objects.create(meeting=meeting, initials="TW", name="Tess Wren", order=6)
    point = Point.objects.create(
        item=item, order=2, text="RESOLVED to review.", kind=PointKind.DECISION, confidential=True
    )
    point.speakers.add(named, typed)
    plain = Point.objects.create(item=item, order=3, text="Nobody spoke.")
    index_rows(Point, [point.pk, plain.pk])
    for row in (point, plain):
        (built,) = point_documents(Point.objects.filter(pk=row.pk))
        stored = SearchDocument.objects.get(source="point", object_id=row.pk)
        assert _document_fields(stored) == _document_fields(built)
    assert SearchDocument.objects.get(object_id=point.pk, source="point").speakers == (
        "|TW|Tess Wren|RO|Ravi Osei|"
    )
    assert found(users["member"], "", speaker="Osei") == ["RESOLVED to review."]


def test_indexing_an_unchanged_point_writes_nothing(meeting):
    from django.db import connection

    from search.indexing import index_rows

    if connection.vendor != "postgresql":
        pytest.skip("the row version (ctid) is PostgreSQL's")
    point = Point.objects.create(item=meeting.items.get(number="1"), order=2, text="Unchanged.")

    def version():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT ctid::text FROM search_searchdocument "
                "WHERE source = 'point' AND object_id = %s",
                [point.pk],
            )
            return cursor.fetchone()[0]

    before = version()
    index_rows(Point, [point.pk])
    assert version() == before
    Point.objects.filter(pk=point.pk).update(text="Changed.")
    index_rows(Point, [point.pk])
    assert version() != before
    assert found_text(point) == "Changed."


def found_text(point):
    return SearchDocument.objects.get(source="point", object_id=point.pk).text


def test_indexing_a_point_gone_drops_its_document(meeting):
    from search.indexing import index_rows

    point = Point.objects.create(item=meeting.items.get(number="1"), order=2, text="Soon gone.")
    pk = point.pk
    Point.objects.filter(pk=pk).delete()  # a queryset delete: no signal
    index_rows(Point, [pk])
    assert not SearchDocument.objects.filter(source="point", object_id=pk).exists()


def _postgres_only():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the public flag and its partial indexes are PostgreSQL's")


def _public(meeting) -> set[bool]:
    return set(SearchDocument.objects.filter(meeting=meeting).values_list("public", flat=True))


def test_the_public_flag_follows_the_lifecycle_the_item_and_the_body(published):
    """The trigger sets `public` on every write (migration 0007): published, nothing
    confidential, the body publishing its minutes."""
    _postgres_only()
    from meetings import lifecycle
    from meetings.models import amendment

    def flag(text):
        return SearchDocument.objects.get(text=text).public

    scooter = "The LPA Commander reported e-scooter seizures."
    assert flag(scooter) is True
    assert flag("A private aardvark matter was noted.") is False
    assert not any(
        SearchDocument.objects.filter(text__contains=SECRET).values_list("public", flat=True)
    )
    lifecycle.apply(published, "withdraw", by=None, note="Published too soon.")
    assert _public(published) == {False}
    lifecycle.apply(published, "publish", by=None)
    assert flag(scooter) is True
    item = published.items.get(number="1")
    with amendment(published.pk):
        item.confidential = True
        item.save()
    assert flag(scooter) is False
    with amendment(published.pk):
        item.confidential = False
        item.save()
    assert flag(scooter) is True
    published.body.publishes_minutes = False
    published.body.save()
    assert _public(published) == {False}
    published.body.publishes_minutes = True
    published.body.save()
    assert flag(scooter) is True


def test_a_stale_public_flag_hides_and_never_shows(users, published):
    """A body's flag changed by a queryset update sends no signal: the documents keep
    public = true, and the searches still test the body's own flag."""
    _postgres_only()
    from members.models import Body

    Body.objects.filter(pk=published.body_id).update(publishes_minutes=False)
    assert True in _public(published)
    assert found(ANONYMOUS, "scooter") == []
    assert found(users["outsider"], "scooter") == []
    assert any("e-scooter" in text for text in found(users["member"], "scooter"))


@pytest.mark.parametrize(
    "role", ["member", "chair", "officer", "superuser", "guest", "outsider", "anonymous"]
)
def test_the_readable_parts_are_the_readable_documents(users, published, role):
    """What PostgreSQL searches part by part is exactly what the rules let the reader
    read, no more, no less (a draft of the same body beside the published minutes)."""
    from meetings.models import AgendaItem
    from search.queries import readable_documents, readable_parts

    draft = Meeting.objects.create(
        body=published.body, date=datetime.date(2022, 5, 4), start_time=datetime.time(18)
    )
    move_to(draft, "draft")
    item = AgendaItem.objects.create(meeting=draft, order=1, number="1", title="Quokkas")
    Point.objects.create(item=item, order=1, text="Draft quokka.")
    user = ANONYMOUS if role == "anonymous" else users[role]
    parts = [set(part.values_list("pk", flat=True)) for part in readable_parts(user)]
    union = set().union(*parts)
    assert sum(len(part) for part in parts) == len(union)  # disjoint
    assert union == set(readable_documents(user).values_list("pk", flat=True))


@pytest.mark.parametrize("role", ["member", "superuser", "anonymous"])
def test_the_ranked_window_is_the_newest_readable_matches(users, published, monkeypatch, role):
    """PostgreSQL ranks the newest RANK_WINDOW readable matches, read part by part in one
    query: the same rows as the newest matches of `readable_documents`."""
    _postgres_only()
    from meetings.models import AgendaItem
    from search import backends
    from search.queries import readable_documents

    draft = Meeting.objects.create(
        body=published.body, date=datetime.date(2030, 5, 4), start_time=datetime.time(18)
    )
    move_to(draft, "draft")
    item = AgendaItem.objects.create(meeting=draft, order=1, number="1", title="Okapis")
    for n in range(3):
        Point.objects.create(item=item, order=n, text=f"Okapi sighting {n} in the draft.")
    from meetings.models import amendment

    with amendment(published.pk):
        for n in range(3):
            Point.objects.create(
                item=published.items.get(number="1"), order=10 + n, text=f"Okapi sighting {n}."
            )
    monkeypatch.setattr(backends, "RANK_WINDOW", 4)
    user = ANONYMOUS if role == "anonymous" else users[role]
    expected = list(
        readable_documents(user)
        .filter(text__icontains="okapi")
        .order_by("-date", "-id")
        .values_list("pk", flat=True)[:4]
    )
    got = search(user, Filters(query="okapi"))
    assert sorted(doc.pk for doc in got) == sorted(expected)
    assert len(expected) == (3 if role == "anonymous" else 4)
