"""What a first walk through /spredning/ as a user found: the ways between the pages (own
organisation, things to confirm, import, the guide), no model for a handful of adopters, words
that fit pages about many solutions, and Danish dates in the tables."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from spred.catalogue.choices import Status
from spred.catalogue.tests.factories import SolutionFactory
from spred.core.testing import client_for, max_queries
from spred.diffusion.analysis.statistics import MIN_ADOPTERS_FOR_MODEL
from spred.diffusion.choices import AdoptionStatus, Verification
from spred.diffusion.tests.world import LedgerWorld, make_adoption, municipality

pytestmark = pytest.mark.django_db

INDEX = "/spredning/"
ROBOT = "/spredning/loesninger/spiserobot/"


def page(user: object, url: str) -> str:
    response = client_for(user).get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_the_index_links_to_every_part_of_the_app(ledger_world: LedgerWorld) -> None:
    html = page(None, INDEX)
    for name in ("ledger", "radar", "guide", "record", "import"):
        assert f'href="{reverse(f"diffusion:{name}")}"' in html, name
    # Nothing personal for anonymous visitors.
    assert 'id="my-organisations-heading"' not in html
    assert reverse("diffusion:to_confirm") not in html


def test_a_member_finds_her_organisation_and_what_waits_for_confirmation(
    ledger_world: LedgerWorld,
) -> None:
    w = ledger_world
    own_page = reverse("diffusion:organisation", args=[w.aarhus.slug])
    html = page(w.aarhus_member, INDEX)
    assert f'href="{own_page}"' in html
    assert "Til bekræftelse (0)" in html
    assert "venter på jeres bekræftelse" not in html
    # Odense records that Aarhus uses the robot: Aarhus must confirm it.
    make_adoption(
        w.aarhus,
        w.robot,
        [(AdoptionStatus.OPERATING, date(2024, 1, 5))],
        verification=Verification.PENDING,
        recorded_by=w.odense_member,
    )
    html = page(w.aarhus_member, INDEX)
    assert "Til bekræftelse (1)" in html
    assert "1 ibrugtagning venter på jeres bekræftelse" in html
    assert f'href="{reverse("diffusion:to_confirm")}"' in html
    # Another municipality's member has nothing to confirm; an editor has no organisation.
    assert "Til bekræftelse (0)" in page(w.odense_member, INDEX)
    editor_html = page(w.editor, INDEX)
    assert 'id="my-organisations-heading"' not in editor_html
    assert "Til bekræftelse" not in editor_html


def test_the_index_keeps_its_query_budget_when_signed_in(ledger_world: LedgerWorld) -> None:
    client = client_for(ledger_world.aarhus_member)
    client.get(INDEX)
    with max_queries(17):
        assert client.get(INDEX).status_code == 200


def test_ledger_and_record_form_link_to_the_import(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    import_url = reverse("diffusion:import")
    assert f'href="{import_url}"' in page(w.aarhus_member, reverse("diffusion:ledger"))
    assert f'href="{import_url}"' not in page(None, reverse("diffusion:ledger"))
    assert f'href="{import_url}"' in page(w.aarhus_member, reverse("diffusion:record"))


def test_the_solution_page_starts_a_guide_project(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    link = f'href="{reverse("diffusion:guide_new")}?loesning=spiserobot"'
    assert link in page(None, ROBOT)  # leads to the login first
    assert link in page(w.aarhus_member, ROBOT)
    assert (
        client_for(w.aarhus_member)
        .get(f"{reverse('diffusion:guide_new')}?loesning=spiserobot")
        .status_code
        == 200
    )
    # An editor without an organisation may not start a project: no link to a 404.
    assert link not in page(w.editor, ROBOT)
    # The guide offers published solutions only; an archived one gets no link to start.
    SolutionFactory.create(slug="gammel", organisation=w.aarhus, status=Status.ARCHIVED)
    archived = page(w.aarhus_member, "/spredning/loesninger/gammel/")
    assert "Arkiveret" in archived
    assert f"{reverse('diffusion:guide_new')}?loesning=gammel" not in archived


def test_no_model_is_shown_for_a_handful_of_adopters(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    codes = iter([147, 151, 153, 155, 157, 159, 161, 163, 165, 167, 169])
    for year in (2022, 2023, 2024, 2025):
        make_adoption(
            municipality(next(codes)), w.robot, [(AdoptionStatus.OPERATING, date(year, 3, 1))]
        )
    html = page(None, ROBOT)
    assert "Spredningsmodel og prognose" in html
    assert "Den valgte model er" not in html
    assert "Prognosebåndet" not in html
    assert "For få tal: der er kun 4 organisationer." in html
    assert "Der er endnu for få tal til en model" in html
    # With enough adopters the model is back.
    for _n in range(MIN_ADOPTERS_FOR_MODEL - 4):
        make_adoption(
            municipality(next(codes)), w.robot, [(AdoptionStatus.OPERATING, date(2024, 6, 1))]
        )
    html = page(None, ROBOT)
    assert "For få tal" not in html


def test_pages_about_many_solutions_do_not_say_it(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    make_adoption(w.aarhus, w.robot, [(AdoptionStatus.OPERATING, date(2023, 3, 1))])
    for url in (INDEX, reverse("diffusion:technology", args=[w.technology.slug])):
        html = page(None, url)
        assert "Organisationer, der har taget mindst én af løsningerne i brug" in html
        assert "Organisationer, der har taget den i brug" not in html
    assert "Organisationer, der har taget den i brug" in page(None, ROBOT)


def test_tables_write_dates_the_danish_way(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    make_adoption(w.aarhus, w.robot, [(AdoptionStatus.OPERATING, date(2023, 2, 13))])
    for url in (
        ROBOT,
        reverse("diffusion:ledger"),
        reverse("diffusion:organisation", args=["aarhus-kommune"]),
    ):
        html = page(None, url)
        assert "13. februar 2023" in html, url
        assert "13. Feb 2023" not in html, url


def test_downloaded_maps_say_fictional_in_demo_mode(
    ledger_world: LedgerWorld, settings: object
) -> None:
    """A picture travels without the page's demo banner, so it carries the mark itself."""
    w = ledger_world
    make_adoption(w.aarhus, w.robot, [(AdoptionStatus.OPERATING, date(2023, 2, 13))])
    url = "/spredning/kort/loesninger/spiserobot.svg?region=1082"
    mark = "Fiktive eksempler"
    assert mark not in client_for(None).get(url).content.decode()
    settings.SPRED_DEMO = True  # type: ignore[attr-defined]
    assert mark in client_for(None).get(url).content.decode()
    technology = f"/spredning/kort/teknologier/{w.technology.slug}.svg"
    assert mark in client_for(None).get(technology).content.decode()


def test_the_api_gives_the_same_reason_as_the_page(ledger_world: LedgerWorld) -> None:
    # The threshold lives with the statistics, so an API client is not handed a "market
    # potential" the page refuses to show.
    w = ledger_world
    make_adoption(w.aarhus, w.robot, [(AdoptionStatus.OPERATING, date(2023, 3, 1))])
    body = Client().get(f"/api/v1/solutions/{w.robot.slug}/diffusion").json()
    assert body["adopters"] == 1
    assert body["model"]["chosen"] is None
    assert body["model"]["fits"] == []
    assert all("For få tal" in reason for reason in body["model"]["refused"].values())


def test_the_development_by_region_is_shown_and_served(ledger_world: LedgerWorld) -> None:
    w = ledger_world
    make_adoption(w.aarhus, w.robot, [(AdoptionStatus.OPERATING, date(2023, 3, 1))])
    make_adoption(w.odense, w.robot, [(AdoptionStatus.PILOT, date(2024, 5, 1))])
    make_adoption(w.skanderborg, w.robot, [(AdoptionStatus.PILOT, date(2024, 6, 1))])
    html = page(None, ROBOT)
    assert "Udviklingen pr. region" in html
    assert "Region Midtjylland" in html
    assert "Region Syddanmark" in html
    body = Client().get(f"/api/v1/solutions/{w.robot.slug}/diffusion").json()
    by_year = {row["year"]: row["cumulative_by_region"] for row in body["by_year"]}
    assert by_year[2023] == {"1082": 1, "1083": 0}
    assert by_year[2024] == {"1082": 2, "1083": 1}
