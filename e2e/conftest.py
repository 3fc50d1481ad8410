import pytest


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    """The journeys log in through the real forms, so they meet the real second factor."""
    settings.TWO_FACTOR_REQUIRED = True
