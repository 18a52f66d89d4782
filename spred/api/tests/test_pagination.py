"""limit/offset pagination: {"items": [...], "count": N}, with its edges."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from spred.conftest import ReferenceData
from spred.core.api.testing import assert_problem

pytestmark = pytest.mark.django_db

MUNICIPALITIES = "/api/v1/organisations?kind=municipality"


def page(client: Client, **params: int) -> dict[str, Any]:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    response = client.get(f"{MUNICIPALITIES}&{query}" if query else MUNICIPALITIES)
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"items", "count"}
    return body


def slugs(body: dict[str, Any]) -> list[str]:
    return [item["slug"] for item in body["items"]]


def test_default_page(api: Client, reference_data: ReferenceData) -> None:
    body = page(api)
    assert body["count"] == 98
    assert len(slugs(body)) == settings.NINJA_PAGINATION_PER_PAGE == 50


def test_pages_cover_everything_once_in_a_stable_order(
    api: Client, reference_data: ReferenceData
) -> None:
    everything = slugs(page(api, limit=500))
    walked: list[str] = []
    for offset in range(0, 98, 30):
        body = page(api, limit=30, offset=offset)
        assert body["count"] == 98
        walked += slugs(body)
    assert walked == everything
    assert len(set(walked)) == 98


# (limit, offset, items on the page); one reference-data load for the whole table.
EDGES = [
    (1, 0, 1),
    (500, 0, 98),
    (98, 0, 98),
    (97, 0, 97),
    (10, 97, 1),
    (10, 98, 0),
    (10, 10_000, 0),
    (10, 10_000_000, 0),
]


def test_edges(api: Client, reference_data: ReferenceData) -> None:
    for limit, offset, expected in EDGES:
        body = page(api, limit=limit, offset=offset)
        assert (limit, offset, len(slugs(body))) == (limit, offset, expected)
        assert body["count"] == 98, (limit, offset)


def test_empty_result(api: Client) -> None:
    assert page(api) == {"items": [], "count": 0}


@pytest.mark.parametrize(
    "query",
    ["limit=0", "limit=-1", "limit=501", "offset=-1", "offset=10000001", "limit=1.5", "offset=x"],
)
def test_out_of_range(api: Client, query: str) -> None:
    assert_problem(api.get(f"{MUNICIPALITIES}&{query}"), 422)
