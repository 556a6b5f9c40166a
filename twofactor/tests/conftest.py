import pytest


@pytest.fixture
def second_factor_on(settings):
    """As in production (DEBUG off); the root conftest turns it off for other tests."""
    settings.STAFF_TWO_FACTOR = True
