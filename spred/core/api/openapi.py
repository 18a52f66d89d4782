"""What ninja leaves out of the OpenAPI document: the error responses every operation can give.

The errors are derived from each operation's shape rather than declared endpoint by endpoint, so a
new endpoint is documented correctly without anyone remembering to: parameters or a body can be
invalid (422), a path parameter can name nothing (404), a token can be missing or refused (401),
a write can be refused to the token's owner (403), a body can be unreadable or too large (400, 413).
"""

from __future__ import annotations

import copy
import json
from typing import Any

from spred.core.api.problems import PROBLEM_CONTENT_TYPE, Problem

REF_TEMPLATE = "#/components/schemas/{model}"
PROBLEM_REF = {"$ref": REF_TEMPLATE.format(model="Problem")}

ERROR_DESCRIPTIONS = {
    400: "Indholdet kunne ikke læses som JSON",
    401: "API-nøglen mangler, er ukendt, tilbagekaldt eller udløbet",
    403: "Nøglens ejer må ikke udføre handlingen",
    404: "Findes ikke",
    413: "Forespørgslen er for stor",
    422: "Ugyldige parametre eller data; errors har én række pr. felt",
}

WWW_AUTHENTICATE = {
    "WWW-Authenticate": {
        "description": 'Bearer-udfordring (RFC 6750), fx Bearer realm="spred"',
        "schema": {"type": "string"},
    }
}

HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


def error_statuses(method: str, operation: dict[str, Any]) -> set[int]:
    parameters = operation.get("parameters") or []
    has_body = "requestBody" in operation
    statuses: set[int] = set()
    if parameters or has_body:
        statuses.add(422)
    if any(p.get("in") == "path" for p in parameters):
        statuses.add(404)
    if operation.get("security"):
        statuses.add(401)
        if method not in {"get", "head"}:
            statuses.add(403)
    if has_body:
        statuses |= {400, 413}
    return statuses


def problem_response_object(status: int, fallback_description: str = "Fejl") -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": ERROR_DESCRIPTIONS.get(status, fallback_description),
        "content": {PROBLEM_CONTENT_TYPE: {"schema": dict(PROBLEM_REF)}},
    }
    if status == 401:
        response["headers"] = copy.deepcopy(WWW_AUTHENTICATE)
    return response


def document_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the Problem schema and every operation's error responses to a ninja OpenAPI dict."""
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    problem_schema = Problem.model_json_schema(ref_template=REF_TEMPLATE, mode="serialization")
    schemas.update(problem_schema.pop("$defs", {}))
    schemas["Problem"] = problem_schema

    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in HTTP_METHODS:
                continue
            # ninja keys responses by int; JSON needs one kind of key to sort and to stay unique.
            responses = {str(code): body for code, body in operation.get("responses", {}).items()}
            for code, body in list(responses.items()):
                if code.isdigit() and int(code) >= 400:
                    responses[code] = problem_response_object(
                        int(code), body.get("description") or "Fejl"
                    )
            for status in error_statuses(method, operation):
                responses.setdefault(str(status), problem_response_object(status))
            operation["responses"] = dict(sorted(responses.items()))
    prune_unreferenced_schemas(schema)
    return schema


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        for value in node.values():
            found |= _refs(value)
        return found
    if isinstance(node, list):
        return set().union(*(_refs(item) for item in node)) if node else set()
    return set()


def prune_unreferenced_schemas(schema: dict[str, Any]) -> None:
    """Drop component schemas nothing points to.

    ninja also emits the models it flattens into query parameters (the filter schema, the
    paginator's ``Input``); a client reading the document would look for them in vain.
    """
    schemas: dict[str, Any] = schema.get("components", {}).get("schemas", {})
    prefix = REF_TEMPLATE.format(model="")
    wanted: set[str] = set()
    frontier = {r.removeprefix(prefix) for r in _refs(schema.get("paths", {}))}
    while frontier:
        wanted |= frontier
        frontier = {
            r.removeprefix(prefix) for name in frontier for r in _refs(schemas.get(name, {}))
        } - wanted
    for name in list(schemas):
        if name not in wanted:
            del schemas[name]


def render(schema: dict[str, Any]) -> str:
    """The committed form of the document: sorted keys, two-space indent, final newline."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
