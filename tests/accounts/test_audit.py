"""The audit trail: written for every event, read by the body's officer, changed by nobody."""

import pytest
from django.core.exceptions import ValidationError
from states import move_to

from accounts.audit import record
from accounts.models import AuditEvent, AuditKind

from .conftest import sign_in_with_password, sign_in_with_totp


def test_signing_in_and_out_is_recorded_with_the_address(client, member):
    sign_in_with_password(client, "member")
    client.post("/logout/")
    signed_in = AuditEvent.objects.get(kind=AuditKind.SIGNED_IN, actor=member)
    assert signed_in.ip == "127.0.0.1"
    assert AuditEvent.objects.filter(kind=AuditKind.SIGNED_OUT, actor=member).exists()


def test_an_officer_signing_in_with_totp_is_recorded(client, officer):
    sign_in_with_totp(client, "officer")
    assert AuditEvent.objects.filter(kind=AuditKind.SIGNED_IN, actor=officer).count() == 1


def test_downloading_the_members_edition_is_recorded(role_client, meeting):
    response = role_client("member").get(f"/minutes/{meeting.pk}/members.docx")
    assert response.status_code == 200
    event = AuditEvent.objects.get(kind=AuditKind.MINUTES_DOWNLOADED)
    assert event.body == meeting.body
    assert event.actor.username == "member"
    assert "Word document, members' edition" in event.detail


def test_downloading_the_members_pdf_is_recorded(role_client, meeting):
    assert role_client("officer").get(f"/minutes/{meeting.pk}/members.pdf").status_code == 200
    assert "PDF" in AuditEvent.objects.get(kind=AuditKind.MINUTES_DOWNLOADED).detail


def test_the_public_edition_is_not_a_confidential_download(client, meeting, body):
    from meetings.models import MeetingStatus

    body.publishes_minutes = True
    body.save()
    move_to(meeting, MeetingStatus.PUBLISHED)
    client.get(f"/minutes/{meeting.pk}/public.docx")
    assert not AuditEvent.objects.filter(kind=AuditKind.MINUTES_DOWNLOADED).exists()


def test_exporting_the_actions_register_is_recorded(role_client):
    response = role_client("officer").get("/actions/register.csv")
    assert response.status_code == 200
    event = AuditEvent.objects.get(kind=AuditKind.EXPORTED)
    assert "Actions register CSV" in event.detail and event.actor.username == "officer"


def test_exporting_a_theme_and_the_decisions_register_is_recorded(role_client, body):
    from themes.models import Theme

    theme = Theme.objects.create(body=body, name="Hate crime")
    client = role_client("member")
    assert client.get(f"/themes/{body.slug}/{theme.pk}.csv").status_code == 200
    assert client.get(f"/committee/{body.slug}/decisions.csv").status_code == 200
    details = list(
        AuditEvent.objects.filter(kind=AuditKind.EXPORTED, body=body)
        .order_by("pk")
        .values_list("detail", flat=True)
    )
    assert len(details) == 2
    assert "Theme CSV: Hate crime" in details[0] and "Decisions register CSV" in details[1]


def test_an_event_cannot_be_changed_or_deleted(users):
    event = record(AuditKind.SIGNED_IN, actor=users["member"])
    event.detail = "tampered"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()
    with pytest.raises(ValidationError):
        AuditEvent.objects.filter(pk=event.pk).update(detail="tampered")
    with pytest.raises(ValidationError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).detail == ""


@pytest.mark.parametrize("role", ["superuser", "officer"])
def test_the_admin_shows_the_trail_read_only(role_client, users, body, role):
    event = record(AuditKind.SIGNED_IN, actor=users["member"], body=body)
    client = role_client(role)
    change = client.get(f"/admin/accounts/auditevent/{event.pk}/change/")
    assert change.status_code == 200
    assert 'name="_save"' not in change.text
    assert (
        client.post(
            f"/admin/accounts/auditevent/{event.pk}/change/", {"detail": "tampered"}
        ).status_code
        == 403
    )
    assert (
        client.post(f"/admin/accounts/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert client.get("/admin/accounts/auditevent/add/").status_code == 403
    listing = client.post(
        "/admin/accounts/auditevent/",
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert listing.status_code in (200, 302)
    assert AuditEvent.objects.filter(pk=event.pk, detail="").exists()


def test_the_officer_reads_their_bodys_trail_only(role_client, users, body, other_body):
    from conftest import make_user

    record(AuditKind.INVITED, actor=users["officer"], body=body, detail="Invited Nadia")
    stranger = make_user("stranger", body=other_body, role="member", initials="ST")
    record(AuditKind.SIGNED_IN, actor=stranger, detail="Elsewhere")
    record(AuditKind.SIGN_IN_FAILED, subject=users["member"], detail="Wrong password for 'member'")
    page = role_client("officer").get(f"/accounts/{body.pk}/audit/")
    assert page.status_code == 200
    assert "Invited Nadia" in page.text
    assert "Wrong password for" in page.text
    assert "Elsewhere" not in page.text


def test_the_trail_filters_by_kind(role_client, users, body):
    record(AuditKind.INVITED, actor=users["officer"], body=body, detail="Invited Nadia")
    record(AuditKind.ROLE_CHANGED, actor=users["officer"], body=body, detail="Role of Sam")
    page = role_client("officer").get(f"/accounts/{body.pk}/audit/?kind=role_changed")
    assert "Role of Sam" in page.text and "Invited Nadia" not in page.text


def test_the_trail_page_takes_a_flat_number_of_queries(
    role_client, users, body, django_assert_max_num_queries
):
    for n in range(60):
        record(AuditKind.SIGNED_IN, actor=users["member"], body=body, detail=f"n{n}")
    client = role_client("officer")
    client.get(f"/accounts/{body.pk}/audit/")
    with django_assert_max_num_queries(14):
        client.get(f"/accounts/{body.pk}/audit/")


def test_a_role_changed_in_the_admin_is_recorded(role_client, users, body):
    from members.models import Membership

    membership = Membership.objects.get(person__user=users["member"], body=body)
    response = role_client("officer").post(
        f"/admin/members/membership/{membership.pk}/change/",
        {
            "body": body.pk,
            "person": membership.person_id,
            "role": "chair",
            "position": membership.position,
            "initials": membership.initials,
            "start_date": "",
            "end_date": "",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    event = AuditEvent.objects.get(kind=AuditKind.ROLE_CHANGED)
    assert event.subject == users["member"] and event.actor == users["officer"]
    assert "Member" in event.detail and "Chair" in event.detail and "(admin)" in event.detail
