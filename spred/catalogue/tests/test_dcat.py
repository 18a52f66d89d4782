"""The catalogue described as a DCAT-AP-DK dataset in JSON-LD."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client, override_settings

from spred.catalogue.tests.discovery_world import HIDDEN_YEAR, DiscoveryWorld, build_world
from spred.organisations.models import Organisation

pytestmark = pytest.mark.django_db

BASE = "https://spred.example.dk"
EU = "http://publications.europa.eu/resource/authority"
IANA = "https://www.iana.org/assignments/media-types"


@pytest.fixture
def world(organisation: Organisation, other_organisation: Organisation) -> DiscoveryWorld:
    return build_world(organisation, other_organisation)


def graph(client: Client) -> dict[str, Any]:
    with override_settings(SPRED_BASE_URL=BASE, SPRED_CONTACT_EMAIL="data@spred.example.dk"):
        response = client.get("/katalog/dcat.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    document = json.loads(response.content)
    assert document["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert document["@context"]["dct"] == "http://purl.org/dc/terms/"
    assert document["@context"]["dcat-dk"] == "https://data.gov.dk/model/core/dcat-dk/"
    nodes = {node["@id"]: node for node in document["@graph"]}
    catalogue = next(n for n in nodes.values() if n["@type"] == "dcat:Catalog")
    return {"nodes": nodes, "catalogue": catalogue, "dataset": catalogue["dcat:dataset"][0]}


def languages(literals: list[dict[str, str]]) -> dict[str, str]:
    return {item["@language"]: item["@value"] for item in literals}


def test_the_catalogue_has_what_dcat_ap_dk_makes_mandatory(
    client: Client, world: DiscoveryWorld
) -> None:
    found = graph(client)
    catalogue = found["catalogue"]
    assert set(languages(catalogue["dct:title"])) == {"da", "en"}
    assert set(languages(catalogue["dct:description"])) == {"da", "en"}
    publisher = found["nodes"][catalogue["dct:publisher"]["@id"]]
    assert "foaf:Agent" in publisher["@type"]
    assert publisher["foaf:name"]
    assert catalogue["dct:license"] == {"@id": "http://creativecommons.org/publicdomain/zero/1.0/"}
    assert catalogue["dcat:themeTaxonomy"] == {"@id": f"{EU}/data-theme"}
    assert catalogue["foaf:homepage"] == {"@id": f"{BASE}/aabne-data/"}


def test_the_dataset_in_danish_and_english_with_themes_and_contact(
    client: Client, world: DiscoveryWorld
) -> None:
    dataset = graph(client)["dataset"]
    titles = languages(dataset["dct:title"])
    assert titles["da"] == "Spreds katalog over offentlig innovation"
    assert titles["en"] != titles["da"]
    assert set(languages(dataset["dct:description"])) == {"da", "en"}
    assert {t["@id"] for t in dataset["dcat:theme"]} == {
        f"{EU}/data-theme/GOVE",
        f"{EU}/data-theme/TECH",
    }
    keywords = {(k["@language"], k["@value"]) for k in dataset["dcat:keyword"]}
    assert ("da", "ældre og pleje") in keywords
    assert ("en", "elderly care") in keywords
    assert dataset["dcat:contactPoint"]["vcard:hasEmail"] == {"@id": "mailto:data@spred.example.dk"}
    assert dataset["dct:accessRights"] == {"@id": f"{EU}/access-right/PUBLIC"}
    assert dataset["dcat:landingPage"] == {"@id": f"{BASE}/katalog/"}
    assert dataset["dcat-dk:paymentImposedContents"]["@value"] == "false"
    assert dataset["dcat-dk:datasetResponsibleOrganisation"] == dataset["dct:publisher"]


def test_time_coverage_and_dates_come_from_published_entries_only(
    client: Client, world: DiscoveryWorld
) -> None:
    dataset = graph(client)["dataset"]
    temporal = dataset["dct:temporal"]
    assert temporal["@type"] == "dct:PeriodOfTime"
    # The hidden entries are from 1999; the published ones from 2020 to 2022.
    assert temporal["dcat:startDate"]["@value"] == "2020" != str(HIDDEN_YEAR)
    assert temporal["dcat:endDate"]["@value"] == "2022"
    oldest = min(e.published_at for e in [*world.cases, *world.solutions] if e.published_at)
    assert dataset["dct:issued"]["@value"] == oldest.isoformat(timespec="seconds")
    assert dataset["dct:modified"]["@type"] == "xsd:dateTime"


def test_every_export_the_api_and_the_feed_are_distributions(
    client: Client, world: DiscoveryWorld
) -> None:
    dataset = graph(client)["dataset"]
    by_format = {d["dct:format"]["@id"].rsplit("/", 1)[1]: d for d in dataset["dcat:distribution"]}
    assert set(by_format) == {"CSV", "XLSX", "JSON", "ATOM"}
    assert len(dataset["dcat:distribution"]) == 5  # JSON twice: the export and the API
    csv = by_format["CSV"]
    assert csv["dcat:downloadURL"] == {"@id": f"{BASE}/katalog/eksport.csv"}
    assert csv["dcat:accessURL"] == csv["dcat:downloadURL"]
    assert csv["dcat:mediaType"] == {"@id": f"{IANA}/text/csv"}
    assert {s["@id"] for s in csv["dct:conformsTo"]} == {
        f"{BASE}/api/v1/schemas/case-1.0.json",
        f"{BASE}/api/v1/schemas/solution-1.0.json",
    }
    assert by_format["XLSX"]["dcat:mediaType"] == {
        "@id": f"{IANA}/application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    }
    exports = [d for d in dataset["dcat:distribution"] if d["dct:format"]["@id"].endswith("JSON")]
    json_export = next(d for d in exports if "dcat:downloadURL" in d)
    assert json_export["dct:conformsTo"] == [{"@id": f"{BASE}/api/v1/schemas/catalogue-1.0.json"}]
    api = next(d for d in exports if "dcat:accessService" in d)
    assert api["dcat:accessURL"] == {"@id": f"{BASE}/api/v1/cases"}
    for distribution in dataset["dcat:distribution"]:
        assert distribution["dct:license"]["@id"].startswith("http://creativecommons.org/")
        assert set(languages(distribution["dct:title"])) == {"da", "en"}


def test_the_api_is_a_data_service_with_its_openapi_description(
    client: Client, world: DiscoveryWorld
) -> None:
    catalogue = graph(client)["catalogue"]
    service = catalogue["dcat:service"][0]
    assert service["@type"] == "dcat:DataService"
    assert service["dcat:endpointURL"] == {"@id": f"{BASE}/api/v1/"}
    assert service["dcat:endpointDescription"] == {"@id": f"{BASE}/api/v1/openapi.json"}
    assert service["dcat:servesDataset"] == {"@id": catalogue["dcat:dataset"][0]["@id"]}


def test_the_addresses_in_the_description_answer(client: Client, world: DiscoveryWorld) -> None:
    found = graph(client)
    addresses = set()
    for distribution in found["dataset"]["dcat:distribution"]:
        addresses.add(distribution["dcat:accessURL"]["@id"])
        for schema in distribution.get("dct:conformsTo", []):
            addresses.add(schema["@id"])
    for address in sorted(addresses):
        response = client.get(address.removeprefix(BASE))
        assert response.status_code == 200, address


def test_an_empty_catalogue_is_still_described(client: Client) -> None:
    dataset = graph(client)["dataset"]
    assert "dct:temporal" not in dataset
    assert "dct:issued" not in dataset
    assert len(dataset["dcat:distribution"]) == 5


def test_the_open_data_page_links_the_description(client: Client) -> None:
    page = client.get("/aabne-data/").content.decode()
    assert 'href="/katalog/dcat.jsonld"' in page
    assert 'href="/katalog/eksport.csv"' in page
    assert 'href="/api/v1/schemas/case.json"' in page
