"""Platform pages: front page, about, accessibility statement, coming modules, health, errors."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.utils import OperationalError
from django.test import Client

from spred.conftest import ReferenceData
from spred.core.testing import AccessMatrix, max_queries, public
from spred.site import views
from spred.site.navigation import MODULES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", "Spred det, der virker"),
        ("/om-spred/", "Om Spred"),
        ("/tilgaengelighed/", "Tilgængelighedserklæring"),
    ],
)
def test_platform_pages_are_danish_and_public(client: Client, path: str, heading: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="da"' in body
    assert heading in body


def test_every_page_links_to_about_and_the_accessibility_statement(client: Client) -> None:
    body = client.get("/organisationer/").content.decode()
    assert 'href="/om-spred/"' in body
    assert 'href="/tilgaengelighed/"' in body


def test_front_page_counts_organisations_per_sector(
    reference_data: ReferenceData, client: Client
) -> None:
    response = client.get("/")
    counts = {row["sector"]: row["count"] for row in response.context["sector_counts"]}
    assert counts["municipal"] == 98
    assert counts["regional"] == 5
    assert counts["state"] == 24
    assert '/organisationer/?sector=municipal">' in response.content.decode()


def test_front_page_query_budget(reference_data: ReferenceData, client: Client) -> None:
    client.get("/")
    with max_queries(1):
        assert client.get("/").status_code == 200


def test_the_menu_has_every_module_and_marks_the_current_one(client: Client) -> None:
    body = client.get("/organisationer/").content.decode()
    for module in MODULES:
        assert f'href="{module.url}"' in body
    assert 'href="/organisationer/" class="nav-link" aria-current="page"' in body


@pytest.mark.parametrize("module", [m for m in MODULES if not m.live], ids=lambda m: m.slug)
def test_a_module_not_built_yet_has_a_coming_soon_page(client: Client, module: Any) -> None:
    response = client.get(f"/moduler/{module.slug}/")
    assert response.status_code == 200
    assert "Modulet er under udvikling" in response.content.decode()


@pytest.mark.parametrize("slug", ["organisationer", "findes-ikke"])
def test_live_or_unknown_modules_have_no_coming_soon_page(client: Client, slug: str) -> None:
    assert client.get(f"/moduler/{slug}/").status_code == 404


def test_platform_pages_answer_get_only(client: Client) -> None:
    assert client.post("/om-spred/").status_code == 405
    assert client.post("/healthz").status_code == 405


def test_healthz_reports_the_database(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "vendor": views.connection.vendor}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_says_so_when_the_database_is_down(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    class BrokenConnection:
        vendor = "sqlite"

        def cursor(self) -> Any:
            raise OperationalError("connection refused")

    monkeypatch.setattr(views, "connection", BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable", "vendor": "sqlite"}


def test_unknown_page_is_a_danish_404_in_the_layout(client: Client) -> None:
    response = client.get("/findes/ikke/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Siden findes ikke" in body
    assert "Fejlkode 404." in body
    assert 'href="/tilgaengelighed/"' in body


def test_server_error_page_is_danish(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(request: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "render", explode)
    quiet = Client(raise_request_exception=False)
    response = quiet.get("/om-spred/")
    assert response.status_code == 500
    assert "Der opstod en fejl" in response.content.decode()


class TestPlatformPagesArePublic(AccessMatrix):
    access_cases = (
        public("front page", "/"),
        public("about", "/om-spred/"),
        public("accessibility", "/tilgaengelighed/"),
        public("coming module", "/moduler/evaluering/"),
        public("healthz", "/healthz"),
    )


def test_english_is_selectable(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/om-spred/"})
    assert response.status_code == 302
    body = client.get("/om-spred/").content.decode()
    assert '<html lang="en"' in body
