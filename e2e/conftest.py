"""The layout guard of every browser journey (issue 11 item 15): no page a journey visits may be
wider than the viewport.

Every browser context, whether a test takes pytest-playwright's `page` or opens its own with
`browser.new_context(...)`, gets a script that measures the page at each load and after each
htmx swap and reports to Python; a test that visited a page wider than its viewport fails at
teardown, naming the page. `assert_fits_viewport(page)` checks the current page on demand.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

# Runs in every document before the page's own scripts.
MEASURE_SCRIPT = """
(() => {
  const measure = () => {
    const doc = document.documentElement;
    const where = location.pathname + location.search;
    // The promise settles once Python has recorded the measure (assert_fits_viewport waits).
    if (window.__pageWidth) {
      window.__widthReported = window.__pageWidth(where, doc.scrollWidth, window.innerWidth);
    }
  };
  addEventListener("load", measure);
  document.addEventListener("htmx:afterSettle", measure);
})();
"""

_too_wide: list[tuple[str, int, int]] = []


def _record(url: str, scroll_width: int, inner_width: int) -> None:
    if scroll_width > inner_width:
        _too_wide.append((url, scroll_width, inner_width))


def _guard(context) -> None:
    context.add_init_script(MEASURE_SCRIPT)
    context.expose_function("__pageWidth", _record)


@pytest.fixture(scope="session")
def browser(browser: Browser):
    """The session's browser, with the width guard put into each context it opens."""
    original = browser.new_context

    def new_context(*args, **kwargs):
        context = original(*args, **kwargs)
        _guard(context)
        return context

    browser.new_context = new_context
    yield browser
    browser.new_context = original


@pytest.fixture(autouse=True)
def _no_page_wider_than_the_viewport():
    _too_wide.clear()
    yield
    found = sorted(set(_too_wide))
    _too_wide.clear()
    assert not found, "pages wider than the viewport: " + ", ".join(
        f"{url} ({width}px > {inner}px)" for url, width, inner in found
    )


def assert_fits_viewport(page: Page) -> None:
    """The page as it is now (after a script changed it) is no wider than the viewport."""
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{page.url} is {width}px wide in a {inner}px viewport"


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


# The layout journey walks the programme's demo-like data.
from tests.programme.conftest import programme  # noqa: E402, F401
