"""What a provider hands to the index: one published object as text, facets and a link."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

#: The facet keys the catalogue uses, in the order a search page shows them.
FACET_KEYS: tuple[str, ...] = (
    "kind",
    "area",
    "technology",
    "innovation_type",
    "sector",
    "region",
    "organisation",
    "stage",
    "maturity",
    "evidence",
    "year",
)


@dataclass(frozen=True)
class IndexedDocument:
    kind: str  # "case" | "solution" (registered kinds)
    object_id: int
    title: str
    summary: str
    body: str  # all other text, concatenated
    facets: Mapping[str, Sequence[str]]  # facet key -> values (strings)
    published_at: datetime  # aware
    url: str

    def facet_values(self) -> dict[str, list[str]]:
        """The facets as stored: string values, each once, in the order given; "kind" always
        present (it is the document's kind whatever the provider wrote)."""
        stored: dict[str, list[str]] = {}
        for key, values in self.facets.items():
            if isinstance(values, str):
                values = [values]
            unique = list(dict.fromkeys(str(value) for value in values if str(value) != ""))
            if unique:
                stored[str(key)] = unique
        stored["kind"] = [self.kind]
        return stored
