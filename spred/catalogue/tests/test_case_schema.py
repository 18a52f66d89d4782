"""The JSON Schema of the open catalogue format and the Danish validation built on it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from jsonschema import Draft202012Validator

from spred import catalogue
from spred.catalogue.case_schema.building import (
    build_case_schema,
    build_catalogue_schema,
    build_solution_schema,
)
from spred.catalogue.case_schema.validation import (
    SchemaProblem,
    validate_case_record,
    validate_catalogue_document,
    validate_solution_record,
)
from spred.catalogue.choices import EvidenceLevel, Maturity, PartnerRole, Stage
from spred.catalogue.models import InnovationType, PolicyArea, TechnologyCategory

DEMO_DATA = Path(catalogue.__file__).resolve().parent / "demo_data"

FULL_CASE: dict[str, Any] = {
    "type": "case",
    "title": "Skærmbesøg i hjemmeplejen",
    "summary": "Borgere får en del af deres besøg over skærm.",
    "organisation": "751",
    "slug": "skaermbesoeg-i-hjemmeplejen",
    "challenge": "For mange korte besøg.\n\nLang transporttid.",
    "solution": "Skærmbesøg til medicinpåmindelser.",
    "results": "20 % færre kørte kilometer.",
    "lessons": "Start med de borgere, der selv vil.",
    "spreading_potential": "Alle kommuner med hjemmepleje.",
    "innovation_types": ["service", "proces"],
    "policy_areas": ["aeldre-og-pleje"],
    "technologies": ["telemedicin"],
    "partners": [
        {"organisation": "1082", "role": "offentlig-partner", "description": "Sparring"},
        {"organisation": "lysbro-velfaerdsteknologi-aps", "role": "privat-leverandoer"},
    ],
    "solutions": ["skaermbesoeg-app"],
    "stage": "implementeret",
    "evidence_level": "foer-efter",
    "year": 2021,
    "kle_code": "27.24.00",
    "contact": {
        "name": "Karen Kontakt",
        "email": "karen@example.org",
        "job_title": "Projektleder",
        "phone": "+45 11 22 33 44",
        "consent_given_at": "2024-03-01T10:00:00+01:00",
        "consent_text_version": "2026-1",
    },
    "published_at": "2024-04-01",
}

FULL_SOLUTION: dict[str, Any] = {
    "type": "solution",
    "title": "Skærmbesøg-app",
    "summary": "En app til videobesøg.",
    "organisation": "12345674",
    "slug": "skaermbesoeg-app",
    "description": "Appen kører på en tablet.",
    "technologies": ["telemedicin"],
    "policy_areas": ["aeldre-og-pleje", "sundhed"],
    "kle_code": "27",
    "maturity": "velafproevet",
    "suppliers": ["lysbro-velfaerdsteknologi-aps"],
    "licence": "EUPL-1.2",
    "source_url": "https://kode.example.org/app",
    "website": "https://app.example.org",
    "price_indication": "ca. 150.000 kr. i etablering",
    "published_at": "2024-04-01T12:00:00Z",
}


def problems_by_path(problems: list[SchemaProblem]) -> dict[str, str]:
    return {p.path: p.message for p in problems}


# --------------------------------------------------------------------------------------------
# The schemas themselves


@pytest.mark.parametrize(
    "build", [build_case_schema, build_solution_schema, build_catalogue_schema]
)
def test_schemas_are_valid_draft_2020_12_and_versioned(build: Any) -> None:
    schema = build()
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith("-1.0.json")


def test_the_case_schema_requires_exactly_title_summary_and_organisation() -> None:
    schema = build_case_schema()
    assert schema["required"] == ["title", "summary", "organisation"]
    assert schema["additionalProperties"] is False
    assert build_solution_schema()["required"] == ["title", "summary", "organisation"]


@pytest.mark.django_db
def test_enums_are_the_vocabularies_in_the_database_and_the_choices() -> None:
    case = build_case_schema()["properties"]
    solution = build_solution_schema()["properties"]

    def enum(node: dict[str, Any]) -> set[str]:
        return set(node["items"]["enum"]) if "items" in node else set(node["enum"])

    assert enum(case["policy_areas"]) == set(PolicyArea.objects.values_list("slug", flat=True))
    assert enum(case["technologies"]) == set(
        TechnologyCategory.objects.values_list("slug", flat=True)
    )
    assert enum(case["innovation_types"]) == set(
        InnovationType.objects.values_list("slug", flat=True)
    )
    assert enum(case["stage"]) == set(Stage.values)
    assert enum(case["evidence_level"]) == set(EvidenceLevel.values)
    assert enum(case["partners"]["items"]["properties"]["role"]) == set(PartnerRole.values)
    assert enum(solution["maturity"]) == set(Maturity.values)


def test_the_year_ends_this_year() -> None:
    this_year = timezone.localdate().year
    assert build_case_schema()["properties"]["year"]["maximum"] == this_year
    assert build_case_schema(current_year=2030)["properties"]["year"]["maximum"] == 2030


def test_a_full_case_and_solution_validate_with_the_plain_jsonschema_library() -> None:
    """An outside user checking a file with any 2020-12 validator gets the same answer."""
    for schema, record in (
        (build_case_schema(), FULL_CASE),
        (build_solution_schema(), FULL_SOLUTION),
    ):
        assert list(Draft202012Validator(schema).iter_errors(record)) == []
    document = {"format": "spred-katalog", "version": "1.0", "cases": [FULL_CASE]}
    assert list(Draft202012Validator(build_catalogue_schema()).iter_errors(document)) == []
    as_list = [FULL_SOLUTION, {k: v for k, v in FULL_CASE.items() if k != "type"}]
    assert list(Draft202012Validator(build_catalogue_schema()).iter_errors(as_list)) == []


# --------------------------------------------------------------------------------------------
# validate_case_record / validate_solution_record


def test_valid_records_have_no_problems() -> None:
    assert validate_case_record(FULL_CASE) == []
    assert validate_solution_record(FULL_SOLUTION) == []
    assert validate_case_record({"title": "T", "summary": "S", "organisation": "101"}) == []


def test_missing_required_fields_are_named_one_by_one() -> None:
    problems = problems_by_path(validate_case_record({"challenge": "Kun en udfordring"}))
    assert problems == {
        "organisation": "Feltet skal udfyldes.",
        "summary": "Feltet skal udfyldes.",
        "title": "Feltet skal udfyldes.",
    }
    blank = problems_by_path(validate_case_record({**FULL_CASE, "title": "   "}))
    assert blank == {"title": "Feltet skal udfyldes."}


def test_unknown_values_list_what_is_allowed() -> None:
    record = {**FULL_CASE, "policy_areas": ["aeldre-og-pleje", "rumfart"], "stage": "faerdig"}
    problems = problems_by_path(validate_case_record(record))
    assert set(problems) == {"policy_areas[1]", "stage"}
    assert problems["policy_areas[1]"].startswith('Ugyldig værdi "rumfart". Tilladte værdier:')
    assert "aeldre-og-pleje" in problems["policy_areas[1]"]
    assert "implementeret" in problems["stage"]


@pytest.mark.parametrize(
    ("changes", "path", "message"),
    [
        ({"kle_code": "27.2"}, "kle_code", "Skriv KLE-nummeret som 00, 00.00 eller 00.00.00"),
        ({"year": 1989}, "year", "Året skal ligge mellem 1990 og"),
        ({"year": 2999}, "year", "Året skal ligge mellem 1990 og"),
        ({"year": "2021"}, "year", "Skal være et helt tal."),
        ({"title": "x" * 201}, "title", "Må højst være 200 tegn (er 201)."),
        ({"summary": "x" * 1001}, "summary", "Må højst være 1000 tegn (er 1001)."),
        ({"results": "x" * 20_001}, "results", "Må højst være 20000 tegn"),
        ({"organisation": "Aarhus Kommune"}, "organisation", "Angiv organisationen som"),
        ({"slug": "med mellemrum"}, "slug", "Må kun indeholde bogstaverne a-z"),
        ({"technologies": "telemedicin"}, "technologies", "Skal være en liste."),
        ({"innovation_types": ["service", "service"]}, "innovation_types", "Den samme værdi"),
        ({"published_at": "i går"}, "published_at", "Skal være en dato eller et tidspunkt"),
        ({"partners": [{"organisation": "751"}]}, "partners[0].role", "Feltet skal udfyldes."),
        ({"partners": [{"organisation": "751", "role": "x"}]}, "partners[0].role", "Ugyldig"),
        ({"type": "solution"}, "type", 'Skal være "case".'),
        ({"farve": "blå"}, "farve", "Feltet kendes ikke i formatet."),
    ],
)
def test_each_rule_has_a_danish_message_at_its_field(
    changes: dict[str, Any], path: str, message: str
) -> None:
    problems = problems_by_path(validate_case_record({**FULL_CASE, **changes}))
    assert path in problems, problems
    assert problems[path].startswith(message), problems[path]


def test_a_contact_without_consent_is_refused() -> None:
    record = {**FULL_CASE, "contact": {"name": "Karen Kontakt", "email": "karen@example.org"}}
    problems = problems_by_path(validate_case_record(record))
    assert problems == {
        "contact.consent_given_at": "Feltet skal udfyldes.",
        "contact.consent_text_version": "Feltet skal udfyldes.",
    }
    bad = {**FULL_CASE["contact"], "email": "ikke-en-adresse", "consent_given_at": "snart"}
    problems = problems_by_path(validate_case_record({**FULL_CASE, "contact": bad}))
    assert problems["contact.email"] == "Ugyldig e-mailadresse."
    assert problems["contact.consent_given_at"].startswith("Skal være en dato eller et tidspunkt")
    # A date alone is a valid ISO 8601 moment, as the importer reads it.
    dated = {**FULL_CASE["contact"], "consent_given_at": "2024-03-01"}
    assert validate_case_record({**FULL_CASE, "contact": dated}) == []
    assert validate_case_record({**FULL_CASE, "contact": None}) == []


def test_demo_fields_are_only_for_the_demo_loader() -> None:
    record = {**FULL_CASE, "demo_status": "kladde", "review_comment": "Mangler tal."}
    problems = problems_by_path(validate_case_record(record))
    assert set(problems) == {"demo_status", "review_comment"}
    assert "demo-indlæseren" in problems["demo_status"]
    assert validate_case_record(record, allow_demo_fields=True) == []
    wrong = {**record, "demo_status": "arkiveret"}
    assert set(problems_by_path(validate_case_record(wrong, allow_demo_fields=True))) == {
        "demo_status"
    }


def test_solution_rules_include_the_spdx_licence_and_web_addresses() -> None:
    record = {
        **FULL_SOLUTION,
        "licence": "Fri-Licens-9",
        "website": "javascript:alert(1)",
        "source_url": "kode.example.org",
        "maturity": "moden",
        "suppliers": ["ok-slug", "ikke ok"],
    }
    problems = problems_by_path(validate_solution_record(record))
    assert set(problems) == {"licence", "website", "source_url", "maturity", "suppliers[1]"}
    assert "SPDX" in problems["licence"]
    assert problems["website"].startswith("Skal være en fuld webadresse")
    assert validate_solution_record({**FULL_SOLUTION, "website": "", "licence": ""}) == []


def test_a_record_that_is_not_an_object_is_one_problem() -> None:
    assert validate_case_record(["title"]) == [
        SchemaProblem("", "Posten skal være et JSON-objekt.")
    ]


# --------------------------------------------------------------------------------------------
# Whole files


def test_a_document_reports_problems_with_the_place_of_the_record() -> None:
    document = {
        "format": "spred-katalog",
        "version": "1.0",
        "solutions": [FULL_SOLUTION, {"title": "Uden resumé", "organisation": "751"}],
        "cases": [{**FULL_CASE, "year": 1900}],
    }
    problems = problems_by_path(validate_catalogue_document(document))
    assert set(problems) == {"solutions[1].summary", "cases[0].year"}

    as_list = [FULL_CASE, {"type": "solution", "title": "T", "organisation": "751"}, {"type": "x"}]
    problems = problems_by_path(validate_catalogue_document(as_list))
    assert set(problems) == {"[1].summary", "[2].type"}


def test_a_document_with_the_wrong_envelope_is_refused() -> None:
    problems = problems_by_path(
        validate_catalogue_document({"format": "noget-andet", "version": "2.0", "extra": 1})
    )
    assert set(problems) == {"format", "version", "extra"}
    assert validate_catalogue_document("tekst") == [
        SchemaProblem("", "Filen skal være en liste af poster eller et JSON-objekt.")
    ]


def demo_files() -> list[Path]:
    """The demo content files in the catalogue format (the folder holds other files too)."""
    found = []
    for path in sorted(DEMO_DATA.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(document, dict) and document.get("format") == "spred-katalog":
            found.append(path)
    return found


def test_there_is_demo_content_to_check() -> None:
    assert len(demo_files()) >= 2


@pytest.mark.parametrize("path", demo_files(), ids=lambda p: p.name)
def test_the_demo_content_follows_the_format(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    problems = validate_catalogue_document(document, allow_demo_fields=True)
    assert problems == [], "\n".join(str(p) for p in problems[:20])


# --------------------------------------------------------------------------------------------
# Served by the API


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("case.json", "Spred: case, format 1.0"),
        ("case-1.0.json", "Spred: case, format 1.0"),
        ("solution.json", "Spred: løsning, format 1.0"),
        ("catalogue.json", "Spred: katalogfil, format 1.0"),
    ],
)
def test_the_api_serves_the_schemas_as_schema_json(client: Client, name: str, title: str) -> None:
    response = client.get(f"/api/v1/schemas/{name}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/schema+json")
    schema = json.loads(response.content)
    assert schema["title"] == title
    Draft202012Validator.check_schema(schema)
    assert schema["$id"].startswith("http")


@pytest.mark.django_db
def test_an_unknown_schema_name_is_a_problem(client: Client) -> None:
    response = client.get("/api/v1/schemas/person.json")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
