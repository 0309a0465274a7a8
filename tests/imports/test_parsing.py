"""The pure parser: real-world variations of the IAG layout."""

import datetime

import pytest

from imports.parsing import NotMinutes, parse_minutes, parse_time_range

MINUTES = """\
DATE: Wednesday 2nd March 2022
TIME: 6pm-7.30pm
LOCATION: Age UK
The Peartree Centre
1 Chadds Lane

Initials\tPosition
AK\tIAG Chair
NS\tTVP Community & Diversity Officer
TSC\tGuest representing JS
AKt\tMinutes
Apologies
JS\tMKC SaferMK

1. Welcome and Introductions
IAG Chair

AK welcomed everyone.

2. Hate Crime Case Studies: NS

NS showed a case study. NS to seek links to the Palestinian families.

TSC said that the community is worried; TSC will provide the contacts.

3. Stop and Search Data

All

Deferred to the next meeting.
"""


@pytest.fixture
def parsed():
    return parse_minutes(MINUTES.splitlines())


def test_the_header_reads_a_dash_time_range_and_a_location_on_several_lines(parsed):
    header = parsed.header
    assert header.date == datetime.date(2022, 3, 2)
    assert (header.start_time, header.end_time) == (datetime.time(18), datetime.time(19, 30))
    assert header.location == "Age UK, The Peartree Centre, 1 Chadds Lane"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("18:00 hrs", datetime.time(18), None),
        ("6pm-7.30pm", datetime.time(18), datetime.time(19, 30)),
        ("6.30pm to 8pm", datetime.time(18, 30), datetime.time(20)),
        ("2.00 pm", datetime.time(14), None),
        ("18:00 - 19:30", datetime.time(18), datetime.time(19, 30)),
        ("6 - 7.30pm", None, datetime.time(19, 30)),
    ],
)
def test_times_are_read_as_typed(text, start, end):
    assert parse_time_range(text)[0] == start
    if start:
        assert parse_time_range(text)[1] == end


def test_guests_representing_and_the_minute_taker_are_recognised(parsed):
    rows = {row.initials: row for row in parsed.attendance}
    assert rows["TSC"].representing == "JS"
    assert rows["AKt"].is_minute_taker and not rows["AK"].is_minute_taker
    assert rows["JS"].status == "apologies"


def test_leads_on_their_own_line_or_after_a_colon_and_deferred_items(parsed):
    assert [(i.number, i.title, i.lead, i.state) for i in parsed.items] == [
        ("1", "Welcome and Introductions", "IAG Chair", "discussed"),
        ("2", "Hate Crime Case Studies", "NS", "discussed"),
        ("3", "Stop and Search Data", "All", "deferred"),
    ]


def test_actions_are_recognised_from_to_and_will_sentences(parsed):
    actions = parsed.items[1].actions
    assert [(a.owners, a.description) for a in actions] == [
        (["NS"], "NS to seek links to the Palestinian families."),
        (["TSC"], "TSC will provide the contacts."),
    ]
    assert parsed.items[1].points[1].speakers == ["TSC"]


def test_every_line_is_claimed(parsed):
    lines = MINUTES.splitlines()
    unclaimed = [
        n for n, line in enumerate(lines, 1) if line.strip() and n not in parsed.line_roles
    ]
    assert unclaimed == []


def test_the_weekday_is_checked_against_the_date():
    lines = MINUTES.replace("Wednesday 2nd", "Monday 2nd").splitlines()
    parsed = parse_minutes(lines)
    assert "The header says Monday, but 2 March 2022 was a Wednesday." in parsed.notes


def test_text_without_a_date_is_not_minutes():
    with pytest.raises(NotMinutes, match="no meeting date"):
        parse_minutes(["Community Safety Strategy", "", "1. Introduction", "", "Text."])


def test_initials_of_accented_names_are_plain_capitals():
    import re

    from imports.parsing import derive_initials
    from members.models import INITIALS_PATTERN

    for name, initials in [("S Ó Briain", "SOB"), ("Councillor É Łukasz", "EL"), ("Zoë Ng", "ZN")]:
        derived = derive_initials(name)
        assert derived == initials or re.fullmatch(INITIALS_PATTERN, derived), (name, derived)
        assert re.fullmatch(INITIALS_PATTERN, derived)
