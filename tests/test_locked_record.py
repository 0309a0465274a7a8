"""Agreed minutes cannot change behind anyone's back: the lock lives in the model
layer, so the admin, the services and shell code all meet it; only a recorded
amendment gets past it, and a meeting's status moves only by the lifecycle."""

import datetime

import pytest
from django.contrib.admin import site
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from states import move_to

from actions.models import Action, ActionOwner, ActionStatus
from advice.models import TRACKING_FIELDS, Advice
from committee.models import Decision, Declaration
from meetings import lifecycle
from meetings.models import (
    AgendaItem,
    Attendance,
    LockedRow,
    Meeting,
    MeetingStatus,
    MinutesLocked,
    Point,
    PointSpeaker,
    StatusNotByLifecycle,
    amendment,
)
from members.models import Person
from reviews import services as reviews
from reviews.models import Transition

LOCKED = [MeetingStatus.APPROVED, MeetingStatus.PUBLISHED]


@pytest.fixture(params=LOCKED)
def agreed(request, meeting, body):
    """The fixture meeting with an action, then agreed (and, the second time, published)."""
    item = meeting.items.get(number="1")
    action = Action.objects.create(
        item=item,
        description="NS to seek links to the families",
        due_date=datetime.date(2022, 4, 1),
    )
    chair = meeting.attendance.get(initials="AK/1")
    action.owners.add(chair)
    Decision.objects.create(point=item.points.get(), outcome="agreed", votes_for=5)
    Declaration.objects.create(
        meeting=meeting, attendee=chair, item=item, nature="registrable", description="Trustee"
    )
    Advice.objects.create(meeting=meeting, point=item.points.get(), text="Publish", addressee="TVP")
    body.publishes_minutes = True
    body.save()
    return move_to(meeting, request.param)


def snapshot(meeting):
    """Everything the record holds, to compare before and after an attempt."""
    meeting = Meeting.objects.get(pk=meeting.pk)
    rows = {
        "items": (AgendaItem.objects.filter(meeting=meeting), ("title", "lead", "confidential")),
        "points": (Point.objects.filter(item__meeting=meeting), ("text", "confidential")),
        "attendance": (Attendance.objects.filter(meeting=meeting), ("initials", "status")),
        "actions": (Action.objects.filter(item__meeting=meeting), ("description", "due_date")),
        "speakers": (
            Point.speakers.through.objects.filter(point__item__meeting=meeting),
            ("point_id", "attendance_id"),
        ),
        "owners": (
            Action.owners.through.objects.filter(action__item__meeting=meeting),
            ("action_id", "attendance_id"),
        ),
        "decisions": (
            Decision.objects.filter(point__item__meeting=meeting),
            ("point_id", "outcome", "votes_for", "proposer_id"),
        ),
        "declarations": (
            Declaration.objects.filter(meeting=meeting),
            ("attendee_id", "item_id", "nature", "description"),
        ),
        "advice": (Advice.objects.filter(meeting=meeting), ("text", "addressee", "point_id")),
    }
    return {
        "meeting": (meeting.status, meeting.topic, meeting.location, meeting.date),
        **{name: sorted(qs.values_list(*fields)) for name, (qs, fields) in rows.items()},
    }


# --- The admin ---------------------------------------------------------------


@pytest.fixture
def admin_client(role_client):
    return role_client("officer")


def test_the_admin_shows_agreed_minutes_read_only(admin_client, agreed):
    page = admin_client.get(reverse("admin:meetings_meeting_change", args=[agreed.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="topic"' not in html and 'name="_save"' not in html
    assert 'name="attendance-0-initials"' not in html and 'name="items-0-title"' not in html
    item = agreed.items.get(number="1")
    html = admin_client.get(reverse("admin:meetings_agendaitem_change", args=[item.pk])).content
    assert b'name="title"' not in html and b'name="points-0-text"' not in html
    assert b'name="actions-0-description"' not in html


def test_every_admin_change_form_of_agreed_minutes_is_refused(admin_client, agreed):
    before = snapshot(agreed)
    item = agreed.items.get(number="1")
    attempts = [
        (
            reverse("admin:meetings_meeting_change", args=[agreed.pk]),
            {
                "body": agreed.body_id,
                "date": "2022-03-02",
                "start_time": "18:00",
                "topic": "Rewritten topic",
                "status": "draft",
                "attendance-TOTAL_FORMS": "0",
                "attendance-INITIAL_FORMS": "0",
                "items-TOTAL_FORMS": "0",
                "items-INITIAL_FORMS": "0",
            },
        ),
        (
            reverse("admin:meetings_agendaitem_change", args=[item.pk]),
            {
                "meeting": agreed.pk,
                "title": "Rewritten title",
                "order": "1",
                "state": "discussed",
                "kind": "business",
                "confidential": "on",
                "points-TOTAL_FORMS": "1",
                "points-INITIAL_FORMS": "1",
                "points-0-id": item.points.get().pk,
                "points-0-item": item.pk,
                "points-0-text": "Rewritten point",
                "points-0-order": "1",
                "points-0-kind": "discussion",
                "actions-TOTAL_FORMS": "0",
                "actions-INITIAL_FORMS": "0",
            },
        ),
    ]
    for url, data in attempts:
        assert admin_client.post(url, data).status_code == 403, url
    assert snapshot(agreed) == before


def test_every_admin_delete_of_agreed_minutes_is_refused(admin_client, agreed):
    before = snapshot(agreed)
    item = agreed.items.get(number="1")
    action = Action.objects.get(item=item)
    for url in (
        reverse("admin:meetings_meeting_delete", args=[agreed.pk]),
        reverse("admin:meetings_agendaitem_delete", args=[item.pk]),
        reverse("admin:actions_action_delete", args=[action.pk]),
    ):
        assert admin_client.post(url, {"post": "yes"}).status_code == 403, url
    for changelist, pk in (
        ("admin:meetings_meeting_changelist", agreed.pk),
        ("admin:meetings_agendaitem_changelist", item.pk),
        ("admin:actions_action_changelist", action.pk),
    ):
        response = admin_client.post(
            reverse(changelist),
            {"action": "delete_selected", "_selected_action": [pk], "post": "yes"},
        )
        assert response.status_code in (200, 302, 403)
    assert snapshot(agreed) == before


def test_the_admin_keeps_what_an_agreed_action_asked_but_follows_its_progress(admin_client, agreed):
    action = Action.objects.get(item__meeting=agreed)
    owner = action.owners.get()
    response = admin_client.post(
        reverse("admin:actions_action_change", args=[action.pk]),
        {
            "item": action.item_id,
            "description": "Rewritten action",
            "owners": [],
            "due_date": "2030-01-01",
            "status": "done",
            "order": "0",
            "notes-TOTAL_FORMS": "0",
            "notes-INITIAL_FORMS": "0",
            "reminders-TOTAL_FORMS": "0",
            "reminders-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.closed_at is not None
    assert action.description == "NS to seek links to the families"
    assert action.due_date == datetime.date(2022, 4, 1)
    assert list(action.owners.all()) == [owner]


def test_the_meeting_status_is_never_typed_in_the_admin(admin_client, meeting):
    html = admin_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).content
    assert b'name="status"' not in html
    admin_client.post(
        reverse("admin:meetings_meeting_change", args=[meeting.pk]),
        {
            "body": meeting.body_id,
            "date": "2022-03-02",
            "start_time": "18:00",
            "location": meeting.location,
            "status": "published",
            "attendance-TOTAL_FORMS": "0",
            "attendance-INITIAL_FORMS": "0",
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
        },
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT


# Every admin of the record, walked: each change and delete form of each row of
# agreed minutes, and each add form that would file a new row under them.

# What stays editable on an agreed row's change form: what happened after the
# meeting (an action's progress, the answer to advice), never what the minutes say.
FOLLOWED_UP = {Action: {"status"}, Advice: set(TRACKING_FIELDS)}


def record_admins():
    """The admin of every model of the record (the meeting and its locked rows)."""
    return {
        model: model_admin
        for model, model_admin in site._registry.items()
        if model is Meeting or issubclass(model, LockedRow)
    }


def rows_of(model, meeting):
    if model is Meeting:
        return [meeting]
    return list(model._default_manager.filter(**{model.meeting_path: meeting}))


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_the_walk_reaches_every_admin_of_the_record():
    walked = {model._meta.label for model in record_admins()}
    assert walked == {
        "meetings.Meeting",
        "meetings.AgendaItem",
        "actions.Action",
        "committee.Decision",
        "committee.Declaration",
        "advice.Advice",
    }
    # The other rows of the record are edited only inside those pages.
    inlined = {
        inline.model for model_admin in record_admins().values() for inline in model_admin.inlines
    }
    assert {Attendance, Point} <= inlined


def test_every_admin_change_and_delete_form_of_agreed_minutes_is_refused(admin_client, agreed):
    before = snapshot(agreed)
    walked = 0
    for model in record_admins():
        rows = rows_of(model, agreed)
        assert rows, f"the fixture has no {model._meta.label} to walk"
        for row in rows:
            change = admin_url(model, "change", row.pk)
            page = admin_client.get(change)
            assert page.status_code == 200, change
            form = page.context["adminform"].form
            editable = set(form.fields)
            assert editable <= FOLLOWED_UP.get(model, set()), (change, editable)
            # Every formset of the record on the page is read-only: nothing to add,
            # change or delete (an action's progress notes follow it, as its status).
            for formset in page.context["inline_admin_formsets"]:
                if not issubclass(formset.opts.model, LockedRow):
                    continue
                assert not formset.has_add_permission, (change, formset.opts)
                assert not formset.has_change_permission, (change, formset.opts)
                assert not formset.has_delete_permission, (change, formset.opts)
            # A forged post of every field of the row, rewritten, changes nothing.
            forged = {
                field.name: "Rewritten"
                if field.get_internal_type() in ("CharField", "TextField")
                else getattr(row, field.attname)
                for field in model._meta.concrete_fields
                if not field.primary_key and getattr(row, field.attname) is not None
            }
            response = admin_client.post(change, forged)
            assert response.status_code in (200, 302, 403), change
            if not editable:
                assert response.status_code == 403, change
            delete = admin_url(model, "delete", row.pk)
            assert admin_client.get(delete).status_code == 403, delete
            assert admin_client.post(delete, {"post": "yes"}).status_code == 403, delete
            bulk = admin_client.post(
                admin_url(model, "changelist"),
                {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"},
            )
            assert bulk.status_code in (200, 302, 403), model
            walked += 1
            assert snapshot(agreed) == before, change
    assert walked == 7  # the meeting, its two items, an action, a decision, a declaration, advice


def add_forms(meeting):
    """For each admin that adds rows of the record, a valid add form filing one under
    `meeting`."""
    item = meeting.items.get(number="1")
    point = meeting.items.get(number="2").points.get()
    attendee = meeting.attendance.get(initials="LH")
    no_inlines = {
        f"{prefix}-{count}": "0"
        for prefix in ("points", "actions", "notes", "reminders")
        for count in ("TOTAL_FORMS", "INITIAL_FORMS")
    }
    return {
        AgendaItem: {
            "meeting": meeting.pk,
            "title": "Late item",
            "order": "9",
            "state": "discussed",
            "kind": "business",
            **no_inlines,
        },
        Action: {
            "item": item.pk,
            "description": "Late action",
            "order": "9",
            "status": "open",
            **no_inlines,
        },
        Decision: {"point": point.pk, "outcome": "resolved"},
        Declaration: {
            "meeting": meeting.pk,
            "attendee": attendee.pk,
            "nature": "pecuniary",
            "description": "Late interest",
            "order": "0",
        },
        Advice: {"meeting": meeting.pk, "text": "Late advice", "addressee": "TVP"},
    }


def test_no_admin_add_form_files_a_row_under_agreed_minutes(admin_client, agreed):
    before = snapshot(agreed)
    forms = add_forms(agreed)
    adders = {m for m, a in record_admins().items() if m is not Meeting}
    assert set(forms) == adders
    for model, data in forms.items():
        response = admin_client.post(admin_url(model, "add"), data)
        assert response.status_code == 200, (model, response.status_code)
        assert "nothing can be added to them" in response.content.decode(), model
        assert snapshot(agreed) == before, model


def test_the_same_add_forms_file_rows_under_a_draft(admin_client, meeting):
    forms = add_forms(meeting)
    # The declaration's add form offers no attendee until the row has a meeting (its
    # choices are that meeting's attendance): declarations are typed in the editor.
    del forms[Declaration]
    for model, data in forms.items():
        response = admin_client.post(admin_url(model, "add"), data)
        assert response.status_code == 302, (model, response.content.decode()[:3000])
    assert meeting.items.filter(title="Late item").exists()
    assert Advice.objects.filter(meeting=meeting, text="Late advice").exists()


def test_a_draft_row_cannot_be_moved_under_agreed_minutes_in_the_admin(admin_client, agreed, body):
    draft = Meeting.objects.create(
        body=body, date=datetime.date(2023, 5, 1), start_time=datetime.time(18), status="draft"
    )
    item = AgendaItem.objects.create(meeting=draft, title="Draft item", order=1)
    before = snapshot(agreed)
    response = admin_client.post(
        admin_url(AgendaItem, "change", item.pk),
        {
            "meeting": agreed.pk,
            "title": "Draft item",
            "order": "1",
            "state": "discussed",
            "kind": "business",
            **{
                f"{p}-{c}": "0"
                for p in ("points", "actions")
                for c in ("TOTAL_FORMS", "INITIAL_FORMS")
            },
        },
    )
    assert response.status_code == 200
    assert "nothing can be added to them" in response.content.decode()
    item.refresh_from_db()
    assert item.meeting == draft
    assert snapshot(agreed) == before


def attended_by(meeting, name):
    """The meeting's chair row, linked to a person of that name (whose name it prints)."""
    person = Person.objects.create(name=name)
    Attendance.objects.filter(pk=meeting.attendance.get(initials="AK/1").pk).update(
        person=person, representing=person
    )
    return person


def test_a_person_on_agreed_minutes_cannot_be_deleted(role_client, meeting):
    person = attended_by(meeting, "Ann Kerr")
    move_to(meeting, MeetingStatus.APPROVED)
    with pytest.raises(ProtectedError), transaction.atomic():
        person.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        Person.objects.filter(pk=person.pk).delete()
    client = role_client("superuser")
    response = client.post(
        reverse("admin:members_person_delete", args=[person.pk]), {"post": "yes"}
    )
    assert response.status_code == 200  # the admin's "cannot delete" page
    chair = meeting.attendance.get(initials="AK/1")
    assert (chair.person, chair.representing) == (person, person)


def test_deleting_a_person_empties_the_links_of_draft_minutes(meeting):
    person = attended_by(meeting, "Ann Kerr")
    person.delete()
    chair = meeting.attendance.get(initials="AK/1")
    assert (chair.person, chair.representing) == (None, None)


# --- The services and shell code ---------------------------------------------


def attempts(meeting):
    """Every way code might change the record, each a thunk."""
    item = meeting.items.get(number="1")
    point = item.points.get()
    attendee = meeting.attendance.get(initials="AK/1")
    action = Action.objects.get(item=item)

    def set_field(row, **fields):
        def attempt():
            for name, value in fields.items():
                setattr(row, name, value)
            row.save()

        return attempt

    return {
        "point text": set_field(point, text="Rewritten"),
        "point text, update_fields": lambda: (
            setattr(point, "text", "Rewritten"),
            point.save(update_fields=["text"]),
        ),
        "point moved to another item": set_field(point, item=meeting.items.get(number="2")),
        "point deleted": point.delete,
        "points updated in bulk": lambda: Point.objects.filter(item=item).update(text="X"),
        "points deleted in bulk": lambda: Point.objects.filter(item=item).delete(),
        "point added": lambda: Point.objects.create(item=item, text="Added later"),
        "points bulk created": lambda: Point.objects.bulk_create([Point(item=item, text="Late")]),
        "speakers changed": lambda: point.speakers.clear(),
        "speaker added from the attendee": lambda: attendee.points_spoken.add(
            meeting.items.get(number="2").points.get()
        ),
        "item retitled": set_field(item, title="Rewritten"),
        "item made public": set_field(meeting.items.get(number="2"), confidential=False),
        "item deleted": item.delete,
        "item added": lambda: AgendaItem.objects.create(meeting=meeting, title="Late item"),
        "attendee moved to apologies": set_field(attendee, status="apologies"),
        "attendee deleted": attendee.delete,
        "attendee added": lambda: Attendance.objects.create(meeting=meeting, initials="ZZ"),
        "attendance bulk updated": lambda: Attendance.objects.filter(meeting=meeting).update(
            role="X"
        ),
        "action rewritten": set_field(action, description="Rewritten"),
        "action owner removed": lambda: action.owners.clear(),
        "action deleted": action.delete,
        # Who spoke and who was asked, written as rows (as an import writes them).
        "speaker rows bulk created": lambda: PointSpeaker.objects.bulk_create(
            [
                PointSpeaker(
                    point=meeting.items.get(number="2").points.get(),
                    attendance=meeting.attendance.get(initials="LH"),
                )
            ]
        ),
        "speaker rows deleted in bulk": lambda: PointSpeaker.objects.filter(point=point).delete(),
        "speaker rows moved in bulk": lambda: PointSpeaker.objects.filter(point=point).update(
            attendance=meeting.attendance.get(initials="LH")
        ),
        "speaker row added": lambda: PointSpeaker.objects.create(
            point=point, attendance=meeting.attendance.get(initials="LH")
        ),
        "speaker row deleted": lambda: PointSpeaker.objects.get(point=point).delete(),
        "owner rows bulk created": lambda: ActionOwner.objects.bulk_create(
            [ActionOwner(action=action, attendance=meeting.attendance.get(initials="LH"))]
        ),
        "owner rows deleted in bulk": lambda: ActionOwner.objects.filter(action=action).delete(),
        "owner row deleted": lambda: ActionOwner.objects.get(action=action).delete(),
        # The committee record kept beside the minutes.
        "decision vote rewritten": set_field(Decision.objects.get(point=point), votes_for=9),
        "decision deleted": lambda: Decision.objects.get(point=point).delete(),
        "decision added": lambda: Decision.objects.create(
            point=meeting.items.get(number="2").points.get()
        ),
        "decisions updated in bulk": lambda: Decision.objects.filter(point=point).update(
            outcome="noted"
        ),
        "declaration rewritten": set_field(
            Declaration.objects.get(meeting=meeting), description="Rewritten"
        ),
        "declaration deleted": lambda: Declaration.objects.get(meeting=meeting).delete(),
        "declaration added": lambda: Declaration.objects.create(
            meeting=meeting, attendee=attendee, nature="pecuniary", description="Late"
        ),
        "advice rewritten": set_field(Advice.objects.get(meeting=meeting), text="Rewritten"),
        "advice deleted": lambda: Advice.objects.get(meeting=meeting).delete(),
        "meeting topic": set_field(Meeting.objects.get(pk=meeting.pk), topic="Rewritten"),
        "meeting deleted": lambda: Meeting.objects.get(pk=meeting.pk).delete(),
        "meetings updated in bulk": lambda: Meeting.objects.filter(pk=meeting.pk).update(
            location="Elsewhere"
        ),
    }


def test_no_code_path_changes_agreed_minutes(agreed):
    before = snapshot(agreed)
    for name, attempt in attempts(agreed).items():
        # Each in a savepoint, as a request or a script's transaction would be.
        with pytest.raises(MinutesLocked), transaction.atomic():
            attempt()
        assert snapshot(agreed) == before, name


def test_a_row_read_while_a_draft_is_refused_once_the_minutes_are_agreed(meeting, users):
    """The lock is read from the database on every save, not from what was read before."""
    point = meeting.items.get(number="1").points.get()
    attendee = meeting.attendance.get(initials="AK/1")
    move_to(meeting, MeetingStatus.APPROVED)
    point.text = "Rewritten after the sign-off"
    attendee.status = "apologies"
    for row in (point, attendee):
        with pytest.raises(MinutesLocked), transaction.atomic():
            row.save()
    point.refresh_from_db()
    assert point.text == "AK/1 Welcomed everyone."
    with amendment(meeting.pk):
        point.text = "Corrected by the amendment"
        point.save()
    point.refresh_from_db()
    assert point.text == "Corrected by the amendment"


def test_the_same_writes_work_on_a_draft(meeting):
    """The lock is the meeting's state, not a refusal of these writes as such."""
    item = meeting.items.get(number="1")
    action = Action.objects.create(item=item, description="Draft action")
    chair = meeting.attendance.get(initials="AK/1")
    action.owners.add(chair)
    Decision.objects.create(point=item.points.get())
    Declaration.objects.create(meeting=meeting, attendee=chair, nature="pecuniary", description="A")
    Advice.objects.create(meeting=meeting, text="Publish", addressee="TVP")
    for name, attempt in attempts(meeting).items():
        if "deleted" in name or "moved" in name or "added" in name or "created" in name:
            continue
        attempt()
    for name, attempt in attempts(meeting).items():
        if "added" in name or "created" in name:
            attempt()
    assert Point.objects.filter(item__meeting=meeting, text="Added later").exists()


def test_an_agreed_actions_progress_is_still_followed(agreed):
    action = Action.objects.get(item__meeting=agreed)
    action.set_status(ActionStatus.DONE, by=None)
    action.save()
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    Action.objects.filter(pk=action.pk).update(status=ActionStatus.OPEN, closed_at=None)


def test_only_a_recorded_amendment_changes_agreed_minutes(agreed, users):
    point = Point.objects.get(item__meeting=agreed, item__number="1")
    amendment = reviews.amend(
        meeting=agreed,
        by=users["officer"],
        reason="Name corrected",
        new_text="AK/1 welcomed everyone to the meeting.",
        point=point,
    )
    point.refresh_from_db()
    assert point.text == "AK/1 welcomed everyone to the meeting."
    assert amendment.old_text == "AK/1 Welcomed everyone."
    assert point.history.first().history_change_reason == "Amendment: Name corrected"
    with pytest.raises(MinutesLocked):  # and the lock is back straight after
        point.text = "Again"
        point.save()


# --- The lifecycle -----------------------------------------------------------


@pytest.mark.parametrize("status", ["draft", "scheduled", "circulated"])
def test_a_published_meeting_is_never_set_back_by_hand(agreed, status):
    agreed.status = status
    with pytest.raises(StatusNotByLifecycle):
        agreed.save()
    with pytest.raises(StatusNotByLifecycle):
        Meeting.objects.filter(pk=agreed.pk).update(status=status)
    with pytest.raises(StatusNotByLifecycle):
        Meeting.objects.bulk_update([agreed], ["status"])
    agreed.refresh_from_db()
    assert agreed.status in LOCKED


def test_a_meeting_is_created_scheduled_or_draft_only(body):
    with pytest.raises(StatusNotByLifecycle):
        Meeting.objects.create(
            body=body,
            date=datetime.date(2023, 1, 1),
            start_time=datetime.time(18),
            status="approved",
        )
    with pytest.raises(StatusNotByLifecycle):
        day = datetime.date(2023, 1, 2)
        Meeting.objects.bulk_create(
            [Meeting(body=body, date=day, start_time=datetime.time(18), status="published")]
        )
    assert not Meeting.objects.filter(body=body).exists()


def test_published_minutes_go_back_only_by_the_lifecycles_own_step(agreed, users):
    if agreed.status == MeetingStatus.APPROVED:
        lifecycle.apply(agreed, "publish", by=users["officer"])
    for name in ("start", "circulate", "recirculate", "sign_off", "record_agreed", "publish"):
        with pytest.raises(lifecycle.TransitionError):
            lifecycle.apply(agreed, name, by=users["officer"])
    lifecycle.apply(agreed, "withdraw", by=users["officer"], note="A name to remove")
    agreed.refresh_from_db()
    assert agreed.status == MeetingStatus.APPROVED  # withdrawn, and still locked
    assert agreed.is_locked
    last = Transition.objects.filter(meeting=agreed).last()
    assert (last.what, last.note, last.by) == (
        "withdrawn from publication",
        "A name to remove",
        users["officer"],
    )


def test_each_step_records_a_transition_and_a_history_row_with_who(meeting, users):
    lifecycle.apply(meeting, "circulate", by=users["officer"])
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CIRCULATED
    transition = Transition.objects.get(meeting=meeting)
    assert (transition.from_status, transition.to_status, transition.by) == (
        "draft",
        "circulated",
        users["officer"],
    )
    history = meeting.history.first()
    assert (history.status, history.history_user) == ("circulated", users["officer"])


@pytest.mark.parametrize(
    "role, name",
    [
        ("member", "circulate"),
        ("officer", "sign_off"),
        ("guest", "circulate"),
        ("chair", "record_agreed"),
    ],
)
def test_the_table_says_who_may_take_each_step(meeting, users, role, name):
    if name == "sign_off":
        move_to(meeting, MeetingStatus.CIRCULATED)
    assert not lifecycle.may(users[role], meeting, name)
    with pytest.raises(lifecycle.TransitionNotAllowed):
        lifecycle.apply(meeting, name, by=users[role])
    assert Meeting.objects.get(pk=meeting.pk).status == meeting.status


def test_every_move_belongs_to_one_step():
    moves = [(s, step.target) for step in lifecycle.STEPS.values() for s in step.sources]
    assert len(moves) == len(set(moves))
    assert lifecycle.path("scheduled", "published") == ["start", "record_agreed", "publish"]


def test_the_programme_cancels_and_reinstates_through_the_lifecycle(body, users):
    from programme import services as programme

    Membership = users["chair"].person.memberships.model
    assert Membership.objects.filter(person__user=users["chair"], role="chair").exists()
    scheduled = Meeting.objects.create(
        body=body, date=datetime.date(2030, 2, 5), start_time=datetime.time(18)
    )
    row = programme.ProgrammeRow(
        meeting=scheduled,
        date=scheduled.date,
        start_time=scheduled.start_time,
        end_time=None,
        location="",
        topic="",
        cancel=True,
        reason="Snow",
    )
    programme.save_programme(body=body, year=2030, rows=[row], by=users["chair"])
    scheduled.refresh_from_db()
    assert scheduled.status == MeetingStatus.CANCELLED
    assert Transition.objects.get(meeting=scheduled).what == "cancelled"


def test_the_admin_cancels_and_reinstates_through_the_lifecycle(role_client, body, users):
    body.officers_edit_programme = True
    body.save()
    scheduled = Meeting.objects.create(
        body=body, date=datetime.date(2030, 3, 5), start_time=datetime.time(18)
    )
    client = role_client("officer")
    changelist = reverse("admin:meetings_meeting_changelist")
    client.post(changelist, {"action": "cancel_meetings", "_selected_action": [scheduled.pk]})
    scheduled.refresh_from_db()
    assert scheduled.status == MeetingStatus.CANCELLED
    assert Transition.objects.get(meeting=scheduled).by == users["officer"]
    client.post(changelist, {"action": "reinstate_meetings", "_selected_action": [scheduled.pk]})
    scheduled.refresh_from_db()
    assert scheduled.status == MeetingStatus.SCHEDULED


def test_the_admin_cannot_cancel_minutes_or_steps_it_may_not_take(role_client, meeting):
    client = role_client("officer")  # a draft: its minutes are started, it is not cancelled
    response = client.post(
        reverse("admin:meetings_meeting_changelist"),
        {"action": "cancel_meetings", "_selected_action": [meeting.pk]},
        follow=True,
    )
    assert "cannot be cancelled now" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT
