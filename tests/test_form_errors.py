"""Forms sent back with errors, as a screen reader meets them (issue 16's findings):
the title says "Error:", each summary link leads to its field (the first box of a
group, never "#"), the invalid control says so and names its error and help text."""

import re

import pytest
from django.urls import reverse
from states import move_to

from meetings.models import MeetingStatus, Point


def ids(html):
    return set(re.findall(r'\sid="([^"]+)"', html))


def assert_references_resolve(html):
    """Every id a control names in aria-describedby, and every summary link, exists."""
    present = ids(html)
    for names in re.findall(r'aria-describedby="([^"]+)"', html):
        for name in names.split():
            assert name in present, f"aria-describedby names a missing #{name}"
    summary = html.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    links = re.findall(r'href="([^"]*)"', summary)
    assert links, "the summary links to nothing"
    for link in links:
        assert link.startswith("#") and link[1:] in present, f"summary link {link!r}"


def control(html, id_):
    return re.search(rf'<(?:input|select|textarea)[^>]*\sid="{id_}"[^>]*>', html).group(0)


def test_a_review_without_a_decision_links_to_its_first_radio(role_client, meeting):
    move_to(meeting, MeetingStatus.CIRCULATED)
    response = role_client("member").post(
        reverse("reviews:review", args=[meeting.pk]), {"comment": ""}
    )
    html = response.content.decode()
    assert "<title>Error: Review the minutes of" in html
    assert 'href="#id_decision_0"' in html and 'href="#"' not in html
    assert '<fieldset aria-describedby="id_decision_error">' in html
    assert re.search(r'<legend\s+class="form-label[^>]*>\s*Your review\s*</legend>', html)
    assert 'aria-invalid="true"' in control(html, "id_decision_0")
    assert_references_resolve(html)


def test_an_action_without_owners_marks_each_owner_box_invalid(role_client, meeting):
    response = role_client("officer").post(
        reverse("actions:add", args=[meeting.pk]), {"description": ""}
    )
    html = response.content.decode()
    assert "<title>Error: Add an action" in html
    assert 'href="#id_owners_0"' in html and 'href="#"' not in html
    for box in ("id_owners_0", "id_owners_1"):
        assert 'aria-invalid="true"' in control(html, box)
    assert 'aria-describedby="id_item_error"' in control(html, "id_item")
    assert_references_resolve(html)


def test_a_refused_import_file_is_linked_to_its_field(role_client, body):
    response = role_client("officer").post(reverse("imports:upload"), {"body": body.pk})
    html = response.content.decode()
    files = control(html, "id_files")
    assert 'aria-invalid="true"' in files
    assert 'aria-describedby="id_files_helptext id_files_error"' in files
    assert 'id="id_files_error"' in html
    assert_references_resolve(html)


def test_the_programme_paste_box_names_help_text_that_exists(role_client, meeting, body):
    url = reverse("programme:edit", args=[body.slug, meeting.date.year])
    html = role_client("chair").get(url).content.decode()
    assert 'aria-describedby="id_lines_helptext"' in control(html, "id_lines")
    assert 'id="id_lines_helptext"' in html


def test_a_refused_programme_row_says_error_in_the_title_and_links_to_its_field(
    role_client, meeting, body
):
    url = reverse("programme:edit", args=[body.slug, meeting.date.year])
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-0-date": "not a date",
        "action": "save",
    }
    html = role_client("chair").post(url, data).content.decode()
    assert "<title>Error: Edit the 2022 programme" in html
    assert 'href="#id_form-0-date"' in html
    assert 'aria-invalid="true"' in control(html, "id_form-0-date")
    assert_references_resolve(html)


def test_the_two_print_editions_have_their_own_titles(role_client, meeting):
    client = role_client("member")
    titles = {
        re.search(
            r"<title>(.*)</title>", client.get(reverse(name, args=[meeting.pk])).content.decode()
        ).group(1)
        for name in ("publishing:members_print", "publishing:public_print")
    }
    assert len(titles) == 2


@pytest.mark.django_db
def test_each_page_of_the_history_has_its_own_title(role_client, meeting):
    item = meeting.items.first()
    for n in range(60):
        Point.objects.create(item=item, order=100 + n, text=f"Point {n}")
    client = role_client("officer")
    url = reverse("reviews:history", args=[meeting.pk])
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    title = re.compile(r"<title>(.*)</title>")
    assert title.search(first).group(1).startswith("History, page 1 of 2 ·")
    assert title.search(second).group(1).startswith("History, page 2 of 2 ·")
