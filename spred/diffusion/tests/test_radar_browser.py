"""The technology radar in headless Chromium: the chart is drawn under the site's
Content-Security-Policy, its table alternative opens with the keyboard, and axe-core finds no
WCAG 2.1 A/AA violation.

Run with the other browser tests (`make browser`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

from spred.core.tests.browser import Browser, chromium, format_violations
from spred.diffusion.choices import AdoptionStatus
from spred.diffusion.tests.world import LedgerWorld, build_world, make_adoption, municipality

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def driver() -> Iterator[WebDriver]:
    with chromium() as driver:
        yield driver


@pytest.fixture
def world(transactional_db: Any, reference_data: Any) -> LedgerWorld:
    world = build_world()
    for n, code in enumerate((751, 461, 746, 101, 147, 851)):
        make_adoption(
            municipality(code), world.robot, [(AdoptionStatus.OPERATING, date(2020 + n, 3, 1))]
        )
    return world


@pytest.fixture
def browser(driver: WebDriver, live_server: Any, world: LedgerWorld) -> Browser:
    browser = Browser(driver, live_server.url)
    browser.reset()
    driver.get_log("browser")  # type: ignore[attr-defined]  # start with an empty console
    return browser


def test_the_radar_is_drawn_and_accessible(browser: Browser, world: LedgerWorld) -> None:
    browser.visit("/spredning/radar/")
    assert browser.heading() == "Teknologiradar"
    browser.wait(
        lambda d: (
            browser.find("#technology-radar").get_attribute("data-spred-chart-state") == "drawn"
        ),
        "the radar chart was not drawn",
    )
    assert browser.find_all("#technology-radar svg")
    log = browser.driver.get_log("browser")  # type: ignore[attr-defined]
    refused = [e["message"] for e in log if "Content Security Policy" in e["message"]]
    assert not [m for m in refused if "htmx.min.js" not in m]

    summary = browser.find("#technology-radar-figure summary")
    browser.driver.execute_script("arguments[0].focus()", summary)
    summary.send_keys(Keys.ENTER)
    browser.wait(
        lambda d: (
            browser.find("#technology-radar-figure details").get_attribute("open") is not None
        ),
        "the table alternative did not open",
    )
    assert world.technology.name in browser.text_of("#technology-radar-figure table")
    violations = browser.axe("/spredning/radar/")
    assert not violations, format_violations(violations)
