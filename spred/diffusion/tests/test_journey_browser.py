"""Issue 4's "Done when", walked in headless Chromium as a leader would, with axe-core's WCAG 2.1
A/AA check on every page she passes.

A leader in Skanderborg Kommune opens a published solution in the catalogue, follows its
"Spredning" panel and sees the verified adopters on the tile map (a pending record colours no
tile), the diffusion curve with the fitted model drawn under the Content-Security-Policy, the
model's parameters and the genealogy. She opens her own organisation's page and gets the
solution recommended with reasons that carry real counts, records with the keyboard that
Skanderborg uses it (verified at once) and that neighbouring Odder does (pending). A member of
Odder Kommune signs in, finds the record under "Til bekræftelse" and confirms it; after that the
solution's map colours Odder's tile.

Run with the other browser tests (`make browser`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select

from spred.accounts.tests.factories import PASSWORD
from spred.core.tests.browser import AxeViolation, Browser, chromium, format_violations
from spred.diffusion.analysis.statistics import MODEL_LABELS
from spred.diffusion.analysis.tilemap import NO_DATA_FILL, STATUS_FILLS
from spred.diffusion.choices import AdoptionStatus, Verification
from spred.diffusion.models import Adoption
from spred.diffusion.tests.world import LedgerWorld, build_world, make_adoption, municipality
from spred.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.browser

SOLUTION_PAGE = "/spredning/loesninger/spiserobot/"
MAP = "#kort-spiserobot"
GENEALOGY = "#slaegt-spiserobot"
SKANDERBORG, ODDER, NORDDJURS = "746", "727", "707"
REGION_MIDT = 1082

#: Who adopted the robot, year by year from eight years ago until this year (1, 1, 2, 3, 4, 3,
#: 2, 1, 1 new adopters: an S-curve that a model can fit), with the status each has today and
#: whom each learned from. Viborg stopped again; none of them is Skanderborg or Odder.
ADOPTERS: tuple[tuple[int, str, str, tuple[str, ...]], ...] = (
    (0, "751", AdoptionStatus.WIDESPREAD, ()),
    (1, "615", AdoptionStatus.OPERATING, ("751",)),
    (2, "740", AdoptionStatus.OPERATING, ("751",)),
    (2, "461", AdoptionStatus.OPERATING, ()),
    (3, "730", AdoptionStatus.OPERATING, ("751",)),
    (3, "101", AdoptionStatus.WIDESPREAD, ()),
    (3, "851", AdoptionStatus.OPERATING, ()),
    (4, "791", AdoptionStatus.STOPPED, ()),
    (4, "710", AdoptionStatus.OPERATING, ("730",)),
    (4, "147", AdoptionStatus.OPERATING, ()),
    (4, "561", AdoptionStatus.PILOT, ()),
    (5, "657", AdoptionStatus.OPERATING, ()),
    (5, "766", AdoptionStatus.PILOT, ("615",)),
    (5, "621", AdoptionStatus.OPERATING, ()),
    (6, "706", AdoptionStatus.PILOT, ()),
    (6, "175", AdoptionStatus.OPERATING, ()),
    (7, "779", AdoptionStatus.PILOT, ()),
    (8, "630", AdoptionStatus.PILOT, ()),
)
YEARS = 9

STATUS_LABELS = {str(value): str(label) for value, label in AdoptionStatus.choices}
MODEL_NAMES = [str(label) for label in MODEL_LABELS.values()]


@dataclass
class Cast:
    world: LedgerWorld
    leader: Any  # a member of Skanderborg Kommune
    odder_member: Any
    skanderborg: Any
    odder: Any
    #: Municipalities that use the robot today (verified, not stopped), and those of them in
    #: Region Midtjylland: the counts the recommendation's reasons must carry.
    in_use: int
    in_use_in_region: int


@pytest.fixture(scope="module")
def driver() -> Iterator[WebDriver]:
    with chromium() as driver:
        yield driver


@pytest.fixture
def cast(transactional_db: Any, reference_data: Any) -> Cast:
    world = build_world()
    first = timezone.localdate().year - YEARS + 1
    in_use = in_region = 0
    for offset, code, status, sources in ADOPTERS:
        # New Year's Day: never in the future, whatever day the test runs.
        start = date(first + offset, 1, 1)
        history: list[Any] = [(AdoptionStatus.PILOT, start)]
        if status == AdoptionStatus.STOPPED:
            history.append((status, date(first + offset + 2, 1, 1), "For dyr i drift."))
        elif status != AdoptionStatus.PILOT:
            history.append((status, date(first + offset + 1, 1, 1)))
        organisation = municipality(code)
        make_adoption(
            organisation,
            world.robot,
            history,
            confirmed_at=timezone.now(),
            learned_from=[municipality(s) for s in sources],
        )
        if status != AdoptionStatus.STOPPED:
            in_use += 1
            in_region += organisation.region is not None and organisation.region.code == REGION_MIDT
    # Recorded by Aarhus on Norddjurs' behalf and not yet confirmed: it must colour no tile.
    make_adoption(
        municipality(NORDDJURS),
        world.robot,
        [(AdoptionStatus.OPERATING, date(first + 6, 1, 1))],
        verification=Verification.PENDING,
        recorded_by=world.aarhus_member,
        recorded_by_organisation=world.aarhus,
    )
    skanderborg, odder = municipality(SKANDERBORG), municipality(ODDER)
    return Cast(
        world=world,
        leader=MembershipFactory.create(
            organisation=skanderborg, user__name="Birgitte Holm", user__email="bh@skanderborg.test"
        ).user,
        odder_member=MembershipFactory.create(
            organisation=odder, user__name="Ole Dahl", user__email="od@odder.test"
        ).user,
        skanderborg=skanderborg,
        odder=odder,
        in_use=in_use,
        in_use_in_region=in_region,
    )


@pytest.fixture
def browser(driver: WebDriver, live_server: Any, cast: Cast) -> Browser:
    browser = Browser(driver, live_server.url)
    browser.reset()
    driver.get_log("browser")  # type: ignore[attr-defined]  # start with an empty console
    return browser


# -- helpers --------------------------------------------------------------------------------


def console_problems(browser: Browser) -> list[str]:
    """Errors in the console since the last call: CSP refusals and script errors."""
    log = browser.driver.get_log("browser")  # type: ignore[attr-defined]
    return [
        entry["message"]
        for entry in log
        if entry["level"] == "SEVERE" or "Content Security Policy" in entry["message"]
    ]


def chart_states(browser: Browser) -> dict[str, str | None]:
    states = browser.driver.execute_script(
        "return Array.from(document.querySelectorAll('[data-spred-chart]'),"
        " (c) => [c.id, c.getAttribute('data-spred-chart-state')])"
    )
    return dict(states)


def wait_for_charts(browser: Browser) -> dict[str, str | None]:
    browser.wait(
        lambda d: (
            chart_states(browser)
            and all(s in ("drawn", "failed") for s in chart_states(browser).values())
        ),
        f"the charts were not drawn: {chart_states(browser)}",
    )
    return chart_states(browser)


def tile(browser: Browser, code: str) -> tuple[str, str | None]:
    """A municipality's tile on the map: the name it is announced by, and the status its
    colour and its label show (None for a tile without a status)."""
    found = browser.find(f'{MAP} [data-code="{code}"] .spred-tile')
    label = found.get_attribute("aria-label") or ""
    fill = found.find_element("css selector", ".spred-tile__shape").get_attribute("fill")
    name, _colon, said = label.partition(": ")
    by_fill = [status for status, colour in STATUS_FILLS.items() if colour == fill]
    by_label = [s for s, text in STATUS_LABELS.items() if said.startswith(f"{text} siden")]
    assert by_fill == by_label, f"{label!r} drawn in {fill}"
    if not by_fill:
        assert fill == NO_DATA_FILL, f"{label!r} drawn in {fill}"
    return name, (by_fill[0] if by_fill else None)


def focus(browser: Browser, element: WebElement) -> None:
    browser.driver.execute_script("arguments[0].focus()", element)
    browser.wait(
        lambda d: browser.driver.execute_script(
            "return document.activeElement === arguments[0]", element
        ),
        "the element did not take focus",
    )


def press_to_load(browser: Browser, element: WebElement, key: str = Keys.ENTER) -> None:
    """Give ``element`` focus and press ``key`` on it, and wait for the page that loads."""
    focus(browser, element)
    browser.driver.execute_script("window.spredPreviousPage = true")
    element.send_keys(key)
    browser.wait(
        lambda d: d.execute_script(
            "return window.spredPreviousPage === undefined && document.readyState === 'complete'"
        ),
        "the key press did not load a new page",
    )


def choose_radio(browser: Browser, name: str, value: str) -> None:
    """Choose a radio button with the keyboard (DKFDS draws it on the label)."""
    radio = browser.find(f"input[name={name}][value={value}]")
    focus(browser, radio)
    radio.send_keys(Keys.SPACE)
    browser.wait(lambda d: radio.is_selected(), f"{name}={value} was not chosen")


def choose_option(browser: Browser, css: str, text: str) -> None:
    """Type an option's name into a focused select, as a keyboard user does."""
    select = browser.find(css)
    focus(browser, select)
    select.send_keys(text)
    browser.wait(
        lambda d: Select(select).first_selected_option.text == text,
        f"typing {text!r} into {css} chose {Select(select).first_selected_option.text!r}",
    )


def text(element: WebElement) -> str:
    """An element's text as the DOM has it, visible or not."""
    return (element.get_attribute("textContent") or "").strip()


def messages(browser: Browser) -> str:
    return " ".join(text(e) for e in browser.find_all(".spred-messages"))


# -- the journey ----------------------------------------------------------------------------


def test_a_leader_sees_the_spread_gets_advice_and_records_and_an_adoption_is_confirmed(
    browser: Browser, cast: Cast
) -> None:
    violations: list[AxeViolation] = []
    world = cast.world
    robot = world.robot
    adopters = [municipality(code) for _offset, code, _status, _sources in ADOPTERS]

    # 1. The leader signs in and opens the solution in the catalogue.
    browser.log_in(cast.leader.email, PASSWORD)
    browser.visit(robot.get_absolute_url())
    assert browser.heading() == robot.name
    panel = browser.find("section[aria-labelledby=diffusion-panel-heading]")
    # Pending records do not count: 18 organisations, 18 of the 98 municipalities.
    assert f"{len(ADOPTERS)} organisationer" in panel.text, panel.text
    assert f"{len(ADOPTERS)} af landets 98 kommuner" in panel.text, panel.text
    violations += browser.axe("catalogue solution page")

    # ... follows the panel to the solution's spreading page.
    browser.click_to_load(panel.find_element("css selector", f"a[href='{SOLUTION_PAGE}']"))
    assert browser.path() == SOLUTION_PAGE

    # The curve and the bar chart are drawn under the CSP, with the fitted model's line.
    states = wait_for_charts(browser)
    assert states == {"figur-kurve": "drawn", "figur-nye": "drawn"}, states
    curve_svg = browser.find("#figur-kurve svg")
    legend = text(curve_svg)
    assert "Model: " in legend, f"the curve's legend names no model: {legend[:300]}"
    assert browser.find_all("#figur-kurve svg .mark-area path"), "no forecast band is drawn"
    # The model's line is the thick one (the sectors' lines are thinner).
    model_lines = browser.find_all("#figur-kurve svg .mark-line path[stroke-width='3']")
    assert len(model_lines) == 1, "the fitted model's curve is not drawn"
    assert console_problems(browser) == []

    # The model and its parameters, with standard errors.
    model = browser.find("section[aria-labelledby=model-heading]")
    chosen = legend.split("Model: ", 1)[1]
    assert any(chosen.startswith(label) for label in MODEL_NAMES), legend
    chosen = next(label for label in MODEL_NAMES if chosen.startswith(label))
    assert chosen in model.text, model.text
    captions = [text(c) for c in model.find_elements("css selector", "caption")]
    parameter_table = next(
        (
            t
            for t, c in zip(model.find_elements("css selector", "table"), captions, strict=True)
            if c.startswith("Parametre i") and chosen in c
        ),
        None,
    )
    assert parameter_table is not None, captions
    rows = parameter_table.find_elements("css selector", "tbody tr")
    assert len(rows) == 3, [r.text for r in rows]
    assert all(r.text.split()[0] in {"m", "p", "q", "r", "t₀", "b", "c"} for r in rows)
    assert text(rows[0]).startswith("m")

    # The map: every verified adopter's tile carries its status, the pending one's does not.
    for (_offset, code, status, _sources), organisation in zip(ADOPTERS, adopters, strict=True):
        assert tile(browser, code) == (organisation.name, status), code
    for code in (NORDDJURS, ODDER, SKANDERBORG):
        assert tile(browser, code) == (municipality(code).name, None), code

    # The genealogy: who learned from whom.
    links = {
        tuple(text(cell) for cell in row.find_elements("css selector", "th, td")[:2])
        for row in browser.find_all(f"{GENEALOGY} table tbody tr")
    }
    expected = {
        (municipality(code).name, municipality(source).name)
        for _offset, code, _status, sources in ADOPTERS
        for source in sources
    }
    assert links == expected
    assert browser.find_all(f"{GENEALOGY} svg"), "the genealogy is not drawn"
    violations += browser.axe("solution spreading page")

    # 2. Her own organisation, through its tile on the map: recommendations with reasons.
    browser.click_to_load(browser.find(f'{MAP} [data-code="{SKANDERBORG}"] a.spred-tile'))
    assert browser.path() == f"/spredning/organisationer/{cast.skanderborg.slug}/"
    assert browser.heading() == cast.skanderborg.name
    recommended = browser.find_all(".spred-recommendations > li")
    by_name = {item.find_element("css selector", "h3").text: item for item in recommended}
    assert robot.name in by_name, list(by_name)
    reasons = [li.text for li in by_name[robot.name].find_elements("css selector", "ul li")]
    assert any(f"{cast.in_use} af 97 andre kommuner bruger" in r for r in reasons), reasons
    assert f"Brugt i Region Midtjylland af {cast.in_use_in_region} kommuner" in reasons, reasons
    assert "1 anden kommune er stoppet med den igen" in reasons, reasons
    violations += browser.axe("organisation page (recommendations)")

    # 3a. She records, with the keyboard, that Skanderborg uses it: verified at once.
    record_link = by_name[robot.name].find_element(
        "css selector", "a[href*='/spredning/registrer/']"
    )
    press_to_load(browser, record_link)
    assert browser.path() == "/spredning/registrer/?loesning=spiserobot"
    assert (
        f"Registrerer du for din egen organisation ({cast.skanderborg.name}), er "
        "ibrugtagningen verificeret med det samme" in browser.text_of("main")
    )
    assert (
        Select(browser.find("#id_organisation")).first_selected_option.text == cast.skanderborg.name
    )
    assert Select(browser.find("#id_solution")).first_selected_option.text == robot.name
    violations += browser.axe("record form (own organisation)")
    choose_radio(browser, "status", AdoptionStatus.OPERATING)
    choose_option(browser, "#id_learned_from", world.aarhus.name)
    press_to_load(browser, browser.find("main form button[type=submit]"))
    own = Adoption.objects.get(organisation=cast.skanderborg, solution=robot)
    assert browser.path() == own.get_absolute_url()
    assert "verificeret" in messages(browser).lower(), messages(browser)
    assert own.verification == Verification.VERIFIED
    assert own.status == AdoptionStatus.OPERATING
    assert [link.source for link in own.learned_from.all()] == [world.aarhus]
    violations += browser.axe("adoption page (verified)")

    # 3b. ... and, on Odder's behalf, that the neighbour does: pending until Odder confirms.
    browser.visit("/spredning/registrer/?loesning=spiserobot")
    violations += browser.axe("record form (again)")
    choose_option(browser, "#id_organisation", cast.odder.name)
    choose_radio(browser, "status", AdoptionStatus.PILOT)
    press_to_load(browser, browser.find("main form button[type=submit]"))
    pending = Adoption.objects.get(organisation=cast.odder, solution=robot)
    assert browser.path() == pending.get_absolute_url()
    assert "afventer bekræftelse" in messages(browser).lower(), messages(browser)
    assert cast.odder.name in messages(browser), messages(browser)
    assert "Afventer bekræftelse" in browser.text_of("main")
    assert pending.verification == Verification.PENDING
    violations += browser.axe("adoption page (pending)")

    # The map shows Skanderborg now, and still no colour for Odder.
    browser.visit(SOLUTION_PAGE)
    assert tile(browser, SKANDERBORG) == (cast.skanderborg.name, AdoptionStatus.OPERATING)
    assert tile(browser, ODDER) == (cast.odder.name, None)
    wait_for_charts(browser)
    violations += browser.axe("solution spreading page (Odder pending)")

    # 3c. A member of Odder signs in, finds the record under "Til bekræftelse" and confirms it.
    browser.reset()
    browser.log_in(cast.odder_member.email, PASSWORD)
    browser.visit("/spredning/ibrugtagninger/")
    to_confirm = browser.find("main a[href='/spredning/til-bekraeftelse/']")
    assert to_confirm.text.startswith("Til bekræftelse")
    assert "(1)" in to_confirm.text
    violations += browser.axe("ledger (Odder member)")
    browser.click_to_load(to_confirm)
    row = browser.find("main table tbody tr")
    cells = [text(c) for c in row.find_elements("css selector", "th, td")]
    assert cells[:2] == [cast.odder.name, robot.name], cells
    assert cells[3] == cast.skanderborg.name, cells
    violations += browser.axe("to confirm (Odder member)")
    press_to_load(browser, row.find_element("css selector", "button[type=submit]"))
    assert browser.path() == "/spredning/til-bekraeftelse/"
    assert "bekræftet" in messages(browser), messages(browser)
    assert not browser.find_all("main table tbody tr"), "the record still waits"
    pending.refresh_from_db()
    assert pending.verification == Verification.VERIFIED
    violations += browser.axe("to confirm (after confirming)")

    # After that the solution's map colours Odder's tile.
    browser.visit(SOLUTION_PAGE)
    assert tile(browser, ODDER) == (cast.odder.name, AdoptionStatus.PILOT)
    learners = [text(th) for th in browser.find_all(f"{GENEALOGY} table tbody th")]
    assert cast.skanderborg.name in learners, learners
    assert wait_for_charts(browser) == {"figur-kurve": "drawn", "figur-nye": "drawn"}
    assert console_problems(browser) == []
    violations += browser.axe("solution spreading page (after confirming)")

    assert not violations, format_violations(violations)
