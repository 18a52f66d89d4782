"""Finding catalogue content and getting it out: the search page, autocomplete, the exports
(CSV, XLSX, JSON) and the DCAT-AP-DK description. The Atom feed is ``feeds.NewCasesFeed``.

What is shown or written comes from ``selectors.discovery``, which checks the search
engine's answer against what is published.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from spred.catalogue import dcat, exports
from spred.catalogue.choices import EntryKind, choice_labels
from spred.catalogue.forms.discovery import FACETS, SORTS, CatalogueQuery, clean_text, read_query
from spred.catalogue.selectors.discovery import (
    export_records,
    export_rows,
    facet_labels,
    public_entries,
    visible_hits,
)
from spred.core.dcat import CONTENT_TYPE as JSONLD

#: Facet values shown before the rest are folded away under "Vis alle".
FACET_VALUES_SHOWN = 8
AUTOCOMPLETE_LIMIT = 8


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    input_id: str


@dataclass
class FacetGroup:
    key: str
    legend: str
    options: list[FacetOption]

    @property
    def shown(self) -> list[FacetOption]:
        return self.options[:FACET_VALUES_SHOWN]

    @property
    def folded(self) -> list[FacetOption]:
        return self.options[FACET_VALUES_SHOWN:]

    @property
    def folded_selected(self) -> bool:
        return any(option.selected for option in self.folded)


def _input_id(facet: str, value: str) -> str:
    # Stable across requests, so htmx can give focus back to the same checkbox after a swap.
    safe = re.sub(r"[^a-zA-Z0-9_-]", lambda m: f"_{ord(m.group()):x}", value)
    return f"facet-{facet}-{safe}"


def facet_groups(
    engine_facets: Mapping[str, Sequence[Any]], query: CatalogueQuery, *, user: Any
) -> list[FacetGroup]:
    groups: list[FacetGroup] = []
    for key, legend in FACETS:
        counted = {str(v.value): int(v.count) for v in engine_facets.get(key, [])}
        order = [str(v.value) for v in engine_facets.get(key, [])]
        selected = query.filters.get(key, ())
        # A chosen value stays on the page even when nothing matches it any more, so it can
        # be unticked.
        order += [value for value in selected if value not in counted]
        if key == "year":
            order.sort(key=lambda v: (not v.isdigit(), -int(v) if v.isdigit() else 0, v))
        labels = facet_labels(key, order, user=user)
        options = [
            FacetOption(
                value=value,
                label=labels.get(value, value),
                count=counted.get(value, 0),
                selected=value in selected,
                input_id=_input_id(key, value),
            )
            for value in order
        ]
        if options:
            groups.append(FacetGroup(key=key, legend=str(legend), options=options))
    return groups


class ResultPage:
    """What ``includes/pagination.html`` needs of a Django Page, for the engine's paging."""

    def __init__(self, number: int, pages: int, total: int) -> None:
        self.number = number
        self.paginator = _Pages(num_pages=max(pages, 1), count=total)

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.paginator.num_pages

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


@dataclass(frozen=True)
class _Pages:
    num_pages: int
    count: int


@require_safe
def catalogue_search(request: HttpRequest) -> HttpResponse:
    from spred.search.engine import search

    query = read_query(request.GET)
    # A page past the end (an old link, a narrower filter) comes back as the last page.
    result = search(query.engine_query())
    items = visible_hits(result.hits)
    base_params = query.params().urlencode()
    context = {
        "query": query,
        "result": result,
        "items": items,
        "total": result.total,
        "page": ResultPage(result.page, result.pages, result.total),
        "facets": facet_groups(result.facets, query, user=request.user),
        "sorts": SORTS,
        "suggestions": [
            (
                suggestion,
                CatalogueQuery(suggestion, query.filters, "relevance").params().urlencode(),
            )
            for suggestion in result.suggestions
        ],
        "export_params": base_params,
        "export_limit": exports.EXPORT_LIMIT,
        "too_many_to_export": result.total > exports.EXPORT_LIMIT,
        "clear_params": CatalogueQuery(query.text, {}, query.sort).params().urlencode(),
    }
    template = (
        "catalogue/search.html#body" if getattr(request, "htmx", False) else "catalogue/search.html"
    )
    response = render(request, template, context)
    # The same address answers a whole page or, to htmx, a fragment: caches must keep both.
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
def catalogue_autocomplete(request: HttpRequest) -> JsonResponse:
    """Completions for the search field as JSON: ``{"completions": [{text, kind, kind_label,
    url}]}``. Completions that name an entry are checked against what is published."""
    from spred.search.engine import autocomplete

    prefix = clean_text(request.GET.get("q", ""), 100)
    if len(prefix) < 2:
        return JsonResponse({"query": prefix, "completions": []})
    completions = autocomplete(prefix, limit=AUTOCOMPLETE_LIMIT)
    named = [(c.kind or "", c.object_id) for c in completions if c.object_id is not None]
    cases, solutions = public_entries(named)
    labels = choice_labels(EntryKind)
    found: list[dict[str, str]] = []
    for completion in completions:
        url = ""
        if completion.object_id is not None:
            entries = cases if completion.kind == EntryKind.CASE else solutions
            entry = entries.get(int(completion.object_id)) if completion.kind in labels else None
            if entry is None:
                continue
            url = entry.get_absolute_url()
        found.append(
            {
                "text": completion.text,
                "kind": completion.kind or "",
                "kind_label": labels.get(completion.kind or "", ""),
                "url": url,
            }
        )
    response = JsonResponse({"query": prefix, "completions": found})
    response["Cache-Control"] = "no-store"
    return response


def _export_filename(extension: str) -> str:
    return f"spred-katalog-{timezone.localdate().isoformat()}.{extension}"


def _attachment(response: HttpResponseBase, extension: str) -> HttpResponseBase:
    response["Content-Disposition"] = f'attachment; filename="{_export_filename(extension)}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def export_hits(query: CatalogueQuery) -> list[tuple[str, int]] | None:
    """Every (kind, id) of the query's result in its order, or None when there are more than
    an export may hold."""
    from spred.search.engine import matching_ids

    ids = [(str(kind), int(pk)) for kind, pk in matching_ids(query.engine_query(page=1))]
    if len(ids) > exports.EXPORT_LIMIT:
        return None
    return ids


def _too_many(request: HttpRequest, query: CatalogueQuery) -> HttpResponse:
    messages.warning(
        request,
        _(
            "Søgningen giver mere end %(limit)s poster, og det er det største antal, en "
            "eksport kan rumme. Afgræns søgningen med filtrene, og prøv igen."
        )
        % {"limit": f"{exports.EXPORT_LIMIT:,}".replace(",", ".")},
    )
    return redirect(reverse("catalogue:search") + "?" + query.params().urlencode())


@require_safe
def export_csv(request: HttpRequest) -> HttpResponseBase:
    query = read_query(request.GET)
    hits = export_hits(query)
    if hits is None:
        return _too_many(request, query)
    response = StreamingHttpResponse(
        exports.csv_lines(export_rows(hits)), content_type="text/csv; charset=utf-8"
    )
    return _attachment(response, "csv")


@require_safe
def export_xlsx(request: HttpRequest) -> HttpResponseBase:
    query = read_query(request.GET)
    hits = export_hits(query)
    if hits is None:
        return _too_many(request, query)
    workbook = exports.xlsx_file(export_rows(hits), title=_("Katalog"))
    response = FileResponse(
        workbook,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return _attachment(response, "xlsx")


@require_safe
def export_json(request: HttpRequest) -> HttpResponseBase:
    query = read_query(request.GET)
    hits = export_hits(query)
    if hits is None:
        return _too_many(request, query)
    chunks = exports.json_chunks(
        export_records(hits, EntryKind.SOLUTION), export_records(hits, EntryKind.CASE)
    )
    response = StreamingHttpResponse(chunks, content_type="application/json; charset=utf-8")
    return _attachment(response, "json")


@require_safe
def catalogue_dcat(request: HttpRequest) -> HttpResponse:
    document = dcat.catalogue_jsonld()
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type=f"{JSONLD}; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
