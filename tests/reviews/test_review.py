import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from states import move_to

from meetings.models import AgendaItem, Point
from members.models import Role
from reviews import services
from reviews.models import Correction, Decision, Review


def review_url(meeting):
    return reverse("reviews:review", args=[meeting.pk])


def test_a_member_requests_a_correction_tied_to_a_point(role_client, circulated, users):
    point = Point.objects.get(text="AK/1 Welcomed everyone.")
    response = role_client("member").post(
        review_url(circulated),
        {"decision": "correction", "concerns": f"point-{point.pk}", "comment": "It was LH."},
    )
    assert response.status_code == 302
    review = Review.objects.get()
    assert (review.person, review.decision) == (users["member"].person, Decision.CORRECTION)
    assert review.circulation == circulated.circulations.get()
    # The comment is kept once, as a correction beside its point, not on the review.
    correction = Correction.objects.get()
    assert (correction.person, correction.text) == (users["member"].person, "It was LH.")
    assert (correction.point, correction.item) == (point, point.item)
    assert correction.circulation == review.circulation
    assert (review.comment, review.point, review.item) == ("", None, None)


def test_a_correction_can_concern_a_whole_item(role_client, circulated):
    item = AgendaItem.objects.get(number="1")
    role_client("chair").post(
        review_url(circulated),
        {"decision": "correction", "concerns": f"item-{item.pk}", "comment": "Title wrong."},
    )
    correction = Correction.objects.get()
    assert (correction.item, correction.point, correction.text) == (item, None, "Title wrong.")
    assert Review.objects.get().decision == Decision.CORRECTION


def test_a_correction_without_a_comment_is_refused_and_the_choice_kept(role_client, circulated):
    item = AgendaItem.objects.get(number="1")
    response = role_client("member").post(
        review_url(circulated), {"decision": "correction", "concerns": f"item-{item.pk}"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html and 'href="#id_comment"' in html
    assert "Say what should be corrected." in html
    assert f'value="item-{item.pk}" selected' in html
    assert re.search(r'<input type="radio"[^>]*value="correction"[^>]*checked', html)
    assert not Review.objects.exists()


def test_a_point_of_another_meeting_is_not_accepted(role_client, circulated, next_meeting):
    item = AgendaItem.objects.create(meeting=next_meeting, title="Elsewhere")
    other = Point.objects.create(item=item, text="Not in these minutes")
    response = role_client("member").post(
        review_url(circulated),
        {"decision": "correction", "concerns": f"point-{other.pk}", "comment": "x"},
    )
    assert response.status_code == 200  # not a valid choice: the form says so
    assert not Review.objects.exists()


def test_a_member_approves_and_may_change_their_answer(role_client, circulated):
    client = role_client("member")
    client.post(review_url(circulated), {"decision": "correction", "comment": "Typo in 1."})
    client.post(review_url(circulated), {"decision": "approve"})
    review = Review.objects.get()  # one current review per member and version
    assert review.decision == Decision.APPROVE


@pytest.mark.parametrize("role", ["officer", "guest", "outsider", "superuser"])
def test_only_members_and_the_chair_review(role_client, circulated, role):
    response = role_client(role).post(review_url(circulated), {"decision": "approve"})
    assert response.status_code == 403
    assert not Review.objects.exists()


@pytest.mark.parametrize("status", ["draft", "approved", "published"])
def test_reviewing_is_refused_unless_the_minutes_are_circulated(role_client, circulated, status):
    move_to(circulated, status)
    response = role_client("member").post(review_url(circulated), {"decision": "approve"})
    assert response.status_code == 302
    assert not Review.objects.exists()


def test_the_service_refuses_a_review_of_a_draft(meeting, users):
    with pytest.raises(services.TransitionError, match="cannot be reviewed"):
        services.record_review(meeting=meeting, member=users["member"].person, decision="approve")


def test_the_meeting_page_offers_the_review_form_to_members(role_client, circulated):
    html = role_client("member").get(circulated.get_absolute_url()).content.decode()
    assert "Your review" in html and "Request changes" in html and 'id="review-bar"' in html
    assert "Approve subject to corrections" in html and "Suggest a correction" in html
    assert "Zanzibar" in html  # members read confidential points: they may comment on them
    officer_html = role_client("officer").get(circulated.get_absolute_url()).content.decode()
    assert 'id="review-bar"' not in officer_html and "Suggest a correction" not in officer_html


def test_the_dashboard_shows_who_approved_who_asked_what_and_who_is_silent(
    role_client, circulated, users, body
):
    from conftest import make_user

    make_user("silent", body=body, role=Role.MEMBER, initials="SI")
    point = Point.objects.get(text="AK/1 Welcomed everyone.")
    services.record_review(
        meeting=circulated,
        member=users["member"].person,
        decision="correction",
        comment="Add that LH sent apologies.",
        point=point,
    )
    services.record_review(meeting=circulated, member=users["chair"].person, decision="approve")

    response = role_client("officer").get(reverse("reviews:dashboard", args=[circulated.pk]))

    html = response.content.decode()
    rows = {
        initials: html.split(f'data-initials="{initials}"')[1].split("</tr>")[0]
        for initials in ("CH", "ME", "SI")
    }
    assert "Approved" in rows["CH"]
    assert "Asked for changes" in rows["ME"] and "Add that LH sent apologies." in rows["ME"]
    assert "AK/1 Welcomed everyone." in rows["ME"] and "Welcome and Introductions" in rows["ME"]
    assert "No response" in rows["SI"]
    assert 'data-initials="GU"' not in html  # guests do not review
    assert (
        "<strong>1</strong> approved, <strong>0</strong> approved subject to corrections, "
        "<strong>1</strong> asked for changes, <strong>1</strong> have not responded" in html
    )


def test_the_dashboard_query_count_does_not_grow_with_members(role_client, circulated, body):
    from conftest import make_user

    client = role_client("officer")
    url = reverse("reviews:dashboard", args=[circulated.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    count()  # warm: a session's first page caches it and notes its second factor
    before = count()
    for n in range(6):
        user = make_user(f"extra{n}", body=body, role=Role.MEMBER, initials=f"X{'abcdef'[n]}")
        services.record_review(meeting=circulated, member=user.person, decision="approve")
    assert count() == before


def test_members_see_what_changed_since_the_version_they_reviewed(role_client, circulated, users):
    point = Point.objects.get(text="AK/1 Welcomed everyone.")
    services.record_review(
        meeting=circulated,
        member=users["member"].person,
        decision="correction",
        comment="Say who came.",
        point=point,
    )
    point.text = "AK/1 Welcomed everyone, including two new members."
    point.save()
    item = AgendaItem.objects.get(number="1")
    Point.objects.create(item=item, order=2, text="LH sent apologies.")
    services.recirculate(meeting=circulated, by=users["officer"])

    html = role_client("member").get(circulated.get_absolute_url()).content.decode()

    assert "Changes since version 1, which you reviewed" in html
    assert "<ins>everyone, including two new members.</ins>" in html
    assert "<del>everyone.</del>" in html
    assert "<ins>LH sent apologies.</ins>" in html


def test_the_changes_are_escaped(role_client, circulated, users):
    services.record_review(meeting=circulated, member=users["member"].person, decision="approve")
    Point.objects.filter(text="AK/1 Welcomed everyone.").update(text="<script>x()</script>")
    html = role_client("member").get(circulated.get_absolute_url()).content.decode()
    assert "<script>x()" not in html
    assert "&lt;script&gt;x()&lt;/script&gt;" in html


def test_the_meeting_page_query_count_does_not_grow_with_the_review(role_client, circulated, users):
    client = role_client("member")
    services.record_review(meeting=circulated, member=users["member"].person, decision="approve")

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(circulated.get_absolute_url())
        return len(queries)

    before = count()
    item = AgendaItem.objects.create(meeting=circulated, order=3, number="3", title="More")
    for n in range(10):
        Point.objects.create(item=item, order=n, text=f"Point {n}")
    services.recirculate(meeting=circulated, by=users["officer"])
    assert count() == before


def test_members_see_a_changed_action_too(role_client, circulated, users):
    from actions.models import Action

    item = AgendaItem.objects.get(number="1")
    services.record_review(meeting=circulated, member=users["member"].person, decision="approve")
    Action.objects.create(item=item, order=1, description="NS to seek links to the families")
    html = role_client("member").get(circulated.get_absolute_url()).content.decode()
    assert "Added action" in html and "<ins>NS to seek links to the families</ins>" in html
