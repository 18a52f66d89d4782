"""The analysts' workspace in headless Chromium: every page passes axe-core's WCAG 2.1 A/AA
check, also with a validation report and the preview's tables, and an upload works from the
browser.

Run with the other browser tests (`make browser`); they need Debian's chromium and
chromium-driver and `npm ci` for axe-core.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from selenium.webdriver.remote.webdriver import WebDriver

from spred.accounts.models import User
from spred.accounts.roles import PlatformRole
from spred.barometer.indicators import sync_indicators
from spred.barometer.models import Wave
from spred.barometer.services.imports import codebook_import, microdata_import
from spred.barometer.services.waves import wave_create
from spred.barometer.tests.factories import (
    codebook_yaml,
    default_rows,
    microdata_csv,
    strata_csv,
)
from spred.core.tests.browser import AxeViolation, Browser, chromium, format_violations

pytestmark = pytest.mark.browser

PASSWORD = "Korrekt-Hest-Batteri-42"
BASE = "/barometer/analyse/"


@pytest.fixture(scope="module")
def driver() -> Iterator[WebDriver]:
    with chromium() as driver:
        yield driver


@pytest.fixture
def analyst(transactional_db: Any) -> User:
    from django.contrib.auth.models import Group

    user = User.objects.create_user(
        email="aske.analytiker@example.org", password=PASSWORD, name="Aske Analytiker"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    # A transactional test empties the tables afterwards, the migrations' groups included.
    group, _created = Group.objects.get_or_create(name=PlatformRole.ANALYST)
    user.groups.add(group)
    return user


@pytest.fixture
def waves(analyst: User) -> tuple[Wave, Wave]:
    """A loaded wave (2023) and an empty one (2025)."""
    sync_indicators()
    loaded = wave_create(
        acting_user=analyst,
        edition=2023,
        title="Innovationsbarometeret 2023",
        reference_period="2021–2022",
        is_synthetic=True,
    )
    codebook_import(
        acting_user=analyst, wave=loaded, content=codebook_yaml(), filename="kodebog.yaml"
    )
    microdata_import(
        acting_user=analyst,
        wave=loaded,
        content=microdata_csv(),
        filename="mikrodata.csv",
        strata_content=strata_csv(),
        strata_filename="strata.csv",
    )
    empty = wave_create(
        acting_user=analyst,
        edition=2025,
        title="Innovationsbarometeret 2025",
        reference_period="2023–2024",
    )
    return loaded, empty


@pytest.fixture
def browser(driver: WebDriver, live_server: Any, waves: tuple[Wave, Wave]) -> Browser:
    browser = Browser(driver, live_server.url)
    browser.reset()
    return browser


def assert_accessible(violations: list[AxeViolation]) -> None:
    assert not violations, format_violations(violations)


def test_workspace_pages_pass_axe(browser: Browser, analyst: User) -> None:
    browser.log_in(analyst.email, PASSWORD)
    violations: list[AxeViolation] = []
    for path in [
        BASE,
        f"{BASE}ny/",
        f"{BASE}indikatorer/",
        f"{BASE}2023/",
        f"{BASE}2023/rediger/",
        f"{BASE}2023/kodebog/",
        f"{BASE}2023/kodebog/importer/",
        f"{BASE}2023/mikrodata/importer/",
        f"{BASE}2023/mikrodata/slet/",
        f"{BASE}2023/strata/",
        f"{BASE}2023/forhaandsvisning/",
        f"{BASE}2023/publicer/",
        f"{BASE}2025/",
        f"{BASE}2025/mikrodata/importer/",
        f"{BASE}2025/forhaandsvisning/",
    ]:
        browser.visit(path)
        assert browser.find_all("main h1"), f"{path} has no heading"
        violations += browser.axe(f"{path} (analyst)")
    assert_accessible(violations)


def test_a_rejected_upload_shows_an_accessible_report(
    browser: Browser, analyst: User, tmp_path: Path
) -> None:
    rows = default_rows()
    rows[0].answers["INNOV"] = "7"
    microdata = tmp_path / "mikrodata.csv"
    microdata.write_bytes(microdata_csv(rows))
    strata = tmp_path / "strata.csv"
    strata.write_bytes(strata_csv())
    browser.log_in(analyst.email, PASSWORD)
    browser.visit(f"{BASE}2023/mikrodata/importer/")
    browser.find("#id_file").send_keys(str(microdata))
    browser.find("#id_strata_file").send_keys(str(strata))
    browser.find("#id_replace").click()
    browser.submit()
    browser.wait(lambda d: browser.find_all("#report-heading"), "no report shown")
    assert "Ukendt svarkode 7" in browser.find("main table").text
    assert_accessible(browser.axe("microdata upload with errors"))
