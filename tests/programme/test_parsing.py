import datetime
from pathlib import Path

import pytest

from programme.parsing import parse_line, parse_programme

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_1157592b07b0273f.txt"


def test_the_eight_lines_of_the_2022_programme_in_the_seed_minutes_are_read():
    text = SEED.read_text()
    block = text[text.index("- 2nd February") : text.index("4. LPA Commanders")]
    lines = parse_programme(block, 2022)
    assert [(line.date, line.topic) for line in lines] == [
        (datetime.date(2022, 2, 2), "Body Worn Video / Stop & Search"),
        (datetime.date(2022, 3, 2), "Disabilities within TVP workforce"),
        (datetime.date(2022, 4, 13), "Faith & Belief"),
        (datetime.date(2022, 5, 25), "Victims of Crime"),
        (datetime.date(2022, 7, 13), "Burglaries and Fraud"),
        (datetime.date(2022, 9, 7), "Young People and Exploitation"),
        (datetime.date(2022, 10, 19), "Hate Crime against emergency services"),
        (datetime.date(2022, 12, 14), "Mental Health"),
    ]


@pytest.mark.parametrize(
    ("line", "date", "topic"),
    [
        ("2nd February - Body Worn Video", datetime.date(2022, 2, 2), "Body Worn Video"),
        ("Wednesday 13th April 2023: Faith & Belief", datetime.date(2023, 4, 13), "Faith & Belief"),
        ("• 7 Sept — Young People", datetime.date(2022, 9, 7), "Young People"),
        ("February 2nd, 2022 – Topic", datetime.date(2022, 2, 2), "Topic"),
        ("7/9/2022 - Exploitation", datetime.date(2022, 9, 7), "Exploitation"),
        ("14th December", datetime.date(2022, 12, 14), ""),
        ("3. 25th May – Victims of Crime", datetime.date(2022, 5, 25), "Victims of Crime"),
    ],
)
def test_common_ways_of_writing_a_date_and_topic_are_read(line, date, topic):
    parsed = parse_line(line, 2022, number=1)
    assert (parsed.date, parsed.topic, parsed.error) == (date, topic, "")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Body Worn Video on 2nd Feb", "No date found"),
        ("31st February - Nothing", "31 February 2022 is not a date"),
        ("2nd Febtober - Topic", "“Febtober” is not a month"),
    ],
)
def test_a_line_that_cannot_be_read_keeps_its_text_and_says_why(line, reason):
    parsed = parse_line(line, 2022, number=4)
    assert not parsed.ok
    assert reason in parsed.error
    assert (parsed.source, parsed.number) == (line, 4)


def test_blank_lines_are_skipped_and_line_numbers_kept():
    lines = parse_programme("2nd February - A\n\n   \nnonsense\n", 2022)
    assert [(line.number, line.ok) for line in lines] == [(1, True), (4, False)]
