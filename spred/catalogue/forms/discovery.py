"""What the visitor asked the catalogue for: the search page's query string (text, facet
filters, sort, page) read into a ``CatalogueQuery`` — the same for the page, the exports,
the links and the API's search. Junk is tolerated, never an error.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from spred.search.engine import Sort


#: The facets of the search page, in the order they are shown, with their legends.
FACETS: tuple[tuple[str, Promise], ...] = (
    ("kind", gettext_lazy("Type")),
    ("area", gettext_lazy("Fagområde")),
    ("technology", gettext_lazy("Teknologi")),
    ("innovation_type", gettext_lazy("Innovationstype")),
    ("stage", gettext_lazy("Fase")),
    ("maturity", gettext_lazy("Modenhed")),
    ("evidence", gettext_lazy("Evidensniveau")),
    ("sector", gettext_lazy("Sektor")),
    ("region", gettext_lazy("Region")),
    ("organisation", gettext_lazy("Organisation")),
    ("year", gettext_lazy("År")),
)
FACET_KEYS = tuple(key for key, _legend in FACETS)

SORTS: tuple[tuple[str, Promise], ...] = (
    ("relevance", gettext_lazy("Bedst matchende")),
    ("newest", gettext_lazy("Nyeste først")),
    ("oldest", gettext_lazy("Ældste først")),
    ("title", gettext_lazy("Titel (A–Å)")),
)
SORT_KEYS = frozenset(key for key, _label in SORTS)

PER_PAGE = 20
QUERY_MAX = 200
VALUE_MAX = 220
VALUES_PER_FACET_MAX = 50

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class CatalogueQuery:
    """What the visitor asked for, cleaned: the same for the page, the exports and the links."""

    text: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "newest"
    page: int = 1

    @property
    def has_filters(self) -> bool:
        return any(self.filters.values())

    def engine_query(self, *, page: int | None = None, per_page: int = PER_PAGE) -> Any:
        from spred.search.engine import SearchQuery

        return SearchQuery(
            text=self.text,
            filters={key: list(values) for key, values in self.filters.items() if values},
            sort=cast("Sort", self.sort),
            page=page or self.page,
            per_page=per_page,
        )

    def params(self, *, with_page: bool = False) -> QueryDict:
        params = QueryDict(mutable=True)
        if self.text:
            params["q"] = self.text
        for key in FACET_KEYS:
            for value in self.filters.get(key, ()):
                params.appendlist(key, value)
        params["sort"] = self.sort
        if with_page and self.page > 1:
            params["side"] = str(self.page)
        return params


def clean_text(value: str, limit: int) -> str:
    return " ".join(_CONTROL.sub(" ", value).split())[:limit]


def read_query(params: QueryDict) -> CatalogueQuery:
    """The query string as a CatalogueQuery. Junk is tolerated, never an error: an unknown
    sort falls back to the default, an impossible page to the first, oversized values are cut."""
    text = clean_text(params.get("q", ""), QUERY_MAX)
    filters: dict[str, tuple[str, ...]] = {}
    for key in FACET_KEYS:
        values = [clean_text(v, VALUE_MAX) for v in params.getlist(key)]
        unique = tuple(dict.fromkeys(v for v in values if v))[:VALUES_PER_FACET_MAX]
        if unique:
            filters[key] = unique
    sort = params.get("sort", "")
    if sort not in SORT_KEYS:
        sort = "relevance" if text else "newest"
    try:
        page = max(1, min(int(params.get("side", "1")), 10_000))
    except ValueError:
        page = 1
    return CatalogueQuery(text=text, filters=filters, sort=sort, page=page)
