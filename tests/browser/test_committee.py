"""The clerk types a formal committee meeting (issue 21): capacities, the public count,
minute numbers through the year, two RESOLVED decisions with their votes and a
declaration of interest; the print shows them as the SaferMK minutes (seed 003) do."""

import re

import pytest
from committee_record import (  # noqa: F401 (fixtures)
    clerk,
    january,
    october,
    safermk,
)
from playwright.sync_api import expect

from committee.models import Decision, Declaration

pytestmark = pytest.mark.browser


def saved(page):
    expect(page.locator("#save-status")).to_have_text(re.compile(r"^Saved \d\d:\d\d:\d\d"))


def type_decision(page, article, text, *, proposer, seconder, votes):
    article.get_by_role("button", name="Add point").click()
    page.keyboard.insert_text(text)
    point = article.locator(".point-row").last
    point.get_by_label("Kind of point").select_option("decision")
    point.get_by_label("Proposed by").fill(proposer)
    point.get_by_label("Seconded by").fill(seconder)
    for label, count in zip(("For", "Against", "Abstained"), votes, strict=True):
        point.get_by_label(label, exact=True).fill(str(count))
    point.get_by_label("Abstained", exact=True).press("Tab")


def test_the_clerk_types_a_formal_meeting_and_the_print_shows_it_as_the_seed_does(
    page,
    sign_in,
    clerk,  # noqa: F811
    january,  # noqa: F811
):
    sign_in(clerk)
    page.goto(f"/meetings/{january.pk}/edit/")
    # Capacities, as the seed groups them; a count of the public, not people.
    page.get_by_label("Capacity of KG").select_option("chair")
    page.get_by_label("Capacity of PA").select_option("co_opted")
    page.get_by_label("Capacity of JC").select_option("officer")
    page.get_by_label("Members of the public").fill("3")
    page.get_by_label("Members of the public").press("Tab")
    saved(page)

    # Three items: numbered on from the last meeting's SMK24 by the server.
    titles = ["Election of Chair", "Disclosures of interest", "Minutes"]
    for title in titles:
        page.get_by_role("button", name="Add agenda item").click()
        page.keyboard.insert_text(title)
        page.keyboard.press("Tab")
        saved(page)
    articles = page.locator(".agenda-item")
    for index, number in enumerate(("25", "26", "27")):
        expect(articles.nth(index).locator("input[name=minute_number]")).to_have_value(number)

    type_decision(
        page,
        articles.nth(0),
        "That Chief Inspector K Gardner be elected Chair for the meeting.",
        proposer="MB",
        seconder="CC",
        votes=(3, 0, 0),
    )
    type_decision(
        page,
        articles.nth(2),
        "That the Minutes of the meeting held on 24 October 2019 be approved.",
        proposer="CC",
        seconder="MB",
        votes=(2, 0, 1),
    )
    saved(page)

    # A declaration, by the keyboard: the form is in the editor's own page.
    page.reload()
    page.get_by_label("Declared by").select_option(label="MB M Bracey")
    page.get_by_label("In item").select_option(label="SMK27 Minutes")
    page.get_by_label("Nature").select_option("registrable")
    page.get_by_label("Interest", exact=True).fill("Trustee of Community Action MK")
    page.get_by_label("Interest", exact=True).press("Enter")
    expect(page.locator("#declarations-list")).to_contain_text("Trustee of Community Action MK")

    assert Decision.objects.filter(point__item__meeting=january).count() == 2
    assert Declaration.objects.get(meeting=january).item.minute_number == 27

    page.goto(f"/minutes/{january.pk}/members/")
    document = page.locator("#minutes-document")
    expect(document).to_contain_text(
        "Present: Chief Inspector K Gardner (in the Chair) M Bracey and C Clairmont"
    )
    expect(document).to_contain_text(
        "Co-opted members without Voting Rights: Parish Councillor P Ayles"
    )
    expect(document).to_contain_text("Officers: J Crighton")
    expect(document).to_contain_text("Also Present: three members of the public")
    headings = document.locator(".doc-item-heading")
    expect(headings).to_have_text(
        ["SMK25 ELECTION OF CHAIR", "SMK26 DISCLOSURES OF INTEREST", "SMK27 MINUTES"]
    )
    first = document.locator(".doc-item").nth(0)
    expect(first.locator(".doc-resolved")).to_have_text("RESOLVED -")
    expect(first).to_contain_text(
        "That Chief Inspector K Gardner be elected Chair for the meeting."
    )
    expect(first.locator(".doc-vote")).to_have_text(
        "Proposed by M Bracey, seconded by C Clairmont. Vote: For 3, against 0, abstained 0."
    )
    expect(document.locator(".doc-item").nth(1).locator(".doc-declaration")).to_have_text(
        "M Bracey declared an other registrable interest in SMK27 (Trustee of Community Action MK)."
    )
    expect(document.locator(".doc-item").nth(2).locator(".doc-vote")).to_have_text(
        "Proposed by C Clairmont, seconded by M Bracey. Vote: For 2, against 0, abstained 1."
    )
    assert page.errors == []
