"""Quorum, declarations of interest and the decisions register: in the editor, the
print and the registers; exempt items never in the public edition."""

import csv
import io

import pytest
from django.urls import reverse
from states import move_to

from committee.models import Decision, Declaration, Procedure
from meetings.models import AgendaItem, MeetingStatus, MinutesLocked, Point
from members.models import Person
from publishing.editions import Edition, build_minutes

PLANTED = "Heron-gazebo"


@pytest.fixture
def agenda(january):
    declarations = AgendaItem.objects.create(
        meeting=january, order=1, title="Disclosures of interest", minute_number=27
    )
    business = AgendaItem.objects.create(
        meeting=january, order=2, title="Overview of partnership activity", minute_number=30
    )
    exempt = AgendaItem.objects.create(
        meeting=january,
        order=3,
        title="Domestic Homicide Reviews - Update",
        minute_number=34,
        confidential=True,
        exempt_paragraphs="1,2",
    )
    open_decision = Point.objects.create(
        item=business, order=1, kind="decision", text="That the projects be noted."
    )
    secret_decision = Point.objects.create(
        item=exempt, order=1, kind="decision", text=f"That the {PLANTED} review be closed."
    )
    Decision.objects.create(point=open_decision, votes_for=4, votes_against=0, votes_abstained=1)
    Decision.objects.create(point=secret_decision)
    return declarations, business, exempt


def test_the_editor_warns_when_the_meeting_is_not_quorate(clerk_client, safermk, january):
    Procedure.objects.create(body=safermk, quorum="4")
    page = clerk_client.get(reverse("meetings:edit", args=[january.pk])).content.decode()
    assert 'id="quorum-warning"' in page
    assert "The meeting was not quorate: 3 voting member(s) present, 4 needed." in page
    # The co-opted member and the officer do not count; one more member does.
    january.attendance.filter(initials="PA").update(capacity="member")
    page = clerk_client.get(reverse("meetings:edit", args=[january.pk])).content.decode()
    assert 'id="quorum-warning"' not in page
    assert build_minutes(january, edition=Edition.PUBLIC).quorum_line == (
        "The meeting was quorate."
    )


def test_a_fraction_quorum_counts_the_voting_members_listed(safermk, january):
    Procedure.objects.create(body=safermk, quorum="1/2")
    january.attendance.filter(initials__in=["MB", "CC"]).update(status="apologies")
    # Three voting members listed, one present: two needed.
    assert build_minutes(january, edition=Edition.MEMBERS).quorum_line == (
        "The meeting was not quorate: 1 voting member(s) present, 2 needed."
    )


def test_a_declaration_prints_under_the_declarations_item_and_in_the_persons_register(
    clerk_client, january, agenda
):
    declarations_item, business, _exempt = agenda
    person = Person.objects.create(name="M Bracey")
    january.attendance.filter(initials="MB").update(person=person)
    attendee = january.attendance.get(initials="MB")
    response = clerk_client.post(
        reverse("committee:add_declaration", args=[january.pk]),
        {
            "attendee": attendee.pk,
            "item": business.pk,
            "nature": "pecuniary",
            "description": "Director of a contractor to the partnership",
            "left_room": "on",
        },
    )
    assert response.status_code == 302
    assert response.url.endswith("#declarations")
    minutes = build_minutes(january, edition=Edition.PUBLIC)
    printed = {item.title: item.declarations for item in minutes.items}
    assert printed["DISCLOSURES OF INTEREST"] == (
        "M Bracey declared a disclosable pecuniary interest in SMK30 (Director of a "
        "contractor to the partnership) and left the room during the item.",
    )
    assert printed["OVERVIEW OF PARTNERSHIP ACTIVITY"] == ()
    register = clerk_client.get(reverse("committee:person_declarations", args=[person.pk]))
    text = register.content.decode()
    assert "Director of a contractor to the partnership" in text
    assert "Disclosable pecuniary interest" in text
    assert "SMK30" in text


def test_a_bad_declaration_keeps_what_was_typed_and_says_what_to_fix(clerk_client, january):
    response = clerk_client.post(
        reverse("committee:add_declaration", args=[january.pk]),
        {"nature": "pecuniary", "description": "Kept text"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required" in page
    assert 'value="Kept text"' in page
    assert not Declaration.objects.exists()


def test_none_disclosed_prints_under_the_declarations_item(january, agenda):
    january.no_interests_declared = True
    january.save()
    minutes = build_minutes(january, edition=Edition.PUBLIC)
    assert minutes.items[0].none_declared


def test_the_public_decisions_register_contains_no_exempt_decision(client, january, agenda):
    move_to(january, MeetingStatus.PUBLISHED)
    response = client.get(reverse("committee:public_decisions", args=["safermk"]))
    text = response.content.decode()
    assert "That the projects be noted." in text
    assert "For 4, against 0, abstained 1" in text
    assert PLANTED not in text
    exported = client.get(reverse("committee:public_decisions_csv", args=["safermk"]))
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["SMK30"]
    assert PLANTED not in exported.content.decode()


def test_the_public_register_shows_only_published_minutes(client, january, agenda):
    response = client.get(reverse("committee:public_decisions", args=["safermk"]))
    assert "That the projects be noted." not in response.content.decode()


def test_the_members_register_has_every_decision_with_filters_and_search(
    clerk_client, january, agenda
):
    url = reverse("committee:decisions", args=["safermk"])
    text = clerk_client.get(url).content.decode()
    assert "That the projects be noted." in text and PLANTED in text
    found = clerk_client.get(url, {"q": "projects"}).content.decode()
    assert "That the projects be noted." in found and PLANTED not in found
    assert "No decisions match" in clerk_client.get(url, {"year": "2019"}).content.decode()
    bad = clerk_client.get(url, {"year": "not a year"})
    assert bad.status_code == 200 and "Enter a whole number" in bad.content.decode()
    exported = clerk_client.get(reverse("committee:decisions_csv", args=["safermk"]))
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Reference", "Meeting", "Item", "Outcome"]
    assert sorted(row[0] for row in rows[1:]) == ["SMK30", "SMK34"]


def test_a_decision_point_typed_in_the_editor_records_its_mover_and_vote(
    clerk_client, january, agenda
):
    _declarations, business, _exempt = agenda
    response = clerk_client.post(
        reverse("meetings:row_create", args=[january.pk, "point"]),
        {
            "version": 1,
            "item": business.pk,
            "kind": "decision",
            "text": "That the survey results be brought to the next meeting.",
            "proposer_text": "MB",
            "seconder_text": "CC",
            "votes_for": "5",
            "votes_against": "1",
            "votes_abstained": "0",
        },
    )
    assert response.status_code == 201
    fields = response.json()["fields"]
    assert (fields["proposer_text"], fields["votes_for"], fields["votes_against"]) == ("MB", 5, 1)
    decision = Decision.objects.get(point_id=response.json()["id"])
    assert (decision.proposer.initials, decision.seconder.initials) == ("MB", "CC")
    printed = [
        point
        for item in build_minutes(january, edition=Edition.PUBLIC).items
        for point in item.points
        if point.pk == decision.point_id
    ][0]
    assert printed.moved == "Proposed by M Bracey, seconded by C Clairmont."
    assert printed.vote == "For 5, against 1, abstained 0."
    # Made a discussion point: it leaves the register.
    point = decision.point
    clerk_client.post(
        reverse("meetings:row_save", args=[january.pk, "point", point.pk]),
        {"version": point.version, "kind": "discussion", "text": point.text},
    )
    assert not Decision.objects.filter(point=point).exists()


def test_a_mover_not_on_the_attendance_is_refused_beside_the_field(clerk_client, january, agenda):
    _declarations, business, _exempt = agenda
    response = clerk_client.post(
        reverse("meetings:row_create", args=[january.pk, "point"]),
        {
            "version": 1,
            "item": business.pk,
            "kind": "decision",
            "text": "That x.",
            "proposer_text": "ZZ",
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"]["proposer_text"][0]["code"] == "not_one_attendee"


def test_agreed_minutes_lock_their_decisions_and_declarations(january, agenda):
    attendee = january.attendance.get(initials="MB")
    declaration = Declaration.objects.create(
        meeting=january, attendee=attendee, nature="registrable", description="Trustee"
    )
    move_to(january, MeetingStatus.APPROVED)
    decision = Decision.objects.first()
    decision.votes_for = 9
    with pytest.raises(MinutesLocked):
        decision.save()
    with pytest.raises(MinutesLocked):
        Decision.objects.filter(pk=decision.pk).update(votes_for=9)
    with pytest.raises(MinutesLocked):
        declaration.delete()
    with pytest.raises(MinutesLocked):
        Declaration.objects.create(
            meeting=january, attendee=attendee, nature="registrable", description="New"
        )


def test_an_exempt_item_records_its_paragraphs_and_prints_the_formal_wording(
    clerk_client, january, agenda
):
    _declarations, _business, exempt = agenda
    url = reverse("meetings:row_save", args=[january.pk, "item", exempt.pk])
    data = {
        "version": exempt.version,
        "title": exempt.title,
        "state": "discussed",
        "confidential": "on",
        "minute_number": "34",
        "public_interest_test": "Naming the family would harm the review.",
    }
    refused = clerk_client.post(url, data | {"exempt_paragraphs": "1, 8"})
    assert refused.json()["errors"]["exempt_paragraphs"][0]["code"] == "no_such_paragraph"
    saved = clerk_client.post(url, data | {"exempt_paragraphs": "3 and 1"})
    assert saved.json()["fields"]["exempt_paragraphs"] == "1,3"
    move_to(january, MeetingStatus.PUBLISHED)
    text = clerk_client.get(reverse("publishing:public_print", args=[january.pk])).content
    text = " ".join(text.decode().split())
    assert (
        "under Paragraphs 1 and 3 (information relating to any individual; information "
        "relating to the financial or business affairs of any particular person"
    ) in text
    assert "The public interest in maintaining the exemption outweighs" in text
    assert "Naming the family" not in text
    assert PLANTED not in text
