"""/api/v1/regions and /api/v1/organisations against the reference data shipped with Spred."""

from __future__ import annotations

import csv
import json

import pytest
from auditlog.models import LogEntry
from django.test import Client

from spred.accounts.models import User
from spred.conftest import ReferenceData
from spred.core.api.testing import Auth
from spred.organisations.choices import MembershipRole, MembershipStatus
from spred.organisations.identifiers import REFERENCE_DIR
from spred.organisations.models import Membership, Organisation
from spred.organisations.reference import municipality_name

pytestmark = pytest.mark.django_db


def reference_rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def all_items(client: Client, query: str) -> list[dict[str, object]]:
    response = client.get(f"/api/v1/organisations?{query}&limit=500")
    assert response.status_code == 200, response.content
    body = response.json()
    assert len(body["items"]) == body["count"]
    return body["items"]


# --------------------------------------------------------------------------------------------
# The "done when" of the foundation issue


def test_exactly_98_municipalities_with_dst_codes_and_regions(
    api: Client, reference_data: ReferenceData
) -> None:
    response = api.get("/api/v1/organisations?kind=municipality&limit=500")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 98
    assert len(body["items"]) == 98

    expected = {
        row["code"].zfill(3): (row["name"], int(row["region_code"]))
        for row in reference_rows("municipalities.csv")
    }
    assert len(expected) == 98
    served = {
        item["municipality_code"]: (item["short_name"], item["region"]["code"])
        for item in body["items"]
    }
    assert served == expected
    assert all(
        item["name"] == municipality_name(item["municipality_code"], item["short_name"])
        for item in body["items"]
    )
    assert {item["kind"] for item in body["items"]} == {"municipality"}
    assert {item["sector"] for item in body["items"]} == {"municipal"}


def test_the_five_regions(api: Client, reference_data: ReferenceData) -> None:
    response = api.get("/api/v1/regions")
    assert response.status_code == 200
    regions = response.json()
    assert [r["code"] for r in regions] == [1081, 1082, 1083, 1084, 1085]
    expected = {int(row["code"]): row for row in reference_rows("regions.csv")}
    for region in regions:
        row = expected[region["code"]]
        assert region["name"] == row["name"]
        assert region["nuts"] == row["nuts"]
        assert region["iso"] == row["iso"]
        assert region["population"] == int(row["population"])


def test_municipalities_per_region_add_up(api: Client, reference_data: ReferenceData) -> None:
    per_region = {
        code: api.get(f"/api/v1/organisations?kind=municipality&region={code}").json()["count"]
        for code in range(1081, 1086)
    }
    assert sum(per_region.values()) == 98
    expected: dict[int, int] = {}
    for row in reference_rows("municipalities.csv"):
        expected[int(row["region_code"])] = expected.get(int(row["region_code"]), 0) + 1
    assert per_region == expected


def test_ministries_and_regions_are_organisations_too(
    api: Client, reference_data: ReferenceData
) -> None:
    assert api.get("/api/v1/organisations?kind=region").json()["count"] == 5
    ministries = reference_rows("ministries.csv")
    assert api.get("/api/v1/organisations?kind=ministry").json()["count"] == len(ministries)


# --------------------------------------------------------------------------------------------
# Filters and detail


def test_sector_filter(api: Client, reference_data: ReferenceData) -> None:
    state = all_items(api, "sector=state")
    assert state
    assert {item["sector"] for item in state} == {"state"}
    assert all_items(api, "sector=private") == []


def test_search_by_name_folds_danish_letters(api: Client, reference_data: ReferenceData) -> None:
    names = {item["name"] for item in all_items(api, "q=ÆRØ")}
    assert "Ærø Kommune" in names
    assert {item["name"] for item in all_items(api, "q=københavn&kind=municipality")} == {
        "Københavns Kommune"
    }


def test_filters_combine(api: Client, reference_data: ReferenceData) -> None:
    items = all_items(api, "kind=municipality&region=1081&q=hjørring")
    assert [(i["short_name"], i["municipality_code"]) for i in items] == [("Hjørring", "860")]


def test_an_empty_filter_value_means_no_filter(api: Client, reference_data: ReferenceData) -> None:
    assert api.get("/api/v1/organisations?q=").json()["count"] == Organisation.objects.count()


def test_detail_by_slug(api: Client, reference_data: ReferenceData) -> None:
    response = api.get("/api/v1/organisations/koebenhavns-kommune")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Københavns Kommune"
    assert body["municipality_code"] == "101"
    assert body["region"] == {"code": 1084, "name": "Region Hovedstaden"}
    assert isinstance(body["latitude"], float)
    assert isinstance(body["longitude"], float)
    assert body["is_demo"] is False


def test_lists_are_json_not_problem_json(api: Client, reference_data: ReferenceData) -> None:
    response = api.get("/api/v1/organisations")
    assert response["Content-Type"].startswith("application/json")


# --------------------------------------------------------------------------------------------
# Writes


def test_register_a_private_organisation(
    api: Client, auth: Auth, token_user: User, reference_data: ReferenceData
) -> None:
    response = api.post(
        "/api/v1/organisations",
        data=json.dumps(
            {
                "name": "Fjordlys Robotteknik ApS",
                "kind": "company",
                "cvr": "DK-30000005",
                "website": "https://fjordlys.example.dk",
                "region": 1081,
            }
        ),
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Fjordlys Robotteknik ApS"
    assert body["cvr"] == "30000005"
    assert body["sector"] == "private"
    assert body["region"] == {"code": 1081, "name": "Region Nordjylland"}
    assert response["Location"] == f"/api/v1/organisations/{body['slug']}"
    assert api.get(response["Location"]).json() == body

    organisation = Organisation.objects.get(slug=body["slug"])
    membership = Membership.objects.get(organisation=organisation)
    assert membership.user == token_user
    assert membership.role == MembershipRole.ADMIN
    assert membership.status == MembershipStatus.ACTIVE

    entry = LogEntry.objects.get_for_object(organisation).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == token_user


def test_register_without_region(api: Client, auth: Auth) -> None:
    response = api.post(
        "/api/v1/organisations",
        data=json.dumps({"name": "Grøn Omstilling Fond", "kind": "foundation", "cvr": "30000013"}),
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 201, response.content
    assert response.json()["region"] is None
    assert response.json()["sector"] == "civil_society"


def test_two_registrations_with_the_same_name_get_their_own_slugs(api: Client, auth: Auth) -> None:
    slugs = set()
    for cvr in ("30000021", "30000048"):
        response = api.post(
            "/api/v1/organisations",
            data=json.dumps({"name": "Nordlys ApS", "kind": "company", "cvr": cvr}),
            content_type="application/json",
            **auth,
        )
        assert response.status_code == 201
        slugs.add(response.json()["slug"])
    assert len(slugs) == 2
