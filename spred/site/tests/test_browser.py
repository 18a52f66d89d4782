"""The main journeys in headless Chromium, and axe-core's WCAG 2.1 AA check on every page.

Run with `make browser` (or `.venv/bin/pytest -m browser`). They need Debian's `chromium` and
`chromium-driver` and `npm ci` (axe-core); `.ci/run` installs all three.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import translation
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from spred.accounts.models import User
from spred.core.tests.browser import AxeViolation, Browser, chromium, format_violations
from spred.organisations.choices import MembershipRole, MembershipStatus, OrganisationKind
from spred.organisations.models import Membership, Organisation
from spred.organisations.reference import load_reference_data
from spred.organisations.services import organisation_register_private
from spred.site.navigation import MODULES

pytestmark = pytest.mark.browser

PASSWORD = "Korrekt-Hest-Batteri-42"


@dataclass
class Cast:
    """The people and the organisation the journeys need (fictional, made for these tests)."""

    member: User
    admin: User
    requester: User
    company: Organisation


def make_user(email: str, name: str) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, name=name)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture(scope="module")
def driver() -> Iterator[WebDriver]:
    with chromium() as driver:
        yield driver


@pytest.fixture
def cast(transactional_db: Any) -> Cast:
    load_reference_data()
    member = make_user("mette.lund@example.org", "Mette Lund")
    admin = make_user("anders.krog@example.org", "Anders Krog")
    requester = make_user("sofie.dahl@example.org", "Sofie Dahl")
    company = organisation_register_private(
        acting_user=admin,
        name="Fiktiv Velfærdsteknologi ApS",
        kind=OrganisationKind.COMPANY,
        cvr="12345674",
        website="https://velfaerd.example.org",
    )
    Membership.objects.create(
        user=requester,
        organisation=company,
        role=MembershipRole.MEMBER,
        status=MembershipStatus.REQUESTED,
        message="Jeg er ny projektleder i teamet for velfærdsteknologi.",
    )
    return Cast(member=member, admin=admin, requester=requester, company=company)


@pytest.fixture
def browser(driver: WebDriver, live_server: Any, cast: Cast) -> Browser:
    browser = Browser(driver, live_server.url)
    browser.reset()
    return browser


def translated(danish: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(danish)


def assert_accessible(violations: list[AxeViolation]) -> None:
    assert not violations, format_violations(violations)


# -- the shell ------------------------------------------------------------------------------


def test_design_system_css_and_scripts_load(browser: Browser) -> None:
    browser.visit("/")
    font = browser.driver.execute_script("return getComputedStyle(document.body).fontFamily")
    assert "IBM Plex Sans" in font, f"DKFDS stylesheet not applied: body font is {font!r}"
    # Spred's own stylesheet: main content ends with 4rem of space.
    spred_css = browser.driver.execute_script(
        "const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);"
        " return parseFloat(getComputedStyle(document.querySelector('main')).paddingBottom)"
        " / rem"
    )
    assert spred_css == 4, "spred.css not applied"
    # The webfont file itself arrived (the stylesheet only names it).
    assert browser.driver.execute_async_script(
        "const done = arguments[0]; document.fonts.ready.then(() => done(Array.from("
        "document.fonts).some((f) => f.family.includes('IBM Plex Sans') && f.status === 'loaded')))"
    )
    # spred.js removes no-js; DKFDS and htmx define their globals.
    loaded = browser.driver.execute_script(
        "return {nojs: document.documentElement.classList.contains('no-js'),"
        " dkfds: typeof window.DKFDS, htmx: typeof window.htmx}"
    )
    assert loaded == {"nojs": False, "dkfds": "object", "htmx": "object"}


def test_axe_runs_despite_the_csp_and_finds_a_planted_violation(browser: Browser) -> None:
    browser.visit("/om-spred/")
    # The Content-Security-Policy is in force: an inline script added to the page does not run.
    browser.driver.execute_script(
        "const s = document.createElement('script');"
        " s.textContent = 'window.spredInlineRan = true'; document.head.appendChild(s);"
    )
    assert browser.driver.execute_script("return window.spredInlineRan === undefined")
    # WebDriver's own scripts are not page scripts, so axe-core runs, and it does find things.
    browser.driver.execute_script(
        "const img = document.createElement('img'); img.src = '/static/missing.png';"
        " document.querySelector('main').appendChild(img);"
        " const p = document.createElement('p'); p.textContent = 'Lys grå tekst';"
        " p.style.color = '#ddd'; document.querySelector('main').appendChild(p);"
    )
    found = {v.rule for v in browser.axe()}
    assert {"image-alt", "color-contrast"} <= found, found


def test_skip_link_is_first_and_moves_focus_to_main_content(browser: Browser) -> None:
    browser.visit("/organisationer/")
    ActionChains(browser.driver).send_keys(Keys.TAB).perform()
    skip = browser.active_element()
    assert "skipnav" in (skip.get_attribute("class") or "")
    assert skip.is_displayed(), "the skip link must become visible when it has focus"
    skip.send_keys(Keys.ENTER)
    browser.wait(lambda d: d.switch_to.active_element.get_attribute("id") == "main-content")
    # The next Tab continues inside the main content, not back in the header.
    ActionChains(browser.driver).send_keys(Keys.TAB).perform()
    inside = browser.driver.execute_script(
        "return document.getElementById('main-content').contains(document.activeElement)"
    )
    assert inside


def test_mobile_menu_opens_and_closes_with_the_keyboard(browser: Browser) -> None:
    browser.driver.set_window_size(390, 844)
    try:
        browser.visit("/")
        violations = browser.axe("/ (390 px wide)")
        menu_button = browser.find(".js-menu-open")
        assert menu_button.is_displayed()
        assert not browser.find(".navigation-menu-mobile").is_displayed()
        menu_button.send_keys(Keys.ENTER)
        browser.wait(lambda d: browser.find(".navigation-menu-mobile").is_displayed())
        drawer_has_focus = (
            "return document.querySelector('.mobile-drawer').contains(document.activeElement)"
        )
        browser.wait(lambda d: d.execute_script(drawer_has_focus), "focus did not move to the menu")
        violations += browser.axe("/ (390 px wide, menu open)")
        ActionChains(browser.driver).send_keys(Keys.ESCAPE).perform()
        browser.wait(lambda d: not browser.find(".navigation-menu-mobile").is_displayed())
        assert "js-menu-open" in (browser.active_element().get_attribute("class") or ""), (
            "closing the menu must return focus to the button that opened it"
        )
        assert_accessible(violations)
    finally:
        browser.driver.set_window_size(1280, 1024)


def test_pages_reflow_at_320_css_pixels(browser: Browser, cast: Cast) -> None:
    """WCAG 1.4.10: at 320 px nothing but a data table may need sideways scrolling."""
    browser.log_in(cast.admin.email, PASSWORD)
    overflowing = browser.reflow_problems(
        [
            "/",
            "/organisationer/?q=fred",
            f"/organisationer/{cast.company.slug}/",
            f"/organisationer/{cast.company.slug}/medlemmer/",
            "/konto/min-side/",
            "/konto/anmodninger/",
            "/konto/api-noegler/",
        ]
    )
    assert not overflowing, f"wider than the screen: {overflowing}"


# -- log in and out -------------------------------------------------------------------------


def test_log_in_with_email_and_password_then_log_out(browser: Browser, cast: Cast) -> None:
    browser.visit("/")
    browser.click_to_load(browser.find(".portal-user a.log-on"))
    assert browser.path().startswith("/konto/login/")
    browser.find("#id_login").send_keys("Mette.Lund@example.org")
    browser.find("#id_password").send_keys(PASSWORD)
    browser.submit()
    browser.wait(lambda d: browser.find_all(".portal-user .user"), "not logged in")
    assert browser.find(".portal-user .user").text == "Mette Lund"
    assert browser.path() == "/"

    browser.click_to_load(browser.find(".portal-user button.log-off"))
    browser.wait(lambda d: browser.find_all(".portal-user a.log-on"), "still logged in")
    assert not browser.find_all(".portal-user .user")
    browser.visit("/konto/min-side/")
    assert browser.path().startswith("/konto/login/"), "the profile must need a login again"


def test_wrong_password_is_refused_with_a_message(browser: Browser, cast: Cast) -> None:
    browser.log_in(cast.member.email, "forkert-adgangskode")
    assert browser.path().startswith("/konto/login/")
    assert not browser.find_all(".portal-user .user")
    assert browser.find_all("main .alert-error, main .form-error-message")
    assert_accessible(browser.axe("/konto/login/ (wrong password)"))


# -- organisation search --------------------------------------------------------------------


def result_names(browser: Browser) -> list[str]:
    # Read in one script: htmx may replace the rows between two WebDriver calls.
    names = browser.driver.execute_script(
        "return Array.from(document.querySelectorAll('#organisation-results tbody th a'),"
        " (a) => a.textContent.trim())"
    )
    return list(names)


def wait_for_results(browser: Browser, expected: list[str]) -> None:
    browser.wait(
        lambda d: result_names(browser) == expected,
        f"expected {expected}, saw {result_names(browser)}",
    )


FRED = [
    "Fredensborg Kommune",
    "Fredericia Kommune",
    "Frederiksberg Kommune",
    "Frederikshavn Kommune",
    "Frederikssund Kommune",
]
FRED_CAPITAL = ["Fredensborg Kommune", "Frederiksberg Kommune", "Frederikssund Kommune"]


def test_organisation_search_with_filters(browser: Browser) -> None:
    browser.visit("/organisationer/")
    assert len(result_names(browser)) > 0
    browser.find("#id_q").send_keys("fred")
    browser.find("form[role=search] button[type=submit]").click()
    wait_for_results(browser, FRED)
    assert browser.path() == "/organisationer/?q=fred&kind=&sector=&region="
    assert "5 organisationer" in browser.find("#result-count").text

    # Changing a filter updates the results without a button press (data-autosubmit).
    Select(browser.find("#id_region")).select_by_visible_text("Region Hovedstaden")
    wait_for_results(browser, FRED_CAPITAL)
    Select(browser.find("#id_sector")).select_by_visible_text("Statslig")
    wait_for_results(browser, [])
    assert "Ingen organisationer passer til søgningen" in browser.find("#organisation-results").text
    assert_accessible(browser.axe("/organisationer/ (no results after filtering)"))
    Select(browser.find("#id_sector")).select_by_visible_text("Kommunal")
    wait_for_results(browser, FRED_CAPITAL)
    assert browser.find("#result-count").text.startswith("3 ")
    # Screen readers hear the new count from a live region that stayed in the page.
    browser.wait(
        lambda d: browser.text_of("#spred-announcer") == browser.text_of("#result-count"),
        "the result count was not announced",
    )
    # The update replaced the results; it did not nest a second results region inside the first.
    assert len(browser.find_all("[id=organisation-results]")) == 1
    assert_accessible(browser.axe("/organisationer/ (after filtering)"))

    # The pushed URL is a real page: reloading it shows the same results without htmx.
    browser.driver.refresh()
    browser.wait_until_ready()
    assert result_names(browser) == FRED_CAPITAL
    assert browser.find("#id_q").get_attribute("value") == "fred"


def test_organisation_search_with_the_keyboard_only(browser: Browser) -> None:
    browser.visit("/organisationer/")
    keys = ActionChains(browser.driver)
    for _ in range(60):
        keys.send_keys(Keys.TAB).perform()
        if browser.active_element().get_attribute("id") == "id_q":
            break
    else:
        raise AssertionError("Tab never reached the name search field")
    ActionChains(browser.driver).send_keys("fred", Keys.ENTER).perform()
    wait_for_results(browser, FRED)

    # Tab on to the region filter and choose by typing, as a keyboard user would.
    for _ in range(5):
        ActionChains(browser.driver).send_keys(Keys.TAB).perform()
        if browser.active_element().get_attribute("id") == "id_region":
            break
    else:
        raise AssertionError("Tab never reached the region filter")
    ActionChains(browser.driver).send_keys("Region H").perform()
    wait_for_results(browser, FRED_CAPITAL)
    # Focus stays where the user is; the results changed around it.
    assert browser.active_element().get_attribute("id") == "id_region"

    # Enter on a result link opens the organisation.
    link = browser.find("#organisation-results tbody th a")
    link.send_keys(Keys.ENTER)
    browser.wait(lambda d: browser.path() == "/organisationer/fredensborg-kommune/")
    assert browser.heading() == "Fredensborg Kommune"


# -- language -------------------------------------------------------------------------------


def test_switch_language_to_english_and_back(browser: Browser) -> None:
    browser.visit("/organisationer/?q=fred")
    assert browser.html_lang() == "da"
    browser.click_to_load(browser.find("footer button[name=language][value=en]"))
    browser.wait(lambda d: browser.html_lang() == "en", "the page did not switch to English")
    assert browser.path() == "/organisationer/?q=fred", "the switch must return to the same page"
    english = browser.find("footer button[name=language][value=en]")
    assert english.get_attribute("aria-current") == "true"
    assert browser.text_of("a.skipnav") == "Skip to main content"
    assert browser.heading() == "Organisations"
    assert browser.text_of("label[for=id_q]") == "Search by name"
    assert browser.text_of("#result-count") == "5 organisations"
    # The search still works in English, and its results and messages are English too.
    Select(browser.find("#id_sector")).select_by_visible_text(translated("Statslig", "en"))
    wait_for_results(browser, [])
    assert "No organisations match the search" in browser.text_of("#organisation-results")
    assert_accessible(browser.axe("/organisationer/?q=fred (English)"))

    violations: list[AxeViolation] = []
    for path in ["/", "/konto/login/", "/organisationer/aarhus-kommune/", "/findes-ikke/"]:
        browser.visit(path)
        assert browser.html_lang() == "en", f"the choice must last: {path} is not in English"
        violations += browser.axe(f"{path} (English)")
    assert browser.heading() == translated("Siden findes ikke", "en") != "Siden findes ikke"
    assert_accessible(violations)

    browser.click_to_load(browser.find("footer button[name=language][value=da]"))
    browser.wait(lambda d: browser.html_lang() == "da")
    assert browser.text_of("a.skipnav") == "Gå til sidens indhold"


# -- axe-core on every page -----------------------------------------------------------------

PUBLIC_PAGES = [
    "/",
    "/om-spred/",
    "/tilgaengelighed/",
    "/aabne-data/",
    *(f"/moduler/{m.slug}/" for m in MODULES if not m.live),
    "/organisationer/",
    "/organisationer/?q=fred",
    "/organisationer/?q=findes-ikke-xyz",
    "/organisationer/?side=2",
    "/organisationer/aarhus-kommune/",
    "/organisationer/region-hovedstaden/",
    "/organisationer/fiktiv-velfaerdsteknologi-aps/",
    "/katalog/",
    "/katalog/?q=findes-ikke-xyz&kind=case",
    # The barometer with nothing published yet (its pages with figures and charts are checked
    # in spred/barometer/tests/test_public_browser.py).
    "/barometer/",
    "/barometer/arbejdspladser-som-min/",
    "/barometer/metode/",
    "/barometer/data/",
    "/konto/login/",
    "/konto/signup/",
    "/konto/password/reset/",
    "/findes-ikke/",
]


def test_every_public_page_passes_axe(browser: Browser) -> None:
    violations: list[AxeViolation] = []
    for path in PUBLIC_PAGES:
        browser.visit(path)
        assert browser.find_all("main h1"), f"{path} has no heading"
        violations += browser.axe(path)
    assert_accessible(violations)


def link_in_last_mail(browser: Browser) -> str:
    """The first link to this site in the newest e-mail (the live server shares mail.outbox)."""
    browser.wait(lambda d: mail.outbox, "no e-mail was sent")
    body = str(mail.outbox[-1].body)
    found = re.search(r"https?://\S+", body)
    assert found, body
    return found.group(0).removeprefix(browser.base_url)


def test_sign_up_confirm_and_reset_password_pages_pass_axe(browser: Browser, cast: Cast) -> None:
    violations: list[AxeViolation] = []
    browser.visit("/konto/signup/")
    browser.submit()
    assert browser.find_all("main .form-error-message")
    violations += browser.axe("/konto/signup/ (empty form submitted)")

    browser.find("#id_email").send_keys("ida.berg@example.org")
    browser.find("#id_name").send_keys("Ida Berg")
    browser.find("#id_password1").send_keys(PASSWORD)
    browser.find("#id_password2").send_keys(PASSWORD)
    browser.submit()
    assert browser.path() == "/konto/confirm-email/", "sign-up must ask to confirm the address"
    violations += browser.axe("/konto/confirm-email/ (after signing up)")
    confirm = link_in_last_mail(browser)
    assert confirm.startswith("/konto/confirm-email/"), confirm
    browser.visit(confirm)
    violations += browser.axe("e-mail confirmation page")
    browser.submit()
    violations += browser.axe(f"{browser.path()} (after confirming the e-mail address)")

    browser.reset()
    mail.outbox.clear()
    browser.visit("/konto/password/reset/")
    browser.find("#id_email").send_keys(cast.member.email)
    browser.submit()
    violations += browser.axe(f"{browser.path()} (after asking for a reset)")
    browser.visit(link_in_last_mail(browser))
    assert browser.find_all("#id_password1"), "the reset link must lead to the new-password form"
    violations += browser.axe("set a new password")
    browser.find("#id_password1").send_keys("Nyt-Hest-Batteri-43")
    browser.find("#id_password2").send_keys("Nyt-Hest-Batteri-43")
    browser.submit()
    violations += browser.axe(f"{browser.path()} (password changed)")
    assert_accessible(violations)


def test_lockout_page_passes_axe(browser: Browser, cast: Cast) -> None:
    for _ in range(11):
        browser.log_in(cast.member.email, "forkert-adgangskode")
        if "Kontoen er midlertidigt spærret" in browser.heading():
            break
    else:
        raise AssertionError("ten wrong passwords did not lock the account")
    assert_accessible(browser.axe("lockout page"))


def test_pages_of_a_signed_in_member_pass_axe(browser: Browser, cast: Cast) -> None:
    violations: list[AxeViolation] = []
    browser.log_in(cast.member.email, PASSWORD)
    assert browser.find(".portal-user .user").text == "Mette Lund"
    for path in [
        "/",
        "/organisationer/aarhus-kommune/",  # shows the form to ask for membership
        "/konto/min-side/",
        "/konto/min-side/rediger/",
        "/konto/anmodninger/",  # nothing waiting
        "/konto/api-noegler/",  # no tokens yet
        "/konto/email/",
        "/konto/password/change/",
        "/konto/logout/",
    ]:
        browser.visit(path)
        violations += browser.axe(f"{path} (member)")

    browser.visit("/organisationer/registrer/")
    violations += browser.axe("/organisationer/registrer/")
    browser.find("#id_name").send_keys("Fiktiv Klynge")
    browser.find("#id_cvr").send_keys("12345675")
    browser.submit()
    assert browser.find_all("main .form-error-message"), "a bad CVR must be refused"
    violations += browser.axe("/organisationer/registrer/ (invalid CVR)")

    browser.visit("/organisationer/aarhus-kommune/")
    browser.find("#id_message").send_keys("Jeg arbejder med digitalisering i Aarhus.")
    browser.click_to_load(browser.find("#join-heading ~ form button[type=submit]"))
    browser.wait(lambda d: browser.find_all(".spred-messages .alert-success"))
    violations += browser.axe("/organisationer/aarhus-kommune/ (request sent)")
    browser.visit("/konto/min-side/")
    violations += browser.axe("/konto/min-side/ (with a pending request)")
    browser.click_to_load(browser.find("main table a[href*='/udmeld/']"))
    violations += browser.axe(f"{browser.path()} (withdraw request)")
    assert_accessible(violations)


def test_pages_of_an_organisation_admin_pass_axe(browser: Browser, cast: Cast) -> None:
    violations: list[AxeViolation] = []
    slug = cast.company.slug
    browser.log_in(cast.admin.email, PASSWORD)
    assert browser.find(".portal-user .user").text == "Anders Krog"
    for path in [
        f"/organisationer/{slug}/",
        f"/organisationer/{slug}/rediger/",
        f"/organisationer/{slug}/medlemmer/",
        "/konto/min-side/",
        "/konto/anmodninger/",
    ]:
        browser.visit(path)
        violations += browser.axe(f"{path} (organisation admin)")
    assert "Sofie Dahl" in browser.find("main").text, "the pending request must be listed"

    browser.visit(f"/organisationer/{slug}/rediger/")
    website = browser.find("#id_website")
    website.clear()
    website.send_keys("ikke en adresse")
    browser.submit()
    assert browser.find_all("main .form-error-message")
    violations += browser.axe(f"/organisationer/{slug}/rediger/ (invalid website)")

    browser.visit("/konto/api-noegler/")
    browser.find("#id_name").send_keys("Indberetning fra fagsystem")
    browser.submit()
    browser.wait(lambda d: browser.find_all("#new-token"))
    assert browser.find("#new-token").text.startswith("spred_")
    violations += browser.axe("/konto/api-noegler/ (new token shown)")

    browser.click_to_load(browser.find("main table a[href*='/tilbagekald/']"))
    assert "/tilbagekald/" in browser.path()
    violations += browser.axe(f"{browser.path()} (revoke confirmation)")
    browser.submit()
    browser.wait(lambda d: browser.find_all(".spred-messages .alert-success"))
    violations += browser.axe("/konto/api-noegler/ (token revoked)")

    browser.visit("/konto/anmodninger/")
    browser.submit()
    browser.wait(lambda d: browser.find_all(".spred-messages .alert-success"))
    violations += browser.axe("/konto/anmodninger/ (request approved)")

    browser.visit(f"/organisationer/{slug}/medlemmer/")
    violations += browser.axe(f"/organisationer/{slug}/medlemmer/ (with an active member)")
    browser.click_to_load(browser.find("main table a[href*='/fjern/']"))
    assert "/fjern/" in browser.path()
    violations += browser.axe(f"{browser.path()} (remove confirmation)")
    assert_accessible(violations)


def test_the_swagger_ui_page_passes_axe_as_it_loads(browser: Browser) -> None:
    """Swagger UI is third-party; /aabne-data/ is the accessible documentation, but the page
    it links to must at least be usable as it opens (expanded operations are a known limit,
    stated in the accessibility statement)."""
    browser.visit("/api/v1/docs")
    browser.wait(lambda d: browser.find_all("#swagger-ui .opblock"), "Swagger UI did not render")
    assert_accessible(browser.axe("/api/v1/docs"))
