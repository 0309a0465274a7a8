"""What the theme page and the annual report show: plain frozen presenters built in a
fixed number of queries, whatever the size of the minutes."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from actions.models import Action, ActionStatus
from meetings.models import Attendance, AttendanceStatus, Meeting, MeetingStatus, Point, PointKind
from themes.models import Theme, ThemeTag

HELD = ~Q(status__in=[MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED])


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    x: int
    y: int
    height: int


@dataclass(frozen=True)
class Chart:
    """A bar chart drawn on the server as SVG: bars carry their number as text, so it
    reads without colour; the same numbers are in a table beside it."""

    bars: tuple[Bar, ...]
    width: int
    height: int
    baseline: int
    bar_width: int


CHART_HEIGHT, BAR_WIDTH, GAP, TOP = 180, 48, 16, 24


def bar_chart(counts: list[tuple[str, int]]) -> Chart:
    peak = max((count for _label, count in counts), default=0) or 1
    plot = CHART_HEIGHT - TOP - 24
    bars = []
    for n, (label, count) in enumerate(counts):
        height = round(plot * count / peak)
        bars.append(
            Bar(
                label=label,
                count=count,
                x=GAP + n * (BAR_WIDTH + GAP),
                y=TOP + plot - height,
                height=height,
            )
        )
    width = GAP + len(counts) * (BAR_WIDTH + GAP)
    return Chart(tuple(bars), max(width, 200), CHART_HEIGHT, TOP + plot, BAR_WIDTH)


@dataclass(frozen=True)
class MeetingCount:
    meeting_id: int
    date: datetime.date
    count: int


@dataclass(frozen=True)
class ThemePage:
    theme: Theme
    per_meeting: tuple[MeetingCount, ...]
    per_year: tuple[tuple[int, int], ...]
    chart: Chart
    latest_points: tuple
    open_actions: tuple

    @property
    def total(self) -> int:
        return sum(row.count for row in self.per_meeting)


def tagged_points(theme, meetings):
    """Points tagged with the theme, or under an item tagged with it."""
    tags = ThemeTag.objects.filter(theme=theme)
    return Point.objects.filter(item__meeting__in=meetings).filter(
        Q(pk__in=tags.filter(point__isnull=False).values("point_id"))
        | Q(item_id__in=tags.filter(item__isnull=False).values("item_id"))
    )


def tagged_actions(theme, meetings):
    tags = ThemeTag.objects.filter(theme=theme)
    return Action.objects.filter(item__meeting__in=meetings).filter(
        Q(pk__in=tags.filter(action__isnull=False).values("action_id"))
        | Q(item_id__in=tags.filter(item__isnull=False).values("item_id"))
    )


def theme_page(theme: Theme, *, meetings, with_confidential: bool) -> ThemePage:
    """How often the theme came up (tagged rows per meeting and per year) in `meetings`
    (those the reader may see), its latest points and its open actions."""
    rows = (
        ThemeTag.objects.filter(theme=theme, meeting__in=meetings)
        .values("meeting_id", "meeting__date")
        .annotate(count=Count("pk"))
        .order_by("meeting__date")
    )
    per_meeting = tuple(MeetingCount(r["meeting_id"], r["meeting__date"], r["count"]) for r in rows)
    years = Counter()
    for row in per_meeting:
        years[row.date.year] += row.count
    per_year = tuple(sorted(years.items()))
    points = tagged_points(theme, meetings).select_related("item__meeting")
    actions = tagged_actions(theme, meetings).filter(status=ActionStatus.OPEN)
    if not with_confidential:
        points = points.filter(confidential=False, item__confidential=False)
        actions = actions.filter(item__confidential=False)
    return ThemePage(
        theme=theme,
        per_meeting=per_meeting,
        per_year=per_year,
        chart=bar_chart([(str(year), count) for year, count in per_year]),
        latest_points=tuple(points.order_by("-item__meeting__date", "-pk")[:10]),
        open_actions=tuple(
            actions.select_related("item__meeting").order_by("due_date", "-pk")[:20]
        ),
    )


# --- The annual report -------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceLine:
    name: str
    present: int
    apologies: int
    absent: int


@dataclass(frozen=True)
class ThemeLine:
    name: str
    count: int
    decisions: tuple[str, ...]


@dataclass(frozen=True)
class AnnualReport:
    """What an IAG chair sends to the police and the partnership each year. Built for
    readers outside the group: confidential rows are never read."""

    body_name: str
    year: int
    meetings: tuple
    attendance: tuple[AttendanceLine, ...]
    themes: tuple[ThemeLine, ...]
    decisions: tuple[str, ...]
    actions_raised: int
    actions_closed: int
    actions_overdue: int

    @property
    def title(self) -> str:
        return f"{self.body_name}: annual report {self.year}"


def annual_report(body, year: int) -> AnnualReport:
    meetings = Meeting.objects.filter(HELD, body=body, date__year=year).order_by("date")
    attendance = Counter()
    names = {}
    for person_id, initials, name, person_name, status in Attendance.objects.filter(
        meeting__in=meetings
    ).values_list("person_id", "initials", "name", "person__name", "status"):
        key = person_id or initials
        names.setdefault(key, person_name or name or initials)
        attendance[(key, status)] += 1
    lines = sorted(
        (
            AttendanceLine(
                name=names[key],
                present=attendance[(key, AttendanceStatus.PRESENT)],
                apologies=attendance[(key, AttendanceStatus.APOLOGIES)],
                absent=attendance[(key, AttendanceStatus.ABSENT)],
            )
            for key in names
        ),
        key=lambda line: (-line.present, line.name),
    )
    open_decisions = Point.objects.filter(
        item__meeting__in=meetings,
        kind=PointKind.DECISION,
        confidential=False,
        item__confidential=False,
    ).order_by("item__meeting__date", "item__order", "order")
    decisions_by_theme = {}
    by_point = open_decisions.filter(theme_tags__theme__body=body).values_list(
        "theme_tags__theme_id", "text"
    )
    by_item = open_decisions.filter(item__theme_tags__theme__body=body).values_list(
        "item__theme_tags__theme_id", "text"
    )
    for theme_id, point_text in [*by_point, *by_item]:
        texts = decisions_by_theme.setdefault(theme_id, [])
        if point_text not in texts:
            texts.append(point_text)
    tags = ThemeTag.objects.filter(theme__body=body, meeting__in=meetings)
    counts = dict(tags.values_list("theme_id").annotate(n=Count("pk")).values_list("theme_id", "n"))
    themes = tuple(
        ThemeLine(
            theme.name, counts.get(theme.pk, 0), tuple(decisions_by_theme.get(theme.pk, ())[:5])
        )
        for theme in Theme.objects.filter(body=body)
        if counts.get(theme.pk)
    )
    actions = Action.objects.filter(item__meeting__body=body, item__confidential=False)
    today = timezone.localdate()
    return AnnualReport(
        body_name=body.name,
        year=year,
        meetings=tuple(meetings),
        attendance=tuple(lines),
        themes=tuple(sorted(themes, key=lambda line: -line.count)),
        decisions=tuple(open_decisions.values_list("text", flat=True)[:50]),
        actions_raised=actions.filter(item__meeting__in=meetings).count(),
        actions_closed=actions.filter(closed_at__year=year)
        .exclude(status=ActionStatus.OPEN)
        .count(),
        actions_overdue=actions.filter(
            status=ActionStatus.OPEN, due_date__lt=min(today, datetime.date(year, 12, 31))
        ).count(),
    )
