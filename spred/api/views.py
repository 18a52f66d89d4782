"""The "Åbne data og API" page: the API described in the platform's own, accessible layout.

Swagger UI stays available for trying requests, but it is a third-party widget that is not
fully keyboard-accessible; this page is the documentation every visitor can use.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path, item in sorted(schema.get("paths", {}).items()):
        for method in HTTP_METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            rows.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "needs_token": bool(operation.get("security")),
                    "parameters": [
                        p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"
                    ],
                }
            )
    return rows


@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    # Summaries are Danish msgids marked with gettext_noop in each api.py; the template
    # translates them, so the OpenAPI document itself stays the same in every language.
    from spred.api.v1 import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return render(
        request,
        "api/open_data.html",
        {"operations": _operations(schema), "version": schema["info"]["version"]},
    )
