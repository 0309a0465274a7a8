import csv
import datetime
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.models import ActionNote
from actions.views import spreadsheet_safe

REGISTER = "/actions/"
CSV = "/actions/register.csv"


def rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_officers_and_chairs_see_the_register_of_their_bodies(
    role_client, series, raise_action, other_body, add_meeting
):
    raise_action(series[0], "Ours")
    raise_action(add_meeting(other_body, datetime.date(2022, 1, 3)), "Another body's")
    for role in ("officer", "chair"):
        content = role_client(role).get(REGISTER).content.decode()
        assert "Ours" in content, role
        assert "Another body&#x27;s" not in content, role
        assert "1 action" in content


def test_members_guests_and_outsiders_are_refused(role_client, series):
    for role in ("member", "guest", "outsider"):
        assert role_client(role).get(REGISTER).status_code == 403, role
        assert role_client(role).get(CSV).status_code == 403, role


def test_it_filters_by_owner_status_overdue_dates_and_item(
    role_client, users, series, raise_action
):
    first, second, _third = series
    raise_action(first, "Alpha", owners=("ME",), due=datetime.date(2022, 2, 1))
    done = raise_action(first, "Bravo", owners=("OF",), due=datetime.date(2022, 2, 1))
    done.set_status("done", by=users["officer"])
    done.save()
    raise_action(second, "Charlie", owners=("ME",), item="Welcome and Introductions")
    raise_action(
        second, "Delta", owners=("GU",), due=datetime.date.today() + datetime.timedelta(days=9)
    )
    client = role_client("officer")

    def found(**params):
        response = client.get(REGISTER, params)
        assert response.status_code == 200
        content = response.content.decode()
        return {name for name in ("Alpha", "Bravo", "Charlie", "Delta") if name in content}

    assert found(owner="me") == {"Alpha", "Charlie"}
    assert found(owner="Guest") == {"Delta"}  # the person's name
    assert found(status="done") == {"Bravo"}
    assert found(overdue="yes") == {"Alpha"}
    assert found(overdue="no") == {"Bravo", "Charlie", "Delta"}
    assert found(raised_from="2022-02-01") == {"Charlie", "Delta"}
    assert found(raised_to="2022-01-31") == {"Alpha", "Bravo"}
    assert found(due_from="2022-01-01", due_to="2022-03-01") == {"Alpha", "Bravo"}
    assert found(item="welcome") == {"Charlie"}
    assert found(body=series[0].body.pk) == {"Alpha", "Bravo", "Charlie", "Delta"}


def test_it_sorts_by_due_date_either_way(role_client, series, raise_action):
    raise_action(series[0], "Zulu-late", due=datetime.date(2022, 5, 1))
    raise_action(series[0], "Yankee-early", due=datetime.date(2022, 2, 1))
    client = role_client("officer")
    ascending = client.get(REGISTER, {"sort": "due"}).content.decode()
    descending = client.get(REGISTER, {"sort": "-due"}).content.decode()
    assert ascending.index("Yankee-early") < ascending.index("Zulu-late")
    assert descending.index("Zulu-late") < descending.index("Yankee-early")


def test_bad_filters_are_explained_not_a_500(role_client, series, raise_action):
    raise_action(series[0], "Alpha")
    response = role_client("officer").get(
        REGISTER, {"due_from": "not-a-date", "status": "bogus", "body": "999"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'role="alert"' in content
    assert "Enter a valid date." in content
    assert 'value="not-a-date"' in content
    assert "Alpha" not in content
    csv_response = role_client("officer").get(CSV, {"due_from": "not-a-date"})
    assert csv_response.status_code == 302
    assert csv_response.url.startswith(REGISTER + "?")


def test_it_pages_fifty_at_a_time(role_client, series, raise_action):
    for n in range(55):
        raise_action(series[0], f"Numbered action {n:02d}")
    client = role_client("officer")
    first_page = client.get(REGISTER).content.decode()
    assert first_page.count("Numbered action") == 50
    assert "Page 1 of 2" in first_page
    second_page = client.get(REGISTER, {"page": 2}).content.decode()
    assert second_page.count("Numbered action") == 5


def test_the_register_query_count_does_not_grow_with_the_actions(
    role_client, users, series, raise_action
):
    client = role_client("officer")

    def count(params):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(REGISTER, params).status_code == 200
        return len(queries)

    def add(n):
        for i in range(n):
            action = raise_action(series[i % 3], f"Action {i}", owners=("ME", "OF"))
            ActionNote.objects.create(action=action, text="Chased", created_by=users["officer"])

    add(10)
    count({})  # warm: a session's first page caches it and notes its second factor
    ten = count({}), count({"owner": "ME", "overdue": "no", "sort": "-due"})
    add(50)
    assert (count({}), count({"owner": "ME", "overdue": "no", "sort": "-due"})) == ten


def test_the_csv_export_has_the_filtered_actions_with_dangerous_cells_escaped(
    role_client, users, series, raise_action
):
    first = series[0]
    action = raise_action(first, '=HYPERLINK("http://evil")', owners=("ME",), due=first.date)
    ActionNote.objects.create(action=action, text="+1 from the chair", created_by=users["officer"])
    ActionNote.objects.create(action=action, text="@mention latest", created_by=users["officer"])
    raise_action(first, "-minus first", owners=("OF",))
    raise_action(first, "Plain", owners=("OF",))
    response = role_client("chair").get(CSV, {"owner": "ME"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    header, *body = rows(response)
    assert header[:4] == ["Body", "Meeting", "Agenda item", "Action"]
    assert len(body) == 1
    row = dict(zip(header, body[0], strict=True))
    assert row["Action"] == '\'=HYPERLINK("http://evil")'
    assert row["Owners"] == "ME"
    assert row["Due"] == "2022-01-10"
    assert row["Overdue"] == "yes"
    assert row["Latest update"] == "'@mention latest"
    everything = rows(role_client("officer").get(CSV))
    assert [r[3] for r in everything if "minus" in r[3]] == ["'-minus first"]


def test_spreadsheet_safe_escapes_every_formula_prefix():
    for dangerous in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert spreadsheet_safe(dangerous) == "'" + dangerous
    assert spreadsheet_safe("Plain text") == "Plain text"
    assert spreadsheet_safe(None) == ""
    assert spreadsheet_safe("a=b") == "a=b"


def test_the_export_link_keeps_the_filters(role_client, series):
    content = role_client("officer").get(REGISTER, {"status": "open"}).content.decode()
    assert f'href="{reverse("actions:register_csv")}?status=open"' in content


def test_the_compact_drop_down_offers_what_djangos_does():
    """CompactSelect writes its options itself; the choices, the selection and the
    escaping are Django's Select's."""
    import re

    from django import forms

    from actions.forms import CompactSelect

    choices = [("", "Any"), ("1", "Area <1>"), ("2", 'Area "2"')]
    ours = CompactSelect(choices=choices).render("body", "2", attrs={"id": "id_body"})
    django = forms.Select(choices=choices).render("body", "2", attrs={"id": "id_body"})

    def options(html):
        return re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html)

    assert options(ours) == options(django) and len(options(ours)) == 3
    assert options(ours)[2] == ("2", " selected", "Area &quot;2&quot;")
    assert ours.startswith('<select name="body" id="id_body">')
