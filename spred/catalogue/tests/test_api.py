"""/api/v1/cases, /api/v1/solutions and /api/v1/search."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from spred.accounts.services import api_token_create
from spred.catalogue.choices import Status
from spred.catalogue.models import Case, Solution
from spred.catalogue.tests.discovery_world import (
    SECRET,
    DiscoveryWorld,
    build_world,
    index_everything,
    make_case,
)
from spred.core.api.testing import assert_problem, field_errors
from spred.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(organisation: Organisation, other_organisation: Organisation) -> DiscoveryWorld:
    return build_world(organisation, other_organisation)


def bearer(user: Any) -> dict[str, Any]:
    _token, raw = api_token_create(acting_user=user, name="Test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def member_auth(org_member: Any) -> dict[str, Any]:
    """A token of a plain member of ``organisation`` (the owner of the hidden entries)."""
    return bearer(org_member)


@pytest.fixture
def other_auth(other_org_admin: Any) -> dict[str, Any]:
    """A token of the other organisation's admin."""
    return bearer(other_org_admin)


def items(client: Client, path: str, **headers: Any) -> list[dict[str, Any]]:
    response = client.get(path, **headers)
    assert response.status_code == 200, response.content[:500]
    body = response.json()
    return list(body["items"])


def send(client: Client, method: str, path: str, data: Any, **headers: Any) -> Any:
    return getattr(client, method)(
        path, data=json.dumps(data), content_type="application/json", **headers
    )


# --------------------------------------------------------------------------------------------
# Lists


def test_cases_lists_published_cases_newest_first(client: Client, world: DiscoveryWorld) -> None:
    response = client.get("/api/v1/cases")
    body = response.json()
    assert body["count"] == 3
    assert [c["slug"] for c in body["items"]] == [c.slug for c in world.cases]
    first = body["items"][0]
    assert first == {
        "slug": "sensorer-i-natteplejen",
        "title": "Sensorer i natteplejen",
        "summary": "Sensorer i sengen giver ro om natten for beboere og personale.",
        "url": "/katalog/cases/sensorer-i-natteplejen/",
        "organisation": world.organisation.cvr,
        "organisation_name": world.organisation.name,
        "policy_areas": ["aeldre-og-pleje"],
        "technologies": ["velfaerdsteknologi"],
        "innovation_types": ["service"],
        "stage": "afproevning",
        "evidence_level": "foer-efter",
        "year": 2022,
        "published_at": first["published_at"],
        "is_demo": False,
    }
    assert SECRET not in response.content.decode()


def test_solutions_lists_published_solutions(client: Client, world: DiscoveryWorld) -> None:
    listed = items(client, "/api/v1/solutions?sort=title")
    assert [s["slug"] for s in listed] == ["chatbot-til-borgerservice", "sengesensor"]
    assert listed[0]["maturity"] == "afproevning"


def test_the_filters_of_the_search_page(client: Client, world: DiscoveryWorld) -> None:
    def slugs(query: str) -> list[str]:
        return [c["slug"] for c in items(client, f"/api/v1/cases?{query}")]

    assert slugs("area=skole") == ["digital-selvbetjening-i-skolen"]
    assert slugs("area=skole&area=sundhed&sort=title") == [
        "digital-selvbetjening-i-skolen",
        "robotstoevsugere-paa-plejecentret",
    ]
    assert slugs("technology=robotter") == ["robotstoevsugere-paa-plejecentret"]
    assert slugs("innovation_type=proces") == ["digital-selvbetjening-i-skolen"]
    assert slugs(f"organisation={world.organisation.slug}") == ["sensorer-i-natteplejen"]
    assert slugs("sector=private") == [c.slug for c in world.cases]
    assert slugs("stage=implementeret") == ["robotstoevsugere-paa-plejecentret"]
    assert slugs("evidence=foer-efter&year=2020&year=2021&sort=oldest") == [
        "digital-selvbetjening-i-skolen",
        "robotstoevsugere-paa-plejecentret",
    ]
    assert slugs("region=1081") == []
    assert [s["slug"] for s in items(client, "/api/v1/solutions?maturity=velafproevet")] == [
        "sengesensor"
    ]


def test_q_orders_by_relevance(client: Client, world: DiscoveryWorld) -> None:
    make_case(
        world.organisation,
        title="Ny borgerservice",
        slug="sensorer-en-gang",
        summary="Borgerservice i hele kommunen.",
        results="Vi overvejede også sensorer.",
        days_ago=1,
    )
    index_everything()
    relevance = [c["slug"] for c in items(client, "/api/v1/cases?q=sensorer")]
    assert relevance[0] == "sensorer-i-natteplejen", "more and more prominent matches first"
    assert set(relevance) == {"sensorer-i-natteplejen", "sensorer-en-gang"}
    newest = [c["slug"] for c in items(client, "/api/v1/cases?q=sensorer&sort=newest")]
    assert newest == ["sensorer-en-gang", "sensorer-i-natteplejen"]


def test_lists_are_paginated(client: Client, world: DiscoveryWorld) -> None:
    body = client.get("/api/v1/cases?limit=2&offset=1").json()
    assert body["count"] == 3
    assert [c["slug"] for c in body["items"]] == [c.slug for c in world.cases[1:3]]
    assert client.get("/api/v1/cases?offset=10").json() == {"items": [], "count": 3}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("area=rumfart", "area"),
        ("region=1090", "region"),
        ("year=1800", "year"),
        ("sort=tilfaeldig", "sort"),
        ("organisation=ikke%20et%20kortnavn", "organisation"),
        ("region=nord", "region"),
        ("limit=0", "limit"),
    ],
)
def test_invalid_filters_are_a_422_problem(
    client: Client, world: DiscoveryWorld, query: str, field: str
) -> None:
    body = assert_problem(client.get(f"/api/v1/cases?{query}"), 422)
    assert field in field_errors(body), body


def test_lists_take_a_fixed_number_of_queries(
    client: Client, world: DiscoveryWorld, django_assert_max_num_queries: Any
) -> None:
    for n in range(20):
        make_case(world.organisation, title=f"Ekstra {n}", slug=f"ekstra-{n}")
    index_everything()
    client.get("/api/v1/cases")
    with django_assert_max_num_queries(12):
        assert len(items(client, "/api/v1/cases?limit=50")) == 23


# --------------------------------------------------------------------------------------------
# Single entries


def test_a_published_case_in_full(client: Client, world: DiscoveryWorld) -> None:
    response = client.get("/api/v1/cases/sensorer-i-natteplejen")
    assert response.status_code == 200
    case = response.json()
    assert case["status"] == "publiceret"
    assert case["organisation_slug"] == world.organisation.slug
    assert case["challenge"] == "Udfordringen i Sensorer i natteplejen."
    assert case["solutions"] == ["sengesensor"], "the draft solution is not named"
    assert case["partners"] == [
        {
            "organisation": world.other_organisation.cvr,
            "organisation_name": world.other_organisation.name,
            "role": "privat-leverandoer",
            "description": '=HYPERLINK("http://ondt.example") leverede sensorerne',
        }
    ]
    assert case["contact"]["name"] == "Karen Kontakt"
    withdrawn = client.get("/api/v1/cases/robotstoevsugere-paa-plejecentret").json()
    assert withdrawn["contact"] is None


def test_a_published_solution_in_full(client: Client, world: DiscoveryWorld) -> None:
    solution = client.get("/api/v1/solutions/chatbot-til-borgerservice").json()
    assert solution["title"] == "Chatbot til borgerservice"
    assert solution["licence"] == "EUPL-1.2"
    assert solution["source_url"] == "https://kode.example.org/chatbot"


def test_who_reaches_a_draft(
    client: Client, world: DiscoveryWorld, member_auth: dict[str, Any], other_auth: dict[str, Any]
) -> None:
    draft = world.hidden_cases[Status.DRAFT]
    path = f"/api/v1/cases/{draft.slug}"
    assert_problem(client.get(path), 404, path=path)
    assert_problem(client.get(path, **other_auth), 404)
    assert client.get(path, **member_auth).json()["status"] == "kladde"
    solution_path = f"/api/v1/solutions/{world.hidden_solutions[Status.SUBMITTED].slug}"
    assert_problem(client.get(solution_path), 404)
    assert client.get(solution_path, **member_auth).json()["status"] == "indsendt"
    # An archived entry stays readable at its address.
    archived = world.hidden_cases[Status.ARCHIVED]
    assert client.get(f"/api/v1/cases/{archived.slug}").json()["status"] == "arkiveret"


def test_the_browser_session_does_not_count_in_the_api(
    client: Client, world: DiscoveryWorld, org_member: Any
) -> None:
    client.force_login(org_member, backend="django.contrib.auth.backends.ModelBackend")
    draft = world.hidden_cases[Status.DRAFT]
    assert_problem(client.get(f"/api/v1/cases/{draft.slug}"), 404)


def test_a_bad_token_on_a_read_is_refused(client: Client, world: DiscoveryWorld) -> None:
    response = client.get(
        "/api/v1/cases/sensorer-i-natteplejen", HTTP_AUTHORIZATION="Bearer spred_forkert"
    )
    assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


# --------------------------------------------------------------------------------------------
# Writing


NEW_CASE = {
    "title": "Skærmbesøg i hjemmeplejen",
    "summary": "Borgere får en del af deres besøg over skærm.",
    "organisation": "lysbro",
    "challenge": "Mange korte besøg.",
    "solution": "Skærmbesøg til medicinpåmindelser.",
    "policy_areas": ["aeldre-og-pleje"],
    "technologies": ["telemedicin"],
    "innovation_types": ["service"],
    "partners": [{"organisation": "datavej", "role": "vidensinstitution", "description": "Data"}],
    "solutions": ["sengesensor"],
    "stage": "implementeret",
    "year": 2023,
    "kle_code": "27.24.00",
}


def test_a_member_creates_a_draft_case(
    client: Client, world: DiscoveryWorld, member_auth: dict[str, Any]
) -> None:
    response = send(client, "post", "/api/v1/cases", NEW_CASE, **member_auth)
    assert response.status_code == 201, response.content
    created = response.json()
    assert response["Location"] == f"/api/v1/cases/{created['slug']}"
    assert created["status"] == "kladde"
    assert created["solution"] == "Skærmbesøg til medicinpåmindelser."
    assert created["partners"][0]["organisation_name"] == world.other_organisation.name
    assert created["solutions"] == ["sengesensor"]
    case = Case.objects.get(slug=created["slug"])
    assert case.organisation == world.organisation
    assert case.solution_text == "Skærmbesøg til medicinpåmindelser."
    # A draft is not public.
    assert_problem(client.get(response["Location"]), 404)
    assert created["slug"] not in [c["slug"] for c in items(client, "/api/v1/cases")]


def test_writing_needs_a_token(client: Client, world: DiscoveryWorld) -> None:
    response = send(client, "post", "/api/v1/cases", NEW_CASE)
    assert_problem(response, 401)
    assert not Case.objects.filter(title=NEW_CASE["title"]).exists()


def test_only_for_ones_own_organisation(
    client: Client, world: DiscoveryWorld, other_auth: dict[str, Any]
) -> None:
    response = send(client, "post", "/api/v1/cases", NEW_CASE, **other_auth)
    assert_problem(response, 403)
    assert not Case.objects.filter(title=NEW_CASE["title"]).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"organisation": "findes-ikke"}, "organisation"),
        (
            {"partners": [{"organisation": "findes-ikke", "role": "fond"}]},
            "partners.0.organisation",
        ),
        ({"solutions": ["findes-ikke"]}, "solutions"),
        ({"policy_areas": ["rumfart"]}, "policy_areas.0"),
        ({"kle_code": "27.2"}, "kle_code"),
        ({"title": ""}, "title"),
        ({"year": 1980}, "year"),
        (
            {"contact": {"name": "K", "email": "k@example.org", "consent_text_version": "x"}},
            "contact.consent_given_at",
        ),
    ],
)
def test_bad_input_is_a_422_with_the_field_and_nothing_is_stored(
    client: Client,
    world: DiscoveryWorld,
    member_auth: dict[str, Any],
    changes: dict[str, Any],
    field: str,
) -> None:
    before = Case.objects.count()
    response = send(client, "post", "/api/v1/cases", {**NEW_CASE, **changes}, **member_auth)
    body = assert_problem(response, 422)
    assert field in field_errors(body), body
    assert Case.objects.count() == before


def test_put_replaces_and_patch_changes_what_is_sent(
    client: Client, world: DiscoveryWorld, member_auth: dict[str, Any]
) -> None:
    draft = world.hidden_cases[Status.DRAFT]
    path = f"/api/v1/cases/{draft.slug}"
    response = send(client, "put", path, {**NEW_CASE, "title": "Ny titel"}, **member_auth)
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Ny titel"
    assert response.json()["technologies"] == ["telemedicin"]

    response = send(client, "patch", path, {"summary": "Kun resuméet er nyt."}, **member_auth)
    assert response.status_code == 200, response.content
    patched = response.json()
    assert patched["summary"] == "Kun resuméet er nyt."
    assert patched["title"] == "Ny titel"
    assert patched["technologies"] == ["telemedicin"]
    assert patched["partners"][0]["organisation_name"] == world.other_organisation.name

    response = send(client, "patch", path, {"year": None}, **member_auth)
    assert response.json()["year"] is None


def test_the_organisation_cannot_be_changed(
    client: Client, world: DiscoveryWorld, member_auth: dict[str, Any]
) -> None:
    draft = world.hidden_cases[Status.DRAFT]
    response = send(
        client, "patch", f"/api/v1/cases/{draft.slug}", {"organisation": "datavej"}, **member_auth
    )
    assert "organisation" in field_errors(assert_problem(response, 422))


def test_another_organisations_case_cannot_be_written(
    client: Client, world: DiscoveryWorld, other_auth: dict[str, Any]
) -> None:
    draft = world.hidden_cases[Status.DRAFT]
    response = send(client, "patch", f"/api/v1/cases/{draft.slug}", {"title": "X"}, **other_auth)
    assert_problem(response, 404)
    published = world.cases[0]
    response = send(
        client, "patch", f"/api/v1/cases/{published.slug}", {"title": "X"}, **other_auth
    )
    assert_problem(response, 403)
    published.refresh_from_db()
    assert published.title == "Sensorer i natteplejen"


NEW_SOLUTION = {
    "title": "Natlys med sensor",
    "summary": "Lys, der tænder, når en beboer står op.",
    "organisation": "lysbro",
    "technologies": ["sensorer-iot"],
    "maturity": "udvikling",
    "suppliers": ["datavej"],
    "licence": "MIT",
    "website": "https://natlys.example.org",
}


def test_solutions_are_written_the_same_way(
    client: Client, world: DiscoveryWorld, member_auth: dict[str, Any]
) -> None:
    response = send(client, "post", "/api/v1/solutions", NEW_SOLUTION, **member_auth)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "kladde"
    assert created["suppliers"] == [world.other_organisation.cvr]
    path = response["Location"]
    response = send(client, "patch", path, {"maturity": "afproevning"}, **member_auth)
    assert response.json()["maturity"] == "afproevning"
    assert response.json()["licence"] == "MIT"
    response = send(
        client, "put", path, {**NEW_SOLUTION, "licence": "Ikke-En-Licens"}, **member_auth
    )
    assert "licence" in field_errors(assert_problem(response, 422))
    assert Solution.objects.get(slug=created["slug"]).licence == "MIT"


# --------------------------------------------------------------------------------------------
# Search


def test_search_across_both_kinds_with_facets(client: Client, world: DiscoveryWorld) -> None:
    response = client.get("/api/v1/search?q=sensor")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert {(i["kind"], i["slug"]) for i in body["items"]} == {
        ("case", "sensorer-i-natteplejen"),
        ("solution", "sengesensor"),
    }
    item = next(i for i in body["items"] if i["kind"] == "solution")
    assert item["title"] == "Sengesensor"
    assert item["url"] == "/katalog/loesninger/sengesensor/"
    assert item["score"] > 0
    kinds = {v["value"]: v for v in body["facets"]["kind"]}
    assert kinds["case"] == {"value": "case", "label": "Case", "count": 1, "selected": False}
    assert body["facets"]["organisation"][0]["label"] == world.organisation.name


def test_search_pages_with_limit_and_offset(client: Client, world: DiscoveryWorld) -> None:
    everything = [
        (i["kind"], i["slug"]) for i in client.get("/api/v1/search?sort=title").json()["items"]
    ]
    assert len(everything) == 5
    for offset in range(6):
        page = client.get(f"/api/v1/search?sort=title&limit=2&offset={offset}").json()
        assert [(i["kind"], i["slug"]) for i in page["items"]] == everything[offset : offset + 2]
        assert page["count"] == 5
    assert client.get("/api/v1/search?offset=50").json()["items"] == []


def test_search_filters_and_suggestions(client: Client, world: DiscoveryWorld) -> None:
    body = client.get("/api/v1/search?kind=solution&area=borgerservice").json()
    assert [i["slug"] for i in body["items"]] == ["chatbot-til-borgerservice"]
    chosen = {v["value"]: v["selected"] for v in body["facets"]["area"]}
    assert chosen["borgerservice"] is True
    assert client.get("/api/v1/search?q=selvbetjenning").json()["suggestions"] == ["selvbetjening"]
