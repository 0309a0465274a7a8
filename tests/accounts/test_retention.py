"""`apply_retention` removes what each body's policy says, and nothing else."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from states import move_to

from accounts.models import AuditEvent, AuditKind, BodyPolicy
from imports.models import ImportRecord
from meetings.models import AgendaItem, Meeting, MeetingStatus, Point
from members.models import Membership, Person
from reviews.models import Circulation, Correction, Decision, Review

LONG_AGO = datetime.date(2012, 5, 1)


def retention(*args):
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def old_records(body, meeting, users):
    """Agreed minutes of 2012 with reviews and an import, and a member who left in 2013."""
    BodyPolicy.objects.create(
        body=body,
        keep_review_comments_years=6,
        keep_import_sources_years=6,
        keep_personal_details_years=6,
    )
    old = Meeting.objects.create(body=body, date=LONG_AGO, start_time=datetime.time(18))
    item = AgendaItem.objects.create(meeting=old, order=1, number="1", title="Case review")
    move_to(old, MeetingStatus.PUBLISHED)
    circulation = Circulation.objects.create(meeting=old, number=1, by=users["officer"])
    former = Person.objects.create(name="Former Member", email="former@example.org")
    Membership.objects.create(
        body=body,
        person=former,
        role="member",
        position="IAG Member",
        initials="FM",
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2013, 1, 1),
    )
    Review.objects.create(
        circulation=circulation, person=former, decision=Decision.CORRECTION, comment="Item 3 wrong"
    )
    Review.objects.create(
        circulation=circulation,
        person=users["member"].person,
        decision=Decision.APPROVE,
        comment="Fine by me",
    )
    # Today's draft under review keeps its comments whatever their age rule.
    current = Circulation.objects.create(meeting=meeting, number=1, by=users["officer"])
    Review.objects.create(
        circulation=current, person=former, decision=Decision.CORRECTION, comment="Current"
    )
    record = ImportRecord.objects.create(
        meeting=old,
        source_name="2012-05.docx",
        sha256="a" * 64,
        report={"source": "2012-05.docx", "date": "2012-05-01", "not_imported": [{"text": "JH"}]},
    )
    ImportRecord.objects.filter(pk=record.pk).update(
        imported_at=timezone.now() - datetime.timedelta(days=365 * 10)
    )
    Correction.objects.create(
        circulation=circulation, person=former, item=item, text="The name in item 1 is wrong"
    )
    return {"old": old, "former": former, "record": record}


def test_a_dry_run_lists_what_would_go_and_changes_nothing(old_records):
    before = (Review.objects.count(), Person.objects.get(name="Former Member").email)
    out = retention("--dry-run")
    assert "review comments on agreed minutes of meetings before" in out
    assert "Former Member, asked for changes" in out
    assert "corrections suggested to those minutes: 1" in out
    assert "2012-05.docx" in out
    assert "- Former Member" in out
    assert "dry run: nothing removed" in out
    assert (Review.objects.count(), Person.objects.get(name="Former Member").email) == before
    assert not AuditEvent.objects.filter(kind=AuditKind.RETENTION_APPLIED).exists()


def test_applying_removes_exactly_what_the_policy_says(old_records, meeting):
    points_before = Point.objects.count()
    retention()
    old = old_records["old"]
    assert not Review.objects.filter(circulation__meeting=old, decision="correction").exists()
    assert not Correction.objects.filter(circulation__meeting=old).exists()
    approval = Review.objects.get(circulation__meeting=old, decision="approve")
    assert approval.comment == ""  # the approval itself stays on record
    assert Review.objects.get(circulation__meeting=meeting).comment == "Current"
    record = ImportRecord.objects.get(pk=old_records["record"].pk)
    assert "not_imported" not in record.report and record.report["source"] == "2012-05.docx"
    former = Person.objects.get(pk=old_records["former"].pk)
    assert former.email == "" and "removed" in former.name
    assert Membership.objects.get(person=former).initials == "FM"  # the minutes keep initials
    assert Meeting.objects.filter(pk=old.pk, status="published").exists()
    assert Point.objects.count() == points_before
    assert AuditEvent.objects.filter(kind=AuditKind.RETENTION_APPLIED).count() == 1


def test_a_current_member_keeps_their_details(old_records, users):
    retention()
    assert Person.objects.get(user=users["member"]).name == "Member"


def test_a_person_still_in_another_body_keeps_their_details(old_records, other_body):
    Membership.objects.create(
        body=other_body, person=old_records["former"], role="member", position="X", initials="FM"
    )
    retention()
    assert Person.objects.get(pk=old_records["former"].pk).email == "former@example.org"


def test_a_blank_period_keeps_for_ever(old_records, body):
    BodyPolicy.objects.filter(body=body).update(
        keep_review_comments_years=None,
        keep_import_sources_years=None,
        keep_personal_details_years=None,
    )
    out = retention()
    assert Review.objects.filter(comment="Item 3 wrong").exists()
    assert Person.objects.get(pk=old_records["former"].pk).email == "former@example.org"
    assert "review comments" not in out


def test_a_body_without_a_policy_loses_nothing(other_body):
    assert "Other Partnership: no retention policy set; nothing removed." in retention()


def test_the_former_members_login_is_disabled(old_records, django_user_model):
    user = django_user_model.objects.create_user("former", email="former@example.org", password="x")
    Person.objects.filter(pk=old_records["former"].pk).update(user=user)
    retention()
    user.refresh_from_db()
    assert not user.is_active and user.email == "" and user.username == f"removed-{user.pk}"
    assert not user.has_usable_password()


def test_agreed_minutes_that_named_a_forgotten_person_are_printed_again(
    old_records, django_capture_on_commit_callbacks
):
    from meetings.models import Attendance, amendment
    from publishing.models import StoredDocument

    old = old_records["old"]
    with amendment(old.pk):  # arranging: the former member attended those minutes
        Attendance.objects.create(meeting=old, person=old_records["former"], initials="FM")
    version = Meeting.objects.get(pk=old.pk).version
    with django_capture_on_commit_callbacks(execute=True):
        retention()
    old.refresh_from_db()
    assert old.version > version  # a new version: the files of the old one are not served
    stored = StoredDocument.objects.filter(meeting=old)
    assert set(stored.values_list("version", flat=True)) == {old.version}
