"""Who can tell the index about objects: one provider per kind (case, solution, …).

The catalogue registers its providers when its app is ready. A provider answers only for
published objects — ``document`` returns None for anything else — and that is what keeps drafts
out of the index and so out of every search, count, suggestion and "similar" list.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from spred.search.documents import IndexedDocument


@runtime_checkable
class SearchProvider(Protocol):
    kind: str

    def documents(self) -> Iterable[IndexedDocument]:
        """Every published object of this kind, for a rebuild."""
        ...

    def document(self, object_id: int) -> IndexedDocument | None:
        """The object as a document, or None when it is not public (or does not exist)."""
        ...


_providers: dict[str, SearchProvider] = {}


def register(provider: SearchProvider) -> None:
    """Register (or replace) the provider for ``provider.kind``."""
    kind = getattr(provider, "kind", "")
    if not isinstance(kind, str) or not kind:
        raise ValueError("A search provider needs a non-empty kind.")
    _providers[kind] = provider


def unregister(kind: str) -> None:
    _providers.pop(kind, None)


def providers() -> dict[str, SearchProvider]:
    """The registered providers by kind (a copy: changing it changes nothing)."""
    return dict(_providers)


def provider_for(kind: str) -> SearchProvider:
    try:
        return _providers[kind]
    except KeyError:
        raise LookupError(f"No search provider is registered for the kind {kind!r}.") from None
