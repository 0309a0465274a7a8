"""Seed 003 (the SaferMK Partnership) imported and printed in its public edition: the
formal record as the seed prints it."""

import re
from pathlib import Path

from django.urls import reverse
from states import move_to

from committee.models import Decision
from imports.services import import_minutes
from meetings.models import Meeting, MeetingStatus

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def imported_seed(body) -> Meeting:
    lines = next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8").splitlines()
    report = import_minutes(body=body, source_name="003.txt", lines=lines, dry_run=False)
    return Meeting.objects.get(pk=report.meeting_id)


def page_text(response) -> str:
    html = response.content.decode()
    html = html[html.index('id="minutes-document"') :]
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").split())


def test_the_seed_prints_in_its_own_order_and_wording(safermk, client):
    meeting = move_to(imported_seed(safermk), MeetingStatus.PUBLISHED)
    text = page_text(client.get(reverse("publishing:public_print", args=[meeting.pk])))
    expected_in_order = [
        "Present: Chief Inspector K Gardner (Deputy LPA Commander, Thames Valley Police) "
        "(in the Chair) M Bracey (Chief Executive - Milton Keynes Council), C Clairmont",
        "and N Webb (Head of National Probation Service",
        "Observers: Councillor Ferrans (Milton Keynes Council) and Councillor McLean "
        "(Milton Keynes Council)",
        "Co-opted members without Voting Rights: Parish Councillor P Ayles",
        "Officers: S Gonsalves",
        "Also Present: Inspector G Robinson (Thames Valley Police) and five members of the public",
        "Apologies: R Alsop (Milton Keynes Clinical Commissioning Group)",
        "SMK25 ELECTION OF CHAIR RESOLVED - That Chief Inspector K Gardner",
        "SMK26 MINUTES RESOLVED - That the Minutes of the SaferMK Partnership held on "
        "24 October 2019 be approved",
        "SMK27 DISCLOSURES OF INTEREST None disclosed.",
        "SMK28 OVERVIEW OF VIOLENCE REDUCTION INITIATIVES",
        "SMK32 DATE OF NEXT MEETING It was noted that the next meeting",
        "SMK33 EXCLUSION OF PUBLIC AND PRESS RESOLVED - That the public and press be excluded",
        "SMK34 DOMESTIC HOMICIDE REVIEWS - UPDATE Exempt item: the public and press were "
        "excluded from the meeting for this item under Paragraphs 1 and 2 (information "
        "relating to any individual; information which is likely to reveal the identity of "
        "an individual) of Part 1 of Schedule 12A to the Local Government Act 1972.",
        "Next meeting Thursday 9 April 2020, 14:00 hrs",
    ]
    position = 0
    for passage in expected_in_order:
        found = text.find(passage, position)
        assert found >= 0, (
            f"{passage!r} not found after position {position}: {text[position : position + 400]!r}"
        )
        position = found + len(passage)
    assert "SMK25 SMK25" not in text
    assert "To be confirmed" not in text
    # The exempt item's discussion is not in the public edition.
    assert "outstanding Domestic Homicide Reviews" not in text


def test_the_seed_s_nine_decisions_are_in_the_register_with_their_references(safermk, client):
    meeting = move_to(imported_seed(safermk), MeetingStatus.PUBLISHED)
    references = [
        d.point.item.minute_reference(safermk)
        for d in Decision.objects.filter(point__item__meeting=meeting).select_related("point__item")
    ]
    assert references == [
        "SMK25",
        "SMK26",
        "SMK28",
        "SMK28",
        "SMK28",
        "SMK29",
        "SMK30",
        "SMK31",
        "SMK33",
    ]
