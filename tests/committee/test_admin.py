"""The committee record in the admin: the officer's own bodies, the lock on agreed minutes."""

from committee_record import formal_meeting
from django.urls import reverse
from states import move_to

from committee.models import Decision, Declaration, Procedure
from meetings.models import AgendaItem, MeetingStatus, Point


def test_every_committee_list_opens_for_the_officer(clerk_client, safermk, january):
    Procedure.objects.create(body=safermk, quorum="1/3")
    for name in ["procedure", "bodycapacity", "decision", "declaration"]:
        response = clerk_client.get(reverse(f"admin:committee_{name}_changelist"))
        assert response.status_code == 200, name


def test_agreed_minutes_show_their_decisions_and_declarations_read_only(clerk_client, january):
    item = AgendaItem.objects.create(meeting=january, order=1, title="Minutes", minute_number=26)
    decision = Decision.objects.create(
        point=Point.objects.create(item=item, kind="decision", text="That the minutes be signed.")
    )
    declaration = Declaration.objects.create(
        meeting=january,
        attendee=january.attendance.first(),
        nature="registrable",
        description="Trustee",
    )
    url = reverse("admin:committee_decision_change", args=[decision.pk])
    page = clerk_client.get(url).content.decode()
    assert 'name="votes_for"' in page  # editable while a draft
    move_to(january, MeetingStatus.APPROVED)
    page = clerk_client.get(url).content.decode()
    assert 'name="votes_for"' not in page
    response = clerk_client.post(url, {"votes_for": "9", "outcome": "resolved"})
    assert response.status_code == 403
    decision.refresh_from_db()
    assert decision.votes_for is None
    delete = reverse("admin:committee_declaration_delete", args=[declaration.pk])
    assert clerk_client.post(delete, {"post": "yes"}).status_code == 403
    assert Declaration.objects.filter(pk=declaration.pk).exists()


def test_another_bodys_decisions_are_not_listed(clerk_client, january, other_body):
    other = formal_meeting(other_body, january.date, minutes=[1])
    Decision.objects.create(
        point=Point.objects.create(item=other.items.get(), kind="decision", text="Other-body-x")
    )
    page = clerk_client.get(reverse("admin:committee_decision_changelist")).content.decode()
    assert "Other-body-x" not in page
