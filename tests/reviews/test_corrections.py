"""Corrections suggested where members read: their own rows, kept through a later
approval, accepted into the draft or answered by the officer."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Point
from reviews import services
from reviews.models import Correction, CorrectionState, Decision, Review


@pytest.fixture
def point():
    return Point.objects.get(text="AK/1 Welcomed everyone.")


def suggest(client, meeting, point, text="It was LH.", suggested=""):
    return client.post(
        reverse("reviews:suggest", args=[meeting.pk]),
        {"target": f"point-{point.pk}", "text": text, "suggested_text": suggested},
    )


def test_a_member_suggests_a_correction_beside_a_point(role_client, circulated, point, users):
    client = role_client("member")
    html = client.get(circulated.get_absolute_url()).content.decode()
    beside = html.split(f'id="point-{point.pk}"')[1].split('class="minutes-point-row"')[0]
    assert "Suggest a correction" in beside and f'value="point-{point.pk}"' in beside
    response = suggest(client, circulated, point, suggested="LH welcomed everyone.")
    assert response.status_code == 302 and response.url.endswith(f"#point-{point.pk}")
    correction = Correction.objects.get()
    assert (correction.person, correction.point, correction.item) == (
        users["member"].person,
        point,
        point.item,
    )
    assert correction.suggested_text == "LH welcomed everyone."
    assert correction.circulation == circulated.circulations.get()
    html = client.get(circulated.get_absolute_url()).content.decode()
    assert "Your correction:</strong> It was LH." in html


def test_a_correction_survives_the_same_members_later_approval(
    role_client, circulated, point, users
):
    client = role_client("member")
    suggest(client, circulated, point)
    client.post(reverse("reviews:review", args=[circulated.pk]), {"decision": "subject"})
    client.post(reverse("reviews:review", args=[circulated.pk]), {"decision": "approve"})
    assert Correction.objects.get().text == "It was LH."
    assert Review.objects.get().decision == Decision.APPROVE
    html = role_client("officer").get(reverse("reviews:dashboard", args=[circulated.pk]))
    html = html.content.decode()
    assert "<strong>1</strong> correction waits for an answer" in html
    assert "It was LH." in html.split('data-initials="ME"')[1].split("</tr>")[0]


def test_approval_subject_to_corrections_is_counted_as_such(role_client, circulated, point):
    client = role_client("member")
    suggest(client, circulated, point)
    response = client.post(reverse("reviews:review", args=[circulated.pk]), {"decision": "subject"})
    assert response.status_code == 302
    assert Review.objects.get().decision == Decision.APPROVE_SUBJECT
    html = role_client("officer").get(reverse("reviews:dashboard", args=[circulated.pk]))
    html = html.content.decode()
    assert "<strong>0</strong> approved, <strong>1</strong> approved subject to corrections" in html
    page = role_client("officer").get(circulated.get_absolute_url()).content.decode()
    assert "1 approved subject to corrections" in page and "1 correction to answer" in page


def test_approving_subject_to_corrections_needs_a_correction_or_a_comment(role_client, circulated):
    response = role_client("member").post(
        reverse("reviews:review", args=[circulated.pk]), {"decision": "subject"}
    )
    assert response.status_code == 200
    assert "Say what should be corrected." in response.content.decode()
    assert not Review.objects.exists()


def test_a_correction_without_text_is_refused_beside_its_field(role_client, circulated, point):
    response = suggest(role_client("member"), circulated, point, text="  ")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Say what should be corrected." in html and 'role="alert"' in html
    assert not Correction.objects.exists()


def test_the_officer_accepts_a_correction_into_the_draft_and_the_history(
    role_client, circulated, point, users
):
    suggest(role_client("member"), circulated, point, suggested="LH welcomed everyone.")
    correction = Correction.objects.get()
    officer = role_client("officer")
    html = officer.get(circulated.get_absolute_url()).content.decode()
    beside = html.split(f'id="point-{point.pk}"')[1].split('class="minutes-point-row"')[0]
    assert "Correction from Member" in beside and "Accept into the text" in beside
    response = officer.post(
        reverse("reviews:accept_correction", args=[circulated.pk, correction.pk])
    )
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.text == "LH welcomed everyone."
    correction.refresh_from_db()
    assert correction.state == CorrectionState.ACCEPTED
    assert correction.answered_by == users["officer"]
    record = point.history.first()
    assert record.history_user == users["officer"]
    assert record.history_change_reason == "Correction from Member accepted"
    history = officer.get(reverse("reviews:history", args=[circulated.pk])).content.decode()
    assert "Correction from Member accepted" in history
    # A second click does nothing more.
    saved = point.history.count()
    officer.post(reverse("reviews:accept_correction", args=[circulated.pk, correction.pk]))
    assert point.history.count() == saved


def test_changes_since_still_shows_an_accepted_correction(role_client, circulated, point, users):
    member = role_client("member")
    suggest(member, circulated, point, suggested="LH welcomed everyone.")
    member.post(reverse("reviews:review", args=[circulated.pk]), {"decision": "subject"})
    services.accept_correction(correction=Correction.objects.get(), by=users["officer"])
    services.recirculate(meeting=circulated, by=users["officer"])
    html = member.get(circulated.get_absolute_url()).content.decode()
    assert "Changes since version 1, which you reviewed" in html
    assert "<ins>LH</ins>" in html or "LH" in html.split("Changes since version 1")[1]


def test_the_officer_answers_a_correction(role_client, circulated, point, users):
    suggest(role_client("member"), circulated, point)
    correction = Correction.objects.get()
    officer = role_client("officer")
    url = reverse("reviews:answer_correction", args=[circulated.pk, correction.pk])
    officer.post(url, {"answer": ""})
    correction.refresh_from_db()
    assert correction.state == CorrectionState.OPEN
    officer.post(url, {"answer": "LH sent apologies; the minutes are right."})
    correction.refresh_from_db()
    assert correction.state == CorrectionState.ANSWERED
    html = role_client("member").get(circulated.get_absolute_url()).content.decode()
    assert "Answered: LH sent apologies; the minutes are right." in html


def test_a_member_sees_only_their_own_corrections(role_client, circulated, point, users):
    suggest(role_client("chair"), circulated, point, text="Chair's note.")
    html = role_client("member").get(circulated.get_absolute_url()).content.decode()
    assert "Chair&#x27;s note." not in html and "Chair's note." not in html


def test_a_correction_to_another_meetings_point_is_refused(role_client, circulated, next_meeting):
    from meetings.models import AgendaItem

    item = AgendaItem.objects.create(meeting=next_meeting, title="Elsewhere")
    other = Point.objects.create(item=item, text="Not in these minutes")
    response = suggest(role_client("member"), circulated, other)
    assert response.status_code == 200
    assert "That is not a point of these minutes." in response.content.decode()
    assert not Correction.objects.exists()


def test_the_meeting_page_query_count_is_flat_in_corrections(role_client, circulated, point, users):
    officer = role_client("officer")

    def count():
        with CaptureQueriesContext(connection) as queries:
            officer.get(circulated.get_absolute_url())
        return len(queries)

    services.suggest_correction(
        meeting=circulated, member=users["member"].person, text="One", point=point
    )
    count()  # warm: a session's first page caches it and notes its second factor
    before = count()
    for n in range(5):
        services.suggest_correction(
            meeting=circulated, member=users["chair"].person, text=f"More {n}", item=point.item
        )
    assert count() == before


def test_the_dashboard_says_in_words_who_was_emailed_and_why_not(
    role_client, meeting, emails, users, body, django_capture_on_commit_callbacks
):
    from conftest import make_user

    make_user("nomail", body=body, role="member", initials="NM")
    opted = users["chair"].person
    opted.emails_opted_out = True
    opted.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.circulate(meeting=meeting, by=users["officer"])
    assert sorted(m.to[0] for m in mail.outbox) == ["member@example.org", "officer@example.org"]
    html = role_client("officer").get(reverse("reviews:dashboard", args=[meeting.pk]))
    html = html.content.decode()
    assert "Emailed 2 of the 4 people it was sent to." in html
    assert "No email address on record for Nomail." in html
    assert "Asked not to be emailed: Chair." in html
    assert "officers receive the minutes but do not review them" in html


def test_a_comment_on_the_whole_minutes_is_a_correction_that_outlives_the_next_answer(
    role_client, circulated, point, users
):
    """The full review page's comment on "the minutes as a whole" was kept on the Review
    row, where the member's next answer overwrote it: it is a Correction, counted and
    answered like the others."""
    client = role_client("member")
    review = reverse("reviews:review", args=[circulated.pk])
    client.post(review, {"decision": "subject", "concerns": "", "comment": "Add JB's apologies."})
    suggest(client, circulated, point)
    client.post(review, {"decision": "subject"})  # from the bar, no comment this time
    whole = Correction.objects.get(item=None)
    assert (whole.text, whole.point, whole.state) == ("Add JB's apologies.", None, "open")
    assert Correction.objects.count() == 2
    assert Review.objects.get().decision == Decision.APPROVE_SUBJECT
    dashboard = role_client("officer").get(reverse("reviews:dashboard", args=[circulated.pk]))
    dashboard = dashboard.content.decode()
    assert "<strong>2</strong> corrections wait for an answer" in dashboard
    assert "to the minutes as a whole: “Add JB&#x27;s apologies.”" in dashboard
    home = role_client("officer").get(reverse("home")).content.decode()
    assert "2 corrections to answer" in home
    page = role_client("officer").get(circulated.get_absolute_url()).content.decode()
    block = page.split('id="whole-corrections"')[1].split("</section>")[0]
    assert "Correction from Member:</strong> Add JB&#x27;s apologies." in block
    assert reverse("reviews:answer_correction", args=[circulated.pk, whole.pk]) in block
    assert "Accept into the text" not in block  # no wording, no place to put it
    response = role_client("officer").post(
        reverse("reviews:answer_correction", args=[circulated.pk, whole.pk]),
        {"answer": "Added to the apologies."},
    )
    assert response.url.endswith("#whole-corrections")
    whole.refresh_from_db()
    assert (whole.state, whole.answer) == (CorrectionState.ANSWERED, "Added to the apologies.")
    with pytest.raises(services.TransitionError):
        services.accept_correction(correction=whole, by=users["officer"])


def test_a_comment_about_a_point_is_kept_once(role_client, circulated, point):
    role_client("member").post(
        reverse("reviews:review", args=[circulated.pk]),
        {"decision": "correction", "concerns": f"point-{point.pk}", "comment": "Wrong initials."},
    )
    assert Correction.objects.get().point == point
    assert Review.objects.get().comment == ""
    html = role_client("officer").get(reverse("reviews:dashboard", args=[circulated.pk]))
    assert html.content.decode().count("Wrong initials.") == 1


def test_a_note_with_a_plain_approval_stays_on_the_review(role_client, circulated):
    role_client("member").post(
        reverse("reviews:review", args=[circulated.pk]),
        {"decision": "approve", "comment": "Clear minutes, thank you."},
    )
    assert Review.objects.get().comment == "Clear minutes, thank you."
    assert not Correction.objects.exists()


def test_the_migration_moves_old_review_comments_into_corrections(circulated, point, users):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("reviews.migrations.0004_correction_to_the_whole_minutes")
    circulation = circulated.circulations.get()
    Review.objects.create(
        circulation=circulation,
        person=users["member"].person,
        decision=Decision.CORRECTION,
        comment="Add JB.",
    )
    Review.objects.create(
        circulation=circulation,
        person=users["chair"].person,
        decision=Decision.APPROVE_SUBJECT,
        comment="It was LH.",
        point=point,
        item=point.item,
    )
    Correction.objects.create(  # already kept as a correction: not twice
        circulation=circulation, person=users["chair"].person, item=point.item, text="It was LH."
    )
    migration.comments_to_corrections(apps, None)
    assert sorted(Correction.objects.values_list("text", "item", "person")) == [
        ("Add JB.", None, users["member"].person.pk),
        ("It was LH.", point.item.pk, users["chair"].person.pk),
    ]
    assert set(Review.objects.values_list("comment", flat=True)) == {""}


def test_every_point_and_item_has_its_own_correction_control(role_client, circulated):
    from meetings.models import AgendaItem

    html = role_client("member").get(circulated.get_absolute_url()).content.decode()
    items = AgendaItem.objects.filter(meeting=circulated)
    points = Point.objects.filter(item__meeting=circulated)
    assert html.count('<details class="suggest-correction') == items.count() + points.count()
    for item in items:
        assert f'value="item-{item.pk}"' in html
    for point in points:
        assert f'value="point-{point.pk}"' in html
    assert 'name="suggested_text"' in html and "Suggested wording (optional)" in html
