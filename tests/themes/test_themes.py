"""Themes: tagging from the editor, keyword suggestions (never tagged silently), the
theme page with its counts and CSV, the annual report, the demo's strategy themes."""

import datetime

import pytest
from django.urls import reverse
from states import move_to

from actions.models import Action
from meetings.models import Meeting, Point, PointKind
from themes import services
from themes.models import DismissedSuggestion, Theme, ThemeTag


@pytest.fixture
def theme(body):
    return Theme.objects.create(
        body=body, name="Acquisitive crime", keywords="robbery\nrobberies\nburglary"
    )


@pytest.fixture
def robbery(meeting):
    item = meeting.items.get(number="1")
    return Point.objects.create(
        item=item, order=2, text="MT reported an increase in ATM robberies."
    )


def test_suggestions_never_tag_without_the_officers_acceptance(role_client, theme, robbery):
    client = role_client("officer")
    page = client.get(reverse("themes:suggestions", args=[theme.body.slug])).content.decode()
    assert "MT reported an increase in ATM robberies." in page
    assert not ThemeTag.objects.exists()
    # Listing the suggestions again, or searching, still tags nothing.
    client.get(reverse("themes:suggestions", args=[theme.body.slug]))
    client.get(reverse("search:index"), {"q": "robbery"})
    assert not ThemeTag.objects.exists()
    response = client.post(
        reverse("themes:suggestions", args=[theme.body.slug]),
        {"kind": "point", "row": robbery.pk, "theme": theme.pk, "decision": "accept"},
    )
    assert response.status_code == 302
    tag = ThemeTag.objects.get()
    assert (tag.point, tag.theme, tag.from_suggestion) == (robbery, theme, True)
    page = client.get(reverse("themes:suggestions", args=[theme.body.slug])).content.decode()
    assert "ATM robberies" not in page


def test_a_rejected_suggestion_tags_nothing_and_is_not_offered_again(role_client, theme, robbery):
    client = role_client("officer")
    client.post(
        reverse("themes:suggestions", args=[theme.body.slug]),
        {"kind": "point", "row": robbery.pk, "theme": theme.pk, "decision": "reject"},
    )
    assert not ThemeTag.objects.exists()
    assert DismissedSuggestion.objects.filter(point=robbery, theme=theme).exists()
    assert services.suggestions(theme.body) == []


def test_suggestions_list_only_the_officers_body(role_client, theme, robbery, other_body):
    other = Theme.objects.create(body=other_body, name="Other", keywords="robberies")
    assert [s.theme for s in services.suggestions(theme.body)] == [theme]
    response = role_client("officer").post(
        reverse("themes:suggestions", args=[theme.body.slug]),
        {"kind": "point", "row": robbery.pk, "theme": other.pk, "decision": "accept"},
    )
    assert response.status_code == 404
    assert not ThemeTag.objects.exists()


def test_members_may_not_accept_suggestions(role_client, theme, robbery):
    response = role_client("member").post(
        reverse("themes:suggestions", args=[theme.body.slug]),
        {"kind": "point", "row": robbery.pk, "theme": theme.pk, "decision": "accept"},
    )
    assert response.status_code == 403
    assert not ThemeTag.objects.exists()


def test_the_editor_tags_and_untags_a_row(role_client, theme, robbery):
    client = role_client("officer")
    url = reverse("themes:tag")
    state = client.get(url, {"kind": "point", "row": robbery.pk}).json()
    assert state == {"themes": [{"id": theme.pk, "name": theme.name, "on": False}]}
    on = client.post(url, {"kind": "point", "row": robbery.pk, "theme": theme.pk, "on": "on"})
    assert on.json()["themes"][0]["on"] is True
    assert ThemeTag.objects.get().meeting_id == robbery.item.meeting_id
    off = client.post(url, {"kind": "point", "row": robbery.pk, "theme": theme.pk})
    assert off.json()["themes"][0]["on"] is False
    assert not ThemeTag.objects.exists()


def test_tagging_an_action_and_an_item(role_client, theme, meeting):
    item = meeting.items.get(number="1")
    action = Action.objects.create(item=item, description="NS to look at burglary figures.")
    client = role_client("officer")
    for kind, pk in (("action", action.pk), ("item", item.pk)):
        client.post(reverse("themes:tag"), {"kind": kind, "row": pk, "theme": theme.pk, "on": "on"})
    assert ThemeTag.objects.filter(action=action).exists()
    assert ThemeTag.objects.filter(item=item).exists()


def test_the_tag_endpoint_refuses_another_bodys_theme_and_bad_input(
    role_client, robbery, other_body
):
    other = Theme.objects.create(body=other_body, name="Other")
    client = role_client("officer")
    response = client.post(
        reverse("themes:tag"), {"kind": "point", "row": robbery.pk, "theme": other.pk, "on": "on"}
    )
    assert response.status_code == 404
    assert client.post(reverse("themes:tag"), {"kind": "minutes", "row": "x"}).status_code == 400
    assert not ThemeTag.objects.exists()


def test_the_theme_page_counts_per_meeting_and_year_with_a_chart_and_csv(
    role_client, theme, robbery, meeting
):
    services.tag(theme=theme, row=robbery, by=None)
    services.tag(theme=theme, row=meeting.items.get(number="1"), by=None)
    client = role_client("member")
    html = client.get(reverse("themes:detail", args=[theme.body.slug, theme.pk])).content.decode()
    assert "Came up 2 times in 1 meeting." in html
    assert "<svg" in html and ">2022<" in html
    assert "ATM robberies" in html
    csv = client.get(reverse("themes:csv", args=[theme.body.slug, theme.pk])).content.decode()
    assert csv.splitlines() == [
        "theme,meeting date,year,times it came up",
        "Acquisitive crime,2022-03-02,2022,2",
    ]


def test_guests_do_not_see_a_drafts_counts_nor_confidential_points(role_client, theme, meeting):
    secret = meeting.items.get(number="2").points.get()
    services.tag(theme=theme, row=secret, by=None)
    html = role_client("guest").get(reverse("themes:detail", args=[theme.body.slug, theme.pk]))
    assert "Came up 0 times" in html.content.decode()
    move_to(meeting, "approved")
    html = role_client("guest").get(reverse("themes:detail", args=[theme.body.slug, theme.pk]))
    assert "Came up 1 time " in html.content.decode()
    assert "Zanzibar" not in html.content.decode()


def test_the_theme_page_reads_a_fixed_number_of_queries(
    role_client, theme, meeting, django_assert_max_num_queries
):
    item = meeting.items.get(number="1")
    points = Point.objects.bulk_create(
        Point(item=item, order=10 + n, text=f"Burglary {n}.") for n in range(30)
    )
    ThemeTag.objects.bulk_create(ThemeTag(theme=theme, point=p, meeting=meeting) for p in points)
    client = role_client("member")
    with django_assert_max_num_queries(12):
        client.get(reverse("themes:detail", args=[theme.body.slug, theme.pk]))


def test_the_officer_adds_and_edits_themes_and_errors_keep_the_input(role_client, body, theme):
    client = role_client("officer")
    response = client.post(
        reverse("themes:create", args=[body.slug]),
        {"name": "Hate crime", "keywords": "hate crime", "order": 2},
    )
    assert response.status_code == 302
    assert Theme.objects.filter(body=body, name="Hate crime").exists()
    response = client.post(
        reverse("themes:create", args=[body.slug]),
        {"name": "Acquisitive crime", "description": "Kept text", "order": 3},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "This body already has a theme of that name." in html
    assert "Kept text" in html


def test_the_annual_report(role_client, theme, meeting, robbery):
    item = meeting.items.get(number="1")
    decision = Point.objects.create(
        item=item, order=3, kind=PointKind.DECISION, text="RESOLVED that patrols increase."
    )
    Point.objects.create(
        item=meeting.items.get(number="2"),
        order=2,
        kind=PointKind.DECISION,
        text="RESOLVED in secret about Zanzibar.",
    )
    services.tag(theme=theme, row=decision, by=None)
    Action.objects.create(
        item=item, description="NS to check.", due_date=datetime.date(2022, 3, 20)
    )
    Meeting.objects.create(
        body=meeting.body, date=datetime.date(2022, 9, 1), start_time=datetime.time(18)
    )  # scheduled: not held
    client = role_client("chair")
    html = client.get(reverse("themes:report", args=[meeting.body.slug, 2022])).content.decode()
    assert "1 meeting in 2022." in html
    assert "RESOLVED that patrols increase." in html
    assert "Zanzibar" not in html
    assert "Acquisitive crime" in html
    assert '<th scope="row">Raised at the year\'s meetings</th><td>1</td>' in html
    pdf = client.get(reverse("themes:report_pdf", args=[meeting.body.slug, 2022]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert client.get(reverse("themes:report", args=[meeting.body.slug, 1500])).status_code == 404


def test_the_demo_loads_the_strategy_priorities_as_themes(demo):
    names = set(Theme.objects.filter(body=demo).values_list("name", flat=True))
    assert {"Domestic violence and abuse", "Serious violence", "Modern slavery"} <= names
    assert {"Anti-social behaviour", "Acquisitive crime", "Prevent", "Hate crime"} <= names
    assert {"FGM, honour-based violence and forced marriage", "Community cohesion"} <= names
