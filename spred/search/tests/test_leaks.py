"""Leak safety: the index holds only what providers admit to (published objects), so an
object the provider stops returning disappears from every read — hits, facet counts, "similar",
autocomplete and spelling suggestions — as soon as ``refresh`` has run."""

from __future__ import annotations

import pytest

from spred.search.documents import IndexedDocument
from spred.search.engine import SearchQuery, autocomplete, matching_ids, search, similar
from spred.search.index import refresh
from spred.search.models import SearchDocument
from spred.search.tests.conftest import FakeProvider, edited
from spred.search.tests.corpus import CORPUS

pytestmark = pytest.mark.django_db

SPISEROBOT_CASE = next(doc for doc in CORPUS if (doc.kind, doc.object_id) == ("case", 1))


def _ids(query: SearchQuery) -> list[tuple[str, int]]:
    return [(hit.kind, hit.object_id) for hit in search(query).hits]


def test_refresh_removes_an_object_the_provider_no_longer_returns(
    corpus: list[IndexedDocument], providers: dict[str, FakeProvider]
) -> None:
    assert ("case", 1) in _ids(SearchQuery(text="spiserobot"))
    providers["case"].add(SPISEROBOT_CASE, published=False)  # e.g. unpublished again
    refresh("case", 1)
    assert not SearchDocument.objects.filter(kind="case", object_id=1).exists()
    assert _ids(SearchQuery(text="spiserobot")) == [("solution", 101)]


def test_refresh_of_an_unknown_object_removes_nothing_else(
    corpus: list[IndexedDocument],
) -> None:
    refresh("case", 4242)
    assert SearchDocument.objects.count() == len(CORPUS)


def test_refresh_of_an_unregistered_kind_is_an_error(corpus: list[IndexedDocument]) -> None:
    with pytest.raises(LookupError):
        refresh("evaluation", 1)


def test_refresh_replaces_the_text(
    corpus: list[IndexedDocument], providers: dict[str, FakeProvider]
) -> None:
    providers["case"].add(edited(SPISEROBOT_CASE, body="Nu om droner i stedet."))
    refresh("case", 1)
    assert ("case", 1) in _ids(SearchQuery(text="droner"))
    assert _ids(SearchQuery(text="ergoterapeut")) == []


@pytest.fixture
def unpublished(corpus: list[IndexedDocument], providers: dict[str, FakeProvider]) -> None:
    # Warm the in-process snapshot first, so the test also proves that it is invalidated.
    assert search(SearchQuery(text="spiserobot")).total == 2
    providers["case"].add(SPISEROBOT_CASE, published=False)
    refresh("case", 1)


@pytest.mark.usefixtures("unpublished")
def test_a_removed_document_is_not_found() -> None:
    everything = matching_ids(SearchQuery())
    assert ("case", 1) not in everything
    assert len(everything) == len(CORPUS) - 1
    for text in ["spiserobot", "ergoterapeut", "hjemmeplejen", "værdighed", ""]:
        assert ("case", 1) not in matching_ids(SearchQuery(text=text))


@pytest.mark.usefixtures("unpublished")
def test_a_removed_document_is_not_counted_in_facets() -> None:
    result = search(SearchQuery(text="spiserobot"))
    assert result.total == 1
    counts = {key: {v.value: v.count for v in values} for key, values in result.facets.items()}
    assert counts["kind"] == {"solution": 1}
    assert counts["area"] == {"aeldre-og-pleje": 1}
    assert "lysbro-kommune" not in counts["organisation"]
    assert "udbredt" not in counts["stage"]
    all_counts = search(SearchQuery()).facets
    assert {v.value: v.count for v in all_counts["kind"]} == {"case": 12, "solution": 6}


@pytest.mark.usefixtures("unpublished")
def test_a_removed_document_is_not_similar_to_anything() -> None:
    for doc in CORPUS:
        assert ("case", 1) not in [(k, i) for k, i, _s in similar(doc.kind, doc.object_id)]
    assert similar("case", 1) == []


@pytest.mark.usefixtures("unpublished")
def test_a_removed_document_is_not_completed() -> None:
    completions = autocomplete("spiserob") + autocomplete("ergoter") + autocomplete("værdig")
    assert all(c.object_id != 1 or c.kind != "case" for c in completions)
    texts = {c.text for c in completions}
    assert "Spiserobotter giver ældre mere selvstændighed i hjemmeplejen" not in texts
    # Words only the removed document used are not offered either.
    assert not any(text.startswith(("ergoter", "værdig")) for text in texts)


@pytest.mark.usefixtures("unpublished")
def test_a_removed_documents_words_are_not_suggested() -> None:
    result = search(SearchQuery(text="ergoterapaut"))  # a misspelling of its own word
    assert result.total == 0
    assert result.suggestions == []
