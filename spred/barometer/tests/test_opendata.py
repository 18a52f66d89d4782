"""Open data: every published cell as CSV and JSON under CC0, and the DCAT-AP-DK description —
no draft, and no figure of a suppressed cell."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.test import Client

from spred.barometer import opendata
from spred.barometer.cells import public_cell
from spred.barometer.models import PublishedEstimate
from spred.barometer.tests.public_fixtures import (
    DRAFT_ESTIMATE,
    DRAFT_N,
    SECONDARY_DOMAIN,
    SUPPRESSED_DOMAIN,
    BarometerWorld,
    make_barometer_world,
)

FIGURES = ("estimate", "se", "ci_low", "ci_high", "df", "n")


@pytest.fixture
def world(db: None) -> BarometerWorld:
    return make_barometer_world()


def published_count() -> int:
    return PublishedEstimate.objects.filter(wave__status="publiceret").count()


def read_csv(client: Client, url: str) -> tuple[Any, list[dict[str, str]]]:
    response = client.get(url)
    assert response.status_code == 200
    return response, list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_csv_has_every_published_cell_and_nothing_else(
    world: BarometerWorld, client: Client
) -> None:
    response, rows = read_csv(client, "/barometer/data/estimater.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="innovationsbarometer-estimater.csv"' in response["Content-Disposition"]
    assert list(rows[0]) == list(opendata.COLUMNS)
    assert len(rows) == published_count()
    assert {row["wave"] for row in rows} == {"2021", "2023"}
    assert "kun-kladde" not in {row["indicator"] for row in rows}
    body = response.content.decode()
    assert str(DRAFT_ESTIMATE) not in body
    assert str(DRAFT_N) not in body
    assert all(row["synthetic"] == "true" for row in rows)


def test_a_suppressed_cell_is_a_row_with_its_reason_and_empty_figures(
    world: BarometerWorld, client: Client
) -> None:
    _response, rows = read_csv(client, "/barometer/data/estimater.csv")
    by_key = {(r["wave"], r["indicator"], r["breakdown"], r["domain"]): r for r in rows}
    primary = by_key[("2023", "innovation", "level_area", SUPPRESSED_DOMAIN)]
    secondary = by_key[("2023", "innovation", "level_area", SECONDARY_DOMAIN)]
    assert (primary["suppressed"], primary["reason"]) == ("true", "primary")
    assert (secondary["suppressed"], secondary["reason"]) == ("true", "secondary")
    for row in (primary, secondary):
        assert all(row[column] == "" for column in FIGURES), row
        assert row["uncertain"] == "false"
    ordinary = by_key[("2023", "innovation", "total", "")]
    assert ordinary["estimate"] == "0.81"
    assert ordinary["n"] == "1800"
    assert ordinary["suppressed"] == "false"
    assert ordinary["reason"] == ""


def test_a_suppressed_row_with_figures_would_still_show_none(world: BarometerWorld) -> None:
    """The database refuses figures in a suppressed cell; the public side drops them anyway,
    in case a row ever got them some other way."""
    row = PublishedEstimate(
        wave=world.wave_2023,
        indicator=world.share,
        breakdown="level",
        domain="stat",
        suppression="secondary",
        estimate=0.5,
        se=0.1,
        ci_low=0.3,
        ci_high=0.7,
        df=7,
        n=2,
        uncertain=True,
    )
    record = public_cell(row).as_record()
    assert all(record[figure] is None for figure in FIGURES)
    assert record["uncertain"] is False
    assert record["reason_label"] == "Skjult, så en anden skjult celle ikke kan regnes ud"


def test_csv_and_json_carry_the_licence(world: BarometerWorld, client: Client) -> None:
    for url in ("/barometer/data/estimater.csv", "/barometer/data/estimater.json"):
        response = client.get(url)
        assert (
            response["Link"] == '<http://creativecommons.org/publicdomain/zero/1.0/>; rel="license"'
        )
        assert response["X-Spred-License"].startswith("CC0 1.0")
        assert response["X-Spred-Synthetic"] == "true"
        assert response["Access-Control-Allow-Origin"] == "*"


def test_json_document_has_metadata_and_the_same_rows(
    world: BarometerWorld, client: Client
) -> None:
    response = client.get("/barometer/data/estimater.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    document = response.json()
    assert document["license"]["url"] == opendata.LICENCE_URL
    assert document["synthetic"] is True
    assert document["count"] == published_count() == len(document["items"])
    assert set(document["columns"]) == set(opendata.COLUMNS)
    assert document["source"].endswith("/barometer/data/estimater.json")
    suppressed = [item for item in document["items"] if item["suppressed"]]
    assert {item["domain"] for item in suppressed} >= {SUPPRESSED_DOMAIN, SECONDARY_DOMAIN}
    for item in suppressed:
        assert all(item[column] is None for column in FIGURES), item
    assert DRAFT_ESTIMATE not in [item["estimate"] for item in document["items"]]
    _response, rows = read_csv(client, "/barometer/data/estimater.csv")
    assert [(r["wave"], r["indicator"], r["breakdown"], r["domain"]) for r in rows] == [
        (str(i["wave"]), i["indicator"], i["breakdown"], i["domain"]) for i in document["items"]
    ]


def test_one_indicator_can_be_downloaded(world: BarometerWorld, client: Client) -> None:
    _response, rows = read_csv(client, "/barometer/data/indikatorer/collab-private.csv")
    assert {row["indicator"] for row in rows} == {"collab-private"}
    assert len(rows) == 6
    document = client.get("/barometer/data/indikatorer/collab-private.json").json()
    assert len(document["items"]) == 6
    assert "Samarbejde med private virksomheder" in document["title"]
    for url in (
        "/barometer/data/indikatorer/kun-kladde.csv",
        "/barometer/data/indikatorer/kun-kladde.json",
        "/barometer/data/indikatorer/findes-ikke.csv",
    ):
        assert client.get(url).status_code == 404


def test_nothing_published_gives_files_with_only_a_header(db: None, client: Client) -> None:
    response, rows = read_csv(client, "/barometer/data/estimater.csv")
    assert rows == []
    assert response.content.decode().splitlines() == [",".join(opendata.COLUMNS)]
    assert client.get("/barometer/data/estimater.json").json()["items"] == []


def graph_node(document: dict[str, Any], kind: str) -> dict[str, Any]:
    for node in document["@graph"]:
        if node.get("@type") == kind:
            return node
        for dataset in node.get("dcat:dataset", []):
            if dataset.get("@type") == kind:
                return dict(dataset)
    raise AssertionError(f"no {kind} in the graph")


def test_dcat_describes_the_dataset(world: BarometerWorld, client: Client) -> None:
    response = client.get("/barometer/data/dcat.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    document = json.loads(response.content)
    assert document["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    catalogue = graph_node(document, "dcat:Catalog")
    assert catalogue["dct:conformsTo"]["@id"].startswith(
        "https://data.gov.dk/model/profile/dcat-ap-dk"
    )
    dataset = graph_node(document, "dcat:Dataset")
    titles = {t["@language"]: t["@value"] for t in dataset["dct:title"]}
    assert set(titles) == {"da", "en"}
    assert dataset["dct:license"]["@id"] == "http://creativecommons.org/publicdomain/zero/1.0/"
    assert dataset["dct:publisher"]["@id"].endswith("/#udgiver")
    assert dataset["dct:temporal"]["dcat:startDate"]["@value"] == "2021"
    assert dataset["dct:temporal"]["dcat:endDate"]["@value"] == "2023"  # not the draft's 2025
    formats = {d["dct:format"]["@id"].rsplit("/", 1)[1] for d in dataset["dcat:distribution"]}
    assert formats == {"CSV", "JSON"}
    urls = {d["dcat:accessURL"]["@id"] for d in dataset["dcat:distribution"]}
    assert any(url.endswith("/barometer/data/estimater.csv") for url in urls)
    assert any(url.endswith("/api/v1/barometer/estimates") for url in urls)
    for distribution in dataset["dcat:distribution"]:
        assert distribution["dct:license"]["@id"] == opendata.LICENCE_URL
    service = catalogue["dcat:service"][0]
    assert service["@type"] == "dcat:DataService"
    assert service["dcat:servesDataset"]["@id"] == dataset["@id"]
    assert "Syntetiske demodata" in json.dumps(dataset, ensure_ascii=False)


def test_dcat_without_published_waves_has_no_temporal_coverage(db: None, client: Client) -> None:
    document = client.get("/barometer/data/dcat.jsonld").json()
    dataset = graph_node(document, "dcat:Dataset")
    assert "dct:temporal" not in dataset
    assert "dct:issued" not in dataset
