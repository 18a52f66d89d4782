"""Headless Chromium for the browser tests, and axe-core's WCAG 2.1 AA check.

Chromium and ChromeDriver come from Debian (`chromium`, `chromium-driver`); Selenium is given
their paths so that Selenium Manager never tries to download a browser or a driver. axe-core
comes from npm (`npm ci` puts it in node_modules/) and is injected through WebDriver, which is
not subject to the page's Content-Security-Policy (the pages themselves allow no inline script).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

REPO_ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = Path(os.environ.get("SPRED_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("SPRED_CHROMEDRIVER", "/usr/bin/chromedriver"))
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"

#: WCAG 2.0 and 2.1, levels A and AA — what the Danish web accessibility act requires.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

#: Chromium on a closed network: no first-run, sync, component or background requests.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1024",
    "--lang=da-DK",
)

WAIT_SECONDS = 15


#: What sticks out to the right of the window, but for data tables (which may scroll sideways)
#: and what only screen readers see: the first five elements, as tag.class.
_OVERFLOWING = """
return Array.from(document.querySelectorAll("body *"))
  .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
  .filter((e) => !e.closest(".table--responsive-scroll, .sr-only, .skipnav"))
  .slice(0, 5)
  .map((e) => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""));
"""


class BrowserSetupError(RuntimeError):
    """Something the browser tests need is not installed; the message says how to install it."""


def require_tools() -> None:
    missing = []
    if not CHROMIUM.is_file():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    if not CHROMEDRIVER.is_file():
        missing.append(f"{CHROMEDRIVER} (apt-get install chromium-driver)")
    if not AXE_SCRIPT.is_file():
        missing.append(f"{AXE_SCRIPT} (npm ci)")
    if missing:
        raise BrowserSetupError("The browser tests need: " + "; ".join(missing))


@contextmanager
def chromium() -> Iterator[WebDriver]:
    """A headless Chromium with a fresh, throw-away profile."""
    require_tools()
    profile = tempfile.mkdtemp(prefix="spred-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_experimental_option("prefs", {"intl.accept_languages": "da-DK,da"})
    service = Service(executable_path=str(CHROMEDRIVER))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_script_timeout(60)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@dataclass
class AxeViolation:
    page: str
    rule: str
    impact: str
    help: str
    help_url: str
    nodes: list[dict[str, Any]] = field(default_factory=list)

    def describe(self) -> str:
        lines = [f"[{self.impact}] {self.rule}: {self.help} on {self.page}", f"    {self.help_url}"]
        for node in self.nodes[:8]:
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"    - {target}")
            lines.append(f"      {node.get('html', '')[:300]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n        ")
            if summary:
                lines.append(f"        {summary}")
        if len(self.nodes) > 8:
            lines.append(f"    … and {len(self.nodes) - 8} more elements")
        return "\n".join(lines)


def format_violations(violations: list[AxeViolation]) -> str:
    pages = sorted({v.page for v in violations})
    head = f"axe-core found {len(violations)} WCAG 2.1 A/AA violation(s) on {', '.join(pages)}:"
    return "\n".join([head, *(v.describe() for v in violations)])


_AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: arguments[0]}, resultTypes: ["violations"]})
  .then((results) => done(JSON.stringify({
    violations: results.violations,
    passes: results.passes.length,
    url: results.url,
  })))
  .catch((error) => done(JSON.stringify({error: String(error)})));
"""


class Browser:
    """The live server seen through Chromium, with the few steps every journey needs."""

    def __init__(self, driver: WebDriver, base_url: str) -> None:
        self.driver = driver
        self.base_url = base_url.rstrip("/")

    # -- navigation -------------------------------------------------------------------------

    def url(self, path: str) -> str:
        return self.base_url + path

    def visit(self, path: str) -> None:
        self.driver.get(self.url(path))
        self.wait_until_ready()

    def wait_until_ready(self) -> None:
        self.wait(lambda d: d.execute_script("return document.readyState") == "complete")

    def wait(self, condition: Callable[[WebDriver], Any], message: str = "") -> Any:
        # While htmx swaps or a page loads, elements go stale and ChromeDriver can answer with
        # an "unknown error"; ask again until the time is up, then fail with the message.
        waiting = WebDriverWait(self.driver, WAIT_SECONDS, ignored_exceptions=(WebDriverException,))
        return waiting.until(condition, message)

    def click_to_load(self, element: WebElement) -> None:
        """Click something that loads a new page, and wait until the new page is there.

        The old page is marked with a window property, which a new document does not have.
        (Waiting for an old element to go stale can fail with ChromeDriver's "node does not
        belong to the document" while the navigation is under way.)
        """
        self.driver.execute_script("window.spredPreviousPage = true")
        element.click()
        self.wait(
            lambda d: d.execute_script(
                "return window.spredPreviousPage === undefined"
                " && document.readyState === 'complete'"
            ),
            "the click did not load a new page",
        )

    def submit(self, css: str = "main form button[type=submit]") -> None:
        self.click_to_load(self.find(css))

    def find(self, css: str) -> WebElement:
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css: str) -> list[WebElement]:
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def text_of(self, css: str) -> str:
        """An element's text as the DOM has it, visible or not (sr-only text included)."""
        return (self.find(css).get_attribute("textContent") or "").strip()

    def path(self) -> str:
        return str(self.driver.execute_script("return location.pathname + location.search"))

    def html_lang(self) -> str:
        return str(self.find("html").get_attribute("lang"))

    def heading(self) -> str:
        return self.find("main h1").text

    def active_element(self) -> WebElement:
        return self.driver.switch_to.active_element

    def reset(self) -> None:
        """Forget the previous test's session and language choice.

        Through the DevTools protocol rather than on a page of the site: a page's late
        requests (its favicon, say) would otherwise bring back a fresh CSRF cookie after the
        next page has rendered its form with another one.
        """
        self.driver.get("about:blank")
        self.driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
        self.driver.execute_cdp_cmd("Network.clearBrowserCache", {})

    # -- accounts ---------------------------------------------------------------------------

    def log_in(self, email: str, password: str) -> None:
        self.visit("/konto/login/")
        self.find("#id_login").send_keys(email)
        self.find("#id_password").send_keys(password)
        self.submit()

    # -- accessibility ----------------------------------------------------------------------

    def reflow_problems(self, paths: list[str]) -> dict[str, list[str]]:
        """WCAG 1.4.10: each page at 320 CSS pixels, and what is wider than the screen on it
        (nothing but a data table may need sideways scrolling). The window is restored."""
        self.driver.set_window_size(320, 800)
        try:
            found = {}
            for path in paths:
                self.visit(path)
                if wide := self.overflowing():
                    found[path] = wide
            return found
        finally:
            self.driver.set_window_size(1280, 1024)

    def overflowing(self) -> list[str]:
        """What is wider than the window (WCAG 1.4.10 reflow), for the page as it is now."""
        found: list[str] = self.driver.execute_script(_OVERFLOWING)
        return found

    def axe(self, page: str | None = None) -> list[AxeViolation]:
        """Run axe-core's WCAG 2.1 A/AA rules on the current page; return what it found."""
        label = page or self.path()
        if not self.driver.execute_script("return typeof window.axe === 'object'"):
            self.driver.execute_script(AXE_SCRIPT.read_text(encoding="utf-8"))
        raw = self.driver.execute_async_script(_AXE_RUN, list(AXE_TAGS))
        result = json.loads(raw)
        if "error" in result:
            raise AssertionError(f"axe-core failed on {label}: {result['error']}")
        if not result["passes"]:
            raise AssertionError(f"axe-core checked nothing on {label}: is the page empty?")
        return [
            AxeViolation(
                page=label,
                rule=v["id"],
                impact=v.get("impact") or "unknown",
                help=v["help"],
                help_url=v["helpUrl"],
                nodes=v["nodes"],
            )
            for v in result["violations"]
        ]
