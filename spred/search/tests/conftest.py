"""Fixtures for the search tests: a provider registry of their own and the fixed corpus."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

import pytest
from django.db import transaction
from pytest_django import DjangoDbBlocker

from spred.search import registry, snapshot
from spred.search.documents import IndexedDocument
from spred.search.index import index_documents
from spred.search.tests.corpus import CORPUS


@dataclass
class FakeProvider:
    """A provider over a dict: ``published`` decides what it admits to."""

    kind: str
    objects: dict[int, IndexedDocument] = field(default_factory=dict)
    published: set[int] = field(default_factory=set)

    def add(self, doc: IndexedDocument, *, published: bool = True) -> None:
        self.objects[doc.object_id] = doc
        if published:
            self.published.add(doc.object_id)
        else:
            self.published.discard(doc.object_id)

    def documents(self) -> Iterable[IndexedDocument]:
        return [self.objects[pk] for pk in sorted(self.published)]

    def document(self, object_id: int) -> IndexedDocument | None:
        if object_id in self.published:
            return self.objects[object_id]
        return None


@pytest.fixture(autouse=True)
def _isolated_registry() -> Iterator[None]:
    # The catalogue registers its real providers; these tests swap in their own and put the
    # real ones back afterwards.
    saved = registry.providers()
    for kind in saved:
        registry.unregister(kind)
    yield
    for kind in registry.providers():
        registry.unregister(kind)
    for provider in saved.values():
        registry.register(provider)
    snapshot.forget()


@pytest.fixture
def providers() -> dict[str, FakeProvider]:
    made = {kind: FakeProvider(kind) for kind in ("case", "solution")}
    for provider in made.values():
        registry.register(provider)
    return made


@pytest.fixture(scope="module")
def _indexed_corpus(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    # Indexed once per module, like Django's setUpTestData: an outer transaction holds the
    # corpus, each test runs in a savepoint inside it, and the module's end rolls it back.
    with django_db_blocker.unblock(), transaction.atomic():
        index_documents(CORPUS)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def corpus(
    _indexed_corpus: None, db: None, providers: dict[str, FakeProvider]
) -> list[IndexedDocument]:
    for doc in CORPUS:
        providers[doc.kind].add(doc)
    return CORPUS


def edited(doc: IndexedDocument, **changes: object) -> IndexedDocument:
    return replace(doc, **changes)  # type: ignore[arg-type]
