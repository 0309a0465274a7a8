"""Open data: the public edition of published minutes as JSON (validated against the
schema in the repo), the index per body with ETag/Last-Modified, the Atom feed."""

import json
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings
from django.urls import reverse
from states import move_to

from actions.models import Action
from meetings.models import Attendance, Point, PointKind

SCHEMA = json.loads(
    (Path(settings.BASE_DIR) / "publishing/schema/opendata-meeting.schema.json").read_text()
)
PLANTED = "Zanzibar-walrus"  # the conftest meeting's confidential item
ALSO_PLANTED = "Ocelot-confidential"


@pytest.fixture
def published(meeting):
    body = meeting.body
    body.publishes_minutes = True
    body.save()
    item = meeting.items.get(number="1")
    Point.objects.create(item=item, order=2, text=f"{ALSO_PLANTED} remark.", confidential=True)
    Point.objects.create(item=item, order=3, kind=PointKind.DECISION, text="RESOLVED to meet.")
    Action.objects.create(item=meeting.items.get(number="2"), description=f"{PLANTED} action")
    Action.objects.create(item=item, description="AK/1 to write to the council.")
    chair = meeting.attendance.get(initials="AK/1")
    Attendance.objects.filter(pk=chair.pk).update(note=f"{ALSO_PLANTED} note")
    move_to(meeting, "published")
    return meeting


def test_the_json_of_a_published_meeting_validates_and_holds_nothing_confidential(
    client, published
):
    response = client.get(reverse("opendata:meeting", args=[published.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = response.json()
    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())
    text = response.content.decode()
    assert PLANTED not in text and ALSO_PLANTED not in text
    assert document["decisions"][0]["text"] == "RESOLVED to meet."
    withheld = [item for item in document["agenda"] if item["withheld"]]
    assert [item["description"] for item in withheld] == ["Case review"]
    assert withheld[0]["points"] == [] and withheld[0]["actions"] == []
    assert {p["initials"]: p["attendance"] for p in document["participants"]} == {
        "AK/1": "present",
        "LH": "apologies",
    }


def test_unpublished_minutes_have_no_open_data(client, meeting):
    assert client.get(reverse("opendata:meeting", args=[meeting.pk])).status_code == 404
    move_to(meeting, "approved")
    assert client.get(reverse("opendata:meeting", args=[meeting.pk])).status_code == 404


def test_the_body_index_answers_with_etag_and_last_modified(client, published):
    url = reverse("opendata:body", args=[published.body.slug])
    response = client.get(url)
    assert response.status_code == 200
    index = response.json()
    assert [event["id"] for event in index["events"]] == [
        f"http://testserver{reverse('opendata:meeting', args=[published.pk])}"
    ]
    assert response["ETag"] and response["Last-Modified"]
    again = client.get(url, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304
    since = client.get(url, headers={"If-Modified-Since": response["Last-Modified"]})
    assert since.status_code == 304
    document = client.get(reverse("opendata:meeting", args=[published.pk]))
    again = client.get(
        reverse("opendata:meeting", args=[published.pk]),
        headers={"If-None-Match": document["ETag"]},
    )
    assert again.status_code == 304


def test_a_body_that_does_not_publish_has_no_index(client, body):
    assert client.get(reverse("opendata:body", args=[body.slug])).status_code == 404


def test_the_atom_feed_lists_newly_published_minutes(client, published, other_body):
    response = client.get(reverse("opendata:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = response.content.decode()
    assert "Test Independent Advisory Group: minutes of 2 March 2022" in feed
    assert reverse("publishing:public_print", args=[published.pk]) in feed
    assert PLANTED not in feed and ALSO_PLANTED not in feed


def test_the_documents_read_a_fixed_number_of_queries(
    client, published, django_assert_max_num_queries
):
    from meetings.models import amendment

    item = published.items.get(number="1")
    with amendment(published.pk):
        Point.objects.bulk_create(
            Point(item=item, order=10 + n, text=f"Point {n}.") for n in range(30)
        )
    with django_assert_max_num_queries(14):
        client.get(reverse("opendata:meeting", args=[published.pk]))
