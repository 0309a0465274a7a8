import csv
import io

from django.urls import reverse
from states import move_to

from advice import services
from advice.models import Advice
from meetings.models import MeetingStatus
from themes.models import Theme

from .conftest import SECRET, open_point, secret_point

JSON = {"HTTP_ACCEPT": "application/json"}


def raise_(client, point):
    return client.post(reverse("advice:raise"), {"point": point.pk}, **JSON)


def test_the_editor_endpoint_turns_a_point_into_advice_once(role_client, meetings):
    client = role_client("officer")
    point = open_point(meetings[0])

    response = raise_(client, point)
    assert response.status_code == 201
    advice = Advice.objects.get()
    assert response.json() == {
        "id": advice.pk,
        "point": point.pk,
        "created": True,
        "url": reverse("advice:edit", args=[advice.pk]),
        "message": "Raised as advice.",
    }
    again = raise_(client, point)
    assert again.status_code == 200 and again.json()["created"] is False
    assert Advice.objects.count() == 1


def test_raising_advice_from_agreed_minutes_is_refused_with_409(role_client, meetings):
    move_to(meetings[0], MeetingStatus.APPROVED)
    response = raise_(role_client("officer"), open_point(meetings[0]))
    assert response.status_code == 409
    assert "approved" in response.json()["error"]
    assert not Advice.objects.exists()


def test_only_officers_raise_advice(role_client, meetings):
    assert raise_(role_client("chair"), open_point(meetings[0])).status_code == 403
    assert not Advice.objects.exists()


def test_a_bad_point_id_is_a_clear_400_not_a_500(role_client, meetings):
    response = role_client("officer").post(reverse("advice:raise"), {"point": "x"}, **JSON)
    assert response.status_code == 400 and "point" in response.json()["error"]


def test_the_named_partner_officer_records_the_response_and_outcome(role_client, meetings, users):
    advice, _ = services.raise_advice(point=open_point(meetings[0]), by=users["officer"])
    advice.responder = users["guest"].person
    advice.save()
    guest = role_client("guest")

    page = guest.get(reverse("advice:detail", args=[advice.pk]))
    assert page.status_code == 200 and b'id="response-form"' in page.content
    assert b'id="outcome-form"' not in page.content  # not before a response
    response = guest.post(
        reverse("advice:respond", args=[advice.pk]),
        {"response": "partly", "response_reasons": "Budget", "response_plan": "Pilot BWV"},
    )
    assert response.status_code == 302
    advice.refresh_from_db()
    assert (advice.response, advice.response_plan, advice.responded_by) == (
        "partly",
        "Pilot BWV",
        users["guest"],
    )
    guest.post(reverse("advice:outcome", args=[advice.pk]), {"outcome": "Pilot ran"})
    advice.refresh_from_db()
    assert advice.outcome == "Pilot ran" and advice.outcome_by == users["guest"]
    history = guest.get(reverse("advice:to_answer"))
    assert f'id="to-answer-{advice.pk}"'.encode() in history.content


def test_a_guest_not_named_may_not_read_or_answer_advice(role_client, meetings, users):
    advice, _ = services.raise_advice(point=open_point(meetings[0]), by=users["officer"])
    guest = role_client("guest")
    assert guest.get(reverse("advice:detail", args=[advice.pk])).status_code == 403
    response = guest.post(reverse("advice:respond", args=[advice.pk]), {"response": "accepted"})
    assert response.status_code == 403
    advice.refresh_from_db()
    assert advice.response == ""


def test_a_response_without_a_choice_shows_the_error_and_keeps_what_was_typed(
    role_client, meetings, users
):
    advice, _ = services.raise_advice(point=open_point(meetings[0]), by=users["officer"])
    response = role_client("chair").post(
        reverse("advice:respond", args=[advice.pk]), {"response_plan": "Keep this text"}
    )
    assert response.status_code == 400
    assert b"Choose accepted, partly or not accepted." in response.content
    assert b'id="error-summary"' in response.content
    assert b"Keep this text" in response.content


def test_after_agreement_the_edit_form_keeps_the_record_and_changes_the_tracking(
    role_client, meetings, users
):
    advice, _ = services.raise_advice(point=open_point(meetings[0]), by=users["officer"])
    theme = Theme.objects.create(body=meetings[0].body, name="Stop and search")
    move_to(meetings[0], MeetingStatus.APPROVED)
    response = role_client("officer").post(
        reverse("advice:edit", args=[advice.pk]),
        {
            "text": "Rewritten",
            "addressee": "Someone else",
            "theme": theme.pk,
            "response_due": "2030-01-31",
        },
    )
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.text == open_point(meetings[0]).text and advice.addressee == "The police"
    assert advice.theme == theme and str(advice.response_due) == "2030-01-31"


def _ledger_rows(response):
    return response.content.decode().count('id="ledger-advice-')


def test_the_ledger_filters_and_highlights_overdue_responses(role_client, meetings, users):
    first, second, _ = meetings
    late, _ = services.raise_advice(point=open_point(first), by=users["officer"])
    Advice.objects.filter(pk=late.pk).update(addressee="LPA Commander")
    answered, _ = services.raise_advice(point=open_point(second), by=users["officer"])
    services.record_response(advice=answered, response="accepted", by=users["chair"])
    services.record_outcome(advice=answered, outcome="Done", by=users["chair"])
    client = role_client("member")
    url = reverse("advice:ledger", args=[first.body.slug])

    everything = client.get(url)
    assert _ledger_rows(everything) == 2
    assert f'id="ledger-advice-{late.pk}" class="table-danger is-overdue"'.encode() in (
        everything.content
    )
    assert _ledger_rows(client.get(url, {"status": "answered"})) == 1
    assert _ledger_rows(client.get(url, {"overdue": "on"})) == 1
    assert _ledger_rows(client.get(url, {"addressee": "commander"})) == 1
    same_year = sum(1 for meeting in (first, second) if meeting.date.year == first.date.year)
    assert _ledger_rows(client.get(url, {"year": first.date.year})) == same_year
    bad = client.get(url, {"status": "nonsense"})
    assert bad.status_code == 200 and b'id="error-summary"' in bad.content


def test_the_csv_export_is_streamed_filtered_and_spreadsheet_safe(role_client, meetings, users):
    advice, _ = services.raise_advice(point=open_point(meetings[0]), by=users["officer"])
    Advice.objects.filter(pk=advice.pk).update(addressee="=HYPERLINK(1)")
    response = role_client("chair").get(
        reverse("advice:ledger_csv", args=[meetings[0].body.slug]), {"status": "awaiting_response"}
    )
    assert response.status_code == 200 and response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Meeting", "Advised", "Advice"]
    assert rows[1][1] == "'=HYPERLINK(1)"
    assert rows[1][2] == advice.text
    assert len(rows) == 2


def test_confidential_advice_stays_out_of_the_public_report_and_printed_minutes(
    role_client, meetings, users
):
    first, second, _ = meetings
    services.raise_advice(point=secret_point(first), by=users["officer"])
    services.raise_advice(point=open_point(first), by=users["officer"])
    move_to(first, MeetingStatus.APPROVED)
    client = role_client("guest")
    slug, year = first.body.slug, first.date.year

    html = client.get(reverse("advice:public_report", args=[slug, year])).content.decode()
    assert SECRET not in html
    assert "2 pieces of advice" in html
    assert "1 piece of this advice was confidential and is counted here" in html
    assert "body worn video" in html

    minutes = role_client("officer").get(reverse("publishing:public_print", args=[second.pk]))
    text = minutes.content.decode()
    assert SECRET not in text
    assert 'id="carried-advice"' in text and "1 piece of confidential advice" in text
    members = role_client("member").get(reverse("publishing:members_print", args=[second.pk]))
    assert SECRET in members.content.decode()


def test_the_ledger_filters_by_theme_and_reads_no_confidential_advice_for_guests(
    role_client, meetings, users
):
    first = meetings[0]
    theme = Theme.objects.create(body=first.body, name="Stop and search", group="Other")
    tagged, _ = services.raise_advice(point=open_point(first), by=users["officer"])
    Advice.objects.filter(pk=tagged.pk).update(theme=theme)
    services.raise_advice(point=secret_point(first), by=users["officer"])
    url = reverse("advice:ledger", args=[first.body.slug])
    member = role_client("member")
    assert _ledger_rows(member.get(url)) == 2
    assert _ledger_rows(member.get(url, {"theme": theme.pk})) == 1
    assert set(Advice.objects.visible_to(users["guest"])) == set()
    assert Advice.objects.visible_to(users["member"]).count() == 2


def test_matters_arising_carries_advice_until_it_has_a_response_and_an_outcome(
    role_client, meetings, users
):
    first, _, upcoming = meetings
    advice, _ = services.raise_advice(point=open_point(first), by=users["officer"])
    officer = role_client("officer")
    url = reverse("actions:matters_arising", args=[upcoming.pk])
    row = f'id="carried-advice-{advice.pk}"'

    assert row in officer.get(url).content.decode()
    services.record_response(advice=advice, response="accepted", by=users["chair"])
    assert row in officer.get(url).content.decode()
    services.record_outcome(advice=advice, outcome="Reviewed", by=users["chair"])
    assert row not in officer.get(url).content.decode()


def test_exporting_the_ledger_and_the_members_report_is_in_the_audit_trail(
    role_client, meetings, users
):
    from accounts.models import AuditEvent, AuditKind

    services.raise_advice(point=secret_point(meetings[0]), by=users["officer"])
    body = meetings[0].body
    member = role_client("member")
    response = member.get(
        reverse("advice:ledger_csv", args=[body.slug]), {"status": "awaiting_response"}
    )
    b"".join(response.streaming_content)
    member.get(reverse("advice:members_report_pdf", args=[body.slug, meetings[0].date.year]))
    member.get(reverse("advice:public_report_pdf", args=[body.slug, meetings[0].date.year]))
    events = AuditEvent.objects.filter(kind=AuditKind.EXPORTED).order_by("pk")
    assert [(e.actor, e.body) for e in events] == [(users["member"], body)] * 2
    assert (
        "Advice ledger CSV" in events[0].detail and "status=awaiting_response" in events[0].detail
    )
    assert "members' edition" in events[1].detail


def test_the_advice_page_links_back_to_the_point_it_was_raised_from(role_client, meetings, users):
    point = open_point(meetings[0])
    advice, _ = services.raise_advice(point=point, by=users["officer"])
    page = role_client("member").get(reverse("advice:detail", args=[advice.pk])).content.decode()
    link = f'href="{meetings[0].get_absolute_url()}#point-{point.pk}" id="advice-point-link"'
    assert link in page
    meeting_page = role_client("member").get(meetings[0].get_absolute_url()).content.decode()
    assert f'id="point-{point.pk}"' in meeting_page
    # The partner officer named to answer it, who may not read the draft, gets no link.
    Advice.objects.filter(pk=advice.pk).update(responder=users["guest"].person)
    guest_page = role_client("guest").get(reverse("advice:detail", args=[advice.pk]))
    assert guest_page.status_code == 200
    assert 'id="advice-point-link"' not in guest_page.content.decode()
