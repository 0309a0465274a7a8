import pytest

from members.models import Body


@pytest.fixture
def safermk(db):
    return Body.objects.create(
        name="SaferMK Partnership",
        short_name="SaferMK",
        slug="safermk",
        minute_prefix="SMK",
        publishes_minutes=True,
    )
