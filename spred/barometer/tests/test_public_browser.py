"""The barometer's pages in headless Chromium: the charts are drawn by the vendored Vega under
the site's Content-Security-Policy (no 'unsafe-eval', no inline styles), the table alternative
opens from the keyboard, and axe-core finds no WCAG 2.1 A/AA violation.

Run with the other browser tests (`make browser`); they need Debian's chromium and
chromium-driver and `npm ci` for axe-core.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

from spred.barometer.tests.public_fixtures import BarometerWorld, make_barometer_world
from spred.core.tests.browser import AxeViolation, Browser, chromium, format_violations

pytestmark = pytest.mark.browser

INDICATOR = "/barometer/indikatorer/innovation/"


@pytest.fixture(scope="module")
def driver() -> Iterator[WebDriver]:
    with chromium() as driver:
        yield driver


@pytest.fixture
def world(transactional_db: Any) -> BarometerWorld:
    return make_barometer_world()


@pytest.fixture
def browser(driver: WebDriver, live_server: Any, world: BarometerWorld) -> Browser:
    browser = Browser(driver, live_server.url)
    browser.reset()
    driver.get_log("browser")  # type: ignore[attr-defined]  # start with an empty console
    return browser


def chart_states(browser: Browser) -> dict[str, tuple[str | None, int]]:
    """Each chart container: its state and how many drawn points (symbols) its SVG has."""
    states = browser.driver.execute_script(
        "return Array.from(document.querySelectorAll('[data-spred-chart]'), (c) => [c.id,"
        " c.getAttribute('data-spred-chart-state'),"
        " c.querySelectorAll('svg .mark-symbol path').length])"
    )
    return {chart_id: (state, points) for chart_id, state, points in states}


def wait_for_charts(browser: Browser) -> dict[str, tuple[str | None, int]]:
    browser.wait(
        lambda d: (
            chart_states(browser)
            and all(state in ("drawn", "failed") for state, _n in chart_states(browser).values())
        ),
        f"the charts were not drawn: {chart_states(browser)}",
    )
    return chart_states(browser)


def csp_violations(browser: Browser) -> list[str]:
    log = browser.driver.get_log("browser")  # type: ignore[attr-defined]
    messages = [entry["message"] for entry in log]
    refused = [m for m in messages if "Content Security Policy" in m or "unsafe-eval" in m]
    # htmx adds its own indicator style on every page of the site; that is the layout's
    # business (htmx.config.includeIndicatorStyles), not the charts'.
    return [m for m in refused if "htmx.min.js" not in m]


def assert_accessible(violations: list[AxeViolation]) -> None:
    assert not violations, format_violations(violations)


def test_charts_are_drawn_under_the_csp(browser: Browser) -> None:
    browser.visit(INDICATOR)
    states = wait_for_charts(browser)
    assert set(states) == {
        "figur-forvaltningsniveau",
        "figur-omraade",
        "figur-stoerrelse",
        "figur-udvikling",
        "figur-udvikling-forvaltningsniveau",
    }
    assert all(state == "drawn" for state, _points in states.values()), states
    # One point per published cell: 3 levels, 7 of the 8 areas (one is suppressed), 4 sizes,
    # the two published waves in the trend, and those two for each level (with the three
    # symbols of the levels' legend).
    assert {chart_id: points for chart_id, (_s, points) in states.items()} == {
        "figur-forvaltningsniveau": 3,
        "figur-omraade": 7,
        "figur-stoerrelse": 4,
        "figur-udvikling": 2,
        "figur-udvikling-forvaltningsniveau": 6 + 3,
    }
    assert csp_violations(browser) == []
    # The page was served under a policy that forbids eval: Vega drew through its interpreter.
    policy = browser.driver.execute_async_script(
        "const done = arguments[0];"
        " fetch(location.href).then((r) => done(r.headers.get('content-security-policy')));"
    )
    assert "script-src 'self'" in policy
    assert "unsafe-eval" not in policy
    assert_accessible(browser.axe(INDICATOR))


def test_the_table_alternative_opens_with_the_keyboard(browser: Browser) -> None:
    browser.visit(INDICATOR)
    wait_for_charts(browser)
    summary = browser.find("#figur-omraade-figure summary")
    table = browser.find("#figur-omraade-figure table")
    assert not table.is_displayed()
    summary.send_keys(Keys.ENTER)
    browser.wait(lambda d: table.is_displayed(), "Enter did not open the table")
    rows = browser.find_all("#figur-omraade-figure tbody tr")
    assert len(rows) == 8
    text = table.text
    assert "ikke offentliggjort: for få besvarelser" in text.lower()
    assert "Usikkert estimat" in text
    assert_accessible(browser.axe(f"{INDICATOR} (table open)"))


def test_the_numbers_in_the_charts_are_danish(browser: Browser) -> None:
    browser.visit(INDICATOR)
    wait_for_charts(browser)
    labels = browser.driver.execute_script(
        "return Array.from(document.querySelectorAll('#figur-omraade svg text'),"
        " (t) => t.textContent)"
    )
    assert "80%" in labels
    assert "Kultur og fritid" in labels
    assert "Politi, forsvar og beredskab" not in labels  # the suppressed area


def test_barometer_pages_pass_axe(browser: Browser) -> None:
    violations: list[AxeViolation] = []
    for path in (
        "/barometer/",
        f"{INDICATOR}?boelge=2021",
        "/barometer/indikatorer/value-quality/",
        "/barometer/arbejdspladser-som-min/",
        "/barometer/arbejdspladser-som-min/?niveau=stat&omraade=kultur&stoerrelse=1-9",
        "/barometer/arbejdspladser-som-min/?niveau=ukendt",
        "/barometer/boelger/2023/",
        "/barometer/metode/",
        "/barometer/data/",
    ):
        browser.visit(path)
        assert browser.find_all("main h1"), f"{path} has no heading"
        if browser.find_all("[data-spred-chart]"):
            wait_for_charts(browser)
        violations += browser.axe(path)
    assert csp_violations(browser) == []
    assert_accessible(violations)


def test_the_indicator_page_in_english(browser: Browser) -> None:
    browser.visit(INDICATOR)
    browser.click_to_load(browser.find("footer button[name=language][value=en]"))
    browser.wait(lambda d: browser.html_lang() == "en")
    assert browser.heading() == "Workplaces with at least one innovation"
    wait_for_charts(browser)
    assert "81%" in browser.find("main").text
    assert_accessible(browser.axe(f"{INDICATOR} (English)"))
