from django.urls import reverse
from states import move_to

from advice import services
from advice.models import Advice
from meetings.models import MeetingStatus

from .conftest import add_meeting, open_point


def test_officers_see_only_their_bodys_advice_in_the_admin(
    role_client, meetings, users, other_body
):
    mine, _ = services.raise_advice(point=open_point(meetings[0]), by=users["officer"])
    elsewhere = add_meeting(other_body, meetings[0].date, users=users)
    theirs = Advice.objects.create(meeting=elsewhere, text="Other body's advice", addressee="X")
    client = role_client("officer")
    listing = client.get(reverse("admin:advice_advice_changelist")).content.decode()
    assert mine.text[:40] in listing and "Other body" not in listing
    assert client.get(reverse("admin:advice_advice_change", args=[theirs.pk])).status_code == 302


def test_agreed_advice_is_read_only_in_the_admin_but_its_response_is_not(
    role_client, meetings, users
):
    advice, _ = services.raise_advice(point=open_point(meetings[0]), by=users["officer"])
    move_to(meetings[0], MeetingStatus.APPROVED)
    client = role_client("officer")
    url = reverse("admin:advice_advice_change", args=[advice.pk])
    page = client.get(url).content.decode()
    assert 'name="text"' not in page and 'name="response"' in page
    response = client.post(
        url,
        {
            "theme": "",
            "responder": "",
            "response_due": "",
            "response": "accepted",
            "response_reasons": "",
            "response_plan": "Will do",
            "response_plan_by": "",
            "outcome": "",
            "outcome_evidence": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    advice.refresh_from_db()
    assert advice.response == "accepted" and advice.responded_by == users["officer"]
    assert client.post(reverse("admin:advice_advice_delete", args=[advice.pk])).status_code == 403
