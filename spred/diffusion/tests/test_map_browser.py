"""The tile map and the genealogy on the solution page, in headless Chromium: hover and keyboard
focus show a municipality's name and status, the page's Content-Security-Policy refuses
nothing of ours, and axe-core finds no WCAG 2.1 A/AA violation in the map or the genealogy.

Run with the other browser tests (`make browser`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

from spred.core.tests.browser import AXE_SCRIPT, AXE_TAGS, Browser, chromium
from spred.diffusion.choices import AdoptionStatus
from spred.diffusion.tests.world import LedgerWorld, build_world, make_adoption

pytestmark = pytest.mark.browser

PAGE = "/spredning/loesninger/spiserobot/"
MAP = "#kort-spiserobot"
GENEALOGY = "#slaegt-spiserobot"
HISTORY = [(AdoptionStatus.PILOT, date(2021, 2, 1)), (AdoptionStatus.OPERATING, date(2022, 5, 3))]

_AXE_IN = """
const done = arguments[arguments.length - 1];
axe.run({include: arguments[1]}, {runOnly: {type: "tag", values: arguments[0]}})
  .then((r) => done(JSON.stringify({violations: r.violations, passes: r.passes.length})))
  .catch((error) => done(JSON.stringify({error: String(error)})));
"""


@pytest.fixture(scope="module")
def driver() -> Iterator[WebDriver]:
    with chromium() as driver:
        yield driver


@pytest.fixture
def world(transactional_db: Any, reference_data: Any) -> LedgerWorld:
    world = build_world()
    make_adoption(world.aarhus, world.robot, HISTORY)
    make_adoption(world.skanderborg, world.robot, HISTORY, learned_from=[world.aarhus])
    make_adoption(world.odense, world.robot, HISTORY, learned_from=[world.skanderborg])
    return world


@pytest.fixture
def browser(driver: WebDriver, live_server: Any, world: LedgerWorld) -> Browser:
    browser = Browser(driver, live_server.url)
    browser.reset()
    driver.get_log("browser")  # type: ignore[attr-defined]
    return browser


def readout(browser: Browser) -> str:
    return browser.find(f"{MAP} [data-spred-tilemap-readout]").text


def test_hover_and_focus_show_name_and_status(browser: Browser, world: LedgerWorld) -> None:
    browser.visit(PAGE)
    tile = browser.find(f'{MAP} [data-code="751"] a.spred-tile')
    label = tile.get_attribute("aria-label") or ""
    assert label.startswith(world.aarhus.name)
    assert "I drift" in label
    ActionChains(browser.driver).move_to_element(tile).perform()
    browser.wait(lambda d: readout(browser) == label, "hovering did not show the status")
    # From the keyboard (the pointer out of the way): the skip link, then the first tile.
    ActionChains(browser.driver).move_to_element(browser.find("main h1")).perform()
    browser.wait(lambda d: readout(browser) != label, "leaving the tile did not reset")
    skip = browser.find(f"{MAP} .spred-tilemap__skip")
    browser.driver.execute_script("arguments[0].focus()", skip)
    skip.send_keys(Keys.TAB)
    focused = browser.active_element()
    assert focused.get_attribute("class") == "spred-tile"
    browser.wait(
        lambda d: readout(browser) == focused.get_attribute("aria-label"),
        "keyboard focus did not show the status",
    )


def test_no_csp_refusal_and_no_axe_violation(browser: Browser) -> None:
    browser.visit(PAGE)
    log = browser.driver.get_log("browser")  # type: ignore[attr-defined]
    refused = [e["message"] for e in log if "Content Security Policy" in e["message"]]
    assert not [m for m in refused if "htmx.min.js" not in m], refused
    browser.driver.execute_script(AXE_SCRIPT.read_text(encoding="utf-8"))
    raw = browser.driver.execute_async_script(_AXE_IN, list(AXE_TAGS), [MAP, GENEALOGY])
    result = json.loads(raw)
    assert "error" not in result, result
    assert result["passes"] > 0
    found = [
        (v["id"], [n.get("html", "")[:200] for n in v["nodes"][:3]]) for v in result["violations"]
    ]
    assert not found, found
