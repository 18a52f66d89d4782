"""The adoption import page: who gets in, check first, then store; example files."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from selenium.webdriver.remote.webdriver import WebDriver

from spred.accounts.tests.factories import PASSWORD
from spred.core.testing import (
    LOGIN,
    AccessWorld,
    Audience,
    ViewAccess,
    assert_access,
    client_for,
    csp_script_problems,
    unchanged,
)
from spred.core.tests.browser import AxeViolation, Browser, chromium, format_violations
from spred.diffusion.choices import Verification
from spred.diffusion.importing.examples import example_file
from spred.diffusion.importing.format import COLUMNS
from spred.diffusion.models import Adoption, AdoptionEvent
from spred.diffusion.tests.world import LedgerWorld, build_world
from spred.organisations.reference import load_reference_data

pytestmark = pytest.mark.django_db

URL = "/spredning/import/"


def csv_file(*rows: dict[str, str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(COLUMNS)
    writer.writerows([r.get(c, "") for c in COLUMNS] for r in rows)
    return buffer.getvalue().encode("utf-8")


def row(**cells: str) -> dict[str, str]:
    base = {"organisation": "751", "solution": "spiserobot", "status": "i-drift",
            "date": "2021-01-04"}  # fmt: skip
    return {**base, **cells}


def check(client: Any, data: bytes, name: str = "ibrug.csv") -> Any:
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(URL, {"file": upload, "action": "kontroller"})


def only_importers(label: str, url: str) -> ViewAccess:
    # A tool page, not an object: signed-in people who cannot record adoptions are told no.
    return ViewAccess(
        label,
        url,
        {
            Audience.ANONYMOUS: LOGIN,
            Audience.NO_PERMISSION: 403,
            Audience.OTHER_ORGANISATION: 200,
            Audience.PERMITTED: 200,
        },
    )


def test_access(ledger_world: LedgerWorld) -> None:
    world = AccessWorld(
        users={
            Audience.ANONYMOUS: None,
            Audience.NO_PERMISSION: ledger_world.outsider,
            Audience.OTHER_ORGANISATION: ledger_world.odense_member,
            Audience.PERMITTED: ledger_world.aarhus_member,
        }
    )
    assert_access(only_importers("import page", URL), world)
    for kind in ("csv", "xlsx", "json"):
        assert_access(only_importers(f"example {kind}", f"{URL}eksempel.{kind}"), world)
    assert client_for(ledger_world.editor).get(URL).status_code == 200


def test_posting_without_the_right_changes_nothing(ledger_world: LedgerWorld) -> None:
    with unchanged(Adoption, AdoptionEvent):
        response = check(client_for(ledger_world.outsider), csv_file(row()))
        assert response.status_code == 403
        response = client_for(ledger_world.outsider).post(URL, {"action": "gem"})
        assert response.status_code == 403


def test_page_describes_the_columns_and_offers_examples(ledger_world: LedgerWorld) -> None:
    html = client_for(ledger_world.aarhus_member).get(URL).content.decode()
    for column in COLUMNS:
        assert f"<code>{column}</code>" in html
    assert "overvejer, afproever, i-drift, udbredt, stoppet" in html
    assert "/spredning/import/eksempel.xlsx" in html
    assert "/spredning/import/eksempel.csv" in html
    assert not csp_script_problems(html)


def test_check_then_store(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    client = client_for(w.aarhus_member)
    response = check(client, csv_file(row(), row(organisation="461")))
    html = response.content.decode()
    assert response.status_code == 200
    assert "er kontrolleret uden fejl" in html
    assert "Gem importen" in html
    assert "Afventer bekræftelse" in html
    assert "Verificeret" in html
    assert not Adoption.objects.exists()

    response = client.post(URL, {"action": "gem"})
    assert response.status_code == 302
    assert response["Location"] == URL
    assert Adoption.objects.get(organisation=w.aarhus).verification == Verification.VERIFIED
    assert Adoption.objects.get(organisation=w.odense).verification == Verification.PENDING
    html = client.get(URL).content.decode()
    assert "ibrug.csv er importeret" in html
    assert "/spredning/ibrugtagninger/" in html
    # Storing again does nothing: the checked rows were used.
    with unchanged(Adoption, AdoptionEvent):
        client.post(URL, {"action": "gem"})


def test_problems_are_listed_by_row_and_column(ledger_world: LedgerWorld) -> None:
    client = client_for(ledger_world.aarhus_member)
    with unchanged(Adoption, AdoptionEvent):
        response = check(client, csv_file(row(), row(solution="hemmelig-kladde", status="x")))
    html = response.content.decode()
    assert "Filen kan ikke importeres" in html
    assert "<td>3</td><td><code>status</code></td>" in html
    assert "<td>3</td><td><code>solution</code></td>" in html
    assert "Gem importen" not in html
    # Nothing waits to be stored after a failed check.
    with unchanged(Adoption, AdoptionEvent):
        client.post(URL, {"action": "gem"})


def test_a_check_can_be_dropped(ledger_world: LedgerWorld) -> None:
    client = client_for(ledger_world.aarhus_member)
    check(client, csv_file(row()))
    assert client.post(URL, {"action": "fortryd"}).status_code == 302
    with unchanged(Adoption, AdoptionEvent):
        client.post(URL, {"action": "gem"})


def test_a_change_in_the_ledger_between_check_and_store_is_reported(
    ledger_world: LedgerWorld,
) -> None:
    w = ledger_world
    client = client_for(w.aarhus_member)
    check(client, csv_file(row()))
    # Someone else records the same adoption in the meantime.
    other = client_for(w.aarhus_admin)
    check(other, csv_file(row()))
    other.post(URL, {"action": "gem"})
    response = client.post(URL, {"action": "gem"})
    assert response.status_code == 200
    assert "Filen kan ikke importeres" in response.content.decode()
    assert Adoption.objects.count() == 1


def test_a_broken_file_is_an_error_on_the_field(ledger_world: LedgerWorld) -> None:
    response = check(client_for(ledger_world.aarhus_member), b"ikke et regneark", "ark.xlsx")
    assert "ikke et Excel-regneark" in response.content.decode()


@pytest.mark.parametrize("kind", ["csv", "xlsx", "json"])
def test_example_files_download_and_import(ledger_world: LedgerWorld, kind: str) -> None:
    client = client_for(ledger_world.editor)
    response = client.get(f"{URL}eksempel.{kind}")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    checked = check(client, response.content, f"eksempel.{kind}")
    assert "er kontrolleret uden fejl" in checked.content.decode()


@pytest.fixture
def driver() -> Iterator[WebDriver]:
    with chromium() as driver:
        yield driver


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_import_journey_in_the_browser_passes_axe(
    driver: WebDriver, live_server: Any, tmp_path: Path
) -> None:
    load_reference_data()
    w = build_world()
    browser = Browser(driver, live_server.url)
    browser.reset()
    violations: list[AxeViolation] = []
    good = tmp_path / "ibrug.csv"
    good.write_bytes(example_file("csv", w.robot.slug))
    bad = tmp_path / "fejl.csv"
    bad.write_bytes(csv_file(row(status="i brug"), row(organisation="999")))

    browser.log_in(w.aarhus_member.email, PASSWORD)
    browser.visit(URL)
    violations += browser.axe(f"{URL} (empty)")

    browser.find("#id_file").send_keys(str(bad))
    browser.submit()
    assert "Filen kan ikke importeres" in browser.find("main").text
    violations += browser.axe(f"{URL} (problems listed)")

    browser.find("#id_file").send_keys(str(good))
    browser.submit()
    assert "kontrolleret uden fejl" in browser.find("main").text
    violations += browser.axe(f"{URL} (checked)")

    browser.click_to_load(browser.find("button[value=gem]"))
    assert "er importeret" in browser.find("main").text
    violations += browser.axe(f"{URL} (imported)")
    assert Adoption.objects.count() == 2
    assert not violations, format_violations(violations)
