"""Issue 12 on the server: creates are idempotent by client key, speakers and
owners are resolved as the minutes write them, group owners are real owners,
open editors can follow each other, and locked minutes open read-only."""

import datetime
import json
import re
import subprocess
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from states import move_to

from actions.models import Action
from meetings.models import AgendaItem, Attendance, MeetingStatus, Point
from meetings.people import leading_initials
from members.models import Membership, Person, Role


@pytest.fixture
def officer(role_client):
    return role_client("officer")


@pytest.fixture
def item(meeting):
    return meeting.items.get(number="1")


def create(client, meeting, row_kind, **data):
    if row_kind == "point":
        data.setdefault("kind", "discussion")
    return client.post(reverse("meetings:row_create", args=[meeting.pk, row_kind]), data)


def speakers_of(response):
    return Point.objects.get(pk=response.json()["id"]).speakers.values_list("initials", flat=True)


# --- Idempotent creates -------------------------------------------------------------


def test_a_create_sent_twice_with_one_client_key_makes_one_row(officer, meeting, item):
    key = str(uuid.uuid4())
    data = {"item": item.pk, "kind": "discussion", "text": "LH sent apologies.", "client_key": key}
    first = create(officer, meeting, "point", **data)
    again = create(officer, meeting, "point", **data)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert {k: v for k, v in first.json().items() if k != "saved_at"} == {
        k: v for k, v in again.json().items() if k != "saved_at"
    }
    assert item.points.filter(text="LH sent apologies.").count() == 1


def test_a_repeated_create_answers_with_the_row_as_it_is_not_with_what_it_carried(
    officer, meeting, item
):
    key = str(uuid.uuid4())
    create(officer, meeting, "item", title="AOB", state="discussed", client_key=key)
    again = create(officer, meeting, "item", title="AOB", lead="All", client_key=key)
    assert again.json()["fields"]["lead"] == ""  # the page sees the difference and updates
    assert meeting.items.filter(title="AOB").count() == 1


def test_every_kind_of_row_is_created_once_per_key(officer, meeting, item):
    for row_kind, data in [
        ("item", {"title": "AOB", "state": "discussed"}),
        ("action", {"item": item.pk, "description": "NS to write", "owners_text": "All"}),
        ("attendance", {"initials": "ZM", "status": "present"}),
    ]:
        key = str(uuid.uuid4())
        create(officer, meeting, row_kind, client_key=key, **data)
        create(officer, meeting, row_kind, client_key=key, **data)
    assert meeting.items.filter(title="AOB").count() == 1
    assert Action.objects.filter(item=item, description="NS to write").count() == 1
    assert meeting.attendance.filter(initials="ZM").count() == 1


def test_a_client_key_is_unique_in_the_database(meeting, item):
    key = uuid.uuid4()
    Point.objects.create(item=item, text="One", client_key=key)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Point.objects.create(item=item, text="Two", client_key=key)


def test_a_client_key_of_another_meetings_row_is_not_found(officer, meeting, body, item):
    other = meeting.__class__.objects.create(
        body=body, date=datetime.date(2022, 6, 1), start_time=datetime.time(18)
    )
    other_item = AgendaItem.objects.create(meeting=other, title="X")
    key = uuid.uuid4()
    Point.objects.create(item=other_item, text="Elsewhere", client_key=key)
    response = create(officer, meeting, "point", item=item.pk, text="Here", client_key=str(key))
    assert response.status_code in {400, 404}
    assert not item.points.filter(text="Here").exists()


def test_a_malformed_client_key_is_a_400_not_a_500(officer, meeting, item):
    response = create(officer, meeting, "point", item=item.pk, text="x", client_key="nope\x00")
    assert response.status_code == 400


# --- Speakers as the minutes write them -----------------------------------------------


@pytest.mark.parametrize(
    "text, initials",
    [
        ("AK welcomed everyone.", "AK"),
        ("AK: thanks to the hosts.", "AK"),
        ("AK – thanks to the hosts.", "AK"),
        ("AK - thanks to the hosts.", "AK"),
        ("NA:we need a ramp.", "NA"),
        ("KM – discussed a Whatsapp Group", "KM"),
        ("AK/1 Welcomed everyone", "AK/1"),
        ("EBr said", "EBr"),
        ("A discussion took place", ""),
        ("The minutes were agreed", ""),
        ("ATM robberies rose", "ATM"),
    ],
)
def test_the_opening_initials_are_read_in_every_form_the_minutes_use(text, initials):
    assert leading_initials(text) == initials


@pytest.fixture
def two_aks(meeting):
    # AK/1 (the chair) is present; AK/2 sent apologies.
    Attendance.objects.create(
        meeting=meeting, initials="AK/2", name="Angela Kowalski", role="IAG Member",
        status="apologies", order=3,
    )  # fmt: skip
    Attendance.objects.create(meeting=meeting, initials="NA", role="IAG Member", order=4)
    return meeting


def test_ak_means_the_ak_who_is_present(officer, two_aks, item):
    for text in ["AK – thanked everyone.", "AK: thanked everyone.", "AK thanked everyone."]:
        response = create(officer, two_aks, "point", item=item.pk, text=text)
        assert list(speakers_of(response)) == ["AK/1"], text
        assert response.json()["ambiguous"] == []


def test_na_colon_resolves(officer, two_aks, item):
    response = create(officer, two_aks, "point", item=item.pk, text="NA: disability month.")
    assert list(speakers_of(response)) == ["NA"]


def test_when_two_can_be_meant_nobody_is_chosen_and_both_are_named(officer, two_aks, item):
    Attendance.objects.filter(meeting=two_aks, initials="AK/2").update(status="present")
    response = create(officer, two_aks, "point", item=item.pk, text="AK said that...")
    assert list(speakers_of(response)) == []
    assert response.json()["ambiguous"] == [
        {
            "initials": "AK",
            "candidates": ["AK/1 (IAG Chair)", "AK/2 (Angela Kowalski, IAG Member)"],
        }
    ]
    assert response.json()["unknown"] == []  # "Add AK" is not offered: AK is there


def test_typed_speakers_resolve_the_same_way(officer, two_aks, item):
    response = create(
        officer, two_aks, "point", item=item.pk, text="Discussion.", speakers_text="AK, NA"
    )
    assert list(speakers_of(response)) == ["AK/1", "NA"]


# --- Group owners ----------------------------------------------------------------------


def test_all_as_an_owner_is_stored_shown_and_printed(officer, meeting, item):
    response = create(
        officer, meeting, "action", item=item.pk, description="To share the date", owners_text="All"
    )
    action = Action.objects.get(pk=response.json()["id"])
    assert action.owner_group == "All"
    assert response.json()["unknown"] == []
    assert response.json()["fields"]["owners_text"] == "All"
    page = officer.get(reverse("meetings:edit", args=[meeting.pk])).content.decode()
    assert 'value="All"' in page
    printed = officer.get(reverse("publishing:members_print", args=[meeting.pk])).content.decode()
    assert "ACTION All:" in printed


def pdf_text(client, meeting) -> str:
    pdf = client.get(reverse("publishing:members_pdf", args=[meeting.pk])).content
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True)
    return " ".join(text.stdout.decode().split())


def test_all_as_an_owner_typed_in_the_editor_prints_in_the_pdf(officer, meeting, item):
    create(
        officer, meeting, "action", item=item.pk, description="To share the date", owners_text="All"
    )
    text = pdf_text(officer, meeting)
    assert "ACTION All: To share the date" in text
    assert "1 All To share the date" in text  # the actions table: "All", not "-"


def test_the_same_initials_present_and_in_apologies_are_two_people_in_the_pdf(
    officer, meeting, body
):
    """JS present and another JS in apologies, added through the editor: two people,
    each where they were put, after reload and in print."""
    julia = Person.objects.create(name="Julia Stevens")
    Membership.objects.create(person=julia, body=body, initials="JS", position="MKC SaferMK")
    url = reverse("meetings:add_attendee", args=[meeting.pk])
    assert officer.post(url, {"who": "JS", "status": "present"}).status_code == 201
    guest = reverse("meetings:add_guest", args=[meeting.pk])
    data = {"initials": "JS", "name": "John Smith", "role": "Guest", "status": "apologies"}
    asked = officer.post(guest, data)
    assert "JS is already on the attendance" in asked.content.decode()
    assert meeting.attendance.filter(initials__startswith="JS").count() == 1  # asked, not merged
    assert officer.post(guest, data | {"renumber": "1"}).status_code == 201
    rows = meeting.attendance.filter(initials__startswith="JS").order_by("order")
    assert [(a.initials, a.person, a.name, a.status) for a in rows] == [
        ("JS/1", julia, "Julia Stevens", "present"),
        ("JS/2", None, "John Smith", "apologies"),
    ]
    editor = officer.get(reverse("meetings:edit", args=[meeting.pk])).content.decode()
    assert 'value="JS/1"' in editor and 'value="JS/2"' in editor
    text = pdf_text(officer, meeting)
    present, apologies = text.split("Apologies", 1)
    assert "JS/1 MKC SaferMK" in present and "JS/2" not in present
    assert "JS/2 Guest" in apologies and "JS/1" not in apologies


@pytest.mark.parametrize(
    "typed, group",
    [("All", "All"), ("chair", "Chair"), ("IAG members", "IAG members"), ("TVP", "TVP")],
)
def test_group_owners_typed_in_the_owner_box_are_stored_as_written(
    officer, meeting, item, typed, group
):
    response = create(
        officer, meeting, "action", item=item.pk, description="Circulate", owners_text=typed
    )
    assert response.status_code == 201
    assert response.json()["unknown"] == []
    action = Action.objects.get(pk=response.json()["id"])
    assert (action.owner_group, list(action.owners.all())) == (group, [])
    assert response.json()["fields"]["owners_text"] == group


def test_initials_and_a_group_together(officer, meeting, item):
    response = create(
        officer, meeting, "action", item=item.pk, description="Ride-along", owners_text="AK/1, TVP"
    )
    action = Action.objects.get(pk=response.json()["id"])
    assert action.owner_names() == "AK/1, TVP"


def test_a_position_on_the_attendance_is_a_group_owner(officer, meeting, item):
    response = create(
        officer, meeting, "action", item=item.pk, description="Circulate", owners_text="IAG Chair"
    )
    assert Action.objects.get(pk=response.json()["id"]).owner_group == "IAG Chair"


def test_my_actions_lists_a_group_action_for_the_people_it_names(role_client, users, meeting, item):
    Action.objects.create(item=item, description="Everyone to read the strategy", owner_group="All")
    Action.objects.create(item=item, description="Chair to sign", owner_group="Chair")
    member = role_client("member")
    page = member.get(reverse("actions:mine")).content.decode()
    assert "Everyone to read the strategy" in page
    assert "Chair to sign" not in page
    chair = users["chair"]
    assert Membership.objects.get(person__user=chair).role == Role.CHAIR
    owned = Action.objects.for_owner(chair).values_list("description", flat=True)
    assert set(owned) == {"Everyone to read the strategy", "Chair to sign"}
    outsider = users["outsider"]
    assert not Action.objects.for_owner(outsider).exists()


def test_each_group_owner_reaches_the_people_it_names(users, meeting, item):
    """The group owners the minutes write, typed through the editor's form, and whose
    My actions each one reaches (a position or an organisation names its holders)."""
    member = users["member"]
    Person.objects.filter(user=member).update(organisation="TVP")
    Membership.objects.filter(person__user=member).update(position="TVP LPA Commander")
    for group in ["All", "Chair", "IAG members", "TVP", "TVP LPA Commander", "Test chair"]:
        Action.objects.create(item=item, description=f"For {group}", owner_group=group)

    def owned(role):
        return set(Action.objects.for_owner(users[role]).values_list("description", flat=True))

    assert owned("member") == {"For All", "For IAG members", "For TVP", "For TVP LPA Commander"}
    assert owned("chair") == {"For All", "For Chair", "For IAG members", "For Test chair"}
    assert owned("officer") == {"For All"}
    assert owned("outsider") == set()


def test_the_register_shows_a_group_owner(role_client, meeting, item):
    Action.objects.create(item=item, description="Everyone to read the strategy", owner_group="All")
    page = role_client("officer").get(reverse("actions:register")).content.decode()
    assert "Everyone to read the strategy" in page and ">All<" in page.replace("\n", "")


# --- Other officers' changes ---------------------------------------------------------


def test_the_state_changes_with_a_save_a_create_a_delete_and_a_move(officer, meeting, item):
    url = reverse("meetings:editor_state", args=[meeting.pk])
    revision = officer.get(url).json()["revision"]
    assert "rows" not in officer.get(url, {"since": revision}).json()

    point = item.points.first()
    point.text = "Changed elsewhere"
    point.save()
    changed = officer.get(url, {"since": revision}).json()
    assert changed["revision"] != revision
    assert ["point", point.pk, point.version, item.pk, point.order, ""] in changed["rows"]

    revision = changed["revision"]
    point.delete()
    after_delete = officer.get(url, {"since": revision}).json()
    assert all(row[:2] != ["point", point.pk] for row in after_delete["rows"])


def test_the_state_costs_the_same_few_queries_whatever_the_size(officer, meeting, item):
    url = reverse("meetings:editor_state", args=[meeting.pk])
    officer.get(url)
    with CaptureQueriesContext(connection) as small:
        officer.get(url)
    Point.objects.bulk_create(Point(item=item, order=n, text=f"P{n}") for n in range(50))
    with CaptureQueriesContext(connection) as large:
        officer.get(url)
    assert len(large) == len(small)


def test_changed_rows_come_with_their_fields_and_html(officer, meeting, item):
    point = item.points.first()
    url = reverse("meetings:editor_rows", args=[meeting.pk])
    rows = officer.get(url, {"point": str(point.pk), "header": "1"}).json()["rows"]
    by_kind = {row["kind"]: row for row in rows}
    assert by_kind["point"]["fields"]["text"] == point.text
    assert f'id="point-{point.pk}-text"' in by_kind["point"]["html"]
    assert by_kind["header"]["fields"]["start_time"] == "18:00"


def test_rows_of_another_meeting_are_not_given_out(officer, meeting, body):
    other = meeting.__class__.objects.create(
        body=body, date=datetime.date(2022, 6, 1), start_time=datetime.time(18)
    )
    secret = Point.objects.create(
        item=AgendaItem.objects.create(meeting=other, title="X"), text="S"
    )
    url = reverse("meetings:editor_rows", args=[meeting.pk])
    assert officer.get(url, {"point": str(secret.pk)}).json()["rows"] == []


# --- Locked minutes ------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["approved", "published", "cancelled"])
def test_locked_minutes_open_read_only_with_the_reason(officer, meeting, status):
    move_to(meeting, status)
    page = officer.get(reverse("meetings:edit", args=[meeting.pk])).content.decode()
    assert f"These minutes are {MeetingStatus(status).label.lower()}" in page
    assert '<fieldset id="minutes-fields" class="editor-fields" disabled' in page
    assert 'data-add="item"' not in page and "data-add-attendee" not in page
    amend = reverse("reviews:amend", args=[meeting.pk])
    assert (amend in page) == (status != "cancelled")
    state = officer.get(reverse("meetings:editor_state", args=[meeting.pk])).json()
    assert state["locked"] is True


def test_a_guest_may_be_typed_by_initials_alone_and_is_not_added_twice(officer, meeting):
    url = reverse("meetings:add_guest", args=[meeting.pk])
    assert officer.post(url, {"initials": "TSC", "status": "present"}).status_code == 201
    again = officer.post(url, {"initials": "TSC", "status": "present"})
    assert "already on the attendance: nothing was added" in again.content.decode()
    assert meeting.attendance.filter(initials="TSC").count() == 1
    assert Person.objects.filter(name="").count() == 0


# --- The whole-seed browser test types the whole of seeds/001 --------------------------

SEED_001 = next((Path(__file__).resolve().parents[2] / "shared" / "seeds").glob("001_*.txt"))
MARCH_2 = json.loads(
    (Path(__file__).resolve().parents[1] / "meetings" / "demo" / "2022-03-02.json").read_text()
)


def seed_items(text: str) -> list[dict]:
    """The seed's agenda, item by item: number, title, lead and paragraphs, as printed."""
    body = text[text.index("1. Welcome") :]
    items = []
    for paragraph in re.split(r"\n\s*\n", body):
        words = " ".join(paragraph.split())
        heading = re.match(r"^(\d+)\. ([^:*]+?)(?::\s*|\*\*|$)(.*)$", words)
        if heading:
            number, title, rest = heading.groups()
            items.append({"number": number, "title": title, "rest": rest.strip("* "), "paras": []})
        elif words:
            items[-1]["paras"].append(words)
    return items


def test_the_minutes_the_browser_test_types_are_the_whole_of_seed_001():
    """tests/browser/test_editor_typing.py types meetings/demo/2022-03-02.json: it is
    seed 001 word for word, item by item, in order (only the layout differs: a deferred
    item is a state, a lead written on its own line is the item's lead, a link is
    typed as its text and address, the closing "." is not typed)."""
    source = SEED_001.read_text()
    table = re.findall(r"^([A-Z]{2,3})\t(.+)$", source, flags=re.MULTILINE)
    assert len(table) == 25
    # The two AKs of the source are AK/1 (the chair) and AK/2, as the minutes tell them apart.
    expected = [
        ("AK/1" if n == 0 else "AK/2" if i == "AK" else i, role)
        for n, (i, role) in enumerate(table)
    ]
    assert [(a["initials"], a["role"]) for a in MARCH_2["attendance"]] == expected
    printed = seed_items(source)
    assert [i["number"] for i in printed] == [i["number"] for i in MARCH_2["items"]]
    for seed, typed in zip(printed, MARCH_2["items"], strict=True):
        paras = [p.removeprefix("➤ ") for p in seed["paras"]]
        assert typed["title"] == seed["title"].strip()
        lead = seed["rest"] or (
            paras.pop(0) if paras and paras[0] in {"All", "IAG Chair", "LPA Commander"} else ""
        )
        if typed["number"] == "11":
            lead, paras = "", [seed["rest"]] + [p for p in paras if p != "."]
            paras[-1] = paras[-1].removeprefix(". ")
        assert typed["lead"] == lead, typed["title"]
        if paras == ["Deferred to the next meeting."]:
            assert (typed["state"], typed["points"]) == ("deferred", [])
            continue
        typed_text = " ".join(" ".join(p["text"].split()) for p in typed["points"])
        source_text = " ".join(
            re.sub(r"\[(.*?)\]\((.*?)\)", r"\1 \2", p).replace("\\", "") for p in paras
        )
        assert typed_text == source_text, typed["title"]
