"""The catalogue's search page in headless Chromium: suggestions and filters with the keyboard
only, the count read out after an update, and axe-core's WCAG 2.1 AA check in every state.

Run with the other browser tests (`make browser`); they need Debian's chromium and
chromium-driver and `npm ci` for axe-core.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

from spred.catalogue.tests.discovery_world import DiscoveryWorld, build_world
from spred.core.tests.browser import AxeViolation, Browser, chromium, format_violations
from spred.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def driver() -> Iterator[WebDriver]:
    with chromium() as driver:
        yield driver


@pytest.fixture
def world(transactional_db: Any) -> DiscoveryWorld:
    return build_world(
        OrganisationFactory.create(name="Lysbro Velfærdsteknologi ApS", slug="lysbro"),
        OrganisationFactory.create(name="Datavej Analyse A/S", slug="datavej"),
    )


@pytest.fixture
def browser(driver: WebDriver, live_server: Any, world: DiscoveryWorld) -> Browser:
    browser = Browser(driver, live_server.url)
    browser.reset()
    return browser


def titles(browser: Browser) -> list[str]:
    # One script: htmx may replace the list between two WebDriver calls.
    found = browser.driver.execute_script(
        "return Array.from(document.querySelectorAll('#catalogue-body .spred-result h3 a'),"
        " (a) => a.textContent.trim())"
    )
    return list(found)


def options(browser: Browser) -> list[str]:
    found = browser.driver.execute_script(
        "const list = document.getElementById('catalogue-q-options');"
        " return list.hidden ? [] : Array.from(list.querySelectorAll('[role=option]'),"
        " (o) => o.firstChild.textContent)"
    )
    return list(found)


def active_option(browser: Browser) -> str | None:
    found = browser.driver.execute_script(
        "const id = document.getElementById('catalogue-q').getAttribute('aria-activedescendant');"
        " const option = id && document.getElementById(id);"
        " return option && option.getAttribute('aria-selected') === 'true'"
        " ? option.firstChild.textContent : null"
    )
    return found if found is None else str(found)


def tab_to(browser: Browser, element_id: str, limit: int = 80) -> None:
    for _ in range(limit):
        ActionChains(browser.driver).send_keys(Keys.TAB).perform()
        if browser.active_element().get_attribute("id") == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def assert_accessible(violations: list[AxeViolation]) -> None:
    assert not violations, format_violations(violations)


def test_suggestions_and_filters_with_the_keyboard_only(browser: Browser) -> None:
    browser.visit("/katalog/")
    violations = browser.axe("/katalog/")
    assert len(titles(browser)) == 5

    # The search field: typing offers suggestions in a listbox the arrow keys move through.
    tab_to(browser, "catalogue-q")
    field = browser.active_element()
    ActionChains(browser.driver).send_keys("sens").perform()
    browser.wait(lambda d: "sensorer" in options(browser), "no suggestions appeared")
    assert field.get_attribute("aria-expanded") == "true"
    browser.wait(lambda d: "forslag" in browser.text_of("#catalogue-q-status"))
    violations += browser.axe("/katalog/ (suggestions open)")
    for _ in range(len(options(browser))):
        ActionChains(browser.driver).send_keys(Keys.ARROW_DOWN).perform()
        if active_option(browser) == "sensorer":
            break
    else:
        raise AssertionError(f"arrow keys never reached 'sensorer' in {options(browser)}")
    # Focus stays in the field while the highlighted option changes.
    assert browser.active_element().get_attribute("id") == "catalogue-q"

    # Escape closes the list and leaves the text alone; Enter on a suggestion searches for it.
    ActionChains(browser.driver).send_keys(Keys.ESCAPE).perform()
    browser.wait(lambda d: options(browser) == [])
    assert field.get_attribute("aria-expanded") == "false"
    assert field.get_attribute("value") == "sens"
    ActionChains(browser.driver).send_keys(Keys.ARROW_DOWN).perform()
    browser.wait(lambda d: "sensorer" in options(browser))
    while active_option(browser) != "sensorer":
        ActionChains(browser.driver).send_keys(Keys.ARROW_DOWN).perform()
    ActionChains(browser.driver).send_keys(Keys.ENTER).perform()
    # "sensorer" also finds the compound "sengesensor".
    browser.wait(
        lambda d: titles(browser) == ["Sensorer i natteplejen", "Sengesensor"],
        f"saw {titles(browser)}",
    )
    assert field.get_attribute("value") == "sensorer"
    browser.wait(lambda d: "q=sensorer" in browser.driver.current_url)

    # A filter ticked with the space bar applies at once; focus stays on it, the count is read.
    browser.driver.get(browser.url("/katalog/"))
    browser.wait_until_ready()
    tab_to(browser, "facet-kind-solution")
    ActionChains(browser.driver).send_keys(Keys.SPACE).perform()
    browser.wait(
        lambda d: titles(browser) == ["Sengesensor", "Chatbot til borgerservice"],
        f"saw {titles(browser)}",
    )
    assert browser.active_element().get_attribute("id") == "facet-kind-solution"
    assert browser.active_element().is_selected()
    browser.wait(
        lambda d: browser.text_of("#spred-announcer") == browser.text_of("#result-count"),
        "the new count was not announced",
    )
    assert browser.text_of("#result-count") == "2 resultater"
    assert "kind=solution" in browser.driver.current_url
    assert len(browser.find_all("[id=catalogue-body]")) == 1
    violations += browser.axe("/katalog/?kind=solution (after ticking a filter)")

    # The pushed address is a real page: reloading shows the same result without htmx.
    browser.driver.refresh()
    browser.wait_until_ready()
    assert titles(browser) == ["Sengesensor", "Chatbot til borgerservice"]
    assert browser.find("#facet-kind-solution").is_selected()
    assert_accessible(violations)


def test_the_page_reflows_at_320_css_pixels(browser: Browser) -> None:
    """WCAG 1.4.10: facets, results and suggestions fit a narrow screen."""
    browser.driver.set_window_size(320, 800)
    try:
        browser.visit("/katalog/?q=sensorer&area=aeldre-og-pleje")
        assert browser.overflowing() == []
        field = browser.find("#catalogue-q")
        field.clear()
        field.send_keys("sens")
        browser.wait(lambda d: options(browser), "no suggestions appeared")
        assert browser.overflowing() == []
        assert_accessible(browser.axe("/katalog/ (320 px, suggestions open)"))
    finally:
        browser.driver.set_window_size(1280, 1024)


def test_no_results_with_a_suggestion_and_the_english_page_pass_axe(browser: Browser) -> None:
    browser.visit("/katalog/?q=selvbetjenning")
    assert "Mente du" in browser.text_of("#catalogue-body")
    violations = browser.axe("/katalog/ (no results, a suggestion)")
    browser.click_to_load(browser.find("footer button[name=language][value=en]"))
    browser.wait(lambda d: browser.html_lang() == "en")
    browser.visit("/katalog/")
    violations += browser.axe("/katalog/ (English)")
    assert_accessible(violations)
