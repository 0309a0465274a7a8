"""Load the demo: the Milton Keynes IAG, its people, two meetings from real minutes, logins."""

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from actions.models import Action
from meetings import lifecycle
from meetings.models import AgendaItem, Attendance, Meeting, MeetingStatus, Point
from members.models import Body, ItemKind, Membership, Person, StandardItem

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
DEMO_PASSWORD = "minutes-demo"

IAG_STANDARD_AGENDA = [
    ("Welcome and Introductions", "IAG Chair"),
    ("Previous notes/actions", "All"),
    ("Chairs Report", "IAG Chair"),
    ("LPA Commanders Updates", "LPA Commander"),
    ("Stop and Search Data and Discussion", "All"),
    ("Hate Crime Case Studies and Discussion", "All"),
    ("Other Crime Updates", "LPA Commander"),
    ("Members Feedback / Issues to raise", "All"),
    ("AOB", "IAG Chair"),
    ("Agenda items requested for next meeting", "All"),
    ("Next Meeting Dates", ""),
]
CSP_STANDARD_AGENDA = [
    ("Election of Chair", ""),
    ("Minutes", ""),
    ("Disclosures of Interest", ""),
    ("Date of Next Meeting", ""),
]
# username -> the demo person (people.json key) whose role the login carries.
DEMO_LOGINS = {
    "officer": ("DL", "types and manages the minutes"),
    "chair": ("AK1", "sets the programme, signs off minutes"),
    "member": ("NA", "reads and approves minutes"),
    "guest": ("MT", "partner officer: reads agreed minutes"),
}
MEETING_FILES = [
    ("2021-12-07.json", MeetingStatus.APPROVED),
    ("2022-03-02.json", MeetingStatus.DRAFT),
]


class Command(BaseCommand):
    help = "Create the demo bodies, people, two meetings from real minutes, and demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DEBUG off. Demo logins have a published password.",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to load demo logins with a published password while DJANGO_DEBUG=0. "
                "Use --force on a throwaway database only."
            )
        with transaction.atomic():
            if Body.objects.filter(slug="mk-iag").exists():
                self.stdout.write("Demo data is already loaded.")
            else:
                self.load()
            self.ensure_logins()
        self.print_logins()

    def load(self):
        iag = Body.objects.create(
            name="Milton Keynes Independent Advisory Group",
            short_name="MK IAG",
            slug="mk-iag",
            default_location="The Point, Milton Keynes",
            default_start_time=datetime.time(18, 0),
            default_end_time=datetime.time(19, 30),
            protective_marking="OFFICIAL-SENSITIVE",
        )
        csp = Body.objects.create(
            name="SaferMK Partnership",
            short_name="SaferMK",
            slug="safermk",
            minute_prefix="SMK",
            default_location="Civic, Milton Keynes Council",
            default_start_time=datetime.time(14, 0),
            publishes_minutes=True,
        )
        for body, agenda in ((iag, IAG_STANDARD_AGENDA), (csp, CSP_STANDARD_AGENDA)):
            StandardItem.objects.bulk_create(
                StandardItem(
                    body=body, order=n, title=title, lead=lead, kind=ItemKind.from_title(title)
                )
                for n, (title, lead) in enumerate(agenda, start=1)
            )

        people = {}
        for row in json.loads((DEMO_DIR / "people.json").read_text()):
            person = Person.objects.create(name=row["name"], organisation=row["organisation"])
            Membership.objects.create(
                body=iag,
                person=person,
                role=row["role"],
                position=row["position"],
                initials=row["initials"],
                start_date=datetime.date(2021, 1, 1),
            )
            people[row["key"]] = person

        for filename, status in MEETING_FILES:
            data = json.loads((DEMO_DIR / filename).read_text())
            self.load_meeting(iag, data, people, status)
        # The partnership strategy's priorities, as each body's themes (themes/).
        from themes.demo import load_strategy_themes

        for body in (iag, csp):
            load_strategy_themes(body)
        self.stdout.write(f"Loaded {len(people)} people and {len(MEETING_FILES)} meetings.")

    def load_meeting(self, body, data, people, status):
        meeting = Meeting.objects.create(
            body=body,
            date=datetime.date.fromisoformat(data["date"]),
            start_time=datetime.time.fromisoformat(data["start_time"]),
            end_time=data["end_time"] and datetime.time.fromisoformat(data["end_time"]),
            location=data["location"],
            status=MeetingStatus.DRAFT,
        )
        attendance = {}
        for order, row in enumerate(data["attendance"], start=1):
            person = people[row["person"]]
            attendance[row["initials"]] = Attendance.objects.create(
                meeting=meeting,
                person=person,
                name=person.name,
                initials=row["initials"],
                role=row["role"],
                status=row["status"],
                is_minute_taker=row["minute_taker"],
                order=order,
            )
        marked = False  # the demo marks its first "Previous notes/actions" item
        for order, row in enumerate(data["items"], start=1):
            kind = ItemKind.from_title(row["title"], taken=marked)
            marked = marked or kind == ItemKind.PREVIOUS_MINUTES
            item = AgendaItem.objects.create(
                meeting=meeting,
                order=order,
                number=row["number"],
                title=row["title"],
                lead=row["lead"],
                state=row["state"],
                kind=ItemKind.from_title(
                    row["title"],
                    taken=meeting.items.filter(kind=ItemKind.PREVIOUS_MINUTES).exists(),
                ),
            )
            for point_order, point_row in enumerate(row["points"], start=1):
                point = Point.objects.create(
                    item=item, order=point_order, kind=point_row["kind"], text=point_row["text"]
                )
                point.speakers.set(attendance[i] for i in point_row["speakers"])
            for action_order, action_row in enumerate(row["actions"], start=1):
                action = Action.objects.create(
                    item=item,
                    order=action_order,
                    description=action_row["description"],
                    due_date=datetime.date.fromisoformat(action_row["due"]),
                )
                action.owners.set(attendance[i] for i in action_row["owners"])
        if status == MeetingStatus.APPROVED:  # agreed before the portal: as an import is
            lifecycle.apply(meeting, "record_agreed", by=None, note="Demo minutes.")
        next_date = datetime.date.fromisoformat(data["next_meeting"])
        Meeting.objects.get_or_create(
            body=body,
            date=next_date,
            start_time=meeting.start_time,
            defaults={"location": body.default_location, "status": MeetingStatus.SCHEDULED},
        )

    def ensure_logins(self):
        """Demo users for each role, linked to their person; reset to the demo password."""
        User = get_user_model()
        initials_of = {
            row["key"]: row["initials"]
            for row in json.loads((DEMO_DIR / "people.json").read_text())
        }
        for username, (key, _purpose) in DEMO_LOGINS.items():
            membership = Membership.objects.select_related("person").get(
                body__slug="mk-iag", initials=initials_of[key]
            )
            person = membership.person
            user, _ = User.objects.get_or_create(username=username)
            user.first_name, _, user.last_name = person.name.partition(" ")
            user.set_password(DEMO_PASSWORD)
            user.save()
            person.user = user
            person.save(update_fields=["user"])
        admin, _ = User.objects.get_or_create(
            username="admin", defaults={"is_staff": True, "is_superuser": True}
        )
        admin.set_password(DEMO_PASSWORD)
        admin.save()

    def print_logins(self):
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password for all: {DEMO_PASSWORD})"))
        for username, (_key, purpose) in DEMO_LOGINS.items():
            self.stdout.write(f"  {username:<8} {purpose}")
        self.stdout.write(f"  {'admin':<8} superuser: everything, including the Django admin")
