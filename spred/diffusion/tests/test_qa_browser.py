"""axe-core on a tile map with an unconfirmed tile ("D*"): the visible marker must not make the
tile's link fail WCAG 2.5.3 (``label-content-name-mismatch``), and the index page for a
signed-in member passes WCAG 2.1 A/AA with her organisation and "Til bekræftelse" links."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from spred.core.tests.browser import AXE_SCRIPT, Browser, chromium
from spred.diffusion.choices import AdoptionStatus
from spred.diffusion.tests.world import LedgerWorld, build_world, make_adoption

COPENHAGEN = ZoneInfo("Europe/Copenhagen")

pytestmark = pytest.mark.browser

PAGE = "/spredning/loesninger/spiserobot/"
PASSWORD = "correct horse battery staple 42"

_AXE_RULE = """
const done = arguments[arguments.length - 1];
axe.run({include: arguments[0]}, {runOnly: {type: "rule", values: ["label-content-name-mismatch"]}})
  .then((r) => done(JSON.stringify({violations: r.violations, passes: r.passes})))
  .catch((error) => done(JSON.stringify({error: String(error)})));
"""


@pytest.fixture(scope="module")
def driver() -> Iterator[WebDriver]:
    with chromium() as driver:
        yield driver


@pytest.fixture
def world(transactional_db: Any, reference_data: Any) -> LedgerWorld:
    world = build_world()
    long_ago = datetime(2021, 3, 1, 12, tzinfo=COPENHAGEN)
    make_adoption(
        world.odense,
        world.robot,
        [(AdoptionStatus.OPERATING, date(2021, 3, 1))],
        confirmed_at=long_ago,
    )
    make_adoption(world.aarhus, world.robot, [(AdoptionStatus.PILOT, date(2022, 5, 3))])
    return world


@pytest.fixture
def browser(driver: WebDriver, live_server: Any, world: LedgerWorld) -> Browser:
    browser = Browser(driver, live_server.url)
    browser.reset()
    return browser


def test_an_unconfirmed_tile_keeps_its_visible_marker_out_of_its_name(
    browser: Browser,
) -> None:
    browser.visit(PAGE)
    cell = browser.find('[data-code="461"]')
    assert "D*" in (cell.get_attribute("textContent") or "")  # the marker is shown
    link = browser.find('[data-code="461"] a.spred-tile')
    assert "ubekræftet" in (link.get_attribute("aria-label") or "")
    browser.driver.execute_script(AXE_SCRIPT.read_text(encoding="utf-8"))
    raw = browser.driver.execute_async_script(_AXE_RULE, [".spred-tilemap"])
    result = json.loads(raw)
    assert "error" not in result, result
    assert result["violations"] == [], [
        n["html"][:200] for v in result["violations"] for n in v["nodes"]
    ]


def test_the_index_for_a_member_passes_axe(browser: Browser, world: LedgerWorld) -> None:
    user = world.aarhus_member
    user.set_password(PASSWORD)
    user.save()
    browser.log_in(user.email, PASSWORD)
    browser.visit("/spredning/")
    assert browser.find("#my-organisations-heading").text
    assert "Til bekræftelse (" in browser.find("main").text
    violations = browser.axe()
    assert violations == [], [(v.rule, v.help) for v in violations]
