"""What every API error must look like: RFC 7807 problem details, in Danish."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

#: The ``auth`` fixture: keyword arguments for the test client that send the token.
Auth = dict[str, Any]
#: The ``unchanged`` fixture: ``with unchanged(): ...`` fails if the block changed any row count.
Unchanged = Callable[[], AbstractContextManager[None]]

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}


def assert_problem(response: Any, status: int, *, path: str | None = None) -> dict[str, Any]:
    """Check the response is a problem+json body for ``status`` and return the body."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].split(";")[0] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert set(body) >= PROBLEM_KEYS, body
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert body["title"]
    assert body["detail"]
    if path is not None:
        assert body["instance"] == path
    text = response.content.decode()
    for leak in ("Traceback", 'File "', "django.", "spred/", "/site-packages/"):
        assert leak not in text, f"{leak!r} leaked into the problem body: {text[:500]}"
    return body


def field_errors(body: dict[str, Any]) -> dict[str, list[str]]:
    """The 422 ``errors`` list grouped by field."""
    grouped: dict[str, list[str]] = {}
    for error in body.get("errors") or []:
        grouped.setdefault(error["field"], []).append(error["message"])
    return grouped
