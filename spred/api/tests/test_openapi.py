"""The OpenAPI document: committed snapshot, bearer auth, problem+json errors, export command."""

from __future__ import annotations

import difflib
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client

from spred.api.v1 import current_document

SNAPSHOT = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.json"
REGENERATE = "make openapi  (python manage.py export_openapi docs/api/openapi.json)"


def test_committed_snapshot_matches_the_api() -> None:
    committed = SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.exists() else ""
    current = current_document()
    if committed != current:
        diff = "".join(
            list(
                difflib.unified_diff(
                    committed.splitlines(keepends=True),
                    current.splitlines(keepends=True),
                    fromfile="docs/api/openapi.json (committed)",
                    tofile="the API as it is now",
                    n=2,
                )
            )[:80]
        )
        pytest.fail(
            "The API no longer matches its committed OpenAPI snapshot.\n"
            f"If the change is intended, run:\n\n    {REGENERATE}\n\n"
            "then commit docs/api/openapi.json and note the change in docs/api/CHANGELOG.md.\n\n"
            f"{diff}",
            pytrace=False,
        )


def test_served_document_is_the_snapshot(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json() == json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_served_document_does_not_follow_the_visitor_language(client: Client) -> None:
    danish = client.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="da").json()
    english = client.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert danish == english


def schema() -> dict[str, Any]:
    return json.loads(current_document())


def operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in schema()["paths"].items()
        for method, operation in item.items()
    ]


def test_bearer_auth_is_documented_and_required_exactly_for_writes_and_me() -> None:
    document = schema()
    scheme = document["components"]["securitySchemes"]["PersonalToken"]
    assert scheme["type"] == "http"
    assert scheme["scheme"] == "bearer"
    assert "Authorization: Bearer" in scheme["description"]
    secured = {
        (method, path) for method, path, op in operations() if op.get("security") is not None
    }
    writes = {
        (method, path)
        for method, path, _ in operations()
        if method in {"post", "put", "patch", "delete"}
    }
    assert secured == writes | {("get", "/api/v1/me")}
    assert ("put", "/api/v1/cases/{slug}") in secured
    assert {("post", "/api/v1/adoptions"), ("post", "/api/v1/adoptions/{id}/confirm")} <= secured


def test_the_expected_operations() -> None:
    assert {(m, p) for m, p, _ in operations()} == {
        ("get", "/api/v1/regions"),
        ("get", "/api/v1/organisations"),
        ("post", "/api/v1/organisations"),
        ("get", "/api/v1/organisations/{slug}"),
        ("get", "/api/v1/me"),
        ("get", "/api/v1/cases"),
        ("post", "/api/v1/cases"),
        ("get", "/api/v1/cases/{slug}"),
        ("put", "/api/v1/cases/{slug}"),
        ("patch", "/api/v1/cases/{slug}"),
        ("get", "/api/v1/solutions"),
        ("post", "/api/v1/solutions"),
        ("get", "/api/v1/solutions/{slug}"),
        ("put", "/api/v1/solutions/{slug}"),
        ("patch", "/api/v1/solutions/{slug}"),
        ("get", "/api/v1/search"),
        ("get", "/api/v1/schemas/{name}"),
        ("get", "/api/v1/barometer/waves"),
        ("get", "/api/v1/barometer/indicators"),
        ("get", "/api/v1/barometer/indicators/{slug}/estimates"),
        ("get", "/api/v1/barometer/estimates"),
        # Spreading (diffusion): the adoption ledger and its statistics.
        ("get", "/api/v1/adoptions"),
        ("post", "/api/v1/adoptions"),
        ("get", "/api/v1/adoptions/{id}"),
        ("post", "/api/v1/adoptions/{id}/confirm"),
        ("get", "/api/v1/solutions/{slug}/diffusion"),
        ("get", "/api/v1/diffusion"),
    }


def test_every_error_response_is_a_problem() -> None:
    for method, path, operation in operations():
        for status, response in operation["responses"].items():
            content = response.get("content", {})
            if int(status) >= 400:
                assert list(content) == ["application/problem+json"], (method, path, status)
                schema_ref = content["application/problem+json"]["schema"]["$ref"]
                assert schema_ref == "#/components/schemas/Problem"
            elif path == "/api/v1/schemas/{name}":
                # A JSON Schema is served with the media type the JSON Schema specification defines.
                assert list(content) == ["application/schema+json"], (method, path, status)
            else:
                assert list(content) == ["application/json"], (method, path, status)


def test_errors_follow_the_shape_of_each_operation() -> None:
    statuses = {(m, p): set(op["responses"]) for m, p, op in operations()}
    assert statuses[("get", "/api/v1/regions")] == {"200"}
    assert statuses[("get", "/api/v1/organisations")] == {"200", "422"}
    assert statuses[("get", "/api/v1/organisations/{slug}")] == {"200", "404", "422"}
    assert statuses[("get", "/api/v1/me")] == {"200", "401"}
    assert statuses[("post", "/api/v1/organisations")] == {
        "201",
        "400",
        "401",
        "403",
        "413",
        "422",
    }


def test_401_documents_the_challenge_header() -> None:
    for _, _, operation in operations():
        if "401" in operation["responses"]:
            assert "WWW-Authenticate" in operation["responses"]["401"]["headers"]


def test_no_unreferenced_schemas() -> None:
    document = schema()
    text = json.dumps(document["paths"]) + json.dumps(document["components"]["schemas"])
    for name in document["components"]["schemas"]:
        assert f'"#/components/schemas/{name}"' in text, name


def test_docs_page(client: Client) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


# --------------------------------------------------------------------------------------------
# export_openapi


def test_export_writes_the_document(tmp_path: Path) -> None:
    target = tmp_path / "nested" / "openapi.json"
    call_command("export_openapi", str(target), stdout=StringIO())
    assert target.read_text(encoding="utf-8") == current_document()
    text = target.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert '\n  "components": {' in text  # indented, sorted: components before info and paths


def test_export_to_stdout() -> None:
    out = StringIO()
    call_command("export_openapi", "-", stdout=out)
    assert out.getvalue() == current_document()


def test_export_check_passes_on_a_current_file(tmp_path: Path) -> None:
    target = tmp_path / "openapi.json"
    call_command("export_openapi", str(target), stdout=StringIO())
    call_command("export_openapi", str(target), "--check", stdout=StringIO())


def test_export_check_fails_on_a_stale_file_and_says_what_to_do(tmp_path: Path) -> None:
    target = tmp_path / "openapi.json"
    target.write_text("{}\n", encoding="utf-8")
    with pytest.raises(CommandError, match="make openapi"):
        call_command("export_openapi", str(target), "--check", stdout=StringIO())
    assert target.read_text(encoding="utf-8") == "{}\n"
