"""/api/v1/barometer: published waves, indicators and cells — and crafted questions about
anything else answered with a problem that reveals nothing."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client

from spred.barometer.models import PublishedEstimate
from spred.barometer.tests.public_fixtures import (
    DRAFT_ESTIMATE,
    DRAFT_N,
    SECONDARY_DOMAIN,
    SUPPRESSED_DOMAIN,
    BarometerWorld,
    make_barometer_world,
)
from spred.core.api.testing import assert_problem, field_errors
from spred.core.testing import max_queries

API = "/api/v1/barometer"
FIGURES = ("estimate", "se", "ci_low", "ci_high", "df", "n")


@pytest.fixture
def world(db: None) -> BarometerWorld:
    return make_barometer_world()


def get(client: Client, path: str, status: int = 200) -> Any:
    response = client.get(API + path)
    assert response.status_code == status, (path, response.content[:500])
    return response.json()


def assert_no_draft(body: Any) -> None:
    text = str(body)
    assert "kun-kladde" not in text
    assert "Hemmelig" not in text
    assert str(DRAFT_ESTIMATE) not in text
    assert str(DRAFT_N) not in text
    assert "2025" not in text


def test_waves_are_the_published_ones(world: BarometerWorld, client: Client) -> None:
    waves = get(client, "/waves")
    assert [w["edition"] for w in waves] == [2023, 2021]
    assert all(w["synthetic"] is True for w in waves)
    assert waves[0]["url"] == "/barometer/boelger/2023/"
    assert_no_draft(waves)


def test_indicators_are_those_with_published_figures(world: BarometerWorld, client: Client) -> None:
    indicators = get(client, "/indicators")
    assert [i["slug"] for i in indicators] == ["innovation", "collab-private", "value-quality"]
    kinds = {i["slug"]: i["kind"] for i in indicators}
    assert kinds == {"innovation": "share", "collab-private": "share", "value-quality": "mean"}
    assert [i["headline"] for i in indicators] == [True, True, False]
    assert_no_draft(indicators)


def test_estimates_list_every_published_cell(world: BarometerWorld, client: Client) -> None:
    body = get(client, "/estimates?limit=500")
    assert body["count"] == PublishedEstimate.objects.filter(wave__status="publiceret").count()
    assert len(body["items"]) == body["count"]
    assert {item["wave"] for item in body["items"]} == {2021, 2023}
    assert all(item["synthetic"] is True for item in body["items"])
    assert_no_draft(body)
    page = get(client, "/estimates?limit=5&offset=5")
    assert page["count"] == body["count"]
    assert page["items"] == body["items"][5:10]


def test_filters_narrow_the_cells(world: BarometerWorld, client: Client) -> None:
    body = get(client, "/estimates?indicator=innovation&wave=2023&breakdown=level")
    assert [item["domain"] for item in body["items"]] == ["kommune", "region", "stat"]
    by_slug = get(client, "/estimates?wave=2023&breakdown=total&indicator=collab-private")
    assert [(i["estimate"], i["n"]) for i in by_slug["items"]] == [(0.41, 1750)]
    total = get(client, "/indicators/innovation/estimates?breakdown=total")
    assert [item["wave"] for item in total["items"]] == [2023, 2021]
    assert total["items"][0]["domain_label"] == "Hele den offentlige sektor"


def test_a_suppressed_cell_answers_with_its_reason_and_no_figures(
    world: BarometerWorld, client: Client
) -> None:
    for domain, reason in ((SUPPRESSED_DOMAIN, "primary"), (SECONDARY_DOMAIN, "secondary")):
        body = get(
            client,
            "/estimates?indicator=innovation&wave=2023&breakdown=level_area"
            f"&domain={quote(domain)}",
        )
        (item,) = body["items"]
        assert item["suppressed"] is True
        assert item["reason"] == reason
        assert item["reason_label"]
        assert all(item[figure] is None for figure in FIGURES), item
        assert item["uncertain"] is False


def test_no_figure_of_a_suppressed_cell_anywhere_in_the_api(
    world: BarometerWorld, client: Client
) -> None:
    items = get(client, "/estimates?limit=500")["items"]
    suppressed = [i for i in items if i["suppressed"]]
    assert len(suppressed) == 4
    for item in suppressed:
        assert all(item[figure] is None for figure in FIGURES), item


@pytest.mark.parametrize("wave", ["2025", "1999", "kladde"])
def test_an_unpublished_wave_answers_like_one_that_does_not_exist(
    world: BarometerWorld, client: Client, wave: str
) -> None:
    response = client.get(f"{API}/estimates?wave={wave}")
    body = assert_problem(response, 404)
    assert body["detail"] == f"Bølgen {wave} findes ikke blandt de publicerede bølger."
    response = client.get(f"{API}/indicators/innovation/estimates?wave={wave}")
    assert assert_problem(response, 404)["detail"] == body["detail"]


def test_an_indicator_without_published_figures_is_not_found(
    world: BarometerWorld, client: Client
) -> None:
    details = set()
    for slug in ("kun-kladde", "barrier-time", "findes-ikke"):
        for path in (f"/estimates?indicator={slug}", f"/indicators/{slug}/estimates"):
            body = assert_problem(client.get(API + path), 404)
            # The same sentence for a draft-only, a defined-but-unpublished and an unknown
            # indicator: only the asked-for slug differs.
            details.add(body["detail"].replace(slug, "<slug>"))
    assert details == {"Indikatoren <slug> findes ikke blandt de publicerede indikatorer."}


def test_a_finer_breakdown_is_refused(world: BarometerWorld, client: Client) -> None:
    body = assert_problem(client.get(f"{API}/estimates?breakdown=level_area_size"), 422)
    assert set(field_errors(body)) == {"breakdown"}


@pytest.mark.parametrize(
    "query",
    [
        "breakdown=level&domain=ministerium",
        "breakdown=level_area&domain=kommune",
        "breakdown=level_area&domain=kommune%7Csundhed%7C1-9",
        "breakdown=total&domain=kommune",
        "domain=kommune",
        "breakdown=level&domain=Kommune",
        "breakdown=level&domain=kommune%00",
    ],
)
def test_an_unknown_domain_is_refused(world: BarometerWorld, client: Client, query: str) -> None:
    body = assert_problem(client.get(f"{API}/estimates?{query}"), 422)
    assert set(field_errors(body)) == {"domain"}
    assert_no_draft(body)


@pytest.mark.parametrize("parameter", ["respondent=17", "external_id=A-1", "weight=2", "stratum=x"])
def test_unknown_parameters_are_refused(
    world: BarometerWorld, client: Client, parameter: str
) -> None:
    body = assert_problem(client.get(f"{API}/estimates?indicator=innovation&{parameter}"), 422)
    name = parameter.split("=")[0]
    assert set(field_errors(body)) == {name}
    body = assert_problem(client.get(f"{API}/indicators/innovation/estimates?{parameter}"), 422)
    assert set(field_errors(body)) == {name}


def test_one_exact_cell_that_is_not_published_is_not_found(
    world: BarometerWorld, client: Client
) -> None:
    # A valid domain nobody published for this indicator: the same answer whatever the reason.
    body = assert_problem(
        client.get(
            f"{API}/estimates?indicator=innovation&wave=2023&breakdown=level_area"
            "&domain=region%7Cundervisning"
        ),
        404,
    )
    assert body["detail"] == "Der er ikke offentliggjort et estimat for den celle."
    assert "n" not in body
    assert "count" not in body
    # Without asking for one exact cell, no match is an empty list.
    empty = get(client, "/estimates?wave=2021&breakdown=level_area&domain=region%7Cundervisning")
    assert empty == {"items": [], "count": 0}


def test_unknown_paths_answer_a_problem(world: BarometerWorld, client: Client) -> None:
    for path in ("/respondents", "/waves/2025", "/estimates/1"):
        assert_problem(client.get(API + path), 404)


def test_titles_follow_accept_language(world: BarometerWorld, client: Client) -> None:
    response = client.get(f"{API}/indicators", headers={"accept-language": "en"})
    assert response.json()[0]["title"] == "Workplaces with at least one innovation"
    assert response.json()[0]["title_da"] == "Arbejdspladser med mindst én innovation"


def test_query_budget_of_the_estimate_list(world: BarometerWorld, client: Client) -> None:
    client.get(f"{API}/estimates?limit=500")
    with max_queries(2):
        assert client.get(f"{API}/estimates?limit=500").status_code == 200
    # The indicator, the wave, whether the one cell exists, the page and its count.
    with max_queries(5):
        response = client.get(f"{API}/estimates?indicator=innovation&wave=2023&breakdown=total")
        assert response.status_code == 200
