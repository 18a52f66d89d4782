"""Nothing that is not published leaks through the ways of finding and getting content out.

Every listing and export of the discovery module — the search page, autocomplete, the CSV, XLSX
and JSON exports, the API's lists and search, the Atom feed, the sitemap and the DCAT
description — is asked by an anonymous visitor, by someone signed in elsewhere, by a member of
the owning organisation (public listings are the same for everyone) and, for the API, with
tokens of both organisations. Drafts, submitted, returned and archived entries must not appear:
not their text, not their address, not in a count and not in a facet.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from spred.accounts.services import api_token_create
from spred.catalogue.models import Case, Solution
from spred.catalogue.tests.conftest import (
    LEAK_WORD,
    PUBLIC_WORD,
    CatalogueWorld,
    build_catalogue_world,
)
from spred.core.testing import client_for, scene

# Every test only reads: the world is built once for the module.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]


@dataclass(frozen=True)
class Reader:
    label: str
    client: Client
    headers: dict[str, Any]


def _token(user: Any) -> dict[str, Any]:
    _row, raw = api_token_create(acting_user=user, name="Lækagetest")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[CatalogueWorld]:
    def build() -> CatalogueWorld:
        from spred.search import snapshot

        built = build_catalogue_world()
        built.index()
        snapshot.forget()
        return built

    yield from scene(django_db_blocker, build)


def readers(w: CatalogueWorld) -> Iterator[Reader]:
    yield Reader("anonymous", client_for(None), {})
    yield Reader("outsider", client_for(w.outsider), {})
    yield Reader("other organisation's member", client_for(w.other_member), {})
    yield Reader("owner organisation's member", client_for(w.owner_member), {})
    yield Reader("editor", client_for(w.editor), {})


def api_readers(w: CatalogueWorld) -> Iterator[Reader]:
    yield Reader("anonymous", Client(), {})
    yield Reader("other organisation's token", Client(), _token(w.other_member))
    yield Reader("owner organisation's token", Client(), _token(w.owner_member))


def content(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    if raw[:2] == b"PK":  # a workbook: read the cells, not the zip
        sheet = load_workbook(io.BytesIO(raw)).active
        return "\n".join(
            "\t".join("" if c.value is None else str(c.value) for c in row)
            for row in sheet.iter_rows()
        )
    return str(raw.decode("utf-8"))


def hidden_markers(w: CatalogueWorld) -> list[str]:
    entries = [*w.hidden_cases, *w.hidden_solutions, *w.archived]
    return [LEAK_WORD, *(e.slug for e in entries), *(e.get_absolute_url() for e in entries)]


def assert_nothing_hidden(text: str, w: CatalogueWorld, where: str) -> None:
    """No hidden entry's text or address. When the request itself searched for the hidden
    word, the page may repeat the question (field, title, export links): the word is then
    allowed exactly where the question is echoed, and the answer must be empty instead."""
    lowered = text.lower()
    if LEAK_WORD in where:
        assert_empty_answer(text, where)
        lowered = lowered.replace(f"q={LEAK_WORD[:8]}", "").replace(f"q={LEAK_WORD}", "")
        for echo in (
            f'value="{LEAK_WORD}"',
            f"søgning: {LEAK_WORD}",
            f"»{LEAK_WORD}«",
            f'"query": "{LEAK_WORD[:8]}"',
            f"q%3d{LEAK_WORD}",  # the address in the login link
        ):
            lowered = lowered.replace(echo, "")
    for marker in hidden_markers(w):
        assert marker.lower() not in lowered, f"{marker!r} leaked through {where}"


def assert_empty_answer(text: str, where: str) -> None:
    if "/forslag/" in where:
        assert json.loads(text)["completions"] == [], where
    elif "/eksport.json" in where:
        document = json.loads(text)
        assert document["cases"] == document["solutions"] == [], where
    elif "/eksport." in where:
        assert len(text.strip().splitlines()) == 1, where
    elif where.startswith("/api/"):
        assert json.loads(text)["count"] == 0, where
    else:
        assert "data-announce><strong>0 resultater</strong>" in text, where


def test_the_world_is_what_these_tests_assume(world: CatalogueWorld) -> None:
    from spred.search.engine import SearchQuery, search

    result = search(SearchQuery())
    assert result.total == 3
    assert len(world.public_cases) == 2
    assert len(world.public_solutions) == 1


PAGES = [
    "/katalog/",
    f"/katalog/?q={LEAK_WORD}",
    "/katalog/?q=hjemmeplejen",
    "/katalog/?q=skærmbesøg&sort=title",
    "/katalog/?kind=case&kind=solution&area=aeldre-og-pleje",
    "/katalog/?organisation=fiktiv-styrelse&year=2024",
    f"/katalog/forslag/?q={LEAK_WORD[:6]}",
    "/katalog/forslag/?q=case",
    "/katalog/forslag/?q=loesning",
    "/katalog/eksport.csv",
    "/katalog/eksport.xlsx",
    "/katalog/eksport.json",
    f"/katalog/eksport.csv?q={LEAK_WORD}",
    "/katalog/eksport.json?q=hjemmeplejen",
    "/katalog/cases/feed/",
    "/sitemap.xml",
    "/katalog/dcat.jsonld",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_and_exports_show_published_entries_only(world: CatalogueWorld, path: str) -> None:
    for reader in readers(world):
        text = content(reader.client.get(path))
        assert_nothing_hidden(text, world, f"{path} ({reader.label})")


def test_counts_and_facets_count_published_entries_only(world: CatalogueWorld) -> None:
    for reader in readers(world):
        html = content(reader.client.get("/katalog/"))
        assert re.search(r"data-announce><strong>3 resultater</strong>", html), reader.label
        counts = dict(
            re.findall(
                r'name="organisation" value="([^"]+)">\s*<label[^>]*>[^<]*'
                r'<span class="text-muted">\((\d+)',
                html,
            )
        )
        assert counts == {"fiktiv-styrelse": "2", "fiktiv-konsulent": "1"}, reader.label
        kinds = dict(
            re.findall(
                r'name="kind" value="([^"]+)">\s*<label[^>]*>[^<]*<span class="text-muted">\((\d+)',
                html,
            )
        )
        assert kinds == {"case": "2", "solution": "1"}, reader.label
        leak = content(reader.client.get(f"/katalog/?q={LEAK_WORD}"))
        assert "data-announce><strong>0 resultater</strong>" in leak, reader.label


def test_exports_hold_published_entries_only(world: CatalogueWorld) -> None:
    for reader in readers(world):
        rows = content(reader.client.get("/katalog/eksport.csv")).strip().splitlines()
        assert len(rows) == 1 + 3, reader.label
        document = json.loads(content(reader.client.get("/katalog/eksport.json")))
        assert {c["slug"] for c in document["cases"]} == {c.slug for c in world.public_cases}
        assert {s["slug"] for s in document["solutions"]} == {
            s.slug for s in world.public_solutions
        }
        sheet = content(reader.client.get("/katalog/eksport.xlsx")).splitlines()
        assert len(sheet) == 1 + 3, reader.label


def test_the_feed_and_the_sitemap_hold_published_entries_only(world: CatalogueWorld) -> None:
    client = Client()
    feed = content(client.get("/katalog/cases/feed/"))
    assert feed.count("<entry>") == 2
    assert PUBLIC_WORD in feed
    sitemap = content(client.get("/sitemap.xml"))
    public: list[Case | Solution] = [*world.public_cases, *world.public_solutions]
    for entry in public:
        assert entry.get_absolute_url() in sitemap


API_PATHS = [
    "/api/v1/cases",
    "/api/v1/solutions",
    f"/api/v1/cases?q={LEAK_WORD}",
    "/api/v1/cases?organisation=fiktiv-styrelse",
    "/api/v1/solutions?area=aeldre-og-pleje&limit=500",
    "/api/v1/search",
    f"/api/v1/search?q={LEAK_WORD}",
    "/api/v1/search?q=hjemmeplejen&limit=100",
    "/api/v1/search?kind=case&kind=solution&region=1082",
]


@pytest.mark.parametrize("path", API_PATHS)
def test_api_lists_and_search_show_published_entries_only(world: CatalogueWorld, path: str) -> None:
    for reader in api_readers(world):
        text = content(reader.client.get(path, **reader.headers))
        assert_nothing_hidden(text, world, f"{path} ({reader.label})")


def test_api_counts_and_facets_count_published_entries_only(world: CatalogueWorld) -> None:
    for reader in api_readers(world):
        get = reader.client.get
        assert get("/api/v1/cases", **reader.headers).json()["count"] == 2
        assert get("/api/v1/solutions", **reader.headers).json()["count"] == 1
        assert get(f"/api/v1/cases?q={LEAK_WORD}", **reader.headers).json()["count"] == 0
        body = get("/api/v1/search", **reader.headers).json()
        assert body["count"] == 3
        organisations = {v["value"]: v["count"] for v in body["facets"]["organisation"]}
        assert organisations == {"fiktiv-styrelse": 2, "fiktiv-konsulent": 1}, reader.label
        assert sum(v["count"] for v in body["facets"]["kind"]) == 3
        assert get(f"/api/v1/search?q={LEAK_WORD}", **reader.headers).json()["count"] == 0


def test_a_token_reaches_its_own_drafts_only_at_their_address(world: CatalogueWorld) -> None:
    owner = _token(world.owner_member)
    other = _token(world.other_member)
    client = Client()
    for case in world.hidden_cases:
        path = f"/api/v1/cases/{case.slug}"
        assert client.get(path).status_code == 404
        mine = case.organisation == world.owner_org
        assert client.get(path, **owner).status_code == (200 if mine else 404)
        assert client.get(path, **other).status_code == (404 if mine else 200)
    for solution in world.hidden_solutions:
        path = f"/api/v1/solutions/{solution.slug}"
        assert client.get(path).status_code == 404
        assert client.get(path, **other).status_code == 404


def test_a_published_case_never_names_a_draft_solution_it_uses(world: CatalogueWorld) -> None:
    """The case is public; the solution it links to is still a draft of its organisation."""
    world.published_case.solutions.add(world.draft_solution)
    world.index()
    from spred.search import snapshot

    snapshot.forget()
    client = Client()
    for path in [
        "/katalog/",
        "/katalog/?q=hjemmeplejen",
        f"/katalog/?q={LEAK_WORD}",
        f"/katalog/forslag/?q={LEAK_WORD[:8]}",
        "/katalog/eksport.csv",
        "/katalog/eksport.json",
        f"/api/v1/cases/{world.published_case.slug}",
        "/api/v1/search?q=hjemmeplejen",
        f"/api/v1/search?q={LEAK_WORD}",
    ]:
        assert_nothing_hidden(content(client.get(path)), world, path)
    assert client.get(f"/api/v1/search?q={LEAK_WORD}").json()["count"] == 0


def test_a_stale_index_entry_is_dropped_before_it_is_shown(world: CatalogueWorld) -> None:
    """Belt and braces: a draft that somehow sits in the index is still never shown."""
    from spred.catalogue.search_provider import CaseProvider
    from spred.search import snapshot
    from spred.search.index import index_documents

    index_documents([CaseProvider().build(world.draft_case)])
    snapshot.forget()
    client = Client()
    for path in [
        f"/katalog/?q={LEAK_WORD}",
        f"/katalog/forslag/?q={LEAK_WORD[:8]}",
        "/katalog/eksport.csv",
        "/katalog/eksport.xlsx",
        "/katalog/eksport.json",
        "/api/v1/cases",
        f"/api/v1/search?q={LEAK_WORD}",
    ]:
        text = content(client.get(path))
        assert world.draft_case.slug not in text, path
        assert world.draft_case.get_absolute_url() not in text, path
    html = content(client.get(f"/katalog/?q={LEAK_WORD}"))
    assert world.draft_case.title not in html
