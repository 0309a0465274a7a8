"""The first page after sign-in: what waits for this person, across their bodies.

Built as one plain frozen object in a fixed number of queries, whatever the
number of meetings, circulations or actions; each line links to the page where
the thing is done. What each role is shown comes from members/permissions.py:
nothing from a body the person is not in.

- officers (EDIT_MINUTES): tonight's or the next meeting ("Start the minutes"),
  drafts to circulate, corrections to answer, minutes to publish;
- reviewers (REVIEW_MINUTES): minutes waiting for their review, with the
  deadline; their own open actions; the next meeting;
- the chair (SIGN_OFF): minutes awaiting sign-off; the programme's next dates.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from meetings.models import Meeting, MeetingStatus
from members import permissions
from members.permissions import Perm
from reviews.models import Circulation, Correction, CorrectionState, Review

# Minutes whose open corrections the officer answers.
CORRECTABLE = [MeetingStatus.DRAFT, MeetingStatus.CIRCULATED, MeetingStatus.APPROVED]
NEXT_DATES = 3  # programme dates shown to the chair, per body
# The page is sized to its reader: an officer of forty bodies (or a superuser of four
# hundred) sees the first tasks of each section, in date order, and how many more.
SHOWN_PER_SECTION = 10
# What a task says of its meeting (when, where, the body's name and programme).
MEETING_FIELDS = (
    "pk",
    "body_id",
    "date",
    "start_time",
    "location",
    "topic",
    "status",
    "body__short_name",
    "body__slug",
    "body__publishes_minutes",
)


@dataclass(frozen=True, slots=True)
class BodyName:
    short_name: str
    slug: str
    publishes_minutes: bool


@dataclass(frozen=True, slots=True)
class MeetingRow:
    """What the page reads of a meeting: a national superuser's sections count about
    2,000 meetings, and a row costs a fifth of a model instance (each task shown is
    made from one of these)."""

    pk: int
    body_id: int
    date: datetime.date
    start_time: datetime.time
    location: str
    topic: str
    status: str
    body: BodyName


def meeting_rows(queryset) -> list[MeetingRow]:
    """The meetings of `queryset` as rows, in its order (one query)."""
    bodies = {}
    rows = []
    for (
        pk,
        body_id,
        date,
        start,
        location,
        topic,
        status,
        short,
        slug,
        publishes,
    ) in queryset.values_list(*MEETING_FIELDS):
        body = bodies.get(body_id)
        if body is None:
            body = bodies[body_id] = BodyName(short, slug, publishes)
        rows.append(MeetingRow(pk, body_id, date, start, location, topic, status, body))
    return rows


@dataclass(frozen=True)
class Task:
    """One thing waiting, and the tap that gets it done."""

    what: str  # "Test IAG, Wednesday 2 March 2022"
    detail: str  # "3 corrections to answer"
    url: str
    action: str  # the button: "Start the minutes"
    due: datetime.date | None = None
    overdue: bool = False


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    tasks: tuple[Task, ...]
    empty: str
    more: int = 0  # tasks of this section not shown

    @property
    def count(self) -> int:
        return len(self.tasks) + self.more


@dataclass(frozen=True)
class Home:
    name: str
    sections: tuple[Section, ...]
    emails: bool | None = None  # None: no person, nothing to choose

    @property
    def waiting(self) -> int:
        return sum(s.count for s in self.sections if s.key not in {"next", "programme"})


def when(meeting: "Meeting | MeetingRow") -> str:
    return f"{meeting.body.short_name}, {meeting.date:%A} {meeting.date.day} {meeting.date:%B %Y}"


def _ids(user, perm: Perm):
    """Body ids where the user may `perm`, or None for every body (superusers)."""
    return permissions.bodies_where(user, perm)


def _in(queryset, bodies, path="body_id"):
    return queryset if bodies is None else queryset.filter(**{f"{path}__in": bodies})


def build_home(user) -> Home:
    today = timezone.localdate()
    person = getattr(user, "person", None)
    editing = _ids(user, Perm.EDIT_MINUTES)
    reviewing = _ids(user, Perm.REVIEW_MINUTES) if person is not None else []
    signing = _ids(user, Perm.SIGN_OFF)
    viewing = _ids(user, Perm.VIEW_MEETING)

    def anywhere(bodies):
        return bodies is None or bool(bodies)

    # 1 query: every meeting a section lists, in the bodies the user sees: drafts,
    # circulated minutes, and approved minutes only where the body publishes them
    # (approved minutes of a body that does not publish wait for nobody; a national
    # superuser would otherwise read every agreed meeting of half the country).
    open_minutes = meeting_rows(
        _in(Meeting.objects.visible_to(user), viewing)
        .filter(
            Q(status__in=[MeetingStatus.DRAFT, MeetingStatus.CIRCULATED])
            | Q(status=MeetingStatus.APPROVED, body__publishes_minutes=True)
        )
        .order_by("date", "start_time")
    )
    # 1 query: the meetings from today, for "next" and the programme.
    upcoming = meeting_rows(
        _in(Meeting.objects.visible_to(user), viewing)
        .filter(date__gte=today, date__lte=today + datetime.timedelta(days=400))
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("date", "start_time")
    )
    circulated = [m for m in open_minutes if m.status == MeetingStatus.CIRCULATED]
    # 1 query: the latest circulation of each circulated meeting.
    latest = {}
    if circulated:
        circulated_ids = [m.pk for m in circulated]
        numbers = dict(
            Circulation.objects.filter(meeting__in=circulated_ids)
            .values("meeting_id")
            .annotate(last=Max("number"))
            .values_list("meeting_id", "last")
        )
        for circulation in Circulation.objects.filter(meeting__in=circulated_ids).only(
            "pk", "meeting_id", "number", "deadline"
        ):
            if numbers.get(circulation.meeting_id) == circulation.number:
                latest[circulation.meeting_id] = circulation

    sections = []
    if anywhere(editing):
        sections += _officer_sections(user, viewing, editing, open_minutes, upcoming, today)
    if anywhere(reviewing):
        sections += _member_sections(user, person, reviewing, circulated, latest, today)
    if anywhere(signing):
        sections += _chair_sections(signing, circulated, latest, upcoming)
    if not anywhere(editing) and not anywhere(signing) and anywhere(viewing):
        sections.append(_next_meetings(upcoming, viewing))
    name = person.name if person is not None else (user.get_full_name() or user.username)
    return Home(
        name=name,
        sections=tuple(s for s in sections if s is not None),
        emails=None if person is None else not person.emails_opted_out,
    )


def _section(key: str, title: str, rows: list, make, empty: str) -> Section:
    """The first SHOWN_PER_SECTION `rows` (in date order) made into tasks by `make`, and
    how many more: a national superuser's sections hold thousands of rows, and each
    task costs URL reversals, so only the tasks shown are made."""
    return Section(
        key,
        title,
        tuple(make(row) for row in rows[:SHOWN_PER_SECTION]),
        empty,
        more=max(len(rows) - SHOWN_PER_SECTION, 0),
    )


def _allowed(meeting, bodies) -> bool:
    return bodies is None or meeting.body_id in bodies


def _detail(meeting, anchor="") -> str:
    return reverse("meetings:detail", args=[meeting.pk]) + (f"#{anchor}" if anchor else "")


def _first_of_each_body(upcoming, bodies, per_body: int = 1) -> list:
    """The first `per_body` meetings of each body in `bodies`, in date order."""
    chosen, seen = [], {}
    for meeting in upcoming:
        if not _allowed(meeting, bodies) or seen.get(meeting.body_id, 0) >= per_body:
            continue
        seen[meeting.body_id] = seen.get(meeting.body_id, 0) + 1
        chosen.append(meeting)
    return chosen


def _next_task(meeting, today) -> Task:
    tonight = meeting.date == today
    started = meeting.status == MeetingStatus.DRAFT
    return Task(
        what=when(meeting),
        detail=("Tonight" if tonight else "Next meeting")
        + f", {meeting.start_time:%H:%M}"
        + (f", {meeting.location}" if meeting.location else ""),
        url=reverse("meetings:edit", args=[meeting.pk]),
        action="Continue the minutes" if started else "Start the minutes",
    )


def _officer_sections(user, viewing, bodies, open_minutes, upcoming, today):
    # Tonight's or the next meeting of each body the officer minutes.
    nexts = [
        m
        for m in _first_of_each_body(upcoming, bodies)
        if m.status in {MeetingStatus.SCHEDULED, MeetingStatus.DRAFT}
    ]
    mine = [m for m in open_minutes if _allowed(m, bodies)]
    # 1 query: open corrections per meeting whose minutes are not yet published (the
    # open corrections are few, whatever the number of meetings); 1 query: those meetings.
    counts = dict(
        Correction.objects.filter(
            circulation__meeting__in=_in(_in(Meeting.objects.visible_to(user), viewing), bodies)
            .filter(status__in=CORRECTABLE)
            .values("pk"),
            state=CorrectionState.OPEN,
        )
        .values("circulation__meeting")
        .annotate(n=Count("pk"))
        .values_list("circulation__meeting", "n")
    )
    corrected = (
        meeting_rows(Meeting.objects.filter(pk__in=counts).order_by("date", "start_time"))
        if counts
        else []
    )

    def correction(m):
        n = counts[m.pk]
        return Task(
            what=when(m),
            detail=f"{n} correction{'s' if n != 1 else ''} to answer",
            url=_detail(m, "items"),
            action="Answer corrections",
        )

    return [
        _section(
            "tonight",
            "Tonight or next",
            nexts,
            lambda m: _next_task(m, today),
            "No meeting is coming up.",
        ),
        _section(
            "drafts",
            "Drafts to circulate",
            [m for m in mine if m.status == MeetingStatus.DRAFT],
            lambda m: Task(
                what=when(m),
                detail="Draft: ready to circulate to members when complete",
                url=_detail(m, "minutes-review"),
                action="Circulate",
            ),
            "No draft waits to be circulated.",
        ),
        _section(
            "corrections", "Corrections to answer", corrected, correction, "No correction waits."
        ),
        _section(
            "publish",
            "Minutes to publish",
            [m for m in mine if m.status == MeetingStatus.APPROVED and m.body.publishes_minutes],
            lambda m: Task(
                what=when(m),
                detail="Approved: the public edition can be published",
                url=_detail(m, "minutes-review"),
                action="Publish",
            ),
            "Nothing waits to be published.",
        ),
    ]


def _member_sections(user, person, bodies, circulated, latest, today):
    waiting = [m for m in circulated if _allowed(m, bodies) and m.pk in latest]
    # 1 query: which of those circulations this person has answered.
    answered = set(
        Review.objects.filter(
            person=person, circulation__in=[latest[m.pk] for m in waiting]
        ).values_list("circulation_id", flat=True)
    )

    def review(m):
        circulation = latest[m.pk]
        due = circulation.deadline
        return Task(
            what=when(m),
            detail=f"Version {circulation.number}"
            + (f": review by {due:%A} {due.day} {due:%B}" if due else ""),
            url=_detail(m),
            action="Review the minutes",
            due=due,
            overdue=due is not None and due < today,
        )

    # 1 query: the person's own open actions.
    actions = list(
        _in(Action.objects.open().owned_by(user), bodies, "item__meeting__body_id")
        .select_related("item__meeting__body")
        .order_by("due_date", "pk")
    )

    def action_task(action):
        return Task(
            what=action.description,
            detail=f"From {when(action.item.meeting)}"
            + (f"; due {action.due_date:%-d %B %Y}" if action.due_date else ""),
            url=reverse("actions:mine") + f"#action-{action.pk}",
            action="Update",
            due=action.due_date,
            overdue=action.due_date is not None and action.due_date < today,
        )

    return [
        _section(
            "review",
            "Minutes waiting for your review",
            [m for m in waiting if latest[m.pk].pk not in answered],
            review,
            "Nothing waits for you.",
        ),
        _section("actions", "Your open actions", actions, action_task, "You have no open actions."),
    ]


def _chair_sections(bodies, circulated, latest, upcoming):
    return [
        _section(
            "sign_off",
            "Minutes awaiting your sign-off",
            [m for m in circulated if _allowed(m, bodies)],
            lambda m: Task(
                what=when(m),
                detail=f"Circulated (version {latest[m.pk].number})" if m.pk in latest else "",
                url=reverse("reviews:sign_off", args=[m.pk]),
                action="Sign off",
            ),
            "Nothing waits for you.",
        ),
        _section(
            "programme",
            "The programme's next dates",
            _first_of_each_body(upcoming, bodies, NEXT_DATES),
            lambda m: Task(
                what=when(m),
                detail=m.topic or "No topic set",
                url=reverse("programme:detail", args=[m.body.slug, m.date.year]),
                action="Programme",
            ),
            "No dates are set.",
        ),
    ]


def _next_meetings(upcoming, bodies):
    return _section(
        "next",
        "Your next meetings",
        _first_of_each_body(upcoming, bodies),
        lambda m: Task(
            what=when(m),
            detail=f"{m.start_time:%H:%M}" + (f", {m.location}" if m.location else ""),
            url=_detail(m),
            action="Open",
        ),
        "No meeting is coming up.",
    )
