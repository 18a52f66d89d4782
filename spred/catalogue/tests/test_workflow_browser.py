"""The catalogue's main journey in headless Chromium, with axe-core on every page it passes:
a member writes a case and sends it to the editors, an editor publishes it, and the public
reads it. Run with `make browser` (or `.venv/bin/pytest -m browser`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from spred.accounts.tests.factories import PASSWORD
from spred.catalogue.choices import Status
from spred.catalogue.models import Case, CaseRevision
from spred.catalogue.services.contact import contact_set
from spred.catalogue.services.entries import case_create
from spred.catalogue.services.workflow import case_return, case_submit
from spred.catalogue.tests.factories import SolutionFactory, editor
from spred.core.tests.browser import AxeViolation, Browser, chromium, format_violations
from spred.organisations.choices import OrganisationKind
from spred.organisations.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    RegionFactory,
)

pytestmark = pytest.mark.browser


@dataclass
class Cast:
    member: Any
    editor: Any
    organisation: Any


@pytest.fixture(scope="module")
def driver() -> Iterator[WebDriver]:
    with chromium() as driver:
        yield driver


@pytest.fixture
def cast(transactional_db: Any) -> Cast:
    organisation = OrganisationFactory.create(
        name="Fiktiv Styrelse for Velfærd",
        slug="fiktiv-styrelse",
        kind=OrganisationKind.STATE_AGENCY,
        region=RegionFactory.create(code=1082),
    )
    member = MembershipFactory.create(
        organisation=organisation, user__name="Mette Lund", user__email="mette@example.org"
    ).user
    SolutionFactory.create(name="Aftenskærmen", status=Status.PUBLISHED)
    return Cast(
        member=member,
        editor=editor(name="Ebba Redaktør", email="ebba@example.org"),
        organisation=organisation,
    )


@pytest.fixture
def browser(driver: WebDriver, live_server: Any, cast: Cast) -> Browser:
    browser = Browser(driver, live_server.url)
    browser.reset()
    return browser


def type_into(browser: Browser, css: str, text: str) -> None:
    field = browser.find(css)
    field.clear()
    field.send_keys(text)


def tick(browser: Browser, css: str) -> None:
    """Tick a checkbox with the keyboard, as DKFDS draws the box on the label."""
    box = browser.find(css)
    browser.driver.execute_script("arguments[0].focus()", box)
    box.send_keys(Keys.SPACE)
    browser.wait(lambda d: box.is_selected(), f"{css} was not ticked")


def test_a_member_writes_and_submits_a_case_and_an_editor_publishes_it(
    browser: Browser, cast: Cast
) -> None:
    violations: list[AxeViolation] = []

    # The member writes a draft.
    browser.log_in(cast.member.email, PASSWORD)
    browser.visit("/konto/min-side/")
    browser.click_to_load(browser.find("a[href='/katalog/mine-bidrag/']"))
    violations += browser.axe("/katalog/mine-bidrag/ (empty)")
    browser.click_to_load(browser.find("a[href='/katalog/cases/ny/']"))
    assert browser.heading() == "Ny case"
    violations += browser.axe("/katalog/cases/ny/")

    browser.submit("main form button[type=submit]")
    assert browser.find_all("main .form-error-message"), "an empty form must be refused"
    violations += browser.axe("/katalog/cases/ny/ (errors)")

    type_into(browser, "#id_title", "Skærmbesøg om aftenen")
    type_into(browser, "#id_summary", "Aftenvagten ringer op på skærm <b>før</b> de kører ud.")
    type_into(browser, "#id_challenge", "For mange kørsler om aftenen.")
    type_into(browser, "#id_solution_text", "Et skærmopkald først.\n\nSå en vurdering.")
    type_into(browser, "#id_results", "En fjerdedel færre kørsler.")
    type_into(browser, "#id_lessons", "Start med de borgere, der selv vil.")
    type_into(browser, "#id_spreading_potential", "Alle kommuner med aftenvagt.")
    Select(browser.find("#id_stage")).select_by_value("implementeret")
    tick(browser, "input[name=policy_areas][value=aeldre-og-pleje]")
    tick(browser, "input[name=technologies][value=telemedicin]")
    tick(browser, "input[name=solution_slugs]")
    browser.submit("main form button[type=submit]")
    case = Case.objects.get()
    assert browser.path() == f"/katalog/cases/{case.slug}/"
    assert browser.find_all(".spred-messages .alert-success")
    assert "<b>før</b>" in browser.find("main").text, "HTML is shown as text"
    violations += browser.axe("case page (draft, as its author)")

    browser.submit("main form[action$='/indsend/'] button")
    assert Case.objects.get().status == Status.SUBMITTED
    assert [m.to for m in mail.outbox] == [[cast.editor.email]]
    violations += browser.axe("case page (submitted)")

    # The editor finds it in the queue, checks the criteria and publishes it.
    browser.reset()
    browser.log_in(cast.editor.email, PASSWORD)
    browser.visit("/katalog/til-behandling/")
    violations += browser.axe("/katalog/til-behandling/")
    browser.click_to_load(browser.find("main table a"))
    assert browser.path() == f"/katalog/cases/{case.slug}/behandl/"
    checklist = browser.find(".spred-checklist").text
    assert "Ikke opfyldt" not in checklist
    assert checklist.count("Opfyldt") == 4
    violations += browser.axe("review page")
    type_into(browser, "#id_comment", "Tak for en god case.")
    browser.submit("button[name=decision][value=publish]")
    assert browser.path() == "/katalog/til-behandling/"
    assert "Ingen cases venter." in browser.find("main").text
    case.refresh_from_db()
    assert case.status == Status.PUBLISHED
    assert CaseRevision.objects.get(case=case).comment == "Tak for en god case."
    assert mail.outbox[-1].to == [cast.member.email]

    # Anyone can read it now.
    browser.reset()
    browser.visit(f"/katalog/cases/{case.slug}/")
    assert browser.heading() == "Skærmbesøg om aftenen"
    assert "Aftenskærmen" in browser.find("main").text
    assert "Tak for en god case." in browser.find("main").text  # the version history
    violations += browser.axe("case page (published, anonymous)")
    browser.visit(f"/katalog/cases/{case.slug}/versioner/1/")
    violations += browser.axe("first version")
    assert not violations, format_violations(violations)


def test_the_member_pages_for_contact_attachments_and_returned_cases_pass_axe(
    browser: Browser, cast: Cast
) -> None:
    from spred.catalogue.tests.test_services import full_input

    case = case_create(acting_user=cast.member, organisation=cast.organisation, data=full_input())
    case_submit(acting_user=cast.member, case=case)
    case_return(acting_user=cast.editor, case=case, comment="Tilføj tal, tak.")
    from spred.catalogue.consent import withdrawal_token
    from spred.catalogue.tests.test_services import contact

    record = contact_set(acting_user=cast.member, case=case, contact=contact())
    violations: list[AxeViolation] = []
    browser.log_in(cast.member.email, PASSWORD)
    for path in [
        f"/katalog/cases/{case.slug}/",
        f"/katalog/cases/{case.slug}/rediger/",
        f"/katalog/cases/{case.slug}/kontaktperson/",
        f"/katalog/cases/{case.slug}/bilag/",
        f"/katalog/cases/{case.slug}/slet/",
        "/katalog/mine-bidrag/",
        "/katalog/loesninger/ny/",
        f"/katalog/samtykke/{withdrawal_token(record)}/",
        "/katalog/samtykke/ugyldigt-link/",
    ]:
        browser.visit(path)
        assert browser.find_all("main h1"), path
        violations += browser.axe(path)
    browser.visit(f"/katalog/cases/{case.slug}/kontaktperson/")
    browser.submit("main form button[type=submit]")
    assert browser.find_all("main .form-error-message")
    violations += browser.axe("contact form (errors)")
    assert not violations, format_violations(violations)

    # WCAG 1.4.10: at 320 px nothing but a data table may need sideways scrolling.
    overflowing = browser.reflow_problems(
        [
            f"/katalog/cases/{case.slug}/",
            f"/katalog/cases/{case.slug}/rediger/",
            "/katalog/mine-bidrag/",
        ]
    )
    assert not overflowing, f"wider than the screen: {overflowing}"
