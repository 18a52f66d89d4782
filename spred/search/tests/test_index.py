"""Writing the index, and the leak safety that follows from it: only what a provider admits to
is in the index, and nothing that reads the index can show anything else."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from spred.search.documents import IndexedDocument
from spred.search.engine import (
    SearchQuery,
    search,
)
from spred.search.index import (
    STATS_DTYPE,
    current_version,
    index_documents,
    rebuild,
    refresh,
    remove,
)
from spred.search.models import SearchDocument, SearchFacetValue, SearchWord
from spred.search.tests.conftest import FakeProvider, edited
from spred.search.tests.corpus import CORPUS

pytestmark = pytest.mark.django_db

SPISEROBOT_CASE = next(doc for doc in CORPUS if (doc.kind, doc.object_id) == ("case", 1))


def _ids(query: SearchQuery) -> list[tuple[str, int]]:
    return [(hit.kind, hit.object_id) for hit in search(query).hits]


def _doc(object_id: int, title: str, body: str = "", kind: str = "case") -> IndexedDocument:
    return IndexedDocument(
        kind=kind,
        object_id=object_id,
        title=title,
        summary="",
        body=body,
        facets={"area": ["sundhed"]},
        published_at=datetime(2024, 1, object_id % 28 + 1, tzinfo=UTC),
        url=f"/x/{object_id}/",
    )


# --------------------------------------------------------------------------------------------
# index_documents


def test_index_documents_stores_terms_statistics_and_facets() -> None:
    assert index_documents([_doc(1, "Spiserobotter i hjemmeplejen", "En spiserobot hjælper.")]) == 1
    stored = SearchDocument.objects.get(kind="case", object_id=1)
    assert stored.facets == {"area": ["sundhed"], "kind": ["case"]}
    assert set(stored.terms.split()) >= {"spiserobot", "robot", "hjemmeplej", "plej", "hjælp"}
    records = np.frombuffer(bytes(stored.stats), dtype=STATS_DTYPE)
    by_word = dict(
        SearchWord.objects.filter(pk__in=records["word"].tolist()).values_list("pk", "word")
    )
    counts = {by_word[int(r["word"])]: (r["title"], r["summary"], r["body"]) for r in records}
    assert counts["spiserobotter"] == (1, 0, 0)
    assert counts["spiserobot"] == (0, 0, 1)
    assert SearchWord.objects.get(word="spiserobotter").parts == "spis robot"


def test_index_documents_replaces_an_existing_entry() -> None:
    index_documents([_doc(1, "Droner over havnen")])
    index_documents([_doc(1, "Sensorer i kælderen")])
    assert SearchDocument.objects.filter(kind="case", object_id=1).count() == 1
    assert _ids(SearchQuery(text="droner")) == []
    assert _ids(SearchQuery(text="sensorer")) == [("case", 1)]


def test_the_last_of_two_versions_in_one_call_wins() -> None:
    assert index_documents([_doc(1, "Droner"), _doc(1, "Sensorer")]) == 1
    assert SearchDocument.objects.get().title == "Sensorer"


def test_a_naive_publication_time_is_refused_and_nothing_is_stored() -> None:
    naive = edited(_doc(2, "Droner"), published_at=datetime(2024, 1, 1))  # noqa: DTZ001
    with pytest.raises(ValueError, match="aware"):
        index_documents([_doc(1, "Sensorer"), naive])
    assert not SearchDocument.objects.exists()


def test_every_write_changes_the_version() -> None:
    index_documents([_doc(1, "Droner")])
    first = current_version()
    index_documents([_doc(2, "Sensorer")])
    second = current_version()
    remove("case", 2)
    assert len({first, second, current_version()}) == 3


def test_removing_what_is_not_there_changes_nothing() -> None:
    index_documents([_doc(1, "Droner")])
    version = current_version()
    remove("case", 99)
    assert current_version() == version


# --------------------------------------------------------------------------------------------
# refresh: the provider decides


def test_refresh_indexes_a_published_object(providers: dict[str, FakeProvider]) -> None:
    providers["case"].add(SPISEROBOT_CASE)
    refresh("case", 1)
    assert _ids(SearchQuery(text="spiserobot")) == [("case", 1)]


def test_refresh_refuses_a_provider_answering_for_another_object(
    providers: dict[str, FakeProvider],
) -> None:
    providers["case"].objects[7] = SPISEROBOT_CASE  # object 7 answered with object 1
    providers["case"].published.add(7)
    with pytest.raises(ValueError, match="returned case:1"):
        refresh("case", 7)
    assert not SearchDocument.objects.exists()


# --------------------------------------------------------------------------------------------
# A removed document is gone from every read


# --------------------------------------------------------------------------------------------
# rebuild


def test_rebuild_indexes_only_what_providers_publish(providers: dict[str, FakeProvider]) -> None:
    providers["case"].add(_doc(1, "Offentlig sag"))
    providers["case"].add(_doc(2, "Hemmelig kladde"), published=False)
    providers["solution"].add(_doc(3, "Løsning", kind="solution"))
    calls: list[tuple[int, int]] = []
    assert rebuild(progress=lambda done, total: calls.append((done, total))) == 2
    assert calls[0] == (0, 2)
    assert calls[-1] == (2, 2)
    assert set(SearchDocument.objects.values_list("kind", "object_id")) == {
        ("case", 1),
        ("solution", 3),
    }
    assert _ids(SearchQuery(text="kladde")) == []


def test_rebuild_drops_entries_providers_no_longer_return(
    providers: dict[str, FakeProvider],
) -> None:
    index_documents([_doc(1, "Gammel sag"), _doc(5, "Gammel løsning", kind="solution")])
    index_documents([_doc(9, "Ukendt art", kind="evaluation")])
    providers["case"].add(_doc(2, "Ny sag"))
    rebuild()
    assert set(SearchDocument.objects.values_list("kind", "object_id")) == {("case", 2)}
    # Words of the dropped documents are gone from the vocabulary too.
    assert not SearchWord.objects.filter(word="gammel").exists()


def test_rebuild_of_one_kind_leaves_the_others(providers: dict[str, FakeProvider]) -> None:
    index_documents([_doc(1, "Gammel sag"), _doc(5, "Løsning", kind="solution")])
    providers["case"].add(_doc(2, "Ny sag"))
    assert rebuild(["case"]) == 1
    assert set(SearchDocument.objects.values_list("kind", "object_id")) == {
        ("case", 2),
        ("solution", 5),
    }


def test_rebuild_of_an_unregistered_kind_is_an_error(providers: dict[str, FakeProvider]) -> None:
    with pytest.raises(LookupError, match="evaluation"):
        rebuild(["evaluation"])


def test_rebuild_refuses_a_provider_returning_another_kind(
    providers: dict[str, FakeProvider],
) -> None:
    providers["case"].add(_doc(1, "Forkert art", kind="solution"))
    with pytest.raises(ValueError, match="solution"):
        rebuild(["case"])
    assert not SearchDocument.objects.exists()


def test_rebuild_corrects_words_analysed_by_an_older_lexicon(
    providers: dict[str, FakeProvider],
) -> None:
    providers["case"].add(_doc(1, "Spiserobotter"))
    rebuild()
    SearchWord.objects.filter(word="spiserobotter").update(parts="")
    rebuild()
    assert SearchWord.objects.get(word="spiserobotter").parts == "spis robot"


def test_an_overlong_facet_value_is_refused() -> None:
    doc = edited(_doc(1, "Droner"), facets={"area": ["x" * 201]})
    with pytest.raises(ValueError, match="at most 200"):
        index_documents([doc])
    assert not SearchDocument.objects.exists()


def test_facet_values_are_stored_once_and_pruned_by_a_rebuild(
    providers: dict[str, FakeProvider],
) -> None:
    index_documents([_doc(1, "Droner"), _doc(2, "Sensorer")])
    assert SearchFacetValue.objects.filter(key="area", value="sundhed").count() == 1
    index_documents([edited(_doc(3, "Robotter"), facets={"area": ["skole"]})])
    providers["case"].add(_doc(1, "Droner"))
    rebuild()
    assert set(SearchFacetValue.objects.values_list("key", "value")) == {
        ("area", "sundhed"),
        ("kind", "case"),
    }
