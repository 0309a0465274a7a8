"""What the editor costs the server (issue 20): an autosave's queries, the editor page's
cached rows. Behaviour is tested in test_editor_views.py; here, that it stays cheap."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from states import move_to

from meetings.models import Attendance, Meeting, MeetingStatus

ROW_READ = 'SELECT "meetings_attendance"."id", "meetings_attendance"."version"'


@pytest.fixture
def officer(role_client):
    return role_client("officer")


def save_point(client, meeting, point, **changes):
    url = reverse("meetings:row_save", args=[meeting.pk, "point", point.pk])
    data = {"version": point.version, "kind": point.kind, "text": point.text, "speakers_text": ""}
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data | changes)
    return response, [q["sql"] for q in queries.captured_queries]


def second_save(client, meeting, text):
    """Item 1's point saved once (the session warm), then saved with `text`."""
    point = meeting.items.get(number="1").points.get()
    save_point(client, meeting, point, text="AK/1 Welcomed everyone.")
    point.refresh_from_db()
    response, queries = save_point(client, meeting, point, text=text)
    assert response.status_code == 200
    return point, response, queries


def test_an_autosave_reads_the_point_once_and_no_register_it_has_no_part_in(officer, meeting):
    _point, _response, queries = second_save(officer, meeting, "AK/1 welcomed all.")
    # The view's read of the point (the lock guard and the search index read it on their own).
    view_reads = [
        q
        for q in queries
        if q.startswith('SELECT "meetings_point"."id", "meetings_point"."version"')
        and "decision" in q
    ]
    assert len(view_reads) == 1
    assert not [q for q in queries if 'FROM "committee_decision"' in q]  # not a decision
    # The lock on agreed minutes asked once: the stored row read with its meeting's status
    # (the form's check knows the row was not moved; no second read of the meeting).
    lock_reads = [q for q in queries if '"meetings_meeting"."status" AS' in q]
    assert len(lock_reads) == 1
    assert not [q for q in queries if 'DISTINCT "meetings_agendaitem"."meeting_id"' in q]
    assert len(queries) <= 20


def test_a_save_that_changes_the_speakers_indexes_the_point_once_as_saved(officer, meeting):
    from search.models import SearchDocument, Source

    point, response, queries = second_save(officer, meeting, "LH sent apologies.")
    assert response.json()["people"] == "LH"  # the speakers changed: AK/1 out, LH in
    # One write of the point's search document: the ORM's upsert, or on PostgreSQL the
    # one statement that reads the point and writes its document (search/indexing.py).
    writes = [
        q
        for q in queries
        if 'INSERT INTO "search_searchdocument"' in q or "INSERT INTO search_searchdocument" in q
    ]
    assert len(writes) == 1
    document = SearchDocument.objects.get(source=Source.POINT, object_id=point.pk)
    assert (document.text, document.speakers) == ("LH sent apologies.", "|LH|")


def test_an_autosave_without_initials_does_not_read_the_attendance(officer, meeting):
    point = meeting.items.get(number="1").points.get()
    response, queries = save_point(officer, meeting, point, text="Everyone was welcomed.")
    assert response.status_code == 200
    assert not [q for q in queries if q.startswith(ROW_READ)]


def test_the_saved_speakers_are_answered_in_the_order_the_database_holds_them(officer, meeting):
    Attendance.objects.create(meeting=meeting, initials="MH", role="TVP Inspector", order=5)
    point = meeting.items.get(number="1").points.get()
    response, _queries = save_point(officer, meeting, point, speakers_text="MH, ak/1")
    stored = ", ".join(a.initials for a in point.speakers.all())
    assert stored == "AK/1, MH"
    assert response.json()["people"] == stored
    assert response.json()["fields"]["speakers_text"] == stored


# --- The editor page: each item rendered once per state -------------------------


def editor(client, meeting):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("meetings:edit", args=[meeting.pk]))
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def reads_points(queries) -> bool:
    return any(q.startswith('SELECT "meetings_point"."id"') and '"text"' in q for q in queries)


def test_an_unchanged_item_is_not_rendered_again(officer, meeting):
    first, queries = editor(officer, meeting)
    assert reads_points(queries)
    again, queries = editor(officer, meeting)
    assert not reads_points(queries)
    assert per_request_parts_out(again) == per_request_parts_out(first)


def per_request_parts_out(html: str) -> str:
    return re.sub(r'(nonce|name="csrfmiddlewaretoken" value)="[^"]*"', "", html)


def test_a_saved_point_is_shown_afresh_on_the_next_load(officer, meeting):
    editor(officer, meeting)
    point = meeting.items.get(number="1").points.get()
    save_point(officer, meeting, point, text="AK/1 thanked the hosts.")
    html, _queries = editor(officer, meeting)
    assert "AK/1 thanked the hosts." in html
    assert "AK/1 Welcomed everyone." not in html


def test_renamed_initials_are_shown_in_the_points_they_spoke_to(officer, meeting):
    editor(officer, meeting)
    chair = meeting.attendance.get(initials="AK/1")
    chair.initials = "AKC"
    chair.save()  # a new version of the attendance, not of the point
    html, _queries = editor(officer, meeting)
    assert 'name="speakers_text" value="AKC"' in html
    assert 'value="AK/1"' not in html


def test_rows_changed_without_a_new_version_of_the_point_are_shown(officer, meeting):
    from committee.models import Decision
    from meetings.models import PointSpeaker

    editor(officer, meeting)
    point = meeting.items.get(number="1").points.get()
    PointSpeaker.objects.create(point=point, attendance=meeting.attendance.get(initials="LH"))
    html, _queries = editor(officer, meeting)
    assert 'name="speakers_text" value="AK/1, LH"' in html
    Decision.objects.create(point=point, votes_for=7)  # as an import writes the register
    html, _queries = editor(officer, meeting)
    assert 'name="votes_for" value="7"' in html


def panels(client, meeting, where):
    url = reverse("meetings:editor_panels", args=[meeting.pk])
    response = client.get(url, {"in": where}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    return response.content.decode()


def earlier_action(meeting, description):
    from actions.models import Action

    earlier = Meeting.objects.create(
        body=meeting.body, date=meeting.date.replace(month=1), start_time=meeting.start_time
    )
    item = earlier.items.create(order=1, number="1", title="Earlier business")
    return Action.objects.create(item=item, description=description)


def test_the_review_items_panels_are_loaded_by_the_page_and_read_afresh_every_time(
    officer, meeting
):
    from members.models import ItemKind

    review = meeting.items.get(number="1")
    review.kind = ItemKind.PREVIOUS_MINUTES
    review.save()
    html, _queries = editor(officer, meeting)
    assert "<!--review-panels-->" not in html
    # The page asks for them once shown (htmx), inside the review item, not at the top.
    loader = reverse("meetings:editor_panels", args=[meeting.pk]) + "?in=item"
    assert html.count('hx-get="' + loader + '"') == 1
    assert html.count("?in=top") == 0
    assert html.index(loader) > html.index(f'data-row="item-{review.pk}"')
    assert "no outstanding actions" in panels(officer, meeting, "item")
    earlier_action(meeting, "Write to the school governors")
    again, _queries = editor(officer, meeting)
    assert per_request_parts_out(again) == per_request_parts_out(html)  # rows as kept
    shown = panels(officer, meeting, "item")
    assert "Write to the school governors" in shown
    assert "matters-arising-heading" in shown
    assert "AK/1 Welcomed everyone." in again


def test_without_a_review_item_the_matters_arising_are_loaded_at_the_top(officer, meeting):
    html, queries = editor(officer, meeting)
    assert html.count("?in=top") == 1
    assert not any("actions_actionnote" in q for q in queries)  # the page reads none of it
    assert panels(officer, meeting, "top").strip() == ""  # nothing outstanding: no panel
    earlier_action(meeting, "Write to the school governors")
    shown = panels(officer, meeting, "top")
    assert "Matters arising: open actions from earlier meetings" in shown
    assert "Write to the school governors" in shown
    assert "previous-minutes" not in shown


def test_the_panels_are_for_the_officers_who_edit_the_minutes(role_client, meeting):
    url = reverse("meetings:editor_panels", args=[meeting.pk])
    asked = {"data": {"in": "item"}, "headers": {"HX-Request": "true"}}
    assert role_client("member").get(url, **asked).status_code in (403, 404)


def test_the_panels_asked_for_as_a_page_send_the_officer_to_the_editor(officer, meeting):
    response = officer.get(reverse("meetings:editor_panels", args=[meeting.pk]), {"in": "top"})
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:edit", args=[meeting.pk])


# --- Another officer's saves while the page is made --------------------------------


def test_an_item_added_or_deleted_while_the_page_is_made_gives_no_error(
    officer, meeting, monkeypatch
):
    """The page reads the rows' versions, then the items, then renders: another
    officer's new or deleted item in between is shown or left out, never a 500."""
    from meetings import services
    from meetings.models import AgendaItem

    real = services.minutes_snapshot
    added = []

    def then_another_officer_adds_an_item(m):
        snapshot = real(m)
        if not added:
            added.append(AgendaItem.objects.create(meeting=m, order=99, number="9", title="AOB"))
        return snapshot

    monkeypatch.setattr(services, "minutes_snapshot", then_another_officer_adds_an_item)
    html, _queries = editor(officer, meeting)
    assert 'value="AOB"' in html
    monkeypatch.setattr(services, "minutes_snapshot", real)

    from meetings import editor_items

    real_items = editor_items.minutes_items

    def then_another_officer_deletes_it(m, **kwargs):
        AgendaItem.objects.filter(pk=added[0].pk).delete()
        return real_items(m, **kwargs)

    editor_items.cache.clear()  # every item rendered again, the deleted one asked for too
    monkeypatch.setattr(editor_items, "minutes_items", then_another_officer_deletes_it)
    html, _queries = editor(officer, meeting)
    assert 'value="AOB"' not in html and 'value="Welcome' in html


def test_a_row_added_while_its_item_is_rendered_is_not_kept_for_the_state_before(
    officer, meeting, monkeypatch
):
    """Officer B adds a point while A's page renders its item (so A's page shows it),
    then deletes it: the item's rows are as they were when A's page read them, but the
    HTML rendered for A must not be served for that state, with the deleted point."""
    from meetings import editor_items
    from meetings.models import Point

    item = meeting.items.get(number="1")
    real_items = editor_items.minutes_items
    added = []

    def while_rendering_another_officer_adds_a_point(m, **kwargs):
        if not added:
            added.append(Point.objects.create(item=item, order=50, text="B's passing point."))
        return real_items(m, **kwargs)

    monkeypatch.setattr(editor_items, "minutes_items", while_rendering_another_officer_adds_a_point)
    html, _queries = editor(officer, meeting)
    assert "B&#x27;s passing point." in html or "B's passing point." in html
    monkeypatch.setattr(editor_items, "minutes_items", real_items)
    added[0].delete()
    html, _queries = editor(officer, meeting)
    assert "passing point" not in html


def test_a_conflict_on_a_decision_answers_the_other_officers_mover_and_votes(officer, meeting):
    from committee.models import Decision

    point = meeting.items.get(number="1").points.get()
    point.kind = "decision"
    point.save()
    Decision.objects.create(
        point=point, proposer=meeting.attendance.get(initials="LH"), votes_for=7
    )
    point.refresh_from_db()
    response, _queries = save_point(
        officer, meeting, point, version=point.version - 1, kind="decision", text="Agreed."
    )
    assert response.status_code == 409
    fields = response.json()["conflict"]["fields"]
    assert (fields["proposer_text"], fields["votes_for"]) == ("LH", 7)


@pytest.mark.parametrize("form_class", ["PointForm", "ActionForm"])
def test_a_constraint_left_to_the_required_check_is_only_that_the_field_is_not_empty(form_class):
    from django.db.models import CheckConstraint, Q, UniqueConstraint

    from meetings import forms

    form = getattr(forms, form_class)
    assert form.required_not_empty
    for name in form.required_not_empty:
        assert form.base_fields[name].required
        constraints = form._meta.model._meta.constraints
        assert any(
            isinstance(c, CheckConstraint) and c.condition == ~Q(**{name: ""}) for c in constraints
        )
        for constraint in constraints:
            if isinstance(constraint, UniqueConstraint):
                assert name not in constraint.fields
            elif constraint.condition != ~Q(**{name: ""}):
                assert name not in repr(constraint.condition), constraint.name


def test_an_autosave_asks_the_database_no_constraint_the_form_checks_itself(officer, meeting):
    point = meeting.items.get(number="1").points.get()
    response, queries = save_point(officer, meeting, point, text="Everyone was welcomed.")
    assert response.status_code == 200
    assert not [q for q in queries if '"_check"' in q]
    point.refresh_from_db()
    response, _queries = save_point(officer, meeting, point, text="   ")
    assert response.status_code == 400
    assert response.json()["errors"]["text"][0]["code"] == "required"
    point.refresh_from_db()
    assert point.text == "Everyone was welcomed."


def test_the_blank_rows_are_kept_and_follow_the_next_meetings_date(officer, meeting, count_renders):
    from meetings import editor_items

    first, _queries = editor(officer, meeting)
    renders = count_renders(editor_items)
    again, _queries = editor(officer, meeting)
    assert renders == []  # nothing rendered again: rows and blank rows as kept
    assert per_request_parts_out(again) == per_request_parts_out(first)
    for blank in ("tpl-item", "tpl-point", "tpl-action"):
        assert again.count(f'<template id="{blank}">') == 1
    Meeting.objects.create(
        body=meeting.body, date=meeting.date.replace(month=6), start_time=meeting.start_time
    )
    html, _queries = editor(officer, meeting)
    assert renders == [f"{editor_items.TEMPLATE}#new-rows"]
    blank_action = html.split('<template id="tpl-action">')[1].split("</template>")[0]
    assert 'name="due_date" value="2022-06-02"' in blank_action


def test_agreed_minutes_have_no_blank_rows(officer, meeting):
    move_to(meeting, MeetingStatus.APPROVED)
    html, _queries = editor(officer, meeting)
    assert "<template" not in html
