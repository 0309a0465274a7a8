"""Minute numbers through the municipal year (SMK25 follows the last meeting's SMK24)."""

import datetime

from committee_record import formal_meeting
from django.urls import reverse

from committee.models import Numbering, Procedure
from committee.numbering import next_minute_number


def create_item(client, meeting, **data):
    return client.post(
        reverse("meetings:row_create", args=[meeting.pk, "item"]),
        {"version": 1, "title": "Election of Chair", "state": "discussed", "number": ""} | data,
    )


def test_a_new_item_of_a_formal_meeting_gets_the_next_number_after_the_previous_meeting(
    clerk_client, january
):
    response = create_item(clerk_client, january)
    assert response.status_code == 201
    assert response.json()["fields"]["minute_number"] == 25
    second = create_item(clerk_client, january, title="Minutes")
    assert second.json()["fields"]["minute_number"] == 26
    assert list(january.items.values_list("minute_number", flat=True)) == [25, 26]


def test_a_number_used_earlier_in_the_year_is_refused_beside_the_field(clerk_client, january):
    response = create_item(clerk_client, january, minute_number="24")
    assert response.status_code == 400
    error = response.json()["errors"]["minute_number"][0]
    assert error["code"] == "minute_number_taken"
    assert "SMK24 is already the minute of 24 October 2019" in error["message"]
    assert not january.items.exists()


def test_the_number_can_be_typed_when_it_is_free(clerk_client, january):
    response = create_item(clerk_client, january, minute_number="40")
    assert response.json()["fields"]["minute_number"] == 40
    assert create_item(clerk_client, january).json()["fields"]["minute_number"] == 41


def test_numbers_restart_with_the_municipal_year_unless_continuous(safermk, october):
    june = formal_meeting(safermk, datetime.date(2020, 6, 4))
    assert next_minute_number(june) == 1  # the year starts in May
    Procedure.objects.create(body=safermk, numbering=Numbering.CONTINUOUS)
    assert next_minute_number(june) == 25


def test_the_standard_agenda_of_a_formal_body_is_numbered_on_from_the_last_meeting(
    clerk_client, safermk, january
):
    safermk.standard_items.create(order=1, title="Election of Chair")
    safermk.standard_items.create(order=2, title="Minutes")
    clerk_client.post(reverse("meetings:fill_agenda", args=[january.pk]), {"source": "standard"})
    assert list(january.items.values_list("number", "minute_number")) == [("", 25), ("", 26)]
