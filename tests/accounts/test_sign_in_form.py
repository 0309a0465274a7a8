"""A failed sign-in marks both fields invalid and points them at what went wrong."""

import re

from .conftest import sign_in_with_password


def control(html, name):
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', html)[0]


def test_a_failed_sign_in_marks_both_fields_and_describes_them_by_the_summary(client, member):
    response = sign_in_with_password(client, "member", "not-the-password")
    html = response.text
    assert "<title>Error: Sign in" in html
    assert 'id="error-summary"' in html and "did not match" in html
    for name in ("login", "password"):
        field = control(html, name)
        assert 'aria-invalid="true"' in field and 'aria-describedby="error-summary"' in field
    assert 'value="member"' in control(html, "login")  # what was typed is kept


def test_a_fresh_sign_in_page_marks_nothing_invalid(client):
    html = client.get("/login/").text
    assert "aria-invalid" not in html and 'id="error-summary"' not in html
