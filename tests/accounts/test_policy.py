"""The officer sets their body's sign-in and retention policy."""

import pytest

from accounts.models import BodyPolicy


def test_the_officer_requires_mfa_of_members_and_sets_retention(role_client, body, users):
    client = role_client("officer")
    page = client.get(f"/accounts/{body.pk}/policy/")
    assert page.status_code == 200 and "Keep review comments" in page.text
    response = client.post(
        f"/accounts/{body.pk}/policy/",
        {
            "members_require_mfa": "on",
            "keep_review_comments_years": "3",
            "keep_import_sources_years": "",
            "keep_personal_details_years": "7",
        },
    )
    assert response.status_code == 302
    policy = BodyPolicy.objects.get(body=body)
    assert policy.members_require_mfa
    assert (policy.keep_review_comments_years, policy.keep_import_sources_years) == (3, None)
    assert policy.keep_personal_details_years == 7

    from django.test import Client

    member = Client()
    member.force_login(users["member"])
    assert member.get("/meetings/").url == "/2fa/totp/activate/"


def test_a_bad_number_is_explained_and_nothing_saved(role_client, body):
    response = role_client("officer").post(
        f"/accounts/{body.pk}/policy/", {"keep_review_comments_years": "-2"}
    )
    assert response.status_code == 200
    assert 'id="error-summary"' in response.text
    assert not BodyPolicy.objects.filter(body=body, keep_review_comments_years=-2).exists()


@pytest.mark.parametrize("role", ["chair", "member", "guest", "outsider"])
def test_only_the_officer_sets_it(role_client, body, role):
    assert role_client(role).post(f"/accounts/{body.pk}/policy/", {}).status_code == 403
    assert not BodyPolicy.objects.exists()


def test_an_officer_of_one_body_goes_straight_to_its_people(role_client, body):
    response = role_client("officer").get("/accounts/")
    assert response.url == f"/accounts/{body.pk}/people/"


def test_a_superuser_picks_the_body(role_client, body, other_body):
    page = role_client("superuser").get("/accounts/")
    assert page.status_code == 200
    assert body.name in page.text and other_body.name in page.text
