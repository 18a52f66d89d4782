"""The editors' import page and its example files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from selenium.webdriver.remote.webdriver import WebDriver

from spred.accounts.tests.factories import PASSWORD
from spred.catalogue.choices import Status
from spred.catalogue.importing.examples import example_file
from spred.catalogue.models import Case, CasePartner, CaseRevision, Solution
from spred.catalogue.tests.factories import editor
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
from spred.organisations.reference import load_reference_data

pytestmark = pytest.mark.django_db

URL = "/katalog/import/"
TRACKED = (Case, Solution, CasePartner, CaseRevision, LogEntry)


@pytest.fixture
def importer(reference_data: Any) -> Any:
    return editor(email="redaktoer@eksempel.dk")


@pytest.fixture
def world(importer: Any, org_member: Any, other_org_admin: Any) -> AccessWorld:
    return AccessWorld(
        users={
            Audience.ANONYMOUS: None,
            Audience.NO_PERMISSION: org_member,
            Audience.OTHER_ORGANISATION: other_org_admin,
            Audience.PERMITTED: importer,
        }
    )


def only_editors(label: str, url: str, **kwargs: Any) -> ViewAccess:
    # A tool page, not an object: signed-in non-editors are told no (403); nothing leaks.
    return ViewAccess(
        label,
        url,
        {
            Audience.ANONYMOUS: LOGIN,
            Audience.NO_PERMISSION: 403,
            Audience.OTHER_ORGANISATION: 403,
            Audience.PERMITTED: 200,
        },
        **kwargs,
    )


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def records(*extra: dict[str, Any]) -> bytes:
    base = [
        {
            "type": "solution",
            "slug": "borgerbooking",
            "title": "Borgerbooking",
            "summary": "Tidsbestilling på nettet.",
            "organisation": "751",
            "description": "Borgerne bestiller selv tid.",
            "policy_areas": ["borgerservice"],
            "website": "https://eksempel.dk/booking",
        },
        {
            "slug": "booking-i-aarhus",
            "title": "Booking i Aarhus",
            "summary": "Kortere kø i borgerservice.",
            "organisation": "751",
            "solutions": ["borgerbooking"],
        },
        *extra,
    ]
    return json.dumps(base, ensure_ascii=False).encode()


def post(user: Any, data: bytes, mode: str, name: str = "katalog.json", **extra: Any) -> Any:
    return client_for(user).post(URL, {"file": upload(name, data), "mode": mode, **extra})


# --------------------------------------------------------------------------------------------
# Who gets in


def test_access(world: AccessWorld) -> None:
    assert_access(only_editors("import page", URL), world)
    for kind in ("json", "csv", "xlsx"):
        assert_access(only_editors(f"example {kind}", f"/katalog/import/eksempel.{kind}"), world)


def test_posting_as_a_non_editor_changes_nothing(org_member: Any, reference_data: Any) -> None:
    with unchanged(*TRACKED):
        response = post(org_member, records(), "kladder")
    assert response.status_code == 403


def test_a_platform_admin_may_import(platform_admin_user: Any, reference_data: Any) -> None:
    assert client_for(platform_admin_user).get(URL).status_code == 200


# --------------------------------------------------------------------------------------------
# The page


def test_page_explains_the_format_and_offers_examples(importer: Any) -> None:
    response = client_for(importer).get(URL)
    html = response.content.decode()
    assert "Kun kontrol (prøvekørsel)" in html
    assert "Importér som kladder" in html
    assert "Importér og publicér" in html
    assert 'href="/katalog/import/eksempel.xlsx"' in html
    assert 'href="/api/v1/schemas/case.json"' in html
    assert "docs/catalogue-format.md" in html
    assert 'enctype="multipart/form-data"' in html
    assert csp_script_problems(html) == []


def test_dry_run_lists_what_would_be_created(importer: Any) -> None:
    with unchanged(*TRACKED):
        response = post(importer, records(), "kontrol")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Prøvekørslen fandt ingen fejl" in html
    assert "2 poster ville blive oprettet" in html
    assert '<th scope="row">Booking i Aarhus</th>' in html


def test_problems_are_listed_and_nothing_is_stored(importer: Any) -> None:
    bad = {
        "title": "Fed",
        "summary": "Kort.",
        "organisation": "ukendt-kommune",
        "policy_areas": ["<i>rumfart</i>"],
    }
    with unchanged(*TRACKED):
        response = post(importer, records(bad), "kladder")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Filen blev ikke importeret" in html
    assert "Der er 2 problemer" in html
    assert "<caption>Problemer i filen</caption>" in html
    assert "<td>[2]</td><td><code>organisation</code></td>" in html
    assert "<td>[2]</td><td><code>policy_areas[0]</code></td>" in html
    # What the file said is shown as text.
    assert "<i>rumfart</i>" not in html
    assert "&lt;i&gt;rumfart&lt;/i&gt;" in html


def test_import_as_drafts_redirects_to_a_report_with_links(importer: Any) -> None:
    client = client_for(importer)
    response = client.post(URL, {"file": upload("katalog.json", records()), "mode": "kladder"})
    assert response.status_code == 302
    assert response["Location"] == URL
    assert Case.objects.get().status == Status.DRAFT

    html = client.get(URL).content.decode()
    assert "katalog.json er importeret" in html
    assert '<a href="/katalog/cases/booking-i-aarhus/">Booking i Aarhus</a>' in html
    assert '<a href="/katalog/loesninger/borgerbooking/">Borgerbooking</a>' in html
    # Shown once: a reload does not show (or import) it again.
    assert "er importeret" not in client.get(URL).content.decode()


def test_import_and_publish(importer: Any) -> None:
    complete = {
        "title": "Fuld case",
        "summary": "Kort.",
        "organisation": "751",
        "challenge": "a",
        "solution": "b",
        "results": "c",
        "lessons": "d",
        "spreading_potential": "e",
        "stage": "implementeret",
    }
    response = post(importer, json.dumps([complete]).encode(), "publicer")
    assert response.status_code == 302
    assert Case.objects.get().status == Status.PUBLISHED


def test_publish_anyway_needs_a_reason_and_publishing(importer: Any) -> None:
    thin = json.dumps([{"title": "Tynd", "summary": "Kort.", "organisation": "751"}]).encode()
    with unchanged(*TRACKED):
        response = post(importer, thin, "publicer")
    assert "Kriterierne for publicering er ikke opfyldt" in response.content.decode()

    with unchanged(*TRACKED):
        response = post(importer, thin, "kladder", override_reason="Gammel case.")
    assert "En begrundelse bruges kun, når der publiceres." in response.content.decode()

    response = post(importer, thin, "publicer", override_reason="Gammel case fra arkivet.")
    assert response.status_code == 302
    assert Case.objects.get().status == Status.PUBLISHED


def test_a_broken_file_is_an_error_on_the_field(importer: Any) -> None:
    with unchanged(*TRACKED):
        response = post(importer, b"ikke et regneark", "kladder", name="katalog.xlsx")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="form-error-message" id="id_file_error"' in html
    assert "er ikke et Excel-regneark" in html


def test_upload_size_limit(importer: Any, settings: Any) -> None:
    settings.SPRED_MAX_REQUEST_BYTES = 100 * 1024
    big = records({"title": "x" * 50_000, "summary": "y" * 50_000, "organisation": "751"})
    with unchanged(*TRACKED):
        response = post(importer, big, "kladder")
    assert "Filen er for stor" in response.content.decode()


@pytest.mark.parametrize(
    ("kind", "content_type"),
    [
        ("json", "application/json; charset=utf-8"),
        ("csv", "text/csv; charset=utf-8"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_example_files_download_and_import(importer: Any, kind: str, content_type: str) -> None:
    client = client_for(importer)
    response = client.get(f"/katalog/import/eksempel.{kind}")
    assert response["Content-Type"] == content_type
    assert (
        response["Content-Disposition"] == f'attachment; filename="spred-katalog-eksempel.{kind}"'
    )
    with unchanged(*TRACKED):
        checked = post(importer, response.content, "kontrol", name=f"eksempel.{kind}")
    assert "Prøvekørslen fandt ingen fejl" in checked.content.decode()


# --------------------------------------------------------------------------------------------
# In the browser, with axe-core


@pytest.fixture(scope="module")
def driver() -> Iterator[WebDriver]:
    with chromium() as driver:
        yield driver


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_import_journey_in_the_browser_passes_axe(
    driver: WebDriver, live_server: Any, tmp_path: Path
) -> None:
    load_reference_data()
    user = editor(email="ebba@example.org", name="Ebba Redaktør")
    browser = Browser(driver, live_server.url)
    browser.reset()
    violations: list[AxeViolation] = []
    example = tmp_path / "eksempel.csv"
    example.write_bytes(example_file("csv"))
    broken = tmp_path / "katalog.xlsx"
    broken.write_bytes(b"ikke et regneark")
    bad = tmp_path / "katalog.json"
    bad.write_bytes(records({"title": "Uden organisation", "summary": "Kort."}))

    browser.log_in(user.email, PASSWORD)
    browser.visit(URL)
    violations += browser.axe(f"{URL} (empty)")

    browser.find("#id_file").send_keys(str(broken))
    browser.submit()
    assert browser.find_all("main .form-error-message")
    violations += browser.axe(f"{URL} (broken file)")

    browser.find("#id_file").send_keys(str(bad))
    browser.submit()
    assert "Filen blev ikke importeret" in browser.find("main").text
    violations += browser.axe(f"{URL} (problems listed)")

    browser.find("#id_file").send_keys(str(example))
    browser.submit()
    assert "Prøvekørslen fandt ingen fejl" in browser.find("main").text
    violations += browser.axe(f"{URL} (dry run)")

    browser.find("#id_file").send_keys(str(example))
    browser.find("label[for=id_mode_1]").click()
    browser.submit()
    assert "er importeret" in browser.find("main").text
    violations += browser.axe(f"{URL} (imported)")
    browser.click_to_load(browser.find("main table a"))
    assert browser.path().startswith("/katalog/")
    assert not violations, format_violations(violations)
