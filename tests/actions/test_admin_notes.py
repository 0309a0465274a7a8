from django.urls import reverse

from actions.models import Action, ActionNote, ActionStatus

INLINES = {
    f"{prefix}-{key}": 0
    for prefix in ("notes", "reminders")
    for key in ("TOTAL_FORMS", "INITIAL_FORMS")
}


def test_an_officer_adds_a_progress_note_in_the_admin(client, users, series, raise_action):
    action = raise_action(series[0], "Share the details")
    client.force_login(users["officer"])
    response = client.post(
        reverse("admin:actions_action_change", args=[action.pk]),
        {
            "item": action.item_id,
            "order": 0,
            "description": action.description,
            "status": "done",
            "owners": [o.pk for o in action.owners.all()],
            **INLINES,
            "notes-TOTAL_FORMS": 1,
            "notes-0-created_at_0": "2022-02-14",
            "notes-0-created_at_1": "19:00:00",
            "notes-0-text": "Sent round by email",
            "notes-0-meeting": series[1].pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    action.refresh_from_db()
    assert (action.status, action.closed_by) == (ActionStatus.DONE, users["officer"])
    note = ActionNote.objects.get()
    assert (note.text, note.meeting, note.created_by) == (
        "Sent round by email",
        series[1],
        users["officer"],
    )


def test_the_admin_shows_an_actions_notes(client, users, series, raise_action):
    action = raise_action(series[0], "Share the details")
    ActionNote.objects.create(action=action, text="Okapi progress", created_by=users["member"])
    client.force_login(users["officer"])
    content = client.get(reverse("admin:actions_action_change", args=[action.pk])).content.decode()
    assert "Okapi progress" in content
    assert Action.objects.count() == 1
