import pytest


@pytest.fixture
def page(page):
    """Every journey also checks the Content-Security-Policy: a blocked inline script or style,
    or an eval, shows up as a console error and fails the journey."""
    violations = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield page
    assert not violations, violations


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    """The journeys log in through the real forms, so they meet the real second factor."""
    settings.TWO_FACTOR_REQUIRED = True
