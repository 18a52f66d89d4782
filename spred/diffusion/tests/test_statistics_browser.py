"""The diffusion statistics pages in headless Chromium: the curve and the bar chart are drawn
under the site's Content-Security-Policy (one diamond per observed year), the table
alternative opens from the keyboard, and axe-core finds no WCAG 2.1 A/AA violation on the
overview, a technology page and a solution page (with and without adopters).

Run with the other browser tests (`make browser`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

from spred.core.tests.browser import AxeViolation, Browser, chromium, format_violations
from spred.diffusion.choices import AdoptionStatus
from spred.diffusion.tests.world import LedgerWorld, build_world, make_adoption, municipality

pytestmark = pytest.mark.browser

#: Municipalities adopting the robot, year by year, until this year: an S-shaped spread.
PER_YEAR = (1, 2, 4, 6, 5, 3, 1)
CODES = "101 147 151 153 155 157 159 161 163 165 167 169 173 175 183 185 187 190 201 210 217 219"


@pytest.fixture(scope="module")
def driver() -> Iterator[WebDriver]:
    with chromium() as driver:
        yield driver


@pytest.fixture
def world(transactional_db: Any, reference_data: Any) -> LedgerWorld:
    w = build_world()
    codes = iter(CODES.split())
    first = timezone.localdate().year - len(PER_YEAR) + 1
    for offset, count in enumerate(PER_YEAR):
        for day in range(count):
            make_adoption(
                municipality(next(codes)),
                w.robot,
                [(AdoptionStatus.OPERATING, date(first + offset, 3, day + 1))],
                confirmed_at=timezone.now(),
            )
    return w


@pytest.fixture
def browser(driver: WebDriver, live_server: Any, world: LedgerWorld) -> Browser:
    browser = Browser(driver, live_server.url)
    browser.reset()
    driver.get_log("browser")  # type: ignore[attr-defined]  # start with an empty console
    return browser


def chart_states(browser: Browser) -> dict[str, tuple[str | None, int]]:
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
    return [m for m in refused if "htmx.min.js" not in m]


def test_the_solution_curve_is_drawn_under_the_csp(browser: Browser) -> None:
    browser.visit("/spredning/loesninger/spiserobot/")
    states = wait_for_charts(browser)
    assert set(states) == {"figur-kurve", "figur-nye"}
    assert all(state == "drawn" for state, _points in states.values()), states
    # The curve's symbols: one per year for the sector line and for the observed total, plus
    # the legend's three (sector, observed total, model); the band is an area.
    points = states["figur-kurve"][1]
    assert points == 2 * len(PER_YEAR) + 3
    assert csp_violations(browser) == []


def test_the_table_alternative_opens_with_the_keyboard(browser: Browser) -> None:
    browser.visit("/spredning/loesninger/spiserobot/")
    wait_for_charts(browser)
    summary = browser.find("#figur-kurve-figure summary")
    browser.driver.execute_script("arguments[0].focus()", summary)
    summary.send_keys(Keys.ENTER)
    browser.wait(
        lambda d: browser.find("#figur-kurve-figure details").get_attribute("open") is not None,
        "the table did not open",
    )
    rows = browser.find_all("#figur-kurve-figure table tbody tr")
    assert len(rows) >= len(PER_YEAR)


def test_statistics_pages_pass_axe(browser: Browser, world: LedgerWorld) -> None:
    violations: list[AxeViolation] = []
    for path in (
        "/spredning/",
        f"/spredning/teknologier/{world.technology.slug}/",
        "/spredning/loesninger/spiserobot/",
        "/spredning/loesninger/traeningsapp/",
    ):
        browser.visit(path)
        if path != "/spredning/loesninger/traeningsapp/":
            wait_for_charts(browser)
        violations += browser.axe(path)
    assert not violations, format_violations(violations)
