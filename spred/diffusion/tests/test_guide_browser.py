"""The spreading guide in headless Chromium: a member starts a project, answers the first check
with the keyboard, gets the verdict, and the readiness chart is drawn under the site's
Content-Security-Policy; axe-core finds no WCAG 2.1 A/AA violation on any of the pages.

Run with the other browser tests (`make browser`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from spred.accounts.tests.factories import PASSWORD
from spred.core.tests.browser import AxeViolation, Browser, chromium, format_violations
from spred.diffusion.models import GuideProject, WorksheetAnswer
from spred.diffusion.tests.world import LedgerWorld, build_world

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def driver() -> Iterator[WebDriver]:
    with chromium() as driver:
        yield driver


@pytest.fixture
def world(transactional_db: Any, reference_data: Any) -> LedgerWorld:
    return build_world()


@pytest.fixture
def browser(driver: WebDriver, live_server: Any, world: LedgerWorld) -> Browser:
    browser = Browser(driver, live_server.url)
    browser.reset()
    driver.get_log("browser")  # type: ignore[attr-defined]  # start with an empty console
    return browser


def choose(browser: Browser, name: str, value: str) -> None:
    """Pick a radio button with the keyboard (DKFDS draws the button on the label)."""
    radio = browser.find(f"input[name='{name}'][value='{value}']")
    browser.driver.execute_script("arguments[0].focus()", radio)
    radio.send_keys(Keys.SPACE)
    browser.wait(lambda d: radio.is_selected(), f"{name}={value} was not chosen")


def test_a_member_works_through_the_first_check(browser: Browser, world: LedgerWorld) -> None:
    violations: list[AxeViolation] = []
    browser.visit("/spredning/guide/")
    assert browser.heading() == "Spredningsguide"
    violations += browser.axe("/spredning/guide/ (anonymous)")

    browser.log_in(world.aarhus_member.email, PASSWORD)
    browser.visit("/spredning/guide/ny/?loesning=spiserobot")
    violations += browser.axe("/spredning/guide/ny/")
    choose(browser, "side", "tager-i-brug")
    assert Select(browser.find("#id_solution")).first_selected_option.text == "Spiserobot"
    browser.submit()
    project = GuideProject.objects.get()
    assert browser.path() == f"/spredning/guide/{project.pk}/"
    violations += browser.axe("project page (empty)")

    browser.click_to_load(browser.find("main a.button-primary"))
    assert browser.heading() == "Tjek før I tager løsningen i brug"
    browser.submit("button[value=faerdig]")
    assert browser.find_all("main .form-error-message"), "an incomplete check is refused"
    violations += browser.axe("worksheet (errors)")

    choose(browser, "problem", "ja")
    choose(browser, "i-dag", "nogenlunde")
    choose(browser, "effekt-andre-steder", "4")
    choose(browser, "ledelse", "2")
    choose(browser, "forhindringer", "nej")
    browser.submit("button[value=faerdig]")
    assert WorksheetAnswer.objects.get().completed
    assert browser.path() == f"/spredning/guide/{project.pk}/"
    assert "Spredning giver mening" in browser.find("main").text

    browser.wait(
        lambda d: browser.find("#parathed").get_attribute("data-spred-chart-state") == "drawn",
        "the readiness chart was not drawn",
    )
    assert browser.find_all("#parathed svg")
    log = browser.driver.get_log("browser")  # type: ignore[attr-defined]
    refused = [e["message"] for e in log if "Content Security Policy" in e["message"]]
    assert not [m for m in refused if "htmx.min.js" not in m]
    violations += browser.axe("project page (with readiness)")

    browser.visit(f"/spredning/guide/{project.pk}/tjek-ibrugtagning/")
    violations += browser.axe("worksheet (completed, with verdict)")
    assert not violations, format_violations(violations)
